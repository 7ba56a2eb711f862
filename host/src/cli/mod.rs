//! The command line: the clap definition (every setting with its variable)
//! and one module per command. `main.rs` parses and dispatches.

pub mod health;
pub mod inspect;
pub mod login;
pub mod plugin;
pub mod serve;
pub mod tools;

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::config::{HttpArgs, PolicyArgs, SandboxArgs, TelegramArgs};

/// Telegram MCP server whose tools are sandboxed WebAssembly components.
#[derive(Parser)]
#[command(name = "tgmcp", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Serve MCP over HTTP (/sse, /mcp) or stdio.
    Serve(ServeArgs),
    /// Create or inspect plugins.
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// Probe a running server's /health (for container health checks); exit 0 when healthy.
    Health {
        /// Port of the server.
        #[arg(long, env = "PORT", default_value_t = 8080)]
        port: u16,
    },
    /// Sign in to Telegram interactively and print a session string.
    Login {
        /// Sign in by scanning a QR code with the Telegram app instead of typing a code.
        #[arg(long)]
        qr: bool,
        /// API id from my.telegram.org (asked for when unset).
        #[arg(long, env = "TELEGRAM_API_ID", value_name = "ID")]
        api_id: Option<String>,
        /// API hash from my.telegram.org (asked for when unset); a secret.
        #[arg(
            long,
            env = "TELEGRAM_API_HASH",
            hide_env_values = true,
            value_name = "HASH"
        )]
        api_hash: Option<String>,
        /// SOCKS5 proxy to reach Telegram through: socks5://[user:password@]host:port.
        #[arg(long, env = "TGMCP_PROXY", hide_env_values = true, value_name = "URL")]
        proxy: Option<String>,
    },
    /// Print the tool list as the server would expose it.
    Tools(ToolsArgs),
}

/// `tgmcp plugin …`.
#[derive(Subcommand)]
pub enum PluginCommand {
    /// Create a plugin crate (WIT embedded, builds anywhere).
    New {
        /// Plugin name (lower-case, e.g. greeter).
        name: String,
        /// Directory to create it in.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Show a component's tools, schemas and requested capabilities.
    Inspect {
        /// The .wasm file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        policy: PolicyArgs,
        #[command(flatten)]
        sandbox: SandboxArgs,
    },
}

/// `tgmcp serve`.
#[derive(clap::Args, Clone)]
pub struct ServeArgs {
    /// Use the built-in demo account (no Telegram credentials needed).
    #[arg(long)]
    pub demo: bool,
    /// Speak MCP on stdin/stdout instead of HTTP.
    #[arg(long)]
    pub stdio: bool,
    /// Threads that run requests and plugin calls (default: one per core). One
    /// thread serves a single client's calls with less CPU and latency (no
    /// hand-offs between threads); more serve many clients at once.
    #[arg(
        long,
        env = "TGMCP_WORKER_THREADS",
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=1024)
    )]
    pub worker_threads: Option<u16>,
    /// List each tool's output schema in tools/list (1/true/yes/on). Off by
    /// default: they were half the list's weight, paid in every conversation;
    /// results carry structuredContent either way. Turn on for clients that
    /// validate results or generate code from the schemas.
    #[arg(long, env = "TGMCP_OUTPUT_SCHEMAS", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, num_args = 0..=1, default_missing_value = "true")]
    pub output_schemas: bool,
    #[command(flatten)]
    pub http: HttpArgs,
    #[command(flatten)]
    pub telegram: TelegramArgs,
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub sandbox: SandboxArgs,
}

/// `tgmcp tools`: the server's settings that decide the tool list.
#[derive(clap::Args, Clone)]
pub struct ToolsArgs {
    /// Use the built-in demo account.
    #[arg(long)]
    pub demo: bool,
    /// Print a Markdown reference (docs/tools.md is this, for every profile).
    #[arg(long)]
    pub markdown: bool,
    #[command(flatten)]
    pub telegram: TelegramArgs,
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub sandbox: SandboxArgs,
}

/// Read by tracing, not by clap.
const RUST_LOG: (&str, &str) = ("RUST_LOG", "log filter, e.g. info or tgmcp=debug");

