//! Finding the chat a user named: the account itself, ids through the cache
//! and the session's access hashes, usernames, phone numbers and exact dialog
//! titles, with dialog refreshes throttled (each miss used to cost up to ten
//! `getDialogs` calls: FLOOD_WAIT bait).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use grammers_client::peer::Peer;
use grammers_client::session::types::{PeerId, PeerKind, PeerRef};
use grammers_client::session::Session;

use super::convert::chat_of;
use super::GrammersBackend;
use crate::telegram::closest::{self, Suggestions};
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
    /// Ids of the account's dialogs and contacts: what a name is matched
    /// against (the cache also holds every sender and chat met in passing).
    listed: Mutex<HashSet<i64>>,
    /// When the contacts were last read for matching.
    contacts_read: Mutex<Option<Instant>>,
}

impl Peers {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Known>> {
        self.by_id.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers a chat.
    pub fn insert(&self, k: Known) {
        self.lock().insert(k.chat.id, k);
    }

    /// Every chat in the cache (for the state file).
    pub fn all(&self) -> Vec<Known> {
        self.lock().values().cloned().collect()
    }

    fn get(&self, id: i64) -> Option<Known> {
        self.lock().get(&id).cloned()
    }

    fn find(&self, f: impl Fn(&Known) -> bool) -> Option<Known> {
        self.lock().values().find(|k| f(k)).cloned()
    }

    /// Whether a refresh is allowed now (and if so, counts it as done).
    fn may_refresh(&self) -> bool {
        due(&self.last_refresh)
    }

    /// Marks chats as the account's own (a dialog or a contact).
    pub fn list(&self, ids: impl IntoIterator<Item = i64>) {
        let mut listed = self.listed.lock().unwrap_or_else(|e| e.into_inner());
        listed.extend(ids);
    }

    /// The account's dialogs and contacts seen so far.
    fn listed(&self) -> Vec<Chat> {
        let listed = self.listed.lock().unwrap_or_else(|e| e.into_inner());
        let by_id = self.lock();
        listed
            .iter()
            .filter_map(|id| by_id.get(id).map(|k| k.chat.clone()))
            .collect()
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

/// Whether the throttled action last done at `last` may run now (and if so, counts it as done).
fn due(last: &Mutex<Option<Instant>>) -> bool {
    let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
    match *last {
        Some(t) if t.elapsed() < REFRESH_EVERY => false,
        _ => {
            *last = Some(Instant::now());
            true
        }
    }
}

/// Whether `input` is written as a name (`Alice`) rather than as a username
/// (`@alice`, `t.me/alice`): only a name may be a word of a title.
fn written_as_name(input: &str) -> bool {
    let s = input.trim();
    !s.starts_with('@') && !s.contains('/') && !s.contains(':')
}

fn not_found(input: &str) -> TelegramError {
    TelegramError::ChatNotFound(input.trim().to_string(), Default::default())
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
            Written::Username(name) => {
                // A bare word (`Alice`) is first the account's own chat of that
                // name, as in Telegram's search: a stranger's public @alice is
                // not who was meant.
                if written_as_name(input) {
                    if let Some(k) = self.by_name(input).await? {
                        return Ok(k);
                    }
                }
                match self.by_username(input, &name).await {
                    Err(TelegramError::ChatNotFound(..)) => self.by_title(input).await,
                    other => other,
                }
            }
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

    /// The chat `input` names by title, else a miss suggesting the closest.
    async fn by_title(&self, input: &str) -> Result<Known, TelegramError> {
        if let Some(k) = self.by_name(input).await? {
            return Ok(k);
        }
        let listed = self.names_to_match().await?;
        let suggestions = Suggestions::of(input, &listed);
        Err(TelegramError::ChatNotFound(
            input.trim().to_string(),
            suggestions,
        ))
    }

    /// A dialog whose title is exactly `input` (ignoring case): what people
    /// type when they know a chat by name. Else the one dialog or contact a
    /// word of whose title it is (a first name), as Telegram's search picks
    /// the only Alice; `None` when none or several are.
    async fn by_name(&self, input: &str) -> Result<Option<Known>, TelegramError> {
        let title = input.trim().to_lowercase();
        let matching = |k: &Known| k.chat.title.to_lowercase() == title;
        if let Some(k) = self.peers.find(matching) {
            return Ok(Some(k));
        }
        if self.peers.may_refresh() {
            self.dialogs(REFRESH_DIALOGS).await?;
            if let Some(k) = self.peers.find(matching) {
                return Ok(Some(k));
            }
        }
        if !written_as_name(input) {
            return Ok(None);
        }
        let listed = self.names_to_match().await?;
        Ok(closest::only_word_match(input, &listed).and_then(|c| self.peers.get(c.id)))
    }

    /// The account's dialogs and contacts, the contacts read at most once a
    /// minute (the dialogs are refreshed by the miss that asks).
    async fn names_to_match(&self) -> Result<Vec<Chat>, TelegramError> {
        if due(&self.peers.contacts_read) {
            let ids = self.contacts().await?.into_iter().map(|u| u.id);
            self.peers.list(ids);
        }
        Ok(self.peers.listed())
    }

    /// Every dialog and contact `name` may mean, closest first.
    pub(super) async fn similar(&self, name: &str) -> Result<Vec<Chat>, TelegramError> {
        if self.peers.may_refresh() {
            self.dialogs(REFRESH_DIALOGS).await?;
        }
        let listed = self.names_to_match().await?;
        Ok(closest::ranked(name, &listed))
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
