//! Sessions, privacy rules and profile photos (`account.*`, `photos.*`).

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};
use crate::account::Peer;
use crate::settings::{key_name, ProfilePhoto, Session};

fn authorization(s: &Session, current: bool) -> enums::Authorization {
    types::Authorization {
        current,
        official_app: s.official,
        password_pending: false,
        encrypted_requests_disabled: false,
        call_requests_disabled: false,
        unconfirmed: false,
        hash: s.hash,
        device_model: s.device_model.clone(),
        platform: s.platform.clone(),
        system_version: s.system_version.clone(),
        api_id: if s.official { 6 } else { 12345 },
        app_name: s.app_name.clone(),
        app_version: s.app_version.clone(),
        date_created: s.created,
        date_active: s.active,
        ip: s.ip.clone(),
        country: s.country.clone(),
        region: s.region.clone(),
    }
    .into()
}

/// The session asking: described by what its client said in `initConnection`.
/// Telegram gives the current session hash 0.
fn current(ctx: &Ctx) -> Session {
    let clients = ctx.sh.clients.lock().map(|c| c.last().cloned()).ok();
    let info = clients.flatten();
    let field = |f: fn(&crate::ClientInfo) -> &String| info.as_ref().map(f).cloned();
    Session {
        hash: 0,
        device_model: field(|i| &i.device_model).unwrap_or_default(),
        platform: field(|i| &i.system_version).unwrap_or_default(),
        system_version: field(|i| &i.system_version).unwrap_or_default(),
        app_name: "tgmcp".into(),
        app_version: field(|i| &i.app_version).unwrap_or_default(),
        official: false,
        created: ctx.acc.now(),
        active: ctx.acc.now(),
        ip: "127.0.0.1".into(),
        country: String::new(),
        region: String::new(),
    }
}

pub(crate) fn get_authorizations(
    ctx: &mut Ctx,
    _: f::account::GetAuthorizations,
) -> Result<enums::account::Authorizations, RpcErr> {
    let mut list = vec![authorization(&current(ctx), true)];
    list.extend(
        ctx.acc
            .settings
            .sessions
            .iter()
            .map(|s| authorization(s, false)),
    );
    Ok(types::account::Authorizations {
        authorization_ttl_days: 180,
        authorizations: list,
    }
    .into())
}

pub(crate) fn reset_authorization(
    ctx: &mut Ctx,
    req: f::account::ResetAuthorization,
) -> Result<bool, RpcErr> {
    let sessions = &mut ctx.acc.settings.sessions;
    let before = sessions.len();
    sessions.retain(|s| s.hash != req.hash || req.hash == 0);
    if sessions.len() == before {
        return Err(RpcErr::bad("HASH_INVALID"));
    }
    Ok(true)
}

/// The rules of a key with the users and chats they name.
fn rules_reply(ctx: &Ctx, rules: Vec<enums::PrivacyRule>) -> enums::account::PrivacyRules {
    let mut peers = Vec::new();
    for r in &rules {
        match r {
            enums::PrivacyRule::PrivacyValueAllowUsers(u) => {
                peers.extend(u.users.iter().map(|id| Peer::User(*id)))
            }
            enums::PrivacyRule::PrivacyValueDisallowUsers(u) => {
                peers.extend(u.users.iter().map(|id| Peer::User(*id)))
            }
            enums::PrivacyRule::PrivacyValueAllowChatParticipants(c) => {
                peers.extend(c.chats.iter().filter_map(|id| chat_peer(ctx, *id)))
            }
            enums::PrivacyRule::PrivacyValueDisallowChatParticipants(c) => {
                peers.extend(c.chats.iter().filter_map(|id| chat_peer(ctx, *id)))
            }
            _ => {}
        }
    }
    let (users, chats) = ctx.refs(&[], &peers);
    types::account::PrivacyRules {
        rules,
        chats,
        users,
    }
    .into()
}

/// A bare group or channel id as the chat it names.
fn chat_peer(ctx: &Ctx, id: i64) -> Option<Peer> {
    ctx.acc.chat(id).map(|c| c.peer())
}

pub(crate) fn get_privacy(
    ctx: &mut Ctx,
    req: f::account::GetPrivacy,
) -> Result<enums::account::PrivacyRules, RpcErr> {
    let rules = ctx.acc.settings.rules(key_name(&req.key));
    Ok(rules_reply(ctx, rules))
}

fn users_of(ctx: &Ctx, list: &[enums::InputUser]) -> Result<Vec<i64>, RpcErr> {
    list.iter().map(|u| resolve::user(ctx.acc, u)).collect()
}

