//! `tgmcp:plugin/telegram-payments@0.2.0`: Telegram Stars, through the guard
//! (a paid reaction is a post there: read-only, chat lists, quota, audit).

use super::super::bindings::v0_2::tgmcp::plugin::telegram_payments::{
    self as wit, Gift as WitGift, StarsBalance as WitStatus, StarsSubscription as WitSub,
    StarsTransaction as WitTx,
};
use super::super::bindings::ToolError;
use super::CallState;
use crate::telegram::payments_ext::{Gift, StarsStatus, StarsSubscription, StarsTransaction};

impl From<StarsTransaction> for WitTx {
    fn from(t: StarsTransaction) -> Self {
        WitTx {
            id: t.id,
            amount: t.amount,
            date: t.date,
            peer_id: t.peer_id,
            title: t.title,
            description: t.description,
            reaction: t.reaction,
            gift: t.gift,
            refund: t.refund,
            message_id: t.message_id,
        }
    }
}

impl From<StarsSubscription> for WitSub {
    fn from(s: StarsSubscription) -> Self {
        WitSub {
            id: s.id,
            peer_id: s.peer_id,
            until: s.until,
            period: s.period,
            amount: s.amount,
            canceled: s.canceled,
            title: s.title,
        }
    }
}

impl From<StarsStatus> for WitStatus {
    fn from(s: StarsStatus) -> Self {
        WitStatus {
            balance: s.balance,
            transactions: s.transactions.into_iter().map(Into::into).collect(),
            subscriptions: s.subscriptions.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<Gift> for WitGift {
    fn from(g: Gift) -> Self {
        WitGift {
            id: g.id,
            stars: g.stars,
            convert_stars: g.convert_stars,
            title: g.title,
            limited: g.limited,
            sold_out: g.sold_out,
            remains: g.remains,
            total: g.total,
        }
    }
}

impl wit::Host for CallState {
    async fn stars_status(&mut self, limit: u32) -> Result<WitStatus, ToolError> {
        Ok(self.guard.stars_status(limit).await?.into())
    }

    async fn list_gifts(&mut self) -> Result<Vec<WitGift>, ToolError> {
        let g = self.guard.list_gifts().await?;
        Ok(g.into_iter().map(Into::into).collect())
    }

    async fn send_paid_reaction(
        &mut self,
        chat: String,
        id: i32,
        count: u32,
        anonymous: bool,
    ) -> Result<(), ToolError> {
        Ok(self
            .guard
            .send_paid_reaction(&chat, id, count, anonymous)
            .await?)
    }
}
