//! fakegram: Telegram in a box. A local MTProto server built on grammers'
//! own crates, for tests, the demo and benchmarks.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! let server = fakegram::Server::start(fakegram::Account::demo()).await?;
//! let session = server.telethon_session(); // points at server.addr() with server.auth_key()
//! server.faults().error("messages.sendMessage", "FLOOD_WAIT_37", fakegram::Times::Once);
//! # Ok(()) }
//! ```
//!
//! Clients connect over TCP with any of Telegram's transports — Abridged,
//! Intermediate, Padded intermediate, Full, each bare or inside Obfuscated2 —
//! told apart by their first bytes as a DC does (`transports`). A client
//! either brings the server's own key (the one [`Server::telethon_session`]
//! carries) or creates one by DH key exchange (`handshake`) with fakegram's
//! test RSA key, [`RSA_PUBLIC_KEY_PEM`] (grammers only knows Telegram's keys,
//! so only clients that take a key, like Telethon, can do this). A new key
//! is signed out: everything but the sign-in methods gets
//! `AUTH_KEY_UNREGISTERED` until a sign-in on it succeeds (`keys`). A key the
//! server does not know gets transport error -404, as at Telegram. The
//! server speaks MTProto 2.0 as a DC does: salts (`bad_server_salt`,
//! `get_future_salts`), `new_session_created`, containers, gzip, acks, pings,
//! `rpc_result` / `rpc_error`, and the API methods in [`METHODS`] on an
//! in-memory [`Account`]. What one connection sends, edits or deletes is
//! pushed to the account's other signed-in connections (`fanout`), as
//! Telegram pushes it to the user's other apps.

mod account;
mod clock;
mod conn;
mod convert;
mod convert_admin;
mod convert_ext;
mod crypto;
mod demo;
mod demo_bots;
mod demo_more;
mod demo_records;
mod extras;
mod fanout;
mod faults;
mod flood;
mod groups;
mod handshake;
mod journal;
mod keys;
mod login;
mod media;
mod perks;
mod rpc;
mod settings;
mod social;
mod tl_peer;
mod transports;
mod wire;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine as _;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

pub use account::{
    Account, Chat, ChatKind, Clock, Dialog, Media, Message, NewMessage, Peer, Topic, User,
};
pub use demo::{access_hash, DEMO_INVITE, EPOCH, ME_ID};
pub use demo_bots::{echo_reply, ECHO_BOT, ECHO_BOT_USERNAME, REPLY_DELAY};
pub use demo_more::{DEMO_POLL, DEMO_REMINDER};
pub use demo_records::{DEMO_LINKED, DEMO_VENUE};
pub use extras::{png, Button, Draft, Extras, Media as StoredMedia, Poll, Reactor, Size, DEMO_CSV};
pub use faults::{code_for, Faults, Times, ANY};
pub use flood::{Flood, Rate};
pub use groups::{Groups, Invite, LogEvent, Member as GroupMember, Role, TopicState};
pub use handshake::{rsa_fingerprint, RSA_PUBLIC_KEY_PEM};
pub use journal::{Event as JournalEvent, Journal};
pub use login::{Login, LOGIN_CODE};
pub use perks::Perks;
pub use rpc::METHODS;
pub use settings::{ProfilePhoto, Session, Settings};
pub use social::{Social, DEMO_INLINE_QUERY, DEMO_TRANSCRIPT, DEMO_VOICE, GIF_BOT};

/// What a client said about itself in `initConnection`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientInfo {
    pub layer: i32,
    pub api_id: i32,
    pub device_model: String,
    pub system_version: String,
    pub app_version: String,
    pub system_lang_code: String,
    pub lang_pack: String,
    pub lang_code: String,
}

/// How to start a [`Server`].
#[derive(Clone)]
pub struct Options {
    /// Where to listen (default 127.0.0.1:0, a free port).
    pub addr: SocketAddr,
    /// The authorization key clients must use (default: random).
    pub auth_key: Option<[u8; 256]>,
    /// The DC the server claims to be (default 2).
    pub dc_id: i32,
    /// Start with the key signed out: only sign-in methods answer until
    /// `tgmcp login` (or a test) signs in by code, password or QR.
    pub signed_out: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: (Ipv4Addr::LOCALHOST, 0).into(),
            auth_key: None,
            dc_id: 2,
            signed_out: false,
        }
    }
}

