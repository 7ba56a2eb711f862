//! The Business profile: opening hours, location, intro, greeting and away
//! messages (state in `perks.rs`; `users.getFullUser` does not show it yet).

use grammers_tl_types::{enums, functions as f};

use super::{Ctx, RpcErr};

/// A quick reply of the account, as greetings and away messages name them.
fn shortcut(ctx: &Ctx, id: i32) -> Result<i32, RpcErr> {
    ctx.acc
        .perks
        .quick_replies
        .iter()
        .any(|q| q.id == id)
        .then_some(id)
        .ok_or_else(|| RpcErr::bad("SHORTCUT_INVALID"))
}

pub(crate) fn update_business_work_hours(
    ctx: &mut Ctx,
    req: f::account::UpdateBusinessWorkHours,
) -> Result<bool, RpcErr> {
    ctx.acc.perks.business.hours = match req.business_work_hours {
        None => None,
        Some(enums::BusinessWorkHours::Hours(h)) => {
            if h.timezone_id.trim().is_empty() {
                return Err(RpcErr::bad("BUSINESS_WORK_HOURS_PERIOD_INVALID"));
            }
            let open = h
                .weekly_open
                .into_iter()
                .map(|o| {
                    let enums::BusinessWeeklyOpen::Open(o) = o;
                    (o.start_minute, o.end_minute)
                })
                .collect::<Vec<_>>();
            if open.iter().any(|(s, e)| s >= e || *s < 0) {
                return Err(RpcErr::bad("BUSINESS_WORK_HOURS_PERIOD_INVALID"));
            }
            Some((h.timezone_id, open))
        }
    };
    Ok(true)
}

pub(crate) fn update_business_location(
    ctx: &mut Ctx,
    req: f::account::UpdateBusinessLocation,
) -> Result<bool, RpcErr> {
    ctx.acc.perks.business.address = req.address.filter(|a| !a.trim().is_empty());
    Ok(true)
}

pub(crate) fn update_business_intro(
    ctx: &mut Ctx,
    req: f::account::UpdateBusinessIntro,
) -> Result<bool, RpcErr> {
    ctx.acc.perks.business.intro = req.intro.map(|i| {
        let enums::InputBusinessIntro::Intro(i) = i;
        (i.title, i.description)
    });
    Ok(true)
}

pub(crate) fn update_business_greeting_message(
    ctx: &mut Ctx,
    req: f::account::UpdateBusinessGreetingMessage,
) -> Result<bool, RpcErr> {
    ctx.acc.perks.business.greeting = match req.message {
        None => None,
        Some(enums::InputBusinessGreetingMessage::Message(m)) => {
            Some((shortcut(ctx, m.shortcut_id)?, m.no_activity_days))
        }
    };
    Ok(true)
}

pub(crate) fn update_business_away_message(
    ctx: &mut Ctx,
    req: f::account::UpdateBusinessAwayMessage,
) -> Result<bool, RpcErr> {
    ctx.acc.perks.business.away = match req.message {
        None => None,
        Some(enums::InputBusinessAwayMessage::Message(m)) => {
            let outside = matches!(
                m.schedule,
                enums::BusinessAwayMessageSchedule::OutsideWorkHours
            );
            Some((shortcut(ctx, m.shortcut_id)?, outside, m.offline_only))
        }
    };
    Ok(true)
}
