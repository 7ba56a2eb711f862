//! `account`: who the connected Telegram account is.
use tgmcp_sdk::{read, NoArgs, Tool, ToolError, User};

fn get_me(_: NoArgs) -> Result<User, ToolError> {
    read::get_me()
}

tgmcp_sdk::plugin![Tool::new(
    "get_me",
    "The Telegram account this server acts as: id, name, username, phone."
)
.title("Who am I")
.read_only()
.run(get_me)];
