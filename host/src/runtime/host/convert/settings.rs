//! Conversions of the settings and insight records (chat switches,
//! birthdays, statistics) between the WIT and the host's types.

use crate::runtime::bindings::v0_2::tgmcp::plugin::telegram_account::Birthday as WitBirthday;
use crate::runtime::bindings::v0_2::tgmcp::plugin::telegram_admin::{
    ChatSettings as WitChatSettings, ReactionChoice as WitReactionChoice,
};
use crate::runtime::bindings::v0_2::tgmcp::plugin::telegram_read::{
    ChatStats as WitChatStats, StatValue as WitStatValue, TopPoster as WitTopPoster,
};
use crate::telegram::insight_ext::ChatStats;
use crate::telegram::settings_ext::{Birthday, ChatSettings, ReactionChoice};

impl From<WitChatSettings> for ChatSettings {
    fn from(s: WitChatSettings) -> Self {
        ChatSettings {
            signatures: s.signatures,
            history_visible: s.history_visible,
            forum: s.forum,
            anti_spam: s.anti_spam,
            join_requests: s.join_requests,
            reactions: s.reactions.map(|r| match r {
                WitReactionChoice::All => ReactionChoice::All,
                WitReactionChoice::None => ReactionChoice::None,
                WitReactionChoice::Some(list) => ReactionChoice::Some(list),
            }),
        }
    }
}

impl From<WitBirthday> for Birthday {
    fn from(b: WitBirthday) -> Self {
        Birthday {
            day: b.day,
            month: b.month,
            year: b.year,
        }
    }
}

impl From<ChatStats> for WitChatStats {
    fn from(s: ChatStats) -> Self {
        WitChatStats {
            period_start: s.period_start,
            period_end: s.period_end,
            values: s
                .values
                .into_iter()
                .map(|v| WitStatValue {
                    name: v.name,
                    current: v.current,
                    previous: v.previous,
                })
                .collect(),
            notifications_enabled_percent: s.notifications_enabled_percent,
            top_posters: s
                .top_posters
                .into_iter()
                .map(|p| WitTopPoster {
                    user_id: p.user_id,
                    messages: p.messages,
                    average_chars: p.average_chars,
                })
                .collect(),
        }
    }
}
