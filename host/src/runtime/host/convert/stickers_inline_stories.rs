//! Conversions for stickers, GIFs, transcription, inline bots and stories
//! (backend records <-> WIT records).

use crate::runtime::bindings::v0_2::tgmcp::plugin::telegram_media::{
    Sticker as WitSticker, StickerSet as WitStickerSet, Transcription as WitTranscription,
};
use crate::runtime::bindings::v0_2::tgmcp::plugin::telegram_read::{
    StoryViewer as WitStoryViewer, StoryViews as WitStoryViews,
};
use crate::runtime::bindings::v0_2::tgmcp::plugin::telegram_write::{
    InlineResult as WitInlineResult, InlineResults as WitInlineResults,
    StoryPrivacy as WitStoryPrivacy,
};
use crate::runtime::bindings::v0_2::tgmcp::plugin::types::Story as WitStory;
use crate::telegram::bots_ext::{InlineResult, InlineResults};
use crate::telegram::stickers_ext::{Sticker, StickerSet, Transcription};
use crate::telegram::stories_ext::{Story, StoryPrivacy, StoryViewer, StoryViews};

impl From<StickerSet> for WitStickerSet {
    fn from(s: StickerSet) -> Self {
        WitStickerSet {
            id: s.id,
            short_name: s.short_name,
            title: s.title,
            count: s.count,
            emoji: s.emoji,
            archived: s.archived,
        }
    }
}

impl From<Sticker> for WitSticker {
    fn from(s: Sticker) -> Self {
        WitSticker {
            file_ref: s.file_ref,
            emoji: s.emoji,
            set_name: s.set_name,
            title: s.title,
            mime: s.mime,
            width: s.width,
            height: s.height,
        }
    }
}

impl From<Transcription> for WitTranscription {
    fn from(t: Transcription) -> Self {
        WitTranscription {
            text: t.text,
            pending: t.pending,
        }
    }
}

impl From<InlineResult> for WitInlineResult {
    fn from(r: InlineResult) -> Self {
        WitInlineResult {
            id: r.id,
            kind: r.kind,
            title: r.title,
            description: r.description,
            url: r.url,
            text: r.text,
        }
    }
}

impl From<InlineResults> for WitInlineResults {
    fn from(r: InlineResults) -> Self {
        WitInlineResults {
            query_id: r.query_id,
            results: r.results.into_iter().map(Into::into).collect(),
            next_offset: r.next_offset,
        }
    }
}

impl From<WitStoryPrivacy> for StoryPrivacy {
    fn from(p: WitStoryPrivacy) -> Self {
        match p {
            WitStoryPrivacy::Everyone => StoryPrivacy::Everyone,
            WitStoryPrivacy::Contacts => StoryPrivacy::Contacts,
            WitStoryPrivacy::CloseFriends => StoryPrivacy::CloseFriends,
        }
    }
}

impl From<Story> for WitStory {
    fn from(s: Story) -> Self {
        WitStory {
            id: s.id,
            peer_id: s.peer_id,
            peer_name: s.peer_name,
            date: s.date,
            expire_date: s.expire_date,
            caption: s.caption,
            media: s.media.map(Into::into),
            mine: s.mine,
            pinned: s.pinned,
            views: s.views,
            my_reaction: s.my_reaction,
        }
    }
}

impl From<StoryViewer> for WitStoryViewer {
    fn from(v: StoryViewer) -> Self {
        WitStoryViewer {
            user_id: v.user_id,
            name: v.name,
            date: v.date,
            reaction: v.reaction,
        }
    }
}

impl From<StoryViews> for WitStoryViews {
    fn from(v: StoryViews) -> Self {
        WitStoryViews {
            views: v.views,
            reactions: v.reactions,
            forwards: v.forwards,
            viewers: v.viewers.into_iter().map(Into::into).collect(),
        }
    }
}
