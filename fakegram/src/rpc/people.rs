//! Users and the chats around them: common chats, the block list, and
//! `contacts.search` (the account's own chats first, then the directory).

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};
use crate::account::{Account, Chat, Peer};
use crate::convert;

/// Groups and channels shared with `user` (those they wrote in and the
/// account has not left), newest id first.
pub(crate) fn common_chats(acc: &Account, user: i64) -> Vec<&Chat> {
    let mut out: Vec<&Chat> = acc
        .chats
        .iter()
        .filter(|c| !acc.ext.left.contains(&c.peer()))
        .filter(|c| acc.history(c.peer()).iter().any(|m| m.from == user))
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.id));
    out
}

pub(crate) fn get_common_chats(
    ctx: &mut Ctx,
    req: f::messages::GetCommonChats,
) -> Result<enums::messages::Chats, RpcErr> {
    let id = resolve::user(ctx.acc, &req.user_id)?;
    let all = common_chats(ctx.acc, id);
    let total = all.len();
    let chats: Vec<enums::Chat> = all
        .into_iter()
        .filter(|c| req.max_id == 0 || c.id < req.max_id)
        .take(resolve::limit(req.limit, 100))
        .map(|c| convert::chat(c, ctx.acc))
        .collect();
    if chats.len() == total {
        return Ok(types::messages::Chats { chats }.into());
    }
    Ok(types::messages::ChatsSlice {
        count: total as i32,
        chats,
    }
    .into())
}

pub(crate) fn get_blocked(
    ctx: &mut Ctx,
    req: f::contacts::GetBlocked,
) -> Result<enums::contacts::Blocked, RpcErr> {
    let all: Vec<i64> = ctx
        .acc
        .users
        .iter()
        .filter(|u| u.blocked)
        .map(|u| u.id)
        .collect();
    let start = usize::try_from(req.offset).unwrap_or(0);
    let page: Vec<i64> = all
        .iter()
        .skip(start)
        .take(resolve::limit(req.limit, 100))
        .copied()
        .collect();
    let peers: Vec<Peer> = page.iter().map(|id| Peer::User(*id)).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    let blocked = page
        .iter()
        .map(|id| {
            types::PeerBlocked {
                peer_id: convert::peer(Peer::User(*id)),
                date: ctx.acc.now(),
            }
            .into()
        })
        .collect();
    if start == 0 && page.len() == all.len() {
        return Ok(types::contacts::Blocked {
            blocked,
            chats,
            users,
        }
        .into());
    }
    Ok(types::contacts::BlockedSlice {
        count: all.len() as i32,
        blocked,
        chats,
        users,
    }
    .into())
}

fn matches(q: &str, name: &str, username: Option<&str>) -> bool {
    name.to_lowercase().contains(q) || username.is_some_and(|u| u.to_lowercase().contains(q))
}

pub(crate) fn search(
    ctx: &mut Ctx,
    req: f::contacts::Search,
) -> Result<enums::contacts::Found, RpcErr> {
    let q = req.q.trim().trim_start_matches('@').to_lowercase();
    if q.chars().count() < 2 {
        return Err(RpcErr::bad("QUERY_TOO_SHORT"));
    }
    let acc = &*ctx.acc;
    let limit = resolve::limit(req.limit, 100);
    let mut mine = Vec::new();
    let mut global = Vec::new();
    for u in &acc.users {
        if !matches(&q, &u.full_name(), u.username.as_deref()) {
            continue;
        }
        let known = u.contact || acc.dialog(Peer::User(u.id)).is_some();
        if known {
            mine.push(Peer::User(u.id));
        } else if u.username.is_some() && !u.blocked {
            // The directory only lists users with a public username.
            global.push(Peer::User(u.id));
        }
    }
    for c in &acc.chats {
        if !matches(&q, &c.title, c.username.as_deref()) {
            continue;
        }
        if acc.dialog(c.peer()).is_some() {
            mine.push(c.peer());
        } else if c.username.is_some() {
            global.push(c.peer());
        }
    }
    mine.truncate(limit);
    global.truncate(limit);
    let all: Vec<Peer> = mine.iter().chain(&global).copied().collect();
    let (users, chats) = ctx.refs(&[], &all);
    Ok(types::contacts::Found {
        my_results: mine.into_iter().map(convert::peer).collect(),
        results: global.into_iter().map(convert::peer).collect(),
        chats,
        users,
    }
    .into())
}
