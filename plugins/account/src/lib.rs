//! `account`: who the connected account is, the people it knows (contacts,
//! blocked users, contact requests, a contacts export) and other users'
//! profiles. Asks only for telegram-read.
mod people;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{
    read, ChatPage, NoArgs, Page, Peer, Profile, Tool, ToolError, User, UserFull, UserPage,
};

fn default_limit() -> u32 {
    20
}

fn default_search_limit() -> u32 {
    10
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct UserArgs {
    /// The user: me, @username, t.me/name, a numeric id or a phone number
    user: Peer,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CommonArgs {
    /// The user: @username, t.me/name, a numeric id or a phone number
    user: Peer,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PageArgs {
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    /// Part of a contact's name, username or phone number (any case)
    #[schemars(length(min = 1))]
    query: String,
    #[serde(default = "default_search_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
}

#[derive(Serialize, JsonSchema)]
struct Users {
    users: Vec<User>,
}

fn get_me(_: NoArgs) -> Result<User, ToolError> {
    read::get_me()
}

fn get_user(a: UserArgs) -> Result<UserFull, ToolError> {
    read::get_user(&a.user)
}

fn get_common_chats(a: CommonArgs) -> Result<ChatPage, ToolError> {
    read::get_common_chats(&a.user, &page(a.limit, a.cursor))
}

fn list_contacts(a: PageArgs) -> Result<UserPage, ToolError> {
    read::list_contacts(&page(a.limit, a.cursor))
}

fn search_contacts(a: SearchArgs) -> Result<Users, ToolError> {
    Ok(Users {
        users: read::search_contacts(&a.query, a.limit)?,
    })
}

fn list_blocked(a: PageArgs) -> Result<UserPage, ToolError> {
    read::list_blocked(&page(a.limit, a.cursor))
}

fn page(limit: u32, cursor: Option<String>) -> Page {
    Page { cursor, limit }
}

tgmcp_sdk::plugin![
    Tool::new(
        "get_me",
        "The Telegram account this server acts as: id, name, username, phone."
    )
    .title("Who am I")
    .read_only()
    .example(r#"{}"#)
    .profile(Profile::Core)
    .run(get_me),
    Tool::new(
        "get_user",
        "A user's profile: name, username, bio, last seen, whether they are a contact or blocked, chats in common, a bot's description, and when you last talked. The id works as a chat in every other tool.",
    )
    .title("Get user")
    .read_only()
    .example(r#"{"user": "@alice_demo"}"#)
    .profile(Profile::Core)
    .run(get_user),
    Tool::new(
        "get_common_chats",
        "Groups and channels you share with a user. Ids work as chats in every other tool; page with next_cursor.",
    )
    .title("Chats in common")
    .read_only()
    .example(r#"{"user": "@alice_demo", "limit": 10}"#)
    .profile(Profile::Std)
    .run(get_common_chats),
    Tool::new(
        "list_contacts",
        "The account's contacts, by name, 20 at a time by default. Ids work as chats in every other tool; page with next_cursor.",
    )
    .title("List contacts")
    .read_only()
    .example(r#"{"limit": 10}"#)
    .profile(Profile::Core)
    .run(list_contacts),
    Tool::new(
        "search_contacts",
        "Contacts whose name, username or phone number contains the query (any case). Use it to find who the user means before reading or writing to them.",
    )
    .title("Search contacts")
    .read_only()
    .example(r#"{"query": "ali"}"#)
    .profile(Profile::Std)
    .run(search_contacts),
    Tool::new(
        "list_blocked",
        "Users the account has blocked. Page with next_cursor.",
    )
    .title("List blocked users")
    .read_only()
    .example(r#"{}"#)
    .profile(Profile::Std)
    .run(list_blocked),
    Tool::new(
        "get_contact_requests",
        "People who are not contacts (bots aside) and have a private chat with the account, \
         newest first: who wrote without being added. Each is a chat with its unread_count; \
         add_contact saves them, block_user or report_spam stops them. A page may be short and still have next_cursor \
        .",
    )
    .title("Contact requests")
    .read_only()
    .example(r#"{"limit": 10}"#)
    .profile(Profile::Ext)
    .run(people::contact_requests),
    Tool::new(
        "export_contacts",
        "Every contact (up to 1000), as JSON records or as vCard 3.0 text (format: vcard) \
         to import into a phone or address book.",
    )
    .title("Export contacts")
    .read_only()
    .example(r#"{"format": "vcard"}"#)
    .profile(Profile::Ext)
    .run(people::export_contacts),
];
