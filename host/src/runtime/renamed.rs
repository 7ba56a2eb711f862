//! Old argument names a tool still accepts for a release. A plugin lists them
//! under `x-renamed` in its input schema (the SDK's `Tool::renamed`); the host
//! takes that out before listing or compiling the schema, and renames an old
//! argument to its new name before checking a call, so clients see only the
//! new names and old callers keep working.

use serde_json::{Map, Value};

/// Most old names one tool may keep.
const MAX_RENAMED: usize = 8;

/// `(old, new)` argument names of one tool.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Renamed(Vec<(String, String)>);

impl Renamed {
    /// Takes `x-renamed` out of a parsed input schema (none: no renames).
    pub fn take(schema: &mut Value) -> Result<Renamed, String> {
        let Some(o) = schema.as_object_mut() else {
            return Ok(Renamed::default());
        };
        let map = match o.remove("x-renamed") {
            None => return Ok(Renamed::default()),
            Some(Value::Object(map)) => map,
            Some(_) => return Err("x-renamed must be an object of old name to new name".into()),
        };
        let props = o
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        Self::from_map(map, &props)
    }

    fn from_map(map: Map<String, Value>, props: &Map<String, Value>) -> Result<Renamed, String> {
        if map.len() > MAX_RENAMED {
            return Err(format!(
                "x-renamed names {} arguments; the limit is {MAX_RENAMED}",
                map.len()
            ));
        }
        let mut pairs = Vec::with_capacity(map.len());
        for (old, new) in map {
            let Value::String(new) = new else {
                return Err(format!("x-renamed: \"{old}\" must map to a name"));
            };
            if props.contains_key(&old) || !props.contains_key(&new) {
                return Err(format!(
                    "x-renamed: \"{old}\" must not be an argument and \"{new}\" must be one"
                ));
            }
            pairs.push((old, new));
        }
        Ok(Renamed(pairs))
    }

    /// `args` with each old name given renamed to its new one, unless the
    /// new name is given too (then the schema refuses the old one).
    pub fn apply(&self, mut args: Value) -> Value {
        if let Value::Object(o) = &mut args {
            for (old, new) in &self.0 {
                if !o.contains_key(new) {
                    if let Some(v) = o.remove(old) {
                        o.insert(new.clone(), v);
                    }
                }
            }
        }
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The schema text without `x-renamed`, and the renames.
    fn extract(schema: &str) -> Result<(String, Renamed), String> {
        let mut value: Value = serde_json::from_str(schema).map_err(|e| e.to_string())?;
        let renamed = Renamed::take(&mut value)?;
        Ok((value.to_string(), renamed))
    }

    const SCHEMA: &str = r#"{"type":"object","properties":{"message_id":{"type":"integer"}},"x-renamed":{"id":"message_id"}}"#;

    #[test]
    fn old_names_are_renamed_and_left_out_of_the_schema() {
        let (text, renamed) = extract(SCHEMA).unwrap();
        assert!(!text.contains("x-renamed"), "{text}");
        assert_eq!(renamed.apply(json!({"id": 5})), json!({"message_id": 5}));
        assert_eq!(
            renamed.apply(json!({"id": 5, "message_id": 6})),
            json!({"id": 5, "message_id": 6}),
            "both given: the schema refuses the old one"
        );
        let (same, none) = extract(r#"{"type":"object"}"#).unwrap();
        assert_eq!(same, r#"{"type":"object"}"#);
        assert_eq!(none.apply(json!({"id": 1})), json!({"id": 1}));
    }

    #[test]
    fn a_renaming_that_would_shadow_or_point_nowhere_is_refused() {
        for bad in [
            r#"{"type":"object","properties":{"a":{}},"x-renamed":{"a":"a"}}"#,
            r#"{"type":"object","properties":{"a":{}},"x-renamed":{"b":"c"}}"#,
            r#"{"type":"object","properties":{"a":{}},"x-renamed":{"b":1}}"#,
            r#"{"type":"object","properties":{"a":{}},"x-renamed":["b"]}"#,
        ] {
            assert!(extract(bad).is_err(), "{bad}");
        }
    }
}
