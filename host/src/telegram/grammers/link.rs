//! The connection to Telegram: one grammers client that can be rebuilt, a
//! timeout on every request (grammers has none and never checks pongs), the
//! state `/health` reports, and Telegram's errors in words a user can act on.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::ops::ControlFlow;

use grammers_client::sender::{AutoSleep, ConnectionParams, RetryContext, RetryPolicy, SenderPool};
use grammers_client::session::storages::MemorySession;
use grammers_client::{Client, InvocationError};
use tokio::task::JoinHandle;

use super::updates::UpdatesRx;
use crate::telegram::events::EventLog;
use crate::telegram::{ConnectionState, TelegramError};

/// RPC errors after which the session string is useless.
const FATAL: &[&str] = &[
    "AUTH_KEY_UNREGISTERED",
    "AUTH_KEY_DUPLICATED",
    "AUTH_KEY_INVALID",
    "SESSION_REVOKED",
    "SESSION_EXPIRED",
    "USER_DEACTIVATED",
    "USER_DEACTIVATED_BAN",
];

/// How a fatal session error reads.
pub fn fatal_message(name: &str) -> String {
    format!("the Telegram session is no longer valid ({name}); make a new session string with `tgmcp login` and set TELEGRAM_SESSION_STRING")
}

/// Maps grammers' errors to ours, keeping Telegram's names.
pub fn map_error(e: InvocationError) -> TelegramError {
    match e {
        InvocationError::Rpc(r) => {
            let flood = matches!(
                r.name.as_str(),
                "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT"
            );
            if FATAL.contains(&r.name.as_str()) {
                return TelegramError::SessionInvalid(fatal_message(&r.name));
            }
            TelegramError::Rpc {
                code: r.code,
                name: r.name.clone(),
                retry_after_secs: if flood { r.value } else { None },
            }
        }
        // Transport status 404: the server does not know this authorization key.
        InvocationError::Transport(grammers_mtproto::transport::Error::BadStatus {
            status: 404,
        }) => TelegramError::SessionInvalid(fatal_message("AUTH_KEY_UNREGISTERED")),
        InvocationError::Io(e) => TelegramError::Disconnected(e.to_string()),
        InvocationError::Transport(e) => TelegramError::Disconnected(e.to_string()),
        // grammers also says "dropped" when an answer lacks what was asked
        // (a peer id Telegram does not know): that is a miss, not an outage,
        // and must not rebuild the connection other calls are using.
        InvocationError::Dropped(why) if !connection_dropped(why) => {
            TelegramError::NotFound(format!("Telegram does not know it ({why})"))
        }
        InvocationError::Dropped(why) => {
            TelegramError::Disconnected(format!("the connection was dropped ({why})"))
        }
        other => TelegramError::Other(other.to_string()),
    }
}

/// Maps an error on the serving link. Its session always starts with the
/// session string's key, so grammers runs a key exchange only after the
/// server answered that key with transport error 404 (it does not know it).
/// At Telegram the new key then gets AUTH_KEY_UNREGISTERED; where the
/// exchange itself fails (a server whose RSA key grammers does not carry,
/// as the local test server) the session is just as dead: say so, with the
/// same advice, instead of reporting the exchange's internals.
fn map_link_error(e: InvocationError) -> TelegramError {
    match e {
        InvocationError::Authentication(why) => {
            tracing::debug!(error = %why, "key exchange after transport error 404 failed");
            TelegramError::SessionInvalid(fatal_message(
                "the server does not know its key: transport error 404",
            ))
        }
        other => map_error(other),
    }
}

/// Whether grammers' "dropped" reason is about the connection (its sender
/// pool or a broken message), as opposed to an answer missing a peer.
fn connection_dropped(why: &str) -> bool {
    let why = why.to_ascii_lowercase();
    why.contains("senderpool") || why.contains("bad msg") || why.contains("connection")
}

/// How the client introduces itself and retries.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    pub api_id: i32,
    /// Bound on every request, connecting included.
    pub timeout: Duration,
    /// FLOOD_WAITs up to this long are slept through once.
    pub flood_wait_limit: Duration,
    /// SOCKS5 proxy URL (`TGMCP_PROXY`), its host already an IP address.
    pub proxy: Option<String>,
    /// Bytes of updates kept for `get_updates` and `wait_for_message`.
    pub events_max_bytes: usize,
}

