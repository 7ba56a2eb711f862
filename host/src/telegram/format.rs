//! Message text with formatting: Markdown and HTML into Telegram's plain text
//! plus entities. grammers' own Markdown parser drops line breaks and list
//! structure ("line one\nline two" arrives as "line oneline two"), and both of
//! its parsers panic on a `tg://user?id=` link whose id is not a number; this
//! module keeps the text as written and turns bad input into an error.

use grammers_client::tl;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::TelegramError;

/// Telegram counts entity offsets in UTF-16 code units.
fn utf16_len(s: &str) -> i32 {
    s.encode_utf16().count() as i32
}

const MENTION_PREFIX: &str = "tg://user?id=";

/// The user id of a `tg://user?id=N` link, or an error naming the link.
fn mention_id(url: &str) -> Result<Option<i64>, TelegramError> {
    let Some(rest) = url.strip_prefix(MENTION_PREFIX) else {
        return Ok(None);
    };
    rest.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(Some)
        .ok_or_else(|| {
            TelegramError::InvalidArgs(format!(
                "link \"{url}\": a mention link is tg://user?id= followed by a numeric user id"
            ))
        })
}

/// An entity under construction: where it starts and what it becomes.
struct Open {
    start: i32,
    make: fn(i32, i32, &str) -> tl::enums::MessageEntity,
    extra: String,
}

/// Parses CommonMark into text and entities, keeping every line break, list
/// items on their own lines and paragraphs apart.
pub fn markdown(input: &str) -> Result<(String, Vec<tl::enums::MessageEntity>), TelegramError> {
    let mut text = String::with_capacity(input.len());
    let mut entities = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Numbers of the ordered lists we are in (None for bullet lists).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let push = |text: &mut String, s: &str| text.push_str(s);
    let close = |open: &mut Vec<Open>, text: &String, entities: &mut Vec<_>| {
        if let Some(o) = open.pop() {
            let end = utf16_len(text);
            if end > o.start {
                entities.push((o.make)(o.start, end - o.start, &o.extra));
            }
        }
    };
    let opts = Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(input, opts) {
        let at = utf16_len(&text);
        match event {
            Event::Text(s) => push(&mut text, &s),
            Event::Code(s) => {
                push(&mut text, &s);
                let length = utf16_len(&s);
                entities.push(tl::types::MessageEntityCode { offset: at, length }.into());
            }
            Event::SoftBreak | Event::HardBreak => push(&mut text, "\n"),
            Event::Html(s) | Event::InlineHtml(s) => {
                let tag = s.trim().to_ascii_lowercase();
                if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    push(&mut text, "\n");
                } else {
                    push(&mut text, &s);
                }
            }
            Event::Rule => push(&mut text, "———\n\n"),
            Event::Start(Tag::Strong) | Event::Start(Tag::Heading { .. }) => open.push(Open {
                start: at,
                make: |offset, length, _| tl::types::MessageEntityBold { offset, length }.into(),
                extra: String::new(),
            }),
            Event::Start(Tag::Emphasis) => open.push(Open {
                start: at,
                make: |offset, length, _| tl::types::MessageEntityItalic { offset, length }.into(),
                extra: String::new(),
            }),
            Event::Start(Tag::Strikethrough) => open.push(Open {
                start: at,
                make: |offset, length, _| tl::types::MessageEntityStrike { offset, length }.into(),
                extra: String::new(),
            }),
            Event::Start(Tag::BlockQuote(_)) => open.push(Open {
                start: at,
                make: |offset, length, _| {
                    tl::types::MessageEntityBlockquote {
                        offset,
                        length,
                        collapsed: false,
                    }
                    .into()
                },
                extra: String::new(),
            }),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.to_string();
                let make: fn(i32, i32, &str) -> tl::enums::MessageEntity = match mention_id(&url)? {
                    Some(_) => |offset, length, url| {
                        let user_id = url
                            .strip_prefix(MENTION_PREFIX)
                            .and_then(|id| id.parse().ok())
                            .unwrap_or_default();
                        tl::types::MessageEntityMentionName {
                            offset,
                            length,
                            user_id,
                        }
                        .into()
                    },
                    None => |offset, length, url| {
                        tl::types::MessageEntityTextUrl {
                            offset,
                            length,
                            url: url.to_string(),
                        }
                        .into()
                    },
                };
                open.push(Open {
                    start: at,
                    make,
                    extra: url,
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().unwrap_or("").into(),
                    CodeBlockKind::Indented => String::new(),
                };
                open.push(Open {
                    start: at,
                    make: |offset, length, language| {
                        tl::types::MessageEntityPre {
                            offset,
                            length,
                            language: language.to_string(),
                        }
                        .into()
                    },
                    extra: lang,
                });
            }
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    push(&mut text, "\n");
                }
            }
            Event::Start(Tag::Item) => {
                let depth = lists.len().saturating_sub(1);
                push(&mut text, &"  ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        push(&mut text, &format!("{n}. "));
                        *n += 1;
                    }
                    _ => push(&mut text, "• "),
                }
            }
            Event::End(TagEnd::Item) if !text.ends_with('\n') => push(&mut text, "\n"),
            Event::End(TagEnd::CodeBlock) => {
                // The fence's last newline is not part of the code.
                if text.ends_with('\n') {
                    text.pop();
                }
                close(&mut open, &text, &mut entities);
                push(&mut text, "\n\n");
            }
            Event::End(TagEnd::Heading(_)) => {
                close(&mut open, &text, &mut entities);
                push(&mut text, "\n\n");
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                while text.ends_with('\n') {
                    text.pop();
                }
                close(&mut open, &text, &mut entities);
                push(&mut text, "\n\n");
            }
            Event::End(TagEnd::Strong)
            | Event::End(TagEnd::Emphasis)
            | Event::End(TagEnd::Strikethrough)
            | Event::End(TagEnd::Link) => close(&mut open, &text, &mut entities),
            Event::End(TagEnd::Paragraph) => {
                // Inside a tight list item the item's end adds the newline.
                if lists.is_empty() {
                    push(&mut text, "\n\n");
                } else {
                    push(&mut text, "\n");
                }
            }
            _ => {}
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    let end = utf16_len(&text);
    // Entities may not run past the trimmed text.
    for e in &mut entities {
        clip(e, end);
    }
    Ok((text, entities))
}

