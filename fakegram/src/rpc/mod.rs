//! API methods: unwrapping `invokeWithLayer` / `initConnection`, decoding
//! with grammers-tl-types' `deserializable-functions`, and dispatch to the
//! handlers (one module per TL namespace).
//! (Over 400 lines: `METHODS`, the list of every TL function the server
//! answers, is 170 of them; the handlers are in the submodules.)

mod account;
mod actions;
mod admin;
mod admin_links;
mod admin_members;
mod admin_topics;
mod album;
mod auth;
mod business;
mod channels;
mod chat_settings;
mod contacts;
mod difference;
mod ext;
mod filters;
mod folders;
mod help;
mod insight;
mod link_preview;
mod media;
mod members;
mod messages;
mod more;
mod people;
mod perks;
mod posting;
mod privacy;
mod profile_extra;
mod resolve;
mod send;
mod send_rules;
mod stars;
mod stickers;
mod stories;
mod threads;
mod users;

use grammers_tl_types::{
    self as tl, functions as f, Cursor, Deserializable, Identifiable, Serializable,
};

use crate::account::{Account, Message, Peer};
use crate::{convert, wire, ClientInfo, Shared};

pub(crate) use auth::SIGNED_OUT_METHODS;
pub(crate) use posting::bump_pts;
pub(crate) use send::{deleted_update, incoming_update};

/// The error name for a method fakegram does not implement.
pub(crate) const NOT_IMPLEMENTED: &str = "FAKEGRAM_METHOD_NOT_IMPLEMENTED";

/// An `rpc_error` to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RpcErr {
    pub code: i32,
    pub message: String,
}

impl RpcErr {
    pub fn new(code: i32, message: &str) -> Self {
        RpcErr {
            code,
            message: message.to_string(),
        }
    }

    /// A 400 error.
    pub fn bad(message: &str) -> Self {
        Self::new(400, message)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        tl::enums::RpcError::from(tl::types::RpcError {
            error_code: self.code,
            error_message: self.message.clone(),
        })
        .to_bytes()
    }
}

/// A serialized result, or an error.
pub(crate) type Reply = Result<Vec<u8>, RpcErr>;

/// Decodes a function whose constructor id starts `body`.
pub(crate) fn decode<T: Deserializable + Identifiable>(body: &[u8]) -> Result<T, RpcErr> {
    if wire::constructor(body) != T::CONSTRUCTOR_ID {
        return Err(RpcErr::bad("INPUT_CONSTRUCTOR_INVALID"));
    }
    T::from_bytes(&body[4..]).map_err(|_| RpcErr::bad("INPUT_REQUEST_INVALID"))
}

/// A call with its wrappers taken off.
pub(crate) struct Call<'a> {
    pub body: &'a [u8],
    pub client: Option<ClientInfo>,
}

/// Takes off `invokeWithLayer`, `initConnection`, `invokeWithoutUpdates`
/// and `invokeAfterMsg`, noting what `initConnection` says.
pub(crate) fn unwrap(mut body: &[u8]) -> Call<'_> {
    let mut layer = 0;
    let mut client = None;
    loop {
        let mut c = Cursor::from_slice(body);
        let skip = match wire::constructor(body) {
            f::InvokeWithLayer::<f::help::GetConfig>::CONSTRUCTOR_ID => {
                layer = body
                    .get(4..8)
                    .map_or(0, |b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                8
            }
            f::InvokeWithoutUpdates::<f::help::GetConfig>::CONSTRUCTOR_ID => 4,
            f::InvokeAfterMsg::<f::help::GetConfig>::CONSTRUCTOR_ID => 12,
            f::InitConnection::<f::help::GetConfig>::CONSTRUCTOR_ID => {
                match init_connection(&mut c, layer) {
                    Some(info) => {
                        client = Some(info);
                        c.pos()
                    }
                    None => break,
                }
            }
            _ => break,
        };
        match body.get(skip..) {
            Some(rest) if rest.len() >= 4 => body = rest,
            _ => break,
        }
    }
    Call { body, client }
}

