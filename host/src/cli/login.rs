//! `tgmcp login`: terminal prompts around `telegram::login`.

use crate::telegram::login::{self, Ask, LoginOptions};
use crate::telegram::proxy::Proxy;

/// Terminal prompts: questions on stderr, answers from stdin.
struct Terminal;

impl Ask for Terminal {
    fn ask(&mut self, question: &str, secret: bool) -> std::io::Result<String> {
        // Unechoed from the terminal when there is one; piped answers (a
        // script, `docker run` without -t) are read as lines like the rest.
        if secret && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
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

/// Why `tgmcp login` stopped.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Login(String),
}

/// Signs in and prints the three variables to set.
pub async fn run(
    qr: bool,
    api_id: Option<String>,
    api_hash: Option<String>,
    proxy: Option<String>,
) -> Result<(), LoginError> {
    let mut t = Terminal;
    let fail = |e: login::LoginError| LoginError::Login(e.to_string());
    let proxy = match proxy.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(Proxy::parse(p).map_err(|e| fail(e.into()))?),
        None => None,
    };
    // Before any question: a blocked network is found out first.
    login::check_reachable(proxy.as_ref()).await.map_err(fail)?;
    let proxy = match proxy {
        Some(p) => Some(p.resolved_url().await.map_err(|e| fail(e.into()))?),
        None => None,
    };
    eprintln!("Sign in to Telegram. Get an API id and hash at https://my.telegram.org (API development tools).");
    let mut api_id = api_id.filter(|v| !v.trim().is_empty());
    let api_id: i32 = loop {
        let v = match api_id.take() {
            Some(v) => v,
            None => t.ask("API id: ", false)?,
        };
        match v.trim().parse() {
            Ok(id) => break id,
            Err(_) => {
                t.say("The API id is a number (my.telegram.org, API development tools); try again.")
            }
        }
    };
    let api_hash = match api_hash.filter(|v| !v.trim().is_empty()) {
        Some(v) => v,
        None => t.ask("API hash: ", true)?,
    };
    let opts = LoginOptions {
        api_id,
        api_hash: api_hash.trim().to_string(),
        proxy,
    };
    let result = if qr {
        login::login_qr(&opts, &mut t, &mut show_qr).await
    } else {
        login::login(&opts, &mut t).await
    };
    let (session, name) = result.map_err(fail)?;
    eprintln!(
        "\nSigned in as {name}. Your session string follows: it is full access to your account."
    );
    eprintln!("Store it as a secret (your PaaS's secret settings), never in git.\n");
    println!("TELEGRAM_API_ID={api_id}");
    println!("TELEGRAM_API_HASH={}", api_hash.trim());
    println!("TELEGRAM_SESSION_STRING={session}");
    if opts.proxy.is_some() {
        eprintln!("\nThe server needs the proxy too: set TGMCP_PROXY where it runs.");
    }
    Ok(())
}
