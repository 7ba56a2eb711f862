//! The set of live tools: an immutable snapshot, swapped atomically on change.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::plugin::{Origin, Plugin, ToolDef};
use super::text::shown;
use crate::policy::toml_key;

fn shown_origin(o: &Origin) -> String {
    match o {
        Origin::Builtin => "built-in".into(),
        Origin::File(p) => shown(p),
    }
}

/// A plugin file that failed to load, for `/health` and logs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PluginProblem {
    pub path: PathBuf,
    pub error: String,
    /// Whether an older good version of the file is still serving.
    pub serving_previous: bool,
}

/// One immutable view of all plugins and tools. Calls in flight keep the
/// snapshot they started with.
#[derive(Default)]
pub struct Registry {
    plugins: Vec<Arc<Plugin>>,
    tools: BTreeMap<String, (Arc<Plugin>, usize)>,
    /// Files refused or broken, with why.
    pub problems: Vec<PluginProblem>,
}

impl Registry {
    /// Builds a snapshot: built-ins first, then files in path order. A file may
    /// replace a built-in tool only when its policy entry lists it in
    /// `overrides` (logged as a warning); otherwise, or when another file
    /// already offers one of its tool names, the file is refused whole.
    pub fn build(
        builtins: &[Arc<Plugin>],
        files: Vec<Arc<Plugin>>,
        mut problems: Vec<PluginProblem>,
    ) -> Registry {
        let mut reg = Registry::default();
        for p in builtins {
            reg.add(p);
        }
        for p in files {
            if let Some(error) = reg.conflict(&p) {
                tracing::error!(plugin = %p.name, path = %shown_origin(&p.origin), %error, "plugin refused");
                if let Origin::File(path) = &p.origin {
                    problems.push(PluginProblem {
                        path: path.clone(),
                        error,
                        serving_previous: false,
                    });
                }
                continue;
            }
            for t in &p.tools {
                if let Some((owner, _)) = reg.tools.get(&t.name) {
                    tracing::warn!(tool = %t.name, builtin = %owner.name, plugin = %p.name, path = %shown_origin(&p.origin), "a plugin file replaces a built-in tool, as the policy allows");
                }
            }
            reg.add(&p);
        }
        reg.problems = problems;
        reg
    }

    /// Why `p` cannot join: a tool another file already offers, or a built-in
    /// tool the policy does not let it replace.
    fn conflict(&self, p: &Plugin) -> Option<String> {
        p.tools.iter().find_map(|t| {
            let (owner, _) = self.tools.get(&t.name)?;
            match &owner.origin {
                Origin::File(_) => Some(format!(
                    "tool \"{}\" is already offered by {}; rename it in one of the two plugins",
                    t.name,
                    shown_origin(&owner.origin)
                )),
                Origin::Builtin if p.overrides.contains(&t.name) => None,
                Origin::Builtin => Some(format!(
                    "tool \"{}\" is a built-in tool (plugin \"{}\"); to let this plugin replace it, add to the policy: [plugins.{}] overrides = [\"{}\"]",
                    t.name,
                    owner.name,
                    toml_key(&p.name),
                    t.name
                )),
            }
        })
    }

    fn add(&mut self, p: &Arc<Plugin>) {
        for (i, t) in p.tools.iter().enumerate() {
            self.tools.insert(t.name.clone(), (p.clone(), i));
        }
        self.plugins.push(p.clone());
    }

    /// Finds a tool and the plugin serving it.
    pub fn find(&self, name: &str) -> Option<(&Arc<Plugin>, &ToolDef)> {
        self.tools.get(name).map(|(p, i)| (p, &p.tools[*i]))
    }

    /// All tools, by name.
    pub fn tools(&self) -> impl Iterator<Item = (&Arc<Plugin>, &ToolDef)> {
        self.tools.values().map(|(p, i)| (p, &p.tools[*i]))
    }

    /// All loaded plugins (including ones whose tools are all overridden).
    pub fn plugins(&self) -> &[Arc<Plugin>] {
        &self.plugins
    }
}