fn init_connection(c: &mut Cursor, layer: i32) -> Option<ClientInfo> {
    u32::deserialize(c).ok()?;
    let flags = u32::deserialize(c).ok()?;
    let api_id = i32::deserialize(c).ok()?;
    let mut s = || String::deserialize(c).ok();
    let info = ClientInfo {
        layer,
        api_id,
        device_model: s()?,
        system_version: s()?,
        app_version: s()?,
        system_lang_code: s()?,
        lang_pack: s()?,
        lang_code: s()?,
    };
    if flags & 1 != 0 {
        tl::enums::InputClientProxy::deserialize(c).ok()?;
    }
    if flags & 2 != 0 {
        tl::enums::Jsonvalue::deserialize(c).ok()?;
    }
    Some(info)
}

/// The TL name of the method in `body` (`0x…` if unknown).
pub(crate) fn method_name(body: &[u8]) -> String {
    let id = wire::constructor(body);
    match tl::name_for_id(id) {
        "" | "?" => format!("0x{id:08x}"),
        name if name.contains("unknown") => format!("0x{id:08x}"),
        name => name.to_string(),
    }
}

/// What handlers get: the locked account and the server's facts.
pub(crate) struct Ctx<'a> {
    pub acc: &'a mut Account,
    pub sh: &'a Shared,
}

impl Ctx<'_> {
    /// Users and chats for these messages (and extra peers).
    pub fn refs(
        &self,
        msgs: &[&Message],
        extra: &[Peer],
    ) -> (Vec<tl::enums::User>, Vec<tl::enums::Chat>) {
        let mut r = convert::Refs::default();
        for m in msgs {
            r.add_message(m);
        }
        for p in extra {
            r.add(*p);
        }
        (r.users(self.acc), r.chats(self.acc))
    }
}

fn run<T, R>(ctx: &mut Ctx, body: &[u8], h: impl FnOnce(&mut Ctx, T) -> Result<R, RpcErr>) -> Reply
where
    T: Deserializable + Identifiable,
    R: Serializable,
{
    let req = decode::<T>(body)?;
    h(ctx, req).map(|r| r.to_bytes())
}

