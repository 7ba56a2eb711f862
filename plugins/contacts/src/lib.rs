//! `contacts`: adding, renaming, importing and deleting contacts, blocking
//! and spam reports (asks only for telegram-account). `list_contacts`,
//! `search_contacts`, `get_user` and `list_blocked` show the effect.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::account::{self, ContactCard, ImportResult};
use tgmcp_sdk::{Peer, Profile, Tool, ToolError, User};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AddArgs {
    /// The user: @username, t.me/name, a numeric id or a phone number
    user: Peer,
    /// The name to save them under: the alias to find them by later ("Accountant")
    #[schemars(length(min = 1, max = 64))]
    first_name: String,
    #[schemars(length(max = 64))]
    last_name: Option<String>,
    /// Let them see the account's phone number
    #[serde(default)]
    share_phone: bool,
}

fn add_contact(a: AddArgs) -> Result<User, ToolError> {
    account::add_contact(
        &a.user,
        &a.first_name,
        a.last_name.as_deref(),
        a.share_phone,
    )
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DeleteArgs {
    /// The contacts to remove: @username, t.me/name, numeric ids or phone numbers
    #[schemars(length(min = 1, max = 100))]
    users: Vec<Peer>,
}

#[derive(Serialize, JsonSchema)]
struct Deleted {
    /// How many users were removed from the contacts.
    deleted: u32,
}

fn delete_contact(a: DeleteArgs) -> Result<Deleted, ToolError> {
    let users: Vec<String> = a.users.into_iter().map(|p| p.0).collect();
    Ok(Deleted {
        deleted: account::delete_contacts(&users)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Card {
    /// International format, such as +15550000003
    #[schemars(length(min = 5, max = 32))]
    phone: String,
    #[schemars(length(min = 1, max = 64))]
    first_name: String,
    #[schemars(length(max = 64))]
    last_name: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ImportArgs {
    /// People to add by phone number
    #[schemars(length(min = 1, max = 100))]
    contacts: Vec<Card>,
}

fn import_contacts(a: ImportArgs) -> Result<ImportResult, ToolError> {
    let cards: Vec<ContactCard> = a
        .contacts
        .into_iter()
        .map(|c| ContactCard {
            phone: c.phone,
            first_name: c.first_name,
            last_name: c.last_name,
        })
        .collect();
    account::import_contacts(&cards)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct UserArgs {
    /// The user: @username, t.me/name, a numeric id or a phone number
    user: Peer,
}

/// What blocking or unblocking did.
#[derive(Serialize, JsonSchema)]
struct Blocked {
    /// The user as the call named them.
    user: String,
    blocked: bool,
}

fn set_blocked(a: UserArgs, blocked: bool) -> Result<Blocked, ToolError> {
    account::set_blocked(&a.user, blocked)?;
    Ok(Blocked {
        user: a.user.0,
        blocked,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChatArgs {
    /// The user, group or channel sending spam
    chat: Peer,
}

/// What a spam report did.
#[derive(Serialize, JsonSchema)]
struct Reported {
    /// The chat as the call named it.
    chat: String,
    reported: bool,
}

fn report_spam(a: ChatArgs) -> Result<Reported, ToolError> {
    account::report_spam(&a.chat)?;
    Ok(Reported {
        chat: a.chat.0,
        reported: true,
    })
}

tgmcp_sdk::plugin![
    Tool::new(
        "add_contact",
        "Add a user to the contacts under a name, or rename a contact. The contact's name is \
         the alias people use for them: to remember \"my accountant\", save them as \
         Accountant and find them later with search_contacts. Returns the user as now named.",
    )
    .title("Add or rename contact")
    .idempotent()
    .example(r#"{"user": "@bob_demo", "first_name": "Bob", "last_name": "Accountant"}"#)
    .profile(Profile::Std)
    .run(add_contact),
    Tool::new(
        "delete_contact",
        "Remove users from the contacts (at most 100). Their chats and messages stay; the \
         names saved for them are lost. Returns how many were removed.",
    )
    .title("Delete contacts")
    .destructive()
    .idempotent()
    .example(r#"{"users": ["@bob_demo"]}"#)
    .profile(Profile::Std)
    .run(delete_contact),
    Tool::new(
        "import_contacts",
        "Add people by phone number (at most 100). Returns the users now in the contacts and \
         the numbers with no Telegram account behind them.",
    )
    .title("Import contacts")
    .idempotent()
    .example(
        r#"{"contacts": [{"phone": "+15550000003", "first_name": "Bob", "last_name": "Builder"}, {"phone": "+15550009999", "first_name": "Nobody"}]}"#,
    )
    .profile(Profile::Ext)
    .run(import_contacts),
    Tool::new(
        "block_user",
        "Block a user: they can no longer message or call the account. unblock_user undoes \
         it; list_blocked shows who is blocked.",
    )
    .title("Block user")
    .idempotent()
    .example(r#"{"user": "@prize_demo_spam"}"#)
    .profile(Profile::Std)
    .run(|a| set_blocked(a, true)),
    Tool::new(
        "unblock_user",
        "Unblock a user blocked with block_user.",
    )
    .title("Unblock user")
    .idempotent()
    .example(r#"{"user": "@prize_demo_spam"}"#)
    .profile(Profile::Std)
    .run(|a| set_blocked(a, false)),
    Tool::new(
        "report_spam",
        "Report a user, group or channel to Telegram as spam. A report cannot be taken back; \
         block the user too with block_user if they should stop writing.",
    )
    .title("Report spam")
    .destructive()
    .example(r#"{"chat": "@prize_demo_spam"}"#)
    .profile(Profile::Ext)
    .run(report_spam),
];
