//! `tgmcp:plugin@0.1.0`, still linked: plugins built against it load and
//! answer unchanged. Each function is the 0.2.0 one with 0.1.0's shapes; the
//! guard is the same, so the policy applies alike. Frozen: new functions go
//! into the newest version only.

use super::super::bindings::v0_1::tgmcp::plugin::{log, telegram_read, telegram_write, types};
use super::super::bindings::{ToolError, WitTelegramError};
use super::CallState;
use crate::telegram;

type Error = types::ToolError;

impl From<ToolError> for Error {
    fn from(e: ToolError) -> Self {
        match e {
            ToolError::InvalidArgs(m) => Error::InvalidArgs(m),
            ToolError::Denied(m) => Error::Denied(m),
            ToolError::NotFound(m) => Error::NotFound(m),
            ToolError::Telegram(t) => Error::Telegram(types::TelegramError {
                code: t.code,
                name: t.name,
                retry_after_secs: t.retry_after_secs,
            }),
            ToolError::Internal(m) => Error::Internal(m),
        }
    }
}

impl From<Error> for ToolError {
    fn from(e: Error) -> Self {
        match e {
            Error::InvalidArgs(m) => ToolError::InvalidArgs(m),
            Error::Denied(m) => ToolError::Denied(m),
            Error::NotFound(m) => ToolError::NotFound(m),
            Error::Telegram(t) => ToolError::Telegram(WitTelegramError {
                code: t.code,
                name: t.name,
                retry_after_secs: t.retry_after_secs,
            }),
            Error::Internal(m) => ToolError::Internal(m),
        }
    }
}

impl From<types::ToolInfo> for super::super::bindings::ToolInfo {
    fn from(t: types::ToolInfo) -> Self {
        super::super::bindings::ToolInfo {
            name: t.name,
            title: t.title,
            description: t.description,
            input_schema: t.input_schema,
            output_schema: t.output_schema,
            read_only: t.read_only,
            destructive: t.destructive,
            idempotent: t.idempotent,
            open_world: t.open_world,
        }
    }
}

/// A guard error in 0.1.0's shape.
fn err(e: impl Into<ToolError>) -> Error {
    e.into().into()
}

fn user(u: telegram::User) -> types::User {
    types::User {
        id: u.id,
        first_name: u.first_name,
        last_name: u.last_name,
        username: u.username,
        phone: u.phone,
        is_bot: u.is_bot,
    }
}

fn chat(c: telegram::Chat) -> types::Chat {
    types::Chat {
        id: c.id,
        kind: match c.kind {
            telegram::ChatKind::Saved => types::ChatKind::Saved,
            telegram::ChatKind::User => types::ChatKind::User,
            telegram::ChatKind::Bot => types::ChatKind::Bot,
            telegram::ChatKind::Group => types::ChatKind::Group,
            telegram::ChatKind::Supergroup => types::ChatKind::Supergroup,
            telegram::ChatKind::Channel => types::ChatKind::Channel,
        },
        title: c.title,
        username: c.username,
        unread_count: c.unread_count,
        members_count: c.members_count,
    }
}

fn message(m: telegram::Message) -> types::Message {
    types::Message {
        id: m.id,
        chat_id: m.chat_id,
        date: m.date,
        sender_id: m.sender_id,
        sender_name: m.sender_name,
        text: m.text,
        outgoing: m.outgoing,
        reply_to: m.reply_to,
    }
}

fn messages(v: Vec<telegram::Message>) -> Vec<types::Message> {
    v.into_iter().map(message).collect()
}

impl types::Host for CallState {}

impl log::Host for CallState {
    async fn log(&mut self, level: log::Level, message: String) {
        let level = match level {
            log::Level::Trace => tracing::Level::TRACE,
            log::Level::Debug => tracing::Level::DEBUG,
            log::Level::Info => tracing::Level::INFO,
            log::Level::Warn => tracing::Level::WARN,
            log::Level::Error => tracing::Level::ERROR,
        };
        self.log_line(level, "log", &message);
    }
}

impl telegram_read::Host for CallState {
    async fn get_me(&mut self) -> Result<types::User, Error> {
        self.guard.get_me().await.map(user).map_err(err)
    }

    async fn list_chats(&mut self, limit: u32) -> Result<Vec<types::Chat>, Error> {
        let chats = self.guard.list_chats(limit).await.map_err(err)?;
        Ok(chats.into_iter().map(chat).collect())
    }

    async fn get_chat(&mut self, chat: String) -> Result<types::Chat, Error> {
        self.guard
            .get_chat(&chat)
            .await
            .map(self::chat)
            .map_err(err)
    }

    async fn get_history(
        &mut self,
        chat: String,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<types::Message>, Error> {
        let got = self.guard.get_history(&chat, limit, offset_id).await;
        got.map(messages).map_err(err)
    }

    async fn search_messages(
        &mut self,
        query: String,
        peer: Option<String>,
        limit: u32,
    ) -> Result<Vec<types::Message>, Error> {
        let got = self
            .guard
            .search_messages(&query, peer.as_deref(), limit, None)
            .await;
        got.map(messages).map_err(err)
    }

    async fn get_messages(
        &mut self,
        chat: String,
        ids: Vec<i32>,
    ) -> Result<Vec<types::Message>, Error> {
        let got = self.guard.get_messages(&chat, &ids).await;
        got.map(messages).map_err(err)
    }
}

impl telegram_write::Host for CallState {
    async fn send_message(
        &mut self,
        chat: String,
        text: String,
        options: types::SendOptions,
    ) -> Result<types::Message, Error> {
        let opts = telegram::SendOptions {
            reply_to: options.reply_to,
            silent: options.silent,
            parse_mode: match options.parse_mode {
                types::ParseMode::Plain => telegram::ParseMode::Plain,
                types::ParseMode::Markdown => telegram::ParseMode::Markdown,
                types::ParseMode::Html => telegram::ParseMode::Html,
            },
            ..Default::default()
        };
        let sent = self.guard.send_message(&chat, &text, &opts).await;
        sent.map(message).map_err(err)
    }
}
