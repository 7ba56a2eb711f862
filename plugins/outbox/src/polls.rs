//! Polls and quizzes: post one, vote in one.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Peer, PollSpec, Profile, SendOptions, Tool, ToolError};

use crate::{Done, Sent};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CreateArgs {
    chat: Peer,
    #[schemars(length(min = 1, max = 255))]
    question: String,
    /// The answers, in order (their indexes are what vote_poll takes)
    #[schemars(length(min = 2, max = 10))]
    options: Vec<String>,
    /// Voters may pick several answers (not for quizzes)
    #[serde(default)]
    multiple_choice: bool,
    /// Who voted for what is visible (not in channels)
    #[serde(default)]
    public_voters: bool,
    /// A quiz with one right answer: set `correct`
    #[serde(default)]
    quiz: bool,
    /// Index of the right answer of a quiz (0 is the first option)
    correct: Option<u32>,
    /// Shown after a wrong answer in a quiz
    explanation: Option<String>,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic to post into
    topic: Option<i32>,
}

fn create_poll(a: CreateArgs) -> Result<Sent, ToolError> {
    let spec = PollSpec {
        question: a.question,
        options: a.options,
        multiple_choice: a.multiple_choice,
        public_voters: a.public_voters,
        quiz: a.quiz,
        correct: a.correct,
        explanation: a.explanation,
    };
    let opts = SendOptions {
        reply_to: a.reply_to,
        silent: a.silent,
        parse_mode: Default::default(),
        topic: a.topic,
        schedule_at: None,
        link_preview: None,
    };
    Ok(write::create_poll(&a.chat, &spec, opts)?.into())
}

pub(crate) fn create_tool() -> Tool {
    Tool::new(
        "create_poll",
        "Post a poll or a quiz. Returns the poll's message and its id, which vote_poll takes.",
    )
    .title("Create poll")
    .example(r#"{"chat": "@rust_study_demo", "question": "Next session?", "options": ["Pin", "Async traits"]}"#)
    .profile(Profile::Std)
    .run(create_poll)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct VoteArgs {
    chat: Peer,
    /// Id of the poll's message (from create_poll or get_history)
    message_id: i32,
    /// Indexes of the chosen answers (0 is the first); empty retracts your vote
    #[schemars(length(max = 10))]
    answers: Vec<u32>,
}

#[derive(Serialize, JsonSchema)]
struct Voted {
    #[serde(flatten)]
    done: Done,
    answers: Vec<u32>,
}

fn vote_poll(a: VoteArgs) -> Result<Voted, ToolError> {
    write::vote_poll(&a.chat, a.message_id, &a.answers)?;
    let status = if a.answers.is_empty() {
        "vote retracted"
    } else {
        "voted"
    };
    Ok(Voted {
        done: Done::new(&a.chat, Some(a.message_id), status),
        answers: a.answers,
    })
}

pub(crate) fn vote_tool() -> Tool {
    Tool::new(
        "vote_poll",
        "Vote in a poll by answer indexes (0 is the first option); an empty list \
         retracts your vote. Quiz answers cannot be changed once given.",
    )
    .title("Vote in poll")
    .example(r#"{"chat": "@rust_study_demo", "message_id": 7, "answers": [1]}"#)
    .profile(Profile::Std)
    .run(vote_poll)
}