/// Every API method fakegram answers, by TL name.
pub const METHODS: &[&str] = &[
    "help.getConfig",
    "help.getNearestDc",
    "updates.getState",
    "updates.getDifference",
    "updates.getChannelDifference",
    "users.getUsers",
    "users.getFullUser",
    "contacts.resolveUsername",
    "contacts.resolvePhone",
    "contacts.getContacts",
    "contacts.getBlocked",
    "contacts.search",
    "messages.getCommonChats",
    "messages.getReplies",
    "messages.getUnreadMentions",
    "messages.getPeerDialogs",
    "messages.getDialogs",
    "messages.getHistory",
    "messages.search",
    "messages.searchGlobal",
    "messages.getMessages",
    "messages.sendMessage",
    "messages.editMessage",
    "messages.deleteMessages",
    "messages.forwardMessages",
    "messages.readHistory",
    "messages.getChats",
    "messages.getFullChat",
    "messages.getForumTopics",
    "channels.getMessages",
    "channels.deleteMessages",
    "channels.readHistory",
    "channels.getChannels",
    "channels.getFullChannel",
    // Write and media methods (rpc/actions.rs, rpc/members.rs, rpc/media.rs).
    "messages.updatePinnedMessage",
    "messages.unpinAllMessages",
    "messages.sendReaction",
    "messages.saveDraft",
    "messages.getAllDrafts",
    "messages.markDialogUnread",
    "messages.readDiscussion",
    "account.updateNotifySettings",
    "folders.editPeerFolders",
    "channels.joinChannel",
    "messages.importChatInvite",
    "messages.checkChatInvite",
    "channels.leaveChannel",
    "messages.deleteChatUser",
    "upload.saveFilePart",
    "upload.saveBigFilePart",
    "upload.getFile",
    "messages.sendMedia",
    "messages.sendVote",
    // Administration (rpc/admin.rs, rpc/admin_links.rs, rpc/admin_topics.rs).
    "messages.createChat",
    "channels.createChannel",
    "channels.inviteToChannel",
    "messages.addChatUser",
    "channels.editBanned",
    "channels.editAdmin",
    "messages.editChatAdmin",
    "messages.editChatDefaultBannedRights",
    "channels.toggleSlowMode",
    "channels.editTitle",
    "messages.editChatTitle",
    "messages.editChatAbout",
    "messages.exportChatInvite",
    "messages.getExportedChatInvites",
    "messages.editExportedChatInvite",
    "messages.hideChatJoinRequest",
    "messages.getChatInviteImporters",
    "channels.getParticipants",
    "channels.getAdminLog",
    "messages.getForumTopicsByID",
    "messages.createForumTopic",
    "messages.editForumTopic",
    "messages.updatePinnedForumTopic",
    "messages.deleteTopicHistory",
    // Signing in (rpc/auth.rs).
    "auth.sendCode",
    "auth.signIn",
    "auth.checkPassword",
    "auth.exportLoginToken",
    "account.getPassword",
    // The account's contacts, profile, privacy and sessions (rpc/account.rs, rpc/privacy.rs).
    "contacts.addContact",
    "contacts.deleteContacts",
    "contacts.importContacts",
    "contacts.block",
    "contacts.unblock",
    "messages.reportSpam",
    "account.updateProfile",
    "account.updateUsername",
    "account.getAuthorizations",
    "account.resetAuthorization",
    "account.getPrivacy",
    "account.setPrivacy",
    "photos.getUserPhotos",
    "photos.deletePhotos",
    // Reactions, votes, buttons, scheduled, folders, albums (rpc/more.rs, folders.rs, album.rs).
    "messages.getMessageReactionsList",
    "messages.getPollVotes",
    "messages.getBotCallbackAnswer",
    "messages.getScheduledHistory",
    "messages.deleteScheduledMessages",
    "messages.getDialogFilters",
    "messages.updateDialogFilter",
    "messages.updateDialogFiltersOrder",
    "messages.uploadMedia",
    "messages.sendMultiMedia",
    // Rarer methods (rpc/ext.rs).
    "messages.getMessageReadParticipants",
    "messages.getSavedDialogs",
    "messages.deleteHistory",
    "channels.deleteHistory",
    "messages.setTyping",
    "messages.toggleDialogPin",
    "messages.setHistoryTTL",
    // Chat and profile settings, insights (rpc/chat_settings.rs, profile_extra.rs, insight.rs).
    "channels.editPhoto",
    "messages.editChatPhoto",
    "channels.toggleSignatures",
    "channels.togglePreHistoryHidden",
    "channels.toggleForum",
    "channels.toggleAntiSpam",
    "channels.toggleJoinRequest",
    "messages.setChatAvailableReactions",
    "photos.uploadProfilePhoto",
    "account.updateEmojiStatus",
    "account.updateBirthday",
    "channels.getChannelRecommendations",
    "stats.getBroadcastStats",
    "stats.getMegagroupStats",
    "messages.sendScheduledMessages",
    // Extras and Stars (rpc/perks.rs, rpc/business.rs, rpc/stars.rs).
    "messages.translateText",
    "messages.getWebPagePreview",
    "premium.getBoostsStatus",
    "messages.getFactCheck",
    "messages.editFactCheck",
    "messages.deleteFactCheck",
    "messages.getQuickReplies",
    "phone.getGroupCall",
    "messages.setDefaultReaction",
    "account.getBusinessChatLinks",
    "account.updateBusinessWorkHours",
    "account.updateBusinessLocation",
    "account.updateBusinessIntro",
    "account.updateBusinessGreetingMessage",
    "account.updateBusinessAwayMessage",
    "payments.getStarsTransactions",
    "payments.getStarsSubscriptions",
    "payments.getStarGifts",
    "messages.sendPaidReaction",
    // Stickers, GIFs, inline bots, transcription and stories (rpc/stickers.rs, rpc/stories.rs).
    "messages.getAllStickers",
    "messages.getEmojiStickers",
    "messages.getStickerSet",
    "messages.searchStickers",
    "messages.getInlineBotResults",
    "messages.sendInlineBotResult",
    "messages.transcribeAudio",
    "stories.getPeerStories",
    "stories.getAllStories",
    "stories.getStoryViewsList",
    "stories.sendStory",
    "stories.deleteStories",
    "stories.sendReaction",
];

