//! Looking outward from a chat: channel recommendations and statistics,
//! computed from the account's data (graphs answer "not enough data", as
//! Telegram's do for small chats).

use std::collections::HashMap;

use grammers_tl_types::{enums, functions as f, types};

use super::admin::{channel, need};
use super::{Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert;

/// Seconds in the statistics period (Telegram's default is a week).
const PERIOD: i32 = 7 * 86_400;

pub(crate) fn get_channel_recommendations(
    ctx: &mut Ctx,
    req: f::channels::GetChannelRecommendations,
) -> Result<enums::messages::Chats, RpcErr> {
    let like = match &req.channel {
        Some(c) => {
            let p = channel(ctx, c)?;
            if ctx.acc.chat_of(p).map(|c| c.kind) != Some(ChatKind::Channel) {
                return Err(RpcErr::bad("CHANNEL_INVALID"));
            }
            Some(p)
        }
        None => None,
    };
    // Public broadcast channels the account has not joined.
    let chats = ctx
        .acc
        .chats
        .iter()
        .filter(|c| c.kind == ChatKind::Channel && c.username.is_some())
        .filter(|c| Some(c.peer()) != like && ctx.acc.ext.left.contains(&c.peer()))
        .map(|c| convert::chat(c, ctx.acc))
        .collect();
    Ok(types::messages::Chats { chats }.into())
}

fn value(current: f64, previous: f64) -> enums::StatsAbsValueAndPrev {
    types::StatsAbsValueAndPrev { current, previous }.into()
}

fn no_graph() -> enums::StatsGraph {
    types::StatsGraphError {
        error: "Not enough data to display".into(),
    }
    .into()
}

/// Messages of `peer` in this period and the one before.
fn counts(ctx: &Ctx, peer: Peer) -> (Vec<(i64, usize)>, f64, f64) {
    let now = ctx.acc.now();
    let (mut cur, mut prev) = (0.0, 0.0);
    let mut posters: HashMap<i64, (usize, usize)> = HashMap::new();
    for m in ctx.acc.history(peer) {
        if m.date > now - PERIOD {
            cur += 1.0;
            let e = posters.entry(m.from).or_default();
            e.0 += 1;
            e.1 += m.text.chars().count();
        } else if m.date > now - 2 * PERIOD {
            prev += 1.0;
        }
    }
    let mut top: Vec<(i64, usize, usize)> =
        posters.into_iter().map(|(u, (n, c))| (u, n, c)).collect();
    top.sort_by_key(|(u, n, _)| (std::cmp::Reverse(*n), *u));
    (
        top.into_iter().map(|(u, n, c)| (u, c / n.max(1))).collect(),
        cur,
        prev,
    )
}

pub(crate) fn get_broadcast_stats(
    ctx: &mut Ctx,
    req: f::stats::GetBroadcastStats,
) -> Result<enums::stats::BroadcastStats, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    let chat = ctx
        .acc
        .chat_of(peer)
        .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID"))?;
    if chat.kind != ChatKind::Channel {
        return Err(RpcErr::bad("BROADCAST_REQUIRED"));
    }
    let members = f64::from(chat.members);
    need(ctx, peer, |r| r.post_messages || r.other)?;
    let (_, posts, before) = counts(ctx, peer);
    let now = ctx.acc.now();
    let views = (members * 0.4).round();
    Ok(types::stats::BroadcastStats {
        period: types::StatsDateRangeDays {
            min_date: now - PERIOD,
            max_date: now,
        }
        .into(),
        followers: value(members, members - before.min(members)),
        views_per_post: value(if posts > 0.0 { views } else { 0.0 }, 0.0),
        shares_per_post: value(0.0, 0.0),
        reactions_per_post: value(0.0, 0.0),
        views_per_story: value(0.0, 0.0),
        shares_per_story: value(0.0, 0.0),
        reactions_per_story: value(0.0, 0.0),
        enabled_notifications: types::StatsPercentValue {
            part: (members * 0.25).round(),
            total: members,
        }
        .into(),
        growth_graph: no_graph(),
        followers_graph: no_graph(),
        mute_graph: no_graph(),
        top_hours_graph: no_graph(),
        interactions_graph: no_graph(),
        iv_interactions_graph: no_graph(),
        views_by_source_graph: no_graph(),
        new_followers_by_source_graph: no_graph(),
        languages_graph: no_graph(),
        reactions_by_emotion_graph: no_graph(),
        story_interactions_graph: no_graph(),
        story_reactions_by_emotion_graph: no_graph(),
        recent_posts_interactions: Vec::new(),
    }
    .into())
}

pub(crate) fn get_megagroup_stats(
    ctx: &mut Ctx,
    req: f::stats::GetMegagroupStats,
) -> Result<enums::stats::MegagroupStats, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    let chat = ctx
        .acc
        .chat_of(peer)
        .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID"))?;
    if chat.kind == ChatKind::Channel {
        return Err(RpcErr::bad("MEGAGROUP_REQUIRED"));
    }
    let members = f64::from(chat.members);
    need(ctx, peer, |r| r.other || r.change_info)?;
    let (top, cur, prev) = counts(ctx, peer);
    let now = ctx.acc.now();
    let posters = top.len() as f64;
    let top_posters = top
        .iter()
        .take(10)
        .map(|(u, avg)| {
            let n = ctx
                .acc
                .history(peer)
                .iter()
                .filter(|m| m.from == *u && m.date > now - PERIOD)
                .count();
            types::StatsGroupTopPoster {
                user_id: *u,
                messages: n as i32,
                avg_chars: *avg as i32,
            }
            .into()
        })
        .collect();
    let user_peers: Vec<Peer> = top.iter().map(|(u, _)| Peer::User(*u)).collect();
    let (users, _) = ctx.refs(&[], &user_peers);
    Ok(types::stats::MegagroupStats {
        period: types::StatsDateRangeDays {
            min_date: now - PERIOD,
            max_date: now,
        }
        .into(),
        members: value(members, members),
        messages: value(cur, prev),
        viewers: value(members.min(posters * 3.0), 0.0),
        posters: value(posters, 0.0),
        growth_graph: no_graph(),
        members_graph: no_graph(),
        new_members_by_source_graph: no_graph(),
        languages_graph: no_graph(),
        messages_graph: no_graph(),
        actions_graph: no_graph(),
        top_hours_graph: no_graph(),
        weekdays_graph: no_graph(),
        top_posters,
        top_admins: Vec::new(),
        top_inviters: Vec::new(),
        users,
    }
    .into())
}
