//! Fixed-window counters per client in a table of bounded size, for the
//! request rate limit (per token, session or address), OAuth registrations and
//! wrong consent secrets (per address).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most addresses one limiter tracks at once (about 100 bytes each, so under
/// 1 MiB). Past it, expired windows go first, then the oldest window; an
/// attacker flooding addresses can only reset other addresses' counts, never
/// lock anyone out.
pub const MAX_TRACKED: usize = 10_000;

/// Default requests per minute per client: 100 a second sustained, which a
/// person's assistant, however busy, does not reach (ChatGPT runs a few tool
/// calls a second at most), while one runaway client still cannot take the
/// server's CPU from the others.
pub const DEFAULT_PER_MINUTE: u32 = 6000;

/// Whom a count belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A client address (IPv6 per /64).
    Ip(IpAddr),
    /// A credential or session, by a digest of it (never the secret itself).
    Id([u8; 16]),
}

impl Key {
    /// The key of a token or session id: the first 128 bits of its sha256.
    pub fn id(kind: &str, secret: &str) -> Key {
        use sha2::{Digest, Sha256};
        let d = Sha256::new()
            .chain_update(kind)
            .chain_update([0])
            .chain_update(secret)
            .finalize();
        let mut k = [0u8; 16];
        k.copy_from_slice(&d[..16]);
        Key::Id(k)
    }
}

/// Up to `max` events per `window` per client (`max == 0`: unlimited).
#[derive(Debug)]
pub struct Limiter {
    max: u32,
    window: Duration,
    cap: usize,
    table: Mutex<HashMap<Key, (Instant, u32)>>,
}

impl Limiter {
    /// A limiter of `max` events per `window` per address.
    pub fn new(max: u32, window: Duration) -> Self {
        Limiter {
            max,
            window,
            cap: MAX_TRACKED,
            table: Mutex::new(HashMap::new()),
        }
    }

    /// The same with a different table bound (tests use a small one).
    pub fn with_capacity(mut self, cap: usize) -> Self {
        self.cap = cap.max(1);
        self
    }

    /// Counts one event from `ip`; `Err(wait)` when that is over the limit.
    pub fn hit(&self, ip: IpAddr) -> Result<(), Duration> {
        self.count(Key::Ip(bucket(ip)), 1)
    }

    /// Counts one event of `key` (an address is bucketed like [`Limiter::hit`]).
    pub fn hit_key(&self, key: Key) -> Result<(), Duration> {
        match key {
            Key::Ip(ip) => self.hit(ip),
            id => self.count(id, 1),
        }
    }

    /// `Err(wait)` when `ip` has used up its window, without counting.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.count(Key::Ip(bucket(ip)), 0)
    }

    fn count(&self, key: Key, n: u32) -> Result<(), Duration> {
        if self.max == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
        if !t.contains_key(&key) && t.len() >= self.cap {
            self.make_room(&mut t, now);
        }
        let e = t.entry(key).or_insert((now, 0));
        if now.duration_since(e.0) >= self.window {
            *e = (now, 0);
        }
        e.1 = e.1.saturating_add(n);
        // `hit` fails past the limit; `check` fails once the limit is reached.
        let over = if n == 0 {
            e.1 >= self.max
        } else {
            e.1 > self.max
        };
        if over {
            return Err(self.window.saturating_sub(now.duration_since(e.0)));
        }
        Ok(())
    }

    /// Drops expired windows, or else the oldest one, so the table stays bounded.
    fn make_room(&self, t: &mut HashMap<Key, (Instant, u32)>, now: Instant) {
        t.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        if t.len() >= self.cap {
            if let Some(oldest) = t.iter().min_by_key(|(_, (s, _))| *s).map(|(k, _)| *k) {
                t.remove(&oldest);
            }
        }
    }

    /// Addresses tracked now.
    pub fn tracked(&self) -> usize {
        self.table.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// The unit a limit applies to: an IPv4 address, or an IPv6 /64 (one host
/// usually holds a whole /64, so single IPv6 addresses would be free to rotate).
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6([s[0], s[1], s[2], s[3], 0, 0, 0, 0].into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn limits_each_address_on_its_own() {
        let l = Limiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.hit(ip("10.0.0.1")).is_ok());
        }
        assert!(l.hit(ip("10.0.0.1")).is_err());
        assert!(l.check(ip("10.0.0.1")).is_err());
        assert!(
            l.hit(ip("10.0.0.2")).is_ok(),
            "other clients are not affected"
        );
    }

    #[test]
    fn check_does_not_count() {
        let l = Limiter::new(2, Duration::from_secs(60));
        for _ in 0..10 {
            assert!(l.check(ip("10.0.0.1")).is_ok());
        }
        l.hit(ip("10.0.0.1")).unwrap();
        assert!(l.check(ip("10.0.0.1")).is_ok());
        l.hit(ip("10.0.0.1")).unwrap();
        assert!(
            l.check(ip("10.0.0.1")).is_err(),
            "locked once max is reached"
        );
    }

    #[test]
    fn the_table_stays_bounded_under_an_address_flood() {
        let l = Limiter::new(5, Duration::from_secs(60)).with_capacity(100);
        l.hit(ip("192.0.2.1")).unwrap();
        for i in 0..5_000u32 {
            let _ = l.hit(IpAddr::V4(i.to_be_bytes().into()));
            assert!(l.tracked() <= 100);
        }
    }

    #[test]
    fn ipv6_counts_per_64() {
        let l = Limiter::new(1, Duration::from_secs(60));
        l.hit(ip("2001:db8::1")).unwrap();
        assert!(l.hit(ip("2001:db8::2")).is_err(), "same /64");
        assert!(l.hit(ip("2001:db8:0:1::1")).is_ok(), "another /64");
        l.hit(ip("10.1.1.1")).unwrap();
        assert!(
            l.hit(ip("::ffff:10.1.1.1")).is_err(),
            "v4-mapped is the v4 address"
        );
    }

    #[test]
    fn tokens_and_sessions_count_apart_from_their_address() {
        let l = Limiter::new(2, Duration::from_secs(60));
        let (a, b) = (Key::id("session", "a"), Key::id("session", "b"));
        l.hit_key(a).unwrap();
        l.hit_key(a).unwrap();
        assert!(l.hit_key(a).is_err());
        assert!(l.hit_key(b).is_ok(), "another session of the same address");
        assert!(
            l.hit(ip("10.0.0.1")).is_ok(),
            "the address has its own count"
        );
        assert_ne!(Key::id("token", "a"), a, "kinds do not collide");
    }

    #[test]
    fn zero_means_unlimited() {
        let l = Limiter::new(0, Duration::from_secs(60));
        for _ in 0..100 {
            assert!(l.hit(ip("10.0.0.1")).is_ok());
        }
        assert_eq!(l.tracked(), 0);
    }
}
