//! A tool: its MCP description and the typed function that runs it.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::args::NoArgs;
use crate::bindings::tgmcp::plugin::types::{Content, ToolError, ToolInfo, ToolResult};
use crate::schema;

type Run = Box<dyn Fn(&str) -> Result<ToolResult, ToolError>>;

/// The smallest `TGMCP_TOOLS` profile a built-in tool is listed in (each
/// profile includes the ones it builds on). The host reads it from the tool
/// itself, so a tool's place is declared where the tool is; tools of plugins
/// an operator drops in are listed in every profile whatever they declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// The default: what most assistants need, in few tools.
    Core,
    /// Everyday tools beyond `core`.
    Std,
    /// Rarer tools, destructive ones included.
    Ext,
    /// Niche tools.
    Opt,
    /// Spends Telegram Stars: listed only when named.
    Stars,
    /// Raw MTProto: listed only when named.
    Raw,
}

impl Profile {
    /// The name `TGMCP_TOOLS` takes.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Core => "core",
            Profile::Std => "std",
            Profile::Ext => "ext",
            Profile::Opt => "opt",
            Profile::Stars => "stars",
            Profile::Raw => "raw",
        }
    }
}

/// One tool, built with [`Tool::new`] and finished with [`Tool::run`].
pub struct Tool {
    name: String,
    title: Option<String>,
    description: String,
    read_only: bool,
    destructive: bool,
    idempotent: bool,
    open_world: bool,
    examples: Vec<&'static str>,
    renamed: Vec<(&'static str, &'static str)>,
    profile: Option<Profile>,
    sends: bool,
    // Schemas are built only for `describe`, never on the per-call path.
    input: fn() -> String,
    output: fn() -> Option<String>,
    run: Run,
}

impl Tool {
    /// A tool that may change things and reaches the outside world (the MCP
    /// defaults), with no handler until [`Tool::run`].
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        Tool {
            name: name.into(),
            title: None,
            description: description.into(),
            read_only: false,
            destructive: false,
            idempotent: false,
            open_world: true,
            examples: Vec::new(),
            renamed: Vec::new(),
            profile: None,
            sends: false,
            input: schema::input::<NoArgs>,
            output: || None,
            run: Box::new(|_| Err(ToolError::Internal("tool has no handler".into()))),
        }
    }

    /// Human-readable title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Marks the tool read-only (and so idempotent and not destructive).
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self.idempotent = true;
        self
    }

    /// Marks the tool as destroying or overwriting data.
    pub fn destructive(mut self) -> Self {
        self.destructive = true;
        self
    }

    /// Marks the tool as having no further effect when repeated.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Marks the tool as working on the account alone, not an open world.
    pub fn closed_world(mut self) -> Self {
        self.open_world = false;
        self
    }

    /// A realistic argument object (JSON text), listed under the input
    /// schema's `examples`; the host's tests call every example on the demo
    /// account, so each must work there.
    pub fn example(mut self, args_json: &'static str) -> Self {
        self.examples.push(args_json);
        self
    }

    /// An argument's old name, still accepted for a release: the host renames
    /// `old` to `new` before it checks the arguments. Clients are not told.
    pub fn renamed(mut self, old: &'static str, new: &'static str) -> Self {
        self.renamed.push((old, new));
        self
    }

    /// The smallest profile that lists this tool (built-in tools must say).
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = Some(profile);
        self
    }

    /// Marks the tool as posting new messages (or drafts) and nothing else
    /// that changes the account: the `read+send` profile lists it.
    pub fn sends(mut self) -> Self {
        self.sends = true;
        self
    }

    /// The handler. The input schema is derived from `A`, the output schema
    /// from `R` (when `R` is an object); arguments that do not deserialize are
    /// `invalid-args`.
    pub fn run<A, R, F>(self, f: F) -> Self
    where
        A: DeserializeOwned + JsonSchema,
        R: Serialize + JsonSchema,
        F: Fn(A) -> Result<R, ToolError> + 'static,
    {
        self.run_with_content(move |a| f(a).map(|r| (r, Vec::new())))
    }

    /// Like [`Tool::run`], for handlers that also return content blocks
    /// (an image, a file) besides their structured result.
    pub fn run_with_content<A, R, F>(mut self, f: F) -> Self
    where
        A: DeserializeOwned + JsonSchema,
        R: Serialize + JsonSchema,
        F: Fn(A) -> Result<(R, Vec<Content>), ToolError> + 'static,
    {
        self.input = schema::input::<A>;
        self.output = schema::output::<R>;
        self.run = Box::new(move |args_json| {
            let json = if args_json.trim().is_empty() {
                "{}"
            } else {
                args_json
            };
            let args: A =
                serde_json::from_str(json).map_err(|e| ToolError::InvalidArgs(e.to_string()))?;
            let (out, content) = f(args)?;
            let value =
                serde_json::to_value(&out).map_err(|e| ToolError::Internal(e.to_string()))?;
            let json = crate::record::tidy(value).to_string();
            Ok(ToolResult {
                json: Some(json),
                content,
            })
        });
        self
    }

    /// The tool's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `tool-info` the host lists to clients.
    pub fn info(&self) -> ToolInfo {
        ToolInfo {
            name: self.name.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            input_schema: schema::with_extras(
                (self.input)(),
                &schema::Extras {
                    examples: &self.examples,
                    renamed: &self.renamed,
                    profile: self.profile.map(Profile::name),
                    sends: self.sends,
                },
            ),
            output_schema: (self.output)(),
            read_only: self.read_only,
            destructive: self.destructive,
            idempotent: self.idempotent,
            open_world: self.open_world,
        }
    }
}

