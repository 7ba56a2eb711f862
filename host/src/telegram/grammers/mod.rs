//! The Telegram backend on grammers: the one implementation of every host
//! function. `serve` runs it against Telegram; `serve --demo`, the tests and
//! the benchmarks run it against the local MTProto server (`fakegram`), so
//! the demo exercises the same client code a real account does.
//! (Over 400 lines: the backend's state, connecting, and the base `Backend`
//! trait, which the areas in the submodules extend; 45 lines are `mod`s.)

mod account_ext;
mod admin;
mod admin_convert;
mod admin_ext;
mod admin_reads;
mod admin_topics;
mod album;
mod bots;
mod business;
mod chat_actions;
mod chat_features_ext;
mod chat_full;
mod chat_info;
mod compose;
mod convert;
mod describe;
mod dialog_actions;
mod dialogs;
mod extras_ext;
mod folders;
mod history;
mod insight_ext;
mod link;
mod media;
mod names;
mod payments_ext;
mod peers;
mod people;
mod photos;
mod privacy;
mod raw;
mod reactions_polls_keyboards;
mod read_ext;
mod saved_state;
mod settings_ext;
mod stickers;
mod stories;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_account;
#[cfg(test)]
mod tests_admin;
#[cfg(test)]
mod tests_chat_features;
#[cfg(test)]
mod tests_extras;
#[cfg(test)]
mod tests_history;
#[cfg(test)]
mod tests_keys;
#[cfg(test)]
mod tests_link;
#[cfg(test)]
mod tests_read;
#[cfg(test)]
mod tests_saved_state;
#[cfg(test)]
mod tests_social;
#[cfg(test)]
mod tests_write;
mod transfer;
mod unread;
mod updates;
mod write_ext;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use grammers_client::message::InputMessage;
use grammers_client::session::storages::MemorySession;
use grammers_client::session::types::DcOption;
use grammers_client::session::Session;

use super::session::{self, SessionData};
use super::{
    format, Backend, Chat, ChatKind, ConnectionState, Credentials, Message, ParseMode, SendOptions,
    TelegramError, User,
};
use crate::telegram::events::{EventLog, DEFAULT_MAX_EVENTS};
use convert::{chat_of, is_empty, message_of, user_of};
use link::Link;
pub use link::{fatal_message, login_client, map_error, LinkOptions};
use peers::{Known, Peers, NOT_FOUND};
use saved_state::StateFile;
pub use updates::UpdatesRx;

/// Why a bot's session is refused, whatever library made its string.
const BOT_SESSION: &str = "this session string belongs to a bot; tgmcp acts as a person's account: make a user session with `tgmcp login` and set TELEGRAM_SESSION_STRING";

/// Bound on every Telegram request unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The grammers backend.
pub struct GrammersBackend {
    link: Link,
    /// The account itself and its Saved Messages chat, once known.
    me: Mutex<Option<(User, Known)>>,
    peers: Peers,
    /// The local server the demo account lives in, kept running with the backend.
    local: Option<fakegram::Server>,
    /// Where the peer cache and update state outlive a restart, if set.
    state: Option<StateFile>,
    /// Updates as they arrive (bounded).
    events: Arc<EventLog>,
}

/// Builds a grammers session holding the decoded key for its home DC.
pub async fn memory_session(d: &SessionData) -> Result<MemorySession, TelegramError> {
    let s = MemorySession::default();
    let known = s
        .dc_option(d.dc_id)
        .map_err(|e| TelegramError::Other(e.to_string()))?;
    let mut opt = known.unwrap_or(DcOption {
        id: d.dc_id,
        ipv4: SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 443),
        ipv6: SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 443, 0, 0),
        auth_key: None,
    });
    match d.addr {
        Some(SocketAddr::V4(a)) => opt.ipv4 = a,
        Some(SocketAddr::V6(a)) => opt.ipv6 = a,
        None => {}
    }
    opt.auth_key = Some(d.auth_key);
    s.set_dc_option(&opt)
        .await
        .map_err(|e| TelegramError::Other(e.to_string()))?;
    s.set_home_dc_id(d.dc_id)
        .await
        .map_err(|e| TelegramError::Other(e.to_string()))?;
    Ok(s)
}

