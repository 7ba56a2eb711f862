//! What the authorization server remembers: registered clients, pending
//! codes, and token families. A family is everything issued from one consent;
//! replaying its redeemed code or a rotated refresh token revokes it whole
//! (RFC 9700 §2.2.2, §4.14), since one of the two users is an attacker.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{OAuthError, CODE_TTL, REFRESH_TTL};

/// Most registered clients. Past it a registration evicts the oldest client
/// that never completed an authorization; clients the owner consented to stay.
pub const MAX_CLIENTS: usize = 1000;
/// How long a redeemed code is remembered, so that a replay can revoke its family.
const USED_CODE_MEMORY: u64 = 600;

pub(super) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// 256 bits of randomness, URL-safe.
pub(super) fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// Tokens are kept only as hashes, in memory and on disk.
pub(super) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A registered client (RFC 7591).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Client {
    pub client_id: String,
    pub client_name: Option<String>,
    pub redirect_uris: Vec<String>,
    pub issued_at: u64,
    /// When the owner last consented for it; `None`: never, so evictable.
    #[serde(default)]
    pub last_used: Option<u64>,
    /// Registration order, to evict the oldest among equal `issued_at` seconds.
    #[serde(default)]
    pub seq: u64,
}

#[derive(Debug, Clone)]
struct Code {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    resource: String,
    family: String,
    expires: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Grant {
    client_id: String,
    resource: String,
    /// The consent this grant descends from (older state files have none).
    #[serde(default)]
    family: String,
    expires: u64,
}

/// What survives a restart when persistence is on.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Persisted {
    clients: HashMap<String, Client>,
    /// hash(refresh token) -> grant
    refresh: HashMap<String, Grant>,
}

/// A freshly issued token pair, to send to the client once.
#[derive(Debug)]
pub(super) struct Issued {
    pub access: String,
    pub refresh: String,
}

/// The server's tables; the caller holds the lock and persists when [`Store::take_dirty`] says so.
#[derive(Debug, Default)]
pub(super) struct Store {
    clients: HashMap<String, Client>,
    next_seq: u64,
    /// hash(code) -> pending code
    codes: HashMap<String, Code>,
    /// hash(redeemed code) -> (family, forget after)
    used_codes: HashMap<String, (String, u64)>,
    /// hash(access token) -> grant
    access: HashMap<String, Grant>,
    /// hash(refresh token) -> grant
    refresh: HashMap<String, Grant>,
    /// What the state file holds changed since the last save.
    dirty: bool,
}