fn chats_of(ctx: &Ctx, ids: &[i64]) -> Result<Vec<i64>, RpcErr> {
    ids.iter()
        .map(|id| match chat_peer(ctx, *id) {
            Some(_) => Ok(*id),
            None => Err(RpcErr::bad("CHAT_ID_INVALID")),
        })
        .collect()
}

pub(crate) fn set_privacy(
    ctx: &mut Ctx,
    req: f::account::SetPrivacy,
) -> Result<enums::account::PrivacyRules, RpcErr> {
    use enums::InputPrivacyRule as I;
    use enums::PrivacyRule as P;
    let mut rules = Vec::new();
    for r in &req.rules {
        rules.push(match r {
            I::InputPrivacyValueAllowContacts => P::PrivacyValueAllowContacts,
            I::InputPrivacyValueAllowAll => P::PrivacyValueAllowAll,
            I::InputPrivacyValueDisallowContacts => P::PrivacyValueDisallowContacts,
            I::InputPrivacyValueDisallowAll => P::PrivacyValueDisallowAll,
            I::InputPrivacyValueAllowCloseFriends => P::PrivacyValueAllowCloseFriends,
            I::InputPrivacyValueAllowPremium => P::PrivacyValueAllowPremium,
            I::InputPrivacyValueAllowBots => P::PrivacyValueAllowBots,
            I::InputPrivacyValueDisallowBots => P::PrivacyValueDisallowBots,
            I::InputPrivacyValueAllowUsers(u) => types::PrivacyValueAllowUsers {
                users: users_of(ctx, &u.users)?,
            }
            .into(),
            I::InputPrivacyValueDisallowUsers(u) => types::PrivacyValueDisallowUsers {
                users: users_of(ctx, &u.users)?,
            }
            .into(),
            I::InputPrivacyValueAllowChatParticipants(c) => {
                types::PrivacyValueAllowChatParticipants {
                    chats: chats_of(ctx, &c.chats)?,
                }
                .into()
            }
            I::InputPrivacyValueDisallowChatParticipants(c) => {
                types::PrivacyValueDisallowChatParticipants {
                    chats: chats_of(ctx, &c.chats)?,
                }
                .into()
            }
        });
    }
    ctx.acc
        .settings
        .privacy
        .insert(key_name(&req.key), rules.clone());
    Ok(rules_reply(ctx, rules))
}

pub(super) fn photo(p: &ProfilePhoto) -> enums::Photo {
    types::Photo {
        has_stickers: false,
        id: p.id,
        access_hash: p.access_hash,
        file_reference: vec![1, 2, 3, 4],
        date: p.date,
        sizes: p
            .sizes
            .iter()
            .map(|s| {
                types::PhotoSize {
                    r#type: s.kind.clone(),
                    w: s.w,
                    h: s.h,
                    size: s.bytes.len() as i32,
                }
                .into()
            })
            .collect(),
        video_sizes: None,
        dc_id: 2,
    }
    .into()
}

pub(crate) fn get_user_photos(
    ctx: &mut Ctx,
    req: f::photos::GetUserPhotos,
) -> Result<enums::photos::Photos, RpcErr> {
    let id = resolve::user(ctx.acc, &req.user_id)?;
    let all: Vec<&ProfilePhoto> = ctx
        .acc
        .settings
        .photos
        .get(&id)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    let total = all.len();
    let start = usize::try_from(req.offset).unwrap_or(0);
    let photos: Vec<enums::Photo> = all
        .into_iter()
        .filter(|p| req.max_id == 0 || p.id < req.max_id)
        .skip(start)
        .take(resolve::limit(req.limit, 100))
        .map(photo)
        .collect();
    let (users, _) = ctx.refs(&[], &[Peer::User(id)]);
    if start == 0 && photos.len() == total {
        return Ok(types::photos::Photos { photos, users }.into());
    }
    Ok(types::photos::PhotosSlice {
        count: total as i32,
        photos,
        users,
    }
    .into())
}

pub(crate) fn delete_photos(
    ctx: &mut Ctx,
    req: f::photos::DeletePhotos,
) -> Result<Vec<i64>, RpcErr> {
    let me = ctx.acc.me.id;
    let mine = ctx.acc.settings.photos.entry(me).or_default();
    let mut deleted = Vec::new();
    for p in &req.id {
        let enums::InputPhoto::Photo(p) = p else {
            continue;
        };
        let before = mine.len();
        mine.retain(|x| !(x.id == p.id && x.access_hash == p.access_hash));
        if mine.len() < before {
            deleted.push(p.id);
        }
    }
    Ok(deleted)
}
