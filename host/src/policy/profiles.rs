//! Tool profiles: which built-in tools a server lists, by name (shared/TOOLSET.md
//! §4). `core` (the default) keeps `tools/list` small for clients that cap
//! tools; `std` adds the everyday rest; `read` is every read-only tool; `all`
//! is everything. Tools from plugin files an operator dropped in are in every
//! profile: putting them there was the choice.

use serde::Serialize;

/// A named set of tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Core,
    Std,
    Read,
    All,
}

/// Profile names as `TGMCP_TOOLS` takes them.
pub const NAMES: &[&str] = &["core", "std", "read", "all"];

/// The default: what most assistants need, in few tools.
pub const CORE: &[&str] = &[
    "get_me",
    "get_user",
    "list_contacts",
    "list_chats",
    "get_chat",
    "search_chats",
    "list_topics",
    "get_history",
    "get_messages",
    "get_replies",
    "get_unread",
    "search_messages",
    "search",
    "fetch",
    "send_message",
    "edit_message",
    "delete_messages",
    "forward_messages",
    "save_draft",
    "send_reaction",
    "mark_read",
    "download_media",
    "send_file",
];

/// Everyday tools beyond `core`.
pub const STD: &[&str] = &[
    "get_common_chats",
    "search_contacts",
    "list_blocked",
    "get_message_context",
    "get_pinned_messages",
    "get_media_info",
    "list_drafts",
    "pin_message",
    "unpin_message",
    "clear_draft",
    "create_poll",
    "vote_poll",
    "mark_unread",
    "mute_chat",
    "archive_chat",
    "join_chat",
    "leave_chat",
    // admin (telegram-admin) and its reads in chats
    "get_participants",
    "create_group",
    "create_channel",
    "invite_users",
    "kick_user",
    "ban_user",
    "unban_user",
    "set_admin_rights",
    "set_chat_permissions",
    "edit_chat",
    "create_invite_link",
    "create_topic",
    "edit_topic",
    "wait_for_message",
    "get_updates",
    // contacts, settings
    "add_contact",
    "delete_contact",
    "block_user",
    "unblock_user",
    "update_profile",
    "get_message_link",
    "list_reactions",
    "get_poll_results",
    "list_buttons",
    "list_scheduled",
    "list_folders",
    "delete_scheduled",
    "press_button",
    "create_folder",
    "edit_folder",
    "delete_folder",
    "send_album",
    "send_voice",
];

impl Profile {
    /// The profile named `name` (`core`, `std`, `read`, `all`).
    pub fn parse(name: &str) -> Option<Profile> {
        match name.trim().to_ascii_lowercase().as_str() {
            "core" => Some(Profile::Core),
            "std" => Some(Profile::Std),
            "read" => Some(Profile::Read),
            "all" => Some(Profile::All),
            _ => None,
        }
    }

    /// Whether this profile lists `tool`. `builtin`: the tool comes with
    /// tgmcp (others are in every profile).
    pub fn admits(self, tool: &str, read_only: bool, builtin: bool) -> bool {
        if !builtin {
            return true;
        }
        match self {
            Profile::Core => CORE.contains(&tool),
            Profile::Std => CORE.contains(&tool) || STD.contains(&tool),
            Profile::Read => read_only,
            Profile::All => true,
        }
    }
}

/// The smallest profile listing a built-in tool, for docs: `core`, `std` or `all`.
pub fn smallest(tool: &str) -> &'static str {
    if CORE.contains(&tool) {
        "core"
    } else if STD.contains(&tool) {
        "std"
    } else {
        "all"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_nest_and_dropped_in_tools_are_always_listed() {
        assert!(Profile::Core.admits("get_me", true, true));
        assert!(!Profile::Core.admits("pin_message", false, true));
        assert!(Profile::Std.admits("pin_message", false, true));
        assert!(Profile::Std.admits("get_me", true, true));
        assert!(Profile::Read.admits("get_pinned_messages", true, true));
        assert!(!Profile::Read.admits("send_message", false, true));
        assert!(Profile::All.admits("hostile_echo", false, true));
        assert!(Profile::Core.admits("my_tool", false, false));
        assert_eq!(Profile::parse(" STD "), Some(Profile::Std));
        assert_eq!(Profile::parse("cor"), None);
    }

    #[test]
    fn core_stays_small_and_the_lists_do_not_overlap() {
        assert!(CORE.len() <= 25, "{}", CORE.len());
        assert!(CORE.iter().all(|t| !STD.contains(t)));
    }
}
