//! [`AccountExt`] on grammers: contacts, blocking, spam reports and the
//! profile here; privacy rules, sessions and profile photos in `privacy.rs`.

use async_trait::async_trait;
use grammers_client::peer::User as GUser;
use grammers_client::tl::{enums, functions, types};

use super::convert::user_of;
use super::GrammersBackend;
use crate::telegram::account_ext::{
    ContactCard, ImportResult, Privacy, PrivacyKey, PrivacyRules, ProfileChanges, SessionInfo,
    MAX_IMPORT,
};
use crate::telegram::records::UserFull;
use crate::telegram::{AccountExt, ChatKind, TelegramError, User};

/// Users an `Updates` answer carries.
fn users_of(u: enums::Updates) -> Vec<enums::User> {
    match u {
        enums::Updates::Updates(x) => x.users,
        enums::Updates::Combined(x) => x.users,
        _ => Vec::new(),
    }
}

/// Telegram's answers about names and usernames, in words a user can act on.
fn profile_error(e: TelegramError, username: Option<&str>) -> TelegramError {
    let TelegramError::Rpc { ref name, .. } = e else {
        return e;
    };
    let at = username.unwrap_or_default().trim_start_matches('@');
    let msg = match name.as_str() {
        "FIRSTNAME_INVALID" => "the first name is empty or longer than 64 characters".into(),
        "LASTNAME_INVALID" => "the last name is longer than 64 characters".into(),
        "ABOUT_TOO_LONG" => "the bio is too long: at most 70 characters (140 with Premium)".into(),
        "USERNAME_OCCUPIED" => format!("the username @{at} is taken; choose another"),
        "USERNAME_INVALID" => format!("\"{at}\" is not a valid username: 5 to 32 letters, digits and underscores, starting with a letter"),
        "USERNAME_PURCHASE_AVAILABLE" => format!("the username @{at} is for sale on Fragment, not free to take"),
        "CONTACT_ID_INVALID" => "that user cannot be a contact (the account itself, or a deleted account)".into(),
        "CONTACT_NAME_EMPTY" => "the contact's first name is empty".into(),
        _ => return e,
    };
    TelegramError::InvalidArgs(msg)
}

