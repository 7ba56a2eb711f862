//! Raw MTProto: any TL function of the layer grammers speaks, by name, with
//! JSON parameters, answered as JSON. Implemented by the grammers backend
//! (`grammers/raw.rs`, its dispatch generated from `host/tl/api.tl` by
//! `build/raw_dispatch.rs`); the policy applies in `policy/guard/raw.rs`
//! (a per-plugin method list, read-only mode, the audit log).
//!
//! The JSON is grammers-tl-types' serde shape: a function's parameters are
//! an object of its fields in snake_case (`offset_id`, not `offsetId`);
//! boxed types are enums tagged by variant name (`{"Dc": {...}}`, and a
//! variant without fields is a bare string like `"Empty"`); `bytes` are
//! arrays of numbers; optional fields may be left out; flags are computed.

use async_trait::async_trait;

use super::TelegramError;

/// Largest `params-json` one call takes.
pub const MAX_RAW_PARAMS_BYTES: usize = 64 << 10;
/// Largest JSON answer one call returns (bytes come back as arrays of
/// numbers, about four characters a byte).
pub const MAX_RAW_RESULT_BYTES: usize = 1 << 20;

/// How the error for parameters that do not decode begins (the rest quotes
/// them, so the audit log keeps only this part).
pub const PARAMS_MISMATCH: &str = "params do not fit the method";

/// Calling TL functions by name.
#[async_trait]
pub trait RawExt {
    /// Calls the TL function `method` (`help.getNearestDc`) with `params`
    /// (a JSON object of its fields) and returns Telegram's answer as JSON.
    async fn invoke_raw(&self, method: &str, params: &str) -> Result<String, TelegramError>;
}

/// The TL method names closest to `method` (by case-insensitive edit
/// distance), for "unknown method" messages.
pub fn close_names<'a>(method: &str, known: &[&'a str]) -> Vec<&'a str> {
    let want = method.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|k| (distance(&want, &k.to_ascii_lowercase()), *k))
        .filter(|(d, _)| *d <= 3.max(want.len() / 4))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// Levenshtein distance over bytes (method names are ASCII).
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_suggest_the_likely_method() {
        let known = ["help.getNearestDc", "help.getConfig", "messages.getHistory"];
        assert_eq!(
            close_names("help.getNearestDC", &known),
            ["help.getNearestDc"]
        );
        assert_eq!(
            close_names("messages.gethistroy", &known),
            ["messages.getHistory"]
        );
        assert!(close_names("nothing.like.it.at.all", &known).is_empty());
    }
}
