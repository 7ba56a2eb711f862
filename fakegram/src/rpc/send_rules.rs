//! Who may post what, and how long: a chat's write access, its default
//! banned rights and the account's own restrictions, slow mode, message and
//! caption lengths (UTF-16 code units, as Telegram counts), and which media
//! an album may mix. Admins pass the rights and slow mode, as at Telegram.

use grammers_tl_types::types;

use super::RpcErr;
use crate::account::{Account, Peer};
use crate::extras::Media;
use crate::groups::Role;

/// Longest message text (`config.message_length_max`).
pub(super) const MAX_TEXT: usize = 4096;
/// Longest caption (`config.caption_length_max`).
pub(super) const MAX_CAPTION: usize = 1024;

/// What a post carries, for the rights it needs.
#[derive(Clone, Copy)]
pub(super) enum Post<'a> {
    /// Write access alone (a typing notice; the first check of a send
    /// whose content is judged once it is read).
    Access,
    Text,
    Media(&'a Media),
}

/// The media classes Telegram's rights and album rules tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    Photo,
    Video,
    Round,
    Document,
    Audio,
    Voice,
    Poll,
    Other,
}

pub(super) fn class(m: &Media) -> Class {
    match m {
        Media::Photo { .. } => Class::Photo,
        Media::Document { voice: Some(_), .. } => Class::Voice,
        Media::Document { mime, .. } if mime.starts_with("video/") => Class::Video,
        Media::Document { mime, .. } if mime.starts_with("audio/") => Class::Audio,
        Media::Document { .. } => Class::Document,
        Media::Poll(_) => Class::Poll,
        Media::Other(_) => Class::Other,
    }
}

/// The class of stored media, a round video counted apart.
fn class_in(acc: &Account, m: &Media) -> Class {
    match m {
        Media::Document { id, .. } if acc.social.round.contains(id) => Class::Round,
        _ => class(m),
    }
}

fn is_admin(acc: &Account, peer: Peer) -> bool {
    matches!(
        acc.my_membership(peer).map(|m| m.role),
        Some(Role::Creator | Role::Admin(_))
    )
}

fn forbidden(what: &str) -> RpcErr {
    RpcErr::new(403, what)
}

/// Whether the account may post `what` in `peer` now.
pub(super) fn can_post(acc: &Account, peer: Peer, what: Post) -> Result<(), RpcErr> {
    let Some(chat) = acc.chat_of(peer) else {
        return Ok(());
    };
    if !chat.writable {
        return Err(forbidden("CHAT_WRITE_FORBIDDEN"));
    }
    if matches!(what, Post::Access) || is_admin(acc, peer) {
        return Ok(());
    }
    let own = match acc.my_membership(peer).map(|m| m.role) {
        Some(Role::Banned(r)) => Some(r),
        _ => None,
    };
    for rights in [acc.ext.groups.default_rights.get(&peer), own.as_ref()]
        .into_iter()
        .flatten()
    {
        check_rights(acc, rights, what)?;
    }
    let seconds = acc.ext.groups.slow_mode.get(&peer).copied().unwrap_or(0);
    let last = acc.flood.last_post.get(&peer).copied();
    if let Some(left) = crate::flood::slow_mode_left(seconds, last, acc.now()) {
        return Err(RpcErr::new(420, &format!("SLOWMODE_WAIT_{left}")));
    }
    Ok(())
}

fn check_rights(acc: &Account, r: &types::ChatBannedRights, what: Post) -> Result<(), RpcErr> {
    if r.send_messages {
        return Err(forbidden("CHAT_WRITE_FORBIDDEN"));
    }
    let Post::Media(m) = what else {
        return if r.send_plain {
            Err(forbidden("CHAT_SEND_PLAIN_FORBIDDEN"))
        } else {
            Ok(())
        };
    };
    if r.send_media {
        return Err(forbidden("CHAT_SEND_MEDIA_FORBIDDEN"));
    }
    let banned = match class_in(acc, m) {
        Class::Photo => r.send_photos.then_some("CHAT_SEND_PHOTOS_FORBIDDEN"),
        Class::Video => r.send_videos.then_some("CHAT_SEND_VIDEOS_FORBIDDEN"),
        Class::Round => r
            .send_roundvideos
            .then_some("CHAT_SEND_ROUNDVIDEOS_FORBIDDEN"),
        Class::Document => r.send_docs.then_some("CHAT_SEND_DOCS_FORBIDDEN"),
        Class::Audio => r.send_audios.then_some("CHAT_SEND_AUDIOS_FORBIDDEN"),
        Class::Voice => r.send_voices.then_some("CHAT_SEND_VOICES_FORBIDDEN"),
        Class::Poll => r.send_polls.then_some("CHAT_SEND_POLL_FORBIDDEN"),
        Class::Other => None,
    };
    banned.map_or(Ok(()), |e| Err(forbidden(e)))
}

/// Telegram's length: UTF-16 code units (an emoji can count two).
pub(super) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

pub(super) fn check_text(text: &str) -> Result<(), RpcErr> {
    if text.trim().is_empty() {
        return Err(RpcErr::bad("MESSAGE_EMPTY"));
    }
    if utf16_len(text) > MAX_TEXT {
        return Err(RpcErr::bad("MESSAGE_TOO_LONG"));
    }
    Ok(())
}

pub(super) fn check_caption(caption: &str) -> Result<(), RpcErr> {
    if utf16_len(caption) > MAX_CAPTION {
        return Err(RpcErr::bad("MEDIA_CAPTION_TOO_LONG"));
    }
    Ok(())
}

/// Which media one album may hold together: photos and videos mix, but
/// documents go only with documents and audio only with audio.
pub(super) fn check_album_mix(acc: &Account, items: &[&Media]) -> Result<(), RpcErr> {
    let group = |m: &Media| match class_in(acc, m) {
        Class::Photo | Class::Video => Some(0),
        Class::Document => Some(1),
        Class::Audio => Some(2),
        _ => None,
    };
    let mut groups = items.iter().map(|m| group(m));
    let first = groups.next().flatten();
    if first.is_none() || groups.any(|g| g != first) {
        return Err(RpcErr::bad("MEDIA_INVALID"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_utf16_code_units() {
        // 2048 emoji are 4096 code units (within), 2049 are over; counted
        // in chars (2049) the old check let them through.
        let ok = "😀".repeat(2048);
        assert!(check_text(&ok).is_ok());
        let over = "😀".repeat(2049);
        assert_eq!(check_text(&over).unwrap_err().message, "MESSAGE_TOO_LONG");
        assert_eq!(
            check_caption(&"😀".repeat(513)).unwrap_err().message,
            "MEDIA_CAPTION_TOO_LONG"
        );
    }
}
