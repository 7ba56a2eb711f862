//! The admin-side reads: a chat's members, its invite links, its admin log.

use schemars::JsonSchema;
use serde::Deserialize;
use tgmcp_sdk::{
    read, AdminLogPage, InviteLinkPage, Page, ParticipantFilter, ParticipantPage, Peer, ToolError,
};

fn default_limit() -> u32 {
    20
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantsArgs {
    /// The group or channel
    chat: Peer,
    /// all (default), admins, banned (removed and kept out), restricted, bots, or requests (waiting for approve_join_request)
    #[serde(default)]
    filter: ParticipantFilter,
    /// Only members whose name or username contains this
    #[schemars(length(max = 64))]
    query: Option<String>,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

pub fn get_participants(a: ParticipantsArgs) -> Result<ParticipantPage, ToolError> {
    let page = Page {
        cursor: a.cursor,
        limit: a.limit,
    };
    read::get_participants(&a.chat, a.filter, a.query.as_deref(), &page)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinksArgs {
    /// The group or channel
    chat: Peer,
    /// true lists the revoked links instead of the working ones
    #[serde(default)]
    revoked: bool,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

pub fn list_invite_links(a: LinksArgs) -> Result<InviteLinkPage, ToolError> {
    let page = Page {
        cursor: a.cursor,
        limit: a.limit,
    };
    read::list_invite_links(&a.chat, a.revoked, &page)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogArgs {
    /// The supergroup or channel
    chat: Peer,
    /// Only entries whose text contains this
    #[schemars(length(max = 64))]
    query: Option<String>,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

pub fn get_admin_log(a: LogArgs) -> Result<AdminLogPage, ToolError> {
    let page = Page {
        cursor: a.cursor,
        limit: a.limit,
    };
    read::get_admin_log(&a.chat, a.query.as_deref(), &page)
}
