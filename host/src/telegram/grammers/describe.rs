//! Words for what a message carries beyond its text, so no message reads as
//! empty: what a service message did, what media without a file is (poll,
//! contact, dice, place, link preview), the hidden URLs of text links.
//! Every name and text from Telegram passes [`crate::telegram::untrusted`].

use grammers_client::tl::enums;

use super::names::Names;
use crate::telegram::untrusted;

fn quoted(s: &str) -> String {
    format!("\"{}\"", untrusted::name(s))
}

/// The names of `users` as the response named them ("user 42" otherwise).
fn users(ids: &[i64], names: &Names) -> String {
    let all: Vec<String> = ids
        .iter()
        .map(|id| names.name(*id).unwrap_or_else(|| format!("user {id}")))
        .collect();
    all.join(", ")
}

/// What a service message did, in words a model can summarise; the actor is
/// the message's sender. `reply_to` is the message a pin names.
pub fn action_text(
    action: &enums::MessageAction,
    sender: Option<i64>,
    reply_to: Option<i32>,
    names: &Names,
) -> Option<String> {
    use enums::MessageAction as A;
    let text = match action {
        A::Empty => return None,
        A::ChatCreate(a) => format!("created the group {}", quoted(&a.title)),
        A::ChannelCreate(a) => format!("created the channel {}", quoted(&a.title)),
        A::ChatEditTitle(a) => format!("changed the title to {}", quoted(&a.title)),
        A::ChatEditPhoto(_) => "changed the chat photo".into(),
        A::ChatDeletePhoto => "removed the chat photo".into(),
        A::ChatAddUser(a) if sender.is_some_and(|s| a.users == [s]) => "joined the group".into(),
        A::ChatAddUser(a) => format!("added {}", users(&a.users, names)),
        A::ChatDeleteUser(a) if Some(a.user_id) == sender => "left the group".into(),
        A::ChatDeleteUser(a) => format!("removed {}", users(&[a.user_id], names)),
        A::ChatJoinedByLink(_) => "joined the group by invite link".into(),
        A::ChatJoinedByRequest => "joined the group (request approved)".into(),
        A::ChatMigrateTo(_) => "upgraded the group to a supergroup".into(),
        A::ChannelMigrateFrom(a) => format!("upgraded the group {}", quoted(&a.title)),
        A::PinMessage => match reply_to {
            Some(id) => format!("pinned message {id}"),
            None => "pinned a message".into(),
        },
        A::HistoryClear => "cleared the history".into(),
        A::ScreenshotTaken => "took a screenshot".into(),
        A::ContactSignUp => "joined Telegram".into(),
        A::CustomAction(a) => untrusted::text(&a.message),
        A::PhoneCall(c) => {
            let kind = if c.video { "video call" } else { "call" };
            match c.duration {
                Some(d) if d > 0 => format!("{kind} ({d} s)"),
                _ => format!("missed {kind}"),
            }
        }
        A::GroupCall(c) => match c.duration {
            Some(d) => format!("ended the voice chat ({d} s)"),
            None => "started a voice chat".into(),
        },
        A::GroupCallScheduled(c) => format!("scheduled a voice chat (Unix {})", c.schedule_date),
        A::InviteToGroupCall(a) => {
            format!("invited {} to the voice chat", users(&a.users, names))
        }
        A::SetMessagesTtl(t) if t.period == 0 => "turned off auto-delete".into(),
        A::SetMessagesTtl(t) => format!("set messages to auto-delete after {} s", t.period),
        A::TopicCreate(t) => format!("created the topic {}", quoted(&t.title)),
        A::TopicEdit(t) => match (&t.title, &t.closed, &t.hidden) {
            (Some(title), _, _) => format!("renamed the topic to {}", quoted(title)),
            (None, Some(true), _) => "closed the topic".into(),
            (None, Some(false), _) => "reopened the topic".into(),
            (None, None, Some(true)) => "hid the topic".into(),
            (None, None, Some(false)) => "unhid the topic".into(),
            _ => "edited the topic".into(),
        },
        A::BoostApply(b) => format!("boosted the group {} times", b.boosts),
        A::SetChatTheme(_) => "changed the chat theme".into(),
        A::SetChatWallPaper(_) => "changed the chat wallpaper".into(),
        A::GameScore(g) => format!("scored {} in a game", g.score),
        A::GiveawayLaunch(_) => "started a giveaway".into(),
        // The rarer ones (payments, gifts, bots' web views…): still never empty.
        other => {
            let name = format!("{other:?}");
            let head = name.split('(').next().unwrap_or_default();
            format!("service message: {head}")
        }
    };
    Some(text)
}

