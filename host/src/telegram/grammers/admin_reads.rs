//! The admin-side reads of [`crate::telegram::AdminExt`]: members, invite
//! links and the admin log, each paged with an opaque cursor.

use std::collections::HashMap;

use grammers_client::peer::User as GUser;
use grammers_client::session::types::PeerKind;
use grammers_client::tl::{enums, functions};
use serde::{Deserialize, Serialize};

use super::admin_convert::{channel_member, chat_member, invite_of, log_event, Member};
use super::convert::user_of;
use super::people::tl_limit;
use super::GrammersBackend;
use crate::telegram::admin_ext::{
    AdminLogEvent, InviteLink, MemberRole, Participant, ParticipantFilter, Participants,
};
use crate::telegram::records::{cursor, Page, PageRequest};
use crate::telegram::{TelegramError, User};

/// Where a page of join requests resumes: the last request read.
#[derive(Serialize, Deserialize)]
struct RequestCursor {
    date: i32,
    user: i64,
}

/// Where an invite-link page resumes.
#[derive(Serialize, Deserialize)]
struct LinkCursor {
    date: i32,
    link: String,
}

fn matches(u: &User, q: &str) -> bool {
    let q = q.to_lowercase();
    let name = format!("{} {}", u.first_name, u.last_name.as_deref().unwrap_or(""));
    name.to_lowercase().contains(&q)
        || u.username
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains(&q))
}

impl GrammersBackend {
    /// Users of a response by id, as records (and remembered for later lookups).
    async fn user_records(
        &self,
        users: &[enums::User],
    ) -> Result<HashMap<i64, User>, TelegramError> {
        self.absorb(users, &[]).await?;
        let client = self.link.client();
        Ok(users
            .iter()
            .map(|u| user_of(&GUser::from_raw(&client, u.clone())))
            .map(|u| (u.id, u))
            .collect())
    }

    fn participant(m: Member, users: &HashMap<i64, User>) -> Option<Participant> {
        Some(Participant {
            user: users.get(&m.user_id)?.clone(),
            role: m.role,
            rank: m.rank,
            date: m.date,
            admin_rights: m.admin_rights,
            permissions: m.permissions,
            until: m.until,
        })
    }

