//! Typed configuration: every setting is a clap argument with an environment
//! variable, grouped by what it configures, read once at start. `serve`
//! receives these structs and reads no environment itself.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;

use crate::runtime::Limits;
use crate::telegram::proxy::Proxy;
use crate::telegram::Credentials;

/// The Telegram account.
// No Debug: it would print the secrets.
#[derive(clap::Args, Clone, Default)]
#[command(next_help_heading = "Telegram account")]
pub struct TelegramArgs {
    /// API id from my.telegram.org.
    #[arg(long, env = "TELEGRAM_API_ID", value_name = "ID")]
    pub api_id: Option<String>,
    /// API hash from my.telegram.org; a secret.
    #[arg(
        long,
        env = "TELEGRAM_API_HASH",
        hide_env_values = true,
        value_name = "HASH"
    )]
    pub api_hash: Option<String>,
    /// Session string (tgmcp login, Telethon or Pyrogram); a secret: set it by
    /// the variable, since a flag shows in the process list.
    #[arg(
        long,
        env = "TELEGRAM_SESSION_STRING",
        hide_env_values = true,
        value_name = "STRING"
    )]
    pub session_string: Option<String>,
    /// Bound on every Telegram request, connecting included.
    #[arg(
        long,
        env = "TGMCP_TELEGRAM_TIMEOUT_SECS",
        default_value_t = 10.0,
        value_name = "SECS"
    )]
    pub telegram_timeout_secs: f64,
    /// FLOOD_WAITs up to this long are slept through once.
    #[arg(
        long,
        env = "TGMCP_FLOOD_WAIT_LIMIT_SECS",
        default_value_t = 10,
        value_name = "SECS"
    )]
    pub flood_wait_limit_secs: u64,
    /// Idle seconds before the connection to Telegram is pinged: a connection
    /// a NAT or load balancer dropped silently is noticed within this plus
    /// the request timeout.
    #[arg(
        long,
        env = "TGMCP_KEEPALIVE_SECS",
        default_value_t = 30.0,
        value_name = "SECS"
    )]
    pub keepalive_secs: f64,
    /// File where the chats met (their access hashes) and the update state
    /// outlive a restart, so ids keep resolving and get_updates resumes
    /// where it was. Holds no key; unset: kept in memory only.
    #[arg(long, env = "TGMCP_TELEGRAM_STATE_FILE", value_name = "FILE")]
    pub telegram_state_file: Option<std::path::PathBuf>,
    /// SOCKS5 proxy to reach Telegram through, for networks where it is
    /// blocked: socks5://[user:password@]host:port (MTProxy is not supported).
    #[arg(long, env = "TGMCP_PROXY", hide_env_values = true, value_name = "URL")]
    pub proxy: Option<String>,
    /// Bytes of incoming updates kept for wait_for_message and get_updates;
    /// the oldest make room for new ones.
    #[arg(
        long,
        env = "TGMCP_EVENTS_MAX_BYTES",
        default_value_t = crate::telegram::events::DEFAULT_MAX_BYTES,
        value_name = "BYTES"
    )]
    pub events_max_bytes: usize,
}

/// What tools may do: policy file, tool filter, read-only mode.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Access")]
pub struct PolicyArgs {
    /// TOML policy file: grants, chat allow/deny lists, tool filters, quotas, audit log.
    #[arg(long, env = "TGMCP_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Profiles, each including what it builds on (core, the default; std =
    /// core + everyday tools; ext = std + rarer and destructive tools; opt =
    /// std + niche tools; read; read+send; all; stars; raw), tool names or
    /// globs to expose, comma-separated, e.g. core,pin_message or get_*.
    #[arg(
        long,
        visible_alias = "profile",
        env = "TGMCP_TOOLS",
        value_name = "LIST"
    )]
    pub tools: Option<String>,
    /// Hide and refuse every tool that changes the account (1/true/yes/on).
    #[arg(long, env = "TGMCP_READ_ONLY", value_parser = BoolishValueParser::new(), default_value_t = false, num_args = 0..=1, default_missing_value = "true")]
    pub read_only: bool,
}

/// The WebAssembly sandbox: where plugins come from and what one call may spend.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Plugins and sandbox")]
pub struct SandboxArgs {
    /// Directory of extra .wasm plugins, watched for changes
    /// [default: ~/.local/share/tgmcp/plugins].
    #[arg(long, env = "TGMCP_PLUGINS_DIR", value_name = "DIR")]
    pub plugins_dir: Option<PathBuf>,
    /// Directory of compiled plugins [default: ~/.cache/tgmcp].
    #[arg(long, env = "TGMCP_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Wall-clock limit of one tool call, Telegram waits included.
    #[arg(
        long,
        env = "TGMCP_CALL_TIMEOUT_SECS",
        default_value_t = 30,
        value_name = "SECS"
    )]
    pub call_timeout_secs: u64,
    /// WebAssembly execution limit of one tool call.
    #[arg(
        long,
        env = "TGMCP_CPU_BUDGET_MS",
        default_value_t = 5000,
        value_name = "MS"
    )]
    pub cpu_budget_ms: u64,
    /// Plugin calls running at once; more wait for a slot (the pool of wasm
    /// instances, and with the memory limit the bound on plugin memory).
    #[arg(
        long,
        env = "TGMCP_MAX_CONCURRENT_CALLS",
        default_value_t = 16,
        value_name = "N"
    )]
    pub max_concurrent_calls: usize,
}

