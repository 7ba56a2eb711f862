//! The real Telegram backend on grammers: connection lifecycle, peer cache,
//! FLOOD_WAIT handling and error names users can act on.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use grammers_client::message::{InputMessage, Message as GMessage};
use grammers_client::peer::Peer;
use grammers_client::sender::{AutoSleep, ConnectionParams, SenderPool};
use grammers_client::session::storages::MemorySession;
use grammers_client::session::types::{DcOption, PeerId, PeerRef};
use grammers_client::session::Session;
use grammers_client::{Client, InvocationError};
use tokio::sync::Mutex;

use super::peer::{self, PeerRef as Written};
use super::session::{self, SessionData};
use super::{
    Backend, Chat, ChatKind, Credentials, Message, ParseMode, SendOptions, TelegramError, User,
};

/// RPC errors after which the session string is useless.
const FATAL: &[&str] = &[
    "AUTH_KEY_UNREGISTERED",
    "AUTH_KEY_DUPLICATED",
    "AUTH_KEY_INVALID",
    "SESSION_REVOKED",
    "SESSION_EXPIRED",
    "USER_DEACTIVATED",
    "USER_DEACTIVATED_BAN",
];

/// RPC errors that mean "no such chat" for a peer a user typed.
const NOT_FOUND: &[&str] = &[
    "USERNAME_NOT_OCCUPIED",
    "USERNAME_INVALID",
    "PEER_ID_INVALID",
    "CHANNEL_INVALID",
    "CHAT_ID_INVALID",
];

/// How a fatal session error reads.
fn fatal_message(name: &str) -> String {
    format!("the Telegram session is no longer valid ({name}); make a new session string with `tgmcp login` and set TELEGRAM_SESSION_STRING")
}

/// Maps grammers' errors to ours, keeping Telegram's names.
pub fn map_error(e: InvocationError) -> TelegramError {
    match e {
        InvocationError::Rpc(r) => {
            let flood = matches!(
                r.name.as_str(),
                "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT"
            );
            if FATAL.contains(&r.name.as_str()) {
                return TelegramError::SessionInvalid(fatal_message(&r.name));
            }
            TelegramError::Rpc {
                code: r.code,
                name: r.name.clone(),
                retry_after_secs: if flood { r.value } else { None },
            }
        }
        InvocationError::Io(e) => TelegramError::Disconnected(e.to_string()),
        InvocationError::Transport(e) => TelegramError::Disconnected(e.to_string()),
        other => TelegramError::Other(other.to_string()),
    }
}

/// A chat we have seen, with the reference needed to call Telegram about it.
#[derive(Clone)]
struct Known {
    peer: PeerRef,
    chat: Chat,
}

/// The grammers backend.
pub struct GrammersBackend {
    client: Client,
    me: Mutex<Option<User>>,
    /// Bot-API id -> chat, from dialogs and resolved usernames.
    peers: Mutex<HashMap<i64, Known>>,
    connected: AtomicBool,
    fatal: Mutex<Option<String>>,
}

fn chat_of(peer: &Peer, unread: u32) -> Option<Chat> {
    let id = peer.id().bot_api_dialog_id()?;
    let (kind, title) = match peer {
        Peer::User(u) if u.is_self() => (ChatKind::Saved, "Saved Messages".to_string()),
        Peer::User(u) if u.is_bot() => (ChatKind::Bot, u.full_name()),
        Peer::User(u) => (ChatKind::User, u.full_name()),
        Peer::Group(g) if g.is_megagroup() => (
            ChatKind::Supergroup,
            g.title().unwrap_or_default().to_string(),
        ),
        Peer::Group(g) => (ChatKind::Group, g.title().unwrap_or_default().to_string()),
        Peer::Channel(c) => (ChatKind::Channel, c.title().to_string()),
        Peer::Community(_) => (
            ChatKind::Supergroup,
            peer.name().unwrap_or_default().to_string(),
        ),
    };
    Some(Chat {
        id,
        kind,
        title,
        username: peer.username().map(str::to_string),
        unread_count: unread,
        members_count: None,
    })
}

