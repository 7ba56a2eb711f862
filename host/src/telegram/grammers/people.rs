//! Users and contacts: profiles, common chats, the contact and block lists.

use grammers_client::peer::{Peer, User as GUser};
use grammers_client::tl::{enums, functions, types};

use super::convert::{chat_url, user_of, Names};
use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::read_ext::ChatVisible;
use crate::telegram::records::{cursor, Page, PageRequest, Presence, UserFull};
use crate::telegram::{untrusted, Chat, ChatKind, TelegramError, User};

/// Most contacts or chats asked of Telegram per request.
const PAGE_MAX: u32 = 100;

/// A page size as Telegram takes it.
pub(super) fn tl_limit(limit: u32) -> i32 {
    limit.clamp(1, PAGE_MAX) as i32
}

fn presence(s: Option<&enums::UserStatus>) -> (Presence, Option<i64>) {
    match s {
        Some(enums::UserStatus::Online(_)) => (Presence::Online, None),
        Some(enums::UserStatus::Offline(o)) => (Presence::Offline, Some(i64::from(o.was_online))),
        Some(enums::UserStatus::Recently(_)) => (Presence::Recently, None),
        Some(enums::UserStatus::LastWeek(_)) => (Presence::LastWeek, None),
        Some(enums::UserStatus::LastMonth(_)) => (Presence::LastMonth, None),
        _ => (Presence::Unknown, None),
    }
}

impl GrammersBackend {
    /// Turns a response's users and chats into peers the backend remembers
    /// (and the session caches, so their ids work after a restart), and the
    /// names messages need.
    pub(super) async fn absorb(
        &self,
        users: &[enums::User],
        chats: &[enums::Chat],
    ) -> Result<(Names, Vec<Known>), TelegramError> {
        let client = self.link.client();
        let mut known = Vec::new();
        let peers = users
            .iter()
            .map(|u| Peer::User(GUser::from_raw(&client, u.clone())))
            .chain(chats.iter().map(|c| Peer::from_raw(&client, c.clone())));
        let mut infos = Vec::new();
        for p in peers {
            let info = grammers_client::session::types::PeerInfo::from(&p);
            if info.auth().is_some() {
                infos.push(info);
            }
            if let Some(k) = self.remember(&p).await? {
                known.push(k);
            }
        }
        use grammers_client::session::Session as _;
        if let Err(e) = self.link.session().cache_peers(infos).await {
            tracing::debug!(error = %e, "could not cache peers in the session");
        }
        Ok((Names::from_raw(users, chats), known))
    }

