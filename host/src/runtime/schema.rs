//! Tool schemas from plugins: parsed, checked against the caps, compiled with a
//! linear-time regex engine, and measured (nodes with `$ref` expanded), so that
//! validating a value against one has a cost known before it starts.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use super::limits::{MAX_QUOTED_BYTES, MAX_SCHEMA_BYTES, MAX_SCHEMA_NODES};
use super::text::{quote, truncate};

pub(crate) type Schema = (SchemaText, Arc<LazyValidator>, u64);

/// A checked schema kept as compact JSON text: as `serde_json` maps the 135
/// tools' schemas took 2.4 MB of the idle heap, as text about a tenth of that.
/// It is parsed again when listed (`tools/list`) and when its validator is built.
#[derive(Clone, Debug)]
pub struct SchemaText(Arc<str>);

impl SchemaText {
    /// The schema as a JSON object (parsed now).
    pub fn to_map(&self) -> Arc<Map<String, Value>> {
        match self.to_value() {
            Value::Object(m) => Arc::new(m),
            _ => Arc::default(),
        }
    }

    /// The schema as a JSON value (parsed now). The text was written from a
    /// JSON object at load, so it parses back to one.
    fn to_value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or_default()
    }

    /// The compact JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A schema's validator, compiled on first use: the validators of 135 tools
/// were about a third of the idle heap, and most tools of a session are never
/// called.
pub struct LazyValidator {
    /// The same text the tool lists (shared, not copied).
    schema: SchemaText,
    compiled: OnceLock<Result<jsonschema::Validator, String>>,
}

impl LazyValidator {
    /// The compiled validator (compiled now if this is its first use).
    pub fn get(&self) -> Result<&jsonschema::Validator, String> {
        self.compiled
            .get_or_init(|| compile(&self.schema.to_value()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Whether a schema's validator is compiled at load to check it: a plugin
/// file's must be; the built-ins' schemas are derived by schemars and every
/// tool is called by the test suite, so their check waits for first use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Compile the validator at load, so a bad schema refuses the plugin.
    AtLoad,
    /// Compile it at the tool's first call.
    OnFirstUse,
}

/// Compiles a schema; the `regex` engine matches in linear time, so no
/// pattern can backtrack for seconds.
fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_pattern_options(jsonschema::PatternOptions::regex().size_limit(1 << 20))
        .build(schema)
        .map_err(|e| truncate(&e.to_string(), MAX_QUOTED_BYTES))
}

/// Parses, checks and (with [`Check::AtLoad`]) compiles one tool schema; also
/// returns its expanded node count.
pub(crate) fn schema(text: &str, check: Check) -> Result<Schema, String> {
    if text.len() > MAX_SCHEMA_BYTES {
        return Err(format!(
            "{} bytes; the limit is {MAX_SCHEMA_BYTES}",
            text.len()
        ));
    }
    let mut value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    slim(&mut value);
    let Value::Object(obj) = &value else {
        return Err("must be a JSON object".into());
    };
    if obj.get("type").and_then(Value::as_str) != Some("object") {
        return Err("must have \"type\": \"object\"".into());
    }
    let nodes = expanded_nodes(&value)?;
    if check == Check::AtLoad {
        compile(&value)?;
    }
    let text = SchemaText(
        serde_json::to_string(&value)
            .map_err(|e| e.to_string())?
            .into(),
    );
    let lazy = LazyValidator {
        schema: text.clone(),
        compiled: OnceLock::new(),
    };
    Ok((text, Arc::new(lazy), nodes))
}

/// Integer and number `format`s schemars writes (`uint32`, `int64`, …): not
/// JSON Schema formats, so validators ignore them and clients warn about each
/// (the Inspector: once per field per call), and every client pays their tokens.
const NUMERIC_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "int",
    "float", "double",
];

/// Drops what a schema carries for no client: the `$schema` dialect line and
/// schemars' numeric `format`s. A property named `format` is an object, and
/// stays.
fn slim(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("$schema");
            if m.get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| NUMERIC_FORMATS.contains(&f))
            {
                m.remove("format");
            }
            m.values_mut().for_each(slim);
        }
        Value::Array(a) => a.iter_mut().for_each(slim),
        _ => {}
    }
}

/// How many schema nodes one value can meet: every JSON node of the schema
/// with each `$ref` expanded in place. Validation does at most about this much
/// work per value of the instance, so it bounds the cost of a call. Only local
/// references (`#`, `#/…`) are allowed, and none may be recursive: a reference
/// chain of width two and depth 30 expands to 2^30 nodes in 2 KB of schema.
pub fn expanded_nodes(root: &Value) -> Result<u64, String> {
    let mut memo = HashMap::new();
    let n = count(root, root, Ctx::Top, &mut Vec::new(), &mut memo)?;
    if n > MAX_SCHEMA_NODES {
        return Err(format!(
            "{n} nodes with $ref expanded; the limit is {MAX_SCHEMA_NODES}"
        ));
    }
    Ok(n)
}

/// What a JSON node is to the validator, so that a property named `$ref` or
/// `$defs` is not mistaken for the keyword.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// The root schema.
    Top,
    /// A schema: its keys are keywords.
    Schema,
    /// A map from names to schemas (`properties`, `$defs`, …).
    Names,
    /// Plain data (`enum`, `const`, …).
    Data,
}