/// Connects with real credentials. Returns at once: the connection is made in
/// the background (with backoff), so HTTP serves and `/health` tells
/// `connecting`, `connected`, `unreachable` and `session_invalid` apart. A
/// session string that cannot be decoded fails here.
pub async fn connect(
    creds: Credentials,
    opts: LinkOptions,
) -> Result<Arc<GrammersBackend>, TelegramError> {
    let data = session::decode(&creds.session).map_err(|e| TelegramError::Other(e.to_string()))?;
    let backend = GrammersBackend::new(&data, opts, None, true).await?;
    let b = backend.clone();
    tokio::spawn(async move { b.establish().await });
    watch(Arc::downgrade(&backend));
    Ok(backend)
}

/// The demo account: a local MTProto server in this process, seeded with the
/// demo data, and the grammers backend connected to it.
pub async fn demo(timeout: Duration) -> Result<Arc<GrammersBackend>, TelegramError> {
    demo_with(LinkOptions::local(timeout)).await
}

/// The demo account with explicit link options (tests of the connection).
pub async fn demo_with(opts: LinkOptions) -> Result<Arc<GrammersBackend>, TelegramError> {
    let server = fakegram::Server::start(fakegram::Account::demo())
        .await
        .map_err(|e| TelegramError::Other(format!("could not start the demo server: {e}")))?;
    let data = session::decode(&server.telethon_session())
        .map_err(|e| TelegramError::Other(e.to_string()))?;
    let backend = GrammersBackend::new(&data, opts, Some(server), true).await?;
    backend.clone().establish().await;
    watch(Arc::downgrade(&backend));
    Ok(backend)
}

/// Keeps a connected backend connected with no tool call to notice: a runner
/// that died is restarted (so updates keep arriving), an idle connection is
/// pinged, so a half-open one is found within the keep-alive time plus the
/// timeout, and an unreachable Telegram is tried again with backoff (1 s to
/// 60 s), so updates missed during an outage are fetched once it ends. Ends
/// with the backend or its session.
fn watch(backend: std::sync::Weak<GrammersBackend>) {
    tokio::spawn(async move {
        let mut saved_at = tokio::time::Instant::now();
        let mut retry = Duration::from_secs(1);
        let mut retry_at = tokio::time::Instant::now();
        loop {
            let tick = match backend.upgrade() {
                Some(b) => (b.link.keepalive() / 4)
                    .clamp(Duration::from_millis(100), Duration::from_secs(5))
                    .min(retry),
                None => return,
            };
            tokio::time::sleep(tick).await;
            let Some(b) = backend.upgrade() else { return };
            if b.link.check_fatal().is_err() {
                return;
            }
            if let Some(f) = &b.state {
                if saved_at.elapsed() >= SAVE_EVERY {
                    f.save(&b).await;
                    saved_at = tokio::time::Instant::now();
                }
            }
            match b.link.state() {
                ConnectionState::Connecting | ConnectionState::SessionInvalid => {}
                ConnectionState::Unreachable => {
                    if tokio::time::Instant::now() >= retry_at {
                        retry = if b.link.keep_alive().await {
                            Duration::from_secs(1)
                        } else {
                            (retry * 2).min(Duration::from_secs(60))
                        };
                        retry_at = tokio::time::Instant::now() + retry;
                    }
                }
                ConnectionState::Connected => {
                    retry = Duration::from_secs(1);
                    // A revived runner says so itself (one warning line).
                    if !b.link.revive() && b.link.idle_for() >= b.link.keepalive() {
                        b.link.keep_alive().await;
                    }
                }
            }
        }
    });
}

/// How often the state file is brought up to date (when it changed).
const SAVE_EVERY: Duration = Duration::from_secs(10);

/// A backend that never connects (no request is made through it, no update
/// followed): what `tgmcp tools` and `tgmcp plugin inspect` load plugins with,
/// since listing tools asks Telegram nothing. No demo server is started.
pub async fn offline() -> Result<Arc<GrammersBackend>, TelegramError> {
    let data = SessionData {
        format: session::SessionFormat::Tgmcp,
        dc_id: 2,
        addr: Some(std::net::SocketAddr::from(([127, 0, 0, 1], 9))),
        auth_key: [0u8; 256],
        user_id: None,
    };
    GrammersBackend::new(&data, LinkOptions::local(DEFAULT_TIMEOUT), None, false).await
}

