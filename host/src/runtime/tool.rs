//! A tool as the host serves it: WIT metadata checked against the load-time
//! caps, schemas parsed and compiled, and what validating against them costs.

use std::sync::Arc;

use serde_json::Value;

use super::bindings::ToolInfo;
use super::limits::{
    MAX_DESCRIPTION_BYTES, MAX_PLUGIN_METADATA_BYTES, MAX_QUOTED_BYTES, MAX_TITLE_BYTES,
    MAX_TOOLS_PER_PLUGIN,
};
use super::load_error::LoadError;
use super::renamed::Renamed;
use super::schema::{schema, Check, LazyValidator, SchemaText};
use super::text::{quote, truncate};
use crate::policy::profiles::Placement;

/// A tool as the host serves it: WIT metadata plus parsed schemas.
#[derive(Clone)]
pub struct ToolDef {
    pub name: String,
    pub title: Option<String>,
    pub description: String,
    pub input_schema: SchemaText,
    pub output_schema: Option<SchemaText>,
    pub read_only: bool,
    pub destructive: bool,
    pub idempotent: bool,
    pub open_world: bool,
    /// Old argument names still accepted.
    pub renamed: Renamed,
    /// The profiles that list it, as it declares (kept only for built-ins).
    pub placement: Option<Placement>,
    validator: Arc<LazyValidator>,
    output_validator: Option<Arc<LazyValidator>>,
    /// Schema nodes (refs expanded) that may apply to one value of the arguments.
    pub(crate) input_nodes: u64,
    /// The same for the output schema (0 without one).
    pub(crate) output_nodes: u64,
}

/// Takes the keys meant for the host (`x-renamed`, `x-profile`, `x-sends`)
/// out of an input schema, in one parse; the text comes back unchanged when
/// it has none.
fn host_keys(schema: &str) -> Result<(String, Renamed, Option<Placement>), String> {
    if !schema.contains("\"x-") {
        return Ok((schema.to_string(), Renamed::default(), None));
    }
    let mut value: Value = serde_json::from_str(schema).map_err(|e| e.to_string())?;
    let renamed = Renamed::take(&mut value)?;
    let placement = Placement::take(&mut value)?;
    Ok((value.to_string(), renamed, placement))
}

/// Checks a plugin's tool list against the caps and builds its tools (CPU work:
/// run it off the async workers).
pub fn tools_from_infos(
    plugin: &str,
    infos: Vec<ToolInfo>,
    check: Check,
) -> Result<Vec<ToolDef>, LoadError> {
    let too_big = |cause: String| LoadError::TooBig {
        plugin: plugin.to_string(),
        cause,
    };
    if infos.len() > MAX_TOOLS_PER_PLUGIN {
        return Err(too_big(format!(
            "it describes {} tools; the limit is {MAX_TOOLS_PER_PLUGIN} per plugin",
            infos.len()
        )));
    }
    let total: usize = infos
        .iter()
        .map(|i| {
            i.name.len()
                + i.title.as_ref().map_or(0, String::len)
                + i.description.len()
                + i.input_schema.len()
                + i.output_schema.as_ref().map_or(0, String::len)
        })
        .sum();
    if total > MAX_PLUGIN_METADATA_BYTES {
        return Err(too_big(format!(
            "its tool descriptions and schemas take {total} bytes; the limit is {MAX_PLUGIN_METADATA_BYTES} per plugin"
        )));
    }
    let mut seen = std::collections::HashSet::new();
    let mut tools = Vec::with_capacity(infos.len());
    for info in infos {
        if !seen.insert(info.name.clone()) {
            return Err(LoadError::BadTool {
                plugin: plugin.to_string(),
                tool: quote(&info.name),
                cause: "listed twice".into(),
            });
        }
        tools.push(ToolDef::from_info(plugin, info, check)?);
    }
    Ok(tools)
}

impl ToolDef {
    fn from_info(plugin: &str, info: ToolInfo, check: Check) -> Result<Self, LoadError> {
        let bad = |cause: String| LoadError::BadTool {
            plugin: plugin.to_string(),
            tool: quote(&info.name),
            cause,
        };
        let valid_name = !info.name.is_empty()
            && info.name.len() <= 64
            && info
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid_name {
            return Err(bad(
                "names are 1-64 characters of A-Z, a-z, 0-9, _ and -".into()
            ));
        }
        if info.description.len() > MAX_DESCRIPTION_BYTES {
            return Err(bad(format!(
                "description of {} bytes; the limit is {MAX_DESCRIPTION_BYTES}",
                info.description.len()
            )));
        }
        if info
            .title
            .as_ref()
            .is_some_and(|t| t.len() > MAX_TITLE_BYTES)
        {
            return Err(bad(format!("title over {MAX_TITLE_BYTES} bytes")));
        }
        let (input_text, renamed, placement) =
            host_keys(&info.input_schema).map_err(|e| bad(format!("input schema: {e}")))?;
        let (input_schema, validator, input_nodes) =
            schema(&input_text, check).map_err(|e| bad(format!("input schema: {e}")))?;
        let (output_schema, output_validator, output_nodes) = match &info.output_schema {
            Some(s) => {
                let (o, v, n) = schema(s, check).map_err(|e| bad(format!("output schema: {e}")))?;
                (Some(o), Some(v), n)
            }
            None => (None, None, 0),
        };
        Ok(ToolDef {
            name: info.name,
            title: info.title,
            description: info.description,
            input_schema,
            output_schema,
            read_only: info.read_only,
            destructive: info.destructive,
            idempotent: info.idempotent,
            open_world: info.open_world,
            renamed,
            placement,
            validator,
            output_validator,
            input_nodes,
            output_nodes,
        })
    }

