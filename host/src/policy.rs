//! What plugins may do: granted interfaces, read-only mode.

use std::collections::{BTreeSet, HashMap};

use crate::runtime::bindings::{IFACE_READ, IFACE_WRITE};

/// A host interface a plugin can import, granted by the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Capability {
    TelegramRead,
    TelegramWrite,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 2] = [Capability::TelegramRead, Capability::TelegramWrite];

    /// The capability a component import names, if any.
    pub fn from_interface(name: &str) -> Option<Self> {
        match name {
            IFACE_READ => Some(Capability::TelegramRead),
            IFACE_WRITE => Some(Capability::TelegramWrite),
            _ => None,
        }
    }

    /// The versioned WIT interface name.
    pub fn interface(self) -> &'static str {
        match self {
            Capability::TelegramRead => IFACE_READ,
            Capability::TelegramWrite => IFACE_WRITE,
        }
    }

    /// The short name used in policy files.
    pub fn key(self) -> &'static str {
        match self {
            Capability::TelegramRead => "telegram-read",
            Capability::TelegramWrite => "telegram-write",
        }
    }

    /// The policy line that would grant this capability to `plugin`.
    pub fn policy_hint(self, plugin: &str) -> String {
        format!("[plugins.{plugin}] grant = [\"{}\"]", self.key())
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
}

/// The operator's policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Hide and refuse every tool that is not read-only; refuse every write.
    pub read_only: bool,
    default_grants: Grants,
    plugin_grants: HashMap<String, Grants>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            read_only: false,
            default_grants: Grants::all(),
            plugin_grants: HashMap::new(),
        }
    }
}

impl Policy {
    /// The default policy, read-only or not.
    pub fn with_read_only(read_only: bool) -> Self {
        Policy {
            read_only,
            ..Policy::default()
        }
    }

    /// Grants for one plugin: its own entry, else the default.
    pub fn grants_for(&self, plugin: &str) -> Grants {
        self.plugin_grants
            .get(plugin)
            .cloned()
            .unwrap_or_else(|| self.default_grants.clone())
    }

    /// Replaces one plugin's grants.
    pub fn set_grants(&mut self, plugin: &str, grants: Grants) {
        self.plugin_grants.insert(plugin.to_string(), grants);
    }
}
