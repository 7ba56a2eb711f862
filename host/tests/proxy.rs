//! `TGMCP_PROXY`: the server reaches Telegram (the local MTProto server)
//! through a SOCKS5 proxy, and `tgmcp login` finds out that Telegram is
//! unreachable before it asks anything.
use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A minimal SOCKS5 proxy (no authentication, CONNECT to IPv4 only) that
/// counts the connections it relays.
async fn socks5() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    socks5_to(None).await
}

/// [`socks5`], relaying every CONNECT to `redirect` when given (so that
/// `tgmcp login`, which dials Telegram's real address, reaches a local one).
async fn socks5_to(
    redirect: Option<std::net::SocketAddr>,
) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    socks5_with(redirect, None).await
}

/// [`socks5_to`], requiring exactly these credentials (RFC 1929) when given.
async fn socks5_with(
    redirect: Option<std::net::SocketAddr>,
    creds: Option<(&'static str, &'static str)>,
) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let relayed = Arc::new(AtomicUsize::new(0));
    let count = relayed.clone();
    tokio::spawn(async move {
        while let Ok((mut c, _)) = l.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                let mut hello = [0u8; 2];
                c.read_exact(&mut hello).await?;
                let mut methods = vec![0u8; hello[1] as usize];
                c.read_exact(&mut methods).await?;
                if let Some((user, password)) = creds {
                    c.write_all(&[5, 2]).await?;
                    let mut ver_len = [0u8; 2];
                    c.read_exact(&mut ver_len).await?;
                    let mut u = vec![0u8; ver_len[1] as usize];
                    c.read_exact(&mut u).await?;
                    let mut plen = [0u8; 1];
                    c.read_exact(&mut plen).await?;
                    let mut p = vec![0u8; plen[0] as usize];
                    c.read_exact(&mut p).await?;
                    if u != user.as_bytes() || p != password.as_bytes() {
                        c.write_all(&[1, 1]).await?;
                        return Ok(());
                    }
                    c.write_all(&[1, 0]).await?;
                } else {
                    c.write_all(&[5, 0]).await?;
                }
                let mut req = [0u8; 10];
                c.read_exact(&mut req).await?;
                assert_eq!(&req[..4], &[5, 1, 0, 1], "CONNECT to an IPv4 address");
                let ip = std::net::Ipv4Addr::new(req[4], req[5], req[6], req[7]);
                let port = u16::from_be_bytes([req[8], req[9]]);
                let target = redirect.unwrap_or((ip, port).into());
                let mut up = TcpStream::connect(target).await?;
                c.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
                count.fetch_add(1, Ordering::SeqCst);
                tokio::io::copy_bidirectional(&mut c, &mut up).await?;
                Ok::<(), std::io::Error>(())
            });
        }
    });
    (addr, relayed)
}

