//! TL shapes of the admin records: rights both ways, members, invite links
//! and admin-log entries in words.

use grammers_client::tl::{enums, types};

use super::convert::Names;
use crate::telegram::admin_ext::{
    AdminLogEvent, AdminRights, ChatPermissions, InviteLink, MemberRole,
};
use crate::telegram::untrusted;

/// Admin rights as Telegram takes them (`None`: none, which demotes).
pub(super) fn tl_admin_rights(r: Option<AdminRights>) -> types::ChatAdminRights {
    let r = r.unwrap_or_default();
    types::ChatAdminRights {
        change_info: r.change_info,
        post_messages: r.post_messages,
        edit_messages: r.edit_messages,
        delete_messages: r.delete_messages,
        ban_users: r.ban_users,
        invite_users: r.invite_users,
        pin_messages: r.pin_messages,
        add_admins: r.add_admins,
        anonymous: r.anonymous,
        manage_call: r.manage_call,
        // "Other" (manage the chat) comes with any admin role in Telegram's apps.
        other: r != AdminRights::default(),
        manage_topics: r.manage_topics,
        post_stories: false,
        edit_stories: false,
        delete_stories: false,
        manage_direct_messages: false,
        manage_ranks: false,
        manage_linked_peers: false,
        manage_welcome_messages: false,
    }
}

pub(super) fn admin_rights_of(r: &enums::ChatAdminRights) -> AdminRights {
    let enums::ChatAdminRights::Rights(r) = r;
    AdminRights {
        change_info: r.change_info,
        post_messages: r.post_messages,
        edit_messages: r.edit_messages,
        delete_messages: r.delete_messages,
        ban_users: r.ban_users,
        invite_users: r.invite_users,
        pin_messages: r.pin_messages,
        manage_topics: r.manage_topics,
        add_admins: r.add_admins,
        manage_call: r.manage_call,
        anonymous: r.anonymous,
    }
}

/// Banned rights (what is forbidden) from permissions (what is allowed).
pub(super) fn tl_banned_rights(p: &ChatPermissions, until: i32) -> types::ChatBannedRights {
    let media = !p.send_media;
    types::ChatBannedRights {
        view_messages: false,
        send_messages: !p.send_messages,
        send_media: media,
        send_stickers: media,
        send_gifs: media,
        send_games: media,
        send_inline: media,
        embed_links: !p.embed_links,
        send_polls: !p.send_polls,
        change_info: !p.change_info,
        invite_users: !p.invite_users,
        pin_messages: !p.pin_messages,
        manage_topics: !p.manage_topics,
        send_photos: media,
        send_videos: media,
        send_roundvideos: media,
        send_audios: media,
        send_voices: media,
        send_docs: media,
        send_plain: !p.send_messages,
        edit_rank: false,
        send_reactions: false,
        manage_linked_peers: false,
        until_date: until,
    }
}

/// A ban: nothing allowed, not even reading.
pub(super) fn tl_ban(until: i32) -> types::ChatBannedRights {
    let mut r = tl_banned_rights(
        &ChatPermissions {
            send_messages: false,
            send_media: false,
            send_polls: false,
            embed_links: false,
            invite_users: false,
            pin_messages: false,
            change_info: false,
            manage_topics: false,
        },
        until,
    );
    r.view_messages = true;
    r
}

/// No restriction at all (an unban).
pub(super) fn tl_unbanned() -> types::ChatBannedRights {
    tl_banned_rights(&ChatPermissions::default(), 0)
}

pub(super) fn permissions_of(r: &enums::ChatBannedRights) -> ChatPermissions {
    let enums::ChatBannedRights::Rights(r) = r;
    ChatPermissions {
        send_messages: !(r.send_messages || r.send_plain),
        send_media: !(r.send_media || r.send_photos || r.send_docs),
        send_polls: !r.send_polls,
        embed_links: !r.embed_links,
        invite_users: !r.invite_users,
        pin_messages: !r.pin_messages,
        change_info: !r.change_info,
        manage_topics: !r.manage_topics,
    }
}

