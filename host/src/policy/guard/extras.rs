//! Guarded extras (see [`crate::telegram::ExtrasExt`]): reads of a chat
//! need it allowed; fact-checks are changes to a chat, the default reaction
//! and the Business profile changes to the account: read-only mode refuses
//! them and each attempt is audited.

use super::write::{Kind, Op};
use super::{Guard, GuardError};
use crate::telegram::extras_ext::{
    Boosts, BusinessChanges, BusinessLink, FactCheck, GroupCall, QuickReply, Translation,
    WebPreview, MAX_CALL_PARTICIPANTS, MAX_EXTRAS_IDS,
};

/// Longest fact-check text Telegram takes.
pub const MAX_FACT_CHECK: usize = 1024;

/// Why a list of message ids is refused.
fn bad_ids(ids: &[i32]) -> Option<String> {
    if ids.is_empty() {
        Some("give at least one message id".into())
    } else if ids.len() > MAX_EXTRAS_IDS {
        Some(format!(
            "at most {MAX_EXTRAS_IDS} message ids per call, got {}",
            ids.len()
        ))
    } else {
        None
    }
}

/// A language code as Telegram takes it (`en`, `de`, `pt-br`).
fn bad_lang(lang: &str) -> Option<String> {
    let l = lang.trim();
    let ok = (2..=7).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    (!ok).then(|| format!("\"{l}\" is not a language code: use ISO 639-1 such as en, de or es"))
}

impl Guard {
    /// Messages of an allowed chat in another language.
    pub async fn translate(
        &self,
        chat: &str,
        ids: &[i32],
        lang: &str,
    ) -> Result<Vec<Translation>, GuardError> {
        if let Some(m) = bad_ids(ids).or_else(|| bad_lang(lang)) {
            return Err(GuardError::InvalidArgs(m));
        }
        self.allowed_chat(chat).await?;
        Ok(self.backend.translate(chat, ids, lang).await?)
    }

    /// The preview Telegram makes of an http(s) link.
    pub async fn web_preview(&self, url: &str) -> Result<Option<WebPreview>, GuardError> {
        let u = url.trim();
        let lower = u.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) || u.len() > 2048 {
            return Err(GuardError::InvalidArgs(format!(
                "\"{u}\" is not an http(s) link"
            )));
        }
        Ok(self.backend.web_preview(u).await?)
    }

    /// Boosts of an allowed channel.
    pub async fn boosts(&self, chat: &str) -> Result<Boosts, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.boosts(chat).await?)
    }

    /// Fact-checks of posts of an allowed channel.
    pub async fn get_fact_check(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<FactCheck>, GuardError> {
        if let Some(m) = bad_ids(ids) {
            return Err(GuardError::InvalidArgs(m));
        }
        self.allowed_chat(chat).await?;
        Ok(self.backend.get_fact_check(chat, ids).await?)
    }

    /// Sets or removes a post's fact-check: a change to the chat.
    pub async fn set_fact_check(&self, chat: &str, id: i32, text: &str) -> Result<(), GuardError> {
        let mut op = Op::new("set-fact-check", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        op.text = Some(text);
        if text.chars().count() > MAX_FACT_CHECK {
            op.invalid = Some(format!(
                "a fact-check is at most {MAX_FACT_CHECK} characters"
            ));
        }
        self.guarded(op, || self.backend.set_fact_check(chat, id, text))
            .await
    }

    /// The account's quick replies.
    pub async fn quick_replies(&self) -> Result<Vec<QuickReply>, GuardError> {
        Ok(self.backend.quick_replies().await?)
    }

    /// The voice chat of an allowed chat.
    pub async fn group_call(
        &self,
        chat: &str,
        limit: u32,
    ) -> Result<Option<GroupCall>, GuardError> {
        self.allowed_chat(chat).await?;
        let limit = limit.clamp(1, MAX_CALL_PARTICIPANTS);
        Ok(self.backend.group_call(chat, limit).await?)
    }

    /// Sets the reaction a double tap sends: a change to the account.
    pub async fn set_default_reaction(&self, emoji: &str) -> Result<(), GuardError> {
        let mut op = Op::new("set-default-reaction", "me", Kind::Account);
        op.text = Some(emoji);
        let e = emoji.trim();
        if e.is_empty() || e.chars().count() > 8 {
            op.invalid = Some(format!("\"{e}\" is not one emoji"));
        }
        self.guarded(op, || self.backend.set_default_reaction(e))
            .await
    }

    /// The account's Business chat links.
    pub async fn business_links(&self) -> Result<Vec<BusinessLink>, GuardError> {
        Ok(self.backend.business_links().await?)
    }

    /// Changes the Business profile: a change to the account.
    pub async fn set_business_profile(&self, c: &BusinessChanges) -> Result<(), GuardError> {
        let mut op = Op::new("set-business-profile", "me", Kind::Account);
        op.invalid = business_invalid(c);
        self.guarded(op, || self.backend.set_business_profile(c))
            .await
    }
}

/// Why a Business change is refused before asking Telegram.
fn business_invalid(c: &BusinessChanges) -> Option<String> {
    let nothing = c.hours.is_none()
        && c.address.is_none()
        && c.intro.is_none()
        && c.greeting.is_none()
        && c.away.is_none()
        && c.clear.is_empty();
    if nothing {
        return Some(
            "nothing to change: give hours, address, intro, greeting, away or clear".into(),
        );
    }
    if let Some(h) = &c.hours {
        const WEEK: u32 = 7 * 24 * 60;
        if h.timezone.trim().is_empty() {
            return Some("hours need a time zone such as Europe/Berlin".into());
        }
        if let Some((s, e)) = h.open.iter().find(|(s, e)| s >= e || *e > WEEK + 24 * 60) {
            return Some(format!(
                "open interval {s}-{e} is not minutes from Monday 00:00 (start before end, at most {})",
                WEEK + 24 * 60
            ));
        }
    }
    if let Some((t, d)) = &c.intro {
        if t.chars().count() > 32 || d.chars().count() > 70 {
            return Some("an intro's title is at most 32 characters, its text 70".into());
        }
    }
    if c.greeting
        .is_some_and(|(_, days)| !(7..=28).contains(&days))
    {
        return Some("a greeting's no_activity_days is 7, 14, 21 or 28".into());
    }
    None
}
