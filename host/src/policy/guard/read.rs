//! Guarded reads beyond the basics (see [`crate::telegram::ReadExt`]).

use super::Guard;

impl Guard {}
