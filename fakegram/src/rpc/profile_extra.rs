//! The account's profile beyond its names: a new profile photo, the emoji
//! status and the birthday.

use grammers_tl_types::{enums, functions as f, types};

use super::{Ctx, RpcErr};
use crate::account::Peer;
use crate::extras::Size;
use crate::settings::ProfilePhoto;

pub(crate) fn upload_profile_photo(
    ctx: &mut Ctx,
    req: f::photos::UploadProfilePhoto,
) -> Result<enums::photos::Photo, RpcErr> {
    let file = req
        .file
        .as_ref()
        .ok_or_else(|| RpcErr::bad("PHOTO_FILE_MISSING"))?;
    let (bytes, _) = super::media::take_upload(ctx, file)?;
    let (w, h) = super::media::png_size(&bytes);
    if (w, h) == (0, 0) && !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(RpcErr::bad("IMAGE_PROCESS_FAILED"));
    }
    let id = ctx.acc.ext.new_id();
    let p = ProfilePhoto {
        id,
        access_hash: crate::access_hash(id),
        date: ctx.acc.now(),
        sizes: vec![Size {
            kind: "c".into(),
            w,
            h,
            bytes,
        }],
    };
    let me = ctx.acc.me.id;
    let photo = super::privacy::photo(&p);
    ctx.acc.settings.photos.entry(me).or_default().insert(0, p);
    let (users, _) = ctx.refs(&[], &[Peer::User(me)]);
    Ok(types::photos::Photo { photo, users }.into())
}

pub(crate) fn update_emoji_status(
    ctx: &mut Ctx,
    req: f::account::UpdateEmojiStatus,
) -> Result<bool, RpcErr> {
    ctx.acc.settings.emoji_status = match req.emoji_status {
        enums::EmojiStatus::Empty => None,
        enums::EmojiStatus::Status(s) => {
            if s.document_id <= 0 {
                return Err(RpcErr::bad("DOCUMENT_INVALID"));
            }
            Some((s.document_id, s.until))
        }
        _ => return Err(RpcErr::bad("EMOJI_STATUS_INVALID")),
    };
    Ok(true)
}

pub(crate) fn update_birthday(
    ctx: &mut Ctx,
    req: f::account::UpdateBirthday,
) -> Result<bool, RpcErr> {
    ctx.acc.settings.birthday = match req.birthday {
        None => None,
        Some(enums::Birthday::Birthday(b)) => {
            if !(1..=31).contains(&b.day) || !(1..=12).contains(&b.month) {
                return Err(RpcErr::bad("BIRTHDAY_INVALID"));
            }
            Some(b)
        }
    };
    Ok(true)
}
