//! Configuration from environment variables and flags, with clear errors.

use std::path::PathBuf;
use std::time::Duration;

use crate::runtime::Limits;

/// Every environment variable tgmcp reads, with what it does. The one list the
/// docs, the compose file and `.env.example` are checked against.
pub const ENV_VARS: &[(&str, &str)] = &[
    ("TELEGRAM_API_ID", "API id from my.telegram.org"),
    ("TELEGRAM_API_HASH", "API hash from my.telegram.org"),
    (
        "TELEGRAM_SESSION_STRING",
        "session string (tgmcp login, Telethon or Pyrogram); a secret",
    ),
    ("PORT", "HTTP port (default 8080)"),
    ("HOST", "address to bind (default 0.0.0.0)"),
    (
        "TGMCP_PLUGINS_DIR",
        "directory of extra .wasm plugins, watched for changes",
    ),
    ("TGMCP_CACHE_DIR", "directory of compiled plugins"),
    (
        "TGMCP_POLICY",
        "TOML policy file: grants, chat lists, tool filters, quotas, audit log",
    ),
    (
        "TGMCP_TOOLS",
        "comma-separated tool names or globs to expose, e.g. get_*,send_message",
    ),
    (
        "TGMCP_READ_ONLY",
        "1 to hide and refuse every tool that changes the account",
    ),
    (
        "TGMCP_AUTH_TOKEN",
        "bearer token required on /sse, /messages/ and /mcp; a secret",
    ),
    (
        "TGMCP_OAUTH_PASSWORD",
        "owner secret that turns on the built-in OAuth server (for ChatGPT); a secret",
    ),
    (
        "TGMCP_PUBLIC_URL",
        "public https URL of the server, for OAuth metadata behind proxies",
    ),
    (
        "TGMCP_OAUTH_STATE_FILE",
        "file keeping OAuth clients and refresh tokens across restarts",
    ),
    (
        "TGMCP_OAUTH_TOKEN_TTL_SECS",
        "lifetime of OAuth access tokens (default 3600)",
    ),
    (
        "TGMCP_MAX_SESSIONS",
        "most concurrent legacy SSE sessions (default 100)",
    ),
    (
        "TGMCP_RATE_LIMIT",
        "requests per minute per client address on MCP endpoints (default 600, 0 = off)",
    ),
    (
        "TGMCP_TRUSTED_PROXIES",
        "comma-separated proxy IPs or CIDRs whose X-Forwarded-For names the client (default: none)",
    ),
    (
        "TGMCP_SESSION_IDLE_SECS",
        "sessions with no request for this long are closed (default 3600)",
    ),
    (
        "TGMCP_ALLOWED_ORIGINS",
        "comma-separated browser origins allowed to call the server, or *",
    ),
    (
        "TGMCP_CALL_TIMEOUT_SECS",
        "wall-clock limit of one tool call (default 30)",
    ),
    (
        "TGMCP_CPU_BUDGET_MS",
        "WebAssembly execution limit of one tool call (default 5000)",
    ),
    (
        "TGMCP_FLOOD_WAIT_LIMIT_SECS",
        "FLOOD_WAITs up to this long are slept through once (default 10)",
    ),
    ("RUST_LOG", "log filter, e.g. info or tgmcp=debug"),
];

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
}

/// Credentials of a real account. The session string is never printed.
#[derive(Clone)]
pub struct Credentials {
    pub api_id: i32,
    pub api_hash: String,
    pub session: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("api_id", &self.api_id)
            .field("api_hash", &"<redacted>")
            .field("session", &"<redacted>")
            .finish()
    }
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Whether an env var is set to a true value (1, true, yes, on).
pub fn env_flag(name: &str) -> bool {
    env_nonempty(name)
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}

/// Reads the Telegram credentials, naming every missing variable.
pub fn credentials_from_env() -> Result<Credentials, ConfigError> {
    let id = env_nonempty("TELEGRAM_API_ID");
    let hash = env_nonempty("TELEGRAM_API_HASH");
    let session = env_nonempty("TELEGRAM_SESSION_STRING");
    let mut missing = Vec::new();
    if id.is_none() {
        missing.push("TELEGRAM_API_ID");
    }
    if hash.is_none() {
        missing.push("TELEGRAM_API_HASH");
    }
    if session.is_none() {
        missing.push("TELEGRAM_SESSION_STRING");
    }
    let (Some(id), Some(api_hash), Some(session)) = (id, hash, session) else {
        return Err(ConfigError::MissingCredentials(missing));
    };
    let api_id = id.parse().map_err(|_| ConfigError::Invalid {
        name: "TELEGRAM_API_ID",
        expected: "a number (from my.telegram.org)",
        value: id.clone(),
    })?;
    Ok(Credentials {
        api_id,
        api_hash,
        session,
    })
}

