//! The demo account: an in-memory, deterministic Telegram account that needs
//! no network. Writes work and show up in reads.

use std::sync::Mutex;

use async_trait::async_trait;

use super::peer::{self, PeerRef};
use super::{Backend, Chat, ChatKind, Message, SendOptions, TelegramError, User};

/// 2026-01-05 09:00:00 UTC: seeded messages are dated from here.
const EPOCH: i64 = 1_767_603_600;
const ME_ID: i64 = 100_000_001;

/// A seeded chat: the chat, whether the account may post, (sender, text) lines.
type Script<'a> = (Chat, bool, Vec<(&'a User, &'a str)>);

struct DemoChat {
    chat: Chat,
    /// Whether the account may post here.
    writable: bool,
    messages: Vec<Message>,
}

struct State {
    me: User,
    users: Vec<User>,
    chats: Vec<DemoChat>,
    clock: i64,
}

/// In-memory demo account: me / Saved Messages, a private chat, a group, a
/// supergroup, a channel and a few dozen messages.
pub struct DemoBackend {
    state: Mutex<State>,
}

impl Default for DemoBackend {
    fn default() -> Self {
        Self::new()
    }
}

fn user(
    id: i64,
    first: &str,
    last: Option<&str>,
    username: Option<&str>,
    phone: Option<&str>,
) -> User {
    User {
        id,
        first_name: first.into(),
        last_name: last.map(Into::into),
        username: username.map(Into::into),
        phone: phone.map(Into::into),
        is_bot: false,
    }
}

