//! Conversions of the reading records (pages, filters, profiles, topics,
//! digests, media) between the WIT and [`crate::telegram::records`]; the
//! basic records and errors are in `convert.rs`.

use super::all;
use crate::runtime::bindings::{
    WitBlob, WitChatFilter, WitChatKind, WitChatPage, WitForwardOrigin, WitMediaInfo, WitMediaKind,
    WitMessageContext, WitMessageFilter, WitMessagePage, WitPage, WitPresence, WitReactionCount,
    WitTopic, WitTopicPage, WitUnreadChat, WitUnreadDigest, WitUnreadLimits, WitUserFull,
    WitUserPage,
};
use crate::telegram::media::MediaBlob;
use crate::telegram::records::{
    cursor, ChatFilter, Forward, MediaInfo, MediaKind, MessageContext, MessageFilter, Page,
    PageRequest, Presence, ReactionCount, Topic, UnreadChat, UnreadDigest, UnreadLimits, UserFull,
};
use crate::telegram::{self, ChatKind};

/// A page request for operation `op` (the backend's cursor tag). Before the
/// backend paged, 0.2.0's cursors were `m<id>`, and the messages plugin still
/// turns its `offset_id` argument into one: such a cursor means the backend's
/// message-id cursor, so old cursors and `offset_id` keep working.
pub(crate) fn page_request(op: &str, p: WitPage) -> PageRequest {
    let legacy = |c: &str| {
        c.strip_prefix('m')
            .and_then(|id| id.parse::<i32>().ok())
            .filter(|id| *id > 0)
    };
    let cursor = p.cursor.map(|c| match legacy(c.trim()) {
        Some(id) => cursor::encode(op, &id),
        None => c,
    });
    PageRequest {
        cursor,
        limit: p.limit,
    }
}

impl From<WitPage> for PageRequest {
    fn from(p: WitPage) -> Self {
        PageRequest {
            cursor: p.cursor,
            limit: p.limit,
        }
    }
}

impl From<WitMediaKind> for MediaKind {
    fn from(k: WitMediaKind) -> Self {
        match k {
            WitMediaKind::Photo => MediaKind::Photo,
            WitMediaKind::Video => MediaKind::Video,
            WitMediaKind::Document => MediaKind::Document,
            WitMediaKind::Voice => MediaKind::Voice,
            WitMediaKind::Audio => MediaKind::Audio,
            WitMediaKind::Round => MediaKind::Round,
            WitMediaKind::Sticker => MediaKind::Sticker,
            WitMediaKind::Gif => MediaKind::Gif,
            WitMediaKind::Location => MediaKind::Location,
            WitMediaKind::Contact => MediaKind::Contact,
            WitMediaKind::Poll => MediaKind::Poll,
            WitMediaKind::Webpage => MediaKind::Webpage,
            WitMediaKind::Other => MediaKind::Other,
        }
    }
}

impl From<MediaKind> for WitMediaKind {
    fn from(k: MediaKind) -> Self {
        match k {
            MediaKind::Photo => WitMediaKind::Photo,
            MediaKind::Video => WitMediaKind::Video,
            MediaKind::Document => WitMediaKind::Document,
            MediaKind::Voice => WitMediaKind::Voice,
            MediaKind::Audio => WitMediaKind::Audio,
            MediaKind::Round => WitMediaKind::Round,
            MediaKind::Sticker => WitMediaKind::Sticker,
            MediaKind::Gif => WitMediaKind::Gif,
            MediaKind::Location => WitMediaKind::Location,
            MediaKind::Contact => WitMediaKind::Contact,
            MediaKind::Poll => WitMediaKind::Poll,
            MediaKind::Webpage => WitMediaKind::Webpage,
            MediaKind::Other => WitMediaKind::Other,
        }
    }
}

impl From<MediaInfo> for WitMediaInfo {
    fn from(m: MediaInfo) -> Self {
        WitMediaInfo {
            kind: m.kind.into(),
            mime: m.mime,
            size: m.size,
            file_name: m.file_name,
            duration: m.duration,
            width: m.width,
            height: m.height,
            summary: m.summary,
        }
    }
}

impl From<Forward> for WitForwardOrigin {
    fn from(f: Forward) -> Self {
        WitForwardOrigin {
            from_id: f.from_id,
            from_name: f.from_name,
            date: f.date,
        }
    }
}

impl From<ReactionCount> for WitReactionCount {
    fn from(r: ReactionCount) -> Self {
        WitReactionCount {
            emoji: r.emoji,
            count: r.count,
        }
    }
}

impl From<WitMessageFilter> for MessageFilter {
    fn from(f: WitMessageFilter) -> Self {
        MessageFilter {
            min_date: f.min_date,
            max_date: f.max_date,
            from: f.sender,
            topic: f.topic,
            unread_only: f.unread_only,
            media: f.media.map(Into::into),
        }
    }
}

