//! The `tool` export of each WIT version the host links, behind one type:
//! the rest of the runtime calls `describe` and `call` without caring which
//! version a plugin was built against.

use wasmtime::component::{Component, InstancePre};
use wasmtime::{Engine, Store};

use super::bindings::{v0_1, v0_2, ToolError, ToolInfo, WitContent};
use super::host::CallState;

/// What a tool call returned, before the host checks it.
pub struct RawOutput {
    /// Structured result as JSON text.
    pub json: Option<String>,
    /// Further content blocks (images, files).
    pub content: Vec<WitContent>,
}

/// A linked component, by the version of `tool` it exports.
pub enum Pre {
    V0_1(v0_1::PluginPre<CallState>),
    V0_2(v0_2::PluginPre<CallState>),
}

/// The `tool` interface version a component exports, if any this host knows.
pub fn exported_version(engine: &Engine, component: &Component) -> Option<&'static str> {
    let ty = component.component_type();
    let exports: Vec<String> = ty.exports(engine).map(|(n, _)| n.to_string()).collect();
    super::bindings::VERSIONS.iter().copied().find(|v| {
        let want = super::bindings::interface("tool", v);
        exports.contains(&want)
    })
}

impl Pre {
    /// Wraps a linked component for the version of `tool` it exports.
    pub fn new(pre: InstancePre<CallState>, version: &str) -> wasmtime::Result<Pre> {
        Ok(match version {
            "0.1.0" => Pre::V0_1(v0_1::PluginPre::new(pre)?),
            _ => Pre::V0_2(v0_2::PluginPre::new(pre)?),
        })
    }

    /// The plugin's tools.
    pub async fn describe(&self, store: &mut Store<CallState>) -> wasmtime::Result<Vec<ToolInfo>> {
        Ok(match self {
            Pre::V0_1(p) => {
                let inst = p.instantiate_async(&mut *store).await?;
                let infos = inst.tgmcp_plugin_tool().call_describe(&mut *store).await?;
                infos.into_iter().map(Into::into).collect()
            }
            Pre::V0_2(p) => {
                let inst = p.instantiate_async(&mut *store).await?;
                inst.tgmcp_plugin_tool().call_describe(&mut *store).await?
            }
        })
    }

    /// Calls one tool.
    pub async fn call(
        &self,
        store: &mut Store<CallState>,
        tool: &str,
        args_json: &str,
    ) -> wasmtime::Result<Result<RawOutput, ToolError>> {
        Ok(match self {
            Pre::V0_1(p) => {
                let inst = p.instantiate_async(&mut *store).await?;
                let r = inst
                    .tgmcp_plugin_tool()
                    .call_call(&mut *store, tool, args_json)
                    .await?;
                r.map(|json| RawOutput {
                    json: Some(json),
                    content: Vec::new(),
                })
                .map_err(Into::into)
            }
            Pre::V0_2(p) => {
                let inst = p.instantiate_async(&mut *store).await?;
                let r = inst
                    .tgmcp_plugin_tool()
                    .call_call(&mut *store, tool, args_json)
                    .await?;
                r.map(|out| RawOutput {
                    json: out.json,
                    content: out.content,
                })
            }
        })
    }
}
