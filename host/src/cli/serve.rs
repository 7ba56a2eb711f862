//! `tgmcp serve`: assembles backend, runtime, plugins directory and transports.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use super::{ServeArgs, ToolsArgs};
use crate::auth::{OAuth, Security, TrustedProxies};
use crate::config::{ConfigError, PolicyArgs, SandboxArgs, TelegramArgs};
use crate::http::{self, AppState};
use crate::mcp::sessions::SessionLimit;
use crate::mcp::Sessions;
use crate::policy::Policy;
use crate::runtime::{plugin_name, Runtime, RuntimeError};
use crate::telegram::{grammers, Backend};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error(transparent)]
    Policy(#[from] crate::policy::PolicyError),
    #[error("could not listen on {addr}: {cause}{}", bind_hint(.cause))]
    Bind {
        addr: SocketAddr,
        cause: std::io::Error,
    },
    #[error("{0}")]
    Telegram(String),
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error("stdio transport: {0}")]
    Stdio(String),
    #[error("{0}")]
    PluginsDir(String),
}

/// What to do when the port is taken (another tgmcp, often).
fn bind_hint(cause: &std::io::Error) -> &'static str {
    if cause.kind() == std::io::ErrorKind::AddrInUse {
        " (another server is using this port: stop it, or choose another with --port or PORT)"
    } else {
        ""
    }
}

/// Chooses the backend: the demo account (the grammers client against the
/// local MTProto server in this process), or the real one from the credentials.
pub async fn backend(demo: bool, tg: &TelegramArgs) -> Result<Arc<dyn Backend>, ServeError> {
    let fail = |e: crate::telegram::TelegramError| ServeError::Telegram(e.to_string());
    if demo {
        return Ok(grammers::demo(tg.timeout()).await.map_err(fail)?);
    }
    let creds = tg.credentials()?;
    let proxy = match tg.proxy()? {
        Some(p) => Some(p.resolved_url().await.map_err(ConfigError::from)?),
        None => None,
    };
    let opts = grammers::LinkOptions {
        api_id: creds.api_id,
        timeout: tg.timeout(),
        flood_wait_limit: tg.flood_wait_limit(),
        proxy,
        events_max_bytes: tg.events_max_bytes,
        keepalive: tg.keepalive(),
        state_file: tg.telegram_state_file.clone(),
    };
    Ok(grammers::connect(creds, opts).await.map_err(fail)?)
}

/// The policy: the file, then read-only and the tool filter on top.
pub fn policy(p: &PolicyArgs) -> Result<Policy, ServeError> {
    let mut policy = match &p.policy {
        Some(path) => Policy::from_file(path)?,
        None => Policy::default(),
    };
    policy.read_only |= p.read_only;
    if let Some(tools) = &p.tools {
        policy.restrict_tools(tools)?;
    }
    Ok(policy)
}

/// Builds the runtime with built-ins and the plugins directory loaded.
pub async fn runtime(
    policy_args: &PolicyArgs,
    sandbox: &SandboxArgs,
    backend: Arc<dyn Backend>,
) -> Result<Arc<Runtime>, ServeError> {
    let policy = policy(policy_args)?;
    let cache = sandbox.cache_dir();
    let rt = Runtime::new(backend, policy, sandbox.limits(), cache.as_deref()).await?;
    let mut plugins: Vec<String> = crate::runtime::builtin_names().map(String::from).collect();
    if let Some(dir) = plugins_dir(sandbox)? {
        if dir.is_dir() {
            rt.load_dir(&dir).await?;
            plugins.extend(
                crate::runtime::wasm_files(&dir)?
                    .iter()
                    .map(|p| plugin_name(p)),
            );
            crate::runtime::watcher::spawn(rt.clone(), dir);
        }
    }
    check_names(&rt, &plugins)?;
    Ok(rt)
}

