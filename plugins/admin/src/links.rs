//! Invite links, join requests and forum topics.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{admin, Date, InviteLink, InviteSpec, Peer, ToolError, Topic, TopicChanges};

use super::{done, Done};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLinkArgs {
    /// The group or channel
    chat: Peer,
    /// A name for the link, shown to admins
    #[schemars(length(max = 32))]
    title: Option<String>,
    /// The link stops working then
    expires: Option<Date>,
    /// How many people may join through it
    #[schemars(range(min = 1, max = 99999))]
    usage_limit: Option<u32>,
    /// Each join waits for an admin's approval (not with usage_limit)
    #[serde(default)]
    request_needed: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct Link {
    /// The invite link; share it to let people join.
    invite: InviteLink,
}

pub fn create_invite_link(a: NewLinkArgs) -> Result<Link, ToolError> {
    let spec = InviteSpec {
        title: a.title,
        expires: a.expires.map(Date::unix),
        usage_limit: a.usage_limit,
        request_needed: a.request_needed,
    };
    Ok(Link {
        invite: admin::create_invite_link(&a.chat, &spec)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeArgs {
    /// The group or channel
    chat: Peer,
    /// The link (https://t.me/+hash) as list_invite_links shows it
    #[schemars(length(min = 1, max = 256))]
    link: String,
}

pub fn revoke_invite_link(a: RevokeArgs) -> Result<Link, ToolError> {
    Ok(Link {
        invite: admin::revoke_invite_link(&a.chat, &a.link)?,
    })
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequestArgs {
    /// The group or channel
    chat: Peer,
    /// Who asked to join (@username, a user id)
    user: Peer,
    /// true (default) lets them in, false declines
    #[serde(default = "yes")]
    approve: bool,
}

pub fn approve_join_request(a: JoinRequestArgs) -> Result<Done, ToolError> {
    admin::decide_join_request(&a.chat, &a.user, a.approve)?;
    let status = if a.approve {
        "approved: they are a member now"
    } else {
        "declined"
    };
    Ok(done(a.chat, Some(a.user), status))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTopicArgs {
    /// The forum (a supergroup with topics)
    chat: Peer,
    #[schemars(length(min = 1, max = 128))]
    title: String,
}

pub fn create_topic(a: NewTopicArgs) -> Result<Topic, ToolError> {
    admin::create_topic(&a.chat, &a.title)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditTopicArgs {
    /// The forum (a supergroup with topics)
    chat: Peer,
    /// The topic's id (from list_topics; 1 is General)
    topic: i32,
    /// A new title
    #[schemars(length(min = 1, max = 128))]
    title: Option<String>,
    /// true closes the topic (only admins may post), false reopens it
    closed: Option<bool>,
    /// true pins it at the top of the topic list, false unpins it
    pinned: Option<bool>,
    /// true hides the General topic (1) from the list, false shows it
    hidden: Option<bool>,
}

pub fn edit_topic(a: EditTopicArgs) -> Result<Topic, ToolError> {
    let changes = TopicChanges {
        title: a.title,
        closed: a.closed,
        pinned: a.pinned,
        hidden: a.hidden,
    };
    admin::edit_topic(&a.chat, a.topic, &changes)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicArgs {
    /// The forum (a supergroup with topics)
    chat: Peer,
    /// The topic's id (from list_topics); General (1) cannot be deleted
    topic: i32,
}

pub fn delete_topic(a: TopicArgs) -> Result<Done, ToolError> {
    admin::delete_topic(&a.chat, a.topic)?;
    Ok(done(
        a.chat,
        None,
        format!("topic {} and its messages deleted", a.topic),
    ))
}
