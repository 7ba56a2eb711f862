//! How a tool's result reads to a model: dates in ISO 8601, and nothing that
//! says nothing. Every byte of a result is paid for in the model's context,
//! and `"text": ""` or `"forward": null` only invites a guess.

use serde_json::{Map, Value};

use crate::date::iso;

/// Fields that hold Unix seconds in the WIT records and the plugins' own
/// records; a result shows them as ISO 8601. The host's tests check that every
/// field documented as "Unix seconds" is named here.
pub const DATE_FIELDS: &[&str] = &[
    "date",
    "edit_date",
    "expire_date",
    "expires",
    "last_seen",
    "last_interaction",
    "last_message_date",
    "last_active",
    "created",
    "joined",
    "scheduled",
    "until",
    "muted_until",
    "period_start",
    "period_end",
    "min_date",
    "max_date",
    "schedule_at",
];

/// `value` as a tool returns it: null, false and empty strings left out
/// everywhere, empty lists and objects left out below the top level (a page's
/// `messages: []` says "none"; an item's `reactions: []` says nothing), and
/// the [`DATE_FIELDS`] as ISO 8601.
pub fn tidy(value: Value) -> Value {
    tidy_at(value, true)
}

fn tidy_at(value: Value, top: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(tidy_object(map, top)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| tidy_at(v, false)).collect()),
        other => other,
    }
}

fn tidy_object(map: Map<String, Value>, top: bool) -> Map<String, Value> {
    map.into_iter()
        .filter_map(|(key, value)| {
            let value = match value {
                Value::Number(n) if DATE_FIELDS.contains(&key.as_str()) => {
                    match n.as_i64().filter(|s| *s > 0) {
                        Some(secs) => Value::String(iso(secs)),
                        None => Value::Number(n),
                    }
                }
                other => tidy_at(other, false),
            };
            (!says_nothing(&value, top)).then_some((key, value))
        })
        .collect()
}

fn says_nothing(value: &Value, top: bool) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => !top && a.is_empty(),
        Value::Object(o) => !top && o.is_empty(),
        _ => false,
    }
}

/// An output schema that says what [`tidy`] writes: no field is required
/// (any may be left out) and date fields are strings.
pub fn tidy_schema(schema: &mut Value) {
    let Some(o) = schema.as_object_mut() else {
        return;
    };
    o.remove("required");
    if let Some(Value::Object(props)) = o.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            if DATE_FIELDS.contains(&name.as_str()) {
                date_schema(prop);
            }
            tidy_schema(prop);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(sub) = o.get_mut(key) {
            tidy_schema(sub);
        }
    }
    for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(subs)) = o.get_mut(key) {
            subs.iter_mut().for_each(tidy_schema);
        }
    }
}

/// `integer` (or `[integer, null]`) becomes `string` in ISO 8601.
fn date_schema(prop: &mut Value) {
    let Some(o) = prop.as_object_mut() else {
        return;
    };
    let is_int = |t: &Value| t == "integer";
    let changed = match o.get_mut("type") {
        Some(t @ Value::String(_)) if is_int(t) => {
            *t = "string".into();
            true
        }
        Some(Value::Array(types)) if types.iter().any(is_int) => {
            types.retain(|t| !is_int(t));
            types.insert(0, "string".into());
            true
        }
        _ => false,
    };
    if changed {
        o.remove("format");
        o.remove("minimum");
        o.remove("maximum");
        o.insert("format".into(), "date-time".into());
        if let Some(Value::String(d)) = o.get_mut("description") {
            *d = d.replace("Unix seconds", "ISO 8601");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn results_leave_out_what_says_nothing_and_show_dates_as_iso() {
        let out = tidy(json!({
            "messages": [{
                "id": 5, "date": 1_767_603_600, "text": "", "outgoing": false,
                "forward": null, "reactions": [], "media": {"kind": "photo", "mime": null},
                "edit_date": null, "views": 0
            }],
            "next_cursor": null,
            "chats": []
        }));
        assert_eq!(
            out,
            json!({
                "messages": [{"id": 5, "date": "2026-01-05T09:00:00Z",
                              "media": {"kind": "photo"}, "views": 0}],
                "chats": []
            })
        );
    }

    #[test]
    fn output_schemas_require_nothing_and_type_dates_as_strings() {
        let mut s = json!({
            "type": "object", "required": ["date", "id"],
            "properties": {
                "id": {"type": "integer"},
                "date": {"type": "integer", "format": "int64", "description": "Unix seconds."},
                "until": {"type": ["integer", "null"]},
                "items": {"type": "array", "items": {"type": "object", "required": ["x"],
                          "properties": {"x": {"type": "integer"}}}}
            }
        });
        tidy_schema(&mut s);
        assert!(s.get("required").is_none());
        assert!(s["properties"]["items"]["items"].get("required").is_none());
        assert_eq!(s["properties"]["date"]["type"], "string");
        assert_eq!(s["properties"]["date"]["format"], "date-time");
        assert_eq!(s["properties"]["date"]["description"], "ISO 8601.");
        assert_eq!(s["properties"]["until"]["type"], json!(["string", "null"]));
        assert_eq!(s["properties"]["id"]["type"], "integer");
    }
}
