//! Chat allowlist and denylist, applied to every host call that names a chat.

use crate::telegram::{Chat, ChatKind};

/// One entry of `allow` / `deny`: `me`, `@username`, a numeric id, or a
/// chat's exact title (as tool arguments take it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatMatcher {
    Saved,
    Username(String),
    Id(i64),
    /// Matched ignoring case, as `chat` arguments resolve titles.
    Title(String),
}

impl ChatMatcher {
    /// Parses an entry; `None` for something that names no chat.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("me") || s.eq_ignore_ascii_case("saved") {
            return Some(ChatMatcher::Saved);
        }
        if let Ok(id) = s.parse::<i64>() {
            return Some(ChatMatcher::Id(id));
        }
        match crate::telegram::peer::parse(s) {
            Some(crate::telegram::peer::PeerRef::Username(u)) => Some(ChatMatcher::Username(u)),
            Some(_) => None,
            // What is no id, username or link is a title, as in tool arguments.
            None if !s.is_empty() => Some(ChatMatcher::Title(s.to_string())),
            None => None,
        }
    }

    fn matches(&self, chat: &Chat) -> bool {
        match self {
            ChatMatcher::Saved => chat.kind == ChatKind::Saved,
            ChatMatcher::Id(id) => chat.id == *id,
            ChatMatcher::Username(u) => chat
                .username
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(u)),
            ChatMatcher::Title(t) => chat.title.eq_ignore_ascii_case(t),
        }
    }
}

/// The operator's chat rules. Empty `allow` means every chat not denied.
#[derive(Debug, Clone, Default)]
pub struct ChatRules {
    pub allow: Vec<ChatMatcher>,
    pub deny: Vec<ChatMatcher>,
    /// Chats where nothing goes out unreviewed: `send_message` saves a draft
    /// for a person to send, and other posts are refused.
    pub send_as_draft: Vec<ChatMatcher>,
}

impl ChatRules {
    /// Whether any rule is set (if not, no lookups are needed).
    pub fn is_restricted(&self) -> bool {
        !self.allow.is_empty() || !self.deny.is_empty()
    }

    /// Whether tools may see or touch `chat`.
    pub fn allows(&self, chat: &Chat) -> bool {
        if self.deny.iter().any(|m| m.matches(chat)) {
            return false;
        }
        self.allow.is_empty() || self.allow.iter().any(|m| m.matches(chat))
    }

    /// Whether posts to `chat` wait for a person's review (as drafts).
    pub fn sends_as_draft(&self, chat: &Chat) -> bool {
        self.send_as_draft.iter().any(|m| m.matches(chat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: i64, kind: ChatKind, username: Option<&str>) -> Chat {
        Chat::new(id, kind, "t".into(), username.map(Into::into))
    }

    #[test]
    fn allow_and_deny() {
        let rules = ChatRules {
            allow: vec![
                ChatMatcher::parse("me").unwrap(),
                ChatMatcher::parse("@Alice").unwrap(),
                ChatMatcher::parse("-1001").unwrap(),
            ],
            deny: vec![ChatMatcher::parse("t.me/alice").unwrap()],
            send_as_draft: vec![ChatMatcher::parse("@boss").unwrap()],
        };
        assert!(rules.sends_as_draft(&chat(9, ChatKind::User, Some("Boss"))));
        assert!(!rules.sends_as_draft(&chat(1, ChatKind::Saved, None)));
        assert!(rules.allows(&chat(1, ChatKind::Saved, None)));
        assert!(rules.allows(&chat(-1001, ChatKind::Channel, None)));
        assert!(
            !rules.allows(&chat(2, ChatKind::User, Some("alice"))),
            "deny wins"
        );
        assert!(
            !rules.allows(&chat(3, ChatKind::User, Some("bob"))),
            "not in allow"
        );
        assert!(ChatRules::default().allows(&chat(3, ChatKind::User, None)));
        assert_eq!(ChatMatcher::parse("t.me/+AbCdEf"), None, "an invite link");
        let titled = ChatRules {
            allow: vec![ChatMatcher::parse("Demo Group").unwrap()],
            ..ChatRules::default()
        };
        let mut group = chat(-5, ChatKind::Group, None);
        group.title = "demo group".into();
        assert!(titled.allows(&group), "a title matches ignoring case");
        assert!(!titled.allows(&chat(-6, ChatKind::Group, None)));
    }
}
