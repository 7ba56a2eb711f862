//! Assembles the server: backend, runtime, plugins directory, transports.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use rmcp::ServiceExt;

use crate::auth::{OAuth, Security, TrustedProxies};
use crate::config::{self, ConfigError};
use crate::http::{self, AppState};
use crate::mcp::sse::SseSessions;
use crate::mcp::{McpServer, Sessions};
use crate::policy::Policy;
use crate::runtime::{Runtime, RuntimeError};
use crate::telegram::demo::DemoBackend;
use crate::telegram::Backend;

/// Options of `tgmcp serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub demo: bool,
    pub stdio: bool,
    pub addr: SocketAddr,
    pub plugins_dir: Option<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    pub read_only: bool,
    /// TOML policy file.
    pub policy: Option<PathBuf>,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error(transparent)]
    Policy(#[from] crate::policy::PolicyError),
    #[error("could not listen on {addr}: {cause}")]
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
}

/// Chooses the backend: the demo account, or the real one from the environment.
pub async fn backend(demo: bool) -> Result<Arc<dyn Backend>, ServeError> {
    if demo {
        return Ok(Arc::new(DemoBackend::new()));
    }
    let creds = config::credentials_from_env()?;
    crate::telegram::real::connect(creds, config::flood_wait_limit_from_env()?)
        .await
        .map_err(|e| ServeError::Telegram(e.to_string()))
}

/// Builds the runtime with built-ins and the plugins directory loaded.
pub async fn runtime(
    opts: &ServeOptions,
    backend: Arc<dyn Backend>,
) -> Result<Arc<Runtime>, ServeError> {
    let limits = config::limits_from_env()?;
    let mut policy = match &opts.policy {
        Some(path) => Policy::from_file(path)?,
        None => Policy::default(),
    };
    policy.read_only |= opts.read_only;
    if let Some(tools) = config::tools_filter_from_env() {
        policy.restrict_tools(&tools)?;
    }
    let rt = Runtime::new(backend, policy, limits, opts.cache_dir.as_deref()).await?;
    if let Some(dir) = &opts.plugins_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            tracing::warn!(dir = %dir.display(), error = %e, "could not create the plugins directory");
        }
        if dir.is_dir() {
            rt.load_dir(dir).await?;
            crate::runtime::watcher::spawn(rt.clone(), dir.clone());
        }
    }
    Ok(rt)
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
pub async fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let backend = backend(opts.demo).await?;
    let rt = runtime(&opts, backend).await?;
    let sessions = Arc::new(Sessions::default());
    forward_changes(&rt, sessions.clone());
    let tools = rt.registry().tools().filter(|(_, t)| rt.visible(t)).count();

    if opts.stdio {
        tracing::info!(
            tools,
            backend = rt.ctx().backend.kind(),
            "serving MCP on stdio"
        );
        let server = McpServer::new(rt.clone(), sessions.clone()).with_client("stdio");
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| ServeError::Stdio(e.to_string()))?;
        running
            .waiting()
            .await
            .map_err(|e| ServeError::Stdio(e.to_string()))?;
        return Ok(());
    }

    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|cause| ServeError::Bind {
            addr: opts.addr,
            cause,
        })?;
    let addr = listener.local_addr()?;
    let ttl = config::oauth_token_ttl_from_env()?;
    let proxies = TrustedProxies::new(config::trusted_proxies_from_env()?);
    let oauth = config::oauth_password_from_env().map(|secret| {
        tracing::info!(
            "OAuth authorization server on: clients sign in at /authorize with the owner secret"
        );
        Arc::new(
            OAuth::new(
                &secret,
                config::public_url_from_env(),
                config::oauth_state_file_from_env(),
                ttl,
            )
            .with_trusted_proxies(proxies.clone()),
        )
    });
    let security = Security::new(
        &addr,
        config::auth_token_from_env().as_deref(),
        config::allowed_origins_from_env(),
    )
    .with_oauth(oauth)
    .with_rate_limit(config::rate_limit_from_env()?)
    .with_trusted_proxies(proxies);
    if !security.requires_auth() && !addr.ip().is_loopback() {
        tracing::warn!("no TGMCP_AUTH_TOKEN or TGMCP_OAUTH_PASSWORD: anyone who finds this URL can use the Telegram account");
    }
    let idle = config::session_idle_from_env()?;
    let max_sessions = config::max_sessions_from_env()?;
    let (rt2, s2) = (rt.clone(), sessions.clone());
    let sse = SseSessions::new(max_sessions, idle, move |id| {
        McpServer::new(rt2.clone(), s2.clone()).with_client(format!("sse:{}", &id[..8]))
    });
    let app = http::router(
        AppState {
            runtime: rt.clone(),
            sessions,
            sse,
            security: Arc::new(security),
        },
        idle,
    );
    let shown = if addr.ip().is_unspecified() {
        format!("http://localhost:{}", addr.port())
    } else {
        format!("http://{addr}")
    };
    tracing::info!(
        %addr, tools, backend = rt.ctx().backend.kind(),
        "tgmcp listening: SSE {shown}/sse, Streamable HTTP {shown}/mcp, health {shown}/health"
    );
    // Streamed responses are many small writes; without TCP_NODELAY, Nagle plus
    // delayed ACKs add ~40 ms to every Streamable HTTP request.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut tokio::net::TcpStream| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

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
