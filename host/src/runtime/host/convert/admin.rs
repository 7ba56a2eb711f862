//! Conversions between the admin WIT records and the host's types.

use super::all;
use crate::runtime::bindings::{
    WitAdminLogEvent, WitAdminLogPage, WitAdminRights, WitChatPermissions, WitInviteLink,
    WitInviteLinkPage, WitInviteSpec, WitInvited, WitMemberRole, WitParticipant,
    WitParticipantFilter, WitParticipantPage, WitTopicChanges,
};
use crate::telegram::admin_ext::{
    AdminLogEvent, AdminRights, ChatPermissions, InviteLink, InviteSpec, Invited, MemberRole,
    Participant, ParticipantFilter, Participants, TopicChanges,
};
use crate::telegram::records::Page;

impl From<WitAdminRights> for AdminRights {
    fn from(r: WitAdminRights) -> Self {
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
}

impl From<AdminRights> for WitAdminRights {
    fn from(r: AdminRights) -> Self {
        WitAdminRights {
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
}

impl From<WitChatPermissions> for ChatPermissions {
    fn from(p: WitChatPermissions) -> Self {
        ChatPermissions {
            send_messages: p.send_messages,
            send_media: p.send_media,
            send_polls: p.send_polls,
            embed_links: p.embed_links,
            invite_users: p.invite_users,
            pin_messages: p.pin_messages,
            change_info: p.change_info,
            manage_topics: p.manage_topics,
        }
    }
}

impl From<ChatPermissions> for WitChatPermissions {
    fn from(p: ChatPermissions) -> Self {
        WitChatPermissions {
            send_messages: p.send_messages,
            send_media: p.send_media,
            send_polls: p.send_polls,
            embed_links: p.embed_links,
            invite_users: p.invite_users,
            pin_messages: p.pin_messages,
            change_info: p.change_info,
            manage_topics: p.manage_topics,
        }
    }
}

impl From<WitParticipantFilter> for ParticipantFilter {
    fn from(f: WitParticipantFilter) -> Self {
        match f {
            WitParticipantFilter::All => ParticipantFilter::All,
            WitParticipantFilter::Admins => ParticipantFilter::Admins,
            WitParticipantFilter::Banned => ParticipantFilter::Banned,
            WitParticipantFilter::Restricted => ParticipantFilter::Restricted,
            WitParticipantFilter::Bots => ParticipantFilter::Bots,
            WitParticipantFilter::Requests => ParticipantFilter::Requests,
        }
    }
}

impl From<MemberRole> for WitMemberRole {
    fn from(r: MemberRole) -> Self {
        match r {
            MemberRole::Creator => WitMemberRole::Creator,
            MemberRole::Admin => WitMemberRole::Admin,
            MemberRole::Member => WitMemberRole::Member,
            MemberRole::Restricted => WitMemberRole::Restricted,
            MemberRole::Banned => WitMemberRole::Banned,
            MemberRole::Left => WitMemberRole::Left,
            MemberRole::Requested => WitMemberRole::Requested,
        }
    }
}

impl From<Participant> for WitParticipant {
    fn from(p: Participant) -> Self {
        WitParticipant {
            user: p.user.into(),
            role: p.role.into(),
            rank: p.rank,
            date: p.date,
            admin_rights: p.admin_rights.map(Into::into),
            permissions: p.permissions.map(Into::into),
            until: p.until,
        }
    }
}

impl From<Participants> for WitParticipantPage {
    fn from(p: Participants) -> Self {
        WitParticipantPage {
            participants: all(p.page.items),
            total: p.total,
            next_cursor: p.page.next_cursor,
        }
    }
}

impl From<InviteLink> for WitInviteLink {
    fn from(l: InviteLink) -> Self {
        WitInviteLink {
            link: l.link,
            title: l.title,
            creator_id: l.creator_id,
            date: l.date,
            expires: l.expires,
            usage_limit: l.usage_limit,
            usage: l.usage,
            request_needed: l.request_needed,
            pending_requests: l.pending_requests,
            revoked: l.revoked,
            permanent: l.permanent,
        }
    }
}

impl From<Page<InviteLink>> for WitInviteLinkPage {
    fn from(p: Page<InviteLink>) -> Self {
        WitInviteLinkPage {
            links: all(p.items),
            next_cursor: p.next_cursor,
        }
    }
}

impl From<AdminLogEvent> for WitAdminLogEvent {
    fn from(e: AdminLogEvent) -> Self {
        WitAdminLogEvent {
            id: e.id,
            date: e.date,
            user_id: e.user_id,
            user_name: e.user_name,
            action: e.action,
        }
    }
}

impl From<Page<AdminLogEvent>> for WitAdminLogPage {
    fn from(p: Page<AdminLogEvent>) -> Self {
        WitAdminLogPage {
            events: all(p.items),
            next_cursor: p.next_cursor,
        }
    }
}

impl From<WitInviteSpec> for InviteSpec {
    fn from(s: WitInviteSpec) -> Self {
        InviteSpec {
            title: s.title,
            expires: s.expires,
            usage_limit: s.usage_limit,
            request_needed: s.request_needed,
        }
    }
}

impl From<Invited> for WitInvited {
    fn from(i: Invited) -> Self {
        WitInvited {
            added: i.added,
            refused: i.refused,
        }
    }
}

impl From<WitTopicChanges> for TopicChanges {
    fn from(c: WitTopicChanges) -> Self {
        TopicChanges {
            title: c.title,
            closed: c.closed,
            pinned: c.pinned,
            hidden: c.hidden,
        }
    }
}