/// Runs one API method against the account.
pub(crate) fn dispatch(sh: &Shared, body: &[u8]) -> Reply {
    let id = wire::constructor(body);
    // A signed-out key gets only the sign-in methods, as at Telegram.
    if !auth::SIGNED_OUT_METHODS.contains(&id) && !sh.login().signed_in {
        return Err(RpcErr::new(401, "AUTH_KEY_UNREGISTERED"));
    }
    let mut acc = sh.account();
    let ctx = &mut Ctx { acc: &mut acc, sh };
    match id {
        f::help::GetConfig::CONSTRUCTOR_ID => run(ctx, body, help::get_config),
        f::help::GetNearestDc::CONSTRUCTOR_ID => run(ctx, body, help::get_nearest_dc),
        f::auth::SendCode::CONSTRUCTOR_ID => run(ctx, body, auth::send_code),
        f::auth::SignIn::CONSTRUCTOR_ID => run(ctx, body, auth::sign_in),
        f::auth::CheckPassword::CONSTRUCTOR_ID => run(ctx, body, auth::check_password),
        f::auth::ExportLoginToken::CONSTRUCTOR_ID => run(ctx, body, auth::export_login_token),
        f::account::GetPassword::CONSTRUCTOR_ID => run(ctx, body, auth::get_password),
        f::updates::GetState::CONSTRUCTOR_ID => run(ctx, body, help::get_state),
        f::updates::GetDifference::CONSTRUCTOR_ID => run(ctx, body, difference::get_difference),
        f::updates::GetChannelDifference::CONSTRUCTOR_ID => {
            run(ctx, body, difference::get_channel_difference)
        }
        f::users::GetUsers::CONSTRUCTOR_ID => run(ctx, body, users::get_users),
        f::users::GetFullUser::CONSTRUCTOR_ID => run(ctx, body, users::get_full_user),
        f::contacts::ResolveUsername::CONSTRUCTOR_ID => run(ctx, body, contacts::resolve_username),
        f::contacts::ResolvePhone::CONSTRUCTOR_ID => run(ctx, body, contacts::resolve_phone),
        f::contacts::GetContacts::CONSTRUCTOR_ID => run(ctx, body, contacts::get_contacts),
        f::contacts::GetBlocked::CONSTRUCTOR_ID => run(ctx, body, people::get_blocked),
        f::contacts::Search::CONSTRUCTOR_ID => run(ctx, body, people::search),
        f::messages::GetCommonChats::CONSTRUCTOR_ID => run(ctx, body, people::get_common_chats),
        f::messages::GetReplies::CONSTRUCTOR_ID => run(ctx, body, threads::get_replies),
        f::messages::GetUnreadMentions::CONSTRUCTOR_ID => {
            run(ctx, body, threads::get_unread_mentions)
        }
        f::messages::GetPeerDialogs::CONSTRUCTOR_ID => run(ctx, body, threads::get_peer_dialogs),
        f::messages::GetDialogs::CONSTRUCTOR_ID => run(ctx, body, messages::get_dialogs),
        f::messages::GetHistory::CONSTRUCTOR_ID => run(ctx, body, messages::get_history),
        f::messages::Search::CONSTRUCTOR_ID => run(ctx, body, messages::search),
        f::messages::SearchGlobal::CONSTRUCTOR_ID => run(ctx, body, messages::search_global),
        f::messages::GetMessages::CONSTRUCTOR_ID => run(ctx, body, messages::get_messages),
        f::messages::SendMessage::CONSTRUCTOR_ID => run(ctx, body, send::send_message),
        f::messages::EditMessage::CONSTRUCTOR_ID => run(ctx, body, send::edit_message),
        f::messages::DeleteMessages::CONSTRUCTOR_ID => run(ctx, body, send::delete_messages),
        f::messages::ForwardMessages::CONSTRUCTOR_ID => run(ctx, body, send::forward_messages),
        f::messages::ReadHistory::CONSTRUCTOR_ID => run(ctx, body, send::read_history),
        f::messages::GetChats::CONSTRUCTOR_ID => run(ctx, body, channels::get_chats),
        f::messages::GetFullChat::CONSTRUCTOR_ID => run(ctx, body, channels::get_full_chat),
        f::messages::GetForumTopics::CONSTRUCTOR_ID => run(ctx, body, channels::get_forum_topics),
        f::channels::GetMessages::CONSTRUCTOR_ID => run(ctx, body, messages::channel_messages),
        f::channels::DeleteMessages::CONSTRUCTOR_ID => {
            run(ctx, body, send::delete_channel_messages)
        }
        f::channels::ReadHistory::CONSTRUCTOR_ID => run(ctx, body, send::read_channel_history),
        f::channels::GetChannels::CONSTRUCTOR_ID => run(ctx, body, channels::get_channels),
        f::channels::GetFullChannel::CONSTRUCTOR_ID => run(ctx, body, channels::get_full_channel),
        _ => dispatch_ext(ctx, body),
    }
}

