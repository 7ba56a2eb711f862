//! Demo messages that are not plain text, so every kind a model may meet is
//! there to read: a pin (a service message), a place, a contact card, a
//! dice, a text link with a hidden URL and a reply quoting part of a
//! message, all in Saved Messages (outgoing, so no unread count moves), and
//! a member joining the private group the account can join by invite; and
//! the news channel muted.
//! Appended after the seeded history, so its ids and dates stay as they were.

use grammers_tl_types::{enums, types};

use crate::account::{Account, Message, Peer};
use crate::demo::ME_ID;
use crate::extras::Media;

const CAROL: i64 = 200_000_003;
const SAVED: Peer = Peer::User(ME_ID);
const PHOTOS: Peer = Peer::Channel(1_600_000_006);
const NEWS: Peer = Peer::Channel(1_500_000_001);

/// The demo's place (a venue in Saved Messages).
pub const DEMO_VENUE: &str = "Trailhead parking";
/// The text of the demo's message with a text link, and the link's URL.
pub const DEMO_LINKED: (&str, &str) = (
    "Packing list for Saturday",
    "https://example.com/lists/packing",
);

impl Account {
    /// Seeds the messages of the module docs.
    pub(crate) fn seed_records(&mut self) {
        let find = |acc: &Account, start: &str| {
            acc.history(SAVED)
                .iter()
                .find(|m| m.text.starts_with(start))
                .map(|m| m.id)
        };
        let (Some(flight), Some(wifi), Some(last)) = (
            find(self, "Flight to Lisbon"),
            find(self, "Wi-Fi at the cabin"),
            self.history(SAVED).last().map(|m| m.date),
        ) else {
            return;
        };
        let mut date = last;
        let mut next = |acc: &mut Account, text: &str, reply_to: Option<i32>| {
            acc.last_common_id += 1;
            date += 60;
            let m = Message {
                reply_to,
                ..Message::new(acc.last_common_id, SAVED, ME_ID, true, date, text)
            };
            let id = m.id;
            acc.push(m);
            id
        };
        self.set_pinned(SAVED, flight, true);
        let pin = next(self, "", Some(flight));
        self.ext
            .actions
            .insert((SAVED, pin), enums::MessageAction::PinMessage);
        let venue = next(self, "", None);
        let place = types::MessageMediaVenue {
            geo: types::GeoPoint {
                long: -9.39027,
                lat: 38.78767,
                access_hash: 0,
                accuracy_radius: None,
            }
            .into(),
            title: DEMO_VENUE.into(),
            address: "Estrada da Pena, Sintra".into(),
            provider: String::new(),
            venue_id: String::new(),
            venue_type: String::new(),
        };
        self.other_media(venue, place.into());
        let contact = next(self, "", None);
        let card = types::MessageMediaContact {
            phone_number: "15550000099".into(),
            first_name: "Ridge".into(),
            last_name: "Hut".into(),
            vcard: String::new(),
            user_id: 0,
        };
        self.other_media(contact, card.into());
        let dice = next(self, "", None);
        let roll = types::MessageMediaDice {
            value: 4,
            emoticon: "🎲".into(),
            game_outcome: None,
        };
        self.other_media(dice, roll.into());
        let (text, url) = DEMO_LINKED;
        let linked = next(self, text, None);
        let link = types::MessageEntityTextUrl {
            offset: 0,
            length: 12,
            url: url.into(),
        };
        self.ext.entities.insert((SAVED, linked), vec![link.into()]);
        let quoting = next(self, "Saved it on the phone too", Some(wifi));
        self.ext
            .quotes
            .insert((SAVED, quoting), "hikers-2026".into());

        // Release news is muted for good, as many people keep channels.
        self.ext.muted.insert(NEWS, i32::MAX);

        // Carol joined the private group after its first message.
        if let Some(first) = self.history(PHOTOS).first().map(|m| m.date) {
            let joined = Message::new(2, PHOTOS, CAROL, false, first + 3_600, "");
            self.push(joined);
            let action = types::MessageActionChatAddUser { users: vec![CAROL] };
            self.ext.actions.insert((PHOTOS, 2), action.into());
        }
    }

    fn other_media(&mut self, id: i32, media: enums::MessageMedia) {
        self.ext
            .media
            .insert((SAVED, id), Media::Other(Box::new(media)));
    }
}
