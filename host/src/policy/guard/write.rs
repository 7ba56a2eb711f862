//! Guarded writes beyond sending (see [`crate::telegram::WriteExt`]): each
//! passes read-only mode, the chat lists and the quota where it applies, and
//! is audited, refused or not.

use super::Guard;

impl Guard {}
