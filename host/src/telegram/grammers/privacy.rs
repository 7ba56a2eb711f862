//! Privacy rules, sessions and profile photos for [`crate::telegram::AccountExt`].

use grammers_client::session::types::PeerKind;
use grammers_client::tl::{enums, functions, types};

use super::GrammersBackend;
use crate::telegram::account_ext::{Privacy, PrivacyBase, PrivacyKey, PrivacyRules, SessionInfo};
use crate::telegram::{ChatKind, TelegramError};

/// Bot-API id offset of channels and supergroups.
const CHANNEL_OFFSET: i64 = 1_000_000_000_000;

fn input_key(k: PrivacyKey) -> enums::InputPrivacyKey {
    use enums::InputPrivacyKey as K;
    match k {
        PrivacyKey::PhoneNumber => K::PhoneNumber,
        PrivacyKey::LastSeen => K::StatusTimestamp,
        PrivacyKey::ProfilePhoto => K::ProfilePhoto,
        PrivacyKey::Bio => K::About,
        PrivacyKey::Birthday => K::Birthday,
        PrivacyKey::Forwards => K::Forwards,
        PrivacyKey::Calls => K::PhoneCall,
        PrivacyKey::Invites => K::ChatInvite,
        PrivacyKey::VoiceMessages => K::VoiceMessages,
        PrivacyKey::FindByPhone => K::AddedByPhone,
    }
}

/// Telegram's rule list as a base and exceptions (how its apps show it).
fn privacy_of(r: enums::account::PrivacyRules) -> Privacy {
    use enums::PrivacyRule as P;
    let enums::account::PrivacyRules::Rules(r) = r;
    // Chats in rules are bare ids: the chat list says which are channels.
    let chat_id = |bare: i64| {
        let channel = r
            .chats
            .iter()
            .any(|c| c.id() == bare && matches!(c, enums::Chat::Channel(_)));
        if channel {
            -CHANNEL_OFFSET - bare
        } else {
            -bare
        }
    };
    let (mut all, mut contacts) = (false, false);
    let (mut allow, mut deny) = (Vec::new(), Vec::new());
    for rule in &r.rules {
        match rule {
            P::PrivacyValueAllowAll => all = true,
            P::PrivacyValueAllowContacts => contacts = true,
            P::PrivacyValueAllowUsers(u) => allow.extend(&u.users),
            P::PrivacyValueDisallowUsers(u) => deny.extend(&u.users),
            P::PrivacyValueAllowChatParticipants(c) => {
                allow.extend(c.chats.iter().map(|id| chat_id(*id)))
            }
            P::PrivacyValueDisallowChatParticipants(c) => {
                deny.extend(c.chats.iter().map(|id| chat_id(*id)))
            }
            _ => {}
        }
    }
    let base = if all {
        PrivacyBase::Everybody
    } else if contacts {
        PrivacyBase::Contacts
    } else {
        PrivacyBase::Nobody
    };
    Privacy { base, allow, deny }
}

impl GrammersBackend {
    pub(super) async fn privacy_get(&self, key: PrivacyKey) -> Result<Privacy, TelegramError> {
        self.link.check_fatal()?;
        let req = functions::account::GetPrivacy {
            key: input_key(key),
        };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await?;
        let enums::account::PrivacyRules::Rules(x) = &r;
        self.absorb(&x.users, &x.chats).await?;
        Ok(privacy_of(r))
    }

    /// Exceptions as Telegram's rules: users by reference, groups by bare id.
    async fn exceptions(
        &self,
        written: &[String],
        allow: bool,
    ) -> Result<Vec<enums::InputPrivacyRule>, TelegramError> {
        let (mut users, mut chats) = (Vec::new(), Vec::new());
        for w in written {
            let k = self.resolve(w).await?;
            match (k.chat.kind, k.peer.id.kind()) {
                (ChatKind::User | ChatKind::Bot, _) => users.push((&k.peer).into()),
                (ChatKind::Group | ChatKind::Supergroup, PeerKind::Chat | PeerKind::Channel) => {
                    chats.push(k.peer.id.bare_id().unwrap_or_default())
                }
                _ => {
                    return Err(TelegramError::InvalidArgs(format!(
                        "\"{}\" is not a user or a group: privacy exceptions name people or groups",
                        w.trim()
                    )))
                }
            }
        }
        let mut out = Vec::new();
        if !users.is_empty() {
            out.push(if allow {
                types::InputPrivacyValueAllowUsers { users }.into()
            } else {
                types::InputPrivacyValueDisallowUsers { users }.into()
            });
        }
        if !chats.is_empty() {
            out.push(if allow {
                types::InputPrivacyValueAllowChatParticipants { chats }.into()
            } else {
                types::InputPrivacyValueDisallowChatParticipants { chats }.into()
            });
        }
        Ok(out)
    }

