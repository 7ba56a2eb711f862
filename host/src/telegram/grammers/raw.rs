//! [`RawExt`] on grammers: TL functions by name. The name → type dispatch is
//! generated at build time from the vendored schema (`host/tl/api.tl`);
//! each entry decodes the JSON parameters into grammers' request type,
//! invokes it under the usual timeout and error mapping (FLOOD_WAIT and the
//! rest become [`TelegramError::Rpc`]), and encodes the answer as JSON.

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;
use grammers_client::tl;
use grammers_client::tl::RemoteCall;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::GrammersBackend;
use crate::telegram::raw_ext::{close_names, RawExt, MAX_RAW_RESULT_BYTES, PARAMS_MISMATCH};
use crate::telegram::TelegramError;

/// One generated dispatch entry: the call for one TL function.
pub type RawCall =
    for<'a> fn(
        &'a GrammersBackend,
        &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<String, TelegramError>> + Send + 'a>>;

// `SCHEMA_LAYER`, `METHODS` and `dispatch(method) -> Option<RawCall>`.
include!(concat!(env!("OUT_DIR"), "/raw_dispatch.rs"));

/// Decodes `params` as `F`, invokes it, and encodes the answer.
fn call<'a, F>(
    b: &'a GrammersBackend,
    params: &'a str,
) -> Pin<Box<dyn Future<Output = Result<String, TelegramError>> + Send + 'a>>
where
    F: RemoteCall + DeserializeOwned + Send + Sync + 'static,
    F::Return: Serialize + Send,
{
    Box::pin(async move {
        let req: F = serde_json::from_str(params)
            .map_err(|e| TelegramError::InvalidArgs(format!("{PARAMS_MISMATCH}: {e}")))?;
        let client = b.link.client();
        let answer = b.link.run(client.invoke(&req)).await?;
        let json = serde_json::to_string(&answer)
            .map_err(|e| TelegramError::Other(format!("could not encode the answer: {e}")))?;
        if json.len() > MAX_RAW_RESULT_BYTES {
            return Err(TelegramError::InvalidArgs(format!(
                "the answer is {} bytes as JSON, over the {MAX_RAW_RESULT_BYTES}-byte cap: ask for less (a smaller limit)",
                json.len()
            )));
        }
        Ok(json)
    })
}

#[async_trait]
impl RawExt for GrammersBackend {
    async fn invoke_raw(&self, method: &str, params: &str) -> Result<String, TelegramError> {
        let method = method.trim();
        let Some(f) = dispatch(method) else {
            let close = close_names(method, METHODS);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            };
            return Err(TelegramError::InvalidArgs(format!(
                "unknown TL method \"{}\" in layer {SCHEMA_LAYER}{hint}",
                method.chars().take(100).collect::<String>()
            )));
        };
        f(self, params).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_schema_is_the_layer_grammers_speaks() {
        assert_eq!(SCHEMA_LAYER, grammers_tl_types::LAYER);
    }

    #[test]
    fn the_dispatch_knows_the_schema_and_skips_wrappers() {
        assert!(METHODS.len() > 500, "{}", METHODS.len());
        assert!(dispatch("help.getNearestDc").is_some());
        assert!(dispatch("messages.getHistory").is_some());
        assert!(dispatch("invokeWithLayer").is_none());
        assert!(dispatch("help.nope").is_none());
    }

    async fn demo() -> std::sync::Arc<GrammersBackend> {
        super::super::demo(std::time::Duration::from_secs(5))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_method_no_tool_uses_answers_as_json_from_the_local_server() {
        let b = demo().await;
        let answer = b.invoke_raw("help.getNearestDc", "{}").await.unwrap();
        let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(v["Dc"]["country"], fakegram_country(), "{v}");
        assert!(v["Dc"]["this_dc"].as_i64().unwrap() > 0, "{v}");
    }

    #[tokio::test]
    async fn params_decode_into_the_request_and_enums_are_tagged() {
        let b = demo().await;
        let answer = b
            .invoke_raw("contacts.resolveUsername", r#"{"username": "alice_demo"}"#)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
        let found = &v["Peer"];
        assert!(found["peer"]["User"]["user_id"].is_i64(), "{v}");
        assert_eq!(found["users"][0]["User"]["username"], "alice_demo", "{v}");
    }

    #[tokio::test]
    async fn errors_name_the_cause() {
        let b = demo().await;
        let e = b.invoke_raw("help.getNearestDC", "{}").await.unwrap_err();
        assert!(
            e.to_string().contains("did you mean help.getNearestDc"),
            "{e}"
        );
        let e = b
            .invoke_raw("contacts.resolveUsername", "{}")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("missing field `username`"), "{e}");
        let e = b
            .invoke_raw(
                "contacts.resolveUsername",
                r#"{"username": "nobody_here_x"}"#,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, TelegramError::Rpc { name, .. } if name == "USERNAME_NOT_OCCUPIED"),
            "{e:?}"
        );
    }

    fn fakegram_country() -> &'static str {
        "NL"
    }
}
