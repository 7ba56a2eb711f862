//! Places counted per client under a cap, each given back when it is dropped:
//! one client's share of the open sessions (`mcp::sessions`) and of the long
//! operations (`long_ops`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many places each client holds, at most `cap` each.
#[derive(Debug)]
pub struct PerClient {
    cap: usize,
    counts: Mutex<HashMap<String, usize>>,
}

/// One place of one client; given back on drop.
#[derive(Debug)]
pub struct Place {
    owner: Arc<PerClient>,
    client: String,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut counts = self.owner.lock();
        if let Some(n) = counts.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(&self.client);
            }
        }
    }
}

impl PerClient {
    /// At most `cap` places per client.
    pub fn new(cap: usize) -> Arc<Self> {
        Arc::new(PerClient {
            cap,
            counts: Mutex::default(),
        })
    }

    /// Places one client may hold.
    pub fn cap(&self) -> usize {
        self.cap
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for `client`, unless it holds `cap` already.
    pub fn take(self: &Arc<Self>, client: &str) -> Option<Place> {
        let mut counts = self.lock();
        let n = counts.entry(client.to_string()).or_insert(0);
        if *n >= self.cap {
            return None;
        }
        *n += 1;
        Some(Place {
            owner: self.clone(),
            client: client.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_holds_at_most_its_cap_and_places_come_back() {
        let p = PerClient::new(2);
        let a1 = p.take("a").unwrap();
        let _a2 = p.take("a").unwrap();
        assert!(p.take("a").is_none());
        assert!(p.take("b").is_some(), "another client has its own places");
        drop(a1);
        assert!(p.take("a").is_some());
    }
}
