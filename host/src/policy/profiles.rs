//! Tool profiles: which built-in tools a server lists, by name (shared/TOOLSET.md
//! §4). Each includes what it builds on, so one name is a working set:
//! `core` (the default) keeps `tools/list` small for clients that cap tools;
//! `std` is `core` and the everyday rest; `ext` is `std` and every rarer tool,
//! destructive ones included (`delete_chat_history`, `close_poll`); `opt` is
//! `std` and the niche tools (business, fact checks, stories posting); `read`
//! is every read-only tool and `read+send` adds sending only; `all` (`ext`
//! and `opt` together) is everything but what spends money or reaches past
//! the tool layer: `stars` and `raw` are listed only when named. Tools from
//! plugin files an operator dropped in are in every profile: putting them
//! there was the choice.

use serde::Serialize;

/// A named set of tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Core,
    Std,
    Ext,
    Opt,
    Read,
    /// Every read-only tool plus the tools that send messages.
    #[serde(rename = "read+send")]
    ReadSend,
    All,
    Stars,
    Raw,
}

/// Profile names as `TGMCP_TOOLS` takes them.
pub const NAMES: &[&str] = &[
    "core",
    "std",
    "ext",
    "opt",
    "read",
    "read+send",
    "all",
    "stars",
    "raw",
];

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

/// Niche tools (TOOLSET's `opt`, which lists them with `std`): in `all`, out of `core`/`std`/`ext`.
pub const OPT: &[&str] = &[
    "translate_message",
    "get_web_preview",
    "get_boosts",
    "get_fact_check",
    "set_fact_check",
    "list_quick_replies",
    "get_group_call",
    "set_default_reaction",
    "get_business_links",
    "set_business_profile",
    "set_emoji_status",
    "set_birthday",
    "post_story",
    "delete_stories",
    "react_to_story",
];

/// Tools that spend Telegram Stars: listed only when `stars` or the tool is named.
pub const STARS: &[&str] = &["get_stars_status", "list_gifts", "send_paid_reaction"];

/// Raw MTProto: listed only when `raw` or the tool is named.
pub const RAW: &[&str] = &["invoke_method"];

/// What `read+send` adds to the read-only tools: posting new messages, and
/// drafts. Nothing that edits, deletes, administers or changes the account.
pub const SENDS: &[&str] = &[
    "send_message",
    "save_draft",
    "forward_messages",
    "send_file",
    "send_album",
    "send_voice",
    "send_video_note",
    "send_sticker",
    "send_gif",
    "send_location",
    "send_contact",
    "send_dice",
    "inline_query",
    "send_inline_result",
];

/// Whether `tool` is listed only when named (it spends money or is raw MTProto).
pub fn named_only(tool: &str) -> bool {
    STARS.contains(&tool) || RAW.contains(&tool)
}

impl Profile {
    /// The profile named `name` (see [`NAMES`]).
    pub fn parse(name: &str) -> Option<Profile> {
        match name.trim().to_ascii_lowercase().as_str() {
            "core" => Some(Profile::Core),
            "std" => Some(Profile::Std),
            "ext" => Some(Profile::Ext),
            "opt" => Some(Profile::Opt),
            "read" => Some(Profile::Read),
            "read+send" | "read-send" => Some(Profile::ReadSend),
            "all" => Some(Profile::All),
            "stars" => Some(Profile::Stars),
            "raw" => Some(Profile::Raw),
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
            // `TGMCP_TOOLS=ext` alone must still read and send: each tier
            // includes the ones below it.
            Profile::Ext => matches!(smallest(tool), "core" | "std" | "ext"),
            Profile::Opt => matches!(smallest(tool), "core" | "std" | "opt"),
            Profile::Read => read_only && !named_only(tool),
            Profile::ReadSend => (read_only && !named_only(tool)) || SENDS.contains(&tool),
            Profile::All => !named_only(tool),
            Profile::Stars => STARS.contains(&tool),
            Profile::Raw => RAW.contains(&tool),
        }
    }
}

/// The smallest profile listing a built-in tool, for docs: `core`, `std`,
/// `ext`, `opt`, `stars` or `raw`.
pub fn smallest(tool: &str) -> &'static str {
    if CORE.contains(&tool) {
        "core"
    } else if STD.contains(&tool) {
        "std"
    } else if OPT.contains(&tool) {
        "opt"
    } else if STARS.contains(&tool) {
        "stars"
    } else if RAW.contains(&tool) {
        "raw"
    } else {
        "ext"
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
        assert!(Profile::Ext.admits("close_poll", false, true));
        assert!(
            Profile::Ext.admits("pin_message", false, true),
            "ext includes std"
        );
        assert!(Profile::Ext.admits("send_message", false, true), "and core");
        assert!(!Profile::Ext.admits("post_story", false, true), "not opt");
        assert!(Profile::Opt.admits("post_story", false, true));
        assert!(
            Profile::Opt.admits("get_history", true, true),
            "opt includes core"
        );
        assert!(!Profile::Opt.admits("close_poll", false, true), "not ext");
        assert!(Profile::ReadSend.admits("send_file", false, true));
        assert!(Profile::ReadSend.admits("get_history", true, true));
        assert!(!Profile::ReadSend.admits("delete_messages", false, true));
        assert_eq!(Profile::parse("read+send"), Some(Profile::ReadSend));
        assert!(Profile::Core.admits("my_tool", false, false));
        assert_eq!(Profile::parse(" STD "), Some(Profile::Std));
        assert_eq!(Profile::parse("cor"), None);
    }

    #[test]
    fn core_stays_small_and_the_lists_do_not_overlap() {
        assert!(CORE.len() <= 25, "{}", CORE.len());
        let lists = [CORE, STD, OPT, STARS, RAW];
        for (i, a) in lists.iter().enumerate() {
            for b in &lists[i + 1..] {
                assert!(a.iter().all(|t| !b.contains(t)), "{a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn money_and_raw_mtproto_are_listed_only_when_named() {
        for tool in ["send_paid_reaction", "get_stars_status", "invoke_method"] {
            for p in [Profile::All, Profile::Read, Profile::ReadSend, Profile::Ext] {
                assert!(!p.admits(tool, true, true), "{p:?} lists {tool}");
            }
        }
        assert!(Profile::Stars.admits("send_paid_reaction", false, true));
        // Globs never reach them; their exact names do.
        for list in ["core,send_*", "*", "send_paid_reactio?", "get_*,invoke_*"] {
            let mut p = crate::policy::Policy::default();
            p.restrict_tools(list).unwrap();
            for tool in ["send_paid_reaction", "invoke_method", "get_stars_status"] {
                assert!(!p.admits(tool, false, true), "{list} lists {tool}");
            }
        }
        let mut p = crate::policy::Policy::default();
        p.restrict_tools("core,send_paid_reaction,invoke_method")
            .unwrap();
        assert!(p.admits("send_paid_reaction", false, true));
        assert!(p.admits("invoke_method", false, true));
        assert!(!p.admits("get_stars_status", true, true));
        assert!(Profile::Raw.admits("invoke_method", false, true));
    }
}
