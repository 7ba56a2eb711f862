//! The Business tools: chat links and the Business profile (hours, address,
//! intro, greeting and away messages).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::extras::{
    self, AwaySchedule, BusinessAway, BusinessChanges, BusinessGreeting, BusinessHours,
    BusinessIntro, BusinessLink, BusinessPart, OpenInterval,
};
use tgmcp_sdk::{NoArgs, Profile, Tool, ToolError};

/// Chat links.
#[derive(Serialize, JsonSchema)]
struct Links {
    links: Vec<BusinessLink>,
}

fn get_business_links(_: NoArgs) -> Result<Links, ToolError> {
    Ok(Links {
        links: extras::business_links()?,
    })
}

pub(crate) fn get_business_links_tool() -> Tool {
    Tool::new(
        "get_business_links",
        "The account's Telegram Business chat links (t.me/m/…): each opens a chat with \
         the account with a prefilled message; with title and views.",
    )
    .title("Business chat links")
    .read_only()
    .example("{}")
    .profile(Profile::Opt)
    .run(get_business_links)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Interval {
    /// Minutes from Monday 00:00 (Tuesday 09:00 is 1980)
    #[schemars(range(max = 11520))]
    start_minute: u32,
    /// Minutes from Monday 00:00, after start_minute
    #[schemars(range(max = 11520))]
    end_minute: u32,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Hours {
    /// IANA time zone, such as Europe/Berlin
    #[schemars(length(min = 1, max = 64))]
    timezone: String,
    /// Open intervals of the week
    #[schemars(length(min = 1, max = 28))]
    open: Vec<Interval>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Intro {
    /// At most 32 characters
    #[schemars(length(max = 32))]
    title: String,
    /// At most 70 characters
    #[schemars(length(max = 70))]
    description: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Greeting {
    /// Id of a quick reply (list_quick_replies)
    quick_reply_id: i32,
    /// Greet people who have not written for this many days: 7, 14, 21 or 28
    #[schemars(range(min = 7, max = 28))]
    no_activity_days: u32,
}

#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum When {
    Always,
    OutsideHours,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Away {
    /// Id of a quick reply (list_quick_replies)
    quick_reply_id: i32,
    /// always, or outside_hours (the opening hours)
    when: When,
    /// Only while the account is offline
    #[serde(default)]
    offline_only: bool,
}

#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Part {
    Hours,
    Location,
    Intro,
    Greeting,
    Away,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ProfileArgs {
    /// Opening hours to set
    hours: Option<Hours>,
    /// Address to show (empty removes it)
    #[schemars(length(max = 96))]
    address: Option<String>,
    /// Intro shown in an empty chat with the account
    intro: Option<Intro>,
    /// Greeting for new or returning people
    greeting: Option<Greeting>,
    /// Away message
    away: Option<Away>,
    /// Parts to remove
    #[serde(default)]
    #[schemars(length(max = 5))]
    clear: Vec<Part>,
}

/// What changed.
#[derive(Serialize, JsonSchema)]
struct Changed {
    ok: bool,
    /// The parts set or removed.
    changed: Vec<String>,
}

fn set_business_profile(a: ProfileArgs) -> Result<Changed, ToolError> {
    let mut changed = Vec::new();
    let mut note = |on: bool, what: &str| {
        if on {
            changed.push(what.to_string());
        }
    };
    note(a.hours.is_some(), "hours");
    note(a.address.is_some(), "location");
    note(a.intro.is_some(), "intro");
    note(a.greeting.is_some(), "greeting");
    note(a.away.is_some(), "away");
    for p in &a.clear {
        let name = match p {
            Part::Hours => "hours removed",
            Part::Location => "location removed",
            Part::Intro => "intro removed",
            Part::Greeting => "greeting removed",
            Part::Away => "away removed",
        };
        changed.push(name.to_string());
    }
    let changes = BusinessChanges {
        hours: a.hours.map(|h| BusinessHours {
            timezone: h.timezone,
            open: h
                .open
                .into_iter()
                .map(|o| OpenInterval {
                    start_minute: o.start_minute,
                    end_minute: o.end_minute,
                })
                .collect(),
        }),
        address: a.address,
        intro: a.intro.map(|i| BusinessIntro {
            title: i.title,
            description: i.description,
        }),
        greeting: a.greeting.map(|g| BusinessGreeting {
            shortcut_id: g.quick_reply_id,
            no_activity_days: g.no_activity_days,
        }),
        away: a.away.map(|w| BusinessAway {
            shortcut_id: w.quick_reply_id,
            schedule: match w.when {
                When::Always => AwaySchedule::Always,
                When::OutsideHours => AwaySchedule::OutsideHours,
            },
            offline_only: w.offline_only,
        }),
        clear: a
            .clear
            .iter()
            .map(|p| match p {
                Part::Hours => BusinessPart::Hours,
                Part::Location => BusinessPart::Location,
                Part::Intro => BusinessPart::Intro,
                Part::Greeting => BusinessPart::Greeting,
                Part::Away => BusinessPart::Away,
            })
            .collect(),
    };
    extras::set_business_profile(&changes)?;
    Ok(Changed { ok: true, changed })
}

pub(crate) fn set_business_profile_tool() -> Tool {
    Tool::new(
        "set_business_profile",
        "Change the account's Telegram Business profile: opening hours, address, intro, \
         greeting and away messages (each a quick reply from list_quick_replies); parts \
         left out stay as they are, clear removes parts. Returns the parts changed.",
    )
    .title("Set Business profile")
    .idempotent()
    .example(
        r#"{"hours": {"timezone": "Europe/Berlin", "open": [{"start_minute": 540, "end_minute": 1080}]}, "address": "Alexanderplatz 1, Berlin", "intro": {"title": "tgmcp demo", "description": "Ask me about Telegram tools"}, "greeting": {"quick_reply_id": 1, "no_activity_days": 7}, "away": {"quick_reply_id": 2, "when": "outside_hours"}}"#,
    )
    .profile(Profile::Opt)
    .run(set_business_profile)
}
