//! The budget of long operations: waiting for updates (`wait_for_message`)
//! and fetching a file from a URL. A call that starts one gives its
//! short-call slot (and its plugin's share) back and holds a place here
//! instead, so waits and slow fetches never take the slots short calls need.
//! A client (one MCP session) holds at most half of the places.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Places for long operations, server-wide and per client.
pub struct LongOps {
    total: Arc<Semaphore>,
    max: usize,
    per_client: usize,
    by_client: Mutex<HashMap<String, usize>>,
}

/// One long operation's place; given back when the call ends.
pub struct LongPermit {
    _total: OwnedSemaphorePermit,
    ops: Arc<LongOps>,
    client: String,
}

impl std::fmt::Debug for LongPermit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LongPermit")
            .field("client", &self.client)
            .finish()
    }
}

impl Drop for LongPermit {
    fn drop(&mut self) {
        let mut by = self.ops.lock();
        if let Some(n) = by.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by.remove(&self.client);
            }
        }
    }
}

impl LongOps {
    /// `max` places in all (at least one), half of them (at least one) per client.
    pub fn new(max: usize) -> Arc<Self> {
        let max = max.max(1);
        Arc::new(LongOps {
            total: Arc::new(Semaphore::new(max)),
            max,
            per_client: max.div_ceil(2),
            by_client: Mutex::default(),
        })
    }

    /// Places in all.
    pub fn max(&self) -> usize {
        self.max
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.by_client.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for `client`'s long operation now, or why not (never waits:
    /// a refusal is quick and says to try again).
    pub fn try_start(self: &Arc<Self>, client: &str) -> Result<LongPermit, String> {
        let mut by = self.lock();
        let n = by.entry(client.to_string()).or_insert(0);
        if *n >= self.per_client {
            return Err(format!(
                "the server is busy: this client already has {} waits or URL fetches running; wait for one to end, then try again",
                self.per_client
            ));
        }
        let Ok(total) = self.total.clone().try_acquire_owned() else {
            return Err(format!(
                "the server is busy: {} waits or URL fetches are running; try again in a moment",
                self.max
            ));
        };
        *n += 1;
        Ok(LongPermit {
            _total: total,
            ops: self.clone(),
            client: client.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_client_takes_half_and_places_come_back() {
        let ops = LongOps::new(4);
        let a1 = ops.try_start("a").unwrap();
        let _a2 = ops.try_start("a").unwrap();
        assert!(ops.try_start("a").unwrap_err().contains("this client"));
        let _b1 = ops.try_start("b").unwrap();
        let _b2 = ops.try_start("b").unwrap();
        assert!(ops.try_start("c").unwrap_err().contains("4 waits"));
        drop(a1);
        assert!(ops.try_start("c").is_ok());
    }
}