/// The plugins directory to load and watch. The default one is created; one
/// the operator named is created only when its parent exists (a volume's
/// subdirectory), so a typo in the path stops the server instead of
/// watching a new, empty directory.
fn plugins_dir(sandbox: &SandboxArgs) -> Result<Option<PathBuf>, ServeError> {
    let Some(named) = &sandbox.plugins_dir else {
        if let Some(dir) = sandbox.plugins_dir() {
            if let Err(e) = std::fs::create_dir_all(&dir) {
                tracing::warn!(dir = %dir.display(), error = %e, "could not create the plugins directory");
            }
            return Ok(Some(dir));
        }
        return Ok(None);
    };
    if named.is_dir() {
        return Ok(Some(named.clone()));
    }
    if named.exists() {
        return Err(ServeError::PluginsDir(format!(
            "TGMCP_PLUGINS_DIR (--plugins-dir) {} is not a directory",
            named.display()
        )));
    }
    let parent = named.parent().filter(|p| !p.as_os_str().is_empty());
    if parent.is_some_and(|p| !p.is_dir()) {
        return Err(ServeError::PluginsDir(format!(
            "TGMCP_PLUGINS_DIR (--plugins-dir) {} does not exist, nor does its parent: fix the path, or create it with `mkdir -p {}`",
            named.display(),
            named.display()
        )));
    }
    std::fs::create_dir(named).map_err(|e| {
        ServeError::PluginsDir(format!(
            "TGMCP_PLUGINS_DIR (--plugins-dir) {} does not exist and could not be created: {e}",
            named.display()
        ))
    })?;
    tracing::warn!(dir = %named.display(), "created the plugins directory TGMCP_PLUGINS_DIR names (it did not exist); if you meant an existing one, fix the path");
    Ok(Some(named.clone()))
}

/// Refuses policy sections and tool filters that name nothing loaded.
fn check_names(rt: &Runtime, plugins: &[String]) -> Result<(), ServeError> {
    let tools: Vec<String> = rt.registry().tools().map(|(_, t)| t.name.clone()).collect();
    // A plugin is also known by the name its policy entry binds to a file (by
    // `file` or by content), and by the name it loaded under.
    let mut known = plugins.to_vec();
    known.extend(rt.registry().plugins().iter().map(|p| p.name.clone()));
    let policy = &rt.ctx().policy;
    known.extend(
        policy
            .bindings()
            .into_iter()
            .filter(|(_, b)| b.is_explicit())
            .map(|(n, _)| n.to_string()),
    );
    known.sort();
    known.dedup();
    policy.check_names(&known, &tools)?;
    Ok(())
}

/// The runtime `tgmcp tools` lists from.
/// Listing asks Telegram nothing, so no demo server starts and no account is
/// dialled; a real account's credentials must still be set, as for `serve`.
pub async fn tools_runtime(a: &ToolsArgs) -> Result<Arc<Runtime>, ServeError> {
    if !a.demo {
        a.telegram.credentials()?;
    }
    let backend = grammers::offline()
        .await
        .map_err(|e| ServeError::Telegram(e.to_string()))?;
    runtime(&a.policy, &a.sandbox, backend).await
}

/// Forwards every tool-list change to every connected session.
fn forward_changes(rt: &Arc<Runtime>, sessions: Arc<Sessions>) {
    let mut rx = rt.subscribe();
    tokio::spawn(async move {
        while rx.changed().await.is_ok() {
            sessions.notify_tool_list_changed().await;
        }
    });
}

