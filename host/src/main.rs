//! `tgmcp`: parses the command line and dispatches to `tgmcp::cli`.

use std::process::ExitCode;

use clap::Parser as _;
use tgmcp::cli::{self, Cli, Command, PluginCommand};
use tracing_subscriber::EnvFilter;

/// `listing`: a command that only lists or inspects (see `log_directives`).
fn init_logs(listing: bool) {
    // Logs go to stderr: stdout belongs to the stdio transport.
    let user = std::env::var("RUST_LOG").ok();
    let directives = cli::log_directives(user.as_deref(), listing);
    let (filter, bad) = match EnvFilter::try_new(directives) {
        Ok(f) => (f, None),
        Err(e) => (EnvFilter::new(cli::log_directives(None, listing)), Some(e)),
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    if let Some(e) = bad {
        tracing::warn!("RUST_LOG is not a log filter ({e}); using the default");
    }
}

/// One line, `error: …`, and exit code 2.
fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    tgmcp::process::heap::limit_arenas();
    // Before any thread exists: `FOO=` from a compose or .env file means unset.
    cli::unset_empty_env();
    let args = match Cli::try_parse() {
        Ok(a) => a,
        Err(e) if e.use_stderr() => {
            let command_line: Vec<String> = std::env::args().collect();
            eprint!("{}", cli::name_env_in_error(&e.to_string(), &command_line));
            return ExitCode::from(2);
        }
        // --help and --version.
        Err(e) => e.exit(),
    };
    init_logs(matches!(
        args.command,
        Command::Tools(_) | Command::Plugin(PluginCommand::Inspect { .. })
    ));
    let names = std::env::vars_os().filter_map(|(k, _)| k.into_string().ok());
    for w in cli::unknown_env_warnings(names) {
        tracing::warn!("{w}");
    }
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Command::Serve(a) = &args.command {
        if let Some(n) = a.worker_threads {
            builder.worker_threads(n.into());
        }
    }
    let rt = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(format!("could not start the async runtime: {e}")),
    };
    rt.block_on(run(args.command))
}

async fn run(command: Command) -> ExitCode {
    match command {
        Command::Serve(a) => match cli::serve::run(a).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        },
        Command::Login {
            qr,
            api_id,
            api_hash,
            proxy,
        } => match cli::login::run(qr, api_id, api_hash, proxy).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        },
        Command::Health { port } => match cli::health::probe(port) {
            Ok((body, healthy)) => {
                println!("{body}");
                if healthy {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(e) => fail(format!("nothing answers on port {port}: {e}")),
        },
        Command::Plugin(PluginCommand::New { name, dir }) => match cli::plugin::new(&name, &dir) {
            Ok((root, file)) => {
                let root = root.display();
                println!("Created {root}");
                println!("Build it:   cd {root} && cargo build --release --target wasm32-wasip2");
                println!("Install it: cp target/wasm32-wasip2/release/{file} <plugins dir>   (tgmcp serve --plugins-dir)");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Plugin(PluginCommand::Inspect {
            file,
            json,
            policy,
            sandbox,
        }) => match cli::plugin::inspect(&file, &policy, &sandbox).await {
            Ok(report) => {
                if json {
                    match serde_json::to_string_pretty(&report) {
                        Ok(s) => println!("{s}"),
                        Err(e) => return fail(e),
                    }
                } else {
                    print!("{report}");
                }
                if report.error.is_some() {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => fail(format!("reading {}: {e}", file.display())),
        },
        Command::Tools(a) if a.markdown => {
            let setting = a.policy.tools.clone();
            match cli::tools::run(a).await {
                Ok(tools) => {
                    print!("{}", cli::tools::markdown(&tools, setting.as_deref()));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Tools(a) => match cli::tools::run(a).await {
            Ok(tools) => match serde_json::to_string_pretty(&tools) {
                Ok(s) => {
                    println!("{s}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            },
            Err(e) => fail(e),
        },
    }
}
