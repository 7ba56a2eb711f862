//! Host-side bindings of the WIT, one module per package version: `v0_2`
//! (`wit/`, what plugins are built against today) and `v0_1` (`wit/v0.1/`,
//! kept so plugins built against it load and answer unchanged).

/// tgmcp:plugin@0.1.0.
pub mod v0_1 {
    wasmtime::component::bindgen!({
        path: "../wit/v0.1",
        world: "plugin",
        imports: { default: async },
        exports: { default: async },
    });
}

/// tgmcp:plugin@0.2.0.
pub mod v0_2 {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "plugin",
        imports: { default: async },
        exports: { default: async },
    });
}

pub use v0_2::tgmcp::plugin::types::{
    Blob as WitBlob, Chat as WitChat, ChatFilter as WitChatFilter, ChatKind as WitChatKind,
    ChatPage as WitChatPage, Content as WitContent, ForwardOrigin as WitForwardOrigin,
    MediaInfo as WitMediaInfo, MediaKind as WitMediaKind, Message as WitMessage,
    MessageContext as WitMessageContext, MessageFilter as WitMessageFilter,
    MessagePage as WitMessagePage, Page as WitPage, ParseMode as WitParseMode,
    Presence as WitPresence, ReactionCount as WitReactionCount, SendOptions as WitSendOptions,
    TelegramError as WitTelegramError, ToolError, ToolInfo, ToolResult as WitToolResult,
    Topic as WitTopic, TopicPage as WitTopicPage, UnreadChat as WitUnreadChat,
    UnreadDigest as WitUnreadDigest, UnreadLimits as WitUnreadLimits, User as WitUser,
    UserFull as WitUserFull, UserPage as WitUserPage,
};
// telegram-write
pub use v0_2::tgmcp::plugin::types::{
    Draft as WitDraft, DraftOptions as WitDraftOptions, EditOptions as WitEditOptions,
    FileOptions as WitFileOptions, ForwardOptions as WitForwardOptions,
    MediaSource as WitMediaSource, Mute as WitMute, PollSpec as WitPollSpec,
};

// group administration (telegram-admin, and its reads in telegram-read)
pub use v0_2::tgmcp::plugin::telegram_admin::{
    InviteSpec as WitInviteSpec, Invited as WitInvited, TopicChanges as WitTopicChanges,
};
pub use v0_2::tgmcp::plugin::types::{
    AdminLogEvent as WitAdminLogEvent, AdminLogPage as WitAdminLogPage,
    AdminRights as WitAdminRights, ChatPermissions as WitChatPermissions,
    InviteLink as WitInviteLink, InviteLinkPage as WitInviteLinkPage, MemberRole as WitMemberRole,
    Participant as WitParticipant, ParticipantFilter as WitParticipantFilter,
    ParticipantPage as WitParticipantPage,
};

/// The package versions the host links, newest first.
pub const VERSIONS: &[&str] = &["0.2.0", "0.1.0"];

/// `tgmcp:plugin/<name>@<version>`: an interface name as it appears in a component.
pub fn interface(name: &str, version: &str) -> String {
    format!("tgmcp:plugin/{name}@{version}")
}

/// Splits `tgmcp:plugin/<name>@<version>` into name and version.
pub fn split_interface(full: &str) -> Option<(&str, &str)> {
    full.strip_prefix("tgmcp:plugin/")?.split_once('@')
}
