//! users.*

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};
use crate::account::Peer;
use crate::convert;

/// Users that resolve, in order; the others are left out (as Telegram does).
pub(crate) fn get_users(
    ctx: &mut Ctx,
    req: f::users::GetUsers,
) -> Result<Vec<enums::User>, RpcErr> {
    Ok(req
        .id
        .iter()
        .filter_map(|u| resolve::user(ctx.acc, u).ok())
        .filter_map(|id| ctx.acc.user(id))
        .map(|u| convert::user(u, &ctx.acc.me))
        .collect())
}

pub(crate) fn get_full_user(
    ctx: &mut Ctx,
    req: f::users::GetFullUser,
) -> Result<enums::users::UserFull, RpcErr> {
    let id = resolve::user(ctx.acc, &req.id)?;
    let common = super::people::common_chats(ctx.acc, id).len() as i32;
    let user = ctx.acc.user(id).cloned();
    let about = user.as_ref().and_then(|u| u.about.clone());
    let blocked = user.as_ref().is_some_and(|u| u.blocked);
    let bot_info = user.filter(|u| u.bot).map(|u| {
        types::BotInfo {
            has_preview_medias: false,
            user_id: Some(id),
            description: u.bot_description.clone(),
            description_photo: None,
            description_document: None,
            commands: Some(Vec::new()),
            menu_button: None,
            privacy_policy_url: None,
            app_settings: None,
            verifier_settings: None,
        }
        .into()
    });
    let full = types::UserFull {
        blocked,
        phone_calls_available: false,
        phone_calls_private: false,
        can_pin_message: true,
        has_scheduled: false,
        video_calls_available: false,
        voice_messages_forbidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        blocked_my_stories_from: false,
        wallpaper_overridden: false,
        contact_require_premium: false,
        read_dates_private: false,
        sponsored_enabled: false,
        can_view_revenue: false,
        bot_can_manage_emoji_status: false,
        display_gifts_button: false,
        noforwards_my_enabled: false,
        noforwards_peer_enabled: false,
        unofficial_security_risk: false,
        id,
        about,
        settings: types::PeerSettings {
            report_spam: false,
            add_contact: false,
            block_contact: false,
            share_contact: false,
            need_contacts_exception: false,
            report_geo: false,
            autoarchived: false,
            invite_members: false,
            request_chat_broadcast: false,
            business_bot_paused: false,
            business_bot_can_reply: false,
            geo_distance: None,
            request_chat_title: None,
            request_chat_date: None,
            business_bot_id: None,
            business_bot_manage_url: None,
            charge_paid_message_stars: None,
            registration_month: None,
            phone_country: None,
            name_change_date: None,
            photo_change_date: None,
        }
        .into(),
        personal_photo: None,
        profile_photo: None,
        fallback_photo: None,
        notify_settings: convert::notify_settings(),
        bot_info,
        pinned_msg_id: None,
        common_chats_count: common,
        folder_id: None,
        ttl_period: None,
        theme: None,
        private_forward_name: None,
        bot_group_admin_rights: None,
        bot_broadcast_admin_rights: None,
        wallpaper: None,
        stories: None,
        business_work_hours: None,
        business_location: None,
        business_greeting_message: None,
        business_away_message: None,
        business_intro: None,
        birthday: None,
        personal_channel_id: None,
        personal_channel_message: None,
        stargifts_count: None,
        starref_program: None,
        bot_verification: None,
        send_paid_messages_stars: None,
        disallowed_gifts: None,
        stars_rating: None,
        stars_my_pending_rating: None,
        stars_my_pending_rating_date: None,
        main_tab: None,
        saved_music: None,
        note: None,
        bot_manager_id: None,
    };
    let (users, chats) = ctx.refs(&[], &[Peer::User(id)]);
    Ok(types::users::UserFull {
        full_user: full.into(),
        chats,
        users,
    }
    .into())
}
