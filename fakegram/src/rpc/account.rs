//! The account's own people and profile: adding, renaming, importing and
//! deleting contacts, blocking, spam reports, the name, bio and username.

use grammers_tl_types::{enums, functions as f, types};

use super::posting::updates;
use super::{resolve, Ctx, RpcErr};
use crate::account::{Peer, User};
use crate::convert;

/// Longest bio Telegram takes from a non-Premium account.
const ABOUT_MAX: usize = 70;
/// Longest first or last name.
const NAME_MAX: usize = 64;

fn user_mut<'a>(ctx: &'a mut Ctx, id: i64) -> Result<&'a mut User, RpcErr> {
    if id == ctx.acc.me.id {
        return Err(RpcErr::bad("CONTACT_ID_INVALID"));
    }
    ctx.acc
        .users
        .iter_mut()
        .find(|u| u.id == id)
        .ok_or_else(|| RpcErr::bad("USER_ID_INVALID"))
}

fn check_name(first: &str, last: &str) -> Result<(), RpcErr> {
    if first.trim().is_empty() || first.chars().count() > NAME_MAX {
        return Err(RpcErr::bad("FIRSTNAME_INVALID"));
    }
    if last.chars().count() > NAME_MAX {
        return Err(RpcErr::bad("LASTNAME_INVALID"));
    }
    Ok(())
}

/// Sets the names the account sees a contact under, keeping the user's own.
fn rename(ctx: &mut Ctx, id: i64, first: &str, last: &str) -> Result<(), RpcErr> {
    let u = user_mut(ctx, id)?;
    let own = (u.first_name.clone(), u.last_name.clone());
    set_names(u, first, last);
    // The first rename keeps what the user called themselves.
    ctx.acc.settings.own_names.entry(id).or_insert(own);
    Ok(())
}

fn set_names(u: &mut User, first: &str, last: &str) {
    u.first_name = first.trim().to_string();
    let last = last.trim();
    u.last_name = (!last.is_empty()).then(|| last.to_string());
}

pub(crate) fn add_contact(
    ctx: &mut Ctx,
    req: f::contacts::AddContact,
) -> Result<enums::Updates, RpcErr> {
    let id = resolve::user(ctx.acc, &req.id)?;
    check_name(&req.first_name, &req.last_name)?;
    rename(ctx, id, &req.first_name, &req.last_name)?;
    let u = user_mut(ctx, id)?;
    u.contact = true;
    let digits: String = req.phone.chars().filter(char::is_ascii_digit).collect();
    if u.phone.is_none() && !digits.is_empty() {
        u.phone = Some(digits);
    }
    if req.add_phone_privacy_exception && !ctx.acc.settings.phone_shared.contains(&id) {
        ctx.acc.settings.phone_shared.push(id);
    }
    Ok(updates(ctx, Vec::new(), &[], Peer::User(id)))
}

pub(crate) fn delete_contacts(
    ctx: &mut Ctx,
    req: f::contacts::DeleteContacts,
) -> Result<enums::Updates, RpcErr> {
    let ids = req
        .id
        .iter()
        .map(|u| resolve::user(ctx.acc, u))
        .collect::<Result<Vec<i64>, _>>()?;
    for id in &ids {
        let own = ctx.acc.settings.own_names.remove(id);
        let u = user_mut(ctx, *id)?;
        u.contact = false;
        // The account sees them under their own name again.
        if let Some((first, last)) = own {
            u.first_name = first;
            u.last_name = last;
        }
    }
    let peers: Vec<Peer> = ids.iter().map(|id| Peer::User(*id)).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::Updates {
        updates: Vec::new(),
        users,
        chats,
        date: ctx.acc.now(),
        seq: 0,
    }
    .into())
}

