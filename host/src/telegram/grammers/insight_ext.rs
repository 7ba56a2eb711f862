//! [`InsightExt`] on grammers: channel recommendations and chat statistics
//! (asked of the chat's statistics data center, as Telegram wants).

use async_trait::async_trait;
use grammers_client::tl::{enums, functions};

use super::GrammersBackend;
use crate::telegram::insight_ext::{ChatStats, StatValue, TopPoster};
use crate::telegram::{Chat, ChatKind, InsightExt, TelegramError};

fn value(name: &str, v: &enums::StatsAbsValueAndPrev) -> StatValue {
    let enums::StatsAbsValueAndPrev::Prev(v) = v;
    StatValue {
        name: name.into(),
        current: v.current,
        previous: v.previous,
    }
}

fn period(p: &enums::StatsDateRangeDays) -> (i64, i64) {
    let enums::StatsDateRangeDays::Days(p) = p;
    (p.min_date.into(), p.max_date.into())
}

fn stats_error(chat: &str, e: TelegramError) -> TelegramError {
    match e {
        TelegramError::Rpc { name, .. }
            if name == "CHAT_ADMIN_REQUIRED" || name == "BROADCAST_REQUIRED" =>
        {
            TelegramError::Other(format!(
                "Telegram shows the statistics of \"{}\" only to its admins, and only once it is large enough (Telegram: {name})",
                chat.trim()
            ))
        }
        e => e,
    }
}

#[async_trait]
impl InsightExt for GrammersBackend {
    async fn similar_channels(&self, chat: Option<&str>) -> Result<Vec<Chat>, TelegramError> {
        let channel = match chat {
            Some(c) => {
                let k = self.channel(c, "similar channels").await?;
                Some((&k.peer).into())
            }
            None => {
                self.link.check_fatal()?;
                None
            }
        };
        let req = functions::channels::GetChannelRecommendations { channel };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await;
        let chats = match Self::or_not_found(chat.unwrap_or_default(), r)? {
            enums::messages::Chats::Chats(c) => c.chats,
            enums::messages::Chats::Slice(c) => c.chats,
        };
        let (_, known) = self.absorb(&[], &chats).await?;
        Ok(known.into_iter().map(|k| k.chat).collect())
    }

    async fn chat_stats(&self, chat: &str) -> Result<ChatStats, TelegramError> {
        let k = self.channel(chat, "statistics").await?;
        let client = self.link.client();
        if k.chat.kind == ChatKind::Channel {
            let req = functions::stats::GetBroadcastStats {
                dark: false,
                channel: (&k.peer).into(),
            };
            let r = self.link.run(client.invoke(&req)).await;
            let enums::stats::BroadcastStats::Stats(s) =
                Self::or_not_found(chat, r).map_err(|e| stats_error(chat, e))?;
            let (period_start, period_end) = period(&s.period);
            let enums::StatsPercentValue::Value(n) = &s.enabled_notifications;
            Ok(ChatStats {
                period_start,
                period_end,
                values: vec![
                    value("followers", &s.followers),
                    value("views_per_post", &s.views_per_post),
                    value("shares_per_post", &s.shares_per_post),
                    value("reactions_per_post", &s.reactions_per_post),
                    value("views_per_story", &s.views_per_story),
                ],
                notifications_enabled_percent: (n.total > 0.0)
                    .then(|| (n.part / n.total * 1000.0).round() / 10.0),
                top_posters: Vec::new(),
            })
        } else {
            let req = functions::stats::GetMegagroupStats {
                dark: false,
                channel: (&k.peer).into(),
            };
            let r = self.link.run(client.invoke(&req)).await;
            let enums::stats::MegagroupStats::Stats(s) =
                Self::or_not_found(chat, r).map_err(|e| stats_error(chat, e))?;
            let (period_start, period_end) = period(&s.period);
            Ok(ChatStats {
                period_start,
                period_end,
                values: vec![
                    value("members", &s.members),
                    value("messages", &s.messages),
                    value("viewers", &s.viewers),
                    value("posters", &s.posters),
                ],
                notifications_enabled_percent: None,
                top_posters: s
                    .top_posters
                    .iter()
                    .map(|p| {
                        let enums::StatsGroupTopPoster::Poster(p) = p;
                        TopPoster {
                            // Bot-API id of a user is its bare id.
                            user_id: p.user_id,
                            messages: p.messages.max(0) as u32,
                            average_chars: p.avg_chars.max(0) as u32,
                        }
                    })
                    .collect(),
            })
        }
    }
}
