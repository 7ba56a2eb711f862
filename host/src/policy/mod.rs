//! What plugins may do: granted interfaces, chats, tools, read-only mode,
//! send quotas, per-plugin limits, and the audit log of writes.
//! (Over 400 lines: the policy file's whole schema and its parsing in one
//! place; the name checks are in `names.rs`, the tests in `tests.rs`.)

pub mod audit;
pub mod chats;
pub mod guard;
mod names;
pub mod profiles;
pub mod quota;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

pub use audit::{Audit, AuditEntry};
pub use chats::{ChatMatcher, ChatRules};
pub use guard::{Caller, Guard, GuardError};
pub use names::did_you_mean;
pub use quota::{QuotaLimits, SendQuota};

/// A host interface a plugin can import, granted by the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Capability {
    TelegramRead,
    TelegramWrite,
    /// Downloading media (reading; sending files is telegram-write).
    TelegramMedia,
    /// Administering groups and channels (members, rights, links, topics).
    TelegramAdmin,
    /// The account itself: contacts, blocking, profile, privacy, sessions.
    TelegramAccount,
    /// Updates as they arrive (a read capability).
    TelegramEvents,
    /// Any TL method by name (`raw_methods` lists which); off for plugin files.
    TelegramRaw,
    /// Opt-in extras: translations, previews, boosts, fact-checks, Business.
    TelegramExtras,
    /// Telegram Stars: balance, gifts, paid reactions (spends Stars).
    TelegramPayments,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 9] = [
        Capability::TelegramRead,
        Capability::TelegramWrite,
        Capability::TelegramMedia,
        Capability::TelegramAdmin,
        Capability::TelegramAccount,
        Capability::TelegramEvents,
        Capability::TelegramRaw,
        Capability::TelegramExtras,
        Capability::TelegramPayments,
    ];

    /// The short name used in policy files.
    pub fn key(self) -> &'static str {
        match self {
            Capability::TelegramRead => "telegram-read",
            Capability::TelegramWrite => "telegram-write",
            Capability::TelegramMedia => "telegram-media",
            Capability::TelegramAdmin => "telegram-admin",
            Capability::TelegramAccount => "telegram-account",
            Capability::TelegramEvents => "telegram-events",
            Capability::TelegramRaw => "telegram-raw",
            Capability::TelegramExtras => "telegram-extras",
            Capability::TelegramPayments => "telegram-payments",
        }
    }

    /// The capability named `key` in a policy file.
    pub fn from_key(key: &str) -> Option<Self> {
        Capability::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The policy line that would grant this capability to `plugin`.
    pub fn policy_hint(self, plugin: &str) -> String {
        format!(
            "[plugins.{}] grant = [\"{}\"]",
            toml_key(plugin),
            self.key()
        )
    }
}

/// Every capability's key, for messages.
fn known_capabilities() -> String {
    Capability::ALL.map(Capability::key).join(", ")
}

/// `name` as a TOML key: bare when it can be, quoted otherwise.
pub fn toml_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

/// A set of granted capabilities.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grants(BTreeSet<Capability>);

impl Grants {
    /// Every capability.
    pub fn all() -> Self {
        Grants(Capability::ALL.into_iter().collect())
    }

    /// Exactly these capabilities.
    pub fn of(caps: impl IntoIterator<Item = Capability>) -> Self {
        Grants(caps.into_iter().collect())
    }

    /// Whether `cap` is granted.
    pub fn allows(&self, cap: Capability) -> bool {
        self.0.contains(&cap)
    }

    /// The granted capabilities' policy keys, for messages (`["telegram-read"]`).
    pub fn keys(&self) -> Vec<&'static str> {
        self.0.iter().map(|c| c.key()).collect()
    }
}