    pub(super) async fn privacy_set(
        &self,
        key: PrivacyKey,
        rules: &PrivacyRules,
    ) -> Result<Privacy, TelegramError> {
        use enums::InputPrivacyRule as I;
        self.link.check_fatal()?;
        let mut list = self.exceptions(&rules.allow, true).await?;
        list.extend(self.exceptions(&rules.deny, false).await?);
        match rules.base {
            PrivacyBase::Everybody => list.push(I::InputPrivacyValueAllowAll),
            PrivacyBase::Contacts => {
                list.push(I::InputPrivacyValueAllowContacts);
                list.push(I::InputPrivacyValueDisallowAll);
            }
            PrivacyBase::Nobody => list.push(I::InputPrivacyValueDisallowAll),
        }
        let req = functions::account::SetPrivacy {
            key: input_key(key),
            rules: list,
        };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await?;
        let enums::account::PrivacyRules::Rules(x) = &r;
        self.absorb(&x.users, &x.chats).await?;
        Ok(privacy_of(r))
    }

    pub(super) async fn sessions(&self) -> Result<Vec<SessionInfo>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let req = functions::account::GetAuthorizations {};
        let enums::account::Authorizations::Authorizations(r) =
            self.link.run(client.invoke(&req)).await?;
        let mut out: Vec<SessionInfo> = r
            .authorizations
            .into_iter()
            .map(|a| {
                let enums::Authorization::Authorization(a) = a;
                SessionInfo {
                    hash: a.hash,
                    current: a.current,
                    device: a.device_model,
                    platform: a.platform,
                    system: a.system_version,
                    app: format!("{} {}", a.app_name, a.app_version)
                        .trim()
                        .to_string(),
                    official: a.official_app,
                    ip: a.ip,
                    country: a.country,
                    region: a.region,
                    created: i64::from(a.date_created),
                    last_active: i64::from(a.date_active),
                }
            })
            .collect();
        out.sort_by_key(|s| !s.current);
        Ok(out)
    }

    pub(super) async fn end_session(&self, hash: i64) -> Result<(), TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let req = functions::account::ResetAuthorization { hash };
        match self.link.run(client.invoke(&req)).await {
            Ok(_) => Ok(()),
            Err(TelegramError::Rpc { name, .. }) if name == "HASH_INVALID" => {
                Err(TelegramError::NotFound(format!(
                    "no session with hash {hash}; list_sessions shows them"
                )))
            }
            Err(TelegramError::Rpc { name, .. })
                if name == "FRESH_RESET_AUTHORISATION_FORBIDDEN" =>
            {
                Err(TelegramError::InvalidArgs(
                    "Telegram lets a session end other sessions only once it is 24 hours old"
                        .into(),
                ))
            }
            Err(e) => Err(e),
        }
    }

    pub(super) async fn privacy_delete_photos(
        &self,
        ids: &[i64],
    ) -> Result<Vec<i64>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let req = functions::photos::GetUserPhotos {
            user_id: enums::InputUser::UserSelf,
            offset: 0,
            max_id: 0,
            limit: 100,
        };
        let photos = match self.link.run(client.invoke(&req)).await? {
            enums::photos::Photos::Photos(p) => p.photos,
            enums::photos::Photos::Slice(p) => p.photos,
        };
        let mine: Vec<types::Photo> = photos
            .into_iter()
            .filter_map(|p| match p {
                enums::Photo::Photo(p) => Some(p),
                enums::Photo::Empty(_) => None,
            })
            .collect();
        let chosen: Vec<&types::Photo> = if ids.is_empty() {
            mine.first().into_iter().collect()
        } else {
            let missing: Vec<String> = ids
                .iter()
                .filter(|id| !mine.iter().any(|p| p.id == **id))
                .map(i64::to_string)
                .collect();
            if !missing.is_empty() {
                return Err(TelegramError::NotFound(format!(
                    "the account has no profile photo with id {}",
                    missing.join(", ")
                )));
            }
            mine.iter().filter(|p| ids.contains(&p.id)).collect()
        };
        if chosen.is_empty() {
            return Err(TelegramError::NotFound(
                "the account has no profile photo".into(),
            ));
        }
        let req = functions::photos::DeletePhotos {
            id: chosen
                .iter()
                .map(|p| {
                    types::InputPhoto {
                        id: p.id,
                        access_hash: p.access_hash,
                        file_reference: p.file_reference.clone(),
                    }
                    .into()
                })
                .collect(),
        };
        self.link.run(client.invoke(&req)).await
    }
}
