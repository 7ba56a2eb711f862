//! The null legacy-SSE MCP server: tokio + hyper, the same wire as tgmcp's
//! `/sse` + `/messages/`, answering every request with a canned result and no
//! work. It is the floor a real server's cost per call is measured against.
//! `nullsse PORT`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_stream::wrappers::UnboundedReceiverStream;
use tokio_stream::StreamExt;

type Body = BoxBody<Bytes, Infallible>;
type Streams = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<Bytes>>>>;

fn full(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())).boxed());
    *r.status_mut() = status;
    r
}

fn result_for(method: &str) -> Value {
    match method {
        "initialize" => json!({
            "protocolVersion": "2025-06-18",
            "capabilities": {"tools": {"listChanged": true}},
            "serverInfo": {"name": "null", "version": "0"}
        }),
        "tools/list" => json!({"tools": [{"name": "get_me", "description": "The account",
            "inputSchema": {"type": "object", "properties": {}}}]}),
        "tools/call" => {
            let me =
                json!({"id": 1000001, "first_name": "Demo", "username": "demo", "is_bot": false});
            json!({"content": [{"type": "text", "text": me.to_string()}], "structuredContent": me, "isError": false})
        }
        _ => json!({}),
    }
}

async fn handle(
    req: Request<Incoming>,
    streams: Streams,
    next: Arc<Mutex<u128>>,
) -> Response<Body> {
    let path = req.uri().path().to_string();
    if req.method() == hyper::Method::GET && path == "/sse" {
        let id = {
            let mut n = next.lock().unwrap();
            *n += 1;
            format!("{:032x}", *n)
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let _ = tx.send(Bytes::from(format!(
            "event: endpoint\ndata: /messages/?session_id={id}\n\n"
        )));
        streams.lock().unwrap().insert(id, tx);
        let body = StreamBody::new(UnboundedReceiverStream::new(rx).map(|b| Ok(Frame::data(b))));
        let mut r = Response::new(BodyExt::boxed(body));
        r.headers_mut()
            .insert("content-type", "text/event-stream".parse().unwrap());
        r.headers_mut()
            .insert("cache-control", "no-cache".parse().unwrap());
        return r;
    }
    if req.method() == hyper::Method::POST && path.starts_with("/messages") {
        let id = req
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("session_id=")))
            .unwrap_or_default()
            .to_string();
        let Some(tx) = streams.lock().unwrap().get(&id).cloned() else {
            return full(StatusCode::NOT_FOUND, "unknown session");
        };
        let Ok(body) = req.into_body().collect().await else {
            return full(StatusCode::BAD_REQUEST, "body");
        };
        let Ok(msg) = serde_json::from_slice::<Value>(&body.to_bytes()) else {
            return full(StatusCode::BAD_REQUEST, "json");
        };
        if let (Some(rid), Some(method)) =
            (msg.get("id"), msg.get("method").and_then(Value::as_str))
        {
            let out = json!({"jsonrpc": "2.0", "id": rid, "result": result_for(method)});
            if tx
                .send(Bytes::from(format!("event: message\ndata: {out}\n\n")))
                .is_err()
            {
                streams.lock().unwrap().remove(&id);
            }
        }
        return full(StatusCode::ACCEPTED, "Accepted");
    }
    full(StatusCode::NOT_FOUND, "not found")
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(8090);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    eprintln!("nullsse listening on 127.0.0.1:{port}");
    let streams: Streams = Arc::default();
    let next = Arc::new(Mutex::new(0u128));
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let (streams, next) = (streams.clone(), next.clone());
        tokio::spawn(async move {
            let svc = service_fn(move |req| {
                let (s, n) = (streams.clone(), next.clone());
                async move { Ok::<_, Infallible>(handle(req, s, n).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), svc)
                .await;
        });
    }
}
