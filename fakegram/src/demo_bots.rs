//! Demo users who answer: the echo bot replies to every message sent to it
//! a second later, as a bot on Telegram would, pushed as an update and kept
//! for `updates.getDifference` (so `wait_for_message` has something to see).

use std::sync::Weak;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::account::{Message, Peer};
use crate::rpc::Ctx;
use crate::Shared;

/// The echo bot's user id.
pub const ECHO_BOT: i64 = 200_000_006;
/// The echo bot's username.
pub const ECHO_BOT_USERNAME: &str = "echo_demo_bot";
/// How long the echo bot takes to answer.
pub const REPLY_DELAY: Duration = Duration::from_secs(1);

/// An answer owed: (chat, sender, text).
pub(crate) type Owed = (Peer, i64, String);

/// What the echo bot answers to `text`.
pub fn echo_reply(text: &str) -> String {
    format!("You said: {text}")
}

/// Owes an answer when `m` was sent to the echo bot (of an account that has one).
pub(crate) fn answer(ctx: &Ctx, peer: Peer, m: &Message) {
    if peer == Peer::User(ECHO_BOT) && m.out && ctx.acc.user(ECHO_BOT).is_some() {
        // No receiver only while the server shuts down: nothing to answer then.
        let _ = ctx.sh.owed.send((peer, ECHO_BOT, echo_reply(&m.text)));
    }
}

/// Delivers owed answers after [`REPLY_DELAY`], each on its own timer; ends
/// with the server (it holds the server weakly, so it never keeps it alive).
pub(crate) async fn deliver_owed(mut rx: mpsc::UnboundedReceiver<Owed>, sh: Weak<Shared>) {
    while let Some((peer, from, text)) = rx.recv().await {
        let sh = sh.clone();
        tokio::spawn(async move {
            tokio::time::sleep(REPLY_DELAY).await;
            if let Some(sh) = sh.upgrade() {
                let _ = crate::deliver(&sh, peer, from, &text);
            }
        });
    }
}
