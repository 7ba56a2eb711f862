//! Group administration beside the history: who is in each group and in
//! what role, default permissions, slow mode, exported invite links, join
//! requests, the admin log, forum topic states and the service messages
//! that created chats. Rights are kept in Telegram's own TL shapes.

use std::collections::HashMap;

use grammers_tl_types::{enums, types};

use crate::account::{Account, Peer};

/// A member's role; bans and restrictions keep their rights.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    Creator,
    Admin(types::ChatAdminRights),
    Member,
    /// Restricted, or banned when `view_messages` is set.
    Banned(types::ChatBannedRights),
}

/// One member of a group or channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub user: i64,
    pub role: Role,
    pub rank: Option<String>,
    pub date: i32,
    /// Who added, promoted or banned them.
    pub by: i64,
}

impl Member {
    /// Whether they are in the chat (restricted members are; banned ones are not).
    pub fn present(&self) -> bool {
        !matches!(&self.role, Role::Banned(r) if r.view_messages)
    }
}

/// An exported invite link.
#[derive(Clone, Debug, PartialEq)]
pub struct Invite {
    pub peer: Peer,
    /// The hash (`https://t.me/+<hash>`).
    pub hash: String,
    pub admin: i64,
    pub date: i32,
    pub title: Option<String>,
    pub expires: Option<i32>,
    pub usage_limit: Option<i32>,
    pub usage: i32,
    pub request_needed: bool,
    pub revoked: bool,
    pub permanent: bool,
}

impl Invite {
    pub fn link(&self) -> String {
        format!("https://t.me/+{}", self.hash)
    }
}

/// One admin-log entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEvent {
    pub id: i64,
    pub date: i32,
    pub user: i64,
    pub action: enums::ChannelAdminLogEventAction,
}

/// What an admin changed about a forum topic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TopicState {
    pub closed: bool,
    pub pinned: bool,
    pub hidden: bool,
}

/// The administration side tables (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct Groups {
    /// Members of chats whose list is known, in join order; other chats
    /// count the account and everyone who wrote there as plain members.
    pub members: HashMap<Peer, Vec<Member>>,
    pub default_rights: HashMap<Peer, types::ChatBannedRights>,
    pub slow_mode: HashMap<Peer, i32>,
    pub invites: Vec<Invite>,
    /// Pending join requests: (user, date).
    pub requests: HashMap<Peer, Vec<(i64, i32)>>,
    /// Admin log per chat, oldest first.
    pub log: HashMap<Peer, Vec<LogEvent>>,
    pub topics: HashMap<(Peer, i32), TopicState>,
    /// Service messages that created a chat: (peer, id) → (channel?, title).
    pub created: HashMap<(Peer, i32), (bool, String)>,
    pub next_id: i64,
    /// Photo ids of chats whose photo the account set.
    pub photos: HashMap<Peer, i64>,
    /// Switches changed from their defaults.
    pub switches: HashMap<Peer, Switches>,
}

/// A supergroup's or channel's switches (`set_chat_settings`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Switches {
    pub signatures: bool,
    pub history_hidden: bool,
    pub anti_spam: bool,
    pub join_requests: bool,
    /// `None`: Telegram's default (every reaction).
    pub reactions: Option<enums::ChatReactions>,
}

/// Every admin right (what a creator holds).
pub fn all_rights() -> types::ChatAdminRights {
    types::ChatAdminRights {
        change_info: true,
        post_messages: true,
        edit_messages: true,
        delete_messages: true,
        ban_users: true,
        invite_users: true,
        pin_messages: true,
        add_admins: true,
        anonymous: false,
        manage_call: true,
        other: true,
        manage_topics: true,
        post_stories: true,
        edit_stories: true,
        delete_stories: true,
        manage_direct_messages: false,
        manage_ranks: true,
        manage_linked_peers: false,
        manage_welcome_messages: false,
    }
}

/// A moderator: everything but adding admins and posting as the channel.
fn moderator() -> types::ChatAdminRights {
    types::ChatAdminRights {
        add_admins: false,
        post_messages: false,
        edit_messages: false,
        ..all_rights()
    }
}

