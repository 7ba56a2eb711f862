//! Conversions between the WIT records and the host's types, in one place.

use super::super::bindings::{
    ToolError, WitChat, WitChatKind, WitMessage, WitParseMode, WitSendOptions, WitTelegramError,
    WitUser,
};
use crate::policy::GuardError;
use crate::telegram::{self, TelegramError};

impl From<TelegramError> for ToolError {
    fn from(e: TelegramError) -> Self {
        match e {
            TelegramError::ChatNotFound(_) | TelegramError::NotFound(_) => {
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
            GuardError::Hidden(_) => ToolError::NotFound(e.to_string()),
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
            ..Default::default()
        }
    }
}

/// Converts every element (a list result).
pub(crate) fn all<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}
