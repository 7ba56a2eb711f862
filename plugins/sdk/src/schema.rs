//! JSON Schemas of tool arguments and results, derived with `schemars` the way
//! rmcp's `#[tool]` macro derives them.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{Map, Value};

/// Draft 2020-12 (what MCP specifies) with every subschema inlined: clients
/// see one self-contained object, no `$ref`/`$defs` to follow.
fn settings() -> SchemaSettings {
    SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true)
}

/// The root schema as a JSON object, without the top-level `title` and
/// `description`: those are the Rust type's name and doc, and the tool has its
/// own (rmcp strips them for the same reason).
fn root<T: JsonSchema>(settings: SchemaSettings) -> Map<String, Value> {
    let schema = settings.into_generator().into_root_schema_for::<T>();
    let mut object = match schema.to_value() {
        Value::Object(o) => o,
        // `true`/`false` schemas (e.g. of `serde_json::Value`).
        _ => Map::new(),
    };
    object.remove("title");
    object.remove("description");
    object
}

fn is_object(schema: &Map<String, Value>) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
}

/// Input schema of `A`: what its `Deserialize` accepts (defaults, optional
/// fields, doc comments as descriptions, `range`/`length` as constraints).
pub fn input<A: JsonSchema>() -> String {
    let mut schema = root::<A>(settings());
    // The host refuses non-object input schemas; say why at the source.
    assert!(
        is_object(&schema),
        "tool arguments must be a struct (a JSON object), not {}",
        A::schema_name()
    );
    omit_not_null(&mut schema);
    // Some clients reject an object schema without `properties` (a struct
    // with no fields has none).
    schema
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    Value::Object(schema).to_string()
}

/// What a tool adds to its derived input schema for clients and the host.
pub struct Extras<'a> {
    /// Realistic argument objects (JSON text), listed under `examples`.
    pub examples: &'a [&'a str],
    /// (old argument name, new) under `x-renamed`: the host takes it out,
    /// applies it before checking a call, and never lists it.
    pub renamed: &'a [(&'a str, &'a str)],
    /// The smallest profile listing the tool, under `x-profile` (taken out
    /// by the host, which lists the tool by it).
    pub profile: Option<&'a str>,
    /// Under `x-sends`: the tool posts and `read+send` lists it.
    pub sends: bool,
}

/// `schema` with its [`Extras`], in one parse.
pub fn with_extras(schema: String, extras: &Extras<'_>) -> String {
    let Extras {
        examples,
        renamed,
        profile,
        sends,
    } = extras;
    if examples.is_empty() && renamed.is_empty() && profile.is_none() && !sends {
        return schema;
    }
    let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(&schema) else {
        return schema;
    };
    if !examples.is_empty() {
        let parsed = examples
            .iter()
            .map(|e| serde_json::from_str(e).unwrap_or_else(|err| panic!("example {e}: {err}")))
            .collect();
        object.insert("examples".into(), Value::Array(parsed));
    }
    if !renamed.is_empty() {
        let map = renamed
            .iter()
            .map(|(old, new)| (old.to_string(), Value::String(new.to_string())))
            .collect();
        object.insert("x-renamed".into(), Value::Object(map));
    }
    if let Some(p) = profile {
        object.insert("x-profile".into(), Value::String(p.to_string()));
    }
    if *sends {
        object.insert("x-sends".into(), Value::Bool(true));
    }
    Value::Object(object).to_string()
}

/// An optional argument (`Option<T>`, not required) is left out to be unset:
/// its type stays `T` instead of schemars' `[T, "null"]`, as the tools'
/// hand-written schemas always said.
fn omit_not_null(schema: &mut Map<String, Value>) {
    let Some(Value::Object(mut props)) = schema.remove("properties") else {
        return;
    };
    let required = schema.get("required").and_then(Value::as_array);
    for (name, prop) in props.iter_mut() {
        if required.is_some_and(|r| r.iter().any(|r| r == name.as_str())) {
            continue;
        }
        if let Some(Value::Array(types)) = prop.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                prop["type"] = types.remove(0);
            }
        }
    }
    schema.insert("properties".into(), Value::Object(props));
}