#[tokio::test]
async fn the_server_reaches_telegram_through_the_socks5_proxy() {
    let tg = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let (proxy, relayed) = socks5().await;
    let s = Server::start(Opts {
        real: true,
        env: vec![
            ("TELEGRAM_API_ID", "12345".into()),
            (
                "TELEGRAM_API_HASH",
                "0123456789abcdef0123456789abcdef".into(),
            ),
            ("TELEGRAM_SESSION_STRING", tg.telethon_session()),
            (
                "TGMCP_PROXY",
                format!("socks5://localhost:{}", proxy.port()),
            ),
        ],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let r = c.call("get_me", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
    assert_eq!(r["structuredContent"]["username"], "tgmcp_demo", "{r}");
    assert!(
        relayed.load(Ordering::SeqCst) >= 1,
        "nothing went through the proxy"
    );
}

#[tokio::test]
async fn proxy_credentials_with_reserved_characters_authenticate() {
    // Every character a URL must encode in a user name or password: the
    // setting carries them encoded, the proxy must see them decoded.
    const USER: &str = "us er";
    const PASSWORD: &str = "p@ss:w/rd#?= x";
    let tg = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let (proxy, relayed) = socks5_with(None, Some((USER, PASSWORD))).await;
    let s = Server::start(Opts {
        real: true,
        env: vec![
            ("TELEGRAM_API_ID", "12345".into()),
            (
                "TELEGRAM_API_HASH",
                "0123456789abcdef0123456789abcdef".into(),
            ),
            ("TELEGRAM_SESSION_STRING", tg.telethon_session()),
            (
                "TGMCP_PROXY",
                format!(
                    "socks5://us%20er:p%40ss%3Aw%2Frd%23%3F%3D%20x@127.0.0.1:{}",
                    proxy.port()
                ),
            ),
        ],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let r = c.call("get_me", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
    assert!(relayed.load(Ordering::SeqCst) >= 1, "nothing was relayed");
    // The password is never in the server's output.
    assert!(!s.logs().contains(PASSWORD), "the password was logged");
}

/// A free port with nothing listening.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port()
}

fn login(env: &[(&str, String)]) -> (bool, String) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(BIN);
    cmd.arg("login")
        .env_clear()
        .env("HOME", home.path())
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn login_says_telegram_is_unreachable_before_asking_anything() {
    let dead = format!("socks5://127.0.0.1:{}", closed_port());
    let (ok, err) = login(&[("TGMCP_PROXY", dead)]);
    assert!(!ok);
    assert!(
        err.contains("cannot reach Telegram") && err.contains("through the proxy"),
        "{err}"
    );
    assert!(!err.contains("API id:"), "asked before checking: {err}");

    let (ok, err) = login(&[(
        "TGMCP_PROXY",
        "tg://proxy?server=x&port=443&secret=ee".into(),
    )]);
    assert!(
        !ok && err.contains("MTProxy links are not supported"),
        "{err}"
    );
}

#[test]
fn serve_refuses_a_proxy_it_cannot_use_at_start() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--port", "0"])
        .env_clear()
        .env("HOME", home.path())
        .env("TELEGRAM_API_ID", "1")
        .env("TELEGRAM_API_HASH", "h")
        .env("TELEGRAM_SESSION_STRING", "1abc")
        .env("TGMCP_PROXY", "http://127.0.0.1:8080")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("TGMCP_PROXY: http:// proxies are not supported"),
        "{err}"
    );
}

/// `tgmcp login` with `input` piped to it and no controlling terminal (as
/// `docker run` without -t, or a CI step): its stderr once it has said
/// `until`, or after `within` (then it is stopped).
fn login_piped(env: &[(&str, String)], input: &str, until: &str, within: Duration) -> String {
    use std::io::{Read, Write};
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(BIN);
    cmd.arg("login")
        .env_clear()
        .env("HOME", home.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    // SAFETY: setsid is async-signal-safe; no controlling terminal, so a
    // prompt that opens /dev/tty fails as it does in a container.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let seen = Arc::new(std::sync::Mutex::new(String::new()));
    let s2 = seen.clone();
    std::thread::spawn(move || {
        let mut b = [0u8; 512];
        while let Ok(n) = stderr.read(&mut b) {
            if n == 0 {
                break;
            }
            s2.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&b[..n]));
        }
    });
    let start = std::time::Instant::now();
    while start.elapsed() < within {
        if seen.lock().unwrap().contains(until) || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let _ = child.kill();
    let _ = child.wait();
    let out = seen.lock().unwrap().clone();
    out
}

/// `tgmcp login` proves that Telegram answers MTProto before it asks
/// anything (a network that passes TCP but filters MTProto fails first),
/// and takes piped answers when there is no terminal.
#[tokio::test]
async fn login_checks_mtproto_first_and_takes_piped_answers() {
    // Accepts TCP, never answers: what a filtering network looks like.
    let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_addr = silent.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((c, _)) = silent.accept().await {
            held.push(c);
        }
    });
    let (proxy, _) = socks5_to(Some(silent_addr)).await;
    let env = vec![(
        "TGMCP_PROXY",
        format!("socks5://127.0.0.1:{}", proxy.port()),
    )];
    let err = tokio::task::spawn_blocking(move || {
        login_piped(&env, "12345\n", "API id:", Duration::from_secs(30))
    })
    .await
    .unwrap();
    assert!(
        err.contains("cannot reach Telegram") && err.contains("no answer"),
        "{err}"
    );
    assert!(
        !err.contains("API id:"),
        "asked before MTProto answered: {err}"
    );

    // The local Telegram answers MTProto: login goes on, reading the API
    // hash (a secret) from the pipe like the other answers.
    let tg = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let (proxy, _) = socks5_to(Some(tg.addr())).await;
    let env = vec![(
        "TGMCP_PROXY",
        format!("socks5://127.0.0.1:{}", proxy.port()),
    )];
    let err = tokio::task::spawn_blocking(move || {
        login_piped(
            &env,
            "12345\n0123456789abcdef0123456789abcdef\n+15550000000\n",
            "Phone number",
            Duration::from_secs(30),
        )
    })
    .await
    .unwrap();
    assert!(
        err.contains("API hash:") && err.contains("Phone number"),
        "{err}"
    );
    assert!(!err.contains("No such device"), "{err}");
}