fn message_of(m: &GMessage) -> Message {
    Message {
        id: m.id(),
        chat_id: m.peer_id().bot_api_dialog_id().unwrap_or_default(),
        date: m.date().as_second(),
        sender_id: m.sender_id().and_then(|p| p.bot_api_dialog_id()),
        sender_name: m.sender().and_then(|p| p.name().map(str::to_string)),
        text: m.text().to_string(),
        outgoing: m.outgoing(),
        reply_to: m.reply_to_message_id(),
    }
}

fn user_of(u: &grammers_client::peer::User) -> User {
    User {
        id: u.id().bot_api_dialog_id().unwrap_or_default(),
        first_name: u.first_name().unwrap_or_default().to_string(),
        last_name: u.last_name().map(str::to_string),
        username: u.username().map(str::to_string),
        phone: u.phone().map(str::to_string),
        is_bot: u.is_bot(),
    }
}

/// Builds a grammers session holding the decoded key for its home DC.
pub async fn memory_session(d: &SessionData) -> Result<MemorySession, TelegramError> {
    let s = MemorySession::default();
    let known = s
        .dc_option(d.dc_id)
        .map_err(|e| TelegramError::Other(e.to_string()))?;
    let mut opt = known.unwrap_or(DcOption {
        id: d.dc_id,
        ipv4: std::net::SocketAddrV4::new(std::net::Ipv4Addr::UNSPECIFIED, 443),
        ipv6: std::net::SocketAddrV6::new(std::net::Ipv6Addr::UNSPECIFIED, 443, 0, 0),
        auth_key: None,
    });
    match d.addr {
        Some(std::net::SocketAddr::V4(a)) => opt.ipv4 = a,
        Some(std::net::SocketAddr::V6(a)) => opt.ipv6 = a,
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

/// Starts a grammers client on `session` (the sender pool runs in the background).
// ConnectionParams has a private field, so struct-update syntax is not available.
#[allow(clippy::field_reassign_with_default)]
pub fn start_client(
    session: Arc<MemorySession>,
    api_id: i32,
    flood_wait_limit: Duration,
) -> Client {
    let mut params = ConnectionParams::default();
    // Short FLOOD_WAITs are slept through once; longer ones reach the user.
    params.retry_policy = Box::new(AutoSleep {
        tries: std::num::NonZeroU32::MIN,
        threshold: flood_wait_limit,
        io_errors_as_flood_of: Some(Duration::from_secs(1)),
    });
    let pool = SenderPool::with_configuration(session, api_id, params);
    tokio::spawn(pool.runner.run());
    Client::new(pool.handle)
}

/// Connects with the credentials from the environment. A bad session string
/// or a revoked session is fatal; a network failure is retried in the background.
pub async fn connect(
    creds: Credentials,
    flood_wait_limit: Duration,
) -> Result<Arc<dyn Backend>, TelegramError> {
    let data = session::decode(&creds.session).map_err(|e| TelegramError::Other(e.to_string()))?;
    let s = Arc::new(memory_session(&data).await?);
    let client = start_client(s, creds.api_id, flood_wait_limit);
    let backend = Arc::new(GrammersBackend {
        client,
        me: Mutex::new(None),
        peers: Mutex::new(HashMap::new()),
        connected: AtomicBool::new(false),
        fatal: Mutex::new(None),
    });
    match backend.client.is_authorized().await {
        Ok(true) => {
            backend.connected.store(true, Ordering::Relaxed);
            backend.warm().await;
        }
        Ok(false) => {
            return Err(TelegramError::SessionInvalid(fatal_message(
                "AUTH_KEY_UNREGISTERED",
            )))
        }
        Err(e) => match map_error(e) {
            TelegramError::Disconnected(why) => {
                tracing::warn!(error = %why, "cannot reach Telegram yet; retrying in the background");
                let b = backend.clone();
                tokio::spawn(async move { b.reconnect().await });
            }
            other => return Err(other),
        },
    }
    Ok(backend)
}

impl GrammersBackend {
    /// Retries with exponential backoff (1 s to 60 s) until Telegram answers.
    async fn reconnect(self: Arc<Self>) {
        let mut wait = Duration::from_secs(1);
        loop {
            tokio::time::sleep(wait).await;
            match self.client.get_me().await {
                Ok(_) => {
                    tracing::info!("connected to Telegram");
                    self.connected.store(true, Ordering::Relaxed);
                    self.warm().await;
                    return;
                }
                Err(e) => {
                    let e = self.failed(e).await;
                    if matches!(e, TelegramError::SessionInvalid(_)) {
                        return;
                    }
                    tracing::warn!(error = %e, retry_in_secs = wait.as_secs(), "still cannot reach Telegram");
                    wait = (wait * 2).min(Duration::from_secs(60));
                }
            }
        }
    }

    /// Fills the peer cache from the dialog list.
    async fn warm(&self) {
        match self.dialogs(500).await {
            Ok(chats) => tracing::info!(chats = chats.len(), "peer cache warmed from dialogs"),
            Err(e) => tracing::warn!(error = %e, "could not list dialogs"),
        }
    }

    /// Records the outcome of a call for `/health`, and remembers fatal errors.
    async fn track<T>(&self, r: Result<T, InvocationError>) -> Result<T, TelegramError> {
        match r {
            Ok(v) => {
                self.connected.store(true, Ordering::Relaxed);
                Ok(v)
            }
            Err(e) => Err(self.failed(e).await),
        }
    }

    /// Maps a failure, marking the connection down or the session dead as it says.
    async fn failed(&self, e: InvocationError) -> TelegramError {
        let e = map_error(e);
        match &e {
            TelegramError::Disconnected(_) => self.connected.store(false, Ordering::Relaxed),
            TelegramError::SessionInvalid(m) => {
                tracing::error!("{m}");
                *self.fatal.lock().await = Some(m.clone());
            }
            _ => {}
        }
        e
    }

    async fn check_fatal(&self) -> Result<(), TelegramError> {
        match &*self.fatal.lock().await {
            Some(m) => Err(TelegramError::SessionInvalid(m.clone())),
            None => Ok(()),
        }
    }

    async fn dialogs(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        let mut iter = self.client.iter_dialogs();
        let mut out = Vec::new();
        while out.len() < limit as usize {
            let Some(d) = self.track(iter.next().await).await? else {
                break;
            };
            let unread = match &d.raw {
                grammers_client::tl::enums::Dialog::Dialog(x) => x.unread_count.max(0) as u32,
                _ => 0,
            };
            if let Some(chat) = chat_of(d.peer(), unread) {
                self.peers.lock().await.insert(
                    chat.id,
                    Known {
                        peer: d.peer_ref(),
                        chat: chat.clone(),
                    },
                );
                out.push(chat);
            }
        }
        Ok(out)
    }

    async fn me(&self) -> Result<User, TelegramError> {
        if let Some(u) = &*self.me.lock().await {
            return Ok(u.clone());
        }
        let u = user_of(&self.track(self.client.get_me().await).await?);
        *self.me.lock().await = Some(u.clone());
        Ok(u)
    }

    /// Resolves a peer as users write it, via the cache, usernames and dialogs.
    async fn resolve(&self, input: &str) -> Result<Known, TelegramError> {
        self.check_fatal().await?;
        let not_found = || TelegramError::ChatNotFound(input.trim().to_string());
        let written = peer::parse(input).ok_or_else(not_found)?;
        match written.chat().map_err(TelegramError::InvalidArgs)? {
            Written::Me => {
                let me = self.me().await?;
                Ok(Known {
                    peer: PeerId::self_user().to_ambient_ref(),
                    chat: Chat {
                        id: me.id,
                        kind: ChatKind::Saved,
                        title: "Saved Messages".into(),
                        username: me.username,
                        unread_count: 0,
                        members_count: None,
                    },
                })
            }
            Written::Id(id) => {
                if let Some(k) = self.peers.lock().await.get(&id) {
                    return Ok(k.clone());
                }
                // Not seen yet: refresh the dialogs once, then give up.
                self.dialogs(1000).await?;
                self.peers
                    .lock()
                    .await
                    .get(&id)
                    .cloned()
                    .ok_or_else(not_found)
            }
            Written::Username(name) => {
                let cached = self
                    .peers
                    .lock()
                    .await
                    .values()
                    .find(|k| {
                        k.chat
                            .username
                            .as_deref()
                            .is_some_and(|u| u.eq_ignore_ascii_case(&name))
                    })
                    .cloned();
                if let Some(k) = cached {
                    return Ok(k);
                }
                let peer = match self.client.resolve_username(&name).await {
                    Ok(Some(p)) => p,
                    Ok(None) => return Err(not_found()),
                    Err(InvocationError::Rpc(r)) if NOT_FOUND.contains(&r.name.as_str()) => {
                        return Err(not_found())
                    }
                    Err(e) => return Err(self.failed(e).await),
                };
                self.remember(&peer).await?.ok_or_else(not_found)
            }
            Written::Phone(phone) => {
                // contacts.resolvePhone finds the user behind a number the account may see.
                let req = grammers_client::tl::functions::contacts::ResolvePhone { phone };
                let resolved = match self.client.invoke(&req).await {
                    Ok(grammers_client::tl::enums::contacts::ResolvedPeer::Peer(r)) => r,
                    Err(InvocationError::Rpc(r))
                        if r.name.starts_with("PHONE_") || NOT_FOUND.contains(&r.name.as_str()) =>
                    {
                        return Err(not_found())
                    }
                    Err(e) => return Err(self.failed(e).await),
                };
                let user = resolved.users.into_iter().next().ok_or_else(not_found)?;
                let peer = Peer::User(grammers_client::peer::User::from_raw(&self.client, user));
                self.remember(&peer).await?.ok_or_else(not_found)
            }
            // chat() has already turned links into an id or an error.
            Written::Invite(_) | Written::Private { .. } | Written::NotAChat(_) => Err(not_found()),
        }
    }

    /// Caches a freshly resolved peer; `None` if it carries no usable reference.
    async fn remember(&self, peer: &Peer) -> Result<Option<Known>, TelegramError> {
        let Some(chat) = chat_of(peer, 0) else {
            return Ok(None);
        };
        let Some(pref) = peer
            .to_ref()
            .await
            .map_err(|e| TelegramError::Other(e.to_string()))?
        else {
            return Ok(None);
        };
        let k = Known { peer: pref, chat };
        self.peers.lock().await.insert(k.chat.id, k.clone());
        Ok(Some(k))
    }

    async fn rpc_or_not_found<T>(
        &self,
        input: &str,
        r: Result<T, InvocationError>,
    ) -> Result<T, TelegramError> {
        match r {
            Err(InvocationError::Rpc(e)) if NOT_FOUND.contains(&e.name.as_str()) => {
                Err(TelegramError::ChatNotFound(input.trim().to_string()))
            }
            other => self.track(other).await,
        }
    }
}

#[async_trait]
impl Backend for GrammersBackend {
    fn kind(&self) -> &'static str {
        "telegram"
    }

    fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    async fn get_me(&self) -> Result<User, TelegramError> {
        self.check_fatal().await?;
        self.me().await
    }

    async fn list_chats(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        self.check_fatal().await?;
        // Page sizes are clamped by `policy::Guard`.
        self.dialogs(limit.max(1)).await
    }

    async fn get_chat(&self, peer: &str) -> Result<Chat, TelegramError> {
        Ok(self.resolve(peer).await?.chat)
    }

    async fn get_history(
        &self,
        peer: &str,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, TelegramError> {
        let k = self.resolve(peer).await?;
        let mut iter = self
            .client
            .iter_messages(k.peer)
            .limit(limit.max(1) as usize);
        if let Some(o) = offset_id {
            iter = iter.offset_id(o);
        }
        let mut out = Vec::new();
        while let Some(m) = self.rpc_or_not_found(peer, iter.next().await).await? {
            out.push(message_of(&m));
        }
        Ok(out)
    }

    async fn search_messages(
        &self,
        query: &str,
        peer: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Message>, TelegramError> {
        if query.trim().is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the search query is empty".into(),
            ));
        }
        let limit = limit.max(1) as usize;
        let mut out = Vec::new();
        match peer {
            Some(p) => {
                let k = self.resolve(p).await?;
                let mut iter = self.client.search_messages(k.peer).query(query);
                while out.len() < limit {
                    let Some(m) = self.rpc_or_not_found(p, iter.next().await).await? else {
                        break;
                    };
                    out.push(message_of(&m));
                }
            }
            None => {
                self.check_fatal().await?;
                let mut iter = self.client.search_all_messages().query(query);
                while out.len() < limit {
                    let Some(m) = self.track(iter.next().await).await? else {
                        break;
                    };
                    out.push(message_of(&m));
                }
            }
        }
        Ok(out)
    }

    async fn get_messages(&self, peer: &str, ids: &[i32]) -> Result<Vec<Message>, TelegramError> {
        let k = self.resolve(peer).await?;
        let msgs = self
            .rpc_or_not_found(peer, self.client.get_messages_by_id(k.peer, ids).await)
            .await?;
        Ok(msgs.iter().flatten().map(message_of).collect())
    }

    async fn send_message(
        &self,
        peer: &str,
        text: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let k = self.resolve(peer).await?;
        let msg = match opts.parse_mode {
            ParseMode::Plain => InputMessage::new().text(text),
            ParseMode::Markdown => InputMessage::new().markdown(text),
            ParseMode::Html => InputMessage::new().html(text),
        }
        .reply_to(opts.reply_to)
        .silent(opts.silent);
        let sent = self
            .rpc_or_not_found(peer, self.client.send_message(k.peer, msg).await)
            .await?;
        let mut m = message_of(&sent);
        if m.chat_id == 0 {
            m.chat_id = k.chat.id;
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_client::sender::RpcError;

    fn rpc(code: i32, name: &str, value: Option<u32>) -> InvocationError {
        InvocationError::Rpc(RpcError {
            code,
            name: name.into(),
            value,
            caused_by: None,
        })
    }

    #[test]
    fn flood_wait_keeps_its_seconds() {
        let e = map_error(rpc(420, "FLOOD_WAIT", Some(37)));
        assert_eq!(e.to_string(), "FLOOD_WAIT: retry after 37 s");
        assert!(matches!(
            e,
            TelegramError::Rpc {
                retry_after_secs: Some(37),
                ..
            }
        ));
    }

    #[test]
    fn other_rpc_errors_keep_telegrams_names() {
        assert_eq!(
            map_error(rpc(403, "CHAT_WRITE_FORBIDDEN", None)).to_string(),
            "CHAT_WRITE_FORBIDDEN"
        );
        assert_eq!(
            map_error(rpc(400, "PEER_ID_INVALID", None)).to_string(),
            "PEER_ID_INVALID"
        );
    }

    #[test]
    fn revoked_sessions_point_to_tgmcp_login() {
        for name in [
            "AUTH_KEY_UNREGISTERED",
            "AUTH_KEY_DUPLICATED",
            "SESSION_REVOKED",
        ] {
            let e = map_error(rpc(401, name, None));
            assert!(matches!(e, TelegramError::SessionInvalid(_)), "{e:?}");
            let m = e.to_string();
            assert!(m.contains(name) && m.contains("tgmcp login"), "{m}");
        }
    }

    #[tokio::test]
    async fn the_session_string_key_lands_in_the_home_dc() {
        let d = SessionData {
            format: session::SessionFormat::Pyrogram,
            dc_id: 4,
            addr: None,
            auth_key: [7u8; 256],
            user_id: None,
        };
        let s = memory_session(&d).await.unwrap();
        assert_eq!(s.home_dc_id().unwrap(), 4);
        let opt = s.dc_option(4).unwrap().unwrap();
        assert_eq!(opt.auth_key, Some([7u8; 256]));
        assert_eq!(
            opt.ipv4.ip().octets(),
            [149, 154, 167, 92],
            "Pyrogram strings use the known DC address"
        );
    }
}
