//! Guarded account operations (see [`crate::telegram::AccountExt`]): every
//! change passes read-only mode and is audited; those about a user or chat
//! also pass the chat lists. Reads (privacy, sessions) pass untouched.

use super::write::{Audited, Kind, Op};
use super::{Guard, GuardError};
use crate::telegram::account_ext::{
    ContactCard, ImportResult, Privacy, PrivacyKey, PrivacyRules, ProfileChanges, SessionInfo,
    MAX_IMPORT,
};
use crate::telegram::records::UserFull;
use crate::telegram::{TelegramError, User};

/// Most users one delete names, and most exceptions one privacy rule lists.
pub const MAX_USERS: usize = 100;

impl Audited for User {
    fn chat_id(&self) -> Option<i64> {
        Some(self.id)
    }
}
impl Audited for UserFull {}
impl Audited for ImportResult {}
impl Audited for Privacy {}
impl Audited for Vec<i64> {}

fn too_many(what: &str, n: usize, max: usize) -> Option<String> {
    if n == 0 {
        return Some(format!("no {what} given"));
    }
    (n > max).then(|| format!("at most {max} {what} per call, got {n}"))
}

impl Guard {
    /// Chats a call names besides its first one must be visible too.
    async fn visible_all(&self, peers: &[String]) -> Result<(), TelegramError> {
        for p in peers {
            match self.allowed_chat(p).await {
                Ok(_) => {}
                Err(GuardError::Hidden(p, s)) => return Err(TelegramError::ChatNotFound(p, s)),
                Err(GuardError::Telegram(e)) => return Err(e),
                Err(e) => return Err(TelegramError::Other(e.to_string())),
            }
        }
        Ok(())
    }

    /// Adds a user to the contacts under a name, or renames the contact.
    pub async fn add_contact(
        &self,
        user: &str,
        first_name: &str,
        last_name: Option<&str>,
        share_phone: bool,
    ) -> Result<User, GuardError> {
        let mut op = Op::new("add-contact", user, Kind::Change);
        if first_name.trim().is_empty() {
            op.invalid = Some("first_name is empty: a contact needs a name".into());
        }
        self.guarded(op, || {
            self.backend
                .add_contact(user, first_name, last_name, share_phone)
        })
        .await
    }

    /// Removes users from the contacts.
    pub async fn delete_contacts(&self, users: &[String]) -> Result<u32, GuardError> {
        let first = users.first().map_or("", String::as_str);
        let mut op = Op::new("delete-contacts", first, Kind::Change);
        op.invalid = too_many("users", users.len(), MAX_USERS);
        self.guarded(op, || async {
            self.visible_all(users.get(1..).unwrap_or_default()).await?;
            self.backend.delete_contacts(users).await
        })
        .await
    }

    /// Adds people by phone number. Refused while chat lists are set: the
    /// people behind the numbers cannot be checked against them first.
    pub async fn import_contacts(&self, cards: &[ContactCard]) -> Result<ImportResult, GuardError> {
        let mut op = Op::new("import-contacts", "", Kind::Account);
        op.invalid = too_many("contacts", cards.len(), MAX_IMPORT);
        if self.policy.chats.is_restricted() {
            op.invalid = Some("chat lists are set: importing contacts by phone number is refused, since the people behind the numbers cannot be checked against them".into());
        }
        self.guarded(op, || self.backend.import_contacts(cards))
            .await
    }

    /// Blocks or unblocks a user.
    pub async fn set_blocked(&self, user: &str, blocked: bool) -> Result<(), GuardError> {
        let action = if blocked {
            "block-user"
        } else {
            "unblock-user"
        };
        let op = Op::new(action, user, Kind::Change);
        self.guarded(op, || self.backend.set_blocked(user, blocked))
            .await
    }

    /// Reports a chat or user as spam.
    pub async fn report_spam(&self, chat: &str) -> Result<(), GuardError> {
        let op = Op::new("report-spam", chat, Kind::Change);
        self.guarded(op, || self.backend.report_spam(chat)).await
    }

    /// Changes the account's name, bio or username.
    pub async fn update_profile(&self, changes: &ProfileChanges) -> Result<UserFull, GuardError> {
        let mut op = Op::new("update-profile", "me", Kind::Account);
        if changes.is_empty() {
            op.invalid =
                Some("nothing to change: give first_name, last_name, bio or username".into());
        }
        self.guarded(op, || self.backend.update_profile(changes))
            .await
    }

    /// Deletes profile photos of the account (none named: the current one).
    pub async fn delete_profile_photos(&self, ids: &[i64]) -> Result<Vec<i64>, GuardError> {
        let mut op = Op::new("delete-profile-photos", "me", Kind::Account);
        op.invalid = (ids.len() > MAX_USERS)
            .then(|| format!("at most {MAX_USERS} photo ids per call, got {}", ids.len()));
        self.guarded(op, || self.backend.delete_profile_photos(ids))
            .await
    }

    /// A privacy setting (a read: not audited).
    pub async fn get_privacy(&self, key: PrivacyKey) -> Result<Privacy, GuardError> {
        Ok(self.backend.get_privacy(key).await?)
    }

    /// Saves a privacy setting; its exceptions must be chats the policy shows.
    pub async fn set_privacy(
        &self,
        key: PrivacyKey,
        rules: &PrivacyRules,
    ) -> Result<Privacy, GuardError> {
        let mut op = Op::new("set-privacy", "me", Kind::Account);
        let n = rules.allow.len() + rules.deny.len();
        op.invalid =
            (n > MAX_USERS).then(|| format!("at most {MAX_USERS} exceptions per call, got {n}"));
        self.guarded(op, || async {
            self.visible_all(&rules.allow).await?;
            self.visible_all(&rules.deny).await?;
            self.backend.set_privacy(key, rules).await
        })
        .await
    }

    /// The account's sessions (a read: not audited).
    pub async fn list_sessions(&self) -> Result<Vec<SessionInfo>, GuardError> {
        Ok(self.backend.list_sessions().await?)
    }

    /// Ends another session. The one tgmcp runs on is refused: ending it
    /// would log this server out.
    pub async fn terminate_session(&self, hash: i64) -> Result<(), GuardError> {
        let op = Op::new("terminate-session", "me", Kind::Account);
        self.guarded(op, || async {
            let sessions = self.backend.list_sessions().await?;
            let current = sessions.iter().find(|s| s.current).map(|s| s.hash);
            if hash == 0 || current == Some(hash) {
                return Err(TelegramError::InvalidArgs(
                    "that is the session tgmcp itself runs on: ending it would log this server out. End it from a Telegram app (Settings > Devices) if you mean to".into(),
                ));
            }
            self.backend.terminate_session(hash).await
        })
        .await
    }
}
