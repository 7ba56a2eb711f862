//! TL shapes of the administration tables: members, invite links, admin-log
//! entries and the service messages that created chats.

use grammers_tl_types::{enums, types};

use crate::account::{Account, Message, Peer};
use crate::groups::{all_rights, Invite, LogEvent, Member, Role};

/// "Created the group / channel" for the first message of a created chat.
pub(crate) fn created_action(acc: &Account, m: &Message) -> Option<enums::MessageAction> {
    let (channel, title) = acc.ext.groups.created.get(&(m.peer, m.id))?;
    Some(if *channel {
        types::MessageActionChannelCreate {
            title: title.clone(),
        }
        .into()
    } else {
        types::MessageActionChatCreate {
            title: title.clone(),
            users: acc.members_of(m.peer).iter().map(|x| x.user).collect(),
        }
        .into()
    })
}

/// A supergroup or channel member as `channels.getParticipants` lists it.
pub(crate) fn channel_participant(m: &Member, me: i64) -> enums::ChannelParticipant {
    match &m.role {
        Role::Creator => types::ChannelParticipantCreator {
            user_id: m.user,
            admin_rights: all_rights().into(),
            rank: m.rank.clone(),
        }
        .into(),
        Role::Admin(r) => types::ChannelParticipantAdmin {
            can_edit: m.by == me,
            is_self: m.user == me,
            user_id: m.user,
            inviter_id: (m.user == me).then_some(m.by),
            promoted_by: m.by,
            date: m.date,
            admin_rights: r.clone().into(),
            rank: m.rank.clone(),
        }
        .into(),
        Role::Member if m.user == me => types::ChannelParticipantSelf {
            via_request: false,
            user_id: m.user,
            inviter_id: m.by,
            date: m.date,
            subscription_until_date: None,
            rank: m.rank.clone(),
        }
        .into(),
        Role::Member => types::ChannelParticipant {
            user_id: m.user,
            date: m.date,
            subscription_until_date: None,
            rank: m.rank.clone(),
        }
        .into(),
        Role::Banned(r) => types::ChannelParticipantBanned {
            left: r.view_messages,
            peer: crate::tl_peer::peer(Peer::User(m.user)),
            kicked_by: m.by,
            date: m.date,
            banned_rights: r.clone().into(),
            rank: None,
        }
        .into(),
    }
}

/// A basic group member as `messages.getFullChat` lists it.
pub(crate) fn chat_participant(m: &Member) -> enums::ChatParticipant {
    match &m.role {
        Role::Creator => types::ChatParticipantCreator {
            user_id: m.user,
            rank: m.rank.clone(),
        }
        .into(),
        Role::Admin(_) => types::ChatParticipantAdmin {
            user_id: m.user,
            inviter_id: m.by,
            date: m.date,
            rank: m.rank.clone(),
        }
        .into(),
        _ => types::ChatParticipant {
            user_id: m.user,
            inviter_id: m.by,
            date: m.date,
            rank: m.rank.clone(),
        }
        .into(),
    }
}

pub(crate) fn invite(i: &Invite, acc: &Account) -> enums::ExportedChatInvite {
    let requested = acc.ext.groups.requests.get(&i.peer).map_or(0, Vec::len) as i32;
    types::ChatInviteExported {
        revoked: i.revoked,
        permanent: i.permanent,
        request_needed: i.request_needed,
        link: i.link(),
        admin_id: i.admin,
        date: i.date,
        start_date: None,
        expire_date: i.expires,
        usage_limit: i.usage_limit,
        usage: (i.usage > 0).then_some(i.usage),
        requested: (i.request_needed && requested > 0).then_some(requested),
        subscription_expired: None,
        title: i.title.clone(),
        subscription_pricing: None,
    }
    .into()
}

pub(crate) fn log_event(e: &LogEvent) -> enums::ChannelAdminLogEvent {
    types::ChannelAdminLogEvent {
        id: e.id,
        date: e.date,
        user_id: e.user,
        action: e.action.clone(),
    }
    .into()
}

/// No restriction (what an unban sets).
pub(crate) fn is_unrestricted(r: &types::ChatBannedRights) -> bool {
    let none = types::ChatBannedRights {
        until_date: r.until_date,
        ..no_rights_taken()
    };
    *r == none
}

pub(crate) fn no_rights_taken() -> types::ChatBannedRights {
    types::ChatBannedRights {
        view_messages: false,
        send_messages: false,
        send_media: false,
        send_stickers: false,
        send_gifs: false,
        send_games: false,
        send_inline: false,
        embed_links: false,
        send_polls: false,
        change_info: false,
        invite_users: false,
        pin_messages: false,
        manage_topics: false,
        send_photos: false,
        send_videos: false,
        send_roundvideos: false,
        send_audios: false,
        send_voices: false,
        send_docs: false,
        send_plain: false,
        edit_rank: false,
        send_reactions: false,
        manage_linked_peers: false,
        until_date: 0,
    }
}

/// Whether an admin-rights record grants nothing (a demotion).
pub(crate) fn no_admin_rights(r: &types::ChatAdminRights) -> bool {
    let f = |x: bool| !x;
    f(r.change_info)
        && f(r.post_messages)
        && f(r.edit_messages)
        && f(r.delete_messages)
        && f(r.ban_users)
        && f(r.invite_users)
        && f(r.pin_messages)
        && f(r.add_admins)
        && f(r.anonymous)
        && f(r.manage_call)
        && f(r.other)
        && f(r.manage_topics)
}
