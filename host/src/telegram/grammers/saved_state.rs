//! What the account knows that a restart would otherwise lose: the peer cache
//! (access hashes, so an id met once keeps resolving though it is outside
//! the first dialogs) and the update state (so `get_updates` resumes where it
//! was). Kept in `TGMCP_TELEGRAM_STATE_FILE` when it is set; never the
//! session's key, which stays in the environment.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use grammers_client::session::types::{
    ChannelState, PeerAuth, PeerId, PeerInfo, PeerRef, UpdateState, UpdatesState,
};
use grammers_client::session::Session;
use serde::{Deserialize, Serialize};
use sha2::Digest;

use grammers_client::session::storages::MemorySession;

use super::peers::{Known, Peers};
use super::GrammersBackend;
use crate::telegram::{Chat, ChatKind};

/// Format of the file; another version is ignored (and rewritten).
const VERSION: u32 = 1;
/// Most chats kept: a bound on the file and on start-up work.
pub const MAX_PEERS: usize = 20_000;

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    /// Fingerprint of the session's key: a file written for another session
    /// (another account, a new login) is not applied.
    session: String,
    peers: Vec<SavedPeer>,
    updates: Option<SavedUpdates>,
}

#[derive(Serialize, Deserialize)]
struct SavedPeer {
    id: i64,
    hash: i64,
    kind: ChatKind,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    username: Option<String>,
}

#[derive(Serialize, Deserialize, PartialEq)]
struct SavedUpdates {
    pts: i32,
    qts: i32,
    date: i32,
    seq: i32,
    /// (bare channel id, pts)
    channels: Vec<(i64, i32)>,
}

/// The state file of one session.
pub struct StateFile {
    path: PathBuf,
    session: String,
    /// What was last written, so an unchanged state is not written again.
    last: Mutex<String>,
}

impl StateFile {
    /// The file at `path` for the session with `auth_key`.
    pub fn new(path: &Path, auth_key: &[u8; 256]) -> Self {
        let digest = sha2::Sha256::digest(auth_key);
        StateFile {
            path: path.to_path_buf(),
            session: hex::encode(&digest[..8]),
            last: Mutex::new(String::new()),
        }
    }

    fn read(&self) -> Option<Saved> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let saved: Saved = match serde_json::from_str(&text) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(file = %self.path.display(), error = %e, "the Telegram state file is unreadable; starting without it");
                return None;
            }
        };
        (saved.version == VERSION && saved.session == self.session).then_some(saved)
    }

    /// Puts the saved chats into `peers` and the session, and the update
    /// state into the session. Returns whether an update state was restored
    /// (then the update consumer resumes from it).
    pub async fn restore(&self, session: &MemorySession, peers: &Peers) -> bool {
        let Some(saved) = self.read() else {
            return false;
        };
        let n = saved.peers.len();
        for p in saved.peers {
            let Some(id) = PeerId::from_bot_api_dialog_id(p.id) else {
                continue;
            };
            let auth = PeerAuth::from_hash(p.hash);
            let bare = id.bare_id_unchecked();
            let info = match p.kind {
                ChatKind::Group => PeerInfo::Chat { id: bare },
                ChatKind::Supergroup | ChatKind::Channel => PeerInfo::Channel {
                    id: bare,
                    auth: Some(auth),
                    kind: None,
                },
                _ => PeerInfo::User {
                    id: bare,
                    auth: Some(auth),
                    bot: Some(p.kind == ChatKind::Bot),
                    is_self: None,
                },
            };
            let _ = session.cache_peer(info).await;
            peers.insert(Known {
                peer: PeerRef { id, auth },
                chat: Chat::new(p.id, p.kind, p.title, p.username),
            });
        }
        let resumed = if let Some(u) = saved.updates {
            let state = UpdatesState {
                pts: u.pts,
                qts: u.qts,
                date: u.date,
                seq: u.seq,
                channels: u
                    .channels
                    .into_iter()
                    .map(|(id, pts)| ChannelState { id, pts })
                    .collect(),
            };
            session
                .set_update_state(UpdateState::All(state))
                .await
                .is_ok()
        } else {
            false
        };
        tracing::info!(
            chats = n,
            updates = resumed,
            "restored what the account knew before the restart"
        );
        resumed
    }

    /// Writes the cache and the update state if they changed since the last
    /// write (atomically: a crash leaves the old file or the new one).
    pub async fn save(&self, b: &GrammersBackend) {
        let mut peers: Vec<SavedPeer> = b
            .peers
            .all()
            .into_iter()
            .filter(|k| k.chat.kind != ChatKind::Saved)
            .map(|k| SavedPeer {
                id: k.chat.id,
                hash: k.peer.auth.hash(),
                kind: k.chat.kind,
                title: k.chat.title,
                username: k.chat.username,
            })
            .collect();
        peers.sort_by_key(|p| p.id);
        peers.truncate(MAX_PEERS);
        let updates = b.link.session().updates_state().await.ok().and_then(|u| {
            (u.pts > 0).then(|| SavedUpdates {
                pts: u.pts,
                qts: u.qts,
                date: u.date,
                seq: u.seq,
                channels: u.channels.iter().map(|c| (c.id, c.pts)).collect(),
            })
        });
        let saved = Saved {
            version: VERSION,
            session: self.session.clone(),
            peers,
            updates,
        };
        let Ok(text) = serde_json::to_string(&saved) else {
            return;
        };
        if *self.last.lock().unwrap_or_else(|e| e.into_inner()) == text {
            return;
        }
        match write_atomic(&self.path, &text) {
            Ok(()) => *self.last.lock().unwrap_or_else(|e| e.into_inner()) = text,
            Err(e) => {
                tracing::warn!(file = %self.path.display(), error = %e, "could not write the Telegram state file")
            }
        }
    }
}

/// Writes `text` beside `path` and renames it over `path`, owner-only: a
/// crash leaves the old file or the new one, never half of one.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    let mut f = open.open(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}