/// Shortens an entity that would end after `end`.
fn clip(e: &mut tl::enums::MessageEntity, end: i32) {
    use tl::enums::MessageEntity as E;
    let (offset, length) = match e {
        E::Bold(x) => (x.offset, &mut x.length),
        E::Italic(x) => (x.offset, &mut x.length),
        E::Strike(x) => (x.offset, &mut x.length),
        E::Code(x) => (x.offset, &mut x.length),
        E::Pre(x) => (x.offset, &mut x.length),
        E::TextUrl(x) => (x.offset, &mut x.length),
        E::MentionName(x) => (x.offset, &mut x.length),
        E::Blockquote(x) => (x.offset, &mut x.length),
        _ => return,
    };
    *length = (*length).min((end - offset).max(0));
}

/// Parses Telegram-style HTML with grammers' parser, after the two fixes it
/// needs: `<br>` is a line break, and a mention link must carry a numeric id
/// (grammers panics otherwise). A panic left in the parser becomes an error.
pub fn html(input: &str) -> Result<(String, Vec<tl::enums::MessageEntity>), TelegramError> {
    let mut fixed = String::with_capacity(input.len());
    let lower = input.to_ascii_lowercase();
    let mut i = 0;
    while i < input.len() {
        let rest = &lower[i..];
        if rest.starts_with("<br") {
            if let Some(end) = rest.find('>') {
                let tag = rest[3..end].trim().trim_end_matches('/').trim();
                if tag.is_empty() {
                    fixed.push('\n');
                    i += end + 1;
                    continue;
                }
            }
        }
        let Some(c) = input[i..].chars().next() else {
            break;
        };
        fixed.push(c);
        i += c.len_utf8();
    }
    for (at, _) in lower.match_indices(MENTION_PREFIX) {
        let url: String = input[at..]
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | '>' | ' '))
            .collect();
        mention_id(&url)?;
    }
    std::panic::catch_unwind(|| grammers_client::parsers::parse_html_message(&fixed)).map_err(
        |_| {
            TelegramError::InvalidArgs(
                "the HTML could not be parsed; check its tags and links".into(),
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_line_breaks_lists_and_paragraphs() {
        let (t, _) = markdown("line one\nline two").unwrap();
        assert_eq!(t, "line one\nline two");
        let (t, _) = markdown("Shopping:\n\n- milk\n- bread\n\nThanks").unwrap();
        assert_eq!(t, "Shopping:\n\n• milk\n• bread\n\nThanks");
        let (t, _) = markdown("1. one\n2. two").unwrap();
        assert_eq!(t, "1. one\n2. two");
        let (t, _) = markdown("a<br>b").unwrap();
        assert_eq!(t, "a\nb");
    }

    #[test]
    fn markdown_entities_land_on_the_right_utf16_offsets() {
        let (t, e) = markdown("привет 👋 **bold** and [link](https://example.com)").unwrap();
        assert_eq!(t, "привет 👋 bold and link");
        use tl::enums::MessageEntity as E;
        assert!(
            matches!(&e[0], E::Bold(b) if b.offset == 10 && b.length == 4),
            "{e:?}"
        );
        assert!(
            matches!(&e[1], E::TextUrl(u) if u.offset == 19 && u.length == 4 && u.url == "https://example.com"),
            "{e:?}"
        );
        let (_, e) = markdown("[Bob](tg://user?id=42)").unwrap();
        assert!(matches!(&e[0], E::MentionName(m) if m.user_id == 42));
    }

    #[test]
    fn bad_mention_links_are_errors_not_panics() {
        for bad in ["[Bob](tg://user?id=bob)", "[x](tg://user?id=)"] {
            assert!(
                matches!(markdown(bad), Err(TelegramError::InvalidArgs(_))),
                "{bad}"
            );
        }
        for bad in [
            "<a href=\"tg://user?id=12x\">Bob</a>",
            "<a href='tg://user?id=bob'>x</a>",
        ] {
            assert!(
                matches!(html(bad), Err(TelegramError::InvalidArgs(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn html_br_is_a_line_break() {
        let (t, _) = html("a<br>b<br/>c<BR />d").unwrap();
        assert_eq!(t, "a\nb\nc\nd");
        let (t, e) = html("<b>bold</b> text").unwrap();
        assert_eq!(t, "bold text");
        assert_eq!(e.len(), 1);
    }
}
