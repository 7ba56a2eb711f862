//! [`SettingsExt`] on grammers: chat and profile photos (uploaded in parts
//! first), a chat's switches one request each, the emoji status and the
//! birthday.

use async_trait::async_trait;
use grammers_client::tl::{self, enums, functions, types};
use grammers_session::types::PeerKind;

use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::media::{is_photo_mime, sniff_mime, Upload};
use crate::telegram::settings_ext::{Birthday, ChatSettings, ReactionChoice};
use crate::telegram::{Chat, SettingsExt, TelegramError};

/// Emoji a chat may allow at most (Telegram's own pickers stop well below).
const MAX_REACTIONS: usize = 100;

/// The image of `photo`, refused unless it is one (a chat photo is a picture).
fn image(photo: &Upload) -> Result<&Upload, TelegramError> {
    if photo.bytes.is_empty() {
        return Err(TelegramError::InvalidArgs("the image is empty".into()));
    }
    let mime = photo
        .mime
        .as_deref()
        .or_else(|| sniff_mime(&photo.bytes))
        .unwrap_or_default();
    if !is_photo_mime(mime) {
        return Err(TelegramError::InvalidArgs(format!(
            "a photo must be a JPEG or PNG image, not {}",
            if mime.is_empty() {
                "unknown bytes"
            } else {
                mime
            }
        )));
    }
    Ok(photo)
}

fn tl_reactions(r: &ReactionChoice) -> Result<enums::ChatReactions, TelegramError> {
    Ok(match r {
        ReactionChoice::All => types::ChatReactionsAll {
            allow_custom: false,
        }
        .into(),
        ReactionChoice::None => enums::ChatReactions::None,
        ReactionChoice::Some(list) if list.is_empty() => enums::ChatReactions::None,
        ReactionChoice::Some(list) if list.len() > MAX_REACTIONS => {
            return Err(TelegramError::InvalidArgs(format!(
                "at most {MAX_REACTIONS} reactions, got {}",
                list.len()
            )))
        }
        ReactionChoice::Some(list) => types::ChatReactionsSome {
            reactions: list
                .iter()
                .map(|e| {
                    types::ReactionEmoji {
                        emoticon: e.trim().to_string(),
                    }
                    .into()
                })
                .collect(),
        }
        .into(),
    })
}

impl GrammersBackend {
    /// One switch of a supergroup or channel; the chat as the answer shows it.
    async fn toggle<R>(&self, chat: &str, k: &Known, req: &R) -> Result<Option<Chat>, TelegramError>
    where
        R: tl::RemoteCall<Return = enums::Updates>,
    {
        let client = self.link.client();
        match Self::admin_result(chat, self.link.run(client.invoke(req)).await) {
            Ok(u) => Ok(self.chat_in(&u, k.chat.id).await.ok()),
            Err(TelegramError::Rpc { name, .. }) if name.ends_with("_NOT_MODIFIED") => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[async_trait]
impl SettingsExt for GrammersBackend {
    async fn set_chat_photo(
        &self,
        chat: &str,
        photo: Option<&Upload>,
    ) -> Result<(), TelegramError> {
        let k = self.group(chat).await?;
        let input: enums::InputChatPhoto = match photo {
            None => enums::InputChatPhoto::Empty,
            Some(p) => {
                let up = self.upload(&image(p)?.bytes, "photo.jpg").await?;
                types::InputChatUploadedPhoto {
                    file: Some(up.raw),
                    video: None,
                    video_start_ts: None,
                    video_emoji_markup: None,
                }
                .into()
            }
        };
        let client = self.link.client();
        let r = if k.peer.id.kind() == PeerKind::Channel {
            let req = functions::channels::EditPhoto {
                channel: (&k.peer).into(),
                photo: input,
            };
            self.link.run(client.invoke(&req)).await
        } else {
            let req = functions::messages::EditChatPhoto {
                chat_id: k.peer.id.bare_id().unwrap_or_default(),
                photo: input,
            };
            self.link.run(client.invoke(&req)).await
        };
        Self::admin_change(chat, r)
    }

    async fn set_chat_settings(&self, chat: &str, s: &ChatSettings) -> Result<Chat, TelegramError> {
        if s.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "nothing to change: name at least one setting".into(),
            ));
        }
        let reactions = s.reactions.as_ref().map(tl_reactions).transpose()?;
        let channel_only = s.signatures.is_some()
            || s.history_visible.is_some()
            || s.forum.is_some()
            || s.anti_spam.is_some()
            || s.join_requests.is_some();
        let k = if channel_only {
            self.channel(chat, "such settings").await?
        } else {
            self.group(chat).await?
        };
        let mut now = k.chat.clone();
        let input = || -> enums::InputChannel { (&k.peer).into() };
        if let Some(on) = s.signatures {
            let req = functions::channels::ToggleSignatures {
                signatures_enabled: on,
                profiles_enabled: false,
                channel: input(),
            };
            now = self.toggle(chat, &k, &req).await?.unwrap_or(now);
        }
        if let Some(on) = s.history_visible {
            // Telegram's switch is "pre-history hidden": the opposite.
            let req = functions::channels::TogglePreHistoryHidden {
                channel: input(),
                enabled: !on,
            };
            now = self.toggle(chat, &k, &req).await?.unwrap_or(now);
        }
        if let Some(on) = s.forum {
            let req = functions::channels::ToggleForum {
                channel: input(),
                enabled: on,
                tabs: false,
            };
            now = self.toggle(chat, &k, &req).await?.unwrap_or(now);
        }
        if let Some(on) = s.anti_spam {
            let req = functions::channels::ToggleAntiSpam {
                channel: input(),
                enabled: on,
            };
            now = self.toggle(chat, &k, &req).await?.unwrap_or(now);
        }
        if let Some(on) = s.join_requests {
            let req = functions::channels::ToggleJoinRequest {
                apply_to_invites: false,
                channel: input(),
                enabled: on,
                guard_bot: None,
            };
            now = self.toggle(chat, &k, &req).await?.unwrap_or(now);
        }
        if let Some(r) = reactions {
            let req = functions::messages::SetChatAvailableReactions {
                peer: k.peer.into(),
                available_reactions: r,
                reactions_limit: None,
                paid_enabled: None,
            };
            now = self.toggle(chat, &k, &req).await?.unwrap_or(now);
        }
        Ok(now)
    }

