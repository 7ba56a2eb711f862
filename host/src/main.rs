//! `tgmcp` command line.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tgmcp::app::{self, ServeOptions};
use tgmcp::config;
use tracing_subscriber::EnvFilter;

/// Telegram MCP server whose tools are sandboxed WebAssembly components.
#[derive(Parser)]
#[command(name = "tgmcp", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    },
    /// Print the tool list as the server would expose it.
    Tools {
        /// Use the built-in demo account.
        #[arg(long)]
        demo: bool,
        /// Also load the plugins in this directory.
        #[arg(long, env = "TGMCP_PLUGINS_DIR")]
        plugins_dir: Option<PathBuf>,
        /// Hide tools that change the account.
        #[arg(long)]
        read_only: bool,
        /// TOML policy file.
        #[arg(long, env = "TGMCP_POLICY")]
        policy: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PluginCommand {
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
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Use the built-in in-memory demo account (no Telegram credentials needed).
    #[arg(long)]
    demo: bool,
    /// Speak MCP on stdin/stdout instead of HTTP.
    #[arg(long)]
    stdio: bool,
    /// Address to bind.
    #[arg(long, env = "HOST", default_value = "0.0.0.0")]
    host: IpAddr,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Directory of extra .wasm plugins, watched for changes
    /// [default: ~/.local/share/tgmcp/plugins].
    #[arg(long, env = "TGMCP_PLUGINS_DIR")]
    plugins_dir: Option<PathBuf>,
    /// Directory of compiled plugins [default: ~/.cache/tgmcp].
    #[arg(long, env = "TGMCP_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Hide and refuse every tool that changes the account (also TGMCP_READ_ONLY=1).
    #[arg(long)]
    read_only: bool,
    /// TOML policy file: grants, chat allow/deny lists, tool filters, quotas, audit log.
    #[arg(long, env = "TGMCP_POLICY")]
    policy: Option<PathBuf>,
}

fn init_logs() {
    // Logs go to stderr: stdout belongs to the stdio transport.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(
            "info,rmcp=warn,grammers_mtsender=warn,grammers_client=warn,grammers_session=warn",
        )
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logs();
    match cli.command {
        Command::Serve(a) => {
            let opts = ServeOptions {
                demo: a.demo,
                stdio: a.stdio,
                addr: SocketAddr::new(a.host, a.port),
                plugins_dir: a.plugins_dir.or_else(config::default_plugins_dir),
                cache_dir: a.cache_dir.or_else(config::default_cache_dir),
                read_only: a.read_only || config::env_flag("TGMCP_READ_ONLY"),
                policy: a.policy,
            };
            if let Err(e) = app::serve(opts).await {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
            Ok(())
        }
        Command::Login { qr } => login(qr).await,
        Command::Health { port } => {
            // A plain HTTP/1.0 GET: the container image has no curl or shell.
            use std::io::{Read, Write};
            let mut conn = std::net::TcpStream::connect_timeout(
                &SocketAddr::from(([127, 0, 0, 1], port)),
                std::time::Duration::from_secs(3),
            )
            .with_context(|| format!("nothing listens on port {port}"))?;
            conn.set_read_timeout(Some(std::time::Duration::from_secs(3)))?;
            conn.write_all(b"GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
            let mut reply = String::new();
            conn.read_to_string(&mut reply)?;
            let healthy = reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200");
            println!("{}", reply.split("\r\n\r\n").nth(1).unwrap_or(&reply));
            if !healthy {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Plugin(PluginCommand::New { name, dir }) => {
            let root = tgmcp::scaffold::new_plugin(&name, &dir)?;
            let file = name.replace('-', "_");
            println!("Created {}", root.display());
            println!(
                "Build it:   cd {} && cargo build --release --target wasm32-wasip2",
                root.display()
            );
            println!("Install it: cp target/wasm32-wasip2/release/{file}.wasm <plugins dir>   (tgmcp serve --plugins-dir)");
            Ok(())
        }
        Command::Plugin(PluginCommand::Inspect { file, json }) => {
            let backend: std::sync::Arc<dyn tgmcp::telegram::Backend> =
                std::sync::Arc::new(tgmcp::telegram::demo::DemoBackend::new());
            // The compile cache makes inspecting a big component (e.g. Python) fast the second time.
            let cache = std::env::var_os("TGMCP_CACHE_DIR")
                .map(PathBuf::from)
                .or_else(config::default_cache_dir);
            let rt = tgmcp::runtime::Runtime::new(
                backend,
                tgmcp::policy::Policy::default(),
                config::limits_from_env()?,
                cache.as_deref(),
            )
            .await?;
            let report = tgmcp::runtime::inspect::inspect(&rt, &file)
                .await
                .with_context(|| format!("reading {}", file.display()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            if report.error.is_some() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Tools {
            demo,
            plugins_dir,
            read_only,
            policy,
        } => {
            let opts = ServeOptions {
                demo,
                stdio: false,
                addr: SocketAddr::from(([127, 0, 0, 1], 0)),
                plugins_dir,
                cache_dir: config::default_cache_dir(),
                read_only: read_only || config::env_flag("TGMCP_READ_ONLY"),
                policy,
            };
            let backend = match app::backend(demo).await {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e}");
                    std::process::exit(2);
                }
            };
            let rt = app::runtime(&opts, backend)
                .await
                .context("loading plugins")?;
            let tools: Vec<_> = rt
                .registry()
                .tools()
                .filter(|(_, t)| rt.visible(t))
                .map(|(p, t)| {
                    let mut v =
                        serde_json::to_value(tgmcp::mcp::McpServer::tool(t)).unwrap_or_default();
                    v["plugin"] = p.name.clone().into();
                    v
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&tools)?);
            Ok(())
        }
    }
}

/// Terminal prompts for `tgmcp login`: questions on stderr, answers from stdin.
struct Terminal;

impl tgmcp::telegram::login::Ask for Terminal {
    fn ask(&mut self, question: &str, secret: bool) -> std::io::Result<String> {
        if secret {
            return rpassword::prompt_password(question);
        }
        eprint!("{question}");
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "no more input",
            ));
        }
        Ok(line.trim().to_string())
    }

    fn say(&mut self, line: &str) {
        eprintln!("{line}");
    }
}

/// Draws a link as a QR code in the terminal (two rows per character).
fn show_qr(link: &str) {
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(code) => {
            let art = code
                .render::<qrcode::render::unicode::Dense1x2>()
                .quiet_zone(true)
                .build();
            eprintln!("\n{art}\nScan it in the Telegram app: Settings > Devices > Link Desktop Device.\n(It refreshes by itself; Ctrl-C to give up.)\n");
        }
        Err(e) => eprintln!(
            "could not draw the QR code ({e}); open this link on a logged-in device: {link}"
        ),
    }
}

async fn login(qr: bool) -> anyhow::Result<()> {
    use tgmcp::telegram::login::Ask;
    let mut t = Terminal;
    eprintln!("Sign in to Telegram. Get an API id and hash at https://my.telegram.org (API development tools).");
    let api_id = match std::env::var("TELEGRAM_API_ID") {
        Ok(v) if !v.trim().is_empty() => v,
        _ => t.ask("API id: ", false)?,
    };
    let api_id: i32 = api_id.trim().parse().context("the API id is a number")?;
    let api_hash = match std::env::var("TELEGRAM_API_HASH") {
        Ok(v) if !v.trim().is_empty() => v,
        _ => t.ask("API hash: ", true)?,
    };
    let result = if qr {
        tgmcp::telegram::login::login_qr(api_id, api_hash.trim(), &mut t, &mut show_qr).await
    } else {
        tgmcp::telegram::login::login(api_id, api_hash.trim(), &mut t).await
    };
    match result {
        Ok((session, name)) => {
            eprintln!("\nSigned in as {name}. Your session string follows: it is full access to your account.");
            eprintln!("Store it as a secret (your PaaS's secret settings), never in git.\n");
            println!("TELEGRAM_API_ID={api_id}");
            println!("TELEGRAM_API_HASH={}", api_hash.trim());
            println!("TELEGRAM_SESSION_STRING={session}");
            Ok(())
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
