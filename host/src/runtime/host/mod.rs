//! The host side of the WIT: the per-call store state, and the linker that
//! links only the interfaces the policy grants. One file per interface
//! (`log.rs`, `telegram_read.rs`, `telegram_write.rs`, `telegram_media.rs`,
//! `telegram_admin.rs`, `telegram_account.rs`, `telegram_events.rs`,
//! `telegram_extras.rs`, `telegram_payments.rs`, `telegram_raw.rs`; `v0_1.rs`
//! serves plugins built against the frozen 0.1 WIT);
//! each host method converts its arguments, asks the [`Guard`], and converts
//! the result (every `From` between WIT and host types is in `convert/`).
//! Adding an interface means adding one file here and one line in [`linker`].

mod convert;
mod log;
mod telegram_account;
mod telegram_admin;
mod telegram_events;
mod telegram_extras;
mod telegram_media;
mod telegram_payments;
mod telegram_raw;
mod telegram_read;
mod telegram_write;
mod v0_1;

use wasmtime::component::{HasSelf, Linker, ResourceTable};
use wasmtime::Engine;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::bindings::ToolError;
use super::bindings::{
    split_interface, v0_1::tgmcp::plugin as wit1, v0_2::tgmcp::plugin as wit, VERSIONS,
};
use super::limits::CallLimiter;
use crate::policy::{Capability, Grants, Guard};

pub use super::text::{escape, escape_all};
pub use log::LOG_BYTES_PER_CALL;

/// Captured output per stream and call (panics land in stderr); bounded.
const STDERR_CAPACITY: usize = 16 << 10;

/// What a component import is to the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Import {
    /// Always linked (types, log).
    Free,
    /// Linked only when the policy grants the capability.
    Granted(Capability),
}

/// What `interface` (e.g. `tgmcp:plugin/telegram-read@0.2.0`) is to the host;
/// `None` for an interface or version this host does not provide.
pub fn import_of(interface: &str) -> Option<Import> {
    let (name, version) = split_interface(interface)?;
    if !VERSIONS.contains(&version) {
        return None;
    }
    match (name, version) {
        ("types" | "log", _) => Some(Import::Free),
        ("telegram-read", _) => Some(Import::Granted(Capability::TelegramRead)),
        ("telegram-write", _) => Some(Import::Granted(Capability::TelegramWrite)),
        // New in 0.2.0: 0.1.0 never had it.
        ("telegram-media", "0.2.0") => Some(Import::Granted(Capability::TelegramMedia)),
        ("telegram-admin", "0.2.0") => Some(Import::Granted(Capability::TelegramAdmin)),
        ("telegram-account", "0.2.0") => Some(Import::Granted(Capability::TelegramAccount)),
        ("telegram-events", "0.2.0") => Some(Import::Granted(Capability::TelegramEvents)),
        ("telegram-raw", "0.2.0") => Some(Import::Granted(Capability::TelegramRaw)),
        ("telegram-extras", "0.2.0") => Some(Import::Granted(Capability::TelegramExtras)),
        ("telegram-payments", "0.2.0") => Some(Import::Granted(Capability::TelegramPayments)),
        _ => None,
    }
}

/// A linker defining WASI (without filesystem, network or env access, which
/// the per-call WasiCtx never grants) plus the granted tgmcp interfaces only.
pub fn linker(engine: &Engine, grants: &Grants) -> wasmtime::Result<Linker<CallState>> {
    let mut l = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut l)?;
    type S = HasSelf<CallState>;
    wit::types::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    wit::log::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    wit1::types::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    wit1::log::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    if grants.allows(Capability::TelegramRead) {
        wit::telegram_read::add_to_linker::<CallState, S>(&mut l, |s| s)?;
        wit1::telegram_read::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramWrite) {
        wit::telegram_write::add_to_linker::<CallState, S>(&mut l, |s| s)?;
        wit1::telegram_write::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramMedia) {
        wit::telegram_media::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramAdmin) {
        wit::telegram_admin::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramAccount) {
        wit::telegram_account::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramEvents) {
        wit::telegram_events::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramRaw) {
        wit::telegram_raw::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramExtras) {
        wit::telegram_extras::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    if grants.allows(Capability::TelegramPayments) {
        wit::telegram_payments::add_to_linker::<CallState, S>(&mut l, |s| s)?;
    }
    Ok(l)
}