/// Per-call limits from the environment, over the defaults.
pub fn limits_from_env() -> Result<Limits, ConfigError> {
    let mut l = Limits::default();
    if let Some(v) = env_nonempty("TGMCP_CALL_TIMEOUT_SECS") {
        let secs: u64 = v.parse().map_err(|_| ConfigError::Invalid {
            name: "TGMCP_CALL_TIMEOUT_SECS",
            expected: "a whole number of seconds",
            value: v.clone(),
        })?;
        l.timeout = Duration::from_secs(secs.max(1));
    }
    if let Some(v) = env_nonempty("TGMCP_CPU_BUDGET_MS") {
        let ms: u64 = v.parse().map_err(|_| ConfigError::Invalid {
            name: "TGMCP_CPU_BUDGET_MS",
            expected: "a whole number of milliseconds",
            value: v.clone(),
        })?;
        l.cpu_budget = Duration::from_millis(ms.max(10));
    }
    Ok(l)
}

/// FLOOD_WAITs up to this long are slept through once (`TGMCP_FLOOD_WAIT_LIMIT_SECS`, default 10).
pub fn flood_wait_limit_from_env() -> Result<Duration, ConfigError> {
    match env_nonempty("TGMCP_FLOOD_WAIT_LIMIT_SECS") {
        None => Ok(Duration::from_secs(10)),
        Some(v) => v
            .parse()
            .map(Duration::from_secs)
            .map_err(|_| ConfigError::Invalid {
                name: "TGMCP_FLOOD_WAIT_LIMIT_SECS",
                expected: "a whole number of seconds",
                value: v,
            }),
    }
}

/// Allowed origins from `TGMCP_ALLOWED_ORIGINS` (comma-separated).
pub fn allowed_origins_from_env() -> Vec<String> {
    env_nonempty("TGMCP_ALLOWED_ORIGINS")
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().trim_end_matches('/').to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The quick tool filter `TGMCP_TOOLS`, if set.
pub fn tools_filter_from_env() -> Option<String> {
    env_nonempty("TGMCP_TOOLS")
}

fn number<T: std::str::FromStr>(
    name: &'static str,
    default: T,
    expected: &'static str,
) -> Result<T, ConfigError> {
    match env_nonempty(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
            name,
            expected,
            value: v,
        }),
    }
}

/// The OAuth owner secret, if set.
pub fn oauth_password_from_env() -> Option<String> {
    env_nonempty("TGMCP_OAUTH_PASSWORD")
}

/// The configured public URL, if set.
pub fn public_url_from_env() -> Option<String> {
    env_nonempty("TGMCP_PUBLIC_URL")
}

/// Where OAuth state persists, if anywhere.
pub fn oauth_state_file_from_env() -> Option<PathBuf> {
    env_nonempty("TGMCP_OAUTH_STATE_FILE").map(PathBuf::from)
}

/// `TGMCP_OAUTH_TOKEN_TTL_SECS` (default one hour).
pub fn oauth_token_ttl_from_env() -> Result<Duration, ConfigError> {
    number(
        "TGMCP_OAUTH_TOKEN_TTL_SECS",
        crate::auth::oauth::ACCESS_TTL.as_secs(),
        "a whole number of seconds",
    )
    .map(|s| Duration::from_secs(s.max(1)))
}

/// `TGMCP_MAX_SESSIONS` (default 100).
pub fn max_sessions_from_env() -> Result<usize, ConfigError> {
    number("TGMCP_MAX_SESSIONS", 100, "a whole number")
}

/// `TGMCP_RATE_LIMIT` requests per minute per client (default 600; 0 = off).
pub fn rate_limit_from_env() -> Result<u32, ConfigError> {
    number(
        "TGMCP_RATE_LIMIT",
        600,
        "a whole number of requests per minute",
    )
}

/// `TGMCP_TRUSTED_PROXIES`: proxies (IPs or CIDRs) whose X-Forwarded-For is believed (default none).
pub fn trusted_proxies_from_env() -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let Some(v) = env_nonempty("TGMCP_TRUSTED_PROXIES") else {
        return Ok(Vec::new());
    };
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError::Invalid {
                    name: "TGMCP_TRUSTED_PROXIES",
                    expected: "comma-separated IP addresses or CIDR networks",
                    value: s.to_string(),
                })
        })
        .collect()
}

/// `TGMCP_SESSION_IDLE_SECS` (default 3600).
pub fn session_idle_from_env() -> Result<Duration, ConfigError> {
    number(
        "TGMCP_SESSION_IDLE_SECS",
        3600u64,
        "a whole number of seconds",
    )
    .map(|s| Duration::from_secs(s.max(1)))
}

/// The bearer token, if set.
pub fn auth_token_from_env() -> Option<String> {
    env_nonempty("TGMCP_AUTH_TOKEN")
}

fn home_dir(xdg: &str, fallback: &str) -> Option<PathBuf> {
    env_nonempty(xdg)
        .map(PathBuf::from)
        .or_else(|| env_nonempty("HOME").map(|h| PathBuf::from(h).join(fallback)))
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
        let e = ConfigError::MissingCredentials(vec!["TELEGRAM_API_ID", "TELEGRAM_SESSION_STRING"]);
        let s = e.to_string();
        assert!(s.contains("TELEGRAM_API_ID, TELEGRAM_SESSION_STRING"));
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
