//! What a call on one connection changed, as the account's other connections
//! see it: Telegram pushes a message sent (edited, deleted) from one app to
//! every other app of the account, while the sender gets its own answer.

use grammers_tl_types::{enums, functions as f, types, Deserializable, Identifiable, Serializable};

use crate::account::Peer;
use crate::{rpc, wire, Shared};

/// Whether `result` of call `id` signed the connection's key in.
pub(crate) fn signs_in(id: u32, result: &[u8]) -> bool {
    match id {
        f::auth::SignIn::CONSTRUCTOR_ID
        | f::auth::SignUp::CONSTRUCTOR_ID
        | f::auth::CheckPassword::CONSTRUCTOR_ID => {
            wire::constructor(result) == types::auth::Authorization::CONSTRUCTOR_ID
        }
        f::auth::ExportLoginToken::CONSTRUCTOR_ID | f::auth::ImportLoginToken::CONSTRUCTOR_ID => {
            wire::constructor(result) == types::auth::LoginTokenSuccess::CONSTRUCTOR_ID
        }
        _ => false,
    }
}

/// The serialized `Updates` other connections get for `call` answered with
/// `result`, if it changed messages.
pub(crate) fn changes(sh: &Shared, call: &[u8], result: &[u8]) -> Option<Vec<u8>> {
    let args = call.get(4..)?;
    match wire::constructor(call) {
        f::messages::DeleteMessages::CONSTRUCTOR_ID => {
            let req = f::messages::DeleteMessages::from_bytes(args).ok()?;
            let enums::messages::AffectedMessages::Messages(a) =
                enums::messages::AffectedMessages::from_bytes(result).ok()?;
            let me = sh.account().me.id;
            Some(rpc::deleted_update(Peer::User(me), &req.id, a.pts))
        }
        f::channels::DeleteMessages::CONSTRUCTOR_ID => {
            let req = f::channels::DeleteMessages::from_bytes(args).ok()?;
            let enums::InputChannel::Channel(c) = req.channel else {
                return None;
            };
            let enums::messages::AffectedMessages::Messages(a) =
                enums::messages::AffectedMessages::from_bytes(result).ok()?;
            Some(rpc::deleted_update(
                Peer::Channel(c.channel_id),
                &req.id,
                a.pts,
            ))
        }
        _ if !rpc::method_name(call).starts_with("messages.")
            && !rpc::method_name(call).starts_with("channels.") =>
        {
            None
        }
        _ => others_see(sh, enums::Updates::from_bytes(result).ok()?),
    }
}

/// The sender's `Updates` as the other connections get them: the message
/// itself instead of `updateShortSentMessage`, and no `updateMessageID`
/// (it maps the sender's random_id).
fn others_see(sh: &Shared, u: enums::Updates) -> Option<Vec<u8>> {
    let keep = |list: Vec<enums::Update>| -> Vec<enums::Update> {
        list.into_iter()
            .filter(|u| !matches!(u, enums::Update::MessageId(_)))
            .collect()
    };
    let u = match u {
        enums::Updates::UpdateShortSentMessage(s) => {
            let acc = sh.account();
            let m = acc
                .dialogs
                .iter()
                .filter(|d| !matches!(d.peer, Peer::Channel(_)))
                .flat_map(|d| d.messages.iter())
                .find(|m| m.id == s.id)?;
            return Some(rpc::incoming_update(&acc, m, s.pts));
        }
        enums::Updates::Updates(mut x) => {
            x.updates = keep(x.updates);
            if x.updates.is_empty() {
                return None;
            }
            enums::Updates::Updates(x)
        }
        enums::Updates::Combined(mut x) => {
            x.updates = keep(x.updates);
            if x.updates.is_empty() {
                return None;
            }
            enums::Updates::Combined(x)
        }
        enums::Updates::TooLong => return None,
        other => other,
    };
    Some(u.to_bytes())
}
