//! Guarded Stars (see [`crate::telegram::PaymentsExt`]): reads need nothing
//! more than the grant; a paid reaction spends Stars, so it is a post:
//! read-only mode refuses it, the chat lists and the send quota apply, the
//! count is bounded by [`MAX_PAID_STARS`], and each attempt is audited.

use super::write::{Kind, Op};
use super::{Guard, GuardError};
use crate::telegram::payments_ext::{Gift, StarsStatus, MAX_PAID_STARS, MAX_TRANSACTIONS};

impl Guard {
    /// The Stars balance, recent transactions and subscriptions.
    pub async fn stars_status(&self, limit: u32) -> Result<StarsStatus, GuardError> {
        let mut s = self
            .backend
            .stars_status(limit.clamp(1, MAX_TRANSACTIONS))
            .await?;
        // Transactions with a hidden chat lose the chat, not the amount;
        // subscriptions to a hidden chat are left out.
        let rules = &self.policy.chats;
        if rules.is_restricted() {
            for t in &mut s.transactions {
                if let Some(id) = t.peer_id {
                    if !self.id_allowed(id).await {
                        t.peer_id = None;
                        t.title = None;
                        t.message_id = None;
                    }
                }
            }
            let mut kept = Vec::new();
            for sub in std::mem::take(&mut s.subscriptions) {
                if self.id_allowed(sub.peer_id).await {
                    kept.push(sub);
                }
            }
            s.subscriptions = kept;
        }
        Ok(s)
    }

    /// The gift catalogue.
    pub async fn list_gifts(&self) -> Result<Vec<Gift>, GuardError> {
        Ok(self.backend.list_gifts().await?)
    }

    /// Spends `count` Stars on a paid reaction (see the module docs).
    pub async fn send_paid_reaction(
        &self,
        chat: &str,
        id: i32,
        count: u32,
        anonymous: bool,
    ) -> Result<(), GuardError> {
        let mut op = Op::new("send-paid-reaction", chat, Kind::Post);
        op.ids = std::slice::from_ref(&id);
        if count == 0 || count > MAX_PAID_STARS {
            op.invalid = Some(format!(
                "count is the Stars to spend: 1 to {MAX_PAID_STARS}, got {count}"
            ));
        }
        self.guarded(op, || {
            self.backend.send_paid_reaction(chat, id, count, anonymous)
        })
        .await
    }

    /// Whether the chat with Bot-API id `id` is one the policy shows.
    async fn id_allowed(&self, id: i64) -> bool {
        match self.backend.get_chat(&id.to_string()).await {
            Ok(c) => self.policy.chats.allows(&c),
            Err(_) => false,
        }
    }
}
