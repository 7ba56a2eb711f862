//! The connection to Telegram: one grammers client that can be rebuilt, a
//! timeout on every request (grammers has none and never checks pongs), the
//! state `/health` reports, and Telegram's errors in words a user can act on.

use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::ops::ControlFlow;

use grammers_client::sender::{AutoSleep, ConnectionParams, RetryContext, RetryPolicy, SenderPool};
use grammers_client::session::storages::MemorySession;
use grammers_client::tl;
use grammers_client::{Client, InvocationError};
use tokio::task::JoinHandle;
use tokio::time::Instant;

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

/// Maps an error on the serving link. After the server answers the session
/// string's key with transport error 404 (it does not know it), grammers
/// makes a new key by key exchange; at Telegram that key then gets
/// AUTH_KEY_UNREGISTERED. Where the exchange cannot even start because
/// grammers carries none of the server's RSA keys (the local test server;
/// Telegram's are built in), the session is just as dead: say so, with the
/// same advice. Any other exchange failure (a garbled answer on the way to a
/// media DC, say) is a connection problem, not a dead session.
fn map_link_error(e: InvocationError) -> TelegramError {
    match e {
        InvocationError::Authentication(
            why @ grammers_mtproto::authentication::Error::UnknownFingerprints { .. },
        ) => {
            tracing::debug!(error = %why, "key exchange after transport error 404 failed");
            TelegramError::SessionInvalid(fatal_message(
                "the server does not know its key: transport error 404",
            ))
        }
        InvocationError::Authentication(why) => {
            TelegramError::Disconnected(format!("the key exchange failed ({why})"))
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
    /// How long a connection may sit idle before it is pinged: a half-open
    /// connection (a NAT or load balancer dropped the flow) is noticed
    /// within this plus the timeout.
    pub keepalive: Duration,
    /// Where the peer cache and the update state survive a restart
    /// (`TGMCP_TELEGRAM_STATE_FILE`); `None`: nowhere.
    pub state_file: Option<std::path::PathBuf>,
}

/// Idle time before a ping, unless configured.
pub const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(30);

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
            keepalive: DEFAULT_KEEPALIVE,
            state_file: None,
        }
    }
}

/// When the last FLOOD_WAIT that grammers sleeps through ends. The sleep
/// runs inside the caller's request, and Telegram answering with a wait
/// proves the connection alive: a request that outlives its timeout while a
/// wait was granted is given the wait, not reported as an outage.
#[derive(Default)]
struct FloodSleeps(Mutex<Option<(Instant, Instant)>>);

impl FloodSleeps {
    fn granted(&self, wait: Duration) {
        let now = Instant::now();
        *lock(&self.0) = Some((now, now + wait));
    }

    /// The end of a wait granted at or after `since`.
    fn granted_since(&self, since: Instant) -> Option<Instant> {
        lock(&self.0).and_then(|(at, ends)| (at >= since).then_some(ends))
    }
}

/// grammers' retry policy, saying in one line of ours what it waits out
/// (grammers' own retry lines are filtered out of the default log).
struct Retry(AutoSleep, Arc<FloodSleeps>);

