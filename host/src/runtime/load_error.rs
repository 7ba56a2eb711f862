//! Why a plugin could not be loaded: one type for the loader, the tool checks
//! and the registry, below all of them.

/// Why a plugin could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("plugin \"{plugin}\" is not a valid WebAssembly component: {cause}")]
    Compile { plugin: String, cause: String },
    #[error("plugin \"{plugin}\" imports {interface}, which the policy does not grant (it has {granted}); grant it with `{policy_key}`")]
    NotGranted {
        plugin: String,
        interface: String,
        granted: String,
        policy_key: String,
    },
    #[error("plugin file {file} is not loaded: {reason}")]
    Refused { file: String, reason: String },
    #[error("plugin \"{plugin}\" is refused: {cause}")]
    TooBig { plugin: String, cause: String },
    #[error("plugin \"{plugin}\" imports {interface}, which this host does not provide")]
    UnknownImport { plugin: String, interface: String },
    #[error("plugin \"{plugin}\" could not be linked: {cause}")]
    Link { plugin: String, cause: String },
    #[error("plugin \"{plugin}\" failed while describing its tools: {cause}")]
    Describe { plugin: String, cause: String },
    #[error("plugin \"{plugin}\": tool \"{tool}\": {cause}")]
    BadTool {
        plugin: String,
        tool: String,
        cause: String,
    },
}