/// Output schema of `R`: what its `Serialize` writes, as [`crate::record::tidy`]
/// leaves it (no field required, dates as strings). `None` when `R` is not
/// an object (MCP requires `outputSchema` to be one), e.g. `serde_json::Value`
/// for a tool without a declared shape.
pub fn output<R: JsonSchema>() -> Option<String> {
    let schema = root::<R>(settings().for_serialize());
    is_object(&schema).then(|| {
        let mut schema = Value::Object(schema);
        crate::record::tidy_schema(&mut schema);
        schema.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Chat, Message, NoArgs, ParseMode, Peer};
    use serde::Deserialize;
    use serde_json::json;

    fn fifty() -> u32 {
        50
    }

    #[allow(dead_code)]
    #[derive(Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Args {
        chat: Peer,
        /// How many
        #[serde(default = "fifty")]
        #[schemars(range(min = 1, max = 500))]
        limit: u32,
        offset_id: Option<i32>,
        #[serde(default)]
        parse_mode: ParseMode,
        #[schemars(length(min = 1, max = 4096))]
        text: String,
    }

    fn parse(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn inputs_carry_docs_ranges_defaults_and_required_fields() {
        let s = parse(&input::<Args>());
        let p = &s["properties"];
        assert_eq!(s["type"], "object");
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["required"], json!(["chat", "text"]));
        assert_eq!(p["chat"]["description"], Peer::DESCRIPTION);
        assert_eq!(p["chat"]["type"], json!(["string", "integer"]));
        assert_eq!(p["chat"]["minLength"], 1);
        assert_eq!(p["limit"]["description"], "How many");
        assert_eq!(
            (&p["limit"]["minimum"], &p["limit"]["maximum"]),
            (&json!(1), &json!(500))
        );
        assert_eq!(p["limit"]["default"], 50);
        assert_eq!(p["offset_id"]["type"], "integer", "left out, not null");
        assert_eq!(p["parse_mode"]["default"], "plain");
        assert_eq!(
            p["parse_mode"]["enum"],
            json!(["plain", "markdown", "html"])
        );
        assert_eq!(p["text"]["maxLength"], 4096);
        assert!(s.get("title").is_none() && s.get("description").is_none());
    }

    #[test]
    fn records_are_inlined_with_wit_names_and_docs() {
        #[derive(serde::Serialize, JsonSchema)]
        struct Out {
            chats: Vec<Chat>,
            last: Message,
        }
        let text = output::<Out>().unwrap();
        assert!(!text.contains("$ref") && !text.contains("$defs"), "{text}");
        let s = parse(&text);
        let chat = &s["properties"]["chats"]["items"];
        assert_eq!(
            chat["properties"]["kind"]["enum"],
            json!(["saved", "user", "bot", "group", "supergroup", "channel"])
        );
        assert_eq!(
            s["properties"]["last"]["properties"]["date"]["description"],
            "ISO 8601."
        );
    }

    #[test]
    fn no_args_is_an_empty_object_and_untyped_results_have_no_schema() {
        assert_eq!(
            parse(&input::<NoArgs>())["properties"],
            json!({}),
            "clients expect properties"
        );
        assert_eq!(
            parse(&input::<NoArgs>())["additionalProperties"],
            false,
            "unknown arguments are refused"
        );
        assert_eq!(output::<Value>(), None);
    }

    #[test]
    fn an_optional_chat_keeps_both_forms_without_null() {
        #[allow(dead_code)]
        #[derive(Deserialize, JsonSchema)]
        struct Opt {
            chat: Option<Peer>,
        }
        let s = parse(&input::<Opt>());
        assert_eq!(
            s["properties"]["chat"]["type"],
            json!(["string", "integer"]),
            "{s}"
        );
    }
}
