//! Chat folders (dialog filters): listed, created or replaced, deleted and
//! reordered, with the checks Telegram makes.

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};

/// Longest folder title Telegram keeps.
const MAX_TITLE: usize = 12;

pub(crate) fn get_dialog_filters(
    ctx: &mut Ctx,
    _: f::messages::GetDialogFilters,
) -> Result<enums::messages::DialogFilters, RpcErr> {
    // "All chats" comes first, as Telegram lists it.
    let mut filters = vec![enums::DialogFilter::Default];
    filters.extend(ctx.acc.ext.folders.iter().cloned().map(Into::into));
    Ok(types::messages::DialogFilters {
        tags_enabled: false,
        filters,
    }
    .into())
}

fn check(ctx: &Ctx, f: &types::DialogFilter) -> Result<(), RpcErr> {
    let enums::TextWithEntities::Entities(t) = &f.title;
    let n = t.text.trim().chars().count();
    if n == 0 || n > MAX_TITLE {
        return Err(RpcErr::bad("FILTER_TITLE_EMPTY"));
    }
    for p in f
        .include_peers
        .iter()
        .chain(&f.pinned_peers)
        .chain(&f.exclude_peers)
    {
        resolve::peer(ctx.acc, p)?;
    }
    let kinds = f.contacts || f.non_contacts || f.groups || f.broadcasts || f.bots;
    if !kinds && f.include_peers.is_empty() && f.pinned_peers.is_empty() {
        return Err(RpcErr::bad("FILTER_INCLUDE_EMPTY"));
    }
    Ok(())
}

pub(crate) fn update_dialog_filter(
    ctx: &mut Ctx,
    req: f::messages::UpdateDialogFilter,
) -> Result<bool, RpcErr> {
    if !(2..=255).contains(&req.id) {
        return Err(RpcErr::bad("FILTER_ID_INVALID"));
    }
    let folders = &ctx.acc.ext.folders;
    let at = folders.iter().position(|f| f.id == req.id);
    match req.filter {
        None => {
            let i = at.ok_or_else(|| RpcErr::bad("FILTER_ID_INVALID"))?;
            ctx.acc.ext.folders.remove(i);
        }
        Some(enums::DialogFilter::Filter(mut f)) => {
            f.id = req.id;
            check(ctx, &f)?;
            match at {
                Some(i) => ctx.acc.ext.folders[i] = f,
                None => ctx.acc.ext.folders.push(f),
            }
        }
        Some(_) => return Err(RpcErr::bad("FILTER_NOT_SUPPORTED")),
    }
    Ok(true)
}

pub(crate) fn update_dialog_filters_order(
    ctx: &mut Ctx,
    req: f::messages::UpdateDialogFiltersOrder,
) -> Result<bool, RpcErr> {
    let ids: Vec<i32> = req.order.into_iter().filter(|id| *id != 0).collect();
    let mut have: Vec<i32> = ctx.acc.ext.folders.iter().map(|f| f.id).collect();
    let mut want = ids.clone();
    have.sort_unstable();
    want.sort_unstable();
    if have != want {
        return Err(RpcErr::bad("FILTER_ID_INVALID"));
    }
    ctx.acc
        .ext
        .folders
        .sort_by_key(|f| ids.iter().position(|i| *i == f.id));
    Ok(true)
}
