//! Host-side bindings of `wit/` (world `plugin`, package tgmcp:plugin@0.1.0).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "plugin",
    imports: { default: async },
    exports: { default: async },
});

pub use self::tgmcp::plugin::types::{
    Chat as WitChat, ChatKind as WitChatKind, Message as WitMessage, ParseMode as WitParseMode,
    SendOptions as WitSendOptions, TelegramError as WitTelegramError, ToolError, ToolInfo,
    User as WitUser,
};

/// Interface names a plugin may import, as they appear in a component.
pub const IFACE_TYPES: &str = "tgmcp:plugin/types@0.1.0";
/// Log lines.
pub const IFACE_LOG: &str = "tgmcp:plugin/log@0.1.0";
/// Reading the account.
pub const IFACE_READ: &str = "tgmcp:plugin/telegram-read@0.1.0";
/// Writing to the account.
pub const IFACE_WRITE: &str = "tgmcp:plugin/telegram-write@0.1.0";
