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
    /// An invite link's hash (`t.me/+hash`, `t.me/joinchat/hash`): no chat until joined.
    Invite(String),
    /// A private message link `t.me/c/<channel_id>/<msg_id>`: a channel or supergroup by bare id.
    Private {
        channel_id: i64,
        msg_id: Option<i32>,
    },
    /// A Telegram link that names no chat (stickers, share, proxy, …), by its shape, e.g. `t.me/addstickers/…`.
    NotAChat(String),
}

impl PeerRef {
    /// The chat to look up: a private link becomes its channel's Bot-API id;
    /// an invite or a link that names no chat becomes a message the caller can show.
    pub fn chat(self) -> Result<PeerRef, String> {
        match self {
            PeerRef::Private { channel_id, .. } => Ok(PeerRef::Id(channel_to_bot_api(channel_id))),
            // The hash is left out: it is as good as an invitation to the chat.
            PeerRef::Invite(_) => Err(
                "an invite link (t.me/+… or t.me/joinchat/…) is not a chat: join it in the \
                 Telegram app first, then name the chat by its @username or id"
                    .into(),
            ),
            PeerRef::NotAChat(shape) => Err(format!(
                "{shape} is a Telegram link that names no chat: name a chat by its @username, \
                 t.me/name link, numeric id or phone number"
            )),
            other => Ok(other),
        }
    }
}

/// `t.me/<first>` paths Telegram reserves for links that name no chat.
const SERVICE_PATHS: &[&str] = &[
    "addstickers",
    "addemoji",
    "addtheme",
    "addlist",
    "share",
    "proxy",
    "socks",
    "setlanguage",
    "login",
    "confirmphone",
    "bg",
    "invoice",
    "giftcode",
    "contact",
    "iv",
    "m",
];

/// Parses `me`, `@name`, `name`, `t.me/name`, `https://t.me/name`, `-100…`,
/// `+7…`, and Telegram links: `t.me/name/123`, `t.me/+hash`, `t.me/c/…`, `tg://…`.
pub fn parse(input: &str) -> Option<PeerRef> {
    parse_with_message(input).map(|(peer, _)| peer)
}

/// The message id a message link carries (`t.me/name/123`, `t.me/c/1/123`,
/// `t.me/name/<topic>/123`, `tg://privatepost?…&post=123`), if any.
pub fn message_id(input: &str) -> Option<i32> {
    parse_with_message(input).and_then(|(_, msg)| msg)
}

fn parse_with_message(input: &str) -> Option<(PeerRef, Option<i32>)> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "me" | "self" | "saved" | "saved messages") {
        return Some((PeerRef::Me, None));
    }
    if let Some(digits) = s.strip_prefix('+') {
        return phone(digits).map(|p| (p, None));
    }
    if let Ok(id) = s.parse::<i64>() {
        return (id != 0).then_some((PeerRef::Id(id), None));
    }
    if let Some(rest) = strip_ci(s, "tg://").or_else(|| strip_ci(s, "tg:")) {
        return Some(tg_link(rest));
    }
    let rest = strip_ci(s, "https://")
        .or_else(|| strip_ci(s, "http://"))
        .unwrap_or(s);
    let rest = strip_ci(rest, "www.").unwrap_or(rest);
    for host in ["t.me/", "telegram.me/", "telegram.dog/"] {
        if let Some(path) = strip_ci(rest, host) {
            return t_me_path(path);
        }
    }
    // `name.t.me` is a public username's own link.
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if let Some(name) = host.to_ascii_lowercase().strip_suffix(".t.me") {
        return username(name).map(|u| (u, path.split('/').next().and_then(number)));
    }
    // A bare `name` or `@name` (anything after a '/' or '?' is ignored).
    let name = rest.trim_start_matches('@');
    username(name.split(['/', '?']).next().unwrap_or_default()).map(|u| (u, None))
}

/// `s` without `prefix`, compared ignoring ASCII case.
fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .and_then(|_| s.get(prefix.len()..))
}