impl RetryPolicy for Retry {
    fn should_retry(&self, ctx: &RetryContext) -> ControlFlow<(), Duration> {
        let decision = self.0.should_retry(ctx);
        if let ControlFlow::Continue(wait) = decision {
            let why = match &ctx.error {
                InvocationError::Rpc(r) => {
                    self.1.granted(wait);
                    r.name.clone()
                }
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
    /// The account's own id (0 until known): outgoing messages in updates
    /// carry it as their sender.
    me: Arc<AtomicI64>,
    opts: LinkOptions,
    flood: Arc<FloodSleeps>,
    running: Mutex<Running>,
    /// Bumped by each rebuild: a call that fails because an older client was
    /// dropped must not rebuild the new one.
    generation: AtomicU64,
    /// When a request last went out (for the idle ping).
    last_request: Mutex<Instant>,
    /// Watched by a resuming update consumer, which waits for a working
    /// connection before asking for what it missed.
    state: tokio::sync::watch::Sender<ConnectionState>,
    /// Why the session died, once it has.
    fatal: Mutex<Option<String>>,
}

/// How a client's update consumer starts: `resume` picks up from the update
/// state the previous client left in the session (a rebuild), once the
/// connection it watches works, otherwise from now (updates from before the
/// server started are history).
struct Follow<'a> {
    events: &'a Arc<EventLog>,
    me: &'a Arc<AtomicI64>,
    resume: Option<tokio::sync::watch::Receiver<ConnectionState>>,
}

fn start(
    session: Arc<MemorySession>,
    opts: &LinkOptions,
    flood: &Arc<FloodSleeps>,
    follow: Option<Follow<'_>>,
) -> Running {
    let (running, updates) = start_with_updates(session, opts, flood.clone());
    if let Some(f) = follow {
        super::updates::consume(
            running.client.clone(),
            updates,
            f.events.clone(),
            f.me.clone(),
            f.resume,
        );
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
fn start_with_updates(
    session: Arc<MemorySession>,
    opts: &LinkOptions,
    flood: Arc<FloodSleeps>,
) -> (Running, UpdatesRx) {
    let mut params = ConnectionParams::default();
    // Telegram lists the session under Settings > Devices by these.
    params.device_model = "tgmcp".into();
    params.system_version = std::env::consts::OS.into();
    params.app_version = env!("CARGO_PKG_VERSION").into();
    // Short FLOOD_WAITs are slept through once; longer ones reach the user.
    params.retry_policy = Box::new(Retry(
        AutoSleep {
            tries: std::num::NonZeroU32::MIN,
            threshold: opts.flood_wait_limit,
            io_errors_as_flood_of: Some(Duration::from_secs(1)),
        },
        flood,
    ));
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
        keepalive: DEFAULT_KEEPALIVE,
        state_file: None,
    };
    let (running, updates) = start_with_updates(session, &opts, Arc::default());
    (running.client, updates)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Longest wait for the ping that tells a slow request from a dead connection.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

impl Link {
    /// A link over `session` (no connection is made until the first request)
    /// whose updates go to `events` (`None`: not followed, so nothing is
    /// dialled unless asked); `me` is the account's id if known. `resume`:
    /// the session holds the update state of an earlier run, to go on from.
    pub fn new(
        session: Arc<MemorySession>,
        opts: LinkOptions,
        events: Option<Arc<EventLog>>,
        me: Option<i64>,
        resume: bool,
    ) -> Self {
        let me = Arc::new(AtomicI64::new(me.unwrap_or(0)));
        let flood = Arc::<FloodSleeps>::default();
        let state = tokio::sync::watch::Sender::new(ConnectionState::Connecting);
        let follow = events.as_ref().map(|events| Follow {
            events,
            me: &me,
            resume: resume.then(|| state.subscribe()),
        });
        let running = start(session.clone(), &opts, &flood, follow);
        Link {
            session,
            events,
            me,
            opts,
            flood,
            running: Mutex::new(running),
            generation: AtomicU64::new(0),
            last_request: Mutex::new(Instant::now()),
            state,
            fatal: Mutex::new(None),
        }
    }

    /// The session (peer cache, keys).
    pub fn session(&self) -> &Arc<MemorySession> {
        &self.session
    }

    /// Records the account's own id once `get_me` has told it (a session
    /// string may carry none).
    pub fn set_me(&self, id: i64) {
        self.me.store(id, Ordering::Relaxed);
    }

    /// A new client over the same session; its update consumer resumes from
    /// the state the last one saved.
    fn restart(&self) -> Running {
        self.generation.fetch_add(1, Ordering::Relaxed);
        let follow = self.events.as_ref().map(|events| Follow {
            events,
            me: &self.me,
            resume: Some(self.state.subscribe()),
        });
        start(self.session.clone(), &self.opts, &self.flood, follow)
    }

    /// The current client; rebuilt first if its runner has died.
    pub fn client(&self) -> Client {
        let mut r = lock(&self.running);
        self.revive_locked(&mut r);
        r.client.clone()
    }

    /// Restarts a runner that has died, so updates keep flowing with no
    /// tool call to notice. Returns whether it had died.
    pub fn revive(&self) -> bool {
        self.revive_locked(&mut lock(&self.running))
    }

    fn revive_locked(&self, r: &mut Running) -> bool {
        let dead = r.runner.is_finished();
        if dead {
            tracing::warn!("the Telegram connection runner stopped; starting a new one");
            *r = self.restart();
        }
        dead
    }

    /// Drops the client of generation `seen` and its connections, and starts
    /// a fresh one (a request grammers left unanswered stays pending forever
    /// otherwise) — unless a rebuild already replaced it: calls that failed
    /// together on one broken client rebuild it once.
    fn rebuild_once(&self, seen: u64) {
        let mut r = lock(&self.running);
        if self.generation.load(Ordering::Relaxed) == seen {
            r.runner.abort();
            *r = self.restart();
        }
    }

    /// What `/health` reports.
    pub fn state(&self) -> ConnectionState {
        *self.state.borrow()
    }

    fn set_state(&self, s: ConnectionState) {
        self.state.send_if_modified(|cur| {
            if *cur == s {
                return false;
            }
            tracing::info!(from = ?*cur, to = ?s, "Telegram connection state");
            *cur = s;
            true
        });
    }

    /// Fails at once when the session has died.
    pub fn check_fatal(&self) -> Result<(), TelegramError> {
        match &*lock(&self.fatal) {
            Some(m) => Err(TelegramError::SessionInvalid(m.clone())),
            None => Ok(()),
        }
    }

    /// Marks the session unusable for good with `why` (e.g. a bot's session).
    pub fn set_fatal(&self, why: String) {
        tracing::error!("{why}");
        *lock(&self.fatal) = Some(why);
        self.set_state(ConnectionState::SessionInvalid);
    }

    /// How long since a request last went out.
    pub fn idle_for(&self) -> Duration {
        lock(&self.last_request).elapsed()
    }

    /// The configured idle time before a ping.
    pub fn keepalive(&self) -> Duration {
        self.opts.keepalive
    }

    /// Runs one request (or one step of an iterator) under the timeout,
    /// recording the outcome in the state. A FLOOD_WAIT grammers sleeps
    /// through during the request extends its bound by the wait.
    pub async fn run<T>(
        &self,
        fut: impl Future<Output = Result<T, InvocationError>>,
    ) -> Result<T, TelegramError> {
        self.check_fatal()?;
        let seen = self.generation.load(Ordering::Relaxed);
        let started = Instant::now();
        *lock(&self.last_request) = started;
        let mut deadline = started + self.opts.timeout;
        let mut fut = std::pin::pin!(fut);
        loop {
            tokio::select! {
                r = &mut fut => return self.track_since(seen, r.map_err(map_link_error)),
                _ = tokio::time::sleep_until(deadline) => {
                    match self.flood.granted_since(started) {
                        Some(ends) if ends + self.opts.timeout > deadline => {
                            deadline = ends + self.opts.timeout;
                        }
                        _ => return Err(self.timed_out(seen).await),
                    }
                }
            }
        }
    }

    fn track_since<T>(&self, seen: u64, r: Result<T, TelegramError>) -> Result<T, TelegramError> {
        match &r {
            Ok(_) => self.set_state(ConnectionState::Connected),
            Err(TelegramError::Disconnected(_)) => {
                self.set_state(ConnectionState::Unreachable);
                // Dropped or broken: the next request gets a fresh client.
                self.rebuild_once(seen);
            }
            Err(TelegramError::SessionInvalid(m)) => self.set_fatal(m.clone()),
            // Telegram answered (or a slow request on a live connection).
            Err(_) => self.set_state(ConnectionState::Connected),
        }
        r
    }

    /// Whether Telegram answers a ping within the probe's bound.
    async fn ping(&self) -> bool {
        let client = self.client();
        let ping = tl::functions::Ping {
            ping_id: rand::random(),
        };
        let wait = self.opts.timeout.min(PROBE_TIMEOUT);
        matches!(
            tokio::time::timeout(wait, client.invoke(&ping)).await,
            Ok(Ok(_))
        )
    }

    /// A request went unanswered: if the connection still answers a ping,
    /// only this request was slow and the others in flight are left alone;
    /// otherwise the connection is dead and is rebuilt once.
    async fn timed_out(&self, seen: u64) -> TelegramError {
        let secs = self.opts.timeout.as_secs_f32();
        if self.probe(seen).await {
            return TelegramError::Slow(format!(
                "Telegram did not answer within {secs} s, though the connection works; the request may still complete: check before repeating a send, or ask for less"
            ));
        }
        TelegramError::Disconnected(format!("no answer within {secs} s"))
    }

    /// Pings an idle connection; a silent one is rebuilt (what a NAT that
    /// dropped the flow looks like). Returns whether it answered.
    pub async fn keep_alive(&self) -> bool {
        let seen = self.generation.load(Ordering::Relaxed);
        *lock(&self.last_request) = Instant::now();
        let alive = self.probe(seen).await;
        if !alive {
            tracing::warn!("Telegram did not answer a ping; reconnecting");
        }
        alive
    }

    /// Pings, and records the answer: connected, or unreachable with the
    /// client of generation `seen` rebuilt once. Returns whether it answered.
    async fn probe(&self, seen: u64) -> bool {
        if self.ping().await {
            self.set_state(ConnectionState::Connected);
            return true;
        }
        self.set_state(ConnectionState::Unreachable);
        self.rebuild_once(seen);
        false
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        lock(&self.running).runner.abort();
    }
}