    async fn set_profile_photo(&self, photo: &Upload) -> Result<i64, TelegramError> {
        self.link.check_fatal()?;
        let up = self.upload(&image(photo)?.bytes, "photo.jpg").await?;
        let req = functions::photos::UploadProfilePhoto {
            fallback: false,
            bot: None,
            file: Some(up.raw),
            video: None,
            video_start_ts: None,
            video_emoji_markup: None,
        };
        let client = self.link.client();
        let enums::photos::Photo::Photo(p) = self.link.run(client.invoke(&req)).await?;
        self.forget_me();
        match p.photo {
            enums::Photo::Photo(p) => Ok(p.id),
            enums::Photo::Empty(_) => Err(TelegramError::Other(
                "Telegram kept no photo from that image".into(),
            )),
        }
    }

    async fn set_emoji_status(
        &self,
        emoji_id: Option<i64>,
        until: Option<i64>,
    ) -> Result<(), TelegramError> {
        self.link.check_fatal()?;
        let status = match emoji_id {
            None => enums::EmojiStatus::Empty,
            Some(id) => types::EmojiStatus {
                document_id: id,
                until: match until {
                    Some(_) => Some(super::admin::until_tl(until)?),
                    None => None,
                },
            }
            .into(),
        };
        let req = functions::account::UpdateEmojiStatus {
            emoji_status: status,
        };
        let client = self.link.client();
        match self.link.run(client.invoke(&req)).await {
            Ok(_) => Ok(()),
            Err(TelegramError::Rpc { name, .. }) if name == "PREMIUM_ACCOUNT_REQUIRED" => {
                Err(TelegramError::Other(
                    "an emoji status needs Telegram Premium on this account".into(),
                ))
            }
            Err(TelegramError::Rpc { name, .. }) if name == "DOCUMENT_INVALID" => {
                Err(TelegramError::InvalidArgs(
                    "that is not a custom emoji's id (document id of an emoji sticker)".into(),
                ))
            }
            Err(e) => Err(e),
        }
    }

    async fn set_birthday(&self, birthday: Option<Birthday>) -> Result<(), TelegramError> {
        self.link.check_fatal()?;
        if let Some(b) = &birthday {
            b.check()?;
        }
        let req = functions::account::UpdateBirthday {
            birthday: birthday.map(|b| {
                types::Birthday {
                    day: b.day.into(),
                    month: b.month.into(),
                    year: b.year.map(i32::from),
                }
                .into()
            }),
        };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await.map(drop)
    }
}
