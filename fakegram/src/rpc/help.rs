//! help.* and updates.*: the config (every DC is this server) and update state.

use grammers_tl_types::{enums, functions as f, types};

use super::{Ctx, RpcErr};
use crate::wire::now_secs;

/// The country Telegram places the client in (by its IP), and the DC it
/// would suggest: this server's own, since every DC is this server.
pub(crate) const NEAREST_COUNTRY: &str = "NL";

/// `help.getNearestDc`: the client's country and the nearest DC. Telegram
/// answers it before login too; a method no built-in tool calls (the raw
/// MTProto plugin's tests use it).
pub(crate) fn get_nearest_dc(
    ctx: &mut Ctx,
    _: f::help::GetNearestDc,
) -> Result<enums::NearestDc, RpcErr> {
    Ok(types::NearestDc {
        country: NEAREST_COUNTRY.into(),
        this_dc: ctx.sh.dc_id,
        nearest_dc: ctx.sh.dc_id,
    }
    .into())
}

/// A config whose DC options all point back at this server, so the client
/// never leaves it (grammers applies `static` options to its session).
pub(crate) fn get_config(ctx: &mut Ctx, _: f::help::GetConfig) -> Result<enums::Config, RpcErr> {
    let now = now_secs() as i32;
    let addr = ctx.sh.addr;
    let dc_options = (1..=5)
        .map(|id| {
            types::DcOption {
                ipv6: addr.is_ipv6(),
                media_only: false,
                tcpo_only: false,
                cdn: false,
                r#static: true,
                this_port_only: false,
                id,
                ip_address: addr.ip().to_string(),
                port: addr.port() as i32,
                secret: None,
            }
            .into()
        })
        .collect();
    Ok(types::Config {
        default_p2p_contacts: false,
        preload_featured_stickers: false,
        revoke_pm_inbox: true,
        blocked_mode: false,
        force_try_ipv6: false,
        date: now,
        expires: now + 3600,
        test_mode: false,
        this_dc: ctx.sh.dc_id,
        dc_options,
        dc_txt_domain_name: "localhost".into(),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5_000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 30_000,
        notify_default_delay_ms: 1_500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 2,
        edit_time_limit: 172_800,
        revoke_time_limit: i32::MAX,
        revoke_pm_time_limit: i32::MAX,
        rating_e_decay: 2_419_200,
        stickers_recent_limit: 200,
        channels_read_media_period: 604_800,
        tmp_sessions: None,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: "https://t.me/".into(),
        autoupdate_url_prefix: None,
        gif_search_username: None,
        venue_search_username: None,
        img_search_username: None,
        static_maps_provider: None,
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: 4,
        suggested_lang_code: None,
        lang_pack_version: None,
        base_lang_pack_version: None,
        reactions_default: None,
        autologin_token: None,
    }
    .into())
}

pub(crate) fn state(ctx: &Ctx) -> types::updates::State {
    let unread = ctx.acc.dialogs.iter().map(|d| d.unread_count()).sum();
    types::updates::State {
        pts: ctx.acc.pts,
        qts: 0,
        date: ctx.acc.now(),
        seq: 0,
        unread_count: unread,
    }
}

pub(crate) fn get_state(
    ctx: &mut Ctx,
    _: f::updates::GetState,
) -> Result<enums::updates::State, RpcErr> {
    Ok(state(ctx).into())
}
