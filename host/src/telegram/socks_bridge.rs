//! A loopback SOCKS5 relay in front of a proxy that needs a user name and
//! password. grammers reads the credentials from its proxy URL without
//! percent-decoding them, so a password with `@ : / # ? =` or a space (which
//! a URL must encode) would reach the proxy encoded and fail every
//! connection. grammers dials this relay instead, with a random URL-safe
//! token as its credentials; the relay opens each connection through the
//! real proxy with the decoded credentials, as `tgmcp login`'s check does.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// Connections relayed at once (grammers opens one per data center).
pub const MAX_RELAYED: usize = 32;
/// Bound on the SOCKS5 greeting and the upstream connect.
const HANDSHAKE: Duration = Duration::from_secs(20);

/// Where the relay goes and what grammers must present to use it.
struct Relay {
    upstream: SocketAddr,
    user: String,
    password: String,
    token: String,
    slots: Arc<Semaphore>,
}

/// Starts the relay on 127.0.0.1 and returns the URL grammers should use.
/// It runs for the life of the process (as the backend does).
pub async fn start(
    upstream: SocketAddr,
    user: String,
    password: String,
) -> std::io::Result<String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let token: String = {
        use rand::distr::{Alphanumeric, SampleString};
        Alphanumeric.sample_string(&mut rand::rng(), 24)
    };
    let relay = Arc::new(Relay {
        upstream,
        user,
        password,
        token: token.clone(),
        slots: Arc::new(Semaphore::new(MAX_RELAYED)),
    });
    tokio::spawn(async move {
        while let Ok((c, _)) = listener.accept().await {
            // Past the cap a connection is refused (closed), never queued.
            let Ok(permit) = relay.slots.clone().try_acquire_owned() else {
                continue;
            };
            let relay = relay.clone();
            tokio::spawn(async move {
                if let Err(e) = relay.serve(c).await {
                    tracing::warn!(error = %e, "SOCKS5 proxy connection failed");
                }
                drop(permit);
            });
        }
    });
    Ok(format!("socks5://tgmcp:{token}@{addr}"))
}

impl Relay {
    async fn serve(&self, mut c: TcpStream) -> std::io::Result<()> {
        let target = tokio::time::timeout(HANDSHAKE, self.greet(&mut c))
            .await
            .map_err(|_| bad("the SOCKS5 greeting timed out"))??;
        let up = tokio::time::timeout(
            HANDSHAKE,
            tokio_socks::tcp::Socks5Stream::connect_with_password(
                self.upstream,
                target,
                &self.user,
                &self.password,
            ),
        )
        .await;
        let mut up = match up {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                // General failure: grammers reports the connection as failed.
                c.write_all(&[5, 1, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
                return Err(bad(&format!("through the proxy: {e}")));
            }
            Err(_) => {
                c.write_all(&[5, 1, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
                return Err(bad("the proxy did not answer in time"));
            }
        };
        c.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
        tokio::io::copy_bidirectional(&mut c, &mut up).await?;
        Ok(())
    }

    /// The SOCKS5 greeting, user name and password check (RFC 1929), and
    /// CONNECT request; returns the address asked for.
    async fn greet<S: AsyncRead + AsyncWrite + Unpin>(
        &self,
        c: &mut S,
    ) -> std::io::Result<SocketAddr> {
        let mut head = [0u8; 2];
        c.read_exact(&mut head).await?;
        let mut methods = vec![0u8; head[1] as usize];
        c.read_exact(&mut methods).await?;
        if head[0] != 5 || !methods.contains(&2) {
            c.write_all(&[5, 0xff]).await?;
            return Err(bad("a SOCKS5 client without credentials"));
        }
        c.write_all(&[5, 2]).await?;
        let mut ver_len = [0u8; 2];
        c.read_exact(&mut ver_len).await?;
        let mut user = vec![0u8; ver_len[1] as usize];
        c.read_exact(&mut user).await?;
        let mut plen = [0u8; 1];
        c.read_exact(&mut plen).await?;
        let mut pass = vec![0u8; plen[0] as usize];
        c.read_exact(&mut pass).await?;
        if pass != self.token.as_bytes() {
            c.write_all(&[1, 1]).await?;
            return Err(bad("a SOCKS5 client with the wrong token"));
        }
        c.write_all(&[1, 0]).await?;
        let mut req = [0u8; 4];
        c.read_exact(&mut req).await?;
        if req[..3] != [5, 1, 0] {
            return Err(bad("not a SOCKS5 CONNECT"));
        }
        let ip: std::net::IpAddr = match req[3] {
            1 => {
                let mut a = [0u8; 4];
                c.read_exact(&mut a).await?;
                Ipv4Addr::from(a).into()
            }
            4 => {
                let mut a = [0u8; 16];
                c.read_exact(&mut a).await?;
                Ipv6Addr::from(a).into()
            }
            _ => return Err(bad("a CONNECT to a name (grammers dials addresses)")),
        };
        let mut port = [0u8; 2];
        c.read_exact(&mut port).await?;
        Ok(SocketAddr::new(ip, u16::from_be_bytes(port)))
    }
}

fn bad(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string())
}