impl From<WitChatFilter> for ChatFilter {
    fn from(f: WitChatFilter) -> Self {
        ChatFilter {
            unread_only: f.unread_only,
            archived: f.archived,
            kinds: f.kinds.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<WitChatKind> for ChatKind {
    fn from(k: WitChatKind) -> Self {
        use WitChatKind as K;
        match k {
            K::Saved => ChatKind::Saved,
            K::User => ChatKind::User,
            K::Bot => ChatKind::Bot,
            K::Group => ChatKind::Group,
            K::Supergroup => ChatKind::Supergroup,
            K::Channel => ChatKind::Channel,
        }
    }
}

impl From<WitUnreadLimits> for UnreadLimits {
    fn from(l: WitUnreadLimits) -> Self {
        UnreadLimits {
            max_chats: l.max_chats,
            per_chat: l.per_chat,
            max_messages: l.max_messages,
        }
    }
}

impl From<Presence> for WitPresence {
    fn from(p: Presence) -> Self {
        match p {
            Presence::Online => WitPresence::Online,
            Presence::Offline => WitPresence::Offline,
            Presence::Recently => WitPresence::Recently,
            Presence::LastWeek => WitPresence::LastWeek,
            Presence::LastMonth => WitPresence::LastMonth,
            Presence::Unknown => WitPresence::Unknown,
        }
    }
}

impl From<UserFull> for WitUserFull {
    fn from(u: UserFull) -> Self {
        WitUserFull {
            user: u.user.into(),
            bio: u.about,
            presence: u.presence.into(),
            last_seen: u.last_seen,
            common_chats: u.common_chats,
            bot_description: u.bot_description,
            last_interaction: u.last_interaction,
            is_contact: u.is_contact,
            blocked: u.blocked,
            url: u.url,
        }
    }
}

impl From<Topic> for WitTopic {
    fn from(t: Topic) -> Self {
        WitTopic {
            id: t.id,
            title: t.title,
            date: t.date,
            unread_count: t.unread_count,
            unread_mentions: t.unread_mentions,
            top_message: t.top_message,
            closed: t.closed,
            pinned: t.pinned,
            url: t.url,
        }
    }
}

impl From<MessageContext> for WitMessageContext {
    fn from(c: MessageContext) -> Self {
        WitMessageContext {
            before: all(c.before),
            message: c.message.map(Into::into),
            after: all(c.after),
        }
    }
}

impl From<UnreadChat> for WitUnreadChat {
    fn from(c: UnreadChat) -> Self {
        WitUnreadChat {
            chat: c.chat.into(),
            unread_count: c.unread_count,
            unread_mentions: c.unread_mentions,
            unread_reactions: c.unread_reactions,
            messages: all(c.messages),
            mentions: all(c.mentions),
            truncated: c.truncated,
        }
    }
}

impl From<UnreadDigest> for WitUnreadDigest {
    fn from(d: UnreadDigest) -> Self {
        WitUnreadDigest {
            chats: all(d.chats),
            truncated: d.truncated,
        }
    }
}

impl From<Page<telegram::Message>> for WitMessagePage {
    fn from(p: Page<telegram::Message>) -> Self {
        WitMessagePage {
            messages: all(p.items),
            next_cursor: p.next_cursor,
        }
    }
}

impl From<Page<telegram::Chat>> for WitChatPage {
    fn from(p: Page<telegram::Chat>) -> Self {
        WitChatPage {
            chats: all(p.items),
            next_cursor: p.next_cursor,
        }
    }
}

impl From<Page<telegram::User>> for WitUserPage {
    fn from(p: Page<telegram::User>) -> Self {
        WitUserPage {
            users: all(p.items),
            next_cursor: p.next_cursor,
        }
    }
}

impl From<Page<Topic>> for WitTopicPage {
    fn from(p: Page<Topic>) -> Self {
        WitTopicPage {
            topics: all(p.items),
            next_cursor: p.next_cursor,
        }
    }
}

impl From<MediaBlob> for WitBlob {
    fn from(b: MediaBlob) -> Self {
        WitBlob {
            mime: b.mime,
            file_name: b.file_name,
            data: b.bytes,
            truncated: b.truncated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interim_cursors_and_offset_ids_become_the_backends_cursors() {
        let page = |c: &str| WitPage {
            cursor: Some(c.into()),
            limit: 5,
        };
        let p = page_request("history", page("m42"));
        let id: i32 = cursor::decode("history", p.cursor.as_deref().unwrap_or("")).unwrap();
        assert_eq!((id, p.limit), (42, 5));
        let theirs = cursor::encode("history", &7);
        assert_eq!(
            page_request("history", page(&theirs)).cursor,
            Some(theirs),
            "the backend's own cursors pass unchanged"
        );
        assert_eq!(
            page_request("history", page("m-1")).cursor.as_deref(),
            Some("m-1"),
            "not ours: the backend refuses it"
        );
    }
}