/// Why a policy file was refused.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("policy file {path}: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("policy file {path}: {cause}")]
    Parse { path: PathBuf, cause: String },
    #[error("policy: unknown capability \"{0}\" (known: {known})", known = known_capabilities())]
    UnknownCapability(String),
    #[error(
        "policy: \"{0}\" is not a chat (use me, @username, a numeric id or the chat's exact title)"
    )]
    BadChat(String),
    #[error("policy: bad tool pattern \"{pattern}\": {cause}")]
    BadGlob { pattern: String, cause: String },
    #[error("policy: [plugins.{plugin}] sha256 must be 64 hex digits (the output of `sha256sum FILE`), not \"{value}\"")]
    BadSha256 { plugin: String, value: String },
    #[error("policy: audit log {path}: {cause}")]
    Audit {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// Raw MTProto names chats inside its parameters, where no chat list can
    /// follow: with both set, the chat lists would not hold.
    #[error("policy file {path}: [chats] lists and raw_methods ({plugins}) cannot be used together: a raw call can read or write any chat, so the chat lists would not hold. Remove the raw_methods lines, or the [chats] lists")]
    RawWithChatLists { path: PathBuf, plugins: String },
    /// Names that match nothing loaded: a typo would otherwise serve zero
    /// tools, or apply limits to no plugin, without a word.
    #[error("{}", .0.join("; "))]
    UnknownNames(Vec<String>),
}

