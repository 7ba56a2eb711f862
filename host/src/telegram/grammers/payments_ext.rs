//! [`PaymentsExt`] on grammers: Stars status, the gift catalogue and paid
//! reactions, on raw TL.

use async_trait::async_trait;
use grammers_client::tl::{enums, functions};

use super::compose::random_id;
use super::convert::peer_id;
use super::GrammersBackend;
use crate::telegram::payments_ext::{
    Gift, StarsStatus, StarsSubscription, StarsTransaction, MAX_TRANSACTIONS,
};
use crate::telegram::{untrusted, PaymentsExt, TelegramError};

/// Whole Stars of an amount (TON amounts are not Stars: 0).
fn stars(a: &enums::StarsAmount) -> i64 {
    match a {
        enums::StarsAmount::Amount(a) => a.amount,
        enums::StarsAmount::StarsTonAmount(_) => 0,
    }
}

fn transaction(t: enums::StarsTransaction) -> StarsTransaction {
    let enums::StarsTransaction::Transaction(t) = t;
    StarsTransaction {
        id: t.id,
        amount: stars(&t.amount),
        date: i64::from(t.date),
        peer_id: match &t.peer {
            enums::StarsTransactionPeer::Peer(p) => Some(peer_id(&p.peer)),
            _ => None,
        },
        title: untrusted::opt_name(t.title.as_deref()),
        description: t.description.map(|d| untrusted::text(&d)),
        reaction: t.reaction,
        gift: t.gift,
        refund: t.refund,
        message_id: t.msg_id,
    }
}

fn subscription(s: enums::StarsSubscription) -> StarsSubscription {
    let enums::StarsSubscription::Subscription(s) = s;
    let enums::StarsSubscriptionPricing::Pricing(p) = s.pricing;
    StarsSubscription {
        id: s.id,
        peer_id: peer_id(&s.peer),
        until: i64::from(s.until_date),
        period: p.period.max(0) as u32,
        amount: p.amount,
        canceled: s.canceled,
        title: untrusted::opt_name(s.title.as_deref()),
    }
}

#[async_trait]
impl PaymentsExt for GrammersBackend {
    async fn stars_status(&self, limit: u32) -> Result<StarsStatus, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let req = functions::payments::GetStarsTransactions {
            inbound: false,
            outbound: false,
            ascending: false,
            ton: false,
            subscription_id: None,
            peer: enums::InputPeer::PeerSelf,
            offset: String::new(),
            limit: limit.clamp(1, MAX_TRANSACTIONS) as i32,
        };
        let enums::payments::StarsStatus::Status(t) = self.link.run(client.invoke(&req)).await?;
        let req = functions::payments::GetStarsSubscriptions {
            missing_balance: false,
            peer: enums::InputPeer::PeerSelf,
            offset: String::new(),
        };
        let enums::payments::StarsStatus::Status(s) = self.link.run(client.invoke(&req)).await?;
        Ok(StarsStatus {
            balance: stars(&t.balance),
            transactions: t
                .history
                .unwrap_or_default()
                .into_iter()
                .map(transaction)
                .collect(),
            subscriptions: s
                .subscriptions
                .unwrap_or_default()
                .into_iter()
                .map(subscription)
                .collect(),
        })
    }

    async fn list_gifts(&self) -> Result<Vec<Gift>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let req = functions::payments::GetStarGifts { hash: 0 };
        let enums::payments::StarGifts::Gifts(r) = self.link.run(client.invoke(&req)).await? else {
            return Ok(Vec::new());
        };
        Ok(r.gifts
            .into_iter()
            .filter_map(|g| match g {
                enums::StarGift::Gift(g) => Some(Gift {
                    id: g.id,
                    stars: g.stars,
                    convert_stars: g.convert_stars,
                    title: untrusted::opt_name(g.title.as_deref()),
                    limited: g.limited,
                    sold_out: g.sold_out,
                    remains: g.availability_remains.map(|n| n.max(0) as u32),
                    total: g.availability_total.map(|n| n.max(0) as u32),
                }),
                // Unique (upgraded) gifts are owned, not bought from the catalogue.
                enums::StarGift::Unique(_) => None,
            })
            .collect())
    }

    async fn send_paid_reaction(
        &self,
        chat: &str,
        id: i32,
        count: u32,
        anonymous: bool,
    ) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = functions::messages::SendPaidReaction {
            peer: k.peer.into(),
            msg_id: id,
            count: count as i32,
            random_id: random_id(),
            private: Some(if anonymous {
                enums::PaidReactionPrivacy::Anonymous
            } else {
                enums::PaidReactionPrivacy::Default
            }),
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }
}
