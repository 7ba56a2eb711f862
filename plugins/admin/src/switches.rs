//! A chat's photo and switches: signatures, visible history, forum mode,
//! anti-spam, join requests and the reactions members may use.
use schemars::JsonSchema;
use serde::Deserialize;
use tgmcp_sdk::admin::{self, ChatSettings, ReactionChoice};
use tgmcp_sdk::{media_source, Chat, Peer, Profile, Tool, ToolError};

use crate::{done, Done};

/// Largest photo taken (Telegram's cap for chat and profile photos).
pub(crate) const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PhotoArgs {
    /// A group or channel the account administers
    chat: Peer,
    /// The image (JPEG or PNG), base64; give this or `url`, or `remove`
    data_base64: Option<String>,
    /// An https URL of the image the server downloads; give this or `data_base64`, or `remove`
    url: Option<String>,
    /// Remove the chat's photo instead
    #[serde(default)]
    remove: bool,
}

fn set_chat_photo(a: PhotoArgs) -> Result<Done, ToolError> {
    if a.remove {
        if a.data_base64.is_some() || a.url.is_some() {
            return Err(ToolError::InvalidArgs(
                "remove takes no image: give remove, or data_base64 or url".into(),
            ));
        }
        admin::set_chat_photo(&a.chat, None)?;
        return Ok(done(a.chat, None, "photo removed"));
    }
    let source = media_source(a.data_base64, a.url, None, None, MAX_PHOTO_BYTES)?;
    admin::set_chat_photo(&a.chat, Some(&source))?;
    Ok(done(a.chat, None, "photo set"))
}

/// Which reactions members may use.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Reactions {
    /// Every emoji reaction
    All,
    /// Reactions off
    None,
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum ReactionsArg {
    Choice(Reactions),
    /// Only these emoji, e.g. ["👍", "🔥"]
    Some(#[schemars(length(min = 1, max = 100))] Vec<String>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SettingsArgs {
    /// A group or channel the account administers
    chat: Peer,
    /// Channels: sign posts with their author's name
    signatures: Option<bool>,
    /// Supergroups: new members see the messages from before they joined
    history_visible: Option<bool>,
    /// Supergroups: forum topics on or off
    forum: Option<bool>,
    /// Supergroups: Telegram's aggressive anti-spam
    anti_spam: Option<bool>,
    /// Public supergroups: joining needs an admin's approval
    join_requests: Option<bool>,
    /// "all", "none", or a list of emoji members may react with
    reactions: Option<ReactionsArg>,
}

fn set_chat_settings(a: SettingsArgs) -> Result<Chat, ToolError> {
    let settings = ChatSettings {
        signatures: a.signatures,
        history_visible: a.history_visible,
        forum: a.forum,
        anti_spam: a.anti_spam,
        join_requests: a.join_requests,
        reactions: a.reactions.map(|r| match r {
            ReactionsArg::Choice(Reactions::All) => ReactionChoice::All,
            ReactionsArg::Choice(Reactions::None) => ReactionChoice::None,
            ReactionsArg::Some(list) => ReactionChoice::Some(list),
        }),
    };
    admin::set_chat_settings(&a.chat, &settings)
}

pub(crate) fn photo_tool() -> Tool {
    Tool::new(
        "set_chat_photo",
        "Set a group's or channel's photo from an image (base64 or an https URL), or remove \
         it with remove: true. The account needs the right to change chat info.",
    )
    .title("Set chat photo")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","data_base64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"}"#)
    .profile(Profile::Ext)
    .run(set_chat_photo)
}

pub(crate) fn settings_tool() -> Tool {
    Tool::new(
        "set_chat_settings",
        "Change a group's or channel's switches: signed posts (channels), history visible to \
         new members, forum topics, anti-spam, join requests (supergroups), and which \
         reactions members may use. Only the named settings change. Returns the chat.",
    )
    .title("Set chat settings")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","history_visible":false,"reactions":["👍","🔥"]}"#)
    .profile(Profile::Ext)
    .run(set_chat_settings)
}
