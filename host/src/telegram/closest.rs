//! The chats a name that resolved to nothing most likely meant: what a miss
//! suggests (`did you mean "Alice Smith" (@alice_demo)?`), and the one chat a
//! single word names, as Telegram's search picks the only Alice.

use std::fmt;

use crate::telegram::{Chat, ChatKind};

/// Most chats one miss suggests.
pub const MAX_SUGGESTIONS: usize = 3;

/// How close a chat comes to what was typed; earlier is closer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// The whole title or username, or one word of the title (a first name).
    Word,
    /// The start of the title, the username or a word.
    Prefix,
    /// Somewhere inside the title or username (three characters or more).
    Contains,
    /// A typo away from the title, the username or a word.
    Typo,
}

/// What was typed, as names are compared: trimmed, without `@`, lower-cased.
fn normalize(query: &str) -> String {
    query.trim().trim_start_matches('@').trim().to_lowercase()
}

/// The words of a title: runs of letters and digits.
fn words(title: &str) -> impl Iterator<Item = &str> {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
}

/// How close `chat` comes to `query`, or `None` when it does not match at all.
/// Saved Messages is never a guess: `me` names it.
pub fn closeness(query: &str, chat: &Chat) -> Option<Closeness> {
    let q = normalize(query);
    if q.is_empty() || chat.kind == ChatKind::Saved {
        return None;
    }
    let title = chat.title.to_lowercase();
    let username = chat.username.as_deref().map(str::to_lowercase);
    let names = || {
        std::iter::once(title.as_str())
            .chain(username.as_deref())
            .chain(words(&title))
    };
    if names().any(|n| n == q) {
        return Some(Closeness::Word);
    }
    let chars = q.chars().count();
    if chars >= 2 && names().any(|n| n.starts_with(&q)) {
        return Some(Closeness::Prefix);
    }
    if chars >= 3 && names().any(|n| n.contains(&q)) {
        return Some(Closeness::Contains);
    }
    // One slip in a short name, two in a longer one.
    let allowed = if chars <= 5 { 1 } else { 2 };
    if chars >= 3 && names().any(|n| distance(&q, n) <= allowed) {
        return Some(Closeness::Typo);
    }
    None
}

/// Every chat that matches `query`, closest first (then by title), each once.
pub fn ranked<'a>(query: &str, chats: impl IntoIterator<Item = &'a Chat>) -> Vec<Chat> {
    let mut scored: Vec<(Closeness, &Chat)> = chats
        .into_iter()
        .filter_map(|c| closeness(query, c).map(|s| (s, c)))
        .collect();
    scored.sort_by_cached_key(|(s, c)| (*s, c.title.to_lowercase(), c.id));
    scored.dedup_by_key(|(_, c)| c.id);
    scored.into_iter().map(|(_, c)| c.clone()).collect()
}

/// The one chat a whole word of `query` names, if exactly one does; two or
/// more are a miss that lists them.
pub fn only_word_match<'a>(
    query: &str,
    chats: impl IntoIterator<Item = &'a Chat>,
) -> Option<&'a Chat> {
    let mut found = chats
        .into_iter()
        .filter(|c| closeness(query, c) == Some(Closeness::Word));
    let first = found.next()?;
    // The same chat twice (a dialog and a contact) is still one.
    found.all(|c| c.id == first.id).then_some(first)
}

/// Whether `chat` was found by guessing from `query` (a word of its title,
/// say) rather than named exactly: by id, link, username, phone or whole title.
pub fn guessed(query: &str, chat: &Chat) -> bool {
    use crate::telegram::peer::{parse, PeerRef};
    let q = query.trim();
    let whole_title = chat.title.to_lowercase() == q.to_lowercase();
    match parse(q) {
        Some(PeerRef::Username(u)) => {
            !whole_title
                && !chat
                    .username
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&u))
        }
        Some(_) => false,
        None => !whole_title,
    }
}

/// Edit distance with adjacent swaps counted as one (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Names longer than this are not typos of each other; skip the table.
    if a.len().abs_diff(b.len()) > 2 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The chats a miss suggests; shown as `; did you mean "A" (@a) or "B" (id -5)?`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Suggestions(pub Vec<Chat>);

impl Suggestions {
    /// The closest [`MAX_SUGGESTIONS`] of `chats` for `query`.
    pub fn of<'a>(query: &str, chats: impl IntoIterator<Item = &'a Chat>) -> Self {
        let mut r = ranked(query, chats);
        r.truncate(MAX_SUGGESTIONS);
        Suggestions(r)
    }
}

