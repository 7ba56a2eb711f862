//! `tgmcp health`: probes a running server's /health for container health
//! checks (the image has no curl or shell).

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

/// Asks `127.0.0.1:port/health`; returns the body and whether it said 200.
pub fn probe(port: u16) -> std::io::Result<(String, bool)> {
    let mut conn = std::net::TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_secs(3),
    )?;
    conn.set_read_timeout(Some(Duration::from_secs(3)))?;
    // Plain HTTP/1.0: the server closes the connection after the answer.
    conn.write_all(b"GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut reply = String::new();
    conn.read_to_string(&mut reply)?;
    let healthy = reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200");
    let body = reply.split("\r\n\r\n").nth(1).unwrap_or(&reply).to_string();
    Ok((body, healthy))
}