impl LinkOptions {
    /// For the local MTProto server (the demo) or a backend that dials
    /// nothing: no proxy, the default update log.
    pub fn local(timeout: Duration) -> Self {
        LinkOptions {
            api_id: 1,
            timeout,
            flood_wait_limit: Duration::from_secs(10),
            proxy: None,
            events_max_bytes: crate::telegram::events::DEFAULT_MAX_BYTES,
        }
    }
}

/// grammers' retry policy, saying in one line of ours what it waits out
/// (grammers' own retry lines are filtered out of the default log).
struct Retry(AutoSleep);

impl RetryPolicy for Retry {
    fn should_retry(&self, ctx: &RetryContext) -> ControlFlow<(), Duration> {
        let decision = self.0.should_retry(ctx);
        if let ControlFlow::Continue(wait) = decision {
            let why = match &ctx.error {
                InvocationError::Rpc(r) => r.name.clone(),
                // The caller's "cannot reach Telegram" line says it once per
                // retry; this one would double every line of an outage.
                InvocationError::Io(e) => {
                    tracing::debug!(error = %e, "connection error; retrying once");
                    return decision;
                }
                other => other.to_string(),
            };
            tracing::warn!(
                error = %why,
                wait_secs = wait.as_secs_f32(),
                "Telegram request failed; retrying once after the wait"
            );
        }
        decision
    }
}

/// A running client and the task that drives its connections.
struct Running {
    client: Client,
    runner: JoinHandle<()>,
}

/// The client, rebuilt when its runner dies or a request goes unanswered.
pub struct Link {
    session: Arc<MemorySession>,
    /// Where each client's updates go (the account's own id converts them);
    /// `None`: updates are not followed.
    events: Option<Arc<EventLog>>,
    me: Option<i64>,
    opts: LinkOptions,
    running: Mutex<Running>,
    state: Mutex<ConnectionState>,
    /// Why the session died, once it has.
    fatal: Mutex<Option<String>>,
}

fn start(
    session: Arc<MemorySession>,
    opts: &LinkOptions,
    events: Option<&Arc<EventLog>>,
    me: Option<i64>,
) -> Running {
    let (running, updates) = start_with_updates(session, opts);
    if let Some(events) = events {
        super::updates::consume(running.client.clone(), updates, events.clone(), me);
    }
    running
}

/// Pushed updates waiting for the update stream. grammers drops what does not
/// fit, and a dropped update is a gap: the updates after it are held (and
/// re-sorted on each arrival) for half a second, then fetched again with
/// `updates.getDifference`. A burst should fit instead: each waiting update is
/// a few KiB at most, so this bounds the queue near 2 MiB.
const UPDATES_QUEUE: std::num::NonZeroUsize = match std::num::NonZeroUsize::new(1024) {
    Some(n) => n,
    None => std::num::NonZeroUsize::MIN,
};

// ConnectionParams has a private field, so struct-update syntax is not available.
#[allow(clippy::field_reassign_with_default)]
fn start_with_updates(session: Arc<MemorySession>, opts: &LinkOptions) -> (Running, UpdatesRx) {
    let mut params = ConnectionParams::default();
    // Telegram lists the session under Settings > Devices by these.
    params.device_model = "tgmcp".into();
    params.system_version = std::env::consts::OS.into();
    params.app_version = env!("CARGO_PKG_VERSION").into();
    // Short FLOOD_WAITs are slept through once; longer ones reach the user.
    params.retry_policy = Box::new(Retry(AutoSleep {
        tries: std::num::NonZeroU32::MIN,
        threshold: opts.flood_wait_limit,
        io_errors_as_flood_of: Some(Duration::from_secs(1)),
    }));
    params.proxy_url = opts.proxy.clone();
    params.updates_channel_capacity = UPDATES_QUEUE;
    let pool = SenderPool::with_configuration(session, opts.api_id, params);
    let runner = tokio::spawn(pool.runner.run());
    let running = Running {
        client: Client::new(pool.handle),
        runner,
    };
    (running, pool.updates)
}

