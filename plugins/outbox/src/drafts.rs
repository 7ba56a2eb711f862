//! Drafts: the human-in-the-loop send (the user reviews and sends it).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Draft, DraftOptions, NoArgs, ParseMode, Peer, Profile, Tool, ToolError};

use crate::Done;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SaveArgs {
    chat: Peer,
    #[schemars(length(min = 1, max = 4096))]
    text: String,
    /// Id of the message the draft replies to (from get_history)
    reply_to: Option<i32>,
    #[serde(default)]
    parse_mode: ParseMode,
    /// Show a preview of the first link (default: shown)
    link_preview: Option<bool>,
}

fn save_draft(a: SaveArgs) -> Result<Done, ToolError> {
    let opts = DraftOptions {
        reply_to: a.reply_to,
        parse_mode: a.parse_mode,
        link_preview: a.link_preview,
    };
    write::save_draft(&a.chat, &a.text, opts)?;
    Ok(Done::new(&a.chat, None, "draft saved"))
}

pub(crate) fn save_tool() -> Tool {
    Tool::new(
        "save_draft",
        "Save a draft in a chat's input field without sending it, for the user to review \
         and send. Replaces the chat's previous draft, which is not kept.",
    )
    .title("Save draft")
    .idempotent()
    .example(r#"{"chat": "@bob_demo", "text": "Reviewed: two small comments, looks good"}"#)
    .profile(Profile::Core)
    .sends()
    .run(save_draft)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ClearArgs {
    chat: Peer,
}

fn clear_draft(a: ClearArgs) -> Result<Done, ToolError> {
    write::clear_draft(&a.chat)?;
    Ok(Done::new(&a.chat, None, "draft cleared"))
}

pub(crate) fn clear_tool() -> Tool {
    Tool::new(
        "clear_draft",
        "Clear a chat's draft. The draft text is lost.",
    )
    .title("Clear draft")
    .destructive()
    .idempotent()
    .example(r#"{"chat": "@bob_demo"}"#)
    .profile(Profile::Std)
    .run(clear_draft)
}

#[derive(Serialize, JsonSchema)]
struct Drafts {
    /// One per chat with a draft; `chat_id` works as a chat argument.
    drafts: Vec<Draft>,
}

fn list_drafts(_: NoArgs) -> Result<Drafts, ToolError> {
    Ok(Drafts {
        drafts: write::list_drafts()?,
    })
}

pub(crate) fn list_tool() -> Tool {
    Tool::new(
        "list_drafts",
        "List the account's unsent drafts, one per chat, with the chat's id (usable as a \
         chat argument).",
    )
    .title("List drafts")
    .read_only()
    .example(r#"{}"#)
    .profile(Profile::Std)
    .run(list_drafts)
}
