//! [`ReadExt`] on grammers.

use async_trait::async_trait;

use super::GrammersBackend;
use crate::telegram::ReadExt;

#[async_trait]
impl ReadExt for GrammersBackend {}