impl Store {
    /// Reads the state file; a missing or unreadable one starts empty (logged).
    pub fn load(path: &Path) -> Store {
        let mut st = Store::default();
        let p = match std::fs::read(path) {
            Ok(bytes) => match serde_json::from_slice::<Persisted>(&bytes) {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "ignoring unreadable OAuth state file");
                    return st;
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return st,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cannot read the OAuth state file");
                return st;
            }
        };
        st.clients = p.clients;
        st.refresh = p.refresh;
        // Files from before families: each grant is its own family, and a
        // client holding a grant has completed an authorization.
        for g in st.refresh.values_mut().filter(|g| g.family.is_empty()) {
            g.family = family_id();
        }
        let holders: HashSet<&str> = st.refresh.values().map(|g| g.client_id.as_str()).collect();
        for c in st.clients.values_mut() {
            if c.last_used.is_none() && holders.contains(c.client_id.as_str()) {
                c.last_used = Some(c.issued_at);
            }
        }
        st.next_seq = st.clients.values().map(|c| c.seq + 1).max().unwrap_or(0);
        // A file filled by a registration flood must not lock new clients out.
        while st.clients.len() > MAX_CLIENTS && st.evict_unused() {}
        st
    }

    /// Writes the state file (mode 0600) through a temporary file.
    pub fn save(&self, path: &Path) {
        let data = Persisted {
            clients: self.clients.clone(),
            refresh: self.refresh.clone(),
        };
        let result = serde_json::to_vec(&data)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                let tmp = path.with_extension("tmp");
                let mut o = std::fs::OpenOptions::new();
                o.write(true).create(true).truncate(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    o.mode(0o600);
                }
                std::io::Write::write_all(&mut o.open(&tmp)?, &bytes)?;
                std::fs::rename(&tmp, path)
            });
        if let Err(e) = result {
            tracing::warn!(path = %path.display(), error = %e, "could not save the OAuth state");
        }
    }

    /// Whether the persisted part changed since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Adds a client, evicting the oldest never-used one when the table is full.
    /// Not persisted until the owner consents: unauthenticated requests do not write to disk.
    pub fn register(&mut self, mut client: Client) -> Result<(), OAuthError> {
        if self.clients.len() >= MAX_CLIENTS && !self.evict_unused() {
            return Err(OAuthError::InvalidClientMetadata(
                "too many registered clients".into(),
            ));
        }
        client.seq = self.next_seq;
        self.next_seq += 1;
        self.clients.insert(client.client_id.clone(), client);
        Ok(())
    }

    /// Removes the oldest client that never completed an authorization.
    fn evict_unused(&mut self) -> bool {
        let oldest = self
            .clients
            .values()
            .filter(|c| c.last_used.is_none())
            .min_by_key(|c| (c.issued_at, c.seq))
            .map(|c| c.client_id.clone());
        let Some(id) = oldest else { return false };
        tracing::debug!(client_id = %id, "evicting an OAuth client that never signed in");
        // Not a reason to write the file: the next save drops it there too.
        self.clients.remove(&id);
        true
    }

    /// A registered client.
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.get(id)
    }

    /// The owner consented: a new code (and family) for `client_id`, which is now in use.
    pub fn grant_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        challenge: &str,
        resource: &str,
    ) -> String {
        let t = now();
        if let Some(c) = self.clients.get_mut(client_id) {
            c.last_used = Some(t);
            self.dirty = true;
        }
        self.codes.retain(|_, c| c.expires > t);
        let code = random_token();
        self.codes.insert(
            hash(&code),
            Code {
                client_id: client_id.into(),
                redirect_uri: redirect_uri.into(),
                challenge: challenge.into(),
                resource: resource.into(),
                family: family_id(),
                expires: t + CODE_TTL.as_secs(),
            },
        );
        code
    }

    /// Redeems a code once (PKCE S256); a second time revokes what the first issued.
    pub fn redeem_code(
        &mut self,
        code: &str,
        client_id: Option<&str>,
        redirect_uri: Option<&str>,
        verifier: &str,
        access_ttl: Duration,
    ) -> Result<Issued, OAuthError> {
        let t = now();
        self.used_codes.retain(|_, (_, forget)| *forget > t);
        let h = hash(code);
        if let Some((family, _)) = self.used_codes.get(&h).cloned() {
            let n = self.revoke_family(&family);
            tracing::warn!(
                revoked = n,
                "OAuth code replayed: revoking the tokens issued from it"
            );
            return Err(OAuthError::InvalidGrant(
                "the code was already used: the tokens issued from it are revoked",
            ));
        }
        let Some(c) = self.codes.remove(&h) else {
            return Err(OAuthError::InvalidGrant("unknown, used or expired code"));
        };
        self.used_codes
            .insert(h, (c.family.clone(), t + USED_CODE_MEMORY));
        if c.expires <= t {
            return Err(OAuthError::InvalidGrant("the code expired"));
        }
        if client_id != Some(c.client_id.as_str()) || redirect_uri != Some(c.redirect_uri.as_str())
        {
            return Err(OAuthError::InvalidGrant(
                "client_id or redirect_uri does not match the code",
            ));
        }
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if !bool::from(computed.as_bytes().ct_eq(c.challenge.as_bytes())) {
            return Err(OAuthError::InvalidGrant(
                "code_verifier does not match the code_challenge",
            ));
        }
        Ok(self.issue(&c.client_id, &c.resource, &c.family, access_ttl))
    }

    /// Rotates a refresh token; presenting a rotated one revokes its family.
    pub fn refresh(
        &mut self,
        token: &str,
        client_id: Option<&str>,
        access_ttl: Duration,
    ) -> Result<Issued, OAuthError> {
        let t = now();
        let Some(g) = self.refresh.remove(&hash(token)) else {
            // Refresh tokens are `family.random`: a live family with an unknown
            // token means an old one of the family came back.
            let family = token.split_once('.').map(|(f, _)| f).unwrap_or_default();
            if !family.is_empty() && self.refresh.values().any(|g| g.family == family) {
                let n = self.revoke_family(family);
                tracing::warn!(
                    revoked = n,
                    "OAuth refresh token replayed: revoking its family"
                );
                return Err(OAuthError::InvalidGrant(
                    "the refresh token was already used: its tokens are revoked, sign in again",
                ));
            }
            return Err(OAuthError::InvalidGrant("unknown or used refresh token"));
        };
        self.dirty = true;
        if g.expires <= t || client_id.is_some_and(|c| c != g.client_id) {
            return Err(OAuthError::InvalidGrant(
                "expired refresh token or wrong client",
            ));
        }
        Ok(self.issue(&g.client_id, &g.resource, &g.family, access_ttl))
    }

    /// Whether `token` is a live access token (drops expired ones on the way).
    pub fn access_ok(&mut self, token: &str) -> bool {
        let t = now();
        self.access.retain(|_, g| g.expires > t);
        self.access.contains_key(&hash(token))
    }

    /// Issues an access token and a refresh token in `family`.
    fn issue(&mut self, client_id: &str, resource: &str, family: &str, ttl: Duration) -> Issued {
        let t = now();
        let access = random_token();
        let refresh = format!("{family}.{}", random_token());
        let grant = |expires| Grant {
            client_id: client_id.into(),
            resource: resource.into(),
            family: family.into(),
            expires,
        };
        self.access.insert(hash(&access), grant(t + ttl.as_secs()));
        self.refresh.retain(|_, g| g.expires > t);
        self.refresh
            .insert(hash(&refresh), grant(t + REFRESH_TTL.as_secs()));
        self.dirty = true;
        Issued { access, refresh }
    }

    /// Drops every access and refresh token of `family`; how many went.
    fn revoke_family(&mut self, family: &str) -> usize {
        let before = self.access.len() + self.refresh.len();
        self.access.retain(|_, g| g.family != family);
        self.refresh.retain(|_, g| g.family != family);
        self.dirty = true;
        before - self.access.len() - self.refresh.len()
    }
}

/// A family id: random, and without '.' since it prefixes refresh tokens.
fn family_id() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>())
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