/// Everything one call's `Store` holds. A fresh one per call: nothing leaks
/// between calls or clients.
pub struct CallState {
    /// The backend under the policy, for this plugin and call.
    pub(crate) guard: Guard,
    pub(crate) limits: CallLimiter,
    pub(crate) stdout: MemoryOutputPipe,
    pub(crate) stderr: MemoryOutputPipe,
    /// Epoch ticks of wasm execution so far (the CPU budget counter).
    pub(crate) ticks: u64,
    /// Log bytes this call has written (bounded by [`LOG_BYTES_PER_CALL`]).
    pub(crate) log_bytes: usize,
    /// Longest a host function may wait for updates: under the call's own
    /// timeout, so a wait ends with an answer, not a timeout.
    pub(crate) max_wait: std::time::Duration,
    /// The call's short-call slot, until it starts a long operation.
    permits: Option<super::long_ops::CallPermits>,
    /// Its place among long operations, once it started one.
    long: Option<super::long_ops::LongPermit>,
    long_ops: Option<std::sync::Arc<super::long_ops::LongOps>>,
    client: String,
    wasi: WasiCtx,
    table: ResourceTable,
}

impl CallState {
    /// State for one call. WASI gets no filesystem, network, env or args.
    pub fn new(guard: Guard, limits: CallLimiter) -> Self {
        let stdout = MemoryOutputPipe::new(STDERR_CAPACITY);
        let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
        let wasi = WasiCtx::builder()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .build();
        CallState {
            guard,
            limits,
            stdout,
            stderr,
            ticks: 0,
            log_bytes: 0,
            max_wait: std::time::Duration::from_secs(20),
            permits: None,
            long: None,
            long_ops: None,
            client: String::new(),
            wasi,
            table: ResourceTable::new(),
        }
    }

    /// Holds the call's slot, and where a long operation takes its place.
    pub(crate) fn hold(
        &mut self,
        permits: Option<super::long_ops::CallPermits>,
        long_ops: std::sync::Arc<super::long_ops::LongOps>,
        client: &str,
    ) {
        self.permits = permits;
        self.long_ops = Some(long_ops);
        self.client = client.to_string();
    }

    /// Moves the call from the short-call slots to the long-operation budget
    /// before it waits for updates or fetches a URL: its slot goes back for
    /// other calls. Refused at once, with a sentence, when the budget is spent.
    pub(crate) fn go_long(&mut self) -> Result<(), ToolError> {
        if self.long.is_some() {
            return Ok(());
        }
        let Some(ops) = &self.long_ops else {
            return Ok(());
        };
        let permit = ops.try_start(&self.client).map_err(ToolError::Denied)?;
        self.long = Some(permit);
        self.permits = None;
        Ok(())
    }

    /// A media source from the plugin; a URL makes the call a long operation
    /// (see [`CallState::go_long`]) before it is fetched.
    pub(crate) fn media_source(
        &mut self,
        s: super::bindings::WitMediaSource,
    ) -> Result<crate::telegram::media::MediaSource, ToolError> {
        let s = crate::telegram::media::MediaSource::try_from(s)?;
        if matches!(s, crate::telegram::media::MediaSource::Url(_)) {
            self.go_long()?;
        }
        Ok(s)
    }

    /// The plugin's name.
    pub fn plugin(&self) -> &str {
        &self.guard.caller().plugin
    }

    /// Sends what the plugin printed to the log, tagged with its name.
    pub fn log_output(&mut self) {
        for (stream, pipe) in [
            ("stdout", self.stdout.clone()),
            ("stderr", self.stderr.clone()),
        ] {
            let bytes = pipe.contents();
            if !bytes.is_empty() {
                let text = String::from_utf8_lossy(&bytes);
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    self.log_line(tracing::Level::INFO, stream, line);
                }
            }
        }
    }

    /// What the plugin wrote to stderr, trimmed (a panic message, typically).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents())
            .trim()
            .to_string()
    }
}

impl WasiView for CallState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl wit::types::Host for CallState {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_admin_is_granted_and_exists_only_in_0_2_0() {
        assert_eq!(
            import_of("tgmcp:plugin/telegram-admin@0.2.0"),
            Some(Import::Granted(Capability::TelegramAdmin))
        );
        assert_eq!(import_of("tgmcp:plugin/telegram-admin@0.1.0"), None);
    }
}
