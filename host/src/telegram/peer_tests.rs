//! Tests of `peer.rs`.

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

fn private(channel_id: i64, msg_id: Option<i32>) -> Option<PeerRef> {
    Some(PeerRef::Private { channel_id, msg_id })
}

#[test]
fn invite_links_keep_their_case_and_are_not_usernames() {
    for link in [
        "t.me/joinchat/AbCdEf_12",
        "https://t.me/joinchat/AbCdEf_12/",
        "https://t.me/+AbCdEf_12",
        "HTTPS://T.ME/+AbCdEf_12",
        "telegram.me/+AbCdEf_12",
        "tg://join?invite=AbCdEf_12",
    ] {
        assert_eq!(
            parse(link),
            Some(PeerRef::Invite("AbCdEf_12".into())),
            "{link}"
        );
    }
    // `t.me/+<digits>` is a phone number's link.
    assert_eq!(
        parse("https://t.me/+79001234567"),
        Some(PeerRef::Phone("79001234567".into()))
    );
}

#[test]
fn private_message_links_give_the_channel_and_message() {
    assert_eq!(
        parse("https://t.me/c/1234567890/45"),
        private(1234567890, Some(45))
    );
    assert_eq!(parse("t.me/c/1234567890"), private(1234567890, None));
    // A forum topic's message: t.me/c/<channel>/<topic>/<message>.
    assert_eq!(
        parse("t.me/c/1234567890/7/45"),
        private(1234567890, Some(45))
    );
    assert_eq!(
        parse("tg://privatepost?channel=1234567890&post=45"),
        private(1234567890, Some(45))
    );
    assert_eq!(parse("t.me/boost?c=1234567890"), private(1234567890, None));
    assert_eq!(
        parse("t.me/c/1234567890/45").unwrap().chat(),
        Ok(PeerRef::Id(-1001234567890))
    );
    assert_eq!(message_id("t.me/c/1234567890/45"), Some(45));
    for bad in ["t.me/c/", "t.me/c/abc/1", "t.me/c/0/5", "t.me/c/-5/1"] {
        assert_eq!(parse(bad), None, "{bad}");
    }
}

#[test]
fn public_message_links_name_the_chat_and_keep_the_message_id() {
    for (link, msg) in [
        ("t.me/durov/123", Some(123)),
        ("https://t.me/durov/123?single", Some(123)),
        ("https://t.me/Durov/5/123", Some(123)),
        ("https://t.me/s/durov", None),
        ("https://t.me/s/durov/123", Some(123)),
        ("https://durov.t.me/123", Some(123)),
        ("https://www.telegram.dog/durov", None),
        ("tg://resolve?domain=Durov&post=123", Some(123)),
        ("t.me/boost/durov", None),
        ("t.me/durov?start=abc", None),
        ("@durov", None),
    ] {
        assert_eq!(
            parse(link),
            Some(PeerRef::Username("durov".into())),
            "{link}"
        );
        assert_eq!(message_id(link), msg, "{link}");
    }
    assert_eq!(message_id("-1001234567890"), None);
    assert_eq!(parse("tg://user?id=42"), Some(PeerRef::Id(42)));
    assert_eq!(
        parse("tg://resolve?phone=79001234567"),
        Some(PeerRef::Phone("79001234567".into()))
    );
}

#[test]
fn links_that_name_no_chat_say_so() {
    for (link, shape) in [
        ("https://t.me/addstickers/Animals", "t.me/addstickers…"),
        ("t.me/addemoji/Set", "t.me/addemoji…"),
        ("t.me/addlist/AbC", "t.me/addlist…"),
        ("t.me/share/url?url=https://example.com", "t.me/share…"),
        ("t.me/share?url=x", "t.me/share…"),
        (
            "https://t.me/proxy?server=1.2.3.4&port=443&secret=ab",
            "t.me/proxy…",
        ),
        ("t.me/socks?server=x", "t.me/socks…"),
        ("t.me/setlanguage/de", "t.me/setlanguage…"),
        ("t.me/$AbCinvoice", "t.me/$…"),
        ("tg://addstickers?set=Animals", "tg://addstickers…"),
        ("tg://proxy?server=x", "tg://proxy…"),
        ("TG://msg_url?url=x", "tg://msg_url…"),
        ("tg://resolve", "tg://resolve…"),
        ("tg:", "tg://…"),
    ] {
        assert_eq!(parse(link), Some(PeerRef::NotAChat(shape.into())), "{link}");
        let e = parse(link).unwrap().chat().unwrap_err();
        assert!(e.starts_with(shape) && e.contains("names no chat"), "{e}");
    }
    let e = parse("t.me/+SecretHash").unwrap().chat().unwrap_err();
    assert!(e.contains("invite link") && e.contains("join it in the Telegram app"));
    assert!(
        !e.contains("SecretHash"),
        "the error repeats the invite: {e}"
    );
}

#[test]
fn chat_keeps_the_old_variants_as_they_are() {
    for p in [
        PeerRef::Me,
        PeerRef::Id(-42),
        PeerRef::Username("durov".into()),
        PeerRef::Phone("79001234567".into()),
    ] {
        assert_eq!(p.clone().chat(), Ok(p));
    }
}

#[test]
fn odd_input_never_panics() {
    for s in [
        "",
        " ",
        "\t\n",
        "t.me",
        "t.me/",
        "t.me/+",
        "t.me//",
        "t.me/joinchat",
        "t.me/joinchat/",
        "tg://",
        "tg://?",
        "tg://join",
        "tg://privatepost?channel=x",
        "https://",
        "http://www.",
        "é",
        "t.mé/durov",
        "ét.me/x",
        "https://é.t.me/1",
        "@",
        "+",
        "+-",
        "t.me/?",
        "t.me/#",
        "t.me/c/99999999999999999999/1",
        "t.me/durov/99999999999999",
    ] {
        let _ = (parse(s), message_id(s));
    }
    assert_eq!(parse(" \t"), None);
    assert_eq!(message_id("t.me/durov/99999999999999"), None);
}
