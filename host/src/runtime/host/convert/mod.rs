//! Conversions between the WIT records and the host's types, in one place.

mod admin;
mod chat_features;
mod read;
mod settings;
mod stickers_inline_stories;

pub(crate) use read::page_request;

use crate::policy::GuardError;
use crate::runtime::bindings::{
    ToolError, WitChat, WitChatKind, WitMessage, WitParseMode, WitSendOptions, WitTelegramError,
    WitUser,
};
use crate::runtime::bindings::{
    WitDraft, WitDraftOptions, WitEditOptions, WitFileOptions, WitForwardOptions, WitMediaSource,
    WitMute, WitPollSpec,
};
use crate::telegram::media::{FileOptions, MediaSource, Upload};
use crate::telegram::write_ext::{
    Draft, DraftOptions, EditOptions, ForwardOptions, Mute, PollSpec,
};
use crate::telegram::{self, TelegramError};

impl From<TelegramError> for ToolError {
    fn from(e: TelegramError) -> Self {
        match e {
            TelegramError::ChatNotFound(..) | TelegramError::NotFound(_) => {
                ToolError::NotFound(e.to_string())
            }
            TelegramError::InvalidArgs(m) => ToolError::InvalidArgs(m),
            TelegramError::Rpc {
                code,
                name,
                retry_after_secs,
            } => ToolError::Telegram(WitTelegramError {
                code,
                name,
                retry_after_secs,
            }),
            TelegramError::Disconnected(_)
            | TelegramError::Slow(_)
            | TelegramError::ProbablySent(_)
            | TelegramError::SessionInvalid(_)
            | TelegramError::Other(_) => ToolError::Internal(e.to_string()),
        }
    }
}

impl From<GuardError> for ToolError {
    fn from(e: GuardError) -> Self {
        match e {
            GuardError::Denied(m) => ToolError::Denied(m),
            GuardError::Review(_) | GuardError::Drafted(_) => ToolError::Denied(e.to_string()),
            GuardError::Hidden(..) => ToolError::NotFound(e.to_string()),
            GuardError::InvalidArgs(m) => ToolError::InvalidArgs(m),
            GuardError::Telegram(t) => t.into(),
        }
    }
}

impl From<telegram::ChatKind> for WitChatKind {
    fn from(k: telegram::ChatKind) -> Self {
        match k {
            telegram::ChatKind::Saved => WitChatKind::Saved,
            telegram::ChatKind::User => WitChatKind::User,
            telegram::ChatKind::Bot => WitChatKind::Bot,
            telegram::ChatKind::Group => WitChatKind::Group,
            telegram::ChatKind::Supergroup => WitChatKind::Supergroup,
            telegram::ChatKind::Channel => WitChatKind::Channel,
        }
    }
}

impl From<telegram::Chat> for WitChat {
    fn from(c: telegram::Chat) -> Self {
        WitChat {
            id: c.id,
            kind: c.kind.into(),
            title: c.title,
            username: c.username,
            unread_count: c.unread_count,
            members_count: c.members_count,
            url: c.url,
            is_forum: c.is_forum,
            archived: c.archived,
            pinned: c.pinned,
            muted_until: c.muted_until,
            unread_mentions: c.unread_mentions,
            last_message_date: c.last_message_date,
            role: c.role.map(|r| r.as_str().to_string()),
            about: c.about,
        }
    }
}

impl From<telegram::Message> for WitMessage {
    fn from(m: telegram::Message) -> Self {
        WitMessage {
            id: m.id,
            chat_id: m.chat_id,
            date: m.date,
            sender_id: m.sender_id,
            sender_name: m.sender_name,
            text: m.text,
            outgoing: m.outgoing,
            reply_to: m.reply_to,
            url: m.url,
            topic_id: m.topic_id,
            edit_date: m.edit_date,
            forward: m.forward.map(Into::into),
            media: m.media.map(Into::into),
            reactions: all(m.reactions),
            action: m.action,
            links: m.links,
            quote: m.quote,
        }
    }
}

impl From<telegram::User> for WitUser {
    fn from(u: telegram::User) -> Self {
        WitUser {
            id: u.id,
            first_name: u.first_name,
            last_name: u.last_name,
            username: u.username,
            phone: u.phone,
            is_bot: u.is_bot,
        }
    }
}

impl From<WitParseMode> for telegram::ParseMode {
    fn from(p: WitParseMode) -> Self {
        match p {
            WitParseMode::Plain => telegram::ParseMode::Plain,
            WitParseMode::Markdown => telegram::ParseMode::Markdown,
            WitParseMode::Html => telegram::ParseMode::Html,
        }
    }
}

impl From<WitSendOptions> for telegram::SendOptions {
    fn from(o: WitSendOptions) -> Self {
        telegram::SendOptions {
            reply_to: o.reply_to,
            silent: o.silent,
            parse_mode: o.parse_mode.into(),
            topic: o.topic,
            schedule_at: o.schedule_at,
            link_preview: o.link_preview,
        }
    }
}

