//! From the account model to TL objects, shaped as real Telegram sends them.

use std::collections::BTreeSet;

use grammers_tl_types::{enums, types};

use crate::account::{Account, Chat, ChatKind, Dialog, Message, Peer, User};
use crate::convert_ext;
use crate::groups::{all_rights, Role};

pub(crate) use crate::tl_peer::{notify_settings, peer};

/// What Telegram says about when a user was last online.
pub(crate) fn status(u: &User, is_self: bool) -> enums::UserStatus {
    match u.was_online {
        _ if is_self => types::UserStatusOnline { expires: i32::MAX }.into(),
        Some(was_online) => types::UserStatusOffline { was_online }.into(),
        None => types::UserStatusRecently { by_me: false }.into(),
    }
}

pub(crate) fn user(u: &User, me: &User) -> enums::User {
    let is_self = u.id == me.id;
    types::User {
        is_self,
        contact: u.contact,
        mutual_contact: u.contact,
        deleted: false,
        bot: u.bot,
        bot_chat_history: false,
        bot_nochats: false,
        verified: false,
        restricted: false,
        min: false,
        bot_inline_geo: false,
        support: false,
        scam: false,
        apply_min_photo: false,
        fake: false,
        bot_attach_menu: false,
        premium: false,
        attach_menu_enabled: false,
        bot_can_edit: false,
        close_friend: false,
        stories_hidden: false,
        stories_unavailable: false,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: false,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: false,
        id: u.id,
        access_hash: Some(u.access_hash),
        first_name: Some(u.first_name.clone()),
        last_name: u.last_name.clone(),
        username: u.username.clone(),
        // Telegram shows phone numbers of contacts and of the account itself.
        phone: u.phone.clone().filter(|_| is_self || u.contact),
        photo: None,
        status: Some(status(u, is_self)),
        bot_info_version: u.bot.then_some(1),
        restriction_reason: None,
        bot_inline_placeholder: None,
        lang_code: None,
        emoji_status: None,
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        bot_active_users: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_community_id: None,
    }
    .into()
}

/// The account's standing in a chat: (creator, admin rights).
fn standing(c: &Chat, acc: &Account) -> (bool, Option<enums::ChatAdminRights>) {
    match acc.my_membership(c.peer()).map(|m| m.role) {
        Some(Role::Creator) => (true, Some(all_rights().into())),
        Some(Role::Admin(r)) => (false, Some(r.into())),
        _ => (false, None),
    }
}

pub(crate) fn chat(c: &Chat, acc: &Account) -> enums::Chat {
    let (creator, admin_rights) = standing(c, acc);
    if c.kind == ChatKind::Group {
        return types::Chat {
            creator,
            left: false,
            deactivated: false,
            call_active: false,
            call_not_empty: false,
            noforwards: false,
            id: c.id,
            title: c.title.clone(),
            photo: enums::ChatPhoto::Empty,
            participants_count: c.members,
            date: c.date,
            version: 1,
            migrated_to: None,
            admin_rights,
            default_banned_rights: None,
        }
        .into();
    }
    types::Channel {
        creator,
        left: false,
        broadcast: c.kind == ChatKind::Channel,
        verified: false,
        megagroup: c.kind != ChatKind::Channel,
        restricted: false,
        signatures: false,
        min: false,
        scam: false,
        has_link: false,
        has_geo: false,
        slowmode_enabled: false,
        call_active: false,
        call_not_empty: false,
        fake: false,
        gigagroup: false,
        noforwards: false,
        join_to_send: false,
        join_request: false,
        forum: c.kind == ChatKind::Forum,
        stories_hidden: false,
        stories_hidden_min: false,
        stories_unavailable: false,
        signature_profiles: false,
        autotranslation: false,
        broadcast_messages_allowed: false,
        monoforum: false,
        forum_tabs: false,
        id: c.id,
        access_hash: Some(c.access_hash),
        title: c.title.clone(),
        username: c.username.clone(),
        photo: enums::ChatPhoto::Empty,
        date: c.date,
        restriction_reason: None,
        admin_rights,
        banned_rights: None,
        default_banned_rights: None,
        participants_count: Some(c.members),
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        emoji_status: None,
        level: None,
        subscription_until_date: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_monoforum_id: None,
        linked_community_id: None,
    }
    .into()
}

fn reply_header(m: &Message, acc: &Account) -> Option<enums::MessageReplyHeader> {
    let reply_to = m.reply_to?;
    let in_topic = m.topic.is_some();
    let quote = acc.ext.quotes.get(&(m.peer, m.id));
    Some(
        types::MessageReplyHeader {
            reply_to_scheduled: false,
            forum_topic: in_topic,
            quote: quote.is_some(),
            reply_to_ephemeral: false,
            reply_to_msg_id: Some(reply_to),
            reply_to_peer_id: None,
            reply_from: None,
            reply_media: None,
            reply_to_top_id: m.topic.filter(|t| *t != reply_to),
            quote_text: quote.cloned(),
            quote_entities: quote.map(|_| Vec::new()),
            quote_offset: None,
            todo_item_id: None,
            poll_option: None,
        }
        .into(),
    )
}

