//! Guest-side SDK for tgmcp plugins.
//!
//! A tool is a typed function: its argument struct derives `Deserialize +
//! JsonSchema` (doc comments become descriptions, `#[schemars(range(..))]` and
//! `length(..)` become constraints), its result derives `Serialize +
//! JsonSchema`, and the SDK derives both JSON Schemas from them.
//!
//! ```ignore
//! use schemars::JsonSchema;
//! use serde::{Deserialize, Serialize};
//! use tgmcp_sdk::{read, Tool, ToolError};
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct Args {
//!     /// Who to greet
//!     name: String,
//! }
//!
//! #[derive(Serialize, JsonSchema)]
//! struct Greeting {
//!     greeting: String,
//! }
//!
//! fn greet(a: Args) -> Result<Greeting, ToolError> {
//!     let me = read::get_me()?;
//!     Ok(Greeting { greeting: format!("Hello, {}! -- {}", a.name, me.first_name) })
//! }
//!
//! tgmcp_sdk::plugin![Tool::new("greet", "Greets someone.").read_only().run(greet)];
//! ```
//!
//! Host calls live in [`read`], [`write`], [`media`], [`admin`], [`account`], [`events`],
//! [`raw`] and [`log`]; a plugin's component
//! imports only the interfaces it actually calls, and those are the
//! capabilities it asks for. The WIT records ([`Chat`], [`User`],
//! [`Message`]) serialize as tools return them.

mod args;
#[doc(hidden)]
pub mod bindings;
mod date;
pub mod raw;
mod record;
mod schema;
mod source;
mod tool;

pub use args::{NoArgs, Peer};
pub use bindings::tgmcp::plugin::log;
pub use bindings::tgmcp::plugin::telegram_account as account;
pub use bindings::tgmcp::plugin::telegram_events as events;
pub use bindings::tgmcp::plugin::telegram_extras as extras;
pub use bindings::tgmcp::plugin::telegram_media as media;
pub use bindings::tgmcp::plugin::telegram_payments as payments;
pub use bindings::tgmcp::plugin::telegram_read as read;
pub use bindings::tgmcp::plugin::telegram_write as write;
pub use bindings::tgmcp::plugin::types::{
    Blob, Chat, ChatFilter, ChatKind, ChatPage, Content, ForwardOrigin, MediaInfo, MediaKind,
    Message, MessageContext, MessageFilter, MessagePage, Page, ParseMode, Presence, ReactionCount,
    SendOptions, TelegramError, ToolError, ToolInfo, ToolResult, Topic, TopicPage, UnreadChat,
    UnreadDigest, UnreadLimits, User, UserFull, UserPage,
};
pub use date::{iso, Date};
// telegram-write
pub use bindings::tgmcp::plugin::types::{
    Draft, DraftOptions, EditOptions, FileOptions, ForwardOptions, MediaSource, Mute, PollSpec,
};
// telegram-admin (its reads are in telegram-read)
pub use bindings::tgmcp::plugin::telegram_admin as admin;
pub use bindings::tgmcp::plugin::telegram_admin::{InviteSpec, Invited, TopicChanges};
pub use bindings::tgmcp::plugin::types::{
    AdminLogEvent, AdminLogPage, AdminRights, ChatPermissions, InviteLink, InviteLinkPage,
    MemberRole, Participant, ParticipantFilter, ParticipantPage,
};
// reactions, polls, buttons, folders, albums
pub use bindings::tgmcp::plugin::types::{
    AlbumItem, BotAnswer, Button, ButtonKind, ButtonRef, Folder, FolderEdit, Location, PollAnswer,
    PollResults, PollVote, Reactor, Reader,
};
// stickers, GIFs, transcription, inline bots, stories
pub use bindings::tgmcp::plugin::telegram_media::{Sticker, StickerSet, Transcription};
pub use bindings::tgmcp::plugin::telegram_read::{StoryViewer, StoryViews};
pub use bindings::tgmcp::plugin::telegram_write::{InlineResult, InlineResults, StoryPrivacy};
pub use bindings::tgmcp::plugin::types::Story;
pub use serde_json::{json, Value};
pub use source::media_source;
pub use tool::{call, describe, Profile, Tool};

/// Defines the `tool` export from the plugin's tools.
///
/// ```ignore
/// tgmcp_sdk::plugin![
///     Tool::new("a", "...").read_only().run(a),
///     Tool::new("b", "...").run(b),
/// ];
/// ```
#[macro_export]
macro_rules! plugin {
    ($($tool:expr),+ $(,)?) => {
        fn __tgmcp_tools() -> ::std::vec::Vec<$crate::Tool> {
            ::std::vec![$($tool),+]
        }
        struct __TgmcpPlugin;
        impl $crate::bindings::exports::tgmcp::plugin::tool::Guest for __TgmcpPlugin {
            fn describe() -> ::std::vec::Vec<$crate::ToolInfo> {
                $crate::describe(&__tgmcp_tools())
            }
            fn call(
                name: ::std::string::String,
                args_json: ::std::string::String,
            ) -> ::std::result::Result<$crate::ToolResult, $crate::ToolError> {
                $crate::call(&__tgmcp_tools(), &name, &args_json)
            }
        }
        $crate::bindings::export!(__TgmcpPlugin with_types_in $crate::bindings);
    };
}
