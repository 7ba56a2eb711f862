//! `settings`: the account's profile (name, bio, username, photo), privacy
//! rules and logged-in sessions; emoji status and birthday (`profile.rs`)
//! (asks only for telegram-account). `get_me`
//! and `get_user` show profile changes.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::account::{self, Privacy, PrivacyBase, PrivacyKey, ProfileChanges, SessionInfo};
use tgmcp_sdk::{NoArgs, Peer, Profile, Tool, ToolError, UserFull};

mod profile;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ProfileArgs {
    /// The new first name
    #[schemars(length(min = 1, max = 64))]
    first_name: Option<String>,
    /// The new last name; "" removes it
    #[schemars(length(max = 64))]
    last_name: Option<String>,
    /// The new bio (70 characters, 140 with Premium); "" removes it
    #[schemars(length(max = 140))]
    bio: Option<String>,
    /// The new username without @ (5 to 32 letters, digits and underscores); "" removes it
    #[schemars(length(max = 33))]
    username: Option<String>,
}

fn update_profile(a: ProfileArgs) -> Result<UserFull, ToolError> {
    account::update_profile(&ProfileChanges {
        first_name: a.first_name,
        last_name: a.last_name,
        bio: a.bio,
        username: a.username,
    })
}

/// An id as JSON takes it: a number, or its decimal text (64-bit ids do not
/// fit a JavaScript number).
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Id {
    Number(i64),
    Text(String),
}

impl JsonSchema for Id {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "integer"],
            "description": "a 64-bit id: an integer or its decimal text",
        })
    }
}