pub(crate) fn import_contacts(
    ctx: &mut Ctx,
    req: f::contacts::ImportContacts,
) -> Result<enums::contacts::ImportedContacts, RpcErr> {
    let mut imported = Vec::new();
    for c in &req.contacts {
        let enums::InputContact::InputPhoneContact(c) = c;
        check_name(&c.first_name, &c.last_name)?;
        let Some(id) = ctx.acc.by_phone(&c.phone).map(|u| u.id) else {
            // No Telegram account behind the number: left out, as Telegram does.
            continue;
        };
        if id == ctx.acc.me.id {
            continue;
        }
        rename(ctx, id, &c.first_name, &c.last_name)?;
        user_mut(ctx, id)?.contact = true;
        imported.push((id, c.client_id));
    }
    let peers: Vec<Peer> = imported.iter().map(|(id, _)| Peer::User(*id)).collect();
    let (users, _) = ctx.refs(&[], &peers);
    Ok(types::contacts::ImportedContacts {
        imported: imported
            .into_iter()
            .map(|(user_id, client_id)| types::ImportedContact { user_id, client_id }.into())
            .collect(),
        popular_invites: Vec::new(),
        retry_contacts: Vec::new(),
        users,
    }
    .into())
}

fn set_blocked(ctx: &mut Ctx, peer: &enums::InputPeer, blocked: bool) -> Result<bool, RpcErr> {
    match resolve::peer(ctx.acc, peer)? {
        Peer::User(id) => {
            user_mut(ctx, id)?.blocked = blocked;
            Ok(true)
        }
        _ => Err(RpcErr::bad("PEER_ID_INVALID")),
    }
}

pub(crate) fn block(ctx: &mut Ctx, req: f::contacts::Block) -> Result<bool, RpcErr> {
    set_blocked(ctx, &req.id, true)
}

pub(crate) fn unblock(ctx: &mut Ctx, req: f::contacts::Unblock) -> Result<bool, RpcErr> {
    set_blocked(ctx, &req.id, false)
}

pub(crate) fn report_spam(ctx: &mut Ctx, req: f::messages::ReportSpam) -> Result<bool, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if peer == Peer::User(ctx.acc.me.id) {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    ctx.acc.settings.reported.push(peer);
    Ok(true)
}

fn me(ctx: &Ctx) -> enums::User {
    convert::user(&ctx.acc.me, &ctx.acc.me)
}

pub(crate) fn update_profile(
    ctx: &mut Ctx,
    req: f::account::UpdateProfile,
) -> Result<enums::User, RpcErr> {
    let first = req.first_name.as_deref();
    let last = req.last_name.as_deref();
    check_name(
        first.unwrap_or(&ctx.acc.me.first_name),
        last.unwrap_or_default(),
    )?;
    if let Some(about) = &req.about {
        if about.chars().count() > ABOUT_MAX {
            return Err(RpcErr::bad("ABOUT_TOO_LONG"));
        }
    }
    let me_user = &mut ctx.acc.me;
    if let Some(f) = first {
        me_user.first_name = f.trim().to_string();
    }
    if let Some(l) = last {
        let l = l.trim();
        me_user.last_name = (!l.is_empty()).then(|| l.to_string());
    }
    if let Some(a) = req.about {
        let a = a.trim().to_string();
        me_user.about = (!a.is_empty()).then_some(a);
    }
    Ok(me(ctx))
}

/// Telegram's rule for usernames: 5 to 32 letters, digits and underscores,
/// starting with a letter, not ending with an underscore.
fn valid_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !name.ends_with('_')
        && !name.contains("__")
}

pub(crate) fn update_username(
    ctx: &mut Ctx,
    req: f::account::UpdateUsername,
) -> Result<enums::User, RpcErr> {
    let name = req.username.trim();
    let me_id = ctx.acc.me.id;
    if name.is_empty() {
        if ctx.acc.me.username.is_none() {
            return Err(RpcErr::bad("USERNAME_NOT_MODIFIED"));
        }
        ctx.acc.me.username = None;
        return Ok(me(ctx));
    }
    if !valid_username(name) {
        return Err(RpcErr::bad("USERNAME_INVALID"));
    }
    let unchanged = ctx.acc.me.username.as_deref() == Some(name);
    match ctx.acc.by_username(name) {
        Some(Peer::User(id)) if id == me_id && unchanged => {
            return Err(RpcErr::bad("USERNAME_NOT_MODIFIED"))
        }
        // The account's own, in another case: a change.
        Some(Peer::User(id)) if id == me_id => {}
        Some(_) => return Err(RpcErr::bad("USERNAME_OCCUPIED")),
        None => {}
    }
    ctx.acc.me.username = Some(name.to_string());
    Ok(me(ctx))
}
