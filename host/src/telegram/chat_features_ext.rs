//! Chat features beyond plain text ([`ChatFeaturesExt`]): reactions, polls,
//! keyboards, scheduled messages, chat folders, albums and voice notes, and
//! the chat actions (read receipts, typing, pinned dialogs, auto-delete,
//! clearing history, places, contacts and dice). Implemented by the grammers
//! backend (`grammers/chat_features_ext.rs`); the policy applies through
//! `policy::Guard`'s methods of the same names (`policy/guard/chat_features.rs`
//! and `policy/guard/chat_actions.rs`).

use async_trait::async_trait;
use serde::Serialize;

use super::media::Upload;
use super::{Chat, Message, SendOptions, TelegramError};

/// Who reacted to a message, and with what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reactor {
    /// Bot-API id of the user (or chat) that reacted.
    pub peer_id: i64,
    pub name: String,
    /// The emoji (custom emoji: `custom:<id>`).
    pub emoji: String,
    /// Unix seconds.
    pub date: i64,
}

/// One answer of a poll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollAnswer {
    pub text: String,
    /// `None` while Telegram hides the results (before the account votes).
    pub voters: Option<u32>,
    pub chosen: bool,
    pub correct: bool,
}

/// Who voted for which answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollVote {
    pub user_id: i64,
    pub name: String,
    pub answer: u32,
}

/// A poll with its results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollResults {
    pub question: String,
    pub answers: Vec<PollAnswer>,
    pub total_voters: u32,
    pub closed: bool,
    pub public_voters: bool,
    pub multiple_choice: bool,
    pub quiz: bool,
    /// Who voted for what, where the poll is public and the results show.
    pub votes: Vec<PollVote>,
}

/// What pressing a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonKind {
    Callback,
    Url,
    SwitchInline,
    Reply,
    RequestPhone,
    RequestLocation,
    RequestPoll,
    Game,
    Buy,
    Login,
    WebApp,
    Copy,
    Other,
}

/// A button of a message's keyboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Button {
    pub row: u32,
    pub column: u32,
    pub text: String,
    pub kind: ButtonKind,
    pub url: Option<String>,
}

/// Which button to press.
#[derive(Debug, Clone, PartialEq)]
pub enum ButtonRef {
    /// (row, column), from 0.
    Position(u32, u32),
    /// The exact label.
    Text(String),
}

/// What a bot answered to a pressed button.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BotAnswer {
    pub message: Option<String>,
    pub alert: bool,
    pub url: Option<String>,
}

/// A chat folder with its chats.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Folder {
    pub id: u32,
    pub title: String,
    pub emoticon: Option<String>,
    pub pinned: Vec<Chat>,
    pub included: Vec<Chat>,
    pub excluded: Vec<Chat>,
    pub contacts: bool,
    pub non_contacts: bool,
    pub groups: bool,
    pub channels: bool,
    pub bots: bool,
    pub exclude_muted: bool,
    pub exclude_read: bool,
    pub exclude_archived: bool,
}

/// Changes to a folder; `None` leaves a setting as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FolderEdit {
    pub title: Option<String>,
    pub emoticon: Option<String>,
    /// Chats to include, as users write them.
    pub add: Vec<String>,
    /// Chats to take out of the included and pinned lists.
    pub remove: Vec<String>,
    pub contacts: Option<bool>,
    pub non_contacts: Option<bool>,
    pub groups: Option<bool>,
    pub channels: Option<bool>,
    pub bots: Option<bool>,
    pub exclude_muted: Option<bool>,
    pub exclude_read: Option<bool>,
    pub exclude_archived: Option<bool>,
}

/// One file of an album, its bytes at hand.
#[derive(Debug, Clone)]
pub struct AlbumFile {
    pub file: Upload,
    pub caption: String,
}

/// A place to send: a point, or a venue when it has a title.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub title: Option<String>,
    pub address: Option<String>,
}

/// Who read a message, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reader {
    pub user_id: i64,
    pub name: String,
    /// Unix seconds.
    pub date: i64,
}

