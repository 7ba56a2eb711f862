//! Conversions of the reactions, polls, buttons, folders and album records
//! between the WIT and the host's types.

use super::all;
use crate::policy::guard::Source;
use crate::runtime::bindings::v0_2::tgmcp::plugin::types::{
    AlbumItem as WitAlbumItem, BotAnswer as WitBotAnswer, Button as WitButton,
    ButtonKind as WitButtonKind, ButtonRef as WitButtonRef, Folder as WitFolder,
    FolderEdit as WitFolderEdit, Location as WitLocation, PollAnswer as WitPollAnswer,
    PollResults as WitPollResults, PollVote as WitPollVote, Reactor as WitReactor,
    Reader as WitReader,
};
use crate::runtime::bindings::ToolError;
use crate::telegram::chat_features_ext::{
    BotAnswer, Button, ButtonKind, ButtonRef, Folder, FolderEdit, Location, PollAnswer,
    PollResults, PollVote, Reactor, Reader,
};
use crate::telegram::media::MediaSource;

impl From<Reactor> for WitReactor {
    fn from(r: Reactor) -> Self {
        WitReactor {
            peer_id: r.peer_id,
            name: r.name,
            emoji: r.emoji,
            date: r.date,
        }
    }
}

impl From<PollAnswer> for WitPollAnswer {
    fn from(a: PollAnswer) -> Self {
        WitPollAnswer {
            text: a.text,
            voters: a.voters,
            chosen: a.chosen,
            correct: a.correct,
        }
    }
}

impl From<PollVote> for WitPollVote {
    fn from(v: PollVote) -> Self {
        WitPollVote {
            user_id: v.user_id,
            name: v.name,
            answer: v.answer,
        }
    }
}

impl From<PollResults> for WitPollResults {
    fn from(p: PollResults) -> Self {
        WitPollResults {
            question: p.question,
            answers: all(p.answers),
            total_voters: p.total_voters,
            closed: p.closed,
            public_voters: p.public_voters,
            multiple_choice: p.multiple_choice,
            quiz: p.quiz,
            votes: all(p.votes),
        }
    }
}

impl From<ButtonKind> for WitButtonKind {
    fn from(k: ButtonKind) -> Self {
        match k {
            ButtonKind::Callback => WitButtonKind::Callback,
            ButtonKind::Url => WitButtonKind::Url,
            ButtonKind::SwitchInline => WitButtonKind::SwitchInline,
            ButtonKind::Reply => WitButtonKind::Reply,
            ButtonKind::RequestPhone => WitButtonKind::RequestPhone,
            ButtonKind::RequestLocation => WitButtonKind::RequestLocation,
            ButtonKind::RequestPoll => WitButtonKind::RequestPoll,
            ButtonKind::Game => WitButtonKind::Game,
            ButtonKind::Buy => WitButtonKind::Buy,
            ButtonKind::Login => WitButtonKind::Login,
            ButtonKind::WebApp => WitButtonKind::WebApp,
            ButtonKind::Copy => WitButtonKind::Copy,
            ButtonKind::Other => WitButtonKind::Other,
        }
    }
}

impl From<Button> for WitButton {
    fn from(b: Button) -> Self {
        WitButton {
            row: b.row,
            column: b.column,
            text: b.text,
            kind: b.kind.into(),
            url: b.url,
        }
    }
}

impl From<WitButtonRef> for ButtonRef {
    fn from(b: WitButtonRef) -> Self {
        match b {
            WitButtonRef::Position((r, c)) => ButtonRef::Position(r, c),
            WitButtonRef::Text(t) => ButtonRef::Text(t),
        }
    }
}

impl From<BotAnswer> for WitBotAnswer {
    fn from(a: BotAnswer) -> Self {
        WitBotAnswer {
            message: a.message,
            alert: a.alert,
            url: a.url,
        }
    }
}

impl From<Folder> for WitFolder {
    fn from(f: Folder) -> Self {
        WitFolder {
            id: f.id,
            title: f.title,
            emoticon: f.emoticon,
            pinned: all(f.pinned),
            included: all(f.included),
            excluded: all(f.excluded),
            contacts: f.contacts,
            non_contacts: f.non_contacts,
            groups: f.groups,
            channels: f.channels,
            bots: f.bots,
            exclude_muted: f.exclude_muted,
            exclude_read: f.exclude_read,
            exclude_archived: f.exclude_archived,
        }
    }
}

impl From<WitFolderEdit> for FolderEdit {
    fn from(e: WitFolderEdit) -> Self {
        FolderEdit {
            title: e.title,
            emoticon: e.emoticon,
            add: e.add,
            remove: e.remove,
            contacts: e.contacts,
            non_contacts: e.non_contacts,
            groups: e.groups,
            channels: e.channels,
            bots: e.bots,
            exclude_muted: e.exclude_muted,
            exclude_read: e.exclude_read,
            exclude_archived: e.exclude_archived,
        }
    }
}

impl TryFrom<WitAlbumItem> for Source {
    type Error = ToolError;

    fn try_from(i: WitAlbumItem) -> Result<Self, ToolError> {
        Ok(Source {
            source: MediaSource::try_from(i.source)?,
            caption: i.caption,
        })
    }
}

impl From<Reader> for WitReader {
    fn from(r: Reader) -> Self {
        WitReader {
            user_id: r.user_id,
            name: r.name,
            date: r.date,
        }
    }
}

impl From<WitLocation> for Location {
    fn from(l: WitLocation) -> Self {
        Location {
            latitude: l.latitude,
            longitude: l.longitude,
            title: l.title,
            address: l.address,
        }
    }
}
