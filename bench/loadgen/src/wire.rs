//! A raw HTTP/1.1 client over one keep-alive TCP connection, and MCP sessions
//! on it (legacy SSE and Streamable HTTP). Raw, so the client costs little and
//! the figures are the server's.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub type Res<T> = Result<T, String>;

/// One HTTP/1.1 connection with a read buffer.
pub struct Conn {
    tcp: TcpStream,
    buf: Vec<u8>,
    host: String,
}

/// A response head.
pub struct Head {
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn chunked(&self) -> bool {
        self.get("transfer-encoding")
            .is_some_and(|v| v.contains("chunked"))
    }
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

impl Conn {
    pub async fn open(addr: &str) -> Res<Conn> {
        let tcp = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Conn {
            tcp,
            buf: Vec::with_capacity(8192),
            host: addr.to_string(),
        })
    }

    async fn fill(&mut self) -> Res<()> {
        let mut tmp = [0u8; 16384];
        let n = self.tcp.read(&mut tmp).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        self.buf.extend_from_slice(&tmp[..n]);
        Ok(())
    }

    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Res<()> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if method == "POST" {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        let mut out = req.into_bytes();
        out.extend_from_slice(body);
        self.tcp.write_all(&out).await.map_err(|e| e.to_string())
    }

    pub async fn head(&mut self) -> Res<Head> {
        loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                let text = String::from_utf8_lossy(&self.buf[..i]).to_string();
                self.buf.drain(..i + 4);
                let mut lines = text.split("\r\n");
                let status = lines
                    .next()
                    .and_then(|l| l.split(' ').nth(1))
                    .and_then(|s| s.parse().ok())
                    .ok_or("bad status line")?;
                let headers = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect();
                return Ok(Head { status, headers });
            }
            self.fill().await?;
        }
    }

    /// The next piece of a chunked body; `None` at its end.
    pub async fn chunk(&mut self) -> Res<Option<Vec<u8>>> {
        loop {
            if let Some(i) = find(&self.buf, b"\r\n") {
                let size_text = String::from_utf8_lossy(&self.buf[..i]).to_string();
                let size =
                    usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| format!("bad chunk size {size_text:?}"))?;
                if self.buf.len() >= i + 2 + size + 2 {
                    let data = self.buf[i + 2..i + 2 + size].to_vec();
                    self.buf.drain(..i + 2 + size + 2);
                    return Ok(if size == 0 { None } else { Some(data) });
                }
            }
            self.fill().await?;
        }
    }

    /// A whole body (content-length or chunked).
    pub async fn body(&mut self, head: &Head) -> Res<Vec<u8>> {
        if head.chunked() {
            let mut out = Vec::new();
            while let Some(c) = self.chunk().await? {
                out.extend_from_slice(&c);
            }
            return Ok(out);
        }
        let len: usize = head
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while self.buf.len() < len {
            self.fill().await?;
        }
        Ok(self.buf.drain(..len).collect())
    }
}

/// Splits SSE text into the `data` of each complete event; keeps the rest in `pending`.
fn sse_events(pending: &mut String, new: &[u8]) -> Vec<(String, String)> {
    // sse-starlette (FastMCP) ends lines with CRLF.
    pending.push_str(&String::from_utf8_lossy(new).replace('\r', ""));
    let mut out = Vec::new();
    while let Some(i) = pending.find("\n\n") {
        let block: String = pending.drain(..i + 2).collect();
        let (mut ev, mut data) = (String::from("message"), String::new());
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                ev = v.trim().into();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push_str(v.trim_start());
            }
        }
        if !data.is_empty() {
            out.push((ev, data));
        }
    }
    out
}

fn rpc(id: u64, method: &str, params: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        .to_string()
        .into_bytes()
}

fn init_params() -> Value {
    json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "loadgen", "version": "0"}})
}

const INITIALIZED: &[u8] = br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;

/// An MCP session on either transport.
pub enum Session {
    /// Legacy SSE: the event stream and a keep-alive connection for POSTs.
    Sse {
        stream: Conn,
        post: Conn,
        endpoint: String,
        pending: String,
        next: u64,
    },
    /// Streamable HTTP: one keep-alive connection, the session id header.
    Mcp { conn: Conn, id: String, next: u64 },
}

