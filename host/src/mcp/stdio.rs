//! MCP on stdin/stdout (Claude Desktop, Cursor and other local clients).
//! Lines are read here, not by rmcp's stdio transport, so that a line past
//! [`MAX_LINE`] is answered with an error at once (its bytes skipped, never
//! held) and a line that is not JSON-RPC gets a parse error, as on HTTP.

use std::sync::Arc;

use futures::SinkExt;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::ServiceExt;
use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::PollSender;

use super::{McpServer, Sessions};
use crate::runtime::Runtime;

/// The longest request line: 4 MiB, the same bound as an HTTP body.
pub const MAX_LINE: usize = 4 << 20;
/// Messages queued each way.
const QUEUE: usize = 64;

/// Serves one session on stdio until the client closes its end.
pub async fn serve(rt: Arc<Runtime>, sessions: Arc<Sessions>) -> Result<(), String> {
    let server = McpServer::new(rt, sessions).with_client("stdio");
    serve_on(
        server,
        tokio::io::BufReader::new(tokio::io::stdin()),
        tokio::io::stdout(),
    )
    .await
}

/// [`serve`] over a reader and a writer: ours read lines, rmcp's service
/// speaks to them through a (Sink, Stream) pair of channels.
async fn serve_on<R, W>(server: McpServer, input: R, output: W) -> Result<(), String>
where
    R: AsyncBufRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (to_client, from_server) = mpsc::channel::<Vec<u8>>(QUEUE);
    let writer = tokio::spawn(write_lines(output, from_server));
    let (to_server, inbox) = mpsc::channel::<ClientJsonRpcMessage>(QUEUE);
    let reader = tokio::spawn(read_lines(input, to_server, to_client.clone()));
    let sink = PollSender::new(to_client).with(|m: ServerJsonRpcMessage| {
        futures::future::ready(Ok::<_, tokio_util::sync::PollSendError<Vec<u8>>>(line_of(
            &m,
        )))
    });
    let running = server
        .serve((sink, ReceiverStream::new(inbox)))
        .await
        .map_err(|e| e.to_string());
    let result = match running {
        Ok(r) => r.waiting().await.map(drop).map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    reader.abort();
    let _ = writer.await;
    result
}

/// One message as a JSON line.
fn line_of(v: &impl serde::Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec(v).unwrap_or_default();
    out.push(b'\n');
    out
}

async fn write_lines<W: AsyncWrite + Unpin>(mut out: W, mut rx: mpsc::Receiver<Vec<u8>>) {
    while let Some(line) = rx.recv().await {
        if out.write_all(&line).await.is_err() || out.flush().await.is_err() {
            break;
        }
    }
}

/// What reading one line gave.
enum Line {
    Text(Vec<u8>),
    /// Longer than [`MAX_LINE`]: its first bytes (for the id), the rest skipped.
    TooLong(Vec<u8>),
    End,
}

/// Reads one line, never holding more than [`MAX_LINE`] bytes of it.
async fn next_line<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Line> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok(match (line.is_empty(), too_long) {
                (true, false) => Line::End,
                (_, true) => Line::TooLong(line),
                (false, false) => Line::Text(line),
            });
        }
        let (chunk, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        let found_end = done > chunk.len();
        if !too_long {
            if line.len() + chunk.len() > MAX_LINE {
                // Only the start is kept, to find the request's id.
                too_long = true;
                line.truncate(4096);
                let keep = 4096usize.saturating_sub(line.len()).min(chunk.len());
                line.extend_from_slice(&chunk[..keep]);
                line.shrink_to_fit();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        r.consume(done);
        if found_end {
            return Ok(if too_long {
                Line::TooLong(line)
            } else {
                Line::Text(line)
            });
        }
    }
}

/// The `"id"` of a request from its first bytes, if they show it.
fn id_in(prefix: &[u8]) -> Value {
    let text = String::from_utf8_lossy(prefix);
    let Some(at) = text.find("\"id\"") else {
        return Value::Null;
    };
    let rest = text[at + 4..].trim_start();
    let Some(rest) = rest.strip_prefix(':') else {
        return Value::Null;
    };
    let mut de = serde_json::Deserializer::from_str(rest.trim_start()).into_iter::<Value>();
    match de.next() {
        Some(Ok(v @ (Value::Number(_) | Value::String(_)))) => v,
        _ => Value::Null,
    }
}

fn error_line(id: Value, code: i64, message: String) -> Vec<u8> {
    line_of(&json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
}

async fn read_lines<R: AsyncBufRead + Unpin>(
    mut input: R,
    to_server: mpsc::Sender<ClientJsonRpcMessage>,
    to_client: mpsc::Sender<Vec<u8>>,
) {
    loop {
        let line = match next_line(&mut input).await {
            Ok(Line::End) | Err(_) => break,
            Ok(Line::TooLong(prefix)) => {
                let msg = format!("request too large: a message may have at most {MAX_LINE} bytes; send files by https URL, or smaller");
                tracing::warn!(limit = MAX_LINE, "stdio request too large; refused");
                if to_client
                    .send(error_line(id_in(&prefix), -32600, msg))
                    .await
                    .is_err()
                {
                    break;
                }
                continue;
            }
            Ok(Line::Text(l)) => l,
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<ClientJsonRpcMessage>(&line) {
            Ok(m) => {
                if to_server.send(m).await.is_err() {
                    break;
                }
            }
            Err(e) => {
                let (id, code, what) = match serde_json::from_slice::<Value>(&line) {
                    Ok(v) => (
                        v.get("id").cloned().unwrap_or(Value::Null),
                        -32600,
                        "invalid request",
                    ),
                    Err(_) => (Value::Null, -32700, "parse error: the line is not JSON"),
                };
                let msg = format!("{what} ({e})");
                if to_client.send(error_line(id, code, msg)).await.is_err() {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_line_past_the_limit_is_skipped_and_the_next_is_read() {
        let mut big = br#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"x":""#.to_vec();
        big.extend(std::iter::repeat_n(b'a', MAX_LINE + 10));
        big.extend_from_slice(b"\"}}\n{\"ok\":1}\n");
        let mut r = tokio::io::BufReader::new(&big[..]);
        match next_line(&mut r).await.unwrap() {
            Line::TooLong(prefix) => {
                assert!(prefix.len() <= 4096);
                assert_eq!(id_in(&prefix), json!(7));
            }
            _ => panic!("not refused"),
        }
        match next_line(&mut r).await.unwrap() {
            Line::Text(l) => assert_eq!(l, b"{\"ok\":1}"),
            _ => panic!("the next line was lost"),
        }
        assert!(matches!(next_line(&mut r).await.unwrap(), Line::End));
    }
}
