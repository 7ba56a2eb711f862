//! The real Telegram backend (grammers).

use std::sync::Arc;

use super::{Backend, TelegramError};
use crate::config::Credentials;

/// Connects to Telegram with the given credentials.
pub async fn connect(_creds: Credentials) -> Result<Arc<dyn Backend>, TelegramError> {
    Err(TelegramError::Other(
        "the Telegram backend is not built yet; use --demo".into(),
    ))
}