    /// A chat that must be a user (Saved Messages is the account itself).
    pub(super) async fn user_ref(&self, input: &str) -> Result<Known, TelegramError> {
        let k = self.resolve(input).await?;
        match k.chat.kind {
            ChatKind::User | ChatKind::Bot | ChatKind::Saved => Ok(k),
            _ => Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is a {}, not a user",
                input.trim(),
                serde_json::to_value(k.chat.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            ))),
        }
    }

    pub(super) async fn user_full(&self, input: &str) -> Result<UserFull, TelegramError> {
        let k = self.user_ref(input).await?;
        let client = self.link.client();
        let req = functions::users::GetFullUser {
            id: (&k.peer).into(),
        };
        let enums::users::UserFull::Full(full) =
            Self::or_not_found(input, self.link.run(client.invoke(&req)).await)?;
        self.absorb(&full.users, &full.chats).await?;
        let enums::UserFull::Full(f) = &full.full_user;
        let raw = full.users.iter().find_map(|u| match u {
            enums::User::User(u) if u.id == f.id => Some(u),
            _ => None,
        });
        let user = match raw {
            Some(u) => user_of(&GUser::from_raw(&client, enums::User::User(u.clone()))),
            None => {
                return Err(TelegramError::ChatNotFound(
                    input.trim().to_string(),
                    Default::default(),
                ))
            }
        };
        let (presence, last_seen) = presence(raw.and_then(|u| u.status.as_ref()));
        let bot_description = match &f.bot_info {
            Some(enums::BotInfo::Info(b)) => b
                .description
                .as_deref()
                .map(untrusted::text)
                .filter(|d| !d.is_empty()),
            None => None,
        };
        let mut history = client.iter_messages(k.peer).limit(1);
        let last_interaction = self
            .link
            .run(history.next())
            .await?
            .map(|m| m.date().as_second());
        Ok(UserFull {
            url: chat_url(ChatKind::User, user.username.as_deref()),
            is_contact: raw.is_some_and(|u| u.contact),
            user,
            about: f
                .about
                .as_deref()
                .map(untrusted::text)
                .filter(|a| !a.is_empty()),
            presence,
            last_seen,
            common_chats: u32::try_from(f.common_chats_count).unwrap_or(0),
            bot_description,
            last_interaction,
            blocked: f.blocked,
        })
    }

    pub(super) async fn common_chats(
        &self,
        input: &str,
        page: &PageRequest,
        visible: &ChatVisible,
    ) -> Result<Page<Chat>, TelegramError> {
        let max_id: i64 = cursor::decode_opt("common_chats", page.cursor.as_deref())?.unwrap_or(0);
        let k = self.user_ref(input).await?;
        let limit = tl_limit(page.limit);
        let req = functions::messages::GetCommonChats {
            user_id: (&k.peer).into(),
            max_id,
            limit,
        };
        let client = self.link.client();
        let chats = match Self::or_not_found(input, self.link.run(client.invoke(&req)).await)? {
            enums::messages::Chats::Chats(c) => c.chats,
            enums::messages::Chats::Slice(c) => c.chats,
        };
        let last = chats.last().map(|c| c.id());
        let full = chats.len() == limit as usize;
        let (_, known) = self.absorb(&[], &chats).await?;
        Ok(Page {
            items: known
                .into_iter()
                .map(|k| k.chat)
                .filter(|c| visible(c))
                .collect(),
            next_cursor: last
                .filter(|_| full)
                .map(|id| cursor::encode("common_chats", &id)),
        })
    }

    /// Every contact, sorted by name then id (a stable order for paging).
    pub(super) async fn contacts(&self) -> Result<Vec<User>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let req = functions::contacts::GetContacts { hash: 0 };
        let users = match self.link.run(client.invoke(&req)).await? {
            enums::contacts::Contacts::Contacts(c) => c.users,
            // Only sent for a non-zero hash.
            enums::contacts::Contacts::NotModified => Vec::new(),
        };
        self.absorb(&users, &[]).await?;
        let mut out: Vec<User> = users
            .into_iter()
            .filter(|u| matches!(u, enums::User::User(_)))
            .map(|u| user_of(&GUser::from_raw(&client, u)))
            .collect();
        out.sort_by_cached_key(|u| {
            (
                u.first_name.to_lowercase(),
                u.last_name.as_deref().unwrap_or_default().to_lowercase(),
                u.id,
            )
        });
        Ok(out)
    }

    pub(super) async fn list_contacts(
        &self,
        page: &PageRequest,
    ) -> Result<Page<User>, TelegramError> {
        let offset: usize = cursor::decode_opt("contacts", page.cursor.as_deref())?.unwrap_or(0);
        let all = self.contacts().await?;
        let end = offset.saturating_add(page.limit.max(1) as usize);
        let items: Vec<User> = all
            .iter()
            .skip(offset)
            .take(end - offset)
            .cloned()
            .collect();
        Ok(Page {
            items,
            next_cursor: (end < all.len()).then(|| cursor::encode("contacts", &end)),
        })
    }

    pub(super) async fn search_contacts(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<User>, TelegramError> {
        let q = query.trim().trim_start_matches('@').to_lowercase();
        if q.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the search query is empty".into(),
            ));
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let hit = |u: &User| {
            let name = format!("{} {}", u.first_name, u.last_name.as_deref().unwrap_or(""));
            name.to_lowercase().contains(&q)
                || u.username
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(&q))
                || (digits.len() >= 3
                    && digits.len() == q.trim_start_matches('+').len()
                    && u.phone.as_deref().is_some_and(|p| p.contains(&digits)))
        };
        Ok(self
            .contacts()
            .await?
            .into_iter()
            .filter(hit)
            .take(limit.max(1) as usize)
            .collect())
    }

    pub(super) async fn list_blocked(
        &self,
        page: &PageRequest,
    ) -> Result<Page<User>, TelegramError> {
        let offset: i32 = cursor::decode_opt("blocked", page.cursor.as_deref())?.unwrap_or(0);
        self.link.check_fatal()?;
        let limit = tl_limit(page.limit);
        let req = functions::contacts::GetBlocked {
            my_stories_from: false,
            offset,
            limit,
        };
        let client = self.link.client();
        let (blocked, users, chats, count) = match self.link.run(client.invoke(&req)).await? {
            enums::contacts::Blocked::Blocked(b) => {
                let n = b.blocked.len();
                (b.blocked, b.users, b.chats, offset as usize + n)
            }
            enums::contacts::Blocked::Slice(b) => {
                (b.blocked, b.users, b.chats, b.count.max(0) as usize)
            }
        };
        self.absorb(&users, &chats).await?;
        let items: Vec<User> = blocked
            .iter()
            .filter_map(|b| {
                let enums::PeerBlocked::Blocked(types::PeerBlocked { peer_id, .. }) = b;
                let enums::Peer::User(p) = peer_id else {
                    return None;
                };
                users.iter().find(|u| u.id() == p.user_id).cloned()
            })
            .map(|u| user_of(&GUser::from_raw(&client, u)))
            .collect();
        let next = offset as usize + blocked.len();
        Ok(Page {
            items,
            next_cursor: (!blocked.is_empty() && next < count)
                .then(|| cursor::encode("blocked", &next)),
        })
    }
}