/// The write and media methods (kept apart so each list stays readable).
fn dispatch_ext(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::{account as a, channels as c, folders as fo, messages as m, upload as u};
    match wire::constructor(body) {
        m::UpdatePinnedMessage::CONSTRUCTOR_ID => run(ctx, body, actions::update_pinned),
        m::UnpinAllMessages::CONSTRUCTOR_ID => run(ctx, body, actions::unpin_all),
        m::SendReaction::CONSTRUCTOR_ID => run(ctx, body, actions::send_reaction),
        m::SaveDraft::CONSTRUCTOR_ID => run(ctx, body, actions::save_draft),
        m::GetAllDrafts::CONSTRUCTOR_ID => run(ctx, body, actions::get_all_drafts),
        m::MarkDialogUnread::CONSTRUCTOR_ID => run(ctx, body, actions::mark_dialog_unread),
        m::ReadDiscussion::CONSTRUCTOR_ID => run(ctx, body, actions::read_discussion),
        a::UpdateNotifySettings::CONSTRUCTOR_ID => run(ctx, body, actions::update_notify_settings),
        fo::EditPeerFolders::CONSTRUCTOR_ID => run(ctx, body, actions::edit_peer_folders),
        c::JoinChannel::CONSTRUCTOR_ID => run(ctx, body, members::join_channel),
        m::ImportChatInvite::CONSTRUCTOR_ID => run(ctx, body, members::import_chat_invite),
        m::CheckChatInvite::CONSTRUCTOR_ID => run(ctx, body, members::check_chat_invite),
        c::LeaveChannel::CONSTRUCTOR_ID => run(ctx, body, members::leave_channel),
        m::DeleteChatUser::CONSTRUCTOR_ID => run(ctx, body, members::delete_chat_user),
        u::SaveFilePart::CONSTRUCTOR_ID => run(ctx, body, media::save_file_part),
        u::SaveBigFilePart::CONSTRUCTOR_ID => run(ctx, body, media::save_big_file_part),
        u::GetFile::CONSTRUCTOR_ID => run(ctx, body, media::get_file),
        m::SendMedia::CONSTRUCTOR_ID => run(ctx, body, media::send_media),
        m::SendVote::CONSTRUCTOR_ID => run(ctx, body, media::send_vote),
        _ => dispatch_admin(ctx, body),
    }
}

