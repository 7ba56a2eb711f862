//! What hangs off a message: its link, who reacted, a poll's results, a
//! bot keyboard's buttons; and the chat's scheduled messages.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{read, Button, Message, Peer, PollResults, Reactor, Reader, ToolError};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkArgs {
    chat: Peer,
    /// The message's id (from get_history, search_messages, ...)
    message_id: i32,
}

/// A message's links.
#[derive(Serialize, JsonSchema)]
pub(crate) struct Link {
    message_id: i32,
    chat_id: i64,
    /// The message's link (members only for private groups and channels).
    url: String,
    /// The link that opens the message inside its forum topic, for messages in a topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    topic_url: Option<String>,
    /// The link that opens the reply thread the message belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    thread_url: Option<String>,
}

pub(crate) fn get_message_link(a: LinkArgs) -> Result<Link, ToolError> {
    let m = read::get_messages(&a.chat, &[a.message_id])?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ToolError::NotFound(format!(
                "message {} not found in \"{}\"",
                a.message_id, a.chat.0
            ))
        })?;
    let url = m.url.clone().ok_or_else(|| {
        ToolError::InvalidArgs(format!(
            "message {} has no link: Telegram has none for private chats, basic groups and Saved Messages",
            a.message_id
        ))
    })?;
    // t.me/<name>/<id> → t.me/<name>/<topic>/<id>.
    let topic_url = m.topic_id.and_then(|t| {
        let (base, id) = url.rsplit_once('/')?;
        Some(format!("{base}/{t}/{id}"))
    });
    let thread_url = match (m.topic_id, m.reply_to) {
        (None, Some(top)) => Some(format!("{url}?thread={top}")),
        _ => None,
    };
    Ok(Link {
        message_id: m.id,
        chat_id: m.chat_id,
        url,
        topic_url,
        thread_url,
    })
}

fn default_reactors() -> u32 {
    20
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReactionsArgs {
    chat: Peer,
    message_id: i32,
    /// Only this reaction, e.g. 👍
    emoji: Option<String>,
    #[serde(default = "default_reactors")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
}

#[derive(Serialize, JsonSchema)]
pub(crate) struct Reactions {
    /// Newest first.
    reactions: Vec<Reactor>,
}

pub(crate) fn list_reactions(a: ReactionsArgs) -> Result<Reactions, ToolError> {
    let reactions = read::list_reactions(&a.chat, a.message_id, a.emoji.as_deref(), a.limit)?;
    Ok(Reactions { reactions })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MessageArgs {
    chat: Peer,
    message_id: i32,
}

pub(crate) fn get_poll_results(a: MessageArgs) -> Result<PollResults, ToolError> {
    read::get_poll(&a.chat, a.message_id)
}

#[derive(Serialize, JsonSchema)]
pub(crate) struct Buttons {
    /// Row by row; press a callback button with press_button (by row and column, or text).
    buttons: Vec<Button>,
}

pub(crate) fn list_buttons(a: MessageArgs) -> Result<Buttons, ToolError> {
    Ok(Buttons {
        buttons: read::list_buttons(&a.chat, a.message_id)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChatArgs {
    chat: Peer,
}

#[derive(Serialize, JsonSchema)]
pub(crate) struct Scheduled {
    /// Soonest first; `date` is when each will be sent. delete_scheduled takes their ids.
    messages: Vec<Message>,
}

pub(crate) fn list_scheduled(a: ChatArgs) -> Result<Scheduled, ToolError> {
    Ok(Scheduled {
        messages: read::list_scheduled(&a.chat)?,
    })
}

#[derive(Serialize, JsonSchema)]
pub(crate) struct Readers {
    /// Who read the message and when.
    readers: Vec<Reader>,
}

pub(crate) fn get_read_participants(a: MessageArgs) -> Result<Readers, ToolError> {
    Ok(Readers {
        readers: read::get_read_participants(&a.chat, a.message_id)?,
    })
}