impl Session {
    /// Opens the legacy SSE stream only (no initialize): an idle session.
    pub async fn open_sse(addr: &str) -> Res<Session> {
        let mut stream = Conn::open(addr).await?;
        stream
            .send("GET", "/sse", &[("Accept", "text/event-stream")], b"")
            .await?;
        let head = stream.head().await?;
        if head.status != 200 {
            return Err(format!("GET /sse: {}", head.status));
        }
        let mut pending = String::new();
        let endpoint = loop {
            let c = stream.chunk().await?.ok_or("stream ended")?;
            if let Some((_, data)) = sse_events(&mut pending, &c)
                .into_iter()
                .find(|(e, _)| e == "endpoint")
            {
                break data;
            }
        };
        let post = Conn::open(addr).await?;
        Ok(Session::Sse {
            stream,
            post,
            endpoint,
            pending,
            next: 1,
        })
    }

    /// Opens and initializes a session on `transport` ("sse" or "mcp").
    pub async fn connect(addr: &str, transport: &str) -> Res<Session> {
        let mut s = if transport == "sse" {
            Session::open_sse(addr).await?
        } else {
            Session::Mcp {
                conn: Conn::open(addr).await?,
                id: String::new(),
                next: 1,
            }
        };
        s.request("initialize", init_params()).await?;
        s.notify(INITIALIZED).await?;
        Ok(s)
    }

    async fn notify(&mut self, body: &[u8]) -> Res<()> {
        match self {
            Session::Sse { post, endpoint, .. } => {
                post.send("POST", endpoint, &[], body).await?;
                let h = post.head().await?;
                post.body(&h).await?;
            }
            Session::Mcp { conn, id, .. } => {
                let hs = [
                    ("Accept", "application/json, text/event-stream"),
                    ("Mcp-Protocol-Version", "2025-06-18"),
                    ("Mcp-Session-Id", id.as_str()),
                ];
                conn.send("POST", "/mcp", &hs, body).await?;
                let h = conn.head().await?;
                conn.body(&h).await?;
            }
        }
        Ok(())
    }

    /// One request; returns the response message.
    pub async fn request(&mut self, method: &str, params: Value) -> Res<Value> {
        match self {
            Session::Sse {
                stream,
                post,
                endpoint,
                pending,
                next,
            } => {
                let rid = *next;
                *next += 1;
                post.send("POST", endpoint, &[], &rpc(rid, method, params))
                    .await?;
                let h = post.head().await?;
                post.body(&h).await?;
                if h.status != 202 {
                    return Err(format!("POST {method}: {}", h.status));
                }
                loop {
                    let c = stream.chunk().await?.ok_or("stream ended")?;
                    for (_, data) in sse_events(pending, &c) {
                        let v: Value = serde_json::from_str(&data).map_err(|e| e.to_string())?;
                        if v["id"] == json!(rid) {
                            return Ok(v);
                        }
                    }
                }
            }
            Session::Mcp { conn, id, next } => {
                let rid = *next;
                *next += 1;
                let mut hs = vec![
                    ("Accept", "application/json, text/event-stream"),
                    ("Mcp-Protocol-Version", "2025-06-18"),
                ];
                if !id.is_empty() {
                    hs.push(("Mcp-Session-Id", id.as_str()));
                }
                conn.send("POST", "/mcp", &hs, &rpc(rid, method, params))
                    .await?;
                let h = conn.head().await?;
                if h.status != 200 {
                    let b = conn.body(&h).await.unwrap_or_default();
                    return Err(format!(
                        "POST /mcp {method}: {} {}",
                        h.status,
                        String::from_utf8_lossy(&b)
                    ));
                }
                if let Some(s) = h.get("mcp-session-id") {
                    *id = s.to_string();
                }
                let body = conn.body(&h).await?;
                if h.get("content-type")
                    .is_some_and(|c| c.starts_with("application/json"))
                {
                    return serde_json::from_slice(&body).map_err(|e| e.to_string());
                }
                let mut pending = String::new();
                for (_, data) in sse_events(&mut pending, &body) {
                    if let Ok(v) = serde_json::from_str::<Value>(&data) {
                        if v["id"] == json!(rid) {
                            return Ok(v);
                        }
                    }
                }
                Err(format!("no response to {method} in the /mcp stream"))
            }
        }
    }
}

/// Waits until `addr` accepts a TCP connection; the time it took.
pub async fn wait_listening(addr: &str, within: Duration) -> Res<Duration> {
    let t = std::time::Instant::now();
    while t.elapsed() < within {
        if TcpStream::connect(addr).await.is_ok() {
            return Ok(t.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Err(format!("{addr} did not listen within {within:?}"))
}
