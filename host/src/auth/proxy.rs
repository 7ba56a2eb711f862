//! Which address a request comes from: the TCP peer, or, when the peer is a
//! configured proxy (`TGMCP_TRUSTED_PROXIES`), the rightmost X-Forwarded-For
//! hop that is not one of those proxies. Hops left of it are whatever the
//! client wrote, so trusting them would let a client pick its own address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;

/// The proxies whose X-Forwarded-For is believed (none by default).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Trusts the given addresses and networks.
    pub fn new(nets: Vec<IpNet>) -> Self {
        TrustedProxies(nets)
    }

    /// Whether `ip` is one of the configured proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = unmap(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client address of a request that arrived from `peer`.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = unmap(peer);
        if !self.trusts(peer) {
            return peer;
        }
        // Several X-Forwarded-For headers read as one list, in order.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect();
        let mut nearest = peer;
        for hop in hops.iter().rev() {
            // A hop we cannot read ends the walk at the last proxy we trust.
            let Some(ip) = parse_hop(hop) else {
                return nearest;
            };
            if !self.trusts(ip) {
                return ip;
            }
            nearest = ip;
        }
        nearest
    }

    /// The client address of a request, from its connection info and headers
    /// (`None` when served without connection info, as in in-process tests).
    pub fn from_request(&self, ext: &Extensions, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = ext.get::<ConnectInfo<SocketAddr>>()?.0.ip();
        Some(self.client_ip(peer, headers))
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse().ok())
        })
        .map(unmap)
}

/// An IPv4-mapped IPv6 address is the IPv4 address (dual-stack listeners report them).
fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|s| s.parse().unwrap()).collect())
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let p = TrustedProxies::default();
        let h = xff(&["203.0.113.9"]);
        assert_eq!(p.client_ip(ip("198.51.100.1"), &h), ip("198.51.100.1"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let p = proxies(&["10.0.0.0/8", "192.0.2.7/32"]);
        // The client wrote "1.1.1.1" itself; the proxy appended its real address.
        let h = xff(&["1.1.1.1, 203.0.113.9"]);
        assert_eq!(p.client_ip(ip("10.1.2.3"), &h), ip("203.0.113.9"));
        // A chain of our proxies is skipped, across several headers.
        let h = xff(&["1.1.1.1, 203.0.113.9", "192.0.2.7, 10.9.9.9"]);
        assert_eq!(p.client_ip(ip("10.1.2.3"), &h), ip("203.0.113.9"));
        // Ports and brackets are read; mapped addresses are plain IPv4.
        let h = xff(&["[2001:db8::5]:443"]);
        assert_eq!(p.client_ip(ip("::ffff:10.0.0.1"), &h), ip("2001:db8::5"));
        let h = xff(&["198.51.100.4:5555"]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("198.51.100.4"));
    }

    #[test]
    fn garbage_or_missing_hops_fall_back_to_the_nearest_proxy() {
        let p = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            p.client_ip(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        let h = xff(&["203.0.113.9, not-an-ip, 10.0.0.2"]);
        assert_eq!(p.client_ip(ip("10.0.0.1"), &h), ip("10.0.0.2"));
    }
}
