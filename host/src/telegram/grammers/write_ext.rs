//! [`WriteExt`] on grammers.

use async_trait::async_trait;

use super::GrammersBackend;
use crate::telegram::WriteExt;

#[async_trait]
impl WriteExt for GrammersBackend {}
