//! Telegram's error codes in words: what each means and what to do next, so
//! a model that meets `CHAT_WRITE_FORBIDDEN` knows not to try again. One
//! table; the code stays at the head of the sentence for anyone searching it.

/// Codes and their sentences. Telegram's `_X` suffix (`SLOWMODE_WAIT_30`)
/// is already split off into the retry seconds by the time a name gets here.
const MEANINGS: &[(&str, &str)] = &[
    (
        "CHAT_WRITE_FORBIDDEN",
        "you cannot post in this chat (a channel only its admins post in, or a group that took the right away); to comment on a channel post, post in the channel's discussion group, if it has one",
    ),
    (
        "CHAT_ADMIN_REQUIRED",
        "this needs admin rights in the chat, which this account lacks",
    ),
    (
        "CHAT_SEND_MEDIA_FORBIDDEN",
        "this chat does not allow members to send media; send text instead",
    ),
    (
        "CHAT_SEND_PLAIN_FORBIDDEN",
        "this chat does not allow members to send text messages",
    ),
    (
        "CHAT_FORWARDS_RESTRICTED",
        "this chat forbids forwarding and saving its messages",
    ),
    (
        "CHANNEL_PRIVATE",
        "this channel or group is private, or this account is no longer in it",
    ),
    (
        "USER_BANNED_IN_CHANNEL",
        "Telegram limits this account from posting in groups and channels (a spam limit); @SpamBot in a Telegram app says why and until when",
    ),
    (
        "PEER_FLOOD",
        "Telegram limits this account's messages to people who do not have it as a contact (a spam limit); @SpamBot in a Telegram app says until when",
    ),
    (
        "USER_NOT_PARTICIPANT",
        "this account is not a member of this chat; join it first",
    ),
    (
        "USER_IS_BLOCKED",
        "this user has blocked the account, so it cannot message them",
    ),
    (
        "YOU_BLOCKED_USER",
        "this account has blocked this user; unblock them first",
    ),
    (
        "USER_PRIVACY_RESTRICTED",
        "this user's privacy settings do not allow it (being added to groups, calls, forwards…); ask them to do it, or send them an invite link",
    ),
    (
        "REPLY_MESSAGE_ID_INVALID",
        "the message replied to is not in this chat (deleted, or an id from another chat; in a forum, a topic that does not exist: list_topics lists them)",
    ),
    (
        "TOPIC_ID_INVALID",
        "no such topic in this chat; list_topics lists them",
    ),
    (
        "TOPIC_CLOSED",
        "this forum topic is closed; only its creator and admins can post in it",
    ),
    (
        "MESSAGE_AUTHOR_REQUIRED",
        "only the author of this message can edit it",
    ),
    (
        "MESSAGE_ID_INVALID",
        "no message with this id in this chat (deleted, or an id from another chat); get_history shows the chat's ids",
    ),
    (
        "MSG_ID_INVALID",
        "no message with this id in this chat (deleted, or an id from another chat); get_history shows the chat's ids",
    ),
    (
        "MESSAGE_NOT_MODIFIED",
        "the new text and formatting are those the message already has; nothing changed",
    ),
    (
        "MESSAGE_EDIT_TIME_EXPIRED",
        "this message is too old to edit (in groups and private chats, messages can be edited for 48 hours)",
    ),
    (
        "MESSAGE_DELETE_FORBIDDEN",
        "this account may not delete this message for everyone (another person's message in a chat where it is no admin)",
    ),
    (
        "MESSAGE_TOO_LONG",
        "a message holds at most 4096 characters; split the text into several messages",
    ),
    (
        "MESSAGE_EMPTY",
        "the message has no text; give some",
    ),
    (
        "MEDIA_CAPTION_TOO_LONG",
        "a caption holds at most 1024 characters (4096 with Telegram Premium); send the rest as a message of its own",
    ),
    (
        "MEDIA_EMPTY",
        "Telegram took the media as empty or not sendable here; send a file, photo or URL with content",
    ),
    (
        "ENTITY_BOUNDS_INVALID",
        "the formatting does not line up with the text; check the Markdown or HTML",
    ),
    (
        "LOCATION_INVALID",
        "the file's reference is no longer valid; fetch the message again (get_messages) and use it from there",
    ),
    (
        "FILE_REFERENCE_EXPIRED",
        "the file's reference has expired; fetch the message again (get_messages) and use it from there",
    ),
    (
        "PEER_ID_INVALID",
        "Telegram does not know this chat for this account; name it by @username or t.me link, or take its id from list_chats",
    ),
    (
        "USERNAME_NOT_OCCUPIED",
        "no user or chat has this username; search_chats finds chats by name",
    ),
    (
        "USERNAME_INVALID",
        "this is not a valid username (5 to 32 letters, digits and underscores, starting with a letter)",
    ),
    (
        "INVITE_HASH_EXPIRED",
        "this invite link has expired or was revoked; ask the chat's admins for a new one",
    ),
    (
        "INVITE_HASH_INVALID",
        "this invite link is not valid; check that it was copied whole",
    ),
    (
        "SLOWMODE_WAIT",
        "this chat's slow mode allows one message per interval",
    ),
    (
        "SCHEDULE_DATE_TOO_LATE",
        "a message can be scheduled at most a year ahead",
    ),
    (
        "SCHEDULE_TOO_MUCH",
        "a chat holds at most 100 scheduled messages; send or delete some first",
    ),
    (
        "CHANNELS_TOO_MUCH",
        "this account is in as many groups and channels as Telegram allows; leave some first",
    ),
];

