//! Changing the account beyond sending: edit, delete, forward, pin,
//! reactions, drafts, read marks, dialog settings. Implemented by the grammers
//! backend (`grammers/write_ext.rs`).

use async_trait::async_trait;

/// More ways to change the account.
#[async_trait]
pub trait WriteExt: Send + Sync {}