/// The animated dice Telegram has.
pub const DICE: &[&str] = &["🎲", "🎯", "🏀", "⚽", "🎳", "🎰"];

/// Most files in one album (Telegram's limit).
pub const MAX_ALBUM: usize = 10;

/// Reactions, polls, keyboards, scheduled messages, folders, albums, voice.
#[async_trait]
pub trait ChatFeaturesExt: Send + Sync {
    /// Who reacted to message `id` (only `emoji` when given), newest first.
    async fn list_reactions(
        &self,
        chat: &str,
        id: i32,
        emoji: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Reactor>, TelegramError>;

    /// The poll of message `id` with its results and public votes.
    async fn get_poll(&self, chat: &str, id: i32) -> Result<PollResults, TelegramError>;

    /// The buttons of message `id`'s keyboard (empty: it has none).
    async fn list_buttons(&self, chat: &str, id: i32) -> Result<Vec<Button>, TelegramError>;

    /// Messages scheduled in the chat, soonest first.
    async fn list_scheduled(&self, chat: &str) -> Result<Vec<Message>, TelegramError>;

    /// The account's folders, in order (chats not resolvable are left out).
    async fn list_folders(&self) -> Result<Vec<Folder>, TelegramError>;

    /// Deletes scheduled messages; returns how many existed.
    async fn delete_scheduled(&self, chat: &str, ids: &[i32]) -> Result<u32, TelegramError>;

    /// Presses a callback button of message `id`; returns the bot's answer.
    async fn press_button(
        &self,
        chat: &str,
        id: i32,
        button: &ButtonRef,
    ) -> Result<BotAnswer, TelegramError>;

    /// Creates a folder from `edit` (title required).
    async fn create_folder(&self, edit: &FolderEdit) -> Result<Folder, TelegramError>;

    /// Changes folder `id`.
    async fn edit_folder(&self, id: u32, edit: &FolderEdit) -> Result<Folder, TelegramError>;

    /// Deletes folder `id` (its chats stay).
    async fn delete_folder(&self, id: u32) -> Result<(), TelegramError>;

    /// Sends 2 to [`MAX_ALBUM`] photos or files as one album.
    async fn send_album(
        &self,
        chat: &str,
        files: &[AlbumFile],
        opts: &SendOptions,
    ) -> Result<Vec<Message>, TelegramError>;

    /// Sends a voice note.
    async fn send_voice(
        &self,
        chat: &str,
        file: &Upload,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Who read one's own message `id` in a small group.
    async fn get_read_participants(
        &self,
        chat: &str,
        id: i32,
    ) -> Result<Vec<Reader>, TelegramError>;

    /// Saved Messages' sub-chats (by whom a saved message came from), newest first.
    async fn list_saved_dialogs(&self, limit: u32) -> Result<Vec<Chat>, TelegramError>;

    /// Closes a poll of one's own.
    async fn close_poll(&self, chat: &str, id: i32) -> Result<(), TelegramError>;

    /// Deletes the chat's history; returns how many messages went.
    async fn delete_history(&self, chat: &str, revoke: bool) -> Result<u32, TelegramError>;

    /// Shows or stops "typing…".
    async fn set_typing(&self, chat: &str, typing: bool) -> Result<(), TelegramError>;

    /// Pins or unpins the chat in the chat list.
    async fn pin_chat(&self, chat: &str, pinned: bool) -> Result<(), TelegramError>;

    /// Sets the chat's auto-delete timer (0: off).
    async fn set_auto_delete(&self, chat: &str, seconds: u32) -> Result<(), TelegramError>;

    /// Orders the folders (every id once).
    async fn reorder_folders(&self, ids: &[u32]) -> Result<(), TelegramError>;

    /// Sends a point or a venue.
    async fn send_location(
        &self,
        chat: &str,
        place: &Location,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Sends a contact card.
    async fn send_contact(
        &self,
        chat: &str,
        phone: &str,
        first_name: &str,
        last_name: Option<&str>,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Sends an animated dice.
    async fn send_dice(
        &self,
        chat: &str,
        emoji: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Sends scheduled messages now; returns them as sent.
    async fn send_scheduled_now(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<Message>, TelegramError>;
}