/// A client for `tgmcp login`, with the updates Telegram pushes to it (no
/// link state: login handles its own errors). The runner stops when the last
/// handle (the client) is dropped.
pub fn login_client(
    session: Arc<MemorySession>,
    api_id: i32,
    proxy: Option<String>,
) -> (Client, UpdatesRx) {
    let opts = LinkOptions {
        api_id,
        timeout: Duration::from_secs(30),
        flood_wait_limit: Duration::from_secs(10),
        proxy,
        events_max_bytes: 0,
    };
    let (running, updates) = start_with_updates(session, &opts);
    (running.client, updates)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Link {
    /// A link over `session` (no connection is made until the first request)
    /// whose updates go to `events` (`None`: not followed, so nothing is
    /// dialled unless asked); `me` is the account's id if known.
    pub fn new(
        session: Arc<MemorySession>,
        opts: LinkOptions,
        events: Option<Arc<EventLog>>,
        me: Option<i64>,
    ) -> Self {
        let running = start(session.clone(), &opts, events.as_ref(), me);
        Link {
            session,
            events,
            me,
            opts,
            running: Mutex::new(running),
            state: Mutex::new(ConnectionState::Connecting),
            fatal: Mutex::new(None),
        }
    }

    /// The session (peer cache, keys).
    pub fn session(&self) -> &Arc<MemorySession> {
        &self.session
    }

    /// The current client; rebuilt first if its runner has died.
    pub fn client(&self) -> Client {
        let mut r = lock(&self.running);
        if r.runner.is_finished() {
            tracing::warn!("the Telegram connection runner stopped; starting a new one");
            *r = start(
                self.session.clone(),
                &self.opts,
                self.events.as_ref(),
                self.me,
            );
        }
        r.client.clone()
    }

    /// Drops the current client and its connections, and starts a fresh one:
    /// a request grammers left unanswered stays pending forever otherwise.
    pub fn rebuild(&self) {
        let mut r = lock(&self.running);
        r.runner.abort();
        *r = start(
            self.session.clone(),
            &self.opts,
            self.events.as_ref(),
            self.me,
        );
    }

    /// What `/health` reports.
    pub fn state(&self) -> ConnectionState {
        *lock(&self.state)
    }

    fn set_state(&self, s: ConnectionState) {
        let mut cur = lock(&self.state);
        if *cur != s {
            tracing::info!(from = ?*cur, to = ?s, "Telegram connection state");
            *cur = s;
        }
    }

    /// Fails at once when the session has died.
    pub fn check_fatal(&self) -> Result<(), TelegramError> {
        match &*lock(&self.fatal) {
            Some(m) => Err(TelegramError::SessionInvalid(m.clone())),
            None => Ok(()),
        }
    }

    /// Runs one request (or one step of an iterator) under the timeout,
    /// recording the outcome in the state.
    pub async fn run<T>(
        &self,
        fut: impl Future<Output = Result<T, InvocationError>>,
    ) -> Result<T, TelegramError> {
        self.check_fatal()?;
        match tokio::time::timeout(self.opts.timeout, fut).await {
            Err(_) => Err(self.timed_out()),
            Ok(r) => self.track(r.map_err(map_link_error)),
        }
    }

    /// Records a result already mapped to our error.
    pub fn track<T>(&self, r: Result<T, TelegramError>) -> Result<T, TelegramError> {
        match &r {
            Ok(_) => self.set_state(ConnectionState::Connected),
            Err(TelegramError::Disconnected(_)) => {
                self.set_state(ConnectionState::Unreachable);
                // Dropped or broken: the next request gets a fresh client.
                self.rebuild();
            }
            Err(TelegramError::SessionInvalid(m)) => {
                tracing::error!("{m}");
                *lock(&self.fatal) = Some(m.clone());
                self.set_state(ConnectionState::SessionInvalid);
            }
            // Telegram answered: the connection works.
            Err(_) => self.set_state(ConnectionState::Connected),
        }
        r
    }

    fn timed_out(&self) -> TelegramError {
        self.set_state(ConnectionState::Unreachable);
        self.rebuild();
        TelegramError::Disconnected(format!(
            "no answer within {} s",
            self.opts.timeout.as_secs_f32()
        ))
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        lock(&self.running).runner.abort();
    }
}