/// The administration methods.
fn dispatch_admin(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::{channels as c, messages as m};
    match wire::constructor(body) {
        m::CreateChat::CONSTRUCTOR_ID => run(ctx, body, admin::create_chat),
        c::CreateChannel::CONSTRUCTOR_ID => run(ctx, body, admin::create_channel),
        c::InviteToChannel::CONSTRUCTOR_ID => run(ctx, body, admin_members::invite_to_channel),
        m::AddChatUser::CONSTRUCTOR_ID => run(ctx, body, admin_members::add_chat_user),
        c::EditBanned::CONSTRUCTOR_ID => run(ctx, body, admin_members::edit_banned),
        c::EditAdmin::CONSTRUCTOR_ID => run(ctx, body, admin_members::edit_admin),
        m::EditChatAdmin::CONSTRUCTOR_ID => run(ctx, body, admin_members::edit_chat_admin),
        m::EditChatDefaultBannedRights::CONSTRUCTOR_ID => {
            run(ctx, body, admin::edit_default_banned_rights)
        }
        c::ToggleSlowMode::CONSTRUCTOR_ID => run(ctx, body, admin::toggle_slow_mode),
        c::EditTitle::CONSTRUCTOR_ID => run(ctx, body, admin::edit_title),
        m::EditChatTitle::CONSTRUCTOR_ID => run(ctx, body, admin::edit_chat_title),
        m::EditChatAbout::CONSTRUCTOR_ID => run(ctx, body, admin::edit_chat_about),
        m::ExportChatInvite::CONSTRUCTOR_ID => run(ctx, body, admin_links::export_chat_invite),
        m::GetExportedChatInvites::CONSTRUCTOR_ID => {
            run(ctx, body, admin_links::get_exported_chat_invites)
        }
        m::EditExportedChatInvite::CONSTRUCTOR_ID => {
            run(ctx, body, admin_links::edit_exported_chat_invite)
        }
        m::HideChatJoinRequest::CONSTRUCTOR_ID => {
            run(ctx, body, admin_links::hide_chat_join_request)
        }
        m::GetChatInviteImporters::CONSTRUCTOR_ID => {
            run(ctx, body, admin_links::get_chat_invite_importers)
        }
        c::GetParticipants::CONSTRUCTOR_ID => run(ctx, body, admin_links::get_participants),
        c::GetAdminLog::CONSTRUCTOR_ID => run(ctx, body, admin_links::get_admin_log),
        m::GetForumTopicsById::CONSTRUCTOR_ID => run(ctx, body, channels::get_forum_topics_by_id),
        m::CreateForumTopic::CONSTRUCTOR_ID => run(ctx, body, admin_topics::create_forum_topic),
        m::EditForumTopic::CONSTRUCTOR_ID => run(ctx, body, admin_topics::edit_forum_topic),
        m::UpdatePinnedForumTopic::CONSTRUCTOR_ID => {
            run(ctx, body, admin_topics::update_pinned_forum_topic)
        }
        m::DeleteTopicHistory::CONSTRUCTOR_ID => run(ctx, body, admin_topics::delete_topic_history),
        _ => dispatch_account(ctx, body),
    }
}

/// The account's own methods: contacts, profile, privacy, sessions, photos.
fn dispatch_account(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::{account as a, contacts as c, messages as m, photos as p};
    match wire::constructor(body) {
        c::AddContact::CONSTRUCTOR_ID => run(ctx, body, account::add_contact),
        c::DeleteContacts::CONSTRUCTOR_ID => run(ctx, body, account::delete_contacts),
        c::ImportContacts::CONSTRUCTOR_ID => run(ctx, body, account::import_contacts),
        c::Block::CONSTRUCTOR_ID => run(ctx, body, account::block),
        c::Unblock::CONSTRUCTOR_ID => run(ctx, body, account::unblock),
        m::ReportSpam::CONSTRUCTOR_ID => run(ctx, body, account::report_spam),
        a::UpdateProfile::CONSTRUCTOR_ID => run(ctx, body, account::update_profile),
        a::UpdateUsername::CONSTRUCTOR_ID => run(ctx, body, account::update_username),
        a::GetAuthorizations::CONSTRUCTOR_ID => run(ctx, body, privacy::get_authorizations),
        a::ResetAuthorization::CONSTRUCTOR_ID => run(ctx, body, privacy::reset_authorization),
        a::GetPrivacy::CONSTRUCTOR_ID => run(ctx, body, privacy::get_privacy),
        a::SetPrivacy::CONSTRUCTOR_ID => run(ctx, body, privacy::set_privacy),
        p::GetUserPhotos::CONSTRUCTOR_ID => run(ctx, body, privacy::get_user_photos),
        p::DeletePhotos::CONSTRUCTOR_ID => run(ctx, body, privacy::delete_photos),
        _ => dispatch_more(ctx, body),
    }
}