/// Converts every element (a list result).
pub(crate) fn all<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

// telegram-write

impl From<WitEditOptions> for EditOptions {
    fn from(o: WitEditOptions) -> Self {
        EditOptions {
            parse_mode: o.parse_mode.into(),
            link_preview: o.link_preview,
        }
    }
}

impl From<WitForwardOptions> for ForwardOptions {
    fn from(o: WitForwardOptions) -> Self {
        ForwardOptions {
            drop_author: o.drop_author,
            silent: o.silent,
            topic: o.topic,
        }
    }
}

impl From<WitMute> for Mute {
    fn from(m: WitMute) -> Self {
        match m {
            WitMute::Off => Mute::Off,
            WitMute::Forever => Mute::Forever,
            WitMute::Until(t) => Mute::Until(t),
        }
    }
}

impl From<WitDraftOptions> for DraftOptions {
    fn from(o: WitDraftOptions) -> Self {
        DraftOptions {
            reply_to: o.reply_to,
            parse_mode: o.parse_mode.into(),
            link_preview: o.link_preview,
        }
    }
}

impl From<Draft> for WitDraft {
    fn from(d: Draft) -> Self {
        WitDraft {
            chat_id: d.chat_id,
            text: d.text,
            date: d.date,
            reply_to: d.reply_to,
        }
    }
}

impl From<WitPollSpec> for PollSpec {
    fn from(p: WitPollSpec) -> Self {
        PollSpec {
            question: p.question,
            options: p.options,
            multiple_choice: p.multiple_choice,
            public_voters: p.public_voters,
            quiz: p.quiz,
            correct: p.correct,
            explanation: p.explanation,
        }
    }
}

impl TryFrom<WitMediaSource> for MediaSource {
    type Error = ToolError;

    fn try_from(s: WitMediaSource) -> Result<Self, ToolError> {
        match s {
            // A cut file would reach the chat broken: refuse it whole.
            WitMediaSource::Bytes(b) if b.truncated => Err(ToolError::InvalidArgs(
                "the file is marked truncated; send the whole file".into(),
            )),
            WitMediaSource::Bytes(b) => Ok(MediaSource::Bytes(Upload {
                bytes: b.data,
                mime: Some(b.mime).filter(|m| !m.trim().is_empty()),
                file_name: b.file_name.filter(|n| !n.trim().is_empty()),
            })),
            WitMediaSource::Url(u) => Ok(MediaSource::Url(u)),
        }
    }
}

impl From<WitFileOptions> for FileOptions {
    fn from(o: WitFileOptions) -> Self {
        FileOptions {
            send: o.send.into(),
            force_document: o.force_document,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::bindings::WitBlob;

    fn blob(mime: &str, truncated: bool) -> WitMediaSource {
        WitMediaSource::Bytes(WitBlob {
            mime: mime.into(),
            file_name: Some(" ".into()),
            data: b"\x89PNG\r\n\x1a\n".to_vec(),
            truncated,
        })
    }

    #[test]
    fn media_sources_guess_a_blank_type_and_refuse_cut_files() {
        let Ok(MediaSource::Bytes(u)) = MediaSource::try_from(blob("", false)) else {
            panic!("bytes stay bytes");
        };
        assert_eq!((u.mime, u.file_name), (None, None), "blank means unknown");
        let Ok(MediaSource::Bytes(u)) = MediaSource::try_from(blob("image/png", false)) else {
            panic!("bytes stay bytes");
        };
        assert_eq!(u.mime.as_deref(), Some("image/png"));
        assert!(matches!(
            MediaSource::try_from(blob("image/png", true)),
            Err(ToolError::InvalidArgs(_))
        ));
        let url = WitMediaSource::Url("https://example.org/a.png".into());
        assert_eq!(
            MediaSource::try_from(url).ok(),
            Some(MediaSource::Url("https://example.org/a.png".into()))
        );
    }

    #[test]
    fn mute_and_send_options_keep_every_field() {
        assert_eq!(Mute::from(WitMute::Until(9)), Mute::Until(9));
        assert_eq!(Mute::from(WitMute::Forever), Mute::Forever);
        let o = telegram::SendOptions::from(WitSendOptions {
            reply_to: Some(3),
            silent: true,
            parse_mode: WitParseMode::Html,
            topic: Some(2),
            schedule_at: Some(1_900_000_000),
            link_preview: Some(false),
        });
        assert_eq!(
            (o.reply_to, o.silent, o.parse_mode, o.topic),
            (Some(3), true, telegram::ParseMode::Html, Some(2))
        );
        assert_eq!(
            (o.schedule_at, o.link_preview),
            (Some(1_900_000_000), Some(false))
        );
    }
}
