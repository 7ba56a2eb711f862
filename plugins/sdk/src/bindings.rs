//! Generated WIT bindings (world `tgmcp:plugin/plugin@0.2.0`).
//!
//! The WIT records are the typed records tools return: they derive
//! `Serialize + JsonSchema` here, so a field added to `chat` in the WIT shows
//! up in every tool's JSON and output schema with no edit on the guest side.
//! WIT doc comments become schema descriptions.

wit_bindgen::generate!({
    path: "../../wit",
    world: "plugin",
    pub_export_macro: true,
    export_macro_name: "export",
    default_bindings_module: "tgmcp_sdk::bindings",
    additional_type_attributes: {
        "tgmcp:plugin/types@0.2.0/user": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/chat": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/message": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/message-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/media-info": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/forward-origin": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/reaction-count": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/user-full": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/topic": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/message-context": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/unread-chat": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/unread-digest": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/chat-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/user-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/topic-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        // Group administration (telegram-admin and its reads).
        "tgmcp:plugin/types@0.2.0/admin-rights": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/chat-permissions": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/participant": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/participant-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/invite-link": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/invite-link-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/admin-log-event": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/admin-log-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/member-role": [
            #[derive(::serde::Serialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/types@0.2.0/participant-filter": [
            #[derive(Default, ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/telegram-admin@0.2.0/invited": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/translation": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/link-preview": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/boost-status": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/fact-check": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/quick-reply": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/call-participant": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/voice-chat": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-extras@0.2.0/business-link": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-payments@0.2.0/stars-transaction": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-payments@0.2.0/stars-subscription": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-payments@0.2.0/stars-balance": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-payments@0.2.0/gift": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-events@0.2.0/update": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-events@0.2.0/update-page": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-events@0.2.0/update-kind": [
            #[derive(::serde::Serialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/types@0.2.0/reactor": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/poll-answer": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/poll-vote": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/poll-results": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/button": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/bot-answer": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/folder": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/button-kind": [
            #[derive(::serde::Serialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/types@0.2.0/folder-edit": [#[derive(Default)]],
        "tgmcp:plugin/types@0.2.0/reader": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        // Filters are built field by field; the rest is "no filter".
        "tgmcp:plugin/types@0.2.0/message-filter": [#[derive(Default)]],
        "tgmcp:plugin/types@0.2.0/chat-filter": [#[derive(Default)]],
        "tgmcp:plugin/types@0.2.0/media-kind": [
            #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/types@0.2.0/presence": [
            #[derive(::serde::Serialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/types@0.2.0/draft": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/chat-kind": [
            #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/types@0.2.0/parse-mode": [
            #[derive(Default, ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        // statistics (telegram-read) and chat switches (telegram-admin)
        "tgmcp:plugin/telegram-read@0.2.0/chat-stats": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-read@0.2.0/stat-value": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-read@0.2.0/top-poster": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-admin@0.2.0/chat-settings": [#[derive(Default)]],
        // telegram-account
        "tgmcp:plugin/telegram-account@0.2.0/privacy": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-account@0.2.0/import-result": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-account@0.2.0/privacy-base": [
            #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        "tgmcp:plugin/telegram-account@0.2.0/privacy-key": [
            #[derive(::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
        // Stickers, GIFs, transcription, inline bots and stories.
        "tgmcp:plugin/telegram-media@0.2.0/sticker-set": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-media@0.2.0/sticker": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-media@0.2.0/transcription": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/types@0.2.0/story": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-read@0.2.0/story-viewer": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-read@0.2.0/story-views": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-write@0.2.0/inline-result": [#[derive(::serde::Serialize, ::schemars::JsonSchema)]],
        "tgmcp:plugin/telegram-write@0.2.0/story-privacy": [
            #[derive(Default, ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema)]
            #[serde(rename_all = "snake_case")]
        ],
    },
    additional_member_attributes: {
        "tgmcp:plugin/types@0.2.0/parse-mode.plain": [#[default]],
        "tgmcp:plugin/types@0.2.0/participant-filter.all": [#[default]],
        "tgmcp:plugin/telegram-write@0.2.0/story-privacy.everyone": [#[default]],
    },
});
