//! The profile beyond names: a new photo, the emoji status, the birthday.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::account::{self, Birthday};
use tgmcp_sdk::{media_source, Date, Profile, Tool, ToolError};

/// Largest photo taken (Telegram's cap for profile photos).
const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PhotoArgs {
    /// The image (JPEG or PNG), base64; give this or `url`
    data_base64: Option<String>,
    /// An https URL of the image the server downloads; give this or `data_base64`
    url: Option<String>,
}

#[derive(Serialize, JsonSchema)]
struct PhotoSet {
    /// The new photo's id (what delete_profile_photo takes), as decimal text.
    photo_id: String,
}

fn set_profile_photo(a: PhotoArgs) -> Result<PhotoSet, ToolError> {
    let source = media_source(a.data_base64, a.url, None, None, MAX_PHOTO_BYTES)?;
    let id = account::set_profile_photo(&source)?;
    Ok(PhotoSet {
        photo_id: id.to_string(),
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EmojiArgs {
    /// The custom emoji's document id (from a custom emoji sticker), as text or a number; absent clears the status
    emoji_id: Option<crate::Id>,
    /// Show it until then; absent: until changed
    until: Option<Date>,
}

#[derive(Serialize, JsonSchema)]
struct Status {
    /// What the profile shows now, in words.
    status: String,
}

fn set_emoji_status(a: EmojiArgs) -> Result<Status, ToolError> {
    let id = a.emoji_id.map(|i| i.value("emoji_id")).transpose()?;
    account::set_emoji_status(id, a.until.map(Date::unix))?;
    Ok(Status {
        status: match id {
            Some(i) => format!("emoji status set to custom emoji {i}"),
            None => "emoji status cleared".into(),
        },
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct BirthdayArgs {
    /// Day of the month; absent with month and year: remove the birthday
    #[schemars(range(min = 1, max = 31))]
    day: Option<u8>,
    #[schemars(range(min = 1, max = 12))]
    month: Option<u8>,
    /// Optional; without it the profile shows the day and month only
    #[schemars(range(min = 1900, max = 2100))]
    year: Option<u16>,
}

fn set_birthday(a: BirthdayArgs) -> Result<Status, ToolError> {
    let birthday = match (a.day, a.month, a.year) {
        (Some(day), Some(month), year) => Some(Birthday { day, month, year }),
        (None, None, None) => None,
        _ => {
            return Err(ToolError::InvalidArgs(
                "give day and month (and maybe year), or nothing to remove the birthday".into(),
            ))
        }
    };
    account::set_birthday(birthday)?;
    Ok(Status {
        status: match birthday {
            Some(b) => match b.year {
                Some(y) => format!("birthday set to {y}-{:02}-{:02}", b.month, b.day),
                None => format!("birthday set to {:02}-{:02} (no year)", b.month, b.day),
            },
            None => "birthday removed".into(),
        },
    })
}

pub(crate) fn photo_tool() -> Tool {
    Tool::new(
        "set_profile_photo",
        "Make an image (base64 or an https URL, JPEG or PNG) the account's profile photo; the \
         previous one stays in the profile's photos. Returns the new photo's id.",
    )
    .title("Set profile photo")
    .example(r#"{"data_base64":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"}"#)
    .profile(Profile::Ext)
    .run(set_profile_photo)
}

pub(crate) fn emoji_tool() -> Tool {
    Tool::new(
        "set_emoji_status",
        "Show a custom emoji next to the account's name (Telegram Premium), until a time or \
         until changed; without emoji_id, clear it.",
    )
    .title("Set emoji status")
    .idempotent()
    .example(r#"{"emoji_id": "5368324170671202286"}"#)
    .profile(Profile::Opt)
    .run(set_emoji_status)
}

pub(crate) fn birthday_tool() -> Tool {
    Tool::new(
        "set_birthday",
        "Set the birthday on the account's profile (day and month, optionally the year; who \
         sees it follows the birthday privacy setting), or remove it with no arguments.",
    )
    .title("Set birthday")
    .idempotent()
    .example(r#"{"day": 14, "month": 3}"#)
    .profile(Profile::Opt)
    .run(set_birthday)
}
