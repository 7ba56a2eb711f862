//! The router in process: no port and no child process; each request goes
//! through `tower::ServiceExt::oneshot` carrying the remote address a
//! connection would add, against the demo account.

use super::*;
use crate::policy::Policy;
use crate::runtime::Limits;
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:8787";

/// The compile cache the integration tests share (target/test-compile-cache).
fn cache() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // <target>/<profile>/deps/<binary>
    exe.ancestors()
        .nth(3)
        .expect("the test binary sits in <target>/<profile>/deps")
        .join("test-compile-cache")
}

async fn app(token: Option<&str>) -> (Router, Arc<Runtime>) {
    let backend = crate::telegram::grammers::demo(Duration::from_secs(5))
        .await
        .expect("demo backend");
    let rt = Runtime::new(
        backend,
        Policy::default(),
        Limits::default(),
        Some(&cache()),
    )
    .await
    .expect("runtime");
    let addr: SocketAddr = HOST.parse().unwrap();
    let security = Security::new(&addr, token, Vec::new());
    let idle = Duration::from_secs(60);
    let state = AppState::new(
        rt.clone(),
        Arc::new(Sessions::new(false)),
        security,
        SessionLimit::new(8, 8),
        idle,
    );
    (router(state, idle), rt)
}

fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST)
}

/// A request as a connection hands it to the router.
fn build(b: axum::http::request::Builder, body: impl Into<Body>) -> Request {
    let mut r = b.body(body.into()).unwrap();
    r.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    r
}

fn mcp_post(body: &str, session: Option<&str>) -> Request {
    let mut b = request(Method::POST, "/mcp")
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream");
    if let Some(s) = session {
        b = b.header("mcp-session-id", s);
    }
    build(b, body.to_string())
}

async fn text(r: Response) -> String {
    let bytes = axum::body::to_bytes(r.into_body(), 16 << 20).await.unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The JSON-RPC message of a Streamable HTTP answer (JSON, or one SSE event).
fn message(body: &str) -> serde_json::Value {
    // An SSE answer may open with an empty priming event.
    let json = body
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(str::trim)
        .find(|d| !d.is_empty())
        .unwrap_or(body)
        .trim();
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn health_tells_the_tools_and_the_connection() {
    let (app, rt) = app(None).await;
    let r = app
        .oneshot(build(request(Method::GET, "/health"), ()))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h: serde_json::Value = serde_json::from_str(&text(r).await).unwrap();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["telegram"], "connected");
    assert_eq!(h["tools"], rt.visible_tools().len());
}

#[tokio::test]
async fn a_client_initializes_lists_and_calls_over_streamable_http() {
    let (app, rt) = app(None).await;
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;
    let r = app.clone().oneshot(mcp_post(init, None)).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let session = r.headers()["mcp-session-id"].to_str().unwrap().to_string();
    assert_eq!(
        message(&text(r).await)["result"]["serverInfo"]["name"],
        "tgmcp"
    );
    let done = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    let r = app
        .clone()
        .oneshot(mcp_post(done, Some(&session)))
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let list = r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;
    let r = app
        .clone()
        .oneshot(mcp_post(list, Some(&session)))
        .await
        .unwrap();
    let tools = message(&text(r).await)["result"]["tools"].clone();
    assert_eq!(
        tools.as_array().map(Vec::len),
        Some(rt.visible_tools().len())
    );
    let call = r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_me","arguments":{}}}"#;
    let r = app.oneshot(mcp_post(call, Some(&session))).await.unwrap();
    let result = message(&text(r).await)["result"].clone();
    assert_eq!(result["isError"], false, "{result}");
    assert_eq!(result["structuredContent"]["username"], "tgmcp_demo");
}

#[tokio::test]
async fn malformed_json_is_a_400_parse_error() {
    let (app, _) = app(None).await;
    let r = app.oneshot(mcp_post("{not json", None)).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = text(r).await;
    assert!(body.contains("-32700"), "{body}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_an_unknown_path_404() {
    let (app, _) = app(None).await;
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_BODY));
    let r = app.clone().oneshot(mcp_post(&big, None)).await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = app
        .oneshot(build(request(Method::GET, "/nope"), ()))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        text(r).await.contains("/mcp"),
        "the 404 names the endpoints"
    );
}

#[tokio::test]
async fn with_a_token_set_a_request_without_it_is_401() {
    let (app, _) = app(Some("s3cret-token-0123456789")).await;
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;
    let r = app.clone().oneshot(mcp_post(init, None)).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().contains_key("www-authenticate"));
    let mut authorized = mcp_post(init, None);
    authorized.headers_mut().insert(
        "authorization",
        HeaderValue::from_static("Bearer s3cret-token-0123456789"),
    );
    let r = app.oneshot(authorized).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn while_starting_health_says_so_and_requests_wait_for_the_router() {
    let (ready_tx, ready_rx) = tokio::sync::watch::channel(None);
    let starting = starting(ready_rx);
    let r = starting
        .clone()
        .oneshot(build(request(Method::GET, "/health"), ()))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(text(r).await.contains("starting"));
    // A request made now is answered by the full router once it is ready.
    let early = tokio::spawn(
        starting
            .clone()
            .oneshot(build(request(Method::GET, "/health").header("x", "1"), ())),
    );
    let waiting = tokio::spawn(starting.oneshot(build(request(Method::GET, "/nope"), ())));
    let (app, _) = app(None).await;
    let _ = ready_tx.send(Some(app));
    assert_eq!(
        early.await.unwrap().unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "health never waits"
    );
    assert_eq!(
        waiting.await.unwrap().unwrap().status(),
        StatusCode::NOT_FOUND,
        "answered by the full router"
    );
}

/// Reads frames of a streamed body until `done` holds for what arrived.
async fn read_until(body: &mut Body, done: impl Fn(&str) -> bool) -> String {
    use http_body_util::BodyExt;
    let mut seen = String::new();
    while !done(&seen) {
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame())
            .await
            .expect("the stream goes quiet")
            .expect("the stream ended")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    seen
}

#[tokio::test]
async fn the_legacy_sse_transport_sends_its_endpoint_and_answers_on_the_stream() {
    let (app, _) = app(None).await;
    let r = app
        .clone()
        .oneshot(build(
            request(Method::GET, "/sse").header("accept", "text/event-stream"),
            (),
        ))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let mut body = r.into_body();
    let opened = read_until(&mut body, |s| s.contains("session_id=")).await;
    let endpoint = opened
        .lines()
        .find_map(|l| l.strip_prefix("data:"))
        .map(str::trim)
        .expect("an endpoint event")
        .to_string();
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;
    let post = build(
        request(Method::POST, &endpoint).header("content-type", "application/json"),
        init.to_string(),
    );
    let r = app.oneshot(post).await.unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let answer = read_until(&mut body, |s| s.contains("serverInfo")).await;
    assert!(answer.contains("\"tgmcp\""), "{answer}");
}