/// Reactions, votes, buttons, scheduled messages, folders and albums.
fn dispatch_more(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::messages as m;
    match wire::constructor(body) {
        m::GetMessageReactionsList::CONSTRUCTOR_ID => {
            run(ctx, body, more::get_message_reactions_list)
        }
        m::GetPollVotes::CONSTRUCTOR_ID => run(ctx, body, more::get_poll_votes),
        m::GetBotCallbackAnswer::CONSTRUCTOR_ID => run(ctx, body, more::get_bot_callback_answer),
        m::GetScheduledHistory::CONSTRUCTOR_ID => run(ctx, body, more::get_scheduled_history),
        m::DeleteScheduledMessages::CONSTRUCTOR_ID => {
            run(ctx, body, more::delete_scheduled_messages)
        }
        m::GetDialogFilters::CONSTRUCTOR_ID => run(ctx, body, folders::get_dialog_filters),
        m::UpdateDialogFilter::CONSTRUCTOR_ID => run(ctx, body, folders::update_dialog_filter),
        m::UpdateDialogFiltersOrder::CONSTRUCTOR_ID => {
            run(ctx, body, folders::update_dialog_filters_order)
        }
        m::UploadMedia::CONSTRUCTOR_ID => run(ctx, body, album::upload_media),
        m::SendMultiMedia::CONSTRUCTOR_ID => run(ctx, body, album::send_multi_media),
        _ => dispatch_rare(ctx, body),
    }
}

/// Read receipts, Saved Messages' sub-chats, history deletes, typing, dialog pins, timers.
fn dispatch_rare(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::messages as m;
    match wire::constructor(body) {
        m::GetMessageReadParticipants::CONSTRUCTOR_ID => {
            run(ctx, body, ext::get_message_read_participants)
        }
        m::GetSavedDialogs::CONSTRUCTOR_ID => run(ctx, body, ext::get_saved_dialogs),
        m::DeleteHistory::CONSTRUCTOR_ID => run(ctx, body, ext::delete_history),
        f::channels::DeleteHistory::CONSTRUCTOR_ID => run(ctx, body, ext::delete_channel_history),
        m::SetTyping::CONSTRUCTOR_ID => run(ctx, body, ext::set_typing),
        m::ToggleDialogPin::CONSTRUCTOR_ID => run(ctx, body, ext::toggle_dialog_pin),
        m::SetHistoryTtl::CONSTRUCTOR_ID => run(ctx, body, ext::set_history_ttl),
        _ => dispatch_settings(ctx, body),
    }
}

/// Chat and profile settings, recommendations, statistics, scheduled sends.
fn dispatch_settings(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::{account as a, channels as c, messages as m, photos as p, stats as s};
    match wire::constructor(body) {
        c::EditPhoto::CONSTRUCTOR_ID => run(ctx, body, chat_settings::edit_photo),
        m::EditChatPhoto::CONSTRUCTOR_ID => run(ctx, body, chat_settings::edit_chat_photo),
        c::ToggleSignatures::CONSTRUCTOR_ID => run(ctx, body, chat_settings::toggle_signatures),
        c::TogglePreHistoryHidden::CONSTRUCTOR_ID => {
            run(ctx, body, chat_settings::toggle_pre_history_hidden)
        }
        c::ToggleForum::CONSTRUCTOR_ID => run(ctx, body, chat_settings::toggle_forum),
        c::ToggleAntiSpam::CONSTRUCTOR_ID => run(ctx, body, chat_settings::toggle_anti_spam),
        c::ToggleJoinRequest::CONSTRUCTOR_ID => run(ctx, body, chat_settings::toggle_join_request),
        m::SetChatAvailableReactions::CONSTRUCTOR_ID => {
            run(ctx, body, chat_settings::set_chat_available_reactions)
        }
        p::UploadProfilePhoto::CONSTRUCTOR_ID => {
            run(ctx, body, profile_extra::upload_profile_photo)
        }
        a::UpdateEmojiStatus::CONSTRUCTOR_ID => run(ctx, body, profile_extra::update_emoji_status),
        a::UpdateBirthday::CONSTRUCTOR_ID => run(ctx, body, profile_extra::update_birthday),
        c::GetChannelRecommendations::CONSTRUCTOR_ID => {
            run(ctx, body, insight::get_channel_recommendations)
        }
        s::GetBroadcastStats::CONSTRUCTOR_ID => run(ctx, body, insight::get_broadcast_stats),
        s::GetMegagroupStats::CONSTRUCTOR_ID => run(ctx, body, insight::get_megagroup_stats),
        m::SendScheduledMessages::CONSTRUCTOR_ID => run(ctx, body, more::send_scheduled_messages),
        _ => dispatch_perks(ctx, body),
    }
}

