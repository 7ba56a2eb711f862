//! Administration on grammers: creating groups and channels, members,
//! rights and titles here; invite links and forum topics in
//! `admin_topics.rs`; the admin reads in `admin_reads.rs`; the
//! [`crate::telegram::AdminExt`] wiring in `admin_ext.rs`.

use grammers_client::session::types::PeerKind;
use grammers_client::tl::{self, enums, functions};

use super::admin_convert::{tl_admin_rights, tl_ban, tl_unbanned};
use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::admin_ext::{AdminRights, Invited, MAX_INVITEES};
use crate::telegram::{Chat, ChatKind, TelegramError};

/// RPC errors that mean the account lacks the admin right a call needs.
const NOT_ADMIN: &[&str] = &[
    "CHAT_ADMIN_REQUIRED",
    "RIGHT_FORBIDDEN",
    "CHAT_WRITE_FORBIDDEN",
    "ADMIN_RIGHTS_EMPTY",
];

/// Chats an `Updates` answer carries.
pub(super) fn updated_chats(u: &enums::Updates) -> &[enums::Chat] {
    match u {
        enums::Updates::Updates(x) => &x.chats,
        enums::Updates::Combined(x) => &x.chats,
        _ => &[],
    }
}

pub(super) fn until_tl(until: Option<i64>) -> Result<i32, TelegramError> {
    match until {
        None => Ok(0),
        Some(t) if t > 0 => Ok(t.min(i64::from(i32::MAX)) as i32),
        Some(t) => Err(TelegramError::InvalidArgs(format!(
            "until must be a Unix time in the future, not {t}"
        ))),
    }
}

fn basic_group_refuses(chat: &str, what: &str) -> TelegramError {
    TelegramError::InvalidArgs(format!(
        "\"{}\" is a basic group: it has no {what}; kick_user removes a member (a supergroup has bans and restrictions)",
        chat.trim()
    ))
}

impl GrammersBackend {
    /// Maps the answers of an admin call to sentences a user can act on.
    pub(super) fn admin_result<T>(
        chat: &str,
        r: Result<T, TelegramError>,
    ) -> Result<T, TelegramError> {
        match Self::or_not_found(chat, r) {
            Err(TelegramError::Rpc { name, .. }) if NOT_ADMIN.contains(&name.as_str()) => {
                Err(TelegramError::Other(format!(
                    "the account is not an admin of \"{}\" with the right this needs (Telegram: {name})",
                    chat.trim()
                )))
            }
            Err(TelegramError::Rpc { name, .. }) if name == "USER_ADMIN_INVALID" => {
                Err(TelegramError::Other(format!(
                    "only the admin who promoted that user, or the creator of \"{}\", may change them (Telegram: {name})",
                    chat.trim()
                )))
            }
            Err(TelegramError::Rpc { name, .. }) if name == "USER_NOT_PARTICIPANT" => {
                Err(TelegramError::NotFound(format!(
                    "that user is not a member of \"{}\" (Telegram: {name})",
                    chat.trim()
                )))
            }
            other => other,
        }
    }

    /// Like [`Self::admin_result`] for a change: "nothing changed" is success.
    pub(super) fn admin_change<T>(
        chat: &str,
        r: Result<T, TelegramError>,
    ) -> Result<(), TelegramError> {
        match Self::admin_result(chat, r) {
            Err(TelegramError::Rpc { name, .. }) if name.ends_with("_NOT_MODIFIED") => Ok(()),
            other => other.map(drop),
        }
    }