impl GrammersBackend {
    /// `follow_updates`: the link follows Telegram's updates into the event
    /// log (off for a backend that only lists tools and dials nothing).
    async fn new(
        data: &SessionData,
        opts: LinkOptions,
        local: Option<fakegram::Server>,
        follow_updates: bool,
    ) -> Result<Arc<Self>, TelegramError> {
        let session = Arc::new(memory_session(data).await?);
        let events = Arc::new(EventLog::new(DEFAULT_MAX_EVENTS, opts.events_max_bytes));
        updates::trim_after_bursts(Arc::downgrade(&events));
        let followed = follow_updates.then(|| events.clone());
        let peers = Peers::default();
        let state = opts
            .state_file
            .as_deref()
            .filter(|_| follow_updates)
            .map(|p| StateFile::new(p, &data.auth_key));
        let resume = match &state {
            Some(f) => f.restore(&session, &peers).await,
            None => false,
        };
        Ok(Arc::new(GrammersBackend {
            link: Link::new(session, opts, followed, data.user_id, resume),
            events,
            me: Mutex::new(None),
            peers,
            local,
            state,
        }))
    }

    /// Writes the state file now (if one is set and anything changed).
    pub async fn save_state(&self) {
        if let Some(f) = &self.state {
            f.save(self).await;
        }
    }

    /// The local server behind the demo account, if this is the demo.
    pub fn local_server(&self) -> Option<&fakegram::Server> {
        self.local.as_ref()
    }

    /// Retries with exponential backoff (1 s to 60 s) until Telegram answers,
    /// then fills the peer cache. Stops for good if the session is dead.
    async fn establish(self: Arc<Self>) {
        let mut wait = Duration::from_secs(1);
        loop {
            match self.me().await {
                Ok((me, _)) if me.is_bot => {
                    self.link.set_fatal(BOT_SESSION.to_string());
                    return;
                }
                Ok(_) => {
                    tracing::info!("connected to Telegram");
                    if let Err(e) = self.dialogs(500).await {
                        tracing::warn!(error = %e, "could not list dialogs");
                    }
                    return;
                }
                Err(TelegramError::SessionInvalid(_)) => return,
                Err(e) => {
                    tracing::warn!(error = %e, retry_in_secs = wait.as_secs(), "cannot reach Telegram yet; retrying");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(60));
                }
            }
        }
    }

    /// Lists dialogs, remembering each chat for later lookups.
    async fn dialogs(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        let client = self.link.client();
        let mut iter = client.iter_dialogs();
        let mut out = Vec::new();
        while out.len() < limit as usize {
            let Some(d) = self.link.run(iter.next()).await? else {
                break;
            };
            let unread = match &d.raw {
                grammers_client::tl::enums::Dialog::Dialog(x) => x.unread_count.max(0) as u32,
                _ => 0,
            };
            if let Some(mut chat) = chat_of(d.peer(), unread) {
                if let grammers_client::tl::enums::Dialog::Dialog(x) = &d.raw {
                    let top = d.last_message.as_ref().map(|m| m.date().as_second() as i32);
                    chat_info::apply_dialog(&mut chat, x, top);
                }
                self.peers.list([chat.id]);
                self.peers.insert(Known {
                    peer: d.peer_ref(),
                    chat: chat.clone(),
                });
                out.push(chat);
            }
        }
        if out.len() < limit as usize {
            self.peers.refreshed();
        }
        Ok(out)
    }

    /// The account and its Saved Messages, resolved to the real self peer
    /// (the ambient "self" reference never matches real messages).
    async fn me(&self) -> Result<(User, Known), TelegramError> {
        if let Some(m) = &*self.me.lock().unwrap_or_else(|e| e.into_inner()) {
            return Ok(m.clone());
        }
        let client = self.link.client();
        let u = self.link.run(client.get_me()).await?;
        let user = user_of(&u);
        let peer = grammers_client::peer::Peer::User(u);
        let pref = peer
            .to_ref()
            .await
            .map_err(|e| TelegramError::Other(e.to_string()))?
            .ok_or_else(|| {
                TelegramError::Other("Telegram returned no reference to the account itself".into())
            })?;
        let known = Known {
            peer: pref,
            chat: Chat::new(
                user.id,
                ChatKind::Saved,
                "Saved Messages".into(),
                user.username.clone(),
            ),
        };
        self.link.set_me(user.id);
        let m = (user, known);
        *self.me.lock().unwrap_or_else(|e| e.into_inner()) = Some(m.clone());
        Ok(m)
    }

    /// The account's id when known (for messages whose sender is implicit).
    fn my_id(&self) -> Option<i64> {
        self.me
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(u, _)| u.id)
    }

    /// Maps "no such peer" answers to the chat the user named.
    fn or_not_found<T>(input: &str, r: Result<T, TelegramError>) -> Result<T, TelegramError> {
        match r {
            Err(TelegramError::Rpc { name, .. }) if NOT_FOUND.contains(&name.as_str()) => Err(
                TelegramError::ChatNotFound(input.trim().to_string(), Default::default()),
            ),
            other => other,
        }
    }
}