/// State shared by the listener and every connection.
pub(crate) struct Shared {
    /// The server's own key (what its session strings carry).
    pub key: crypto::Key,
    /// Every key the server knows: its own and those made by key exchange.
    pub keys: keys::Keys,
    pub salt: i64,
    pub dc_id: i32,
    /// The address the server advertises (in `help.getConfig` and the session string).
    pub addr: SocketAddr,
    pub account: Mutex<Account>,
    pub faults: Faults,
    /// Serialized `Updates` pushed to every live session.
    pub updates: broadcast::Sender<Arc<Vec<u8>>>,
    /// What one connection's call changed, for the account's other
    /// connections (the sender's connection id, serialized `Updates`).
    pub fanout: broadcast::Sender<(u64, Arc<Vec<u8>>)>,
    pub clients: Mutex<Vec<ClientInfo>>,
    pub stop: watch::Sender<bool>,
    pub login: Mutex<Login>,
    /// Answers demo bots owe (see `demo_bots`).
    pub owed: tokio::sync::mpsc::UnboundedSender<demo_bots::Owed>,
}

impl Shared {
    pub fn account(&self) -> MutexGuard<'_, Account> {
        self.account.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn login(&self) -> MutexGuard<'_, Login> {
        self.login.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A handle on the server's sign-in state, for login tests.
#[derive(Clone)]
pub struct LoginHandle(Arc<Shared>);

impl LoginHandle {
    /// Gives the account a two-step verification password (and hint).
    pub fn set_password(&self, password: &str, hint: Option<&str>) {
        let mut l = self.0.login();
        l.password = Some(password.to_string());
        l.hint = hint.map(str::to_string);
    }

    /// Makes `auth.sendCode` answer `auth.sentCodePaymentRequired`.
    pub fn require_payment(&self) {
        self.0.login().payment_required = true;
    }

    /// A phone scans the QR code last exported: the server pushes
    /// `updateLoginToken`, as Telegram does. False when no token was exported.
    pub fn scan_qr(&self) -> bool {
        {
            let mut l = self.0.login();
            if l.qr_token.is_none() {
                return false;
            }
            l.qr_scanned = true;
        }
        let update =
            grammers_tl_types::enums::Updates::from(grammers_tl_types::types::UpdateShort {
                update: grammers_tl_types::types::UpdateLoginToken {}.into(),
                date: wire::now_secs() as i32,
            });
        use grammers_tl_types::Serializable as _;
        let _ = self.0.updates.send(Arc::new(update.to_bytes()));
        true
    }

    /// The sign-in state now.
    pub fn state(&self) -> Login {
        self.0.login().clone()
    }
}

/// A running server. Dropping it (or [`Server::stop`]) closes the listener
/// and every connection.
pub struct Server {
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

/// A shared handle to a server's account, for assertions and for messages
/// "from another client".
#[derive(Clone)]
pub struct AccountHandle(Arc<Shared>);

impl AccountHandle {
    /// Reads the account.
    pub fn read<R>(&self, f: impl FnOnce(&Account) -> R) -> R {
        f(&self.0.account())
    }

    /// Changes the account (nothing is pushed to clients).
    pub fn write<R>(&self, f: impl FnOnce(&mut Account) -> R) -> R {
        f(&mut self.0.account())
    }

    /// A copy of the whole account.
    pub fn snapshot(&self) -> Account {
        self.0.account().clone()
    }

    /// Messages of `peer`, oldest first.
    pub fn history(&self, peer: Peer) -> Vec<Message> {
        self.0.account().history(peer).to_vec()
    }

    /// An incoming message written by `from` in `peer` (a private chat with
    /// `from`, a group or a channel): stored, and pushed to every connected
    /// client as Telegram would (`updateShortMessage`, `updateShortChatMessage`
    /// or `updates` with `updateNewChannelMessage`).
    pub fn deliver(&self, peer: Peer, from: i64, text: &str) -> Result<Message, String> {
        deliver(&self.0, peer, from, text)
    }