impl Id {
    pub(crate) fn value(&self, what: &str) -> Result<i64, ToolError> {
        match self {
            Id::Number(n) => Ok(*n),
            Id::Text(t) => t
                .trim()
                .parse()
                .map_err(|_| ToolError::InvalidArgs(format!("{what} \"{t}\" is not a number"))),
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PhotoArgs {
    /// Photos to delete by id; left out deletes the current profile photo
    #[serde(default)]
    #[schemars(length(max = 100))]
    photo_ids: Vec<Id>,
}

#[derive(Serialize, JsonSchema)]
struct PhotosDeleted {
    /// Ids of the deleted photos, as decimal text.
    deleted: Vec<String>,
}

fn delete_profile_photo(a: PhotoArgs) -> Result<PhotosDeleted, ToolError> {
    let ids = a
        .photo_ids
        .iter()
        .map(|i| i.value("photo id"))
        .collect::<Result<Vec<i64>, _>>()?;
    let deleted = account::delete_profile_photos(&ids)?;
    Ok(PhotosDeleted {
        deleted: deleted.iter().map(i64::to_string).collect(),
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct KeyArgs {
    /// Which setting
    setting: PrivacyKey,
}

/// A privacy setting.
#[derive(Serialize, JsonSchema)]
struct Setting {
    setting: PrivacyKey,
    #[serde(flatten)]
    privacy: Privacy,
}

fn get_privacy(a: KeyArgs) -> Result<Setting, ToolError> {
    Ok(Setting {
        privacy: account::get_privacy(a.setting)?,
        setting: a.setting,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SetArgs {
    setting: PrivacyKey,
    /// Who may, before the exceptions
    base: PrivacyBase,
    /// Users or groups always allowed (as chats are written)
    #[serde(default)]
    #[schemars(length(max = 100))]
    allow: Vec<Peer>,
    /// Users or groups never allowed
    #[serde(default)]
    #[schemars(length(max = 100))]
    deny: Vec<Peer>,
}

fn set_privacy(a: SetArgs) -> Result<Setting, ToolError> {
    let allow: Vec<String> = a.allow.into_iter().map(|p| p.0).collect();
    let deny: Vec<String> = a.deny.into_iter().map(|p| p.0).collect();
    Ok(Setting {
        privacy: account::set_privacy(a.setting, a.base, &allow, &deny)?,
        setting: a.setting,
    })
}

/// One logged-in session (device) of the account.
#[derive(Serialize, JsonSchema)]
struct Session {
    /// What terminate_session takes, as decimal text.
    hash: String,
    /// The session tgmcp itself runs on (it cannot be ended from here).
    current: bool,
    device: String,
    platform: String,
    system: String,
    /// App name and version.
    app: String,
    /// An official Telegram app.
    official: bool,
    ip: String,
    country: String,
    region: String,
    /// Unix seconds.
    created: i64,
    last_active: i64,
}

impl From<SessionInfo> for Session {
    fn from(s: SessionInfo) -> Self {
        Session {
            hash: s.hash.to_string(),
            current: s.current,
            device: s.device,
            platform: s.platform,
            system: s.system,
            app: s.app,
            official: s.official,
            ip: s.ip,
            country: s.country,
            region: s.region,
            created: s.created,
            last_active: s.last_active,
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Sessions {
    /// The current session first.
    sessions: Vec<Session>,
}

fn list_sessions(_: NoArgs) -> Result<Sessions, ToolError> {
    Ok(Sessions {
        sessions: account::list_sessions()?
            .into_iter()
            .map(Into::into)
            .collect(),
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EndArgs {
    /// The session's hash from list_sessions
    hash: Id,
}

#[derive(Serialize, JsonSchema)]
struct Terminated {
    /// The hash of the ended session, as decimal text.
    terminated: String,
}

fn terminate_session(a: EndArgs) -> Result<Terminated, ToolError> {
    let hash = a.hash.value("hash")?;
    account::terminate_session(hash)?;
    Ok(Terminated {
        terminated: hash.to_string(),
    })
}

tgmcp_sdk::plugin![
    Tool::new(
        "update_profile",
        "Change the account's first or last name, bio or username (\"\" removes the last \
         name, bio or username). Returns the profile as it is now.",
    )
    .title("Update profile")
    .idempotent()
    .example(r#"{"bio": "Maps, hikes and Rust"}"#)
    .profile(Profile::Std)
    .run(update_profile),
    Tool::new(
        "delete_profile_photo",
        "Delete the account's current profile photo (the previous one, if any, becomes \
         current), or photos by id. Returns the ids deleted.",
    )
    .title("Delete profile photo")
    .destructive()
    .example(r#"{}"#)
    .profile(Profile::Ext)
    .run(delete_profile_photo),
    Tool::new(
        "get_privacy",
        "Who may see or do something (phone number, last seen, profile photo, bio, \
         birthday, forwards, calls, invites to groups, voice messages, finding the \
         account by phone): a base (everybody, contacts, nobody) and exceptions as ids.",
    )
    .title("Get privacy setting")
    .read_only()
    .example(r#"{"setting": "phone_number"}"#)
    .profile(Profile::Ext)
    .run(get_privacy),
    Tool::new(
        "set_privacy",
        "Change a privacy setting: a base (everybody, contacts, nobody) and users or groups \
         always or never allowed. Replaces the setting's exceptions; returns it as saved.",
    )
    .title("Set privacy setting")
    .idempotent()
    .example(r#"{"setting": "last_seen", "base": "contacts", "allow": ["@bob_demo"]}"#)
    .profile(Profile::Ext)
    .run(set_privacy),
    Tool::new(
        "list_sessions",
        "The account's logged-in sessions: device, app, IP, place, created and last active;
         the current one (tgmcp's own) first.",
    )
    .title("List sessions")
    .read_only()
    .example(r#"{}"#)
    .profile(Profile::Ext)
    .run(list_sessions),
    Tool::new(
        "terminate_session",
        "Log out one session by its hash from list_sessions. The session tgmcp runs on is \
         refused.",
    )
    .title("Terminate session")
    .destructive()
    .example(r#"{"hash": "7311000000000002"}"#)
    .profile(Profile::Ext)
    .run(terminate_session),
    profile::photo_tool(),
    profile::emoji_tool(),
    profile::birthday_tool(),
];
