//! Reading beyond the basics: users, contacts, topics, replies, unread
//! digests, filtered and paged history. Implemented by the grammers backend
//! (`grammers/read_ext.rs`).

use async_trait::async_trait;

/// More ways to read the account.
#[async_trait]
pub trait ReadExt: Send + Sync {}