/// How a suggested chat is named: its title (escaped and cut, it is the
/// chat's own text) and what names it exactly.
fn label(c: &Chat) -> String {
    let title: String = c.title.chars().take(64).collect();
    match &c.username {
        Some(u) => format!("{title:?} (@{u})"),
        None => format!("{title:?} (id {})", c.id),
    }
}

impl fmt::Display for Suggestions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels: Vec<String> = self.0.iter().map(label).collect();
        match labels.split_last() {
            None => Ok(()),
            Some((last, [])) => write!(f, "; did you mean {last}?"),
            Some((last, rest)) => write!(f, "; did you mean {} or {last}?", rest.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: i64, title: &str, username: Option<&str>) -> Chat {
        Chat::new(id, ChatKind::User, title.into(), username.map(Into::into))
    }

    fn demo() -> Vec<Chat> {
        vec![
            chat(1, "Alice Smith", Some("alice_demo")),
            chat(2, "Bob", Some("bob_demo")),
            chat(-3, "Weekend Hikers", None),
            chat(-1004, "tgmcp News", Some("tgmcp_news")),
            chat(-1005, "tgmcp Community", Some("tgmcp_community_demo")),
        ]
    }

    #[test]
    fn a_first_name_names_the_only_chat_with_that_word() {
        let chats = demo();
        assert_eq!(only_word_match("Alice", &chats).map(|c| c.id), Some(1));
        assert_eq!(only_word_match("  alice ", &chats).map(|c| c.id), Some(1));
        assert_eq!(only_word_match("hikers", &chats).map(|c| c.id), Some(-3));
        assert_eq!(only_word_match("tgmcp", &chats), None, "two chats");
        assert_eq!(only_word_match("Ali", &chats), None, "a prefix is a guess");
        let twice = [chats[0].clone(), chats[0].clone()];
        assert_eq!(only_word_match("alice", &twice).map(|c| c.id), Some(1));
    }

    #[test]
    fn misses_suggest_the_closest_three() {
        let chats = demo();
        let s = Suggestions::of("Alise Smith", &chats);
        assert_eq!(
            s.to_string(),
            "; did you mean \"Alice Smith\" (@alice_demo)?"
        );
        let s = Suggestions::of("tgmcp", &chats);
        assert_eq!(
            s.to_string(),
            "; did you mean \"tgmcp Community\" (@tgmcp_community_demo) or \"tgmcp News\" (@tgmcp_news)?"
        );
        assert_eq!(
            Suggestions::of("weekend", &chats).to_string(),
            "; did you mean \"Weekend Hikers\" (id -3)?"
        );
        assert_eq!(Suggestions::of("@ali", &chats).0[0].id, 1, "a prefix");
        assert_eq!(
            Suggestions::of("ikers", &chats).0[0].id,
            -3,
            "inside a word"
        );
        assert_eq!(Suggestions::of("zzz", &chats), Suggestions::default());
        assert_eq!(Suggestions::default().to_string(), "");
        let many: Vec<Chat> = (0..10)
            .map(|i| chat(i, &format!("Team {i}"), None))
            .collect();
        assert_eq!(Suggestions::of("team", &many).0.len(), MAX_SUGGESTIONS);
    }

    #[test]
    fn titles_are_quoted_escaped_and_cut() {
        let odd = [chat(7, &format!("Ev\"il\n{}", "x".repeat(100)), None)];
        let s = Suggestions::of("ev", &odd).to_string();
        assert!(s.contains(r#""Ev\"il\nxxx"#), "{s}");
        assert!(s.len() < 120, "{s}");
    }

    #[test]
    fn saved_messages_is_never_a_guess() {
        let mut me = chat(9, "Saved Messages", Some("tgmcp_demo"));
        me.kind = ChatKind::Saved;
        assert_eq!(closeness("saved", &me), None);
    }

    #[test]
    fn a_guess_is_told_from_an_exact_name() {
        let alice = chat(1, "Alice Smith", Some("alice_demo"));
        assert!(guessed("Alice", &alice));
        assert!(guessed("smith", &alice));
        assert!(!guessed("alice smith", &alice));
        assert!(!guessed("@alice_demo", &alice));
        assert!(!guessed("t.me/alice_demo", &alice));
        assert!(!guessed("1", &alice));
        assert!(!guessed("+15550000002", &alice));
    }

    #[test]
    fn distance_counts_a_swap_once() {
        assert_eq!(distance("alice", "alice"), 0);
        assert_eq!(distance("alcie", "alice"), 1);
        assert_eq!(distance("alise", "alice"), 1);
        assert_eq!(distance("bob", "bobby"), 2);
        assert_eq!(distance("a", "abcdef"), usize::MAX);
    }
}
