//! What the account methods keep beside the users: the other sessions,
//! privacy rules, profile photos and spam reports. A side table, so the
//! user model stays as it is.

use std::collections::HashMap;

use grammers_tl_types::{enums, types};

use crate::account::Peer;
use crate::extras::{png, Size};

/// Another logged-in session of the account (the current one is the
/// connection that asks, and is not stored).
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub hash: i64,
    pub device_model: String,
    pub platform: String,
    pub system_version: String,
    pub app_name: String,
    pub app_version: String,
    pub official: bool,
    pub created: i32,
    pub active: i32,
    pub ip: String,
    pub country: String,
    pub region: String,
}

/// A profile photo and its sizes (bytes included).
#[derive(Clone, Debug, PartialEq)]
pub struct ProfilePhoto {
    pub id: i64,
    pub access_hash: i64,
    pub date: i32,
    pub sizes: Vec<Size>,
}

/// Privacy keys, by the name tests use (`status_timestamp`, `phone_number`, …).
pub type PrivacyKeyName = &'static str;

/// The side table (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Other sessions, oldest first.
    pub sessions: Vec<Session>,
    /// Rules per privacy key; a key not here has Telegram's default.
    pub privacy: HashMap<PrivacyKeyName, Vec<enums::PrivacyRule>>,
    /// Profile photos per user id, the current one first.
    pub photos: HashMap<i64, Vec<ProfilePhoto>>,
    /// Peers reported as spam, in order.
    pub reported: Vec<Peer>,
    /// Users the account shared its phone number with when adding them.
    pub phone_shared: Vec<i64>,
    /// The names users gave themselves, kept while the account shows them
    /// under a contact name: deleting the contact brings them back.
    pub own_names: HashMap<i64, (String, Option<String>)>,
    /// The custom emoji status: (document id, until).
    pub emoji_status: Option<(i64, Option<i32>)>,
    pub birthday: Option<types::Birthday>,
}

/// The name of a privacy key as asked for.
pub fn key_name(k: &enums::InputPrivacyKey) -> PrivacyKeyName {
    use enums::InputPrivacyKey as K;
    match k {
        K::StatusTimestamp => "status_timestamp",
        K::ChatInvite => "chat_invite",
        K::PhoneCall => "phone_call",
        K::PhoneP2P => "phone_p2p",
        K::Forwards => "forwards",
        K::ProfilePhoto => "profile_photo",
        K::PhoneNumber => "phone_number",
        K::AddedByPhone => "added_by_phone",
        K::VoiceMessages => "voice_messages",
        K::About => "about",
        K::Birthday => "birthday",
        K::StarGiftsAutoSave => "star_gifts_auto_save",
        K::NoPaidMessages => "no_paid_messages",
        K::SavedMusic => "saved_music",
    }
}

/// Everybody may see it.
pub fn everybody() -> Vec<enums::PrivacyRule> {
    vec![enums::PrivacyRule::PrivacyValueAllowAll]
}

/// Contacts only: how Telegram's apps write "My contacts".
pub fn contacts_only() -> Vec<enums::PrivacyRule> {
    vec![
        enums::PrivacyRule::PrivacyValueAllowContacts,
        enums::PrivacyRule::PrivacyValueDisallowAll,
    ]
}

impl Settings {
    /// The bytes of a profile photo's size (`a`, `c`, …), whoever's it is.
    pub fn file(&self, id: i64, kind: &str) -> Option<&[u8]> {
        self.photos
            .values()
            .flatten()
            .find(|p| p.id == id)?
            .sizes
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.bytes.as_slice())
    }

    /// The rules of `key` (Telegram's defaults for keys never set).
    pub fn rules(&self, key: PrivacyKeyName) -> Vec<enums::PrivacyRule> {
        match self.privacy.get(key) {
            Some(r) => r.clone(),
            None if matches!(key, "phone_number" | "birthday" | "added_by_phone") => {
                contacts_only()
            }
            None => everybody(),
        }
    }

    /// The demo's: two other devices, the phone number hidden from all but
    /// contacts and one exception, and two profile photos of the account.
    pub fn demo(me: i64, clock: i32) -> Settings {
        let session =
            |hash, device: &str, platform: &str, app: &str, place: (&str, &str)| Session {
                hash,
                device_model: device.into(),
                platform: platform.into(),
                system_version: String::new(),
                app_name: app.into(),
                app_version: "11.4".into(),
                official: true,
                created: clock - 90 * 86_400,
                active: clock - 3_600,
                ip: "203.0.113.7".into(),
                country: place.0.into(),
                region: place.1.into(),
            };
        let mut privacy = HashMap::new();
        privacy.insert(
            "phone_number",
            vec![
                types::PrivacyValueAllowUsers {
                    users: vec![200_000_001],
                }
                .into(),
                enums::PrivacyRule::PrivacyValueAllowContacts,
                enums::PrivacyRule::PrivacyValueDisallowAll,
            ],
        );
        let photo = |id: i64, color: [u8; 3], age: i32| ProfilePhoto {
            id,
            access_hash: crate::access_hash(id),
            date: clock - age,
            sizes: vec![
                Size {
                    kind: "a".into(),
                    w: 16,
                    h: 16,
                    bytes: png(16, 16, color),
                },
                Size {
                    kind: "c".into(),
                    w: 64,
                    h: 64,
                    bytes: png(64, 64, color),
                },
            ],
        };
        let mut photos = HashMap::new();
        photos.insert(
            me,
            vec![
                photo(7_100_000_002, [40, 120, 200], 86_400),
                photo(7_100_000_001, [200, 80, 40], 200 * 86_400),
            ],
        );
        photos.insert(
            200_000_001,
            vec![photo(7_100_000_003, [60, 160, 90], 10 * 86_400)],
        );
        Settings {
            sessions: vec![
                session(
                    7_311_000_000_000_001,
                    "iPhone 15",
                    "iOS",
                    "Telegram iOS",
                    ("Portugal", "Lisbon"),
                ),
                session(
                    7_311_000_000_000_002,
                    "Desktop",
                    "Windows",
                    "Telegram Desktop",
                    ("Germany", "Berlin"),
                ),
            ],
            privacy,
            photos,
            reported: Vec::new(),
            phone_shared: Vec::new(),
            own_names: HashMap::new(),
            emoji_status: None,
            birthday: None,
        }
    }
}