impl Account {
    /// The members of a group or channel (see [`Groups::members`]).
    pub fn members_of(&self, peer: Peer) -> Vec<Member> {
        if let Some(list) = self.ext.groups.members.get(&peer) {
            return list.clone();
        }
        let date = self.chat_of(peer).map_or(0, |c| c.date);
        let mut ids = vec![self.me.id];
        for m in self.history(peer) {
            if !ids.contains(&m.from) {
                ids.push(m.from);
            }
        }
        ids.into_iter()
            .map(|user| Member {
                user,
                role: Role::Member,
                rank: None,
                date,
                by: user,
            })
            .collect()
    }

    /// The account's own membership, if it is in the chat.
    pub fn my_membership(&self, peer: Peer) -> Option<Member> {
        let me = self.me.id;
        self.members_of(peer).into_iter().find(|m| m.user == me)
    }

    /// Whether the account holds the admin right `right` in `peer`.
    pub fn may(&self, peer: Peer, right: fn(&types::ChatAdminRights) -> bool) -> bool {
        match self.my_membership(peer).map(|m| m.role) {
            Some(Role::Creator) => true,
            Some(Role::Admin(r)) => right(&r),
            _ => false,
        }
    }

    /// The member list of `peer`, made explicit so it can change.
    pub fn members_mut(&mut self, peer: Peer) -> &mut Vec<Member> {
        if !self.ext.groups.members.contains_key(&peer) {
            let list = self.members_of(peer);
            self.ext.groups.members.insert(peer, list);
        }
        self.ext.groups.members.entry(peer).or_default()
    }

    /// Adds an admin-log entry by the account.
    pub fn log_admin(&mut self, peer: Peer, action: enums::ChannelAdminLogEventAction) {
        let date = self.now();
        let g = &mut self.ext.groups;
        g.next_id += 1;
        let event = LogEvent {
            id: g.next_id,
            date,
            user: self.me.id,
            action,
        };
        g.log.entry(peer).or_default().push(event);
    }

    /// Who is in the demo's groups, in which role; a join request, an invite link.
    pub(crate) fn seed_groups(&mut self) {
        const ALICE: i64 = 200_000_001;
        const BOB: i64 = 200_000_002;
        const CAROL: i64 = 200_000_003;
        const SPAM: i64 = 200_000_005;
        let me = self.me.id;
        let member = |user, role, date| Member {
            user,
            role,
            rank: None,
            date,
            by: me,
        };
        let hikers = Peer::Chat(4_000_000_001);
        let rust = Peer::Channel(1_600_000_002);
        let forum = Peer::Channel(1_700_000_003);
        for (peer, owner) in [(hikers, me), (rust, me), (forum, ALICE)] {
            let date = self.chat_of(peer).map_or(0, |c| c.date);
            let mut list = vec![member(owner, Role::Creator, date)];
            for u in [me, ALICE, BOB, CAROL] {
                if u == owner {
                    continue;
                }
                let role = if peer == forum && u == me {
                    Role::Admin(moderator())
                } else {
                    Role::Member
                };
                list.push(member(u, role, date + 3_600));
            }
            self.ext.groups.members.insert(peer, list);
        }
        if let Some(m) = self
            .ext
            .groups
            .members
            .get_mut(&forum)
            .and_then(|l| l.iter_mut().find(|m| m.user == me))
        {
            m.rank = Some("Moderator".into());
        }
        let date = self.newest_date();
        self.ext.groups.requests.insert(rust, vec![(SPAM, date)]);
        for (hash, title, permanent) in [
            ("RustStudyGroup", None, true),
            ("RustStudyGuests", Some("Meetup guests"), false),
        ] {
            self.ext.invites.insert(hash.into(), rust);
            self.ext.groups.invites.push(Invite {
                peer: rust,
                hash: hash.into(),
                admin: me,
                date,
                title: title.map(Into::into),
                expires: None,
                usage_limit: None,
                usage: 0,
                request_needed: false,
                revoked: false,
                permanent,
            });
        }
    }
}