    /// Checks arguments against the input schema; the message names the argument.
    pub fn validate_args(&self, args: &Value) -> Result<(), String> {
        let errors: Vec<String> = self
            .validator
            .get()?
            .iter_errors(args)
            .take(5)
            .map(|e| describe_error(&e))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// Checks a structured result against the output schema, if there is one.
    pub fn validate_output(&self, out: &Value) -> Result<(), String> {
        match &self.output_validator {
            Some(v) => match v.get()?.iter_errors(out).next() {
                Some(e) => Err(describe_error(&e)),
                None => Ok(()),
            },
            None => Ok(()),
        }
    }
}

/// One validation error as a sentence. The offending value is quoted only when
/// short: an over-long text is not echoed back to the client or into the log.
fn describe_error(e: &jsonschema::ValidationError<'_>) -> String {
    let path = e.instance_path().to_string();
    let path = path.trim_start_matches('/').replace('/', ".");
    let full = e.to_string();
    let msg = if full.len() <= MAX_QUOTED_BYTES {
        full
    } else {
        truncate(&e.masked_with("the value").to_string(), MAX_QUOTED_BYTES)
    };
    if path.is_empty() {
        format!("arguments: {msg}")
    } else {
        format!("argument \"{}\": {msg}", quote(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::limits::MAX_SCHEMA_BYTES;
    use serde_json::json;

    fn err(r: Result<Vec<ToolDef>, LoadError>) -> String {
        match r {
            Ok(_) => panic!("accepted"),
            Err(e) => e.to_string(),
        }
    }

    fn info(name: &str, schema: String) -> ToolInfo {
        ToolInfo {
            name: name.into(),
            title: None,
            description: "d".into(),
            input_schema: "{\"type\":\"object\"}".into(),
            output_schema: Some(schema),
            read_only: true,
            destructive: false,
            idempotent: true,
            open_world: false,
        }
    }

    #[test]
    fn tool_count_schema_and_description_sizes_are_capped() {
        let many: Vec<ToolInfo> = (0..MAX_TOOLS_PER_PLUGIN + 1)
            .map(|i| info(&format!("t{i}"), "{\"type\":\"object\"}".into()))
            .collect();
        let e = err(tools_from_infos("p", many, Check::AtLoad));
        assert!(e.contains("tools; the limit is"), "{e}");
        let big = format!(
            "{{\"type\":\"object\",\"description\":\"{}\"}}",
            "x".repeat(MAX_SCHEMA_BYTES)
        );
        let e = err(tools_from_infos("p", vec![info("t", big)], Check::AtLoad));
        assert!(e.contains("output schema") && e.contains("limit"), "{e}");
        let mut long = info("t", "{\"type\":\"object\"}".into());
        long.description = "x".repeat(MAX_DESCRIPTION_BYTES + 1);
        let e = err(tools_from_infos("p", vec![long], Check::AtLoad));
        assert!(e.contains("description of"), "{e}");
    }

    #[test]
    fn a_bad_tool_name_is_escaped_and_cut_in_the_error() {
        let e = err(tools_from_infos(
            "p",
            vec![info(
                &format!("a\nINFO forged\x1b[2K{}", "y".repeat(10_000)),
                "{\"type\":\"object\"}".into(),
            )],
            Check::AtLoad,
        ));
        assert!(!e.contains('\n') && !e.contains('\x1b'), "{e}");
        assert!(e.len() < 2 * MAX_QUOTED_BYTES, "{}", e.len());
    }

    #[test]
    fn an_over_long_value_is_not_quoted_back() {
        let (_, v, _) = schema(
            r#"{"type":"object","properties":{"text":{"type":"string","maxLength":4096}}}"#,
            Check::AtLoad,
        )
        .unwrap();
        let t = ToolDef {
            name: "t".into(),
            title: None,
            description: String::new(),
            input_schema: schema(r#"{"type":"object"}"#, Check::AtLoad).unwrap().0,
            output_schema: None,
            read_only: true,
            destructive: false,
            idempotent: true,
            open_world: false,
            renamed: Renamed::default(),
            placement: None,
            validator: v,
            output_validator: None,
            input_nodes: 1,
            output_nodes: 0,
        };
        let e = t
            .validate_args(&json!({"text": "secret ".repeat(1000)}))
            .unwrap_err();
        assert!(!e.contains("secret"), "{e}");
        assert!(e.contains("argument \"text\"") && e.contains("4096"), "{e}");
        let e = t.validate_args(&json!({"text": 5})).unwrap_err();
        assert!(
            e.contains("5 is not of type"),
            "short values are still quoted: {e}"
        );
    }
}