fn phone(digits: &str) -> Option<PeerRef> {
    let d: String = digits
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    (!d.is_empty() && d.chars().all(|c| c.is_ascii_digit())).then_some(PeerRef::Phone(d))
}

fn username(name: &str) -> Option<PeerRef> {
    let name = name.to_ascii_lowercase();
    let valid = (3..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    valid.then_some(PeerRef::Username(name))
}

/// A positive message id (or channel id) written in a link.
fn number<T: std::str::FromStr + PartialOrd + Default>(s: &str) -> Option<T> {
    s.parse::<T>().ok().filter(|n| *n > T::default())
}

/// The query parameter `key` of `a=1&b=2`.
fn param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// The path of a `t.me/…` link (after the host).
fn t_me_path(path: &str) -> Option<(PeerRef, Option<i32>)> {
    let path = path.split('#').next().unwrap_or_default();
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut segments = path.split('/').filter(|p| !p.is_empty());
    let first = segments.next()?;
    let rest: Vec<&str> = segments.collect();
    // In `t.me/name/123` and `t.me/name/<topic>/123` the message is last.
    let last_msg = || rest.last().and_then(|m| number::<i32>(m));
    if let Some(hash) = first.strip_prefix('+') {
        // `t.me/+79001234567` is a phone number's link; any other `+…` an invite.
        if let Some(p) = phone(hash) {
            return Some((p, None));
        }
        return (!hash.is_empty()).then(|| (PeerRef::Invite(hash.to_string()), None));
    }
    let lower = first.to_ascii_lowercase();
    match lower.as_str() {
        "joinchat" => {
            let hash = rest.first()?;
            Some((PeerRef::Invite(hash.to_string()), None))
        }
        "c" => {
            let channel_id = number::<i64>(rest.first()?)?;
            let msg_id = rest.get(1..).and_then(|r| r.last()).and_then(|m| number(m));
            Some((PeerRef::Private { channel_id, msg_id }, msg_id))
        }
        // `t.me/s/name` is a channel's web preview.
        "s" => username(rest.first()?).map(|u| (u, last_msg())),
        "boost" => match rest.first() {
            Some(name) => username(name).map(|u| (u, None)),
            None => number::<i64>(param(query, "c")?).map(|channel_id| {
                let p = PeerRef::Private {
                    channel_id,
                    msg_id: None,
                };
                (p, None)
            }),
        },
        _ if SERVICE_PATHS.contains(&lower.as_str()) || lower.starts_with('$') => {
            let shape = if lower.starts_with('$') {
                "$"
            } else {
                lower.as_str()
            };
            Some((PeerRef::NotAChat(format!("t.me/{shape}…")), None))
        }
        _ => username(first).map(|u| (u, last_msg())),
    }
}

/// A `tg://action?params` link (after the scheme).
fn tg_link(rest: &str) -> (PeerRef, Option<i32>) {
    let (action, query) = rest.split_once('?').unwrap_or((rest, ""));
    let action = action.trim_matches('/').to_ascii_lowercase();
    let post = param(query, "post").and_then(number::<i32>);
    let found = match action.as_str() {
        "resolve" => param(query, "domain")
            .and_then(username)
            .or_else(|| param(query, "phone").and_then(phone)),
        "join" => param(query, "invite").map(|h| PeerRef::Invite(h.to_string())),
        "privatepost" => param(query, "channel")
            .and_then(number::<i64>)
            .map(|channel_id| PeerRef::Private {
                channel_id,
                msg_id: post,
            }),
        "user" => param(query, "id").and_then(number::<i64>).map(PeerRef::Id),
        _ => None,
    };
    match found {
        Some(p) => (p, post),
        // A link that names no chat, or one with its chat missing or malformed.
        None => {
            let shape: String = action
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(32)
                .collect();
            (PeerRef::NotAChat(format!("tg://{shape}…")), None)
        }
    }
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
#[path = "peer_tests.rs"]
mod tests;