/// Unix seconds from Telegram's `until_date` (0 and far-future dates mean forever).
pub(super) fn until_of(t: i32) -> Option<i64> {
    // Telegram treats bans over 366 days as forever.
    (t > 0 && t < i32::MAX).then_some(i64::from(t))
}

/// A member as a role plus the TL parts the record needs.
pub(super) struct Member {
    pub user_id: i64,
    pub role: MemberRole,
    pub rank: Option<String>,
    pub date: Option<i64>,
    pub admin_rights: Option<AdminRights>,
    pub permissions: Option<ChatPermissions>,
    pub until: Option<i64>,
}

fn member(user_id: i64, role: MemberRole) -> Member {
    Member {
        user_id,
        role,
        rank: None,
        date: None,
        admin_rights: None,
        permissions: None,
        until: None,
    }
}

fn user_id_of(p: &enums::Peer) -> Option<i64> {
    match p {
        enums::Peer::User(u) => Some(u.user_id),
        _ => None,
    }
}

/// A channel participant; `None` for non-user members (channels in a ban list).
pub(super) fn channel_member(p: &enums::ChannelParticipant) -> Option<Member> {
    use enums::ChannelParticipant as P;
    Some(match p {
        P::Participant(x) => Member {
            rank: x.rank.clone(),
            date: Some(i64::from(x.date)),
            ..member(x.user_id, MemberRole::Member)
        },
        P::ParticipantSelf(x) => Member {
            rank: x.rank.clone(),
            date: Some(i64::from(x.date)),
            ..member(x.user_id, MemberRole::Member)
        },
        P::Creator(x) => Member {
            rank: x.rank.clone(),
            admin_rights: Some(admin_rights_of(&x.admin_rights)),
            ..member(x.user_id, MemberRole::Creator)
        },
        P::Admin(x) => Member {
            rank: x.rank.clone(),
            date: Some(i64::from(x.date)),
            admin_rights: Some(admin_rights_of(&x.admin_rights)),
            ..member(x.user_id, MemberRole::Admin)
        },
        P::Banned(x) => {
            let enums::ChatBannedRights::Rights(r) = &x.banned_rights;
            let role = if r.view_messages {
                MemberRole::Banned
            } else if x.left {
                MemberRole::Left
            } else {
                MemberRole::Restricted
            };
            Member {
                date: Some(i64::from(x.date)),
                permissions: (role == MemberRole::Restricted)
                    .then(|| permissions_of(&x.banned_rights)),
                until: until_of(r.until_date),
                ..member(user_id_of(&x.peer)?, role)
            }
        }
        P::Left(x) => member(user_id_of(&x.peer)?, MemberRole::Left),
    })
}

/// A basic group's participant.
pub(super) fn chat_member(p: &enums::ChatParticipant) -> Member {
    use enums::ChatParticipant as P;
    match p {
        P::Participant(x) => Member {
            date: Some(i64::from(x.date)),
            ..member(x.user_id, MemberRole::Member)
        },
        P::Creator(x) => member(x.user_id, MemberRole::Creator),
        P::Admin(x) => Member {
            date: Some(i64::from(x.date)),
            ..member(x.user_id, MemberRole::Admin)
        },
    }
}

/// An exported invite; `None` for the public-join placeholder.
pub(super) fn invite_of(e: &enums::ExportedChatInvite) -> Option<InviteLink> {
    let enums::ExportedChatInvite::ChatInviteExported(x) = e else {
        return None;
    };
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
    Some(InviteLink {
        link: x.link.clone(),
        title: x.title.as_deref().map(untrusted::name),
        creator_id: x.admin_id,
        date: i64::from(x.date),
        expires: x.expire_date.map(i64::from),
        usage_limit: count(x.usage_limit),
        usage: count(x.usage).unwrap_or(0),
        request_needed: x.request_needed,
        pending_requests: count(x.requested).unwrap_or(0),
        revoked: x.revoked,
        permanent: x.permanent,
    })
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", untrusted::name(s))
}

