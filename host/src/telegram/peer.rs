//! Peer strings as users write them, parsed before any lookup.

/// A parsed peer reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerRef {
    /// `me`, `self` or `saved`: the account itself (Saved Messages).
    Me,
    /// A Bot-API id: users > 0, basic groups < 0, channels -100….
    Id(i64),
    /// A username without `@`, lower-cased.
    Username(String),
    /// A phone number, digits only.
    Phone(String),
}

/// Parses `me`, `@name`, `name`, `t.me/name`, `https://t.me/name`, `-100…`, `+7…`.
pub fn parse(input: &str) -> Option<PeerRef> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "me" | "self" | "saved" | "saved messages") {
        return Some(PeerRef::Me);
    }
    if let Some(digits) = s.strip_prefix('+') {
        let d: String = digits
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) {
            return Some(PeerRef::Phone(d));
        }
        return None;
    }
    if let Ok(id) = s.parse::<i64>() {
        return (id != 0).then_some(PeerRef::Id(id));
    }
    let rest = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    let name = rest
        .strip_prefix("t.me/")
        .or_else(|| rest.strip_prefix("telegram.me/"))
        .unwrap_or(rest);
    let name = name.trim_start_matches('@').trim_end_matches('/');
    let name = name.split(['/', '?']).next().unwrap_or_default();
    let valid = (3..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    valid.then(|| PeerRef::Username(name.to_string()))
}

/// Bot-API id of a channel or supergroup from its bare channel id.
pub fn channel_to_bot_api(channel_id: i64) -> i64 {
    -1_000_000_000_000 - channel_id
}

/// Bot-API id of a basic group from its bare chat id.
pub fn group_to_bot_api(chat_id: i64) -> i64 {
    -chat_id
}

/// Which kind of bare id a Bot-API id holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BareId {
    User(i64),
    Group(i64),
    Channel(i64),
}

/// Splits a Bot-API id into its kind and bare id.
pub fn from_bot_api(id: i64) -> BareId {
    if id > 0 {
        BareId::User(id)
    } else if id <= -1_000_000_000_000 {
        BareId::Channel(-1_000_000_000_000 - id)
    } else {
        BareId::Group(-id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_users_write() {
        assert_eq!(parse("me"), Some(PeerRef::Me));
        assert_eq!(parse(" Saved "), Some(PeerRef::Me));
        assert_eq!(parse("@Durov"), Some(PeerRef::Username("durov".into())));
        assert_eq!(parse("durov"), Some(PeerRef::Username("durov".into())));
        assert_eq!(
            parse("https://t.me/durov"),
            Some(PeerRef::Username("durov".into()))
        );
        assert_eq!(
            parse("t.me/durov/123"),
            Some(PeerRef::Username("durov".into()))
        );
        assert_eq!(parse("-1001234567890"), Some(PeerRef::Id(-1001234567890)));
        assert_eq!(parse("42"), Some(PeerRef::Id(42)));
        assert_eq!(
            parse("+7 (900) 123-45-67"),
            Some(PeerRef::Phone("79001234567".into()))
        );
        assert_eq!(parse(""), None);
        assert_eq!(parse("a b"), None);
        assert_eq!(parse("0"), None);
    }

    #[test]
    fn bot_api_ids_round_trip() {
        assert_eq!(channel_to_bot_api(1234567890), -1001234567890);
        assert_eq!(from_bot_api(-1001234567890), BareId::Channel(1234567890));
        assert_eq!(group_to_bot_api(4242), -4242);
        assert_eq!(from_bot_api(-4242), BareId::Group(4242));
        assert_eq!(from_bot_api(777), BareId::User(777));
    }
}