fn text_of(t: &enums::TextWithEntities) -> String {
    let enums::TextWithEntities::Entities(t) = t;
    untrusted::text(&t.text)
}

fn coords(g: &enums::GeoPoint) -> Option<String> {
    match g {
        enums::GeoPoint::Point(p) => Some(format!("{:.5}, {:.5}", p.lat, p.long)),
        enums::GeoPoint::Empty => None,
    }
}

/// What media without a file is, in words; `None` for photos and files
/// (their kind, name and size say it).
pub fn media_summary(media: &enums::MessageMedia) -> Option<String> {
    use enums::MessageMedia as M;
    match media {
        M::Poll(p) => {
            let enums::Poll::Poll(poll) = &p.poll;
            let options: Vec<String> = poll
                .answers
                .iter()
                .filter_map(|a| match a {
                    enums::PollAnswer::Answer(a) => Some(text_of(&a.text)),
                    enums::PollAnswer::InputPollAnswer(_) => None,
                })
                .collect();
            let kind = if poll.quiz { "quiz" } else { "poll" };
            let closed = if poll.closed { " (closed)" } else { "" };
            Some(format!(
                "{kind} \"{}\": {}{closed}",
                text_of(&poll.question),
                options.join(" / ")
            ))
        }
        M::Contact(c) => {
            let name = [c.first_name.as_str(), c.last_name.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| untrusted::name(s))
                .collect::<Vec<_>>()
                .join(" ");
            let phone = untrusted::name(&c.phone_number);
            Some(match (name.is_empty(), phone.is_empty()) {
                (false, false) => {
                    format!("contact {name}, phone +{}", phone.trim_start_matches('+'))
                }
                (false, true) => format!("contact {name}"),
                (true, _) => format!("contact, phone +{}", phone.trim_start_matches('+')),
            })
        }
        M::Dice(d) => Some(format!(
            "{} dice: {}",
            untrusted::name(&d.emoticon),
            d.value
        )),
        M::Geo(g) => coords(&g.geo).map(|c| format!("location {c}")),
        M::GeoLive(g) => coords(&g.geo).map(|c| format!("live location {c}")),
        M::Venue(v) => {
            let mut parts = vec![untrusted::name(&v.title)];
            if !v.address.is_empty() {
                parts.push(untrusted::name(&v.address));
            }
            let place = parts.join(", ");
            Some(match coords(&v.geo) {
                Some(c) => format!("venue {place} ({c})"),
                None => format!("venue {place}"),
            })
        }
        M::WebPage(w) => match &w.webpage {
            enums::WebPage::Page(p) => Some(match &p.title {
                Some(t) if !t.is_empty() => format!("link preview {}: {}", quoted(t), p.url),
                _ => format!("link preview: {}", p.url),
            }),
            enums::WebPage::Empty(p) => p.url.as_ref().map(|u| format!("link preview: {u}")),
            enums::WebPage::Pending(p) => p.url.as_ref().map(|u| format!("link preview: {u}")),
            enums::WebPage::NotModified(_) => None,
        },
        M::Game(_) => Some("a game".into()),
        M::Invoice(i) => Some(format!("invoice {}", quoted(&i.title))),
        M::Story(_) => Some("a story".into()),
        M::Giveaway(g) => Some(format!("giveaway of {} prizes", g.quantity)),
        M::ToDo(_) => Some("a to-do list".into()),
        _ => None,
    }
}

/// The URLs of a text's text-url entities, in order.
pub fn text_links(entities: Option<&Vec<enums::MessageEntity>>) -> Vec<String> {
    entities
        .into_iter()
        .flatten()
        .filter_map(|e| match e {
            enums::MessageEntity::TextUrl(u) => Some(untrusted::name(&u.url)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_client::tl::types;

    #[test]
    fn service_messages_read_as_words() {
        let names = Names::default();
        let joined = types::MessageActionChatAddUser { users: vec![7] }.into();
        assert_eq!(
            action_text(&joined, Some(7), None, &names).as_deref(),
            Some("joined the group")
        );
        assert_eq!(
            action_text(&enums::MessageAction::PinMessage, Some(7), Some(12), &names).as_deref(),
            Some("pinned message 12")
        );
        let rare = types::MessageActionBoostApply { boosts: 2 }.into();
        assert!(action_text(&rare, None, None, &names).is_some_and(|t| !t.is_empty()));
        let payment = types::MessageActionPaidMessagesRefunded { count: 1, stars: 5 }.into();
        assert_eq!(
            action_text(&payment, None, None, &names).as_deref(),
            Some("service message: PaidMessagesRefunded")
        );
    }
}
