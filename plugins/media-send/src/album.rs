//! Albums (several photos or files as one grouped message) and voice notes.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{
    write, AlbumItem, Location, Message, ParseMode, Peer, Profile, SendOptions, Tool, ToolError,
};

use crate::{source_of, Sent};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Item {
    /// The file's bytes, base64; give this or `url`
    data_base64: Option<String>,
    /// An https URL the server downloads (public addresses only); give this or `data_base64`
    url: Option<String>,
    /// MIME type, e.g. image/png; guessed from the bytes when left out
    mime: Option<String>,
    /// File name shown in the chat
    #[schemars(length(max = 255))]
    file_name: Option<String>,
    /// Text under this file
    #[serde(default)]
    #[schemars(length(max = 1024))]
    caption: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AlbumArgs {
    chat: Peer,
    /// 2 to 10 photos or files, in order
    #[schemars(length(min = 2, max = 10))]
    files: Vec<Item>,
    #[serde(default)]
    parse_mode: ParseMode,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
}

#[derive(Serialize, JsonSchema)]
struct Album {
    /// Ids of the album's messages, in order.
    message_ids: Vec<i32>,
    messages: Vec<Message>,
}

fn options(
    parse_mode: ParseMode,
    reply_to: Option<i32>,
    silent: bool,
    topic: Option<i32>,
) -> SendOptions {
    SendOptions {
        reply_to,
        silent,
        parse_mode,
        topic,
        schedule_at: None,
        link_preview: None,
    }
}

fn send_album(a: AlbumArgs) -> Result<Album, ToolError> {
    let mut items = Vec::new();
    for f in a.files {
        items.push(AlbumItem {
            source: source_of(f.data_base64, f.url, f.mime, f.file_name)?,
            caption: f.caption,
        });
    }
    let opts = options(a.parse_mode, a.reply_to, a.silent, a.topic);
    let messages = write::send_album(&a.chat, &items, opts)?;
    Ok(Album {
        message_ids: messages.iter().map(|m| m.id).collect(),
        messages,
    })
}

pub(crate) fn album_tool() -> Tool {
    Tool::new(
        "send_album",
        "Send 2 to 10 photos or files as one album (a grouped message), each from base64 \
         bytes or an https URL the server downloads, each with its own caption; never a \
         path on the server. Photos and videos mix; documents go only with documents, audio \
         only with audio (Telegram refuses other mixes). Returns the album's messages and \
         their ids.",
    )
    .title("Send album")
    .example(
        r#"{"chat":"me","files":[{"data_base64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC","file_name":"start.png","caption":"Trail start"},{"data_base64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC","file_name":"summit.png","caption":"Summit"}]}"#,
    )
    .profile(Profile::Std)
    .sends()
    .run(send_album)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct VoiceArgs {
    chat: Peer,
    /// The voice note's bytes (ogg/opus), base64; give this or `url`
    data_base64: Option<String>,
    /// An https URL of an ogg/opus file the server downloads; give this or `data_base64`
    url: Option<String>,
    /// Text under the voice note
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

fn send_voice(a: VoiceArgs) -> Result<Sent, ToolError> {
    let src = source_of(
        a.data_base64,
        a.url,
        Some("audio/ogg".into()),
        Some("voice.ogg".into()),
    )?;
    let opts = options(ParseMode::Plain, a.reply_to, a.silent, a.topic);
    let message = write::send_voice(&a.chat, &src, &a.caption, opts)?;
    Ok(Sent {
        message_id: message.id,
        chat_id: message.chat_id,
        message,
    })
}

pub(crate) fn voice_tool() -> Tool {
    Tool::new(
        "send_voice",
        "Send a voice note (ogg/opus audio) from base64 bytes or an https URL the server \
         downloads; it plays as a voice message, not a file. Returns the new message and \
         its id.",
    )
    .title("Send voice note")
    .example(r#"{"chat":"me","data_base64":"T2dnUwACAAAAAAAAAAB0ZXN0AAAAAAAAAAABE09wdXNIZWFk","caption":"Directions to the trailhead"}"#)
    .profile(Profile::Std)
    .sends()
    .run(send_voice)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct LocationArgs {
    chat: Peer,
    #[schemars(range(min = -90.0, max = 90.0))]
    latitude: f64,
    #[schemars(range(min = -180.0, max = 180.0))]
    longitude: f64,
    /// A venue's name: sends a venue instead of a bare point
    #[schemars(length(max = 128))]
    title: Option<String>,
    /// The venue's address (with title)
    #[schemars(length(max = 256))]
    address: Option<String>,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
}

fn sent(message: Message) -> Sent {
    Sent {
        message_id: message.id,
        chat_id: message.chat_id,
        message,
    }
}

fn send_location(a: LocationArgs) -> Result<Sent, ToolError> {
    let place = Location {
        latitude: a.latitude,
        longitude: a.longitude,
        title: a.title,
        address: a.address,
    };
    let opts = options(ParseMode::Plain, a.reply_to, a.silent, a.topic);
    Ok(sent(write::send_location(&a.chat, &place, opts)?))
}

pub(crate) fn location_tool() -> Tool {
    Tool::new(
        "send_location",
        "Send a point on the map, or a venue when a title (and address) is given. \
         Returns the new message and its id.",
    )
    .title("Send location")
    .example(r#"{"chat":"@alice_demo","latitude":38.7223,"longitude":-9.1393,"title":"Trailhead","address":"Sintra, Portugal"}"#)
    .profile(Profile::Ext)
    .sends()
    .run(send_location)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ContactArgs {
    chat: Peer,
    /// The phone number, with country code
    #[schemars(length(min = 3, max = 32))]
    phone: String,
    #[schemars(length(min = 1, max = 64))]
    first_name: String,
    #[schemars(length(max = 64))]
    last_name: Option<String>,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
}

fn send_contact(a: ContactArgs) -> Result<Sent, ToolError> {
    let opts = options(ParseMode::Plain, a.reply_to, a.silent, None);
    let m = write::send_contact(
        &a.chat,
        &a.phone,
        &a.first_name,
        a.last_name.as_deref(),
        opts,
    )?;
    Ok(sent(m))
}

pub(crate) fn contact_tool() -> Tool {
    Tool::new(
        "send_contact",
        "Send a contact card (phone number and name). Returns the new message and its id.",
    )
    .title("Send contact")
    .example(r#"{"chat":"@alice_demo","phone":"+15550000003","first_name":"Bob"}"#)
    .profile(Profile::Ext)
    .sends()
    .run(send_contact)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DiceArgs {
    chat: Peer,
    /// Which dice: 🎲 🎯 🏀 ⚽ 🎳 🎰
    #[serde(default = "default_dice")]
    emoji: String,
    /// Id of the message to reply to
    reply_to: Option<i32>,
}

fn default_dice() -> String {
    "🎲".into()
}

fn send_dice(a: DiceArgs) -> Result<Sent, ToolError> {
    let opts = options(ParseMode::Plain, a.reply_to, false, None);
    Ok(sent(write::send_dice(&a.chat, &a.emoji, opts)?))
}

pub(crate) fn dice_tool() -> Tool {
    Tool::new(
        "send_dice",
        "Send an animated dice (🎲 by default; also 🎯 🏀 ⚽ 🎳 🎰): Telegram rolls it. \
         Returns the new message and its id.",
    )
    .title("Send dice")
    .example(r#"{"chat":"Weekend Hikers","emoji":"🎲"}"#)
    .profile(Profile::Ext)
    .sends()
    .run(send_dice)
}
