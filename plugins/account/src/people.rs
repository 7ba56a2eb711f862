//! Contact requests and the contacts export: built from the contact list and
//! the chat list, so they need nothing beyond telegram-read.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{read, ChatFilter, ChatKind, ChatPage, Page, ToolError, User};

/// Most contacts read for a request list or an export (ten pages).
const MAX_CONTACTS: usize = 1000;
const CONTACTS_PAGE: u32 = 100;

fn default_limit() -> u32 {
    20
}

/// Every contact, up to [`MAX_CONTACTS`]; whether more exist.
fn all_contacts() -> Result<(Vec<User>, bool), ToolError> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = read::list_contacts(&Page {
            cursor,
            limit: CONTACTS_PAGE,
        })?;
        out.extend(page.users);
        match page.next_cursor {
            Some(next) if out.len() < MAX_CONTACTS => cursor = Some(next),
            more => {
                let truncated = more.is_some() || out.len() > MAX_CONTACTS;
                out.truncate(MAX_CONTACTS);
                return Ok((out, truncated));
            }
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestArgs {
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

/// Private chats with people who are not contacts, a page of the chat list at a time.
pub fn contact_requests(a: RequestArgs) -> Result<ChatPage, ToolError> {
    let (contacts, _) = all_contacts()?;
    let known: HashSet<i64> = contacts.iter().map(|u| u.id).collect();
    let filter = ChatFilter {
        kinds: vec![ChatKind::User],
        ..ChatFilter::default()
    };
    let page = read::list_chats_page(
        &filter,
        &Page {
            cursor: a.cursor,
            limit: a.limit,
        },
    )?;
    Ok(ChatPage {
        chats: page
            .chats
            .into_iter()
            .filter(|c| !known.contains(&c.id))
            .collect(),
        next_cursor: page.next_cursor,
    })
}

/// How contacts are exported.
#[derive(Deserialize, JsonSchema, Default, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Format {
    #[default]
    Json,
    Vcard,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportArgs {
    /// json (records, the default) or vcard (vCard 3.0 text)
    #[serde(default)]
    format: Format,
}

/// The contacts export.
#[derive(Serialize, JsonSchema)]
pub struct Export {
    count: usize,
    /// More than 1000 contacts exist; the first 1000 by name are here.
    truncated: bool,
    /// The contacts (format json).
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts: Option<Vec<User>>,
    /// vCard 3.0 text, one card per contact (format vcard).
    #[serde(skip_serializing_if = "Option::is_none")]
    vcard: Option<String>,
}

pub fn export_contacts(a: ExportArgs) -> Result<Export, ToolError> {
    let (contacts, truncated) = all_contacts()?;
    let count = contacts.len();
    Ok(match a.format {
        Format::Json => Export {
            count,
            truncated,
            contacts: Some(contacts),
            vcard: None,
        },
        Format::Vcard => Export {
            count,
            truncated,
            contacts: None,
            vcard: Some(contacts.iter().map(vcard).collect()),
        },
    })
}

/// A vCard value with `\`, `,`, `;` and line breaks escaped (RFC 2426).
fn esc(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' | ',' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One contact as a vCard 3.0 card.
fn vcard(u: &User) -> String {
    let first = esc(&u.first_name);
    let last = esc(u.last_name.as_deref().unwrap_or_default());
    let full = if last.is_empty() {
        first.clone()
    } else {
        format!("{first} {last}")
    };
    let mut card = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nN:{last};{first};;;\r\nFN:{full}\r\n");
    if let Some(p) = &u.phone {
        let p = p.trim_start_matches('+');
        card.push_str(&format!("TEL;TYPE=CELL:+{}\r\n", esc(p)));
    }
    if let Some(name) = &u.username {
        card.push_str(&format!("URL:https://t.me/{}\r\n", esc(name)));
    }
    card.push_str(&format!("X-TELEGRAM-ID:{}\r\nEND:VCARD\r\n", u.id));
    card
}