/// What a Telegram error code means and what to do, if the table knows it.
pub fn meaning(name: &str) -> Option<&'static str> {
    MEANINGS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// The sentence for an error code: `CODE: what it means[; retry after N s]`,
/// or `None` for a code the table does not know and that has no wait.
pub fn sentence(name: &str, retry_after_secs: Option<u32>) -> Option<String> {
    match (meaning(name), retry_after_secs) {
        (Some(m), Some(s)) => Some(format!("{name}: {m}; retry after {s} s")),
        (Some(m), None) => Some(format!("{name}: {m}")),
        (None, Some(s)) => Some(format!("{name}: retry after {s} s")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_keep_their_name_and_say_what_to_do() {
        assert_eq!(
            sentence("MESSAGE_TOO_LONG", None).unwrap(),
            "MESSAGE_TOO_LONG: a message holds at most 4096 characters; split the text into several messages"
        );
        assert!(sentence("CHAT_WRITE_FORBIDDEN", None)
            .unwrap()
            .starts_with("CHAT_WRITE_FORBIDDEN: you cannot post in this chat"));
        assert!(sentence("TOPIC_ID_INVALID", None)
            .unwrap()
            .ends_with("list_topics lists them"));
    }

    #[test]
    fn waits_keep_their_seconds() {
        assert_eq!(
            sentence("FLOOD_WAIT", Some(37)).unwrap(),
            "FLOOD_WAIT: retry after 37 s"
        );
        assert_eq!(
            sentence("SLOWMODE_WAIT", Some(30)).unwrap(),
            "SLOWMODE_WAIT: this chat's slow mode allows one message per interval; retry after 30 s"
        );
    }

    #[test]
    fn unknown_codes_are_left_to_the_caller() {
        assert_eq!(sentence("SOMETHING_NEW", None), None);
        assert_eq!(meaning("chat_write_forbidden"), None, "codes are exact");
    }

    #[test]
    fn the_table_has_each_code_once_and_every_sentence_is_one_line() {
        let mut names: Vec<&str> = MEANINGS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a code twice");
        for (n, m) in MEANINGS {
            assert!(n.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{n}");
            assert!(!m.contains('\n') && !m.ends_with('.'), "{n}: {m}");
        }
        for name in [
            "CHAT_WRITE_FORBIDDEN",
            "CHAT_ADMIN_REQUIRED",
            "USER_BANNED_IN_CHANNEL",
            "REPLY_MESSAGE_ID_INVALID",
            "TOPIC_ID_INVALID",
            "MESSAGE_AUTHOR_REQUIRED",
            "MESSAGE_ID_INVALID",
            "MESSAGE_NOT_MODIFIED",
            "MESSAGE_TOO_LONG",
            "LOCATION_INVALID",
            "FILE_REFERENCE_EXPIRED",
            "PEER_ID_INVALID",
            "USERNAME_NOT_OCCUPIED",
            "USERNAME_INVALID",
            "INVITE_HASH_EXPIRED",
            "USER_PRIVACY_RESTRICTED",
            "SLOWMODE_WAIT",
            "SCHEDULE_DATE_TOO_LATE",
            "MEDIA_EMPTY",
        ] {
            assert!(meaning(name).is_some(), "{name}");
        }
    }
}
