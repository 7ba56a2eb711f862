//! Finding the chat a user named: the account itself, ids through the cache
//! and the session's access hashes, usernames, phone numbers and exact dialog
//! titles, with dialog refreshes throttled (each miss used to cost up to ten
//! `getDialogs` calls: FLOOD_WAIT bait).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use grammers_client::peer::Peer;
use grammers_client::session::types::{PeerId, PeerKind, PeerRef};
use grammers_client::session::Session;

use super::convert::chat_of;
use super::GrammersBackend;
use crate::telegram::peer::{self, PeerRef as Written};
use crate::telegram::{Chat, TelegramError};

/// RPC errors that mean "no such chat" for a peer a user typed.
pub const NOT_FOUND: &[&str] = &[
    "USERNAME_NOT_OCCUPIED",
    "USERNAME_INVALID",
    "PEER_ID_INVALID",
    "CHANNEL_INVALID",
    "CHAT_ID_INVALID",
];

/// Dialog lists are fetched again for a missed lookup at most this often.
const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// Dialogs read by a refresh.
const REFRESH_DIALOGS: u32 = 500;

/// A chat we have seen, with the reference needed to call Telegram about it.
#[derive(Clone, Debug)]
pub struct Known {
    pub peer: PeerRef,
    pub chat: Chat,
}

/// Chats seen so far, by Bot-API id.
#[derive(Default)]
pub struct Peers {
    by_id: Mutex<HashMap<i64, Known>>,
    last_refresh: Mutex<Option<Instant>>,
}

impl Peers {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Known>> {
        self.by_id.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers a chat.
    pub fn insert(&self, k: Known) {
        self.lock().insert(k.chat.id, k);
    }

    fn get(&self, id: i64) -> Option<Known> {
        self.lock().get(&id).cloned()
    }

    fn find(&self, f: impl Fn(&Known) -> bool) -> Option<Known> {
        self.lock().values().find(|k| f(k)).cloned()
    }

    /// Whether a refresh is allowed now (and if so, counts it as done).
    fn may_refresh(&self) -> bool {
        let mut last = self.last_refresh.lock().unwrap_or_else(|e| e.into_inner());
        match *last {
            Some(t) if t.elapsed() < REFRESH_EVERY => false,
            _ => {
                *last = Some(Instant::now());
                true
            }
        }
    }

    /// Forgets every chat (tests: lookups must then go through the session).
    #[cfg(test)]
    pub fn lock_clear(&self) {
        self.lock().clear();
    }

