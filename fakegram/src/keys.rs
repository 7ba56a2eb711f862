//! The authorization keys the server knows: its own (the one its session
//! strings carry, signed in or out as [`crate::Login`] says) and every key a
//! client created by key exchange, each signed out until a sign-in on it
//! succeeds, as at Telegram.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use crate::crypto::Key;

/// A key and how its sign-in state is kept.
#[derive(Clone)]
pub(crate) struct Known {
    pub key: Key,
    /// Created by key exchange: signed in only after a sign-in on this key.
    /// (The server's own key follows the server-wide [`crate::Login`].)
    pub exchanged: bool,
}

struct Entry {
    known: Known,
    signed_in: bool,
}

pub(crate) struct Keys(Mutex<HashMap<[u8; 8], Entry>>);

impl Keys {
    pub fn new(own: Key) -> Self {
        let entry = Entry {
            known: Known {
                key: own.clone(),
                exchanged: false,
            },
            signed_in: false,
        };
        Keys(Mutex::new(HashMap::from([(own.id, entry)])))
    }

    fn map(&self) -> MutexGuard<'_, HashMap<[u8; 8], Entry>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The key with this auth_key_id, if the server knows it.
    pub fn get(&self, id: &[u8]) -> Option<Known> {
        let id: [u8; 8] = id.try_into().ok()?;
        self.map().get(&id).map(|e| e.known.clone())
    }

    /// Registers a key made by key exchange, signed out.
    pub fn add(&self, key: Key) {
        let entry = Entry {
            known: Known {
                key: key.clone(),
                exchanged: true,
            },
            signed_in: false,
        };
        self.map().insert(key.id, entry);
    }

    /// Whether an exchanged key is signed in.
    pub fn signed_in(&self, id: &[u8; 8]) -> bool {
        self.map().get(id).is_some_and(|e| e.signed_in)
    }

    /// Binds an exchanged key to the account (a sign-in on it succeeded).
    pub fn sign_in(&self, id: &[u8; 8]) {
        if let Some(e) = self.map().get_mut(id) {
            e.signed_in = true;
        }
    }

    /// How many keys were made by key exchange.
    pub fn exchanged(&self) -> usize {
        self.map().values().filter(|e| e.known.exchanged).count()
    }
}