/// `describe` of the `tool` export (used by [`crate::plugin!`]).
pub fn describe(tools: &[Tool]) -> Vec<ToolInfo> {
    tools.iter().map(Tool::info).collect()
}

/// `call` of the `tool` export (used by [`crate::plugin!`]).
pub fn call(tools: &[Tool], name: &str, args_json: &str) -> Result<ToolResult, ToolError> {
    let tool = tools
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| ToolError::NotFound(format!("no tool named \"{name}\"")))?;
    (tool.run)(args_json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, JsonSchema)]
    struct Echo {
        text: String,
    }

    #[derive(Serialize, JsonSchema)]
    struct Echoed {
        echoed: String,
    }

    fn tools() -> Vec<Tool> {
        vec![Tool::new("echo", "Echo.")
            .read_only()
            .run(|a: Echo| Ok(Echoed { echoed: a.text }))]
    }

    #[test]
    fn calls_dispatch_by_name_with_typed_arguments() {
        let out = call(&tools(), "echo", r#"{"text":"hi"}"#).unwrap();
        assert_eq!(out.json.as_deref(), Some(r#"{"echoed":"hi"}"#));
        assert!(out.content.is_empty());
        assert!(matches!(
            call(&tools(), "echo", r#"{"text":1}"#),
            Err(ToolError::InvalidArgs(_))
        ));
        assert!(matches!(
            call(&tools(), "nope", "{}"),
            Err(ToolError::NotFound(_))
        ));
    }

    #[test]
    fn examples_are_listed_in_the_input_schema() {
        let tool = Tool::new("echo", "Echo.")
            .example(r#"{"text":"hi"}"#)
            .run(|a: Echo| Ok(Echoed { echoed: a.text }));
        let schema: serde_json::Value = serde_json::from_str(&tool.info().input_schema).unwrap();
        assert_eq!(schema["examples"], serde_json::json!([{"text": "hi"}]));
        let bare: serde_json::Value =
            serde_json::from_str(&describe(&tools())[0].input_schema).unwrap();
        assert!(bare.get("examples").is_none());
    }

    #[test]
    fn old_argument_names_ride_in_the_schema_for_the_host() {
        let tool = Tool::new("echo", "Echo.")
            .renamed("words", "text")
            .run(|a: Echo| Ok(Echoed { echoed: a.text }));
        let schema: serde_json::Value = serde_json::from_str(&tool.info().input_schema).unwrap();
        assert_eq!(schema["x-renamed"], serde_json::json!({"words": "text"}));
    }

    #[test]
    fn the_profile_rides_in_the_schema_for_the_host() {
        let tool = Tool::new("echo", "Echo.")
            .profile(Profile::Std)
            .sends()
            .run(|a: Echo| Ok(Echoed { echoed: a.text }));
        let schema: serde_json::Value = serde_json::from_str(&tool.info().input_schema).unwrap();
        assert_eq!(schema["x-profile"], "std");
        assert_eq!(schema["x-sends"], true);
    }

    #[test]
    fn describe_carries_annotations_and_both_schemas() {
        let info = &describe(&tools())[0];
        assert!(info.read_only && info.idempotent && !info.destructive && info.open_world);
        assert!(info.input_schema.contains(r#""required":["text"]"#));
        assert!(info.output_schema.as_deref().unwrap().contains("echoed"));
    }
}
