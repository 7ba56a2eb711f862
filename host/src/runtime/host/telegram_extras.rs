//! `tgmcp:plugin/telegram-extras@0.2.0`: translations, link previews,
//! boosts, fact-checks, quick replies, voice chats, the default reaction and
//! the Business profile, through the guard.

use super::super::bindings::v0_2::tgmcp::plugin::telegram_extras::{
    self as wit, AwaySchedule as WitAway, BoostStatus as WitBoosts, BusinessChanges as WitChanges,
    BusinessLink as WitLink, BusinessPart as WitPart, CallParticipant as WitParticipant,
    FactCheck as WitFactCheck, LinkPreview as WitPreview, QuickReply as WitQuickReply,
    Translation as WitTranslation, VoiceChat as WitCall,
};
use super::super::bindings::ToolError;
use super::CallState;
use crate::telegram::extras_ext::{
    AwaySchedule, Boosts, BusinessChanges, BusinessHours, BusinessLink, BusinessPart,
    CallParticipant, FactCheck, GroupCall, QuickReply, Translation, WebPreview,
};

impl From<Translation> for WitTranslation {
    fn from(t: Translation) -> Self {
        WitTranslation {
            id: t.id,
            text: t.text,
        }
    }
}

impl From<WebPreview> for WitPreview {
    fn from(p: WebPreview) -> Self {
        WitPreview {
            url: p.url,
            display_url: p.display_url,
            kind: p.kind,
            site_name: p.site_name,
            title: p.title,
            description: p.description,
            author: p.author,
        }
    }
}

impl From<Boosts> for WitBoosts {
    fn from(b: Boosts) -> Self {
        WitBoosts {
            level: b.level,
            boosts: b.boosts,
            current_level_boosts: b.current_level_boosts,
            next_level_boosts: b.next_level_boosts,
            gift_boosts: b.gift_boosts,
            my_boost: b.my_boost,
            boost_url: b.boost_url,
        }
    }
}

impl From<FactCheck> for WitFactCheck {
    fn from(f: FactCheck) -> Self {
        WitFactCheck {
            id: f.id,
            need_check: f.need_check,
            country: f.country,
            text: f.text,
        }
    }
}

impl From<QuickReply> for WitQuickReply {
    fn from(q: QuickReply) -> Self {
        WitQuickReply {
            id: q.id,
            shortcut: q.shortcut,
            count: q.count,
            top_message: q.top_message,
        }
    }
}

impl From<CallParticipant> for WitParticipant {
    fn from(p: CallParticipant) -> Self {
        WitParticipant {
            peer_id: p.peer_id,
            name: p.name,
            muted: p.muted,
            joined: p.joined,
            raised_hand: p.raised_hand,
            video: p.video,
        }
    }
}

impl From<GroupCall> for WitCall {
    fn from(c: GroupCall) -> Self {
        WitCall {
            id: c.id,
            title: c.title,
            participants_count: c.participants_count,
            scheduled: c.scheduled,
            participants: c.participants.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<BusinessLink> for WitLink {
    fn from(l: BusinessLink) -> Self {
        WitLink {
            link: l.link,
            message: l.message,
            title: l.title,
            views: l.views,
        }
    }
}

impl From<WitPart> for BusinessPart {
    fn from(p: WitPart) -> Self {
        match p {
            WitPart::Hours => BusinessPart::Hours,
            WitPart::Location => BusinessPart::Location,
            WitPart::Intro => BusinessPart::Intro,
            WitPart::Greeting => BusinessPart::Greeting,
            WitPart::Away => BusinessPart::Away,
        }
    }
}

impl From<WitChanges> for BusinessChanges {
    fn from(c: WitChanges) -> Self {
        BusinessChanges {
            hours: c.hours.map(|h| BusinessHours {
                timezone: h.timezone,
                open: h
                    .open
                    .into_iter()
                    .map(|o| (o.start_minute, o.end_minute))
                    .collect(),
            }),
            address: c.address,
            intro: c.intro.map(|i| (i.title, i.description)),
            greeting: c.greeting.map(|g| (g.shortcut_id, g.no_activity_days)),
            away: c.away.map(|a| {
                let when = match a.schedule {
                    WitAway::Always => AwaySchedule::Always,
                    WitAway::OutsideHours => AwaySchedule::OutsideHours,
                };
                (a.shortcut_id, when, a.offline_only)
            }),
            clear: c.clear.into_iter().map(Into::into).collect(),
        }
    }
}

impl wit::Host for CallState {
    async fn translate(
        &mut self,
        chat: String,
        ids: Vec<i32>,
        lang: String,
    ) -> Result<Vec<WitTranslation>, ToolError> {
        let t = self.guard.translate(&chat, &ids, &lang).await?;
        Ok(t.into_iter().map(Into::into).collect())
    }

    async fn web_preview(&mut self, url: String) -> Result<Option<WitPreview>, ToolError> {
        Ok(self.guard.web_preview(&url).await?.map(Into::into))
    }

    async fn boosts(&mut self, chat: String) -> Result<WitBoosts, ToolError> {
        Ok(self.guard.boosts(&chat).await?.into())
    }

    async fn get_fact_check(
        &mut self,
        chat: String,
        ids: Vec<i32>,
    ) -> Result<Vec<WitFactCheck>, ToolError> {
        let f = self.guard.get_fact_check(&chat, &ids).await?;
        Ok(f.into_iter().map(Into::into).collect())
    }

    async fn set_fact_check(
        &mut self,
        chat: String,
        id: i32,
        text: String,
    ) -> Result<(), ToolError> {
        Ok(self.guard.set_fact_check(&chat, id, &text).await?)
    }

    async fn quick_replies(&mut self) -> Result<Vec<WitQuickReply>, ToolError> {
        let q = self.guard.quick_replies().await?;
        Ok(q.into_iter().map(Into::into).collect())
    }

    async fn group_call(&mut self, chat: String, limit: u32) -> Result<Option<WitCall>, ToolError> {
        Ok(self.guard.group_call(&chat, limit).await?.map(Into::into))
    }

    async fn set_default_reaction(&mut self, emoji: String) -> Result<(), ToolError> {
        Ok(self.guard.set_default_reaction(&emoji).await?)
    }

    async fn business_links(&mut self) -> Result<Vec<WitLink>, ToolError> {
        let l = self.guard.business_links().await?;
        Ok(l.into_iter().map(Into::into).collect())
    }

    async fn set_business_profile(&mut self, changes: WitChanges) -> Result<(), ToolError> {
        Ok(self.guard.set_business_profile(&changes.into()).await?)
    }
}