impl DemoBackend {
    /// The seeded demo account.
    pub fn new() -> Self {
        let me = user(
            ME_ID,
            "Demo",
            Some("User"),
            Some("tgmcp_demo"),
            Some("15550000001"),
        );
        let alice = user(
            200_000_001,
            "Alice",
            Some("Smith"),
            Some("alice_demo"),
            Some("15550000002"),
        );
        let bob = user(
            200_000_002,
            "Bob",
            None,
            Some("bob_demo"),
            Some("15550000003"),
        );
        let carol = user(200_000_003, "Carol", Some("Jones"), None, None);
        let mut bot = user(
            200_000_004,
            "Weather Bot",
            None,
            Some("weather_demo_bot"),
            None,
        );
        bot.is_bot = true;

        let mk = |id, kind, title: &str, username: Option<&str>, members| Chat {
            id,
            kind,
            title: title.into(),
            username: username.map(Into::into),
            unread_count: 0,
            members_count: members,
        };
        let scripts: Vec<Script> = vec![
            (
                mk(ME_ID, ChatKind::Saved, "Saved Messages", Some("tgmcp_demo"), None),
                true,
                vec![
                    (&me, "Shopping list: oat milk, coffee beans, batteries"),
                    (&me, "Idea: use tgmcp to summarise the Rust study group every Friday"),
                    (&me, "Flight to Lisbon: TP 1351, 14 March, gate closes 09:40"),
                    (&me, "Wi-Fi at the cabin: hikers-2026"),
                ],
            ),
            (
                mk(alice.id, ChatKind::User, "Alice Smith", Some("alice_demo"), None),
                true,
                vec![
                    (&alice, "Hi! Are we still on for the hike on Saturday?"),
                    (&me, "Yes! Meeting at the trailhead at 8:00"),
                    (&alice, "Great. I'll bring the map and some snacks"),
                    (&alice, "Weather says light rain in the morning, bring a jacket"),
                    (&me, "Noted. Can you share the route link?"),
                    (&alice, "Here it is: https://example.com/routes/ridge-loop"),
                    (&alice, "Also, did you finish the quarterly report?"),
                ],
            ),
            (
                mk(bob.id, ChatKind::User, "Bob", Some("bob_demo"), None),
                true,
                vec![
                    (&bob, "Can you review my pull request when you have a minute?"),
                    (&me, "Sure, sending comments this afternoon"),
                    (&bob, "Thanks! The benchmark numbers are in the description"),
                ],
            ),
            (
                mk(bot.id, ChatKind::Bot, "Weather Bot", Some("weather_demo_bot"), None),
                true,
                vec![
                    (&me, "/forecast Lisbon"),
                    (&bot, "Lisbon: 17°C, sunny, wind 12 km/h"),
                ],
            ),
            (
                mk(-4_000_000_001, ChatKind::Group, "Weekend Hikers", None, Some(4)),
                true,
                vec![
                    (&carol, "Who's driving on Saturday?"),
                    (&alice, "I can take three people"),
                    (&bob, "Count me in, I'll bring the thermos"),
                    (&me, "I'm in too, see you at 8"),
                    (&carol, "Don't forget: the ridge loop is 14 km"),
                ],
            ),
            (
                mk(peer::channel_to_bot_api(1_600_000_002), ChatKind::Supergroup, "Rust Study Group", Some("rust_study_demo"), Some(128)),
                true,
                vec![
                    (&bob, "This week: async traits and the Send bound"),
                    (&alice, "Can someone explain Pin once more?"),
                    (&me, "Pin guarantees the value will not move, which self-referential futures need"),
                    (&carol, "Next session: WebAssembly components with wasmtime"),
                    (&bob, "Slides are up: https://example.com/slides/wasm-components"),
                    (&alice, "The quarterly meetup is on the 20th"),
                ],
            ),
            (
                mk(peer::channel_to_bot_api(1_500_000_001), ChatKind::Channel, "tgmcp News", Some("tgmcp_news"), Some(2048)),
                false,
                vec![
                    (&carol, "tgmcp 0.1 is out: Telegram tools for ChatGPT as WebAssembly plugins"),
                    (&carol, "Tip: connect ChatGPT with a URL ending in /sse"),
                    (&carol, "Plugins now hot-reload: drop a .wasm into the plugins directory"),
                    (&carol, "Security note: never share your session string"),
                ],
            ),
        ];

        let mut clock = EPOCH;
        let mut chats = Vec::new();
        for (i, (chat, writable, lines)) in scripts.into_iter().enumerate() {
            let mut messages = Vec::new();
            for (j, (from, text)) in lines.into_iter().enumerate() {
                // Deterministic dates: chats interleave, an hour and a bit apart.
                let date = EPOCH + (j as i64) * 3_600 + (i as i64) * 600;
                clock = clock.max(date);
                messages.push(Message {
                    id: j as i32 + 1,
                    chat_id: chat.id,
                    date,
                    sender_id: Some(from.id),
                    sender_name: Some(display_name(from)),
                    text: text.into(),
                    outgoing: from.id == ME_ID,
                    reply_to: None,
                });
            }
            let unread = messages.iter().rev().take_while(|m| !m.outgoing).count() as u32;
            let mut chat = chat;
            if chat.kind != ChatKind::Saved {
                chat.unread_count = unread;
            }
            chats.push(DemoChat {
                chat,
                writable,
                messages,
            });
        }
        DemoBackend {
            state: Mutex::new(State {
                me,
                users: vec![alice, bob, carol, bot],
                chats,
                clock,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the data half-written in a
        // way that matters for a demo, so recover from poisoning.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn display_name(u: &User) -> String {
    match &u.last_name {
        Some(l) => format!("{} {}", u.first_name, l),
        None => u.first_name.clone(),
    }
}

impl State {
    fn find(&self, input: &str) -> Result<usize, TelegramError> {
        let not_found = || TelegramError::ChatNotFound(input.trim().to_string());
        let written = peer::parse(input).ok_or_else(not_found)?;
        let pos = match written.chat().map_err(TelegramError::InvalidArgs)? {
            PeerRef::Me => self
                .chats
                .iter()
                .position(|c| c.chat.kind == ChatKind::Saved),
            PeerRef::Id(id) => self.chats.iter().position(|c| c.chat.id == id),
            PeerRef::Username(name) => self.chats.iter().position(|c| {
                c.chat
                    .username
                    .as_deref()
                    .is_some_and(|u| u.eq_ignore_ascii_case(&name))
            }),
            PeerRef::Phone(p) => {
                let uid = if self.me.phone.as_deref() == Some(p.as_str()) {
                    Some(self.me.id)
                } else {
                    self.users
                        .iter()
                        .find(|u| u.phone.as_deref() == Some(p.as_str()))
                        .map(|u| u.id)
                };
                uid.and_then(|id| self.chats.iter().position(|c| c.chat.id == id))
            }
            // chat() has already turned links into an id or an error.
            PeerRef::Invite(_) | PeerRef::Private { .. } | PeerRef::NotAChat(_) => None,
        };
        pos.ok_or_else(not_found)
    }
}

/// Page sizes are clamped by `policy::Guard`; a zero still means one.
fn clamp(limit: u32) -> usize {
    limit.max(1) as usize
}

#[async_trait]
impl Backend for DemoBackend {
    fn kind(&self) -> &'static str {
        "demo"
    }

    fn connected(&self) -> bool {
        true
    }

    async fn get_me(&self) -> Result<User, TelegramError> {
        Ok(self.lock().me.clone())
    }

    async fn list_chats(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        let st = self.lock();
        let mut chats: Vec<(&DemoChat, i64)> = st
            .chats
            .iter()
            .map(|c| (c, c.messages.last().map_or(0, |m| m.date)))
            .collect();
        chats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.chat.id.cmp(&b.0.chat.id)));
        Ok(chats
            .into_iter()
            .take(clamp(limit))
            .map(|(c, _)| c.chat.clone())
            .collect())
    }

    async fn get_chat(&self, peer: &str) -> Result<Chat, TelegramError> {
        let st = self.lock();
        let i = st.find(peer)?;
        Ok(st.chats[i].chat.clone())
    }

    async fn get_history(
        &self,
        peer: &str,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, TelegramError> {
        let st = self.lock();
        let i = st.find(peer)?;
        Ok(st.chats[i]
            .messages
            .iter()
            .rev()
            .filter(|m| offset_id.is_none_or(|o| m.id < o))
            .take(clamp(limit))
            .cloned()
            .collect())
    }

    async fn search_messages(
        &self,
        query: &str,
        peer: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Message>, TelegramError> {
        let st = self.lock();
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the search query is empty".into(),
            ));
        }
        let scope: Vec<usize> = match peer {
            Some(p) => vec![st.find(p)?],
            None => (0..st.chats.len()).collect(),
        };
        let mut hits: Vec<Message> = scope
            .into_iter()
            .flat_map(|i| st.chats[i].messages.iter())
            .filter(|m| m.text.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        hits.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        hits.truncate(clamp(limit));
        Ok(hits)
    }

    async fn get_messages(&self, peer: &str, ids: &[i32]) -> Result<Vec<Message>, TelegramError> {
        let st = self.lock();
        let i = st.find(peer)?;
        Ok(ids
            .iter()
            .filter_map(|id| st.chats[i].messages.iter().find(|m| m.id == *id).cloned())
            .collect())
    }

    async fn send_message(
        &self,
        peer: &str,
        text: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        if text.trim().is_empty() {
            return Err(TelegramError::Rpc {
                code: 400,
                name: "MESSAGE_EMPTY".into(),
                retry_after_secs: None,
            });
        }
        if text.chars().count() > 4096 {
            return Err(TelegramError::Rpc {
                code: 400,
                name: "MESSAGE_TOO_LONG".into(),
                retry_after_secs: None,
            });
        }
        let mut st = self.lock();
        let i = st.find(peer)?;
        if !st.chats[i].writable {
            return Err(TelegramError::Rpc {
                code: 403,
                name: "CHAT_WRITE_FORBIDDEN".into(),
                retry_after_secs: None,
            });
        }
        if let Some(r) = opts.reply_to {
            if !st.chats[i].messages.iter().any(|m| m.id == r) {
                return Err(TelegramError::Rpc {
                    code: 400,
                    name: "REPLY_MESSAGE_ID_INVALID".into(),
                    retry_after_secs: None,
                });
            }
        }
        st.clock += 60;
        let date = st.clock;
        let me = st.me.clone();
        let chat = &mut st.chats[i];
        let msg = Message {
            id: chat.messages.last().map_or(1, |m| m.id + 1),
            chat_id: chat.chat.id,
            date,
            sender_id: Some(me.id),
            sender_name: Some(display_name(&me)),
            text: text.to_string(),
            outgoing: true,
            reply_to: opts.reply_to,
        };
        chat.messages.push(msg.clone());
        chat.chat.unread_count = 0;
        Ok(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sent_message_shows_up_in_history_and_search() {
        let b = DemoBackend::new();
        let sent = b
            .send_message("me", "remember the milk", &SendOptions::default())
            .await
            .unwrap();
        let hist = b.get_history("me", 1, None).await.unwrap();
        assert_eq!(hist[0].id, sent.id);
        assert_eq!(hist[0].text, "remember the milk");
        let found = b.search_messages("MILK", None, 10).await.unwrap();
        assert!(found.iter().any(|m| m.id == sent.id && m.chat_id == ME_ID));
        // The chat with the newest message lists first.
        assert_eq!(b.list_chats(1).await.unwrap()[0].id, ME_ID);
    }

    #[tokio::test]
    async fn peers_resolve_in_every_form_and_unknown_ones_fail() {
        let b = DemoBackend::new();
        let by_name = b.get_chat("@alice_demo").await.unwrap();
        assert_eq!(b.get_chat("t.me/alice_demo").await.unwrap(), by_name);
        assert_eq!(b.get_chat(&by_name.id.to_string()).await.unwrap(), by_name);
        assert_eq!(b.get_chat("+15550000002").await.unwrap(), by_name);
        assert_eq!(
            b.get_chat("-1001500000001").await.unwrap().kind,
            ChatKind::Channel
        );
        assert_eq!(
            b.get_chat("@nobody_here").await.unwrap_err().to_string(),
            "chat \"@nobody_here\" not found"
        );
    }

    #[tokio::test]
    async fn history_pages_back_with_offset_id() {
        let b = DemoBackend::new();
        let first = b.get_history("@alice_demo", 3, None).await.unwrap();
        assert_eq!(
            first.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![7, 6, 5]
        );
        let next = b.get_history("@alice_demo", 3, Some(5)).await.unwrap();
        assert_eq!(next.iter().map(|m| m.id).collect::<Vec<_>>(), vec![4, 3, 2]);
    }

    #[tokio::test]
    async fn channels_refuse_writes_with_telegrams_error_name() {
        let b = DemoBackend::new();
        let e = b
            .send_message("@tgmcp_news", "hi", &SendOptions::default())
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "CHAT_WRITE_FORBIDDEN");
    }
}