/// The HTTP server: address, authentication, sessions and limits.
// No Debug: it would print the secrets.
#[derive(clap::Args, Clone)]
#[command(next_help_heading = "HTTP")]
pub struct HttpArgs {
    /// Address to bind [default: 127.0.0.1, or 0.0.0.0 when a token or OAuth is
    /// set; the container image sets 0.0.0.0].
    #[arg(long, env = "HOST", value_name = "ADDR")]
    pub host: Option<IpAddr>,
    /// HTTP port.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Bearer token required on /sse, /messages/ and /mcp; a secret.
    #[arg(
        long,
        env = "TGMCP_AUTH_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub auth_token: Option<String>,
    /// Owner secret that turns on the built-in OAuth server (for ChatGPT); a secret.
    #[arg(
        long,
        env = "TGMCP_OAUTH_PASSWORD",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub oauth_password: Option<String>,
    /// Public https URL of the server, for OAuth metadata behind proxies.
    #[arg(long, env = "TGMCP_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// File keeping OAuth clients and refresh tokens across restarts.
    #[arg(long, env = "TGMCP_OAUTH_STATE_FILE", value_name = "FILE")]
    pub oauth_state_file: Option<PathBuf>,
    /// Lifetime of OAuth access tokens.
    #[arg(
        long,
        env = "TGMCP_OAUTH_TOKEN_TTL_SECS",
        default_value_t = 3600,
        value_name = "SECS"
    )]
    pub oauth_token_ttl_secs: u64,
    /// Comma-separated browser origins allowed to call the server, or *.
    #[arg(
        long,
        env = "TGMCP_ALLOWED_ORIGINS",
        value_delimiter = ',',
        value_name = "ORIGINS"
    )]
    pub allowed_origins: Vec<String>,
    /// Most open MCP sessions, on /sse and /mcp together.
    #[arg(
        long,
        env = "TGMCP_MAX_SESSIONS",
        default_value_t = 100,
        value_name = "N"
    )]
    pub max_sessions: usize,
    /// Most open MCP sessions of one client (its token with auth on, else its
    /// address), so one caller cannot take every session [default: half of
    /// TGMCP_MAX_SESSIONS].
    #[arg(
        long,
        env = "TGMCP_MAX_SESSIONS_PER_CLIENT",
        default_value_t = 0,
        hide_default_value = true,
        value_name = "N"
    )]
    pub max_sessions_per_client: usize,
    /// Requests per minute per client on MCP endpoints: per token with auth,
    /// else per session, else per address (0 = off).
    #[arg(
        long,
        env = "TGMCP_RATE_LIMIT",
        default_value_t = crate::auth::limiter::DEFAULT_PER_MINUTE,
        value_name = "N"
    )]
    pub rate_limit: u32,
    /// Comma-separated proxy IPs or CIDRs whose X-Forwarded-For names the client
    /// (default: none; on a PaaS, its proxies' ranges).
    #[arg(
        long,
        env = "TGMCP_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_net,
        value_name = "NETS"
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Sessions with no request for this long are closed.
    #[arg(
        long,
        env = "TGMCP_SESSION_IDLE_SECS",
        default_value_t = 3600,
        value_name = "SECS"
    )]
    pub session_idle_secs: u64,
}

