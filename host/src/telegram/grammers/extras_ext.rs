//! [`ExtrasExt`] on grammers: raw TL calls for translations, link previews,
//! boosts, fact-checks, quick replies, voice chats, the default reaction and
//! the Business profile (`business.rs`).

use async_trait::async_trait;
use grammers_client::session::types::PeerKind;
use grammers_client::tl::{self, enums, functions};

use super::convert::{peer_id, Names};
use super::GrammersBackend;
use crate::telegram::extras_ext::{
    Boosts, BusinessChanges, BusinessLink, CallParticipant, FactCheck, GroupCall, QuickReply,
    Translation, WebPreview, MAX_CALL_PARTICIPANTS,
};
use crate::telegram::{untrusted, ChatKind, ExtrasExt, TelegramError};

/// The text of a `textWithEntities` (untrusted: it comes from people).
fn text_of(t: &enums::TextWithEntities) -> String {
    let enums::TextWithEntities::Entities(t) = t;
    untrusted::text(&t.text)
}

fn web_preview(p: enums::WebPage) -> Option<WebPreview> {
    let enums::WebPage::Page(p) = p else {
        return None;
    };
    Some(WebPreview {
        url: p.url,
        display_url: p.display_url,
        kind: p.r#type,
        site_name: untrusted::opt_name(p.site_name.as_deref()),
        title: p.title.map(|t| untrusted::text(&t)),
        description: p.description.map(|t| untrusted::text(&t)),
        author: untrusted::opt_name(p.author.as_deref()),
    })
}

fn participant(p: &enums::GroupCallParticipant, names: &Names) -> Option<CallParticipant> {
    let enums::GroupCallParticipant::Participant(p) = p;
    if p.left {
        return None;
    }
    let id = peer_id(&p.peer);
    Some(CallParticipant {
        peer_id: id,
        name: names.name(id).unwrap_or_default(),
        muted: p.muted,
        joined: i64::from(p.date),
        raised_hand: p.raise_hand_rating.is_some(),
        video: p.video.is_some(),
    })
}

impl GrammersBackend {
    /// The voice chat a group or channel has going, if any.
    async fn call_of(&self, chat: &str) -> Result<Option<enums::InputGroupCall>, TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let full = match k.chat.kind {
            _ if k.peer.id.kind() == PeerKind::Channel => {
                let req = functions::channels::GetFullChannel {
                    channel: (&k.peer).into(),
                };
                Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?
            }
            ChatKind::Group => {
                let req = functions::messages::GetFullChat {
                    chat_id: k.peer.id.bare_id().unwrap_or_default(),
                };
                Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?
            }
            _ => {
                return Err(TelegramError::InvalidArgs(format!(
                    "\"{}\" is a private chat: voice chats are in groups and channels",
                    chat.trim()
                )))
            }
        };
        let enums::messages::ChatFull::Full(f) = full;
        Ok(match f.full_chat {
            enums::ChatFull::Full(c) => c.call,
            enums::ChatFull::ChannelFull(c) => c.call,
            enums::ChatFull::CommunityFull(_) => None,
        })
    }
}

#[async_trait]
impl ExtrasExt for GrammersBackend {
    async fn translate(
        &self,
        chat: &str,
        ids: &[i32],
        lang: &str,
    ) -> Result<Vec<Translation>, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = functions::messages::TranslateText {
            peer: Some(k.peer.into()),
            id: Some(ids.to_vec()),
            text: None,
            to_lang: lang.trim().to_lowercase(),
            tone: None,
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::messages::TranslatedText::TranslateResult(r) = r;
        Ok(ids
            .iter()
            .zip(&r.result)
            .map(|(id, t)| Translation {
                id: *id,
                text: text_of(t),
            })
            .collect())
    }

    async fn web_preview(&self, url: &str) -> Result<Option<WebPreview>, TelegramError> {
        self.link.check_fatal()?;
        let req = functions::messages::GetWebPagePreview {
            message: url.trim().to_string(),
            entities: None,
        };
        let client = self.link.client();
        let enums::messages::WebPagePreview::Preview(r) =
            self.link.run(client.invoke(&req)).await?;
        Ok(match r.media {
            enums::MessageMedia::WebPage(m) => web_preview(m.webpage),
            _ => None,
        })
    }

