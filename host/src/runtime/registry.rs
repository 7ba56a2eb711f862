//! The set of live tools: an immutable snapshot, swapped atomically on change.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::plugin::{Origin, Plugin, ToolDef};

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
    /// override a built-in tool (warning); a second file offering a tool name
    /// another file already offers is refused whole.
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
            let clash = p.tools.iter().find_map(|t| {
                reg.tools
                    .get(&t.name)
                    .filter(|(owner, _)| owner.origin != Origin::Builtin)
                    .map(|(owner, _)| (t.name.clone(), owner.origin.clone()))
            });
            if let Some((tool, other)) = clash {
                let error = format!("tool \"{tool}\" is already offered by {other}; rename it in one of the two plugins");
                tracing::error!(plugin = %p.name, path = %p.origin, %error, "plugin refused");
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
                    tracing::warn!(tool = %t.name, builtin = %owner.name, path = %p.origin, "a plugin file overrides a built-in tool");
                }
            }
            reg.add(&p);
        }
        reg.problems = problems;
        reg
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