/// Extras and Stars: translations, previews, boosts, fact-checks, Business, payments.
fn dispatch_perks(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::{account as a, messages as m, payments as p};
    match wire::constructor(body) {
        m::TranslateText::CONSTRUCTOR_ID => run(ctx, body, perks::translate_text),
        m::GetWebPagePreview::CONSTRUCTOR_ID => run(ctx, body, perks::get_web_page_preview),
        f::premium::GetBoostsStatus::CONSTRUCTOR_ID => run(ctx, body, perks::get_boosts_status),
        m::GetFactCheck::CONSTRUCTOR_ID => run(ctx, body, perks::get_fact_check),
        m::EditFactCheck::CONSTRUCTOR_ID => run(ctx, body, perks::edit_fact_check),
        m::DeleteFactCheck::CONSTRUCTOR_ID => run(ctx, body, perks::delete_fact_check),
        m::GetQuickReplies::CONSTRUCTOR_ID => run(ctx, body, perks::get_quick_replies),
        f::phone::GetGroupCall::CONSTRUCTOR_ID => run(ctx, body, perks::get_group_call),
        m::SetDefaultReaction::CONSTRUCTOR_ID => run(ctx, body, perks::set_default_reaction),
        a::GetBusinessChatLinks::CONSTRUCTOR_ID => run(ctx, body, perks::get_business_chat_links),
        a::UpdateBusinessWorkHours::CONSTRUCTOR_ID => {
            run(ctx, body, business::update_business_work_hours)
        }
        a::UpdateBusinessLocation::CONSTRUCTOR_ID => {
            run(ctx, body, business::update_business_location)
        }
        a::UpdateBusinessIntro::CONSTRUCTOR_ID => run(ctx, body, business::update_business_intro),
        a::UpdateBusinessGreetingMessage::CONSTRUCTOR_ID => {
            run(ctx, body, business::update_business_greeting_message)
        }
        a::UpdateBusinessAwayMessage::CONSTRUCTOR_ID => {
            run(ctx, body, business::update_business_away_message)
        }
        p::GetStarsTransactions::CONSTRUCTOR_ID => run(ctx, body, stars::get_stars_transactions),
        p::GetStarsSubscriptions::CONSTRUCTOR_ID => run(ctx, body, stars::get_stars_subscriptions),
        p::GetStarGifts::CONSTRUCTOR_ID => run(ctx, body, stars::get_star_gifts),
        m::SendPaidReaction::CONSTRUCTOR_ID => run(ctx, body, stars::send_paid_reaction),
        _ => dispatch_social(ctx, body),
    }
}

/// Stickers, GIFs, inline bots, transcription and stories.
fn dispatch_social(ctx: &mut Ctx, body: &[u8]) -> Reply {
    use f::{messages as m, stories as s};
    match wire::constructor(body) {
        m::GetAllStickers::CONSTRUCTOR_ID => run(ctx, body, stickers::get_all_stickers),
        m::GetEmojiStickers::CONSTRUCTOR_ID => run(ctx, body, stickers::get_emoji_stickers),
        m::GetStickerSet::CONSTRUCTOR_ID => run(ctx, body, stickers::get_sticker_set),
        m::SearchStickers::CONSTRUCTOR_ID => run(ctx, body, stickers::search_stickers),
        m::GetInlineBotResults::CONSTRUCTOR_ID => run(ctx, body, stickers::get_inline_bot_results),
        m::SendInlineBotResult::CONSTRUCTOR_ID => run(ctx, body, stickers::send_inline_bot_result),
        m::TranscribeAudio::CONSTRUCTOR_ID => run(ctx, body, stickers::transcribe_audio),
        s::GetPeerStories::CONSTRUCTOR_ID => run(ctx, body, stories::get_peer_stories),
        s::GetAllStories::CONSTRUCTOR_ID => run(ctx, body, stories::get_all_stories),
        s::GetStoryViewsList::CONSTRUCTOR_ID => run(ctx, body, stories::get_story_views_list),
        s::SendStory::CONSTRUCTOR_ID => run(ctx, body, stories::send_story),
        s::DeleteStories::CONSTRUCTOR_ID => run(ctx, body, stories::delete_stories),
        s::SendReaction::CONSTRUCTOR_ID => run(ctx, body, stories::send_reaction),
        _ => Err(RpcErr::bad(NOT_IMPLEMENTED)),
    }
}
