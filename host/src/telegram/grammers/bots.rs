//! [`BotsExt`] on grammers: `messages.getInlineBotResults` and
//! `messages.sendInlineBotResult`; GIF search asks Telegram's GIF bot the
//! same way.

use async_trait::async_trait;
use grammers_client::tl::{self, enums};

use super::album::reply_header;
use super::compose::random_id;
use super::peers::Known;
use super::stickers::{sticker_of, GIF_BOT};
use super::write_ext::{new_message_ids, posted};
use super::GrammersBackend;
use crate::telegram::bots_ext::{BotsExt, InlineResult, InlineResults};
use crate::telegram::stickers_ext::Sticker;
use crate::telegram::{untrusted, Message, SendOptions, TelegramError};

/// Longest inline query Telegram takes.
const MAX_QUERY: usize = 256;

fn result_of(r: &enums::BotInlineResult) -> InlineResult {
    let text_of = |m: &enums::BotInlineMessage| match m {
        enums::BotInlineMessage::Text(t) => Some(untrusted::text(&t.message)),
        enums::BotInlineMessage::MediaAuto(t) if !t.message.is_empty() => {
            Some(untrusted::text(&t.message))
        }
        _ => None,
    };
    match r {
        enums::BotInlineResult::Result(r) => InlineResult {
            id: r.id.clone(),
            kind: untrusted::name(&r.r#type),
            title: untrusted::opt_name(r.title.as_deref()),
            description: r.description.as_deref().map(untrusted::text),
            url: r.url.clone(),
            text: text_of(&r.send_message),
        },
        enums::BotInlineResult::BotInlineMediaResult(r) => InlineResult {
            id: r.id.clone(),
            kind: untrusted::name(&r.r#type),
            title: untrusted::opt_name(r.title.as_deref()),
            description: r.description.as_deref().map(untrusted::text),
            url: None,
            text: text_of(&r.send_message),
        },
    }
}

/// The `inputUser` of a resolved bot, or why it is not one.
fn bot_user(bot: &str, k: &Known) -> Result<enums::InputUser, TelegramError> {
    match enums::InputPeer::from(k.peer) {
        enums::InputPeer::User(u) if k.chat.kind == crate::telegram::ChatKind::Bot => {
            Ok(tl::types::InputUser {
                user_id: u.user_id,
                access_hash: u.access_hash,
            }
            .into())
        }
        _ => Err(TelegramError::InvalidArgs(format!(
            "\"{bot}\" is not a bot: inline queries go to bots such as @gif"
        ))),
    }
}

impl GrammersBackend {
    async fn bot_results(
        &self,
        bot: &str,
        query: &str,
        chat: &str,
        offset: Option<&str>,
    ) -> Result<enums::messages::BotResults, TelegramError> {
        if query.len() > MAX_QUERY {
            return Err(TelegramError::InvalidArgs(format!(
                "an inline query is at most {MAX_QUERY} bytes"
            )));
        }
        let b = self.resolve(bot).await?;
        let input = bot_user(bot, &b)?;
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::GetInlineBotResults {
            bot: input,
            peer: k.peer.into(),
            geo_point: None,
            query: query.to_string(),
            offset: offset.unwrap_or_default().to_string(),
        };
        let client = self.link.client();
        match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "BOT_INLINE_DISABLED" => Err(
                TelegramError::InvalidArgs(format!("\"{bot}\" does not answer inline queries")),
            ),
            r => Self::or_not_found(bot, r),
        }
    }

    /// GIFs from Telegram's GIF bot, asked in Saved Messages (nothing is sent).
    pub(super) async fn gifs(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Sticker>, TelegramError> {
        self.link.check_fatal()?;
        let enums::messages::BotResults::Results(r) =
            self.bot_results(GIF_BOT, query.trim(), "me", None).await?;
        Ok(r.results
            .iter()
            .filter_map(|x| match x {
                enums::BotInlineResult::BotInlineMediaResult(m) => {
                    let title = untrusted::opt_name(m.title.as_deref());
                    m.document.as_ref().and_then(|d| sticker_of(d, title))
                }
                _ => None,
            })
            .take(limit.clamp(1, 50) as usize)
            .collect())
    }
}

#[async_trait]
impl BotsExt for GrammersBackend {
    async fn inline_query(
        &self,
        bot: &str,
        query: &str,
        chat: &str,
        offset: Option<&str>,
    ) -> Result<InlineResults, TelegramError> {
        let enums::messages::BotResults::Results(r) =
            self.bot_results(bot, query, chat, offset).await?;
        Ok(InlineResults {
            query_id: r.query_id,
            results: r.results.iter().map(result_of).collect(),
            next_offset: r.next_offset.filter(|o| !o.is_empty()),
        })
    }

    async fn send_inline_result(
        &self,
        chat: &str,
        query_id: i64,
        result_id: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::SendInlineBotResult {
            silent: opts.silent,
            background: false,
            clear_draft: false,
            hide_via: false,
            peer: k.peer.into(),
            reply_to: reply_header(opts),
            random_id: random_id(),
            query_id,
            id: result_id.to_string(),
            schedule_date: None,
            send_as: None,
            quick_reply_shortcut: None,
            allow_paid_stars: None,
        };
        let client = self.link.client();
        let r = posted("inline result", self.link.run(client.invoke(&req)).await);
        let updates = match r {
            Err(TelegramError::Rpc { name, .. })
                if name == "QUERY_ID_INVALID" || name == "RESULT_ID_INVALID" =>
            {
                return Err(TelegramError::InvalidArgs(format!(
                    "{name}: run inline_query again and send one of its results (they expire)"
                )))
            }
            r => Self::or_not_found(chat, r)?,
        };
        let ids = new_message_ids(&updates);
        self.fetch_messages(&k, &ids)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| TelegramError::Other("Telegram sent no message for the result".into()))
    }
}
