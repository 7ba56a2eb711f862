//! Telegram Stars: the balance with its history and subscriptions, the
//! gift catalogue, and paid reactions (which spend the balance). State in
//! `perks.rs`.

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert;
use crate::perks::StarsTx;

/// Most Stars one paid reaction may carry (Telegram's own limit).
const MAX_PAID_REACTION: i32 = 2_500;

fn amount(n: i64) -> enums::StarsAmount {
    types::StarsAmount {
        amount: n,
        nanos: 0,
    }
    .into()
}

fn transaction(t: &StarsTx) -> enums::StarsTransaction {
    types::StarsTransaction {
        refund: false,
        pending: false,
        failed: false,
        gift: false,
        reaction: t.reaction,
        stargift_upgrade: false,
        business_transfer: false,
        stargift_resale: false,
        posts_search: false,
        stargift_prepaid_upgrade: false,
        stargift_drop_original_details: false,
        phonegroup_message: false,
        stargift_auction_bid: false,
        offer: false,
        id: t.id.clone(),
        amount: amount(t.amount),
        date: t.date,
        peer: match t.peer {
            Some(p) => types::StarsTransactionPeer {
                peer: convert::peer(p),
            }
            .into(),
            None => enums::StarsTransactionPeer::AppStore,
        },
        title: t.title.clone(),
        description: None,
        photo: None,
        transaction_date: None,
        transaction_url: None,
        bot_payload: None,
        msg_id: t.msg_id,
        extended_media: None,
        subscription_period: None,
        giveaway_post_id: None,
        stargift: None,
        floodskip_number: None,
        starref_commission_permille: None,
        starref_peer: None,
        starref_amount: None,
        paid_messages: None,
        premium_gift_months: None,
        ads_proceeds_from_date: None,
        ads_proceeds_to_date: None,
    }
    .into()
}

/// Only the account's own Stars are served (bots' and channels' revenue is not).
fn own(ctx: &Ctx, p: &enums::InputPeer) -> Result<(), RpcErr> {
    match resolve::peer(ctx.acc, p)? {
        Peer::User(id) if id == ctx.acc.me.id => Ok(()),
        _ => Err(RpcErr::bad("PEER_ID_INVALID")),
    }
}

pub(crate) fn get_stars_transactions(
    ctx: &mut Ctx,
    req: f::payments::GetStarsTransactions,
) -> Result<enums::payments::StarsStatus, RpcErr> {
    own(ctx, &req.peer)?;
    let p = &ctx.acc.perks;
    let limit = resolve::limit(req.limit, 100);
    let history: Vec<_> = p
        .transactions
        .iter()
        .rev()
        .filter(|t| (!req.inbound || t.amount > 0) && (!req.outbound || t.amount < 0))
        .take(limit)
        .collect();
    let peers: Vec<Peer> = history.iter().filter_map(|t| t.peer).collect();
    let history = history.into_iter().map(transaction).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::payments::StarsStatus {
        balance: amount(ctx.acc.perks.stars),
        subscriptions: None,
        subscriptions_next_offset: None,
        subscriptions_missing_balance: None,
        history: Some(history),
        next_offset: None,
        chats,
        users,
    }
    .into())
}

pub(crate) fn get_stars_subscriptions(
    ctx: &mut Ctx,
    req: f::payments::GetStarsSubscriptions,
) -> Result<enums::payments::StarsStatus, RpcErr> {
    own(ctx, &req.peer)?;
    let subs = &ctx.acc.perks.subscriptions;
    let peers: Vec<Peer> = subs.iter().map(|s| s.peer).collect();
    let subscriptions = subs
        .iter()
        .map(|s| {
            types::StarsSubscription {
                canceled: false,
                can_refulfill: false,
                missing_balance: false,
                bot_canceled: false,
                id: s.id.clone(),
                peer: convert::peer(s.peer),
                until_date: s.until,
                pricing: types::StarsSubscriptionPricing {
                    period: s.period,
                    amount: s.amount,
                }
                .into(),
                chat_invite_hash: None,
                title: s.title.clone(),
                photo: None,
                invoice_slug: None,
            }
            .into()
        })
        .collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::payments::StarsStatus {
        balance: amount(ctx.acc.perks.stars),
        subscriptions: Some(subscriptions),
        subscriptions_next_offset: None,
        subscriptions_missing_balance: None,
        history: None,
        next_offset: None,
        chats,
        users,
    }
    .into())
}

