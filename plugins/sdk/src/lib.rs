//! Guest-side helpers for tgmcp plugins.
//!
//! A plugin lists its tools (name, description, JSON schemas, typed handler) and
//! calls [`plugin!`]; the SDK turns that into the `tool` export of the WIT world.
//! Host calls live in [`read`], [`write`] and [`log`]; a plugin's component
//! imports only the interfaces it actually calls.

/// Generated WIT bindings (world `tgmcp:plugin/plugin@0.1.0`).
#[doc(hidden)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "plugin",
        pub_export_macro: true,
        export_macro_name: "export",
        default_bindings_module: "tgmcp_sdk::bindings",
    });
}

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use bindings::tgmcp::plugin::log;
pub use bindings::tgmcp::plugin::telegram_read as read;
pub use bindings::tgmcp::plugin::telegram_write as write;
pub use bindings::tgmcp::plugin::types::{
    Chat, ChatKind, Message, ParseMode, SendOptions, TelegramError, ToolError, ToolInfo, User,
};
pub use serde_json::{json, Value};

type Handler = Box<dyn Fn(Value) -> Result<Value, ToolError>>;

/// One tool: its description for `tools/list` and the function that runs it.
pub struct Tool {
    info: ToolInfo,
    handler: Handler,
}

impl Tool {
    /// A tool with no arguments, no output schema and no annotations yet.
    pub fn new(name: &str, description: &str) -> Self {
        Tool {
            info: ToolInfo {
                name: name.to_string(),
                title: None,
                description: description.to_string(),
                input_schema: r#"{"type":"object","properties":{}}"#.to_string(),
                output_schema: None,
                read_only: false,
                destructive: false,
                idempotent: false,
                open_world: true,
            },
            handler: Box::new(|_| Err(ToolError::Internal("tool has no handler".into()))),
        }
    }

    /// Human-readable title.
    pub fn title(mut self, title: &str) -> Self {
        self.info.title = Some(title.to_string());
        self
    }

    /// JSON Schema (type object) of the arguments.
    pub fn input(mut self, schema: Value) -> Self {
        self.info.input_schema = schema.to_string();
        self
    }

    /// JSON Schema (type object) of the structured result.
    pub fn output(mut self, schema: Value) -> Self {
        self.info.output_schema = Some(schema.to_string());
        self
    }

    /// Marks the tool read-only (and so idempotent and not destructive).
    pub fn read_only(mut self) -> Self {
        self.info.read_only = true;
        self.info.idempotent = true;
        self
    }

    /// Marks the tool as destroying or overwriting data.
    pub fn destructive(mut self) -> Self {
        self.info.destructive = true;
        self
    }

    /// Marks the tool as having no further effect when repeated.
    pub fn idempotent(mut self) -> Self {
        self.info.idempotent = true;
        self
    }

    /// Typed handler: arguments are deserialized into `A`, the result serialized to JSON.
    pub fn handler<A, R, F>(mut self, f: F) -> Self
    where
        A: DeserializeOwned,
        R: Serialize,
        F: Fn(A) -> Result<R, ToolError> + 'static,
    {
        self.handler = Box::new(move |args| {
            let args: A =
                serde_json::from_value(args).map_err(|e| ToolError::InvalidArgs(e.to_string()))?;
            let out = f(args)?;
            serde_json::to_value(out).map_err(|e| ToolError::Internal(e.to_string()))
        });
        self
    }
}

/// `describe` of the `tool` export, for [`plugin!`].
pub fn describe(tools: Vec<Tool>) -> Vec<ToolInfo> {
    tools.into_iter().map(|t| t.info).collect()
}

/// `call` of the `tool` export, for [`plugin!`].
pub fn call(tools: Vec<Tool>, name: &str, args_json: &str) -> Result<String, ToolError> {
    let tool = tools
        .into_iter()
        .find(|t| t.info.name == name)
        .ok_or_else(|| ToolError::NotFound(format!("no tool named \"{name}\"")))?;
    let args: Value = if args_json.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_json::from_str(args_json).map_err(|e| ToolError::InvalidArgs(e.to_string()))?
    };
    let out = (tool.handler)(args)?;
    Ok(out.to_string())
}

/// Writes one line to the host's log, tagged with this plugin's name.
pub fn info(message: &str) {
    log::log(log::Level::Info, message);
}

/// JSON of a chat as tools return it.
pub fn chat_json(c: &Chat) -> Value {
    json!({
        "id": c.id,
        "kind": chat_kind_name(c.kind),
        "title": c.title,
        "username": c.username,
        "unread_count": c.unread_count,
        "members_count": c.members_count,
    })
}

/// JSON of a message as tools return it.
pub fn message_json(m: &Message) -> Value {
    json!({
        "id": m.id,
        "chat_id": m.chat_id,
        "date": m.date,
        "sender_id": m.sender_id,
        "sender_name": m.sender_name,
        "text": m.text,
        "outgoing": m.outgoing,
        "reply_to": m.reply_to,
    })
}

/// JSON of a user as tools return it.
pub fn user_json(u: &User) -> Value {
    json!({
        "id": u.id,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "username": u.username,
        "phone": u.phone,
        "is_bot": u.is_bot,
    })
}

/// Lower-case name of a chat kind (`saved`, `user`, `bot`, `group`, `supergroup`, `channel`).
pub fn chat_kind_name(k: ChatKind) -> &'static str {
    match k {
        ChatKind::Saved => "saved",
        ChatKind::User => "user",
        ChatKind::Bot => "bot",
        ChatKind::Group => "group",
        ChatKind::Supergroup => "supergroup",
        ChatKind::Channel => "channel",
    }
}

/// JSON Schema of [`chat_json`]'s output.
pub fn chat_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["saved", "user", "bot", "group", "supergroup", "channel"]},
            "title": {"type": "string"},
            "username": {"type": ["string", "null"]},
            "unread_count": {"type": "integer"},
            "members_count": {"type": ["integer", "null"]}
        },
        "required": ["id", "kind", "title"]
    })
}

/// JSON Schema of [`message_json`]'s output.
pub fn message_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "chat_id": {"type": "integer"},
            "date": {"type": "integer", "description": "Unix seconds"},
            "sender_id": {"type": ["integer", "null"]},
            "sender_name": {"type": ["string", "null"]},
            "text": {"type": "string"},
            "outgoing": {"type": "boolean"},
            "reply_to": {"type": ["integer", "null"]}
        },
        "required": ["id", "chat_id", "date", "text"]
    })
}

/// Defines the `tool` export from a function returning the plugin's tools.
///
/// ```ignore
/// fn tools() -> Vec<tgmcp_sdk::Tool> { vec![/* ... */] }
/// tgmcp_sdk::plugin!(tools);
/// ```
#[macro_export]
macro_rules! plugin {
    ($tools:path) => {
        struct __TgmcpPlugin;
        impl $crate::bindings::exports::tgmcp::plugin::tool::Guest for __TgmcpPlugin {
            fn describe() -> ::std::vec::Vec<$crate::ToolInfo> {
                $crate::describe($tools())
            }
            fn call(
                name: ::std::string::String,
                args_json: ::std::string::String,
            ) -> ::std::result::Result<::std::string::String, $crate::ToolError> {
                $crate::call($tools(), &name, &args_json)
            }
        }
        $crate::bindings::export!(__TgmcpPlugin with_types_in $crate::bindings);
    };
}
