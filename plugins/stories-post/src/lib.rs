//! `stories-post`: posting, deleting and reacting to stories (asks for
//! telegram-write; opt-in). A story is public on the account's profile, so
//! posting one counts against the send quota like a message to "me".
use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Blob, MediaSource, Peer, Profile, Story, StoryPrivacy, Tool, ToolError};

/// Most bytes the host sends (base64 text is a third larger).
const MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PostArgs {
    /// The photo (jpeg, png, webp) or mp4 video, base64; give this or `url`
    data_base64: Option<String>,
    /// An https URL of the photo or video the server downloads; give this or `data_base64`
    url: Option<String>,
    /// MIME type, e.g. image/png; guessed from the bytes when left out
    mime: Option<String>,
    /// Text on the story
    #[serde(default)]
    #[schemars(length(max = 2048))]
    caption: String,
    /// Who may see it
    #[serde(default)]
    privacy: StoryPrivacy,
    /// Keep it on the profile after the 24 hours
    #[serde(default)]
    pinned: bool,
}

#[derive(Serialize, JsonSchema)]
struct Posted {
    story_id: i32,
    story: Story,
}

fn source(a: &mut PostArgs) -> Result<MediaSource, ToolError> {
    match (a.data_base64.take(), a.url.take()) {
        (Some(data), None) => {
            if data.len() > MAX_BYTES / 3 * 4 + 4 {
                return Err(ToolError::InvalidArgs(format!(
                    "the file is larger than {MAX_BYTES} bytes"
                )));
            }
            let clean: String = data.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(clean.trim_end_matches('='))
                .map_err(|e| ToolError::InvalidArgs(format!("data_base64 is not base64: {e}")))?;
            if bytes.is_empty() {
                return Err(ToolError::InvalidArgs("the file is empty".into()));
            }
            Ok(MediaSource::Bytes(Blob {
                mime: a.mime.take().unwrap_or_default(),
                file_name: None,
                data: bytes,
                truncated: false,
            }))
        }
        (None, Some(url)) => Ok(MediaSource::Url(url)),
        _ => Err(ToolError::InvalidArgs(
            "give exactly one of data_base64 or url".into(),
        )),
    }
}

fn post_story(mut a: PostArgs) -> Result<Posted, ToolError> {
    let src = source(&mut a)?;
    let story = write::post_story(&src, &a.caption, a.privacy, a.pinned)?;
    Ok(Posted {
        story_id: story.id,
        story,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DeleteArgs {
    /// Ids of the account's own stories (list_stories with chat "me")
    #[schemars(length(min = 1, max = 100))]
    story_ids: Vec<i32>,
}

#[derive(Serialize, JsonSchema)]
struct Deleted {
    /// The ids deleted (ids that were not the account's stories are left out).
    deleted: Vec<i32>,
}

fn delete_stories(a: DeleteArgs) -> Result<Deleted, ToolError> {
    Ok(Deleted {
        deleted: write::delete_stories(&a.story_ids)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ReactArgs {
    /// Whose story
    chat: Peer,
    /// The story's id (from list_stories)
    story_id: i32,
    /// The reaction; empty removes the account's reaction
    #[serde(default)]
    #[schemars(length(max = 16))]
    emoji: String,
}

#[derive(Serialize, JsonSchema)]
struct Reacted {
    story_id: i32,
    /// The account's reaction now; none when removed.
    reaction: Option<String>,
}

fn react_to_story(a: ReactArgs) -> Result<Reacted, ToolError> {
    write::react_to_story(&a.chat, a.story_id, &a.emoji)?;
    let e = a.emoji.trim();
    Ok(Reacted {
        story_id: a.story_id,
        reaction: (!e.is_empty()).then(|| e.to_string()),
    })
}

tgmcp_sdk::plugin![
    Tool::new(
        "post_story",
        "Post a story on the account's profile (for 24 hours, or kept with pinned): a photo \
         or mp4 video from base64 bytes or an https URL the server downloads, never a path; \
         with a caption and who may see it (everyone, contacts, close_friends). Returns the \
         new story and its id.",
    )
    .title("Post story")
    .example(r#"{"data_base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "caption": "Ready for Saturday", "privacy": "contacts"}"#)
    .profile(Profile::Opt)
    .run(post_story),
    Tool::new(
        "delete_stories",
        "Delete some of the account's own stories by id, for everyone. Cannot be undone. \
         Returns the ids deleted.",
    )
    .title("Delete stories")
    .destructive()
    .example(r#"{"story_ids": [1]}"#)
    .renamed("ids", "story_ids")
    .profile(Profile::Opt)
    .run(delete_stories),
    Tool::new(
        "react_to_story",
        "React to a story of a user or channel with an emoji (the owner sees it); an empty \
         emoji removes the reaction.",
    )
    .title("React to story")
    .idempotent()
    .example(r#"{"chat": "@alice_demo", "story_id": 1, "emoji": "❤️"}"#)
    .renamed("id", "story_id")
    .profile(Profile::Opt)
    .run(react_to_story),
];