/// Runs `tgmcp serve` until Ctrl-C / SIGTERM (HTTP) or end of input (stdio).
pub async fn run(a: ServeArgs) -> Result<(), ServeError> {
    if a.stdio {
        let (rt, sessions) = load(&a).await?;
        tracing::info!(
            tools = rt.visible_tools().len(),
            backend = rt.ctx().backend.kind(),
            "serving MCP on stdio"
        );
        return crate::mcp::stdio::serve(rt, sessions)
            .await
            .map_err(ServeError::Stdio);
    }
    let h = &a.http;
    // The port first: a busy one is reported before Telegram is dialled, and
    // /health answers while the plugins load.
    let want = SocketAddr::new(h.bind_ip(), h.port);
    let listener = tokio::net::TcpListener::bind(want)
        .await
        .map_err(|cause| ServeError::Bind { addr: want, cause })?;
    if h.oauth_password.is_some() && h.oauth_state_file.is_none() {
        tracing::warn!("OAuth is on without TGMCP_OAUTH_STATE_FILE: sign-ins (ChatGPT's included) are lost at every restart or redeploy; set it to a file on a persistent volume, e.g. /data/oauth.json");
    }
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "port bound: /health answers while the plugins load");
    let limit = SessionLimit::new(h.max_sessions, h.max_sessions_per_client);
    limit.trim_heap_after_closes(std::time::Duration::from_secs(1));
    // On the signal, end every open stream (SSE clients such as ChatGPT never
    // disconnect on their own), let answers in flight finish, and exit within
    // SHUTDOWN_GRACE whatever a connection does.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let stopping = limit.clone();
    let shutdown = async move {
        shutdown_signal().await;
        stopping.shutdown().cancel();
        let _ = stop_tx.send(());
    };
    let (ready_tx, ready_rx) = tokio::sync::watch::channel(None);
    let server = http::serve(listener, http::starting(ready_rx), shutdown);
    tokio::pin!(server);
    let app = tokio::select! {
        r = &mut server => return Ok(r?),
        app = app(&a, addr, limit) => app?,
    };
    let (app, tools, kind) = app;
    let _ = ready_tx.send(Some(app));
    let shown = if addr.ip().is_unspecified() {
        format!("http://localhost:{}", addr.port())
    } else {
        format!("http://{addr}")
    };
    tracing::info!(
        %addr, tools, backend = kind,
        "tgmcp listening: SSE {shown}/sse, Streamable HTTP {shown}/mcp, health {shown}/health"
    );
    tokio::select! {
        r = &mut server => r?,
        _ = async {
            let _ = stop_rx.await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => tracing::warn!("connections still open after {} s; exiting", SHUTDOWN_GRACE.as_secs()),
    }
    Ok(())
}

/// The backend and the runtime with every plugin loaded (the slow part of
/// starting: built-ins compile unless cached), and the sessions it serves.
async fn load(a: &ServeArgs) -> Result<(Arc<Runtime>, Arc<Sessions>), ServeError> {
    let backend = backend(a.demo, &a.telegram).await?;
    let rt = runtime(&a.policy, &a.sandbox, backend).await?;
    let sessions = Arc::new(Sessions::new(a.output_schemas));
    forward_changes(&rt, sessions.clone());
    Ok((rt, sessions))
}

/// The full HTTP router over a loaded runtime, with its tool count and
/// backend kind for the "listening" line.
async fn app(
    a: &ServeArgs,
    addr: SocketAddr,
    limit: Arc<SessionLimit>,
) -> Result<(axum::Router, usize, &'static str), ServeError> {
    let h = &a.http;
    let (rt, sessions) = load(a).await?;
    let proxies = TrustedProxies::new(h.trusted_proxies.clone());
    let oauth = h.oauth_password.as_ref().map(|secret| {
        tracing::info!(
            "OAuth authorization server on: clients sign in at /authorize with the owner secret"
        );
        Arc::new(
            OAuth::new(
                secret,
                h.public_url.clone(),
                h.oauth_state_file.clone(),
                std::time::Duration::from_secs(h.oauth_token_ttl_secs.max(1)),
            )
            .with_trusted_proxies(proxies.clone()),
        )
    });
    let security = Security::new(&addr, h.auth_token.as_deref(), h.origins())
        .with_oauth(oauth)
        .with_rate_limit(h.rate_limit)
        .with_trusted_proxies(proxies);
    if !security.requires_auth() && !addr.ip().is_loopback() {
        tracing::warn!("no TGMCP_AUTH_TOKEN or TGMCP_OAUTH_PASSWORD: anyone who finds this URL can use the Telegram account");
    }
    let idle = h.session_idle();
    let tools = rt.visible_tools().len();
    let kind = rt.ctx().backend.kind();
    let app = http::router(AppState::new(rt, sessions, security, limit, idle), idle);
    Ok((app, tools, kind))
}

/// How long shutdown waits for connections after closing the streams.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
