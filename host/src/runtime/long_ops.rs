//! The budget of long operations: waiting for updates (`wait_for_message`)
//! and fetching a file from a URL. A call that starts one gives its
//! short-call slot (and its plugin's share) back and holds a place here
//! instead, so waits and slow fetches never take the slots short calls need.
//! A client (one MCP session) holds at most half of the places.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::per_client::{PerClient, Place};

/// Places for long operations, server-wide and per client.
pub struct LongOps {
    total: Arc<Semaphore>,
    max: usize,
    per_client: Arc<PerClient>,
}

/// One long operation's place; given back when the call ends.
#[derive(Debug)]
pub struct LongPermit {
    _total: OwnedSemaphorePermit,
    _place: Place,
}

impl LongOps {
    /// `max` places in all (at least one), half of them (at least one) per client.
    pub fn new(max: usize) -> Arc<Self> {
        let max = max.max(1);
        Arc::new(LongOps {
            total: Arc::new(Semaphore::new(max)),
            max,
            per_client: PerClient::new(max.div_ceil(2)),
        })
    }

    /// Places in all.
    pub fn max(&self) -> usize {
        self.max
    }

    /// A place for `client`'s long operation now, or why not (never waits:
    /// a refusal is quick and says to try again).
    pub fn try_start(&self, client: &str) -> Result<LongPermit, String> {
        let place = self.per_client.take(client).ok_or_else(|| {
            format!(
                "the server is busy: this client already has {} waits or URL fetches running; wait for one to end, then try again",
                self.per_client.cap()
            )
        })?;
        let total = self.total.clone().try_acquire_owned().map_err(|_| {
            format!(
                "the server is busy: {} waits or URL fetches are running; try again in a moment",
                self.max
            )
        })?;
        Ok(LongPermit {
            _total: total,
            _place: place,
        })
    }
}

/// A running call's place among the short-call slots: its plugin's share
/// and the pool's slot, given back when the call ends or starts a long
/// operation.
pub struct CallPermits {
    pub share: tokio::sync::OwnedSemaphorePermit,
    pub slot: tokio::sync::OwnedSemaphorePermit,
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
