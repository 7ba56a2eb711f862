//! Stickers, GIFs and round videos: a sticker or GIF goes by the file_ref
//! search_stickers / search_gifs returned; a round video from base64 bytes
//! or an https URL.
use schemars::JsonSchema;
use serde::Deserialize;
use tgmcp_sdk::{write, ParseMode, Peer, Profile, SendOptions, Tool, ToolError};

use crate::{source_of, Sent};

fn options(reply_to: Option<i32>, silent: bool, topic: Option<i32>) -> SendOptions {
    SendOptions {
        reply_to,
        silent,
        parse_mode: ParseMode::Plain,
        topic,
        schedule_at: None,
        link_preview: None,
    }
}

fn sent(message: tgmcp_sdk::Message) -> Sent {
    Sent {
        message_id: message.id,
        chat_id: message.chat_id,
        message,
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StickerArgs {
    chat: Peer,
    /// The sticker's file_ref from search_stickers
    #[schemars(length(min = 1, max = 600))]
    file_ref: String,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
}

fn send_sticker(a: StickerArgs) -> Result<Sent, ToolError> {
    let opts = options(a.reply_to, a.silent, a.topic);
    Ok(sent(write::send_sticker(&a.chat, &a.file_ref, opts)?))
}

/// The `send_sticker` tool.
pub(crate) fn sticker_tool() -> Tool {
    Tool::new(
        "send_sticker",
        "Send a sticker found by search_stickers, by its file_ref (references go stale \
         after a while: search again if Telegram refuses one). Returns the new message and \
         its id.",
    )
    .title("Send sticker")
    .example(r#"{"chat": "me", "file_ref": "doc:9200000004:96570862058729789:0707"}"#)
    .profile(Profile::Ext)
    .sends()
    .run(send_sticker)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct GifArgs {
    chat: Peer,
    /// The GIF's file_ref from search_gifs
    #[schemars(length(min = 1, max = 600))]
    file_ref: String,
    /// Text under the GIF
    #[serde(default)]
    #[schemars(length(max = 1024))]
    caption: String,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
}

fn send_gif(a: GifArgs) -> Result<Sent, ToolError> {
    let opts = options(a.reply_to, a.silent, a.topic);
    Ok(sent(write::send_gif(
        &a.chat,
        &a.file_ref,
        &a.caption,
        opts,
    )?))
}

/// The `send_gif` tool.
pub(crate) fn gif_tool() -> Tool {
    Tool::new(
        "send_gif",
        "Send a GIF found by search_gifs, by its file_ref, with an optional caption \
         (search again if Telegram refuses a stale reference). Returns the new message and \
         its id.",
    )
    .title("Send GIF")
    .example(r#"{"chat": "me", "file_ref": "doc:9300000002:-5072080309192411043:0707", "caption": "Nice work"}"#)
    .profile(Profile::Ext)
    .sends()
    .run(send_gif)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct VideoNoteArgs {
    chat: Peer,
    /// The video's bytes (a square mp4, at most a minute), base64; give this or `url`
    data_base64: Option<String>,
    /// An https URL of a square mp4 the server downloads; give this or `data_base64`
    url: Option<String>,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
}

fn send_video_note(a: VideoNoteArgs) -> Result<Sent, ToolError> {
    let src = source_of(
        a.data_base64,
        a.url,
        Some("video/mp4".into()),
        Some("video.mp4".into()),
    )?;
    let opts = options(a.reply_to, a.silent, a.topic);
    Ok(sent(write::send_video_note(&a.chat, &src, opts)?))
}

/// The `send_video_note` tool.
pub(crate) fn video_note_tool() -> Tool {
    Tool::new(
        "send_video_note",
        "Send a round video message (a square mp4 of up to a minute) from base64 bytes or \
         an https URL the server downloads; never a path on the server. Returns the new \
         message and its id.",
    )
    .title("Send round video")
    .example(r#"{"chat": "me", "data_base64": "AAAAGGZ0eXBtcDQyAAAAAGlzb21tcDQy"}"#)
    .profile(Profile::Ext)
    .sends()
    .run(send_video_note)
}
