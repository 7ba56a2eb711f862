//! Argument types tools share.

use std::borrow::Cow;
use std::ops::Deref;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

/// Arguments of a tool that takes none. Anything passed is refused: a
/// client that sends arguments expects them to matter.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// A chat as users write it; the host resolves it. One definition of the
/// argument's description for every tool that takes a chat.
///
/// `list_chats` returns ids as JSON integers, so a model passes them back as
/// integers (`{"chat": -4000000001}`): both forms are accepted and the
/// integer is kept as its decimal text. An empty chat is an invalid
/// argument, not a chat that is not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer(pub String);

impl Peer {
    /// What the schema tells clients a chat argument may be.
    /// (The server's instructions say the rest once: titles, phone numbers.)
    pub const DESCRIPTION: &'static str = "me, @username, t.me/name or a numeric id";
}

impl<'de> Deserialize<'de> for Peer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Peer;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a chat: me, @username, t.me/name or a numeric id")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Peer, E> {
                if v.trim().is_empty() {
                    return Err(E::custom(
                        "chat is empty: use me, @username, t.me/name or an id from list_chats",
                    ));
                }
                Ok(Peer(v.to_string()))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Peer, E> {
                Ok(Peer(v.to_string()))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Peer, E> {
                Ok(Peer(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
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
        // `minLength` applies to the string form only: the host refuses `""`
        // before the plugin runs.
        json_schema!({
            "type": ["string", "integer"],
            "minLength": 1,
            "description": Self::DESCRIPTION,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_is_a_string_or_an_integer_and_never_empty() {
        let p: Peer = serde_json::from_str("-4000000001").unwrap();
        assert_eq!(&*p, "-4000000001");
        let p: Peer = serde_json::from_str("200000001").unwrap();
        assert_eq!(&*p, "200000001");
        let p: Peer = serde_json::from_str(r#""@alice_demo""#).unwrap();
        assert_eq!(&*p, "@alice_demo");
        for bad in [r#""""#, r#""  ""#, "1.5", "true", "null", "[]"] {
            assert!(serde_json::from_str::<Peer>(bad).is_err(), "{bad}");
        }
        let e = serde_json::from_str::<Peer>(r#""""#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("chat is empty"), "{e}");
    }

    #[test]
    fn no_args_refuses_arguments() {
        assert!(serde_json::from_str::<NoArgs>("{}").is_ok());
        assert!(serde_json::from_str::<NoArgs>(r#"{"x": 1}"#).is_err());
    }
}