    pub(super) async fn participants(
        &self,
        chat: &str,
        filter: ParticipantFilter,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Participants, TelegramError> {
        if filter == ParticipantFilter::Requests {
            return self.join_requests(chat, query, page).await;
        }
        let offset: i32 =
            cursor::decode_opt("participants", page.cursor.as_deref())?.unwrap_or_default();
        let query = query.map(str::trim).filter(|q| !q.is_empty());
        let k = self.group(chat).await?;
        let limit = tl_limit(page.limit);
        let client = self.link.client();
        if k.peer.id.kind() != PeerKind::Channel {
            return self
                .group_members(chat, &k, filter, query, offset, limit)
                .await;
        }
        let q = query.unwrap_or("").to_string();
        use enums::ChannelParticipantsFilter as F;
        let tl_filter = match filter {
            ParticipantFilter::All if query.is_some() => F::ChannelParticipantsSearch(
                grammers_client::tl::types::ChannelParticipantsSearch { q },
            ),
            ParticipantFilter::All => F::ChannelParticipantsRecent,
            ParticipantFilter::Admins => F::ChannelParticipantsAdmins,
            ParticipantFilter::Bots => F::ChannelParticipantsBots,
            ParticipantFilter::Banned => F::ChannelParticipantsKicked(
                grammers_client::tl::types::ChannelParticipantsKicked { q },
            ),
            // Answered above (another TL method).
            ParticipantFilter::Requests => F::ChannelParticipantsRecent,
            ParticipantFilter::Restricted => F::ChannelParticipantsBanned(
                grammers_client::tl::types::ChannelParticipantsBanned { q },
            ),
        };
        let req = functions::channels::GetParticipants {
            channel: (&k.peer).into(),
            filter: tl_filter,
            offset,
            limit,
            hash: 0,
        };
        let r = Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::channels::ChannelParticipants::Participants(r) = r else {
            return Ok(Participants {
                page: Page::last(Vec::new()),
                total: 0,
            });
        };
        let users = self.user_records(&r.users).await?;
        let got = r.participants.len() as i32;
        // Admins and bots come unfiltered by name: filter here.
        let items: Vec<Participant> = r
            .participants
            .iter()
            .filter_map(channel_member)
            .filter_map(|m| Self::participant(m, &users))
            .filter(|p| query.is_none_or(|q| matches(&p.user, q)))
            .collect();
        let total = u32::try_from(r.count).unwrap_or(0);
        let next = offset + got;
        let more = got == limit && next < r.count;
        Ok(Participants {
            page: Page {
                items,
                next_cursor: more.then(|| cursor::encode("participants", &next)),
            },
            total,
        })
    }

    /// A basic group's members: Telegram gives them all at once; filtered and paged here.
    async fn group_members(
        &self,
        chat: &str,
        k: &super::peers::Known,
        filter: ParticipantFilter,
        query: Option<&str>,
        offset: i32,
        limit: i32,
    ) -> Result<Participants, TelegramError> {
        let req = functions::messages::GetFullChat {
            chat_id: k.peer.id.bare_id().unwrap_or_default(),
        };
        let client = self.link.client();
        let enums::messages::ChatFull::Full(r) =
            Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let users = self.user_records(&r.users).await?;
        let list = match &r.full_chat {
            enums::ChatFull::Full(f) => match &f.participants {
                enums::ChatParticipants::Participants(p) => p.participants.clone(),
                enums::ChatParticipants::Forbidden(_) => Vec::new(),
            },
            _ => Vec::new(),
        };
        let all: Vec<Participant> = list
            .iter()
            .map(chat_member)
            .filter_map(|m| Self::participant(m, &users))
            .filter(|p| match filter {
                ParticipantFilter::All => true,
                ParticipantFilter::Admins => {
                    matches!(p.role, MemberRole::Admin | MemberRole::Creator)
                }
                ParticipantFilter::Bots => p.user.is_bot,
                // Basic groups keep no ban or restriction lists.
                ParticipantFilter::Banned
                | ParticipantFilter::Restricted
                | ParticipantFilter::Requests => false,
            })
            .filter(|p| query.is_none_or(|q| matches(&p.user, q)))
            .collect();
        let total = all.len() as u32;
        let start = offset.max(0) as usize;
        let items: Vec<Participant> = all.into_iter().skip(start).take(limit as usize).collect();
        let next = start + items.len();
        Ok(Participants {
            page: Page {
                next_cursor: (next < total as usize)
                    .then(|| cursor::encode("participants", &(next as i32))),
                items,
            },
            total,
        })
    }

    /// Pending requests to join, newest first.
    async fn join_requests(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Participants, TelegramError> {
        let at: Option<RequestCursor> =
            cursor::decode_opt("join-requests", page.cursor.as_deref())?;
        let k = self.group(chat).await?;
        let limit = tl_limit(page.limit);
        let offset_user = match &at {
            Some(c) => match self.input_peer_of(c.user).await {
                enums::InputPeer::User(u) => grammers_client::tl::types::InputUser {
                    user_id: u.user_id,
                    access_hash: u.access_hash,
                }
                .into(),
                _ => enums::InputUser::Empty,
            },
            None => enums::InputUser::Empty,
        };
        let req = functions::messages::GetChatInviteImporters {
            requested: true,
            subscription_expired: false,
            peer: (&k.peer).into(),
            link: None,
            q: query.map(str::to_string),
            offset_date: at.as_ref().map_or(0, |c| c.date),
            offset_user,
            limit,
        };
        let client = self.link.client();
        let enums::messages::ChatInviteImporters::Importers(r) =
            Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
        let users = self.user_records(&r.users).await?;
        let mut last = None;
        let items: Vec<Participant> = r
            .importers
            .iter()
            .filter_map(|i| {
                let enums::ChatInviteImporter::Importer(i) = i;
                last = Some(RequestCursor {
                    date: i.date,
                    user: i.user_id,
                });
                Some(Participant {
                    user: users.get(&i.user_id)?.clone(),
                    role: MemberRole::Requested,
                    rank: None,
                    date: Some(i64::from(i.date)),
                    admin_rights: None,
                    permissions: None,
                    until: None,
                })
            })
            .collect();
        let full = r.importers.len() == limit as usize;
        Ok(Participants {
            page: Page {
                items,
                next_cursor: last
                    .filter(|_| full)
                    .map(|c| cursor::encode("join-requests", &c)),
            },
            total: u32::try_from(r.count).unwrap_or(0),
        })
    }

    pub(super) async fn invite_links(
        &self,
        chat: &str,
        revoked: bool,
        page: &PageRequest,
    ) -> Result<Page<InviteLink>, TelegramError> {
        let at: Option<LinkCursor> = cursor::decode_opt("invite-links", page.cursor.as_deref())?;
        let k = self.group(chat).await?;
        let limit = tl_limit(page.limit);
        let req = functions::messages::GetExportedChatInvites {
            revoked,
            peer: (&k.peer).into(),
            admin_id: enums::InputUser::UserSelf,
            offset_date: at.as_ref().map(|c| c.date),
            offset_link: at.map(|c| c.link),
            limit,
        };
        let client = self.link.client();
        let enums::messages::ExportedChatInvites::Invites(r) =
            Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
        let items: Vec<InviteLink> = r.invites.iter().filter_map(invite_of).collect();
        let more = r.invites.len() == limit as usize && (r.count as usize) > items.len();
        let next = items.last().filter(|_| more).map(|l| {
            let c = LinkCursor {
                date: l.date as i32,
                link: l.link.clone(),
            };
            cursor::encode("invite-links", &c)
        });
        Ok(Page {
            items,
            next_cursor: next,
        })
    }

    pub(super) async fn admin_log(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<AdminLogEvent>, TelegramError> {
        let max_id: i64 = cursor::decode_opt("admin-log", page.cursor.as_deref())?.unwrap_or(0);
        let k = self.channel(chat, "admin log").await?;
        let limit = tl_limit(page.limit);
        let req = functions::channels::GetAdminLog {
            channel: (&k.peer).into(),
            q: query.map(str::trim).unwrap_or("").to_string(),
            events_filter: None,
            admins: None,
            max_id,
            min_id: 0,
            limit,
        };
        let client = self.link.client();
        let enums::channels::AdminLogResults::Results(r) =
            Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
        let (names, _) = self.absorb(&r.users, &r.chats).await?;
        let items: Vec<AdminLogEvent> = r.events.iter().map(|e| log_event(e, &names)).collect();
        let next = items
            .last()
            .filter(|_| items.len() == limit as usize)
            .map(|e| cursor::encode("admin-log", &e.id));
        Ok(Page {
            items,
            next_cursor: next,
        })
    }
}