fn count<'a>(
    v: &'a Value,
    root: &'a Value,
    ctx: Ctx,
    stack: &mut Vec<&'a str>,
    memo: &mut HashMap<&'a str, u64>,
) -> Result<u64, String> {
    let mut n: u64 = 1;
    let children: Box<dyn Iterator<Item = (Option<&str>, &Value)>> = match v {
        Value::Object(obj) => Box::new(obj.iter().map(|(k, c)| (Some(k.as_str()), c))),
        Value::Array(items) => Box::new(items.iter().map(|c| (None, c))),
        _ => return Ok(n),
    };
    let keywords = matches!(ctx, Ctx::Top | Ctx::Schema) && v.is_object();
    for (key, child) in children {
        let child_ctx = match (ctx, key) {
            (Ctx::Data, _) => Ctx::Data,
            (Ctx::Names, _) => Ctx::Schema,
            (_, None) => Ctx::Schema,
            (_, Some(k)) if keywords => match k {
                "$ref" => {
                    let r = child.as_str().unwrap_or_default();
                    n = n.saturating_add(expand(r, root, stack, memo)?);
                    Ctx::Data
                }
                "$dynamicRef" | "$recursiveRef" => {
                    return Err(format!("{k} is not supported in tool schemas"))
                }
                // A nested $id would change what "#/…" means below it.
                "$id" if ctx != Ctx::Top => {
                    return Err("$id is allowed only at the top of a tool schema".into())
                }
                // Definitions cost nothing until a $ref expands them.
                "$defs" | "definitions" => continue,
                "properties" | "patternProperties" | "dependentSchemas" | "dependencies" => {
                    Ctx::Names
                }
                "enum" | "const" | "default" | "examples" | "required" => Ctx::Data,
                _ => Ctx::Schema,
            },
            (_, Some(_)) => Ctx::Data,
        };
        n = n.saturating_add(count(child, root, child_ctx, stack, memo)?);
        if n > MAX_SCHEMA_NODES {
            return Ok(n);
        }
    }
    Ok(n)
}

fn expand<'a>(
    r: &'a str,
    root: &'a Value,
    stack: &mut Vec<&'a str>,
    memo: &mut HashMap<&'a str, u64>,
) -> Result<u64, String> {
    let Some(pointer) = r.strip_prefix('#') else {
        return Err(format!(
            "$ref \"{}\": only local references (#/…) are allowed",
            quote(r)
        ));
    };
    if let Some(n) = memo.get(r) {
        return Ok(*n);
    }
    if stack.contains(&r) {
        return Err(format!(
            "$ref \"{}\" is recursive, which tool schemas may not be",
            quote(r)
        ));
    }
    let target = root
        .pointer(pointer)
        .ok_or_else(|| format!("$ref \"{}\" points nowhere", quote(r)))?;
    stack.push(r);
    let ctx = if pointer.is_empty() {
        Ctx::Top
    } else {
        Ctx::Schema
    };
    let n = count(target, root, ctx, stack, memo)?;
    stack.pop();
    memo.insert(r, n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each level: anyOf of two refs to the next level; 2^depth paths.
    fn exponential(depth: usize) -> Value {
        let mut defs = Map::new();
        for i in 0..depth {
            let next = format!("#/$defs/n{}", i + 1);
            defs.insert(
                format!("n{i}"),
                json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
            );
        }
        defs.insert(format!("n{depth}"), json!({"type": "string"}));
        json!({"type": "object", "properties": {"v": {"$ref": "#/$defs/n0"}}, "$defs": defs})
    }

    #[test]
    fn an_exponential_schema_is_refused_at_load_in_little_time() {
        let start = std::time::Instant::now();
        let e = expanded_nodes(&exponential(40)).unwrap_err();
        assert!(e.contains("nodes with $ref expanded"), "{e}");
        assert!(start.elapsed() < std::time::Duration::from_millis(200));
        assert!(expanded_nodes(&exponential(4)).unwrap() < 200);
    }

    #[test]
    fn recursive_and_remote_refs_are_refused() {
        let rec = json!({"type": "object", "$defs": {"a": {"items": {"$ref": "#/$defs/a"}}}, "properties": {"x": {"$ref": "#/$defs/a"}}});
        assert!(expanded_nodes(&rec).unwrap_err().contains("recursive"));
        let remote =
            json!({"type": "object", "properties": {"x": {"$ref": "https://evil.example/s.json"}}});
        assert!(expanded_nodes(&remote).unwrap_err().contains("local"));
        let nested_id =
            json!({"type": "object", "properties": {"x": {"$id": "other", "type": "string"}}});
        assert!(expanded_nodes(&nested_id).is_err());
        // A property named like a keyword is still counted as the schema it is.
        let mut hidden = exponential(40);
        hidden["properties"]["$defs"] = hidden["properties"]["v"].clone();
        hidden["properties"].as_object_mut().unwrap().remove("v");
        assert!(expanded_nodes(&hidden).is_err());
    }

    #[test]
    fn a_bad_pattern_refuses_a_file_at_load_and_a_builtin_at_first_call() {
        let text =
            r#"{"type":"object","properties":{"x":{"type":"string","pattern":"(unclosed"}}}"#;
        assert!(schema(text, Check::AtLoad).is_err());
        let (_, lazy, _) = schema(text, Check::OnFirstUse).unwrap();
        assert!(lazy.get().is_err());
    }

    #[test]
    fn a_schema_is_listed_as_the_object_the_plugin_wrote() {
        let written = json!({"type": "object", "properties": {"chat": {"type": "string", "examples": ["@alice"]}}, "required": ["chat"]});
        let (text, lazy, _) = schema(
            &serde_json::to_string_pretty(&written).unwrap(),
            Check::OnFirstUse,
        )
        .unwrap();
        assert_eq!(Value::Object(text.to_map().as_ref().clone()), written);
        assert!(
            !text.as_str().contains('\n'),
            "kept compact: {}",
            text.as_str()
        );
        assert!(lazy.get().unwrap().is_valid(&json!({"chat": "@bob"})));
        assert!(!lazy.get().unwrap().is_valid(&json!({})));
    }
}