/// Every environment variable tgmcp reads, with its help line, derived from
/// the CLI definition: the one list the docs, the compose file and
/// `.env.example` are checked against.
pub fn env_vars() -> Vec<(String, String)> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, String)>) {
        for arg in cmd.get_arguments() {
            if let Some(env) = arg.get_env() {
                let name = env.to_string_lossy().into_owned();
                if !out.iter().any(|(n, _)| *n == name) {
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    out.push((name, help));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out.push((RUST_LOG.0.into(), RUST_LOG.1.into()));
    out
}

/// Libraries whose info and debug lines are for their own developers (rmcp
/// dumps whole requests, wasmtime and cranelift narrate every compile,
/// grammers every reconnect): quiet unless named in `RUST_LOG`.
const QUIET: &str = "rmcp=warn,wasmtime=warn,cranelift=warn,grammers=warn,hyper=warn,h2=warn,tower=warn,notify=warn";

/// The log filter: `info` and the quiet libraries, then the user's `RUST_LOG`
/// on top. A bare level (`RUST_LOG=debug`) applies to tgmcp and everything
/// not named; a library named explicitly (`rmcp=debug`) gets what is asked.
/// `listing`: a command that only lists or inspects, whose info lines say
/// nothing to the person reading its output: `warn` unless `RUST_LOG` is set.
pub fn log_directives(user: Option<&str>, listing: bool) -> String {
    let user = user.map(str::trim).filter(|u| !u.is_empty());
    let level = if listing && user.is_none() {
        "warn"
    } else {
        "info"
    };
    let mut out = format!("{level},{QUIET}");
    if let Some(user) = user {
        for d in user.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            // A bare level replaces the default level but not the quieting:
            // a more specific directive always wins over a bare level.
            out.push(',');
            out.push_str(d);
        }
    }
    out
}

/// The environment variable behind `--flag`, if the flag has one.
fn env_of_flag(long: &str) -> Option<String> {
    fn walk(cmd: &clap::Command, long: &str) -> Option<String> {
        cmd.get_arguments()
            .find(|a| a.get_long() == Some(long))
            .and_then(|a| a.get_env())
            .map(|e| e.to_string_lossy().into_owned())
            .or_else(|| cmd.get_subcommands().find_map(|s| walk(s, long)))
    }
    walk(&Cli::command(), long)
}

/// clap's message for a bad value names the flag (`'--worker-threads <N>'`)
/// even when the value came from the environment; a person who set
/// `TGMCP_WORKER_THREADS=0` in a dashboard looks for that name, so it is named.
pub fn name_env_in_error(message: &str, command_line: &[String]) -> String {
    let Some(start) = message.find("'--") else {
        return message.to_string();
    };
    let Some(len) = message[start + 1..].find('\'') else {
        return message.to_string();
    };
    let quoted = &message[start..start + len + 2];
    let long = quoted
        .trim_matches('\'')
        .trim_start_matches("--")
        .split_whitespace()
        .next()
        .unwrap_or_default();
    let on_command_line = command_line
        .iter()
        .any(|a| a.strip_prefix("--").and_then(|a| a.split('=').next()) == Some(long));
    match env_of_flag(long) {
        Some(env) if !on_command_line && std::env::var_os(&env).is_some() => {
            message.replacen(quoted, &env, 1)
        }
        _ => message.to_string(),
    }
}

/// Empty means unset: `FOO=` in a compose or .env file must not become
/// `--foo ""`. Call before threads start (it edits the process environment).
pub fn unset_empty_env() {
    for (name, _) in env_vars() {
        if std::env::var_os(&name).is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
            // SAFETY-free in edition 2021; called from main before any thread exists.
            std::env::remove_var(&name);
        }
    }
}

/// `TGMCP_*` variables read outside the CLI: the test harness, the docs
/// check, the build script and the compose file. Never warned about.
const OTHER_VARS: &[&str] = &[
    "TGMCP_WRAP",
    "TGMCP_UPDATE_DOCS",
    "TGMCP_TEST_TOKEN",
    "TGMCP_NO_RUSTUP",
    "TGMCP_WASM_DIR",
    "TGMCP_IMAGE",
];

/// One warning per `TGMCP_*` variable in `names` that tgmcp does not read,
/// with the closest setting: a typo (`TGMCP_READONLY=1`) is otherwise
/// ignored without a word, and the server serves what it was told not to.
pub fn unknown_env_warnings(names: impl Iterator<Item = String>) -> Vec<String> {
    let known: Vec<String> = env_vars().into_iter().map(|(n, _)| n).collect();
    let mut out: Vec<String> = names
        .filter(|n| n.starts_with("TGMCP_"))
        .filter(|n| !known.contains(n) && !OTHER_VARS.contains(&n.as_str()))
        .map(|n| {
            let hint = crate::policy::did_you_mean(&n, &known);
            format!("{n} is not a tgmcp setting and is ignored{hint}; `tgmcp serve --help` lists every variable")
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_variable_is_named_with_the_setting_meant() {
        let w = unknown_env_warnings(
            [
                "TGMCP_READONLY",
                "TGMCP_READ_ONLY",
                "TGMCP_WRAP",
                "HOME",
                "TGMCP_PLUGIN_DIR",
            ]
            .into_iter()
            .map(String::from),
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].starts_with("TGMCP_PLUGIN_DIR is not a tgmcp setting")
                && w[0].contains("\"TGMCP_PLUGINS_DIR\""),
            "{w:?}"
        );
        assert!(w[1].contains("did you mean \"TGMCP_READ_ONLY\"?"), "{w:?}");
    }

    #[test]
    fn a_flag_given_on_the_command_line_or_without_a_variable_stays_named() {
        let msg = "error: invalid value '0' for '--worker-threads <N>': 0 is not in 1..=1024\n";
        let cli = ["tgmcp".to_string(), "--worker-threads=0".to_string()];
        assert_eq!(name_env_in_error(msg, &cli), msg);
        let other = "error: invalid value 'x' for '--nope <N>': bad\n";
        assert_eq!(name_env_in_error(other, &[]), other);
        assert_eq!(
            env_of_flag("worker-threads").as_deref(),
            Some("TGMCP_WORKER_THREADS")
        );
    }

    #[test]
    fn a_bare_level_keeps_the_quiet_libraries_quiet() {
        assert_eq!(log_directives(None, false), format!("info,{QUIET}"));
        assert_eq!(log_directives(Some("  "), false), format!("info,{QUIET}"));
        // A listing command shows warnings only, unless RUST_LOG says more.
        assert_eq!(log_directives(None, true), format!("warn,{QUIET}"));
        assert_eq!(
            log_directives(Some("info"), true),
            format!("info,{QUIET},info")
        );
        let d = log_directives(Some("debug"), false);
        assert!(
            d.starts_with("info,rmcp=warn,") && d.ends_with(",debug"),
            "{d}"
        );
        let d = log_directives(Some("info, tgmcp=debug,"), false);
        assert!(d.ends_with(",info,tgmcp=debug"), "{d}");
        for d in [None, Some("debug"), Some("rmcp=debug")] {
            tracing_subscriber::EnvFilter::try_new(log_directives(d, false)).unwrap();
        }
    }

    #[test]
    fn the_cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_variable_is_listed_once_with_help() {
        let vars = env_vars();
        for must in [
            "TELEGRAM_API_ID",
            "TELEGRAM_SESSION_STRING",
            "TGMCP_AUTH_TOKEN",
            "TGMCP_OAUTH_PASSWORD",
            "TGMCP_TOOLS",
            "TGMCP_READ_ONLY",
            "PORT",
            "HOST",
        ] {
            assert!(vars.iter().any(|(n, _)| n == must), "{must} missing");
        }
        assert!(vars.iter().all(|(_, h)| !h.is_empty()), "{vars:?}");
    }

    #[test]
    fn serve_help_shows_every_variable_but_no_secret_value() {
        let help = Cli::command()
            .find_subcommand_mut("serve")
            .map(|c| c.render_long_help().to_string())
            .unwrap_or_default();
        for name in [
            "TELEGRAM_API_ID",
            "TELEGRAM_API_HASH",
            "TELEGRAM_SESSION_STRING",
            "TGMCP_AUTH_TOKEN",
            "TGMCP_OAUTH_PASSWORD",
            "TGMCP_TOOLS",
            "TGMCP_POLICY",
        ] {
            assert!(help.contains(name), "{name} missing from serve --help");
        }
    }
}