/// A message to send: text with its entities, and the options.
fn input_message(text: &str, opts: &SendOptions) -> Result<InputMessage, TelegramError> {
    let msg = match opts.parse_mode {
        ParseMode::Plain => InputMessage::new().text(text),
        ParseMode::Markdown => {
            let (t, e) = format::markdown(text)?;
            InputMessage::new().text(t).fmt_entities(e)
        }
        ParseMode::Html => {
            let (t, e) = format::html(text)?;
            InputMessage::new().text(t).fmt_entities(e)
        }
    };
    let schedule = match opts.schedule_at {
        None => None,
        Some(t) if t > 0 => Some(std::time::UNIX_EPOCH + Duration::from_secs(t as u64)),
        Some(t) => {
            return Err(TelegramError::InvalidArgs(format!(
                "schedule_at must be a Unix time in the future, not {t}"
            )))
        }
    };
    // Posting into a forum topic is a reply to the message that opened it;
    // General (1) takes no reply.
    let reply_to = opts.reply_to.or(opts.topic.filter(|t| *t > 1));
    // grammers turns link previews off by default; Telegram's apps show them.
    Ok(msg
        .link_preview(opts.link_preview.unwrap_or(true))
        .reply_to(reply_to)
        .silent(opts.silent)
        .schedule_date(schedule))
}

#[async_trait]
impl Backend for GrammersBackend {
    fn events(&self) -> Option<&EventLog> {
        Some(&self.events)
    }

    fn kind(&self) -> &'static str {
        if self.local.is_some() {
            "demo"
        } else {
            "telegram"
        }
    }

    fn state(&self) -> ConnectionState {
        self.link.state()
    }

    async fn get_me(&self) -> Result<User, TelegramError> {
        self.link.check_fatal()?;
        Ok(self.me().await?.0)
    }

    async fn list_chats(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        self.link.check_fatal()?;
        self.me().await?;
        self.dialogs(limit.max(1)).await
    }

    async fn get_chat(&self, chat: &str) -> Result<Chat, TelegramError> {
        Ok(self.resolve(chat).await?.chat)
    }

    async fn similar_chats(&self, name: &str) -> Result<Vec<Chat>, TelegramError> {
        self.similar(name).await
    }

    async fn get_chat_info(&self, chat: &str) -> Result<Chat, TelegramError> {
        self.chat_info(chat).await
    }

    async fn get_history(
        &self,
        chat: &str,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let mut iter = client.iter_messages(k.peer).limit(limit.max(1) as usize);
        if let Some(o) = offset_id {
            iter = iter.offset_id(o);
        }
        let me = self.my_id();
        let mut out = Vec::new();
        while let Some(m) = Self::or_not_found(chat, self.link.run(iter.next()).await)? {
            out.push(message_of(&m, me));
        }
        Ok(out)
    }

    async fn search_messages(
        &self,
        query: &str,
        chat: Option<&str>,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, TelegramError> {
        if query.trim().is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the search query is empty".into(),
            ));
        }
        let limit = limit.max(1) as usize;
        let me = self.my_id();
        let client = self.link.client();
        let mut out = Vec::new();
        match chat {
            Some(p) => {
                let k = self.resolve(p).await?;
                let mut iter = client.search_messages(k.peer).query(query);
                if let Some(o) = offset_id {
                    iter = iter.offset_id(o);
                }
                while out.len() < limit {
                    let Some(m) = Self::or_not_found(p, self.link.run(iter.next()).await)? else {
                        break;
                    };
                    out.push(message_of(&m, me));
                }
            }
            None => {
                self.link.check_fatal()?;
                let mut iter = client.search_all_messages().query(query);
                if let Some(o) = offset_id {
                    iter = iter.offset_id(o);
                }
                while out.len() < limit {
                    let Some(m) = self.link.run(iter.next()).await? else {
                        break;
                    };
                    out.push(message_of(&m, me));
                }
            }
        }
        Ok(out)
    }

    async fn get_messages(&self, chat: &str, ids: &[i32]) -> Result<Vec<Message>, TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let msgs = Self::or_not_found(
            chat,
            self.link.run(client.get_messages_by_id(k.peer, ids)).await,
        )?;
        let me = self.my_id();
        Ok(msgs
            .iter()
            .flatten()
            .filter(|m| !is_empty(m))
            .map(|m| message_of(m, me))
            .collect())
    }

    async fn send_message(
        &self,
        chat: &str,
        text: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let msg = input_message(text, opts)?;
        self.send_input(chat, msg, "message", opts).await
    }
}
