//! Chat folders: create, change (title, chats, kinds of chats), delete.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Folder, FolderEdit, Peer, Profile, Tool, ToolError};

/// The kinds-of-chat switches of both argument sets, into a folder edit.
macro_rules! edit {
    ($a:expr, $title:expr, $add:expr, $remove:expr) => {
        FolderEdit {
            title: $title,
            emoticon: $a.emoticon,
            add: $add.into_iter().map(|p: Peer| p.0).collect(),
            remove: $remove.into_iter().map(|p: Peer| p.0).collect(),
            contacts: $a.contacts,
            non_contacts: $a.non_contacts,
            groups: $a.groups,
            channels: $a.channels,
            bots: $a.bots,
            exclude_muted: $a.exclude_muted,
            exclude_read: $a.exclude_read,
            exclude_archived: $a.exclude_archived,
        }
    };
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CreateArgs {
    /// The folder's name, 1 to 12 characters
    #[schemars(length(min = 1, max = 12))]
    title: String,
    /// An emoji shown with the folder
    emoticon: Option<String>,
    /// Chats in the folder
    #[serde(default)]
    #[schemars(length(max = 100))]
    chats: Vec<Peer>,
    /// Include every contact
    contacts: Option<bool>,
    /// Include every private chat with a non-contact
    non_contacts: Option<bool>,
    /// Include every group
    groups: Option<bool>,
    /// Include every channel
    channels: Option<bool>,
    /// Include every bot
    bots: Option<bool>,
    /// Leave out muted chats
    exclude_muted: Option<bool>,
    /// Leave out chats with nothing unread
    exclude_read: Option<bool>,
    /// Leave out archived chats
    exclude_archived: Option<bool>,
}

/// A folder as it now is.
#[derive(Serialize, JsonSchema)]
struct Saved {
    folder: Folder,
}

fn create_folder(a: CreateArgs) -> Result<Saved, ToolError> {
    let e = edit!(a, Some(a.title), a.chats, Vec::<Peer>::new());
    Ok(Saved {
        folder: write::create_folder(&e)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EditArgs {
    /// The folder's id (from list_folders)
    id: u32,
    /// A new name, 1 to 12 characters
    #[schemars(length(min = 1, max = 12))]
    title: Option<String>,
    /// A new emoji ("" removes it)
    emoticon: Option<String>,
    /// Chats to put in the folder
    #[serde(default)]
    #[schemars(length(max = 100))]
    add: Vec<Peer>,
    /// Chats to take out of the folder
    #[serde(default)]
    #[schemars(length(max = 100))]
    remove: Vec<Peer>,
    /// Include every contact
    contacts: Option<bool>,
    /// Include every private chat with a non-contact
    non_contacts: Option<bool>,
    /// Include every group
    groups: Option<bool>,
    /// Include every channel
    channels: Option<bool>,
    /// Include every bot
    bots: Option<bool>,
    /// Leave out muted chats
    exclude_muted: Option<bool>,
    /// Leave out chats with nothing unread
    exclude_read: Option<bool>,
    /// Leave out archived chats
    exclude_archived: Option<bool>,
}

fn edit_folder(a: EditArgs) -> Result<Saved, ToolError> {
    let e = edit!(a, a.title, a.add, a.remove);
    Ok(Saved {
        folder: write::edit_folder(a.id, &e)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DeleteArgs {
    /// The folder's id (from list_folders)
    id: u32,
}

#[derive(Serialize, JsonSchema)]
struct Deleted {
    id: u32,
    /// What happened, in words.
    status: String,
}

fn delete_folder(a: DeleteArgs) -> Result<Deleted, ToolError> {
    write::delete_folder(a.id)?;
    Ok(Deleted {
        id: a.id,
        status: "folder deleted; its chats stay in the chat list".into(),
    })
}

pub(crate) fn create_tool() -> Tool {
    Tool::new(
        "create_folder",
        "Create a chat folder with a title, chats and/or whole kinds of chats \
             (contacts, groups, channels, bots, ...). Returns the folder with its id.",
    )
    .title("Create folder")
    .example(
        r#"{"title":"Study","emoticon":"📚","chats":["@rust_study_demo","@tgmcp_community_demo"]}"#,
    )
    .profile(Profile::Std)
    .run(create_folder)
}

pub(crate) fn edit_tool() -> Tool {
    Tool::new(
        "edit_folder",
        "Change a chat folder: rename it, add or remove chats, switch kinds of chats \
             on or off. Returns the folder as changed.",
    )
    .title("Edit folder")
    .idempotent()
    .example(r#"{"id":2,"add":["@bob_demo"],"remove":["Weekend Hikers"]}"#)
    .profile(Profile::Std)
    .run(edit_folder)
}

pub(crate) fn delete_tool() -> Tool {
    Tool::new(
        "delete_folder",
        "Delete a chat folder (its chats stay in the chat list; the folder's \
             settings are lost).",
    )
    .title("Delete folder")
    .destructive()
    .idempotent()
    .example(r#"{"id":2}"#)
    .profile(Profile::Std)
    .run(delete_folder)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct OrderArgs {
    /// Folder ids (from list_folders) in the order wanted; folders left out
    /// keep their order after these
    #[schemars(length(min = 1, max = 30))]
    ids: Vec<u32>,
}

#[derive(Serialize, JsonSchema)]
struct Ordered {
    ids: Vec<u32>,
    status: String,
}

fn reorder_folders(a: OrderArgs) -> Result<Ordered, ToolError> {
    write::reorder_folders(&a.ids)?;
    Ok(Ordered {
        ids: a.ids,
        status: "folders reordered".into(),
    })
}

pub(crate) fn reorder_tool() -> Tool {
    Tool::new(
        "reorder_folders",
        "Put the chat folders in a new order: the ids given come first, in that order, \
         and the folders left out follow in their order (list_folders shows the ids).",
    )
    .title("Reorder folders")
    .idempotent()
    .example(r#"{"ids":[2]}"#)
    .profile(Profile::Ext)
    .run(reorder_folders)
}