fn topic_title(t: &enums::ForumTopic) -> String {
    match t {
        enums::ForumTopic::Topic(t) => quoted(&t.title),
        enums::ForumTopic::Deleted(d) => format!("#{}", d.id),
    }
}

fn user_in(p: &enums::ChannelParticipant, names: &Names) -> String {
    channel_member(p)
        .map(|m| {
            names
                .name(m.user_id)
                .unwrap_or_else(|| format!("user {}", m.user_id))
        })
        .unwrap_or_else(|| "a chat".into())
}

/// What an admin-log action did, in words.
fn action_text(a: &enums::ChannelAdminLogEventAction, names: &Names) -> String {
    use enums::ChannelAdminLogEventAction as A;
    match a {
        A::ChangeTitle(x) => format!("changed the title to {}", quoted(&x.new_value)),
        A::ChangeAbout(x) => format!("changed the description to {}", quoted(&x.new_value)),
        A::ChangeUsername(x) => format!("changed the username to {}", quoted(&x.new_value)),
        A::UpdatePinned(_) => "pinned or unpinned a message".into(),
        A::EditMessage(_) => "edited a message".into(),
        A::DeleteMessage(_) => "deleted a message".into(),
        A::ParticipantJoin => "joined".into(),
        A::ParticipantLeave => "left".into(),
        A::ParticipantInvite(x) => format!("invited {}", user_in(&x.participant, names)),
        A::ParticipantToggleBan(x) => {
            let who = user_in(&x.new_participant, names);
            match channel_member(&x.new_participant).map(|m| m.role) {
                Some(MemberRole::Banned) => format!("banned {who}"),
                Some(MemberRole::Restricted) => format!("restricted {who}"),
                _ => format!("lifted the restrictions of {who}"),
            }
        }
        A::ParticipantToggleAdmin(x) => {
            let who = user_in(&x.new_participant, names);
            match channel_member(&x.new_participant).map(|m| m.role) {
                Some(MemberRole::Admin | MemberRole::Creator) => {
                    format!("changed the admin rights of {who}")
                }
                _ => format!("demoted {who}"),
            }
        }
        A::DefaultBannedRights(_) => "changed the default permissions".into(),
        A::ToggleSlowMode(x) => match x.new_value {
            0 => "turned slow mode off".into(),
            s => format!("set slow mode to {s} s"),
        },
        A::ExportedInviteRevoke(_) => "revoked an invite link".into(),
        A::ExportedInviteDelete(_) => "deleted an invite link".into(),
        A::ExportedInviteEdit(_) => "edited an invite link".into(),
        A::ParticipantJoinByInvite(_) => "joined by an invite link".into(),
        A::ParticipantJoinByRequest(_) => "joined after a request was approved".into(),
        A::ToggleForum(x) => {
            format!(
                "turned forum topics {}",
                if x.new_value { "on" } else { "off" }
            )
        }
        A::CreateTopic(x) => format!("created the topic {}", topic_title(&x.topic)),
        A::EditTopic(x) => format!("edited the topic {}", topic_title(&x.new_topic)),
        A::DeleteTopic(x) => format!("deleted the topic {}", topic_title(&x.topic)),
        A::PinTopic(x) => match &x.new_topic {
            Some(t) => format!("pinned the topic {}", topic_title(t)),
            None => "unpinned a topic".into(),
        },
        other => {
            // The constructor's name says what it was.
            let debug = format!("{other:?}");
            let name = debug.split(['(', ' ']).next().unwrap_or("other");
            format!("other action ({name})")
        }
    }
}

pub(super) fn log_event(e: &enums::ChannelAdminLogEvent, names: &Names) -> AdminLogEvent {
    let enums::ChannelAdminLogEvent::Event(e) = e;
    AdminLogEvent {
        id: e.id,
        date: i64::from(e.date),
        user_id: e.user_id,
        user_name: names.name(e.user_id),
        action: action_text(&e.action, names),
    }
}