/// A message as Telegram sends it: no `from_id` in private chats and
/// broadcast channels (`post` instead), the sender's id in groups.
pub(crate) fn message(m: &Message, acc: &Account) -> enums::Message {
    let broadcast = acc
        .chat_of(m.peer)
        .is_some_and(|c| c.kind == ChatKind::Channel);
    let from_id = match m.peer {
        Peer::User(_) => None,
        _ if broadcast => None,
        _ => Some(peer(Peer::User(m.from))),
    };
    let action: Option<enums::MessageAction> = match &m.topic_created {
        Some(title) => Some(
            types::MessageActionTopicCreate {
                title_missing: false,
                title: title.clone(),
                icon_color: 0x6FB9F0,
                icon_emoji_id: None,
            }
            .into(),
        ),
        None => crate::convert_admin::created_action(acc, m)
            .or_else(|| acc.ext.actions.get(&(m.peer, m.id)).cloned()),
    };
    if let Some(action) = action {
        return types::MessageService {
            out: m.out,
            mentioned: false,
            media_unread: false,
            reactions_are_possible: false,
            silent: false,
            post: broadcast,
            legacy: false,
            id: m.id,
            from_id,
            peer_id: peer(m.peer),
            saved_peer_id: None,
            // A pin names the pinned message as a reply.
            reply_to: reply_header(m, acc),
            date: m.date,
            action,
            reactions: None,
            ttl_period: None,
        }
        .into();
    }
    types::Message {
        out: m.out,
        mentioned: !m.out && m.mentions(acc.me.username.as_deref()),
        media_unread: false,
        silent: false,
        post: broadcast,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: m.pinned,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id: m.id,
        from_id,
        from_boosts_applied: None,
        from_rank: None,
        peer_id: peer(m.peer),
        saved_peer_id: None,
        fwd_from: m.fwd_from.map(|(from, date)| {
            types::MessageFwdHeader {
                imported: false,
                saved_out: false,
                from_id: Some(peer(Peer::User(from))),
                from_name: None,
                date,
                channel_post: None,
                post_author: None,
                saved_from_peer: None,
                saved_from_msg_id: None,
                saved_from_id: None,
                saved_from_name: None,
                saved_date: None,
                psa_type: None,
            }
            .into()
        }),
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: reply_header(m, acc),
        date: m.date,
        message: m.text.clone(),
        // Media sent or seeded with bytes (downloadable) first, then media
        // that is only described.
        media: acc
            .ext
            .media
            .get(&(m.peer, m.id))
            .map(|x| convert_ext::media(x, acc, m.date))
            .or_else(|| m.media.as_ref().map(crate::media::to_tl)),
        reply_markup: convert_ext::keyboard(acc, m.peer, m.id),
        entities: acc.ext.entities.get(&(m.peer, m.id)).cloned(),
        views: broadcast.then_some(100),
        forwards: broadcast.then_some(0),
        replies: None,
        edit_date: m.edit_date,
        post_author: None,
        grouped_id: acc.ext.grouped.get(&(m.peer, m.id)).copied(),
        reactions: convert_ext::reactions(acc, m.peer, m.id),
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: None,
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    }
    .into()
}

pub(crate) fn dialog(d: &Dialog, acc: &Account) -> enums::Dialog {
    types::Dialog {
        pinned: d.pinned,
        unread_mark: acc.ext.unread_mark.contains(&d.peer),
        view_forum_as_messages: false,
        peer: peer(d.peer),
        top_message: d.top_message().map_or(0, |m| m.id),
        read_inbox_max_id: d.read_inbox_max_id,
        read_outbox_max_id: d.read_outbox_max_id,
        unread_count: d.unread_count(),
        unread_mentions_count: d.unread_mentions(acc.me.username.as_deref()).count() as i32,
        unread_reactions_count: 0,
        unread_poll_votes_count: 0,
        notify_settings: convert_ext::notify(acc, d.peer),
        pts: matches!(d.peer, Peer::Channel(_)).then_some(d.pts),
        draft: acc.ext.drafts.get(&d.peer).map(convert_ext::draft),
        folder_id: acc.ext.archived.contains(&d.peer).then_some(1),
        ttl_period: None,
    }
    .into()
}

/// The users and chats a reply must carry so the client can resolve every
/// peer it mentions (Telegram always includes them).
#[derive(Default)]
pub(crate) struct Refs {
    users: BTreeSet<i64>,
    chats: BTreeSet<i64>,
}

impl Refs {
    pub fn add(&mut self, p: Peer) {
        match p {
            Peer::User(id) => self.users.insert(id),
            Peer::Chat(id) | Peer::Channel(id) => self.chats.insert(id),
        };
    }

    pub fn add_message(&mut self, m: &Message) {
        self.add(m.peer);
        self.add(Peer::User(m.from));
        if let Some((from, _)) = m.fwd_from {
            self.add(Peer::User(from));
        }
    }

    pub fn users(&self, acc: &Account) -> Vec<enums::User> {
        self.users
            .iter()
            .filter_map(|id| acc.user(*id))
            .map(|u| user(u, &acc.me))
            .collect()
    }

    pub fn chats(&self, acc: &Account) -> Vec<enums::Chat> {
        self.chats
            .iter()
            .filter_map(|id| acc.chat(*id))
            .map(|c| chat(c, acc))
            .collect()
    }
}
