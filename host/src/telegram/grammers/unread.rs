//! The unread digest: per chat with unread messages, the newest of them and
//! the unread mentions, bounded per chat and overall.

use grammers_client::tl::functions;

use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::read_ext::ChatVisible;
use crate::telegram::records::{ChatFilter, PageRequest, UnreadChat, UnreadDigest, UnreadLimits};
use crate::telegram::{Message, TelegramError};

impl GrammersBackend {
    pub(super) async fn unread(
        &self,
        chats: &[String],
        limits: &UnreadLimits,
        visible: &ChatVisible,
    ) -> Result<UnreadDigest, TelegramError> {
        let max_chats = limits.max_chats.max(1) as usize;
        let mut known: Vec<Known> = Vec::new();
        let mut truncated = if chats.is_empty() {
            let filter = ChatFilter {
                unread_only: true,
                ..ChatFilter::default()
            };
            // One more than fits tells whether chats were left out.
            let page = PageRequest::first(limits.max_chats.max(1) + 1);
            let found = self.chats_page(&filter, &page, visible).await?;
            for c in found.items.iter().take(max_chats) {
                known.push(self.resolve(&c.id.to_string()).await?);
            }
            found.items.len() > max_chats || found.next_cursor.is_some()
        } else {
            for c in chats.iter().take(max_chats) {
                let k = self.resolve(c).await?;
                if visible(&k.chat) {
                    known.push(k);
                }
            }
            chats.len() > max_chats
        };
        let refs: Vec<&Known> = known.iter().collect();
        let dialogs = if refs.is_empty() {
            Vec::new()
        } else {
            self.peer_dialogs(&refs).await?
        };
        let mut budget = limits.max_messages.max(1) as usize;
        let per_chat = limits.per_chat.max(1) as usize;
        let mut out = Vec::new();
        for (k, d) in known.iter().zip(&dialogs) {
            let unread = u32::try_from(d.unread_count).unwrap_or(0);
            if unread == 0 && !d.unread_mark {
                continue;
            }
            if budget == 0 {
                truncated = true;
                break;
            }
            let take = per_chat.min(budget).min(unread.max(1) as usize);
            let messages = self.unread_messages(k, d.read_inbox_max_id, take).await?;
            budget = budget.saturating_sub(messages.len());
            let mentions = if d.unread_mentions_count > 0 {
                self.unread_mentions(k, per_chat).await?
            } else {
                Vec::new()
            };
            let mut chat = k.chat.clone();
            chat.unread_count = unread;
            out.push(UnreadChat {
                chat,
                unread_count: unread,
                unread_mentions: u32::try_from(d.unread_mentions_count).unwrap_or(0),
                unread_reactions: u32::try_from(d.unread_reactions_count).unwrap_or(0),
                truncated: (messages.len() as u32) < unread,
                messages,
                mentions,
            });
        }
        Ok(UnreadDigest {
            chats: out,
            truncated,
        })
    }

    /// The newest `take` incoming messages above the read mark, oldest first.
    async fn unread_messages(
        &self,
        k: &Known,
        read_mark: i32,
        take: usize,
    ) -> Result<Vec<Message>, TelegramError> {
        let req = functions::messages::GetHistory {
            peer: (&k.peer).into(),
            offset_id: 0,
            offset_date: 0,
            add_offset: 0,
            limit: take.clamp(1, 100) as i32,
            max_id: 0,
            min_id: read_mark,
            hash: 0,
        };
        let client = self.link.client();
        let (mut msgs, _, _) = self
            .messages_of(self.link.run(client.invoke(&req)).await?)
            .await?;
        msgs.retain(|m| !m.outgoing);
        msgs.reverse();
        Ok(msgs)
    }

    /// Unread messages mentioning the account, oldest first.
    async fn unread_mentions(&self, k: &Known, take: usize) -> Result<Vec<Message>, TelegramError> {
        let req = functions::messages::GetUnreadMentions {
            peer: (&k.peer).into(),
            top_msg_id: None,
            offset_id: 0,
            add_offset: 0,
            limit: take.clamp(1, 100) as i32,
            max_id: 0,
            min_id: 0,
        };
        let client = self.link.client();
        let (mut msgs, _, _) = self
            .messages_of(self.link.run(client.invoke(&req)).await?)
            .await?;
        msgs.reverse();
        Ok(msgs)
    }
}