    /// Messages of `peer` deleted "from another client": removed, and the
    /// deletion pushed to every connected client as Telegram does (see
    /// `deleted_update`: outside channels it names no chat).
    pub fn delete_elsewhere(&self, peer: Peer, ids: &[i32]) -> usize {
        let (n, update) = {
            let mut acc = self.0.account();
            let scope = matches!(peer, Peer::Channel(_)).then_some(peer);
            let n = acc.delete(scope, ids);
            let pts = rpc::bump_pts(&mut acc, peer, ids.len() as i32);
            acc.note(
                peer,
                pts,
                ids.len() as i32,
                journal::Event::Delete(ids.to_vec()),
            );
            (n, rpc::deleted_update(peer, ids, pts))
        };
        let _ = self.0.updates.send(Arc::new(update));
        n
    }
}

/// Stores an incoming message and pushes it to every connected client (see
/// [`AccountHandle::deliver`]).
pub(crate) fn deliver(sh: &Shared, peer: Peer, from: i64, text: &str) -> Result<Message, String> {
    let (msg, update) = {
        let mut acc = sh.account();
        if acc.user(from).is_none() || !acc.exists(peer) {
            return Err(format!("no such sender {from} or peer {peer:?}"));
        }
        let new = NewMessage {
            text: text.to_string(),
            ..NewMessage::default()
        };
        let (msg, pts) = acc.post(peer, from, new);
        let update = rpc::incoming_update(&acc, &msg, pts);
        (msg, update)
    };
    // No receiver (no client connected) is fine: the message is stored.
    let _ = sh.updates.send(Arc::new(update));
    Ok(msg)
}

impl Server {
    /// Starts a server for `account` on 127.0.0.1 (a free port) with a random
    /// key, on the current tokio runtime.
    pub async fn start(account: Account) -> io::Result<Server> {
        Self::start_with(account, Options::default()).await
    }

    /// Starts a server with explicit options.
    pub async fn start_with(mut account: Account, opts: Options) -> io::Result<Server> {
        // Files are served by this server: say so in every photo and document.
        account.ext.dc_id = opts.dc_id;
        let listener = TcpListener::bind(opts.addr).await?;
        let mut addr = listener.local_addr()?;
        if addr.ip().is_unspecified() {
            addr.set_ip(Ipv4Addr::LOCALHOST.into());
        }
        let key = opts.auth_key.unwrap_or_else(|| {
            let mut k = [0u8; 256];
            rand::fill(&mut k[..]);
            k
        });
        let (owed_tx, owed_rx) = tokio::sync::mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            key: crypto::Key::new(key),
            keys: keys::Keys::new(crypto::Key::new(key)),
            salt: rand::random::<i64>() | 1,
            dc_id: opts.dc_id,
            addr,
            account: Mutex::new(account),
            faults: Faults::default(),
            updates: broadcast::channel(256).0,
            fanout: broadcast::channel(256).0,
            clients: Mutex::new(Vec::new()),
            stop: watch::channel(false).0,
            login: Mutex::new(Login::new(!opts.signed_out)),
            owed: owed_tx,
        });
        tokio::spawn(demo_bots::deliver_owed(owed_rx, Arc::downgrade(&shared)));
        let task = tokio::spawn(conn::accept_loop(listener, shared.clone()));
        tracing::info!(%addr, "fakegram listening");
        Ok(Server { shared, task })
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// The authorization key (what a session string carries).
    pub fn auth_key(&self) -> [u8; 256] {
        self.shared.key.data
    }

    /// How many authorization keys clients created by key exchange.
    pub fn exchanged_keys(&self) -> usize {
        self.shared.keys.exchanged()
    }

    /// The DC id the server claims to be.
    pub fn dc_id(&self) -> i32 {
        self.shared.dc_id
    }

    /// A Telethon `StringSession` pointing at this server with its key:
    /// `'1'` + urlsafe base64 of `>B{4|16}sH256s` (dc, ip, port, key).
    pub fn telethon_session(&self) -> String {
        let mut raw = vec![self.shared.dc_id as u8];
        match self.shared.addr.ip() {
            std::net::IpAddr::V4(ip) => raw.extend_from_slice(&ip.octets()),
            std::net::IpAddr::V6(ip) => raw.extend_from_slice(&ip.octets()),
        }
        raw.extend_from_slice(&self.shared.addr.port().to_be_bytes());
        raw.extend_from_slice(&self.shared.key.data);
        format!("1{}", base64::engine::general_purpose::URL_SAFE.encode(raw))
    }

    /// The fault script and call counters.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// The sign-in state of the server's key.
    pub fn login(&self) -> LoginHandle {
        LoginHandle(self.shared.clone())
    }

    /// The account the server answers for.
    pub fn account(&self) -> AccountHandle {
        AccountHandle(self.shared.clone())
    }

    /// What each connection sent in `initConnection`, oldest first.
    pub fn clients(&self) -> Vec<ClientInfo> {
        self.shared
            .clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Stops listening and closes every connection.
    pub async fn stop(mut self) {
        self.shared.stop.send_replace(true);
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        let _ = task.await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.send_replace(true);
        self.task.abort();
    }
}
