//! Setting the Business profile on grammers: hours, location, intro,
//! greeting and away messages, one TL call per part named.

use grammers_client::tl::{self, enums, functions};

use super::GrammersBackend;
use crate::telegram::extras_ext::{AwaySchedule, BusinessChanges, BusinessPart};
use crate::telegram::TelegramError;

/// Greetings and away messages go to every private chat (Telegram's default
/// in its apps); narrowing recipients is left to the apps.
fn everyone() -> enums::InputBusinessRecipients {
    tl::types::InputBusinessRecipients {
        existing_chats: true,
        new_chats: true,
        contacts: true,
        non_contacts: true,
        exclude_selected: false,
        users: None,
    }
    .into()
}

impl GrammersBackend {
    /// Applies `c` part by part; the first refusal stops it.
    pub(super) async fn business(&self, c: &BusinessChanges) -> Result<(), TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let clear = |p| c.clear.contains(&p);
        if c.hours.is_some() || clear(BusinessPart::Hours) {
            let req = functions::account::UpdateBusinessWorkHours {
                business_work_hours: c.hours.as_ref().map(|h| {
                    tl::types::BusinessWorkHours {
                        open_now: false,
                        timezone_id: h.timezone.clone(),
                        weekly_open: h
                            .open
                            .iter()
                            .map(|(s, e)| {
                                tl::types::BusinessWeeklyOpen {
                                    start_minute: *s as i32,
                                    end_minute: *e as i32,
                                }
                                .into()
                            })
                            .collect(),
                    }
                    .into()
                }),
            };
            self.link.run(client.invoke(&req)).await?;
        }
        if c.address.is_some() || clear(BusinessPart::Location) {
            let req = functions::account::UpdateBusinessLocation {
                geo_point: None,
                address: c.address.clone().filter(|a| !a.trim().is_empty()),
            };
            self.link.run(client.invoke(&req)).await?;
        }
        if c.intro.is_some() || clear(BusinessPart::Intro) {
            let req = functions::account::UpdateBusinessIntro {
                intro: c.intro.as_ref().map(|(title, description)| {
                    tl::types::InputBusinessIntro {
                        title: title.clone(),
                        description: description.clone(),
                        sticker: None,
                    }
                    .into()
                }),
            };
            self.link.run(client.invoke(&req)).await?;
        }
        if c.greeting.is_some() || clear(BusinessPart::Greeting) {
            let req = functions::account::UpdateBusinessGreetingMessage {
                message: c.greeting.map(|(shortcut_id, days)| {
                    tl::types::InputBusinessGreetingMessage {
                        shortcut_id,
                        recipients: everyone(),
                        no_activity_days: days as i32,
                    }
                    .into()
                }),
            };
            self.link.run(client.invoke(&req)).await?;
        }
        if c.away.is_some() || clear(BusinessPart::Away) {
            let req = functions::account::UpdateBusinessAwayMessage {
                message: c.away.map(|(shortcut_id, when, offline_only)| {
                    tl::types::InputBusinessAwayMessage {
                        offline_only,
                        shortcut_id,
                        schedule: match when {
                            AwaySchedule::Always => enums::BusinessAwayMessageSchedule::Always,
                            AwaySchedule::OutsideHours => {
                                enums::BusinessAwayMessageSchedule::OutsideWorkHours
                            }
                        },
                        recipients: everyone(),
                    }
                    .into()
                }),
            };
            self.link.run(client.invoke(&req)).await?;
        }
        Ok(())
    }
}
