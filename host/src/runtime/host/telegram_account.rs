//! `tgmcp:plugin/telegram-account@0.2.0`: the account itself (contacts,
//! blocking, spam reports, profile, privacy, sessions), through the guard
//! (read-only mode, chat lists and the audit log apply there).

use super::super::bindings::v0_2::tgmcp::plugin::telegram_account::{
    self as wit, ContactCard as WitCard, ImportResult as WitImport, Privacy as WitPrivacy,
    PrivacyBase as WitBase, PrivacyKey as WitKey, ProfileChanges as WitChanges,
    SessionInfo as WitSession,
};
use super::super::bindings::v0_2::tgmcp::plugin::types::MediaSource as WitMediaSource;
use super::super::bindings::{ToolError, WitUser, WitUserFull};
use super::CallState;
use crate::telegram::account_ext::{
    ContactCard, ImportResult, Privacy, PrivacyBase, PrivacyKey, PrivacyRules, ProfileChanges,
    SessionInfo,
};

impl From<WitKey> for PrivacyKey {
    fn from(k: WitKey) -> Self {
        match k {
            WitKey::PhoneNumber => PrivacyKey::PhoneNumber,
            WitKey::LastSeen => PrivacyKey::LastSeen,
            WitKey::ProfilePhoto => PrivacyKey::ProfilePhoto,
            WitKey::Bio => PrivacyKey::Bio,
            WitKey::Birthday => PrivacyKey::Birthday,
            WitKey::Forwards => PrivacyKey::Forwards,
            WitKey::Calls => PrivacyKey::Calls,
            WitKey::Invites => PrivacyKey::Invites,
            WitKey::VoiceMessages => PrivacyKey::VoiceMessages,
            WitKey::FindByPhone => PrivacyKey::FindByPhone,
        }
    }
}

impl From<WitBase> for PrivacyBase {
    fn from(b: WitBase) -> Self {
        match b {
            WitBase::Everybody => PrivacyBase::Everybody,
            WitBase::Contacts => PrivacyBase::Contacts,
            WitBase::Nobody => PrivacyBase::Nobody,
        }
    }
}

impl From<PrivacyBase> for WitBase {
    fn from(b: PrivacyBase) -> Self {
        match b {
            PrivacyBase::Everybody => WitBase::Everybody,
            PrivacyBase::Contacts => WitBase::Contacts,
            PrivacyBase::Nobody => WitBase::Nobody,
        }
    }
}

impl From<Privacy> for WitPrivacy {
    fn from(p: Privacy) -> Self {
        WitPrivacy {
            base: p.base.into(),
            allow: p.allow,
            deny: p.deny,
        }
    }
}

impl From<SessionInfo> for WitSession {
    fn from(s: SessionInfo) -> Self {
        WitSession {
            hash: s.hash,
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

impl From<ImportResult> for WitImport {
    fn from(r: ImportResult) -> Self {
        WitImport {
            imported: r.imported.into_iter().map(Into::into).collect(),
            not_found: r.not_found,
        }
    }
}

impl wit::Host for CallState {
    async fn add_contact(
        &mut self,
        user: String,
        first_name: String,
        last_name: Option<String>,
        share_phone: bool,
    ) -> Result<WitUser, ToolError> {
        let u = self
            .guard
            .add_contact(&user, &first_name, last_name.as_deref(), share_phone)
            .await?;
        Ok(u.into())
    }

    async fn delete_contacts(&mut self, users: Vec<String>) -> Result<u32, ToolError> {
        Ok(self.guard.delete_contacts(&users).await?)
    }

    async fn import_contacts(&mut self, cards: Vec<WitCard>) -> Result<WitImport, ToolError> {
        let cards: Vec<ContactCard> = cards
            .into_iter()
            .map(|c| ContactCard {
                phone: c.phone,
                first_name: c.first_name,
                last_name: c.last_name,
            })
            .collect();
        Ok(self.guard.import_contacts(&cards).await?.into())
    }

    async fn set_blocked(&mut self, user: String, blocked: bool) -> Result<(), ToolError> {
        Ok(self.guard.set_blocked(&user, blocked).await?)
    }

    async fn report_spam(&mut self, chat: String) -> Result<(), ToolError> {
        Ok(self.guard.report_spam(&chat).await?)
    }

    async fn update_profile(&mut self, changes: WitChanges) -> Result<WitUserFull, ToolError> {
        let changes = ProfileChanges {
            first_name: changes.first_name,
            last_name: changes.last_name,
            about: changes.bio,
            username: changes.username,
        };
        Ok(self.guard.update_profile(&changes).await?.into())
    }

    async fn delete_profile_photos(&mut self, ids: Vec<i64>) -> Result<Vec<i64>, ToolError> {
        Ok(self.guard.delete_profile_photos(&ids).await?)
    }

    async fn get_privacy(&mut self, key: WitKey) -> Result<WitPrivacy, ToolError> {
        Ok(self.guard.get_privacy(key.into()).await?.into())
    }

    async fn set_privacy(
        &mut self,
        key: WitKey,
        base: WitBase,
        allow: Vec<String>,
        deny: Vec<String>,
    ) -> Result<WitPrivacy, ToolError> {
        let rules = PrivacyRules {
            base: base.into(),
            allow,
            deny,
        };
        Ok(self.guard.set_privacy(key.into(), &rules).await?.into())
    }

    async fn list_sessions(&mut self) -> Result<Vec<WitSession>, ToolError> {
        let all = self.guard.list_sessions().await?;
        Ok(all.into_iter().map(Into::into).collect())
    }

    async fn terminate_session(&mut self, hash: i64) -> Result<(), ToolError> {
        Ok(self.guard.terminate_session(hash).await?)
    }

    async fn set_profile_photo(&mut self, photo: WitMediaSource) -> Result<i64, ToolError> {
        let photo = self.media_source(photo)?;
        Ok(self.guard.set_profile_photo(&photo).await?)
    }

    async fn set_emoji_status(
        &mut self,
        emoji_id: Option<i64>,
        until: Option<i64>,
    ) -> Result<(), ToolError> {
        Ok(self.guard.set_emoji_status(emoji_id, until).await?)
    }

    async fn set_birthday(&mut self, birthday: Option<wit::Birthday>) -> Result<(), ToolError> {
        Ok(self.guard.set_birthday(birthday.map(Into::into)).await?)
    }
}
