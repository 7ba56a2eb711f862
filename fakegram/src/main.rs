//! `fakegram [--host H] [--port N] [--key-hex HEX]`: runs the demo account on
//! a local MTProto server and prints a Telethon session string for it (on
//! stdout, one line), for benchmarks and manual runs out of process.

use std::net::{IpAddr, SocketAddr};

fn usage() -> ! {
    eprintln!("usage: fakegram [--host 127.0.0.1] [--port 0] [--key-hex <512 hex chars>]");
    std::process::exit(2)
}

fn parse_key(hex: &str) -> Option<[u8; 256]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 512 {
        return None;
    }
    let mut key = [0u8; 256];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let s = std::str::from_utf8(pair).ok()?;
        key[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(key)
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let mut host: IpAddr = [127, 0, 0, 1].into();
    let mut port = 0u16;
    let mut key = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--host" => host = v.parse().unwrap_or_else(|_| usage()),
            "--port" => port = v.parse().unwrap_or_else(|_| usage()),
            "--key-hex" => key = Some(parse_key(&v).unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    let opts = fakegram::Options {
        addr: SocketAddr::new(host, port),
        auth_key: key,
        ..fakegram::Options::default()
    };
    let server = match fakegram::Server::start_with(fakegram::Account::demo(), opts).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fakegram: cannot listen on {host}:{port}: {e}");
            std::process::exit(1)
        }
    };
    eprintln!(
        "fakegram: demo account on {} (dc {})",
        server.addr(),
        server.dc_id()
    );
    println!("{}", server.telethon_session());
    let _ = tokio::signal::ctrl_c().await;
    server.stop().await;
}
