//! Argument types tools share.

use std::borrow::Cow;
use std::ops::Deref;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

/// Arguments of a tool that takes none.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct NoArgs {}

/// A chat as users write it; the host resolves it. One definition of the
/// argument's description for every tool that takes a chat.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Peer(pub String);

impl Peer {
    /// What the schema tells clients a chat argument may be.
    pub const DESCRIPTION: &'static str =
        "me, @username, t.me/name or a numeric id such as -1001234567890";
}

impl Deref for Peer {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl JsonSchema for Peer {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Peer".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "description": Self::DESCRIPTION})
    }
}