pub(crate) fn get_star_gifts(
    ctx: &mut Ctx,
    _req: f::payments::GetStarGifts,
) -> Result<enums::payments::StarGifts, RpcErr> {
    let gifts = ctx
        .acc
        .perks
        .gifts
        .iter()
        .map(|g| {
            types::StarGift {
                limited: g.limited.is_some(),
                sold_out: g.limited.is_some_and(|(left, _)| left == 0),
                birthday: false,
                require_premium: false,
                limited_per_user: false,
                peer_color_available: false,
                auction: false,
                id: g.id,
                // No sticker files in fakegram: an empty document stands in.
                sticker: types::DocumentEmpty { id: g.id }.into(),
                stars: g.stars,
                availability_remains: g.limited.map(|l| l.0),
                availability_total: g.limited.map(|l| l.1),
                availability_resale: None,
                convert_stars: g.stars * 85 / 100,
                first_sale_date: None,
                last_sale_date: None,
                upgrade_stars: None,
                resell_min_stars: None,
                title: g.title.clone(),
                released_by: None,
                per_user_total: None,
                per_user_remains: None,
                locked_until_date: None,
                auction_slug: None,
                gifts_per_round: None,
                auction_start_date: None,
                upgrade_variants: None,
                background: None,
            }
            .into()
        })
        .collect();
    Ok(types::payments::StarGifts {
        hash: 1,
        gifts,
        chats: Vec::new(),
        users: Vec::new(),
    }
    .into())
}

pub(crate) fn send_paid_reaction(
    ctx: &mut Ctx,
    req: f::messages::SendPaidReaction,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    // Paid reactions exist in channels (broadcast and supergroups) only.
    let Peer::Channel(c) = peer else {
        return Err(RpcErr::bad("REACTION_INVALID"));
    };
    if !ctx.acc.chat(c).is_some_and(|c| c.kind != ChatKind::Group) {
        return Err(RpcErr::bad("REACTION_INVALID"));
    }
    ctx.acc
        .message(peer, req.msg_id)
        .ok_or_else(|| RpcErr::bad("MSG_ID_INVALID"))?;
    if !(1..=MAX_PAID_REACTION).contains(&req.count) {
        return Err(RpcErr::bad("REACTION_INVALID"));
    }
    let count = i64::from(req.count);
    let date = ctx.acc.now();
    let p = &mut ctx.acc.perks;
    if p.stars < count {
        return Err(RpcErr::bad("BALANCE_TOO_LOW"));
    }
    p.stars -= count;
    let total = {
        let t = p.paid_reactions.entry((peer, req.msg_id)).or_insert(0);
        *t += count;
        *t
    };
    let n = p.transactions.len() + 1;
    p.transactions.push(StarsTx {
        id: format!("reaction-{n}-{}", req.random_id),
        amount: -count,
        date,
        peer: Some(peer),
        title: None,
        reaction: true,
        msg_id: Some(req.msg_id),
    });
    let update = types::UpdateMessageReactions {
        peer: convert::peer(peer),
        msg_id: req.msg_id,
        top_msg_id: None,
        saved_peer_id: None,
        reactions: types::MessageReactions {
            min: false,
            can_see_list: false,
            reactions_as_tags: false,
            results: vec![types::ReactionCount {
                chosen_order: None,
                reaction: enums::Reaction::Paid,
                count: total as i32,
            }
            .into()],
            recent_reactions: None,
            top_reactors: None,
        }
        .into(),
    };
    let (users, chats) = ctx.refs(&[], &[peer]);
    Ok(types::Updates {
        updates: vec![update.into()],
        users,
        chats,
        date: ctx.acc.now(),
        seq: 0,
    }
    .into())
}