/// Configuration errors a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("missing {}.\n  Set them to connect your Telegram account (get a session string with `tgmcp login`),\n  or run `tgmcp serve --demo` to try the built-in demo account without one.", .0.join(", "))]
    MissingCredentials(Vec<&'static str>),
    #[error("{name} must be {expected}, got {value:?}")]
    Invalid {
        name: &'static str,
        expected: &'static str,
        value: String,
    },
    #[error(transparent)]
    Proxy(#[from] crate::telegram::proxy::ProxyError),
}

impl TelegramArgs {
    /// The credentials of a real account, naming every missing variable.
    pub fn credentials(&self) -> Result<Credentials, ConfigError> {
        fn set(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let (id, hash, session) = (
            set(&self.api_id),
            set(&self.api_hash),
            set(&self.session_string),
        );
        let missing: Vec<&'static str> = [
            (id.is_none(), "TELEGRAM_API_ID"),
            (hash.is_none(), "TELEGRAM_API_HASH"),
            (session.is_none(), "TELEGRAM_SESSION_STRING"),
        ]
        .into_iter()
        .filter_map(|(m, n)| m.then_some(n))
        .collect();
        let (Some(id), Some(api_hash), Some(session)) = (id, hash, session) else {
            return Err(ConfigError::MissingCredentials(missing));
        };
        let api_id = id.parse().map_err(|_| ConfigError::Invalid {
            name: "TELEGRAM_API_ID",
            expected: "a number (from my.telegram.org)",
            value: id.to_string(),
        })?;
        Ok(Credentials {
            api_id,
            api_hash: api_hash.to_string(),
            session: session.to_string(),
        })
    }

    /// FLOOD_WAITs up to this long are slept through once.
    pub fn flood_wait_limit(&self) -> Duration {
        Duration::from_secs(self.flood_wait_limit_secs)
    }

    /// The proxy setting, checked (empty is unset).
    pub fn proxy(&self) -> Result<Option<Proxy>, ConfigError> {
        match self
            .proxy
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            Some(v) => Ok(Some(Proxy::parse(v)?)),
            None => Ok(None),
        }
    }

    /// Idle time before a ping (at least 100 ms).
    pub fn keepalive(&self) -> Duration {
        Duration::from_secs_f64(self.keepalive_secs.clamp(0.1, 3600.0))
    }

    /// Bound on every Telegram request (at least 100 ms).
    pub fn timeout(&self) -> Duration {
        Duration::from_secs_f64(self.telegram_timeout_secs.clamp(0.1, 3600.0))
    }
}

impl SandboxArgs {
    /// Per-call limits.
    pub fn limits(&self) -> Limits {
        Limits {
            timeout: Duration::from_secs(self.call_timeout_secs.max(1)),
            cpu_budget: Duration::from_millis(self.cpu_budget_ms.max(10)),
            concurrent_calls: self.max_concurrent_calls.clamp(1, 1024),
            ..Limits::default()
        }
    }

    /// The plugins directory, or the default one.
    pub fn plugins_dir(&self) -> Option<PathBuf> {
        self.plugins_dir.clone().or_else(default_plugins_dir)
    }

    /// The compile cache directory, or the default one.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir.clone().or_else(default_cache_dir)
    }
}

impl HttpArgs {
    /// Whether clients must authenticate (bearer token or OAuth).
    pub fn requires_auth(&self) -> bool {
        self.auth_token.is_some() || self.oauth_password.is_some()
    }

    /// The address to bind: loopback unless `HOST` says otherwise or auth is on.
    pub fn bind_ip(&self) -> IpAddr {
        self.host.unwrap_or(if self.requires_auth() {
            IpAddr::from([0, 0, 0, 0])
        } else {
            IpAddr::from([127, 0, 0, 1])
        })
    }

    /// Allowed origins without trailing slashes or blanks.
    pub fn origins(&self) -> Vec<String> {
        self.allowed_origins
            .iter()
            .map(|s| s.trim().trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// How long an idle session lives.
    pub fn session_idle(&self) -> Duration {
        Duration::from_secs(self.session_idle_secs.max(1))
    }
}

/// An IP network, or one address as a network of one.
fn parse_net(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{s:?} is not an IP address or CIDR network"))
}

fn home_dir(xdg: &str, fallback: &str) -> Option<PathBuf> {
    let get = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty());
    get(xdg)
        .map(PathBuf::from)
        .or_else(|| get("HOME").map(|h| PathBuf::from(h).join(fallback)))
}

/// Default plugins directory: `$XDG_DATA_HOME/tgmcp/plugins` (`~/.local/share/tgmcp/plugins`).
pub fn default_plugins_dir() -> Option<PathBuf> {
    home_dir("XDG_DATA_HOME", ".local/share").map(|d| d.join("tgmcp").join("plugins"))
}

/// Default compile cache: `$XDG_CACHE_HOME/tgmcp` (`~/.cache/tgmcp`).
pub fn default_cache_dir() -> Option<PathBuf> {
    home_dir("XDG_CACHE_HOME", ".cache").map(|d| d.join("tgmcp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_credentials_name_each_variable_and_the_way_out() {
        let t = TelegramArgs {
            api_hash: Some("h".into()),
            ..TelegramArgs::default()
        };
        let s = t.credentials().unwrap_err().to_string();
        assert!(
            s.contains("TELEGRAM_API_ID, TELEGRAM_SESSION_STRING"),
            "{s}"
        );
        assert!(s.contains("tgmcp login"));
        assert!(s.contains("--demo"));
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let c = Credentials {
            api_id: 1,
            api_hash: "h4sh".into(),
            session: "1SECRET".into(),
        };
        let s = format!("{c:?}");
        assert!(!s.contains("SECRET") && !s.contains("h4sh"));
    }
}