    /// Records a full dialog listing (the next miss need not refresh).
    pub fn refreshed(&self) {
        *self.last_refresh.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }
}

fn not_found(input: &str) -> TelegramError {
    TelegramError::ChatNotFound(input.trim().to_string())
}

impl GrammersBackend {
    /// Resolves a chat as a user wrote it.
    pub(super) async fn resolve(&self, input: &str) -> Result<Known, TelegramError> {
        self.link.check_fatal()?;
        if input.trim().is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the chat is empty: give me, @username, a t.me link, a numeric id from list_chats, or a chat's exact title".into(),
            ));
        }
        let written = match peer::parse(input) {
            Some(w) => w.chat().map_err(TelegramError::InvalidArgs)?,
            None => return self.by_title(input).await,
        };
        match written {
            Written::Me => Ok(self.me().await?.1),
            Written::Id(id) => self.by_id(input, id).await,
            Written::Username(name) => match self.by_username(input, &name).await {
                Err(TelegramError::ChatNotFound(_)) => self.by_title(input).await,
                other => other,
            },
            Written::Phone(phone) => self.by_phone(input, phone).await,
            // chat() has already turned links into an id or an error.
            Written::Invite(_) | Written::Private { .. } | Written::NotAChat(_) => {
                Err(not_found(input))
            }
        }
    }

    async fn by_id(&self, input: &str, id: i64) -> Result<Known, TelegramError> {
        if let Some(k) = self.peers.get(id) {
            return Ok(k);
        }
        if self.me().await?.0.id == id {
            return Ok(self.me().await?.1);
        }
        let Some(pid) = PeerId::from_bot_api_dialog_id(id) else {
            return Err(not_found(input));
        };
        // The session keeps the access hash of every peer it has met; basic
        // groups need none.
        let cached = self
            .link
            .session()
            .peer_ref(pid)
            .await
            .map_err(|e| TelegramError::Other(e.to_string()))?;
        let pref = match cached {
            Some(r) => Some(r),
            None if pid.kind() == PeerKind::Chat => Some(pid.to_ambient_ref()),
            None => None,
        };
        if let Some(r) = pref {
            if let Some(k) = self.fetch(input, r).await? {
                return Ok(k);
            }
        }
        if self.peers.may_refresh() {
            self.dialogs(REFRESH_DIALOGS).await?;
            if let Some(k) = self.peers.get(id) {
                return Ok(k);
            }
        }
        Err(not_found(input))
    }

    /// Asks Telegram about a peer we hold a reference to.
    async fn fetch(&self, input: &str, r: PeerRef) -> Result<Option<Known>, TelegramError> {
        let client = self.link.client();
        match self.link.run(client.resolve_peer(r)).await {
            Ok(peer) => self.remember(&peer).await,
            Err(TelegramError::Rpc { name, .. }) if NOT_FOUND.contains(&name.as_str()) => {
                Err(not_found(input))
            }
            // An id Telegram has no chat for (`-1`): the answer lacks the peer.
            Err(TelegramError::NotFound(_)) => Err(not_found(input)),
            Err(e) => Err(e),
        }
    }

    async fn by_username(&self, input: &str, name: &str) -> Result<Known, TelegramError> {
        let cached = self.peers.find(|k| {
            k.chat
                .username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(name))
        });
        if let Some(k) = cached {
            return Ok(k);
        }
        let client = self.link.client();
        let peer = match self.link.run(client.resolve_username(name)).await {
            Ok(Some(p)) => p,
            Ok(None) => return Err(not_found(input)),
            Err(TelegramError::Rpc { name, .. }) if NOT_FOUND.contains(&name.as_str()) => {
                return Err(not_found(input))
            }
            Err(e) => return Err(e),
        };
        self.remember(&peer).await?.ok_or_else(|| not_found(input))
    }

    async fn by_phone(&self, input: &str, phone: String) -> Result<Known, TelegramError> {
        // contacts.resolvePhone finds the user behind a number the account may see.
        let req = grammers_client::tl::functions::contacts::ResolvePhone { phone };
        let client = self.link.client();
        let resolved = match self.link.run(client.invoke(&req)).await {
            Ok(grammers_client::tl::enums::contacts::ResolvedPeer::Peer(r)) => r,
            Err(TelegramError::Rpc { name, .. })
                if name.starts_with("PHONE_") || NOT_FOUND.contains(&name.as_str()) =>
            {
                return Err(not_found(input))
            }
            Err(e) => return Err(e),
        };
        let user = resolved
            .users
            .into_iter()
            .next()
            .ok_or_else(|| not_found(input))?;
        let peer = Peer::User(grammers_client::peer::User::from_raw(&client, user));
        self.remember(&peer).await?.ok_or_else(|| not_found(input))
    }

    /// A dialog whose title is exactly `input` (ignoring case): what people
    /// type when they know a chat by name.
    async fn by_title(&self, input: &str) -> Result<Known, TelegramError> {
        let title = input.trim();
        let matching = |k: &Known| k.chat.title.eq_ignore_ascii_case(title);
        if let Some(k) = self.peers.find(matching) {
            return Ok(k);
        }
        if self.peers.may_refresh() {
            self.dialogs(REFRESH_DIALOGS).await?;
            if let Some(k) = self.peers.find(matching) {
                return Ok(k);
            }
        }
        Err(not_found(input))
    }

    /// Caches a freshly resolved peer; `None` if it carries no usable reference.
    pub(super) async fn remember(&self, peer: &Peer) -> Result<Option<Known>, TelegramError> {
        let Some(mut chat) = chat_of(peer, 0) else {
            return Ok(None);
        };
        // A lookup does not say what the dialog list did (unread counts,
        // archive, pin, mute, the newest message): keep what it said.
        if let Some(old) = self.peers.get(chat.id) {
            chat.unread_count = old.chat.unread_count;
            chat.archived = old.chat.archived;
            chat.pinned = old.chat.pinned;
            chat.muted_until = old.chat.muted_until;
            chat.unread_mentions = old.chat.unread_mentions;
            chat.last_message_date = old.chat.last_message_date;
        }
        let Some(pref) = peer
            .to_ref()
            .await
            .map_err(|e| TelegramError::Other(e.to_string()))?
        else {
            return Ok(None);
        };
        let k = Known { peer: pref, chat };
        self.peers.insert(k.clone());
        Ok(Some(k))
    }
}
