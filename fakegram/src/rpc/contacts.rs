//! contacts.*

use grammers_tl_types::{enums, functions as f, types};

use super::{Ctx, RpcErr};
use crate::account::Peer;
use crate::convert;

fn resolved(ctx: &Ctx, p: Peer) -> enums::contacts::ResolvedPeer {
    let (users, chats) = ctx.refs(&[], &[p]);
    types::contacts::ResolvedPeer {
        peer: convert::peer(p),
        chats,
        users,
    }
    .into()
}

pub(crate) fn resolve_username(
    ctx: &mut Ctx,
    req: f::contacts::ResolveUsername,
) -> Result<enums::contacts::ResolvedPeer, RpcErr> {
    // Every call counts, found or not: Telegram limits the lookups themselves.
    if let Err(secs) = ctx.acc.flood.resolve_once() {
        return Err(RpcErr::new(420, &format!("FLOOD_WAIT_{secs}")));
    }
    let name = req.username.trim_start_matches('@');
    // Three letters: the official bots (@gif, @vid, @wiki) have such names.
    let valid = (3..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    if !valid {
        return Err(RpcErr::bad("USERNAME_INVALID"));
    }
    match ctx.acc.by_username(name) {
        Some(p) => Ok(resolved(ctx, p)),
        None => Err(RpcErr::bad("USERNAME_NOT_OCCUPIED")),
    }
}

pub(crate) fn resolve_phone(
    ctx: &mut Ctx,
    req: f::contacts::ResolvePhone,
) -> Result<enums::contacts::ResolvedPeer, RpcErr> {
    let digits = req.phone.chars().filter(|c| c.is_ascii_digit()).count();
    if digits < 5 {
        return Err(RpcErr::bad("PHONE_NOT_OCCUPIED"));
    }
    match ctx.acc.by_phone(&req.phone).map(|u| u.id) {
        Some(id) => Ok(resolved(ctx, Peer::User(id))),
        None => Err(RpcErr::bad("PHONE_NOT_OCCUPIED")),
    }
}

pub(crate) fn get_contacts(
    ctx: &mut Ctx,
    _: f::contacts::GetContacts,
) -> Result<enums::contacts::Contacts, RpcErr> {
    let ids: Vec<i64> = ctx
        .acc
        .users
        .iter()
        .filter(|u| u.contact)
        .map(|u| u.id)
        .collect();
    let peers: Vec<Peer> = ids.iter().map(|id| Peer::User(*id)).collect();
    let (users, _) = ctx.refs(&[], &peers);
    Ok(types::contacts::Contacts {
        contacts: ids
            .into_iter()
            .map(|user_id| {
                types::Contact {
                    user_id,
                    mutual: true,
                }
                .into()
            })
            .collect(),
        saved_count: 0,
        users,
    }
    .into())
}
