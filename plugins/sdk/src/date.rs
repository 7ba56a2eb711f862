//! Dates as a model writes and reads them: ISO 8601 in, ISO 8601 out, Unix
//! seconds still accepted (a model converts epochs badly, so none is needed).

use std::borrow::Cow;
use std::fmt;

use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::Timestamp;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

/// A point in time given as an argument: `2026-01-05`, `2026-01-05T09:00`,
/// `2026-01-05T09:00:00+03:00` or Unix seconds (integer or digits). A date or
/// time without an offset is UTC. Holds Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub i64);

impl Date {
    /// What the schema tells clients a date argument may be.
    pub const DESCRIPTION: &'static str = "ISO 8601 (2026-01-05T09:00:00+03:00) or Unix seconds";

    /// Unix seconds.
    pub fn unix(self) -> i64 {
        self.0
    }

    /// Parses the text forms; the error says what is accepted.
    pub fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            return t
                .parse()
                .map(Date)
                .map_err(|_| format!("date \"{text}\" is out of range"));
        }
        if let Ok(ts) = t.parse::<Timestamp>() {
            return Ok(Date(ts.as_second()));
        }
        match t.parse::<DateTime>() {
            Ok(dt) => Offset::UTC
                .to_timestamp(dt)
                .map(|ts| Date(ts.as_second()))
                .map_err(|_| format!("date \"{text}\" is out of range")),
            Err(_) => Err(format!(
                "date \"{text}\" is not ISO 8601: write 2026-01-05, 2026-01-05T09:00 (UTC) \
                 or 2026-01-05T09:00:00+03:00, or Unix seconds"
            )),
        }
    }
}

/// Unix seconds as ISO 8601 in UTC (`2026-01-05T09:00:00Z`); the number itself
/// when it is out of range.
pub fn iso(unix: i64) -> String {
    Timestamp::from_second(unix)
        .map(|ts| ts.to_string())
        .unwrap_or_else(|_| unix.to_string())
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&iso(self.0))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date: ISO 8601 (2026-01-05T09:00:00+03:00) or Unix seconds")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Date, E> {
                Ok(Date(v))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Date, E> {
                i64::try_from(v)
                    .map(Date)
                    .map_err(|_| E::custom(format!("date {v} is out of range")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "integer"],
            "description": Self::DESCRIPTION,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> i64 {
        serde_json::from_str::<Date>(s).unwrap().0
    }

    #[test]
    fn every_written_form_is_the_same_instant() {
        // 2026-01-05T09:00:00Z
        let want = 1_767_603_600;
        assert_eq!(secs("1767603600"), want);
        assert_eq!(secs(r#""1767603600""#), want);
        assert_eq!(secs(r#""2026-01-05T09:00:00Z""#), want);
        assert_eq!(secs(r#""2026-01-05T12:00:00+03:00""#), want);
        assert_eq!(secs(r#""2026-01-05T09:00""#), want, "no offset is UTC");
        assert_eq!(secs(r#""2026-01-05 09:00:00""#), want);
        assert_eq!(
            secs(r#""2026-01-05""#),
            want - 9 * 3600,
            "a day is its midnight"
        );
    }

    #[test]
    fn bad_dates_say_what_is_accepted() {
        for bad in [r#""tomorrow""#, r#""05.01.2026""#, r#""""#, "1.5", "true"] {
            assert!(serde_json::from_str::<Date>(bad).is_err(), "{bad}");
        }
        let e = serde_json::from_str::<Date>(r#""next monday""#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("not ISO 8601") && e.contains("Unix seconds"),
            "{e}"
        );
    }

    #[test]
    fn dates_read_back_as_iso_in_utc() {
        assert_eq!(iso(1_767_603_600), "2026-01-05T09:00:00Z");
        assert_eq!(Date(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(iso(i64::MAX), i64::MAX.to_string());
    }
}
