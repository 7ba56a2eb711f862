//! `account`: who the connected Telegram account is.
use tgmcp_sdk::{json, read, user_json, Tool, Value};

#[derive(serde::Deserialize)]
struct NoArgs {}

fn tools() -> Vec<Tool> {
    vec![Tool::new(
        "get_me",
        "The Telegram account this server acts as: id, name, username, phone.",
    )
    .title("Who am I")
    .read_only()
    .output(json!({
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "first_name": {"type": "string"},
            "last_name": {"type": ["string", "null"]},
            "username": {"type": ["string", "null"]},
            "phone": {"type": ["string", "null"]},
            "is_bot": {"type": "boolean"}
        },
        "required": ["id", "first_name", "is_bot"]
    }))
    .handler(|_: NoArgs| -> Result<Value, _> { Ok(user_json(&read::get_me()?)) })]
}

tgmcp_sdk::plugin!(tools);