/// The TOML policy file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    read_only: Option<bool>,
    #[serde(default)]
    grants: GrantsSection,
    #[serde(default)]
    plugins: HashMap<String, PluginSection>,
    #[serde(default)]
    chats: ChatsSection,
    #[serde(default)]
    tools: ToolsSection,
    #[serde(default)]
    quotas: QuotasSection,
    #[serde(default)]
    audit: AuditSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantsSection {
    default: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginSection {
    file: Option<String>,
    sha256: Option<String>,
    #[serde(default)]
    overrides: Vec<String>,
    grant: Option<Vec<String>>,
    /// TL methods this plugin may call through telegram-raw.
    #[serde(default)]
    raw_methods: Vec<String>,
    memory_mib: Option<usize>,
    timeout_secs: Option<u64>,
    cpu_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatsSection {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    send_as_draft: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolsSection {
    enable: Option<Vec<String>>,
    #[serde(default)]
    disable: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotasSection {
    sends_per_minute: Option<u32>,
    sends_per_hour: Option<u32>,
    sends_per_chat_per_minute: Option<u32>,
    sends_per_chat_per_hour: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditSection {
    file: Option<PathBuf>,
    #[serde(default)]
    include_text: bool,
}

/// Per-plugin overrides of the call limits (the runtime applies them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LimitOverrides {
    /// Linear memory per call, MiB.
    pub memory_mib: Option<usize>,
    /// Wall-clock limit per call, seconds.
    pub timeout_secs: Option<u64>,
    /// WebAssembly execution per call, milliseconds.
    pub cpu_ms: Option<u64>,
}

/// What `[plugins.NAME]` binds the name to, and what that plugin may replace.
/// With neither `file` nor `sha256`, the name binds to the built-in of that
/// name, or else to the file `NAME.wasm`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PluginBinding {
    /// The plugin file's name in the plugins directory (`file = "x.wasm"`).
    pub file: Option<String>,
    /// The sha256 the file's content must have (`sha256 = "…"`), lowercase hex.
    pub sha256: Option<String>,
    /// Built-in tools this plugin may replace (`overrides = ["send_message"]`).
    pub overrides: Vec<String>,
}

impl PluginBinding {
    /// Whether the entry names its file explicitly (by name or content).
    pub fn is_explicit(&self) -> bool {
        self.file.is_some() || self.sha256.is_some()
    }
}

/// The operator's policy, shared by every call.
#[derive(Debug, Default)]
pub struct Policy {
    /// Hide and refuse every tool that is not read-only; refuse every write.
    pub read_only: bool,
    default_grants: Option<Grants>,
    plugin_grants: HashMap<String, Grants>,
    /// TL methods each plugin may call through telegram-raw (none by default).
    raw_methods: HashMap<String, BTreeSet<String>>,
    limits: HashMap<String, LimitOverrides>,
    bindings: HashMap<String, PluginBinding>,
    /// Which chats tools may see and touch.
    pub chats: ChatRules,
    enable: Option<GlobSet>,
    env_enable: Option<GlobSet>,
    /// The names in `TGMCP_TOOLS` written out in full (no glob): only these
    /// reach the tools that spend money or call raw MTProto.
    env_exact: BTreeSet<String>,
    /// Profiles named in `TGMCP_TOOLS`; `None`: not set (the default profile).
    profiles: Option<Vec<profiles::Profile>>,
    disable: Option<GlobSet>,
    /// Send quotas.
    pub quota: SendQuota,
    /// Where writes are recorded.
    pub audit: Audit,
    /// Names as written, checked against what loaded by [`Policy::check_names`].
    written: WrittenNames,
}

/// The plugin and tool names the policy and `TGMCP_TOOLS` mention.
#[derive(Debug, Default)]
struct WrittenNames {
    /// The policy file, for messages.
    file: Option<PathBuf>,
    plugins: Vec<String>,
    enable: Vec<String>,
    disable: Vec<String>,
    env_enable: Vec<String>,
    /// `TGMCP_TOOLS` as given (trimmed), for messages.
    tools: String,
}

fn grants_of(keys: &[String]) -> Result<Grants, PolicyError> {
    keys.iter()
        .map(|k| {
            Capability::from_key(k.trim()).ok_or_else(|| PolicyError::UnknownCapability(k.clone()))
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .map(Grants)
}

fn sha256_of(plugin: &str, value: &str) -> Result<String, PolicyError> {
    let v = value.trim().to_ascii_lowercase();
    if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(v)
    } else {
        Err(PolicyError::BadSha256 {
            plugin: plugin.to_string(),
            value: value.chars().take(80).collect(),
        })
    }
}

fn globs(patterns: &[String]) -> Result<Option<GlobSet>, PolicyError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let g = Glob::new(p).map_err(|e| PolicyError::BadGlob {
            pattern: p.into(),
            cause: e.to_string(),
        })?;
        b.add(g);
    }
    let set = b.build().map_err(|e| PolicyError::BadGlob {
        pattern: patterns.join(","),
        cause: e.to_string(),
    })?;
    Ok(Some(set))
}

fn matchers(entries: &[String]) -> Result<Vec<ChatMatcher>, PolicyError> {
    entries
        .iter()
        .map(|e| ChatMatcher::parse(e).ok_or_else(|| PolicyError::BadChat(e.clone())))
        .collect()
}

impl Policy {
    /// Reads a TOML policy file.
    pub fn from_file(path: &Path) -> Result<Self, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|cause| PolicyError::Read {
            path: path.into(),
            cause,
        })?;
        Self::from_toml(&text, path)
    }

    /// Parses policy TOML; `path` is for messages and relative audit paths.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, PolicyError> {
        let f: PolicyFile = toml::from_str(text).map_err(|e| PolicyError::Parse {
            path: path.into(),
            cause: e.to_string(),
        })?;
        let mut p = Policy {
            read_only: f.read_only.unwrap_or(false),
            ..Policy::default()
        };
        let mut sections: Vec<String> = f.plugins.keys().cloned().collect();
        sections.sort();
        p.written = WrittenNames {
            file: Some(path.to_path_buf()),
            plugins: sections,
            enable: f.tools.enable.clone().unwrap_or_default(),
            disable: f.tools.disable.clone(),
            ..WrittenNames::default()
        };
        if let Some(d) = &f.grants.default {
            p.default_grants = Some(grants_of(d)?);
        }
        for (name, sec) in &f.plugins {
            if let Some(g) = &sec.grant {
                p.plugin_grants.insert(name.clone(), grants_of(g)?);
            }
            let methods: BTreeSet<String> = sec
                .raw_methods
                .iter()
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect();
            if !methods.is_empty() {
                p.raw_methods.insert(name.clone(), methods);
            }
            p.limits.insert(
                name.clone(),
                LimitOverrides {
                    memory_mib: sec.memory_mib,
                    timeout_secs: sec.timeout_secs,
                    cpu_ms: sec.cpu_ms,
                },
            );
            let sha256 = match &sec.sha256 {
                Some(h) => Some(sha256_of(name, h)?),
                None => None,
            };
            p.bindings.insert(
                name.clone(),
                PluginBinding {
                    file: sec.file.clone(),
                    sha256,
                    overrides: sec.overrides.clone(),
                },
            );
        }
        p.chats = ChatRules {
            allow: matchers(&f.chats.allow)?,
            deny: matchers(&f.chats.deny)?,
            send_as_draft: matchers(&f.chats.send_as_draft)?,
        };
        if (p.chats.is_restricted() || !p.chats.send_as_draft.is_empty())
            && !p.raw_methods.is_empty()
        {
            let mut plugins: Vec<String> = p
                .raw_methods
                .keys()
                .map(|n| format!("[plugins.{n}]"))
                .collect();
            plugins.sort();
            return Err(PolicyError::RawWithChatLists {
                path: path.into(),
                plugins: plugins.join(", "),
            });
        }
        if let Some(e) = &f.tools.enable {
            p.enable = globs(e)?;
        }
        if !f.tools.disable.is_empty() {
            p.disable = globs(&f.tools.disable)?;
        }
        p.quota = SendQuota::new(QuotaLimits {
            per_minute: f.quotas.sends_per_minute,
            per_hour: f.quotas.sends_per_hour,
            per_chat_per_minute: f.quotas.sends_per_chat_per_minute,
            per_chat_per_hour: f.quotas.sends_per_chat_per_hour,
        });
        p.audit = match &f.audit.file {
            Some(file) => {
                let file = if file.is_relative() {
                    path.parent().unwrap_or(Path::new(".")).join(file)
                } else {
                    file.clone()
                };
                Audit::to_file(&file, f.audit.include_text)
                    .map_err(|cause| PolicyError::Audit { path: file, cause })?
            }
            None => Audit::tracing_only(f.audit.include_text),
        };
        Ok(p)
    }

    /// Adds a quick tool filter (`TGMCP_TOOLS`: comma-separated names or globs).
    pub fn restrict_tools(&mut self, patterns: &str) -> Result<(), PolicyError> {
        let list: Vec<String> = patterns
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if list.is_empty() {
            return Ok(());
        }
        self.written.tools = list.join(",");
        let (named, patterns): (Vec<String>, Vec<String>) = list
            .into_iter()
            .partition(|s| profiles::Profile::parse(s).is_some());
        self.profiles = Some(
            named
                .iter()
                .filter_map(|n| profiles::Profile::parse(n))
                .collect(),
        );
        // Kept apart from the file's `enable`: a tool must pass both.
        self.env_enable = if patterns.is_empty() {
            None
        } else {
            globs(&patterns)?
        };
        self.env_exact = patterns
            .iter()
            .filter(|p| !names::is_glob(p))
            .cloned()
            .collect();
        self.written.env_enable = patterns;
        Ok(())
    }

    /// Grants for a built-in plugin: its own entry, else the default, else
    /// everything (built-ins are ours, and import only what they use).
    pub fn builtin_grants(&self, plugin: &str) -> Grants {
        self.plugin_grants
            .get(plugin)
            .or(self.default_grants.as_ref())
            .cloned()
            .unwrap_or_else(Grants::all)
    }

    /// Grants for a plugin file: the entry that names it (`named`), else the
    /// default, else reading only. Nobody's file writes unless the policy says so.
    pub fn file_grants(&self, named: Option<&str>) -> Grants {
        named
            .and_then(|n| self.plugin_grants.get(n))
            .or(self.default_grants.as_ref())
            .cloned()
            .unwrap_or_else(|| Grants::of([Capability::TelegramRead]))
    }

    /// Every `[plugins.NAME]` entry with what it binds to, sorted by name.
    pub fn bindings(&self) -> Vec<(&str, &PluginBinding)> {
        let mut all: Vec<(&str, &PluginBinding)> =
            self.bindings.iter().map(|(n, b)| (n.as_str(), b)).collect();
        all.sort_by_key(|(n, _)| *n);
        all
    }

    /// Whether the tool filters (policy `[tools]`, `TGMCP_TOOLS`) let `tool` through.
    pub fn tool_enabled(&self, tool: &str) -> bool {
        let enabled = |s: &Option<GlobSet>| s.as_ref().is_none_or(|g| g.is_match(tool));
        enabled(&self.enable)
            && enabled(&self.env_enable)
            && !self.disable.as_ref().is_some_and(|g| g.is_match(tool))
    }

    /// Whether the server lists `tool`: the profiles and names of
    /// `TGMCP_TOOLS` (a tool passes by either), then the policy file's
    /// `[tools]`. Without `TGMCP_TOOLS` the profile is `core`, unless the
    /// policy file enables tools itself. `placement`: where a built-in tool
    /// declares itself (`None`: a dropped-in plugin's, in every profile).
    pub fn admits(
        &self,
        tool: &str,
        read_only: bool,
        placement: Option<profiles::Placement>,
    ) -> bool {
        use profiles::Profile;
        let chosen: &[Profile] = match (&self.profiles, &self.enable) {
            (Some(p), _) => p,
            (None, Some(_)) => &[Profile::All],
            (None, None) => &[Profile::Core],
        };
        let by_profile = chosen.iter().any(|p| p.admits(read_only, placement));
        // Spending Stars or calling raw MTProto takes the exact name (or the
        // profile): `send_*` or `*` must not reach `send_paid_reaction`.
        let by_name = if placement.is_some_and(|p| p.tier.named_only()) {
            self.env_exact.contains(tool)
        } else {
            self.env_enable.as_ref().is_some_and(|g| g.is_match(tool))
        };
        (by_profile || by_name)
            && self.enable.as_ref().is_none_or(|g| g.is_match(tool))
            && !self.disable.as_ref().is_some_and(|g| g.is_match(tool))
    }

    /// Why the server does not serve `tool`, in words that name the setting
    /// that would (for a call to a tool `admits` refuses).
    pub fn why_hidden(&self, tool: &str, placement: Option<profiles::Placement>) -> String {
        let file = || {
            self.written
                .file
                .as_ref()
                .map_or("the policy file".to_string(), |f| {
                    format!("the policy file {}", f.display())
                })
        };
        if self.disable.as_ref().is_some_and(|g| g.is_match(tool)) {
            return format!(
                "tool \"{tool}\" is turned off by [tools] disable in {}",
                file()
            );
        }
        if self.enable.as_ref().is_some_and(|g| !g.is_match(tool)) {
            return format!(
                "tool \"{tool}\" is not in [tools] enable of {}: add it there to serve it",
                file()
            );
        }
        let setting = &self.written.tools;
        let serving = match &self.profiles {
            Some(_) => format!("TGMCP_TOOLS={setting}"),
            None => "the default profile, core".to_string(),
        };
        let profile = placement.map_or("every", |p| p.tier.name());
        format!(
            "tool \"{tool}\" is not among the tools this server serves ({serving}); it is in profile `{profile}`: add it with TGMCP_TOOLS={} (or --tools), or TGMCP_TOOLS={profile}",
            match &self.profiles {
                Some(_) => format!("{setting},{tool}"),
                None => format!("core,{tool}"),
            }
        )
    }

    /// Whether `plugin` may call the TL method `method` through telegram-raw:
    /// only methods its `raw_methods` names, exactly (no wildcards).
    pub fn allows_raw(&self, plugin: &str, method: &str) -> bool {
        self.raw_methods
            .get(plugin)
            .is_some_and(|m| m.contains(method))
    }

    /// The TL methods `plugin` may call, sorted (for messages).
    pub fn raw_methods(&self, plugin: &str) -> Vec<&str> {
        self.raw_methods
            .get(plugin)
            .map(|m| m.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The policy's overrides of the call limits for one plugin.
    pub fn limit_overrides(&self, plugin: &str) -> LimitOverrides {
        self.limits.get(plugin).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