    async fn boosts(&self, chat: &str) -> Result<Boosts, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = functions::premium::GetBoostsStatus {
            peer: k.peer.into(),
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::premium::BoostsStatus::Status(s) = r;
        let n = |v: i32| v.max(0) as u32;
        Ok(Boosts {
            level: n(s.level),
            boosts: n(s.boosts),
            current_level_boosts: n(s.current_level_boosts),
            next_level_boosts: s.next_level_boosts.map(n),
            gift_boosts: s.gift_boosts.map_or(0, n),
            my_boost: s.my_boost,
            boost_url: s.boost_url,
        })
    }

    async fn get_fact_check(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<FactCheck>, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = functions::messages::GetFactCheck {
            peer: k.peer.into(),
            msg_id: ids.to_vec(),
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        // One answer per id, in order; an empty one (hash 0, no text) means none.
        Ok(ids
            .iter()
            .zip(r)
            .filter_map(|(id, f)| {
                let enums::FactCheck::Check(f) = f;
                (f.need_check || f.text.is_some()).then(|| FactCheck {
                    id: *id,
                    need_check: f.need_check,
                    country: f.country,
                    text: f.text.as_ref().map(text_of),
                })
            })
            .collect())
    }

    async fn set_fact_check(&self, chat: &str, id: i32, text: &str) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let r = if text.trim().is_empty() {
            let req = functions::messages::DeleteFactCheck {
                peer: k.peer.into(),
                msg_id: id,
            };
            self.link.run(client.invoke(&req)).await
        } else {
            let req = functions::messages::EditFactCheck {
                peer: k.peer.into(),
                msg_id: id,
                text: tl::types::TextWithEntities {
                    text: text.to_string(),
                    entities: Vec::new(),
                }
                .into(),
            };
            self.link.run(client.invoke(&req)).await
        };
        Self::or_not_found(chat, r).map(drop)
    }

    async fn quick_replies(&self) -> Result<Vec<QuickReply>, TelegramError> {
        self.link.check_fatal()?;
        let req = functions::messages::GetQuickReplies { hash: 0 };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await?;
        let enums::messages::QuickReplies::Replies(r) = r else {
            return Ok(Vec::new());
        };
        Ok(r.quick_replies
            .into_iter()
            .map(|q| {
                let enums::QuickReply::Reply(q) = q;
                QuickReply {
                    id: q.shortcut_id,
                    shortcut: untrusted::name(&q.shortcut),
                    count: q.count.max(0) as u32,
                    top_message: q.top_message,
                }
            })
            .collect())
    }

    async fn group_call(&self, chat: &str, limit: u32) -> Result<Option<GroupCall>, TelegramError> {
        let Some(call) = self.call_of(chat).await? else {
            return Ok(None);
        };
        let req = functions::phone::GetGroupCall {
            call,
            limit: limit.clamp(1, MAX_CALL_PARTICIPANTS) as i32,
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::phone::GroupCall::Call(r) = r;
        let enums::GroupCall::Call(c) = r.call else {
            return Ok(None); // ended between the two calls
        };
        let names = Names::from_raw(&r.users, &r.chats);
        Ok(Some(GroupCall {
            id: c.id,
            title: c.title.map(|t| untrusted::name(&t)),
            participants_count: c.participants_count.max(0) as u32,
            scheduled: c.schedule_date.map(i64::from),
            participants: r
                .participants
                .iter()
                .filter_map(|p| participant(p, &names))
                .collect(),
        }))
    }

    async fn set_default_reaction(&self, emoji: &str) -> Result<(), TelegramError> {
        self.link.check_fatal()?;
        let req = functions::messages::SetDefaultReaction {
            reaction: tl::types::ReactionEmoji {
                emoticon: emoji.trim().to_string(),
            }
            .into(),
        };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await.map(drop)
    }

    async fn business_links(&self) -> Result<Vec<BusinessLink>, TelegramError> {
        self.link.check_fatal()?;
        let req = functions::account::GetBusinessChatLinks {};
        let client = self.link.client();
        let enums::account::BusinessChatLinks::Links(r) =
            self.link.run(client.invoke(&req)).await?;
        Ok(r.links
            .into_iter()
            .map(|l| {
                let enums::BusinessChatLink::Link(l) = l;
                BusinessLink {
                    link: l.link,
                    message: untrusted::text(&l.message),
                    title: untrusted::opt_name(l.title.as_deref()),
                    views: l.views.max(0) as u32,
                }
            })
            .collect())
    }

    async fn set_business_profile(&self, changes: &BusinessChanges) -> Result<(), TelegramError> {
        self.business(changes).await
    }
}
