//! `payments`: Telegram Stars (asks only for telegram-payments, which a
//! plugin file gets only when the policy names it): the balance with recent
//! transactions and subscriptions, the gift catalogue, and paid reactions,
//! which spend Stars (the host caps each at 100 and counts it against the
//! send quota).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::payments::{self, Gift, StarsBalance};
use tgmcp_sdk::{NoArgs, Peer, Profile, Tool, ToolError};

fn ten() -> u32 {
    10
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StatusArgs {
    /// Most recent transactions to list (default 10, at most 50)
    #[serde(default = "ten")]
    #[schemars(range(min = 1, max = 50))]
    limit: u32,
}

fn get_stars_status(a: StatusArgs) -> Result<StarsBalance, ToolError> {
    payments::stars_status(a.limit)
}

/// The gift catalogue.
#[derive(Serialize, JsonSchema)]
struct Gifts {
    gifts: Vec<Gift>,
}

fn list_gifts(_: NoArgs) -> Result<Gifts, ToolError> {
    Ok(Gifts {
        gifts: payments::list_gifts()?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PaidArgs {
    /// A channel (paid reactions exist in channels and supergroups)
    chat: Peer,
    message_id: i32,
    /// Stars to spend (1 to 100)
    #[schemars(range(min = 1, max = 100))]
    stars: u32,
    /// Leave the account out of the post's top reactors
    #[serde(default)]
    anonymous: bool,
}

/// What the reaction cost.
#[derive(Serialize, JsonSchema)]
struct Spent {
    ok: bool,
    /// Stars spent.
    spent: u32,
    /// The balance after it.
    balance: i64,
}

fn send_paid_reaction(a: PaidArgs) -> Result<Spent, ToolError> {
    payments::send_paid_reaction(&a.chat, a.message_id, a.stars, a.anonymous)?;
    let balance = payments::stars_status(1)?.balance;
    Ok(Spent {
        ok: true,
        spent: a.stars,
        balance,
    })
}

tgmcp_sdk::plugin![
    Tool::new(
        "get_stars_status",
        "The account's Telegram Stars: balance, the newest transactions (amount, \
         negative when spent, date, other side) and paid subscriptions.",
    )
    .title("Stars balance")
    .read_only()
    .example(r#"{"limit": 5}"#)
    .profile(Profile::Stars)
    .run(get_stars_status),
    Tool::new(
        "list_gifts",
        "The gifts one can buy with Stars and send: id, price in Stars, what the \
         receiver may convert it to, and for limited gifts how many remain.",
    )
    .title("Gift catalogue")
    .read_only()
    .example("{}")
    .profile(Profile::Stars)
    .run(list_gifts),
    Tool::new(
        "send_paid_reaction",
        "Spend Stars on a paid ⭐ reaction to a channel post (1 to 100 Stars per call; \
         spent Stars do not come back). Returns the Stars spent and the balance after.",
    )
    .title("Send a paid reaction")
    .destructive()
    .example(r#"{"chat": "@tgmcp_news", "message_id": 1, "stars": 1}"#)
    .profile(Profile::Stars)
    .run(send_paid_reaction),
];