impl GrammersBackend {
    /// A user (never the account itself) for a contact operation.
    async fn other_user(&self, input: &str) -> Result<super::peers::Known, TelegramError> {
        let k = self.user_ref(input).await?;
        if k.chat.kind == ChatKind::Saved {
            return Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is the account itself",
                input.trim()
            )));
        }
        Ok(k)
    }

    /// The user `id` among `users`, remembered (so its new name shows in lookups).
    async fn user_among(&self, users: Vec<enums::User>, id: i64) -> Result<User, TelegramError> {
        self.absorb(&users, &[]).await?;
        let client = self.link.client();
        users
            .into_iter()
            .map(|u| user_of(&GUser::from_raw(&client, u)))
            .find(|u| u.id == id)
            .ok_or_else(|| TelegramError::Other("Telegram's answer named no user".into()))
    }

    /// Forgets the cached account, so the next `get_me` reads the new profile.
    pub(super) fn forget_me(&self) {
        *self.me.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

#[async_trait]
impl AccountExt for GrammersBackend {
    async fn add_contact(
        &self,
        user: &str,
        first_name: &str,
        last_name: Option<&str>,
        share_phone: bool,
    ) -> Result<User, TelegramError> {
        let k = self.other_user(user).await?;
        let req = functions::contacts::AddContact {
            add_phone_privacy_exception: share_phone,
            id: (&k.peer).into(),
            first_name: first_name.trim().to_string(),
            last_name: last_name.unwrap_or_default().trim().to_string(),
            phone: String::new(),
            note: None,
        };
        let client = self.link.client();
        let r = Self::or_not_found(user, self.link.run(client.invoke(&req)).await)
            .map_err(|e| profile_error(e, None))?;
        self.user_among(users_of(r), k.chat.id).await
    }

    async fn delete_contacts(&self, users: &[String]) -> Result<u32, TelegramError> {
        let mut ids = Vec::new();
        for u in users {
            ids.push((&self.other_user(u).await?.peer).into());
        }
        let n = ids.len() as u32;
        let req = functions::contacts::DeleteContacts { id: ids };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await?;
        self.absorb(&users_of(r), &[]).await?;
        Ok(n)
    }

    async fn import_contacts(&self, cards: &[ContactCard]) -> Result<ImportResult, TelegramError> {
        self.link.check_fatal()?;
        if cards.is_empty() || cards.len() > MAX_IMPORT {
            return Err(TelegramError::InvalidArgs(format!(
                "give 1 to {MAX_IMPORT} contacts, got {}",
                cards.len()
            )));
        }
        let contacts = cards
            .iter()
            .enumerate()
            .map(|(i, c)| {
                types::InputPhoneContact {
                    client_id: i as i64,
                    phone: c.phone.trim().to_string(),
                    first_name: c.first_name.trim().to_string(),
                    last_name: c.last_name.clone().unwrap_or_default().trim().to_string(),
                    note: None,
                }
                .into()
            })
            .collect();
        let req = functions::contacts::ImportContacts { contacts };
        let client = self.link.client();
        let enums::contacts::ImportedContacts::Contacts(r) = self
            .link
            .run(client.invoke(&req))
            .await
            .map_err(|e| profile_error(e, None))?;
        self.absorb(&r.users, &[]).await?;
        let mut out = ImportResult::default();
        let mut done = vec![false; cards.len()];
        for c in &r.imported {
            let enums::ImportedContact::Contact(c) = c;
            if let Some(d) = usize::try_from(c.client_id)
                .ok()
                .and_then(|i| done.get_mut(i))
            {
                *d = true;
            }
            let raw = r.users.iter().find(|u| u.id() == c.user_id);
            if let Some(u) = raw {
                out.imported
                    .push(user_of(&GUser::from_raw(&client, u.clone())));
            }
        }
        out.not_found = cards
            .iter()
            .zip(done)
            .filter(|(_, d)| !d)
            .map(|(c, _)| c.phone.trim().to_string())
            .collect();
        Ok(out)
    }

    async fn set_blocked(&self, user: &str, blocked: bool) -> Result<(), TelegramError> {
        let k = self.other_user(user).await?;
        let client = self.link.client();
        let r = if blocked {
            let req = functions::contacts::Block {
                my_stories_from: false,
                id: k.peer.into(),
            };
            self.link.run(client.invoke(&req)).await
        } else {
            let req = functions::contacts::Unblock {
                my_stories_from: false,
                id: k.peer.into(),
            };
            self.link.run(client.invoke(&req)).await
        };
        Self::or_not_found(user, r).map(drop)
    }

    async fn report_spam(&self, chat: &str) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        if k.chat.kind == ChatKind::Saved {
            return Err(TelegramError::InvalidArgs(
                "Saved Messages cannot be reported".into(),
            ));
        }
        let req = functions::messages::ReportSpam {
            peer: k.peer.into(),
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    async fn update_profile(&self, changes: &ProfileChanges) -> Result<UserFull, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        // The username first: it is what most often fails, and then nothing changed.
        if let Some(name) = &changes.username {
            let name = name.trim().trim_start_matches('@');
            let req = functions::account::UpdateUsername {
                username: name.to_string(),
            };
            match self.link.run(client.invoke(&req)).await {
                Ok(_) => {}
                // Already the account's username: nothing to do.
                Err(TelegramError::Rpc { name: n, .. }) if n == "USERNAME_NOT_MODIFIED" => {}
                Err(e) => return Err(profile_error(e, Some(name))),
            }
        }
        let names = changes.first_name.is_some() || changes.last_name.is_some();
        if names || changes.about.is_some() {
            let req = functions::account::UpdateProfile {
                first_name: changes.first_name.as_ref().map(|s| s.trim().to_string()),
                last_name: changes.last_name.as_ref().map(|s| s.trim().to_string()),
                about: changes.about.as_ref().map(|s| s.trim().to_string()),
            };
            let r = self.link.run(client.invoke(&req)).await;
            self.forget_me();
            r.map_err(|e| profile_error(e, None))?;
        }
        self.forget_me();
        self.user_full("me").await
    }

    async fn delete_profile_photos(&self, ids: &[i64]) -> Result<Vec<i64>, TelegramError> {
        self.privacy_delete_photos(ids).await
    }

    async fn get_privacy(&self, key: PrivacyKey) -> Result<Privacy, TelegramError> {
        self.privacy_get(key).await
    }

    async fn set_privacy(
        &self,
        key: PrivacyKey,
        rules: &PrivacyRules,
    ) -> Result<Privacy, TelegramError> {
        self.privacy_set(key, rules).await
    }

    async fn list_sessions(&self) -> Result<Vec<SessionInfo>, TelegramError> {
        self.sessions().await
    }

    async fn terminate_session(&self, hash: i64) -> Result<(), TelegramError> {
        self.end_session(hash).await
    }
}