    /// A group or channel as a user wrote it; a private chat is an invalid argument.
    pub(super) async fn group(&self, chat: &str) -> Result<Known, TelegramError> {
        let k = self.resolve(chat).await?;
        match k.chat.kind {
            ChatKind::Group | ChatKind::Supergroup | ChatKind::Channel => Ok(k),
            _ => Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is a private chat, not a group or channel",
                chat.trim()
            ))),
        }
    }

    /// A supergroup or channel (not a basic group).
    pub(super) async fn channel(&self, chat: &str, what: &str) -> Result<Known, TelegramError> {
        let k = self.group(chat).await?;
        if k.peer.id.kind() != PeerKind::Channel {
            return Err(basic_group_refuses(chat, what));
        }
        Ok(k)
    }

    async fn users(&self, users: &[String]) -> Result<Vec<Known>, TelegramError> {
        if users.len() > MAX_INVITEES {
            return Err(TelegramError::InvalidArgs(format!(
                "at most {MAX_INVITEES} users per call, got {}",
                users.len()
            )));
        }
        let mut out = Vec::with_capacity(users.len());
        for u in users {
            out.push(self.user_ref(u).await?);
        }
        Ok(out)
    }

    /// The group or channel an answer created or changed, remembered.
    pub(super) async fn chat_in(
        &self,
        u: &enums::Updates,
        want: i64,
    ) -> Result<Chat, TelegramError> {
        let (_, known) = self.absorb(&[], updated_chats(u)).await?;
        known
            .into_iter()
            .find(|k| want == 0 || k.chat.id == want)
            .map(|k| k.chat)
            .ok_or_else(|| TelegramError::Other("Telegram's answer named no chat".into()))
    }

    pub(super) async fn create_group_tl(
        &self,
        title: &str,
        users: &[String],
    ) -> Result<Chat, TelegramError> {
        let title = nonempty_title(title)?;
        let members = self.users(users).await?;
        let req = functions::messages::CreateChat {
            users: members.iter().map(|k| (&k.peer).into()).collect(),
            title,
            ttl_period: None,
        };
        let client = self.link.client();
        let enums::messages::InvitedUsers::Users(r) = self.link.run(client.invoke(&req)).await?;
        self.chat_in(&r.updates, 0).await
    }

    pub(super) async fn create_channel_tl(
        &self,
        title: &str,
        about: &str,
        megagroup: bool,
        forum: bool,
    ) -> Result<Chat, TelegramError> {
        if forum && !megagroup {
            return Err(TelegramError::InvalidArgs(
                "a forum is a supergroup: a broadcast channel has no topics".into(),
            ));
        }
        let req = functions::channels::CreateChannel {
            broadcast: !megagroup,
            megagroup,
            for_import: false,
            forum,
            title: nonempty_title(title)?,
            about: about.trim().to_string(),
            geo_point: None,
            address: None,
            ttl_period: None,
        };
        let client = self.link.client();
        let u = self.link.run(client.invoke(&req)).await?;
        self.chat_in(&u, 0).await
    }

    pub(super) async fn invite_tl(
        &self,
        chat: &str,
        users: &[String],
    ) -> Result<Invited, TelegramError> {
        if users.is_empty() {
            return Err(TelegramError::InvalidArgs("no users to invite".into()));
        }
        let k = self.group(chat).await?;
        let members = self.users(users).await?;
        let client = self.link.client();
        let mut refused = Vec::new();
        if k.peer.id.kind() == PeerKind::Channel {
            let req = functions::channels::InviteToChannel {
                channel: (&k.peer).into(),
                users: members.iter().map(|u| (&u.peer).into()).collect(),
            };
            let r = Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
            let enums::messages::InvitedUsers::Users(r) = r;
            refused.extend(r.missing_invitees.iter().map(|m| {
                let enums::MissingInvitee::Invitee(m) = m;
                m.user_id
            }));
        } else {
            for u in &members {
                let req = functions::messages::AddChatUser {
                    chat_id: k.peer.id.bare_id().unwrap_or_default(),
                    user_id: (&u.peer).into(),
                    fwd_limit: 100,
                };
                match self.link.run(client.invoke(&req)).await {
                    Ok(enums::messages::InvitedUsers::Users(r)) => {
                        if !r.missing_invitees.is_empty() {
                            refused.push(u.chat.id);
                        }
                    }
                    // Already there is what the caller wanted.
                    Err(TelegramError::Rpc { name, .. }) if name == "USER_ALREADY_PARTICIPANT" => {}
                    Err(TelegramError::Rpc { name, .. }) if name == "USER_PRIVACY_RESTRICTED" => {
                        refused.push(u.chat.id)
                    }
                    Err(e) => return Self::admin_result(chat, Err(e)),
                }
            }
        }
        let added = members
            .iter()
            .map(|u| u.chat.id)
            .filter(|id| !refused.contains(id))
            .collect();
        Ok(Invited { added, refused })
    }

    /// Sets a member's banned rights in a supergroup or channel.
    pub(super) async fn edit_banned(
        &self,
        chat: &str,
        k: &Known,
        user: &Known,
        rights: tl::types::ChatBannedRights,
    ) -> Result<(), TelegramError> {
        let req = functions::channels::EditBanned {
            channel: (&k.peer).into(),
            participant: (&user.peer).into(),
            banned_rights: rights.into(),
        };
        let client = self.link.client();
        Self::admin_change(chat, self.link.run(client.invoke(&req)).await)
    }

    pub(super) async fn kick_tl(&self, chat: &str, user: &str) -> Result<(), TelegramError> {
        let k = self.group(chat).await?;
        let u = self.user_ref(user).await?;
        if k.peer.id.kind() == PeerKind::Channel {
            // What Telegram's apps do: ban, then lift the ban so they may rejoin.
            self.edit_banned(chat, &k, &u, tl_ban(0)).await?;
            return self.edit_banned(chat, &k, &u, tl_unbanned()).await;
        }
        let req = functions::messages::DeleteChatUser {
            revoke_history: false,
            chat_id: k.peer.id.bare_id().unwrap_or_default(),
            user_id: (&u.peer).into(),
        };
        let client = self.link.client();
        Self::admin_change(chat, self.link.run(client.invoke(&req)).await)
    }

    pub(super) async fn admin_tl(
        &self,
        chat: &str,
        user: &str,
        rights: Option<AdminRights>,
        rank: Option<&str>,
    ) -> Result<(), TelegramError> {
        let k = self.group(chat).await?;
        let u = self.user_ref(user).await?;
        let client = self.link.client();
        let rights = rights.filter(|r| *r != AdminRights::default());
        if k.peer.id.kind() == PeerKind::Channel {
            let req = functions::channels::EditAdmin {
                channel: (&k.peer).into(),
                user_id: (&u.peer).into(),
                admin_rights: tl_admin_rights(rights).into(),
                rank: rank.map(|r| r.trim().to_string()),
            };
            return Self::admin_change(chat, self.link.run(client.invoke(&req)).await);
        }
        // Basic groups know only "admin or not".
        let req = functions::messages::EditChatAdmin {
            chat_id: k.peer.id.bare_id().unwrap_or_default(),
            user_id: (&u.peer).into(),
            is_admin: rights.is_some(),
        };
        Self::admin_change(chat, self.link.run(client.invoke(&req)).await)
    }

    pub(super) async fn edit_chat_tl(
        &self,
        chat: &str,
        title: Option<&str>,
        about: Option<&str>,
    ) -> Result<Chat, TelegramError> {
        if title.is_none() && about.is_none() {
            return Err(TelegramError::InvalidArgs(
                "nothing to change: give a title, an about text, or both".into(),
            ));
        }
        let k = self.group(chat).await?;
        let client = self.link.client();
        let mut now = k.chat.clone();
        if let Some(t) = title {
            let title = nonempty_title(t)?;
            let r = if k.peer.id.kind() == PeerKind::Channel {
                let req = functions::channels::EditTitle {
                    channel: (&k.peer).into(),
                    title,
                };
                self.link.run(client.invoke(&req)).await
            } else {
                let req = functions::messages::EditChatTitle {
                    chat_id: k.peer.id.bare_id().unwrap_or_default(),
                    title,
                };
                self.link.run(client.invoke(&req)).await
            };
            match Self::admin_result(chat, r) {
                Ok(u) => now = self.chat_in(&u, k.chat.id).await.unwrap_or(now),
                Err(TelegramError::Rpc { name, .. }) if name == "CHAT_NOT_MODIFIED" => {}
                Err(e) => return Err(e),
            }
        }
        if let Some(a) = about {
            let req = functions::messages::EditChatAbout {
                peer: (&k.peer).into(),
                about: a.trim().to_string(),
            };
            Self::admin_change(chat, self.link.run(client.invoke(&req)).await)?;
        }
        Ok(now)
    }
}

fn nonempty_title(t: &str) -> Result<String, TelegramError> {
    let t = t.trim();
    if t.is_empty() {
        return Err(TelegramError::InvalidArgs("the title is empty".into()));
    }
    Ok(t.to_string())
}
