//! Tool profiles: which built-in tools a server lists, by name (shared/TOOLSET.md
//! §4). Each includes what it builds on, so one name is a working set:
//! `core` (the default) keeps `tools/list` small for clients that cap tools;
//! `std` is `core` and the everyday rest; `ext` is `std` and every rarer tool,
//! destructive ones included (`delete_chat_history`, `close_poll`); `opt` is
//! `std` and the niche tools (business, fact checks, stories posting); `read`
//! is every read-only tool and `read+send` adds sending only; `all` (`ext`
//! and `opt` together) is everything but what spends money or reaches past
//! the tool layer: `stars` and `raw` are listed only when named. Each
//! built-in tool declares its place itself (the SDK's `Tool::profile` and
//! `Tool::sends`, carried as `x-profile` and `x-sends` in its input schema,
//! which the host takes out): there is no list of tools here to keep. Tools
//! from plugin files an operator dropped in are in every profile: putting
//! them there was the choice.

use serde::Serialize;

/// A named set of tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Core,
    Std,
    Ext,
    Opt,
    Read,
    /// Every read-only tool plus the tools that send messages.
    #[serde(rename = "read+send")]
    ReadSend,
    All,
    Stars,
    Raw,
}

/// Profile names as `TGMCP_TOOLS` takes them.
pub const NAMES: &[&str] = &[
    "core",
    "std",
    "ext",
    "opt",
    "read",
    "read+send",
    "all",
    "stars",
    "raw",
];

/// The smallest profile listing a built-in tool, as the tool declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Core,
    Std,
    Ext,
    Opt,
    Stars,
    Raw,
}

impl Tier {
    /// The tier named `name` (`core`, `std`, `ext`, `opt`, `stars`, `raw`).
    pub fn parse(name: &str) -> Option<Tier> {
        Some(match name {
            "core" => Tier::Core,
            "std" => Tier::Std,
            "ext" => Tier::Ext,
            "opt" => Tier::Opt,
            "stars" => Tier::Stars,
            "raw" => Tier::Raw,
            _ => return None,
        })
    }

    /// Its name, as `TGMCP_TOOLS` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Core => "core",
            Tier::Std => "std",
            Tier::Ext => "ext",
            Tier::Opt => "opt",
            Tier::Stars => "stars",
            Tier::Raw => "raw",
        }
    }

    /// Whether a tool here is listed only when named (it spends money or is
    /// raw MTProto): no glob and no wider profile reaches it.
    pub fn named_only(self) -> bool {
        matches!(self, Tier::Stars | Tier::Raw)
    }
}

/// Where a built-in tool is listed; `None` for a dropped-in plugin's tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub tier: Tier,
    /// Posts new messages or drafts and changes nothing else: `read+send`.
    pub sends: bool,
}

impl Placement {
    /// Takes `x-profile` and `x-sends` out of a parsed input schema (none:
    /// the tool declares no place).
    pub fn take(schema: &mut serde_json::Value) -> Result<Option<Placement>, String> {
        let Some(o) = schema.as_object_mut() else {
            return Ok(None);
        };
        let had_sends = o.contains_key("x-sends");
        let sends = match o.remove("x-sends") {
            None => false,
            Some(serde_json::Value::Bool(b)) => b,
            Some(_) => return Err("x-sends must be true or false".into()),
        };
        let tier = match o.remove("x-profile") {
            Some(serde_json::Value::String(t)) => Tier::parse(&t).ok_or_else(|| {
                format!("x-profile \"{t}\" is none of core, std, ext, opt, stars, raw")
            })?,
            Some(_) => return Err("x-profile must be a profile name".into()),
            None if had_sends => return Err("x-sends without x-profile".into()),
            None => return Ok(None),
        };
        Ok(Some(Placement { tier, sends }))
    }
}

impl Profile {
    /// The profile named `name` (see [`NAMES`]).
    pub fn parse(name: &str) -> Option<Profile> {
        match name.trim().to_ascii_lowercase().as_str() {
            "core" => Some(Profile::Core),
            "std" => Some(Profile::Std),
            "ext" => Some(Profile::Ext),
            "opt" => Some(Profile::Opt),
            "read" => Some(Profile::Read),
            "read+send" | "read-send" => Some(Profile::ReadSend),
            "all" => Some(Profile::All),
            "stars" => Some(Profile::Stars),
            "raw" => Some(Profile::Raw),
            _ => None,
        }
    }

    /// Whether this profile lists a tool placed at `placement` (`None`: a
    /// dropped-in plugin's tool, listed in every profile).
    pub fn admits(self, read_only: bool, placement: Option<Placement>) -> bool {
        let Some(Placement { tier, sends }) = placement else {
            return true;
        };
        let plain = !tier.named_only();
        match self {
            Profile::Core => tier == Tier::Core,
            Profile::Std => matches!(tier, Tier::Core | Tier::Std),
            // `TGMCP_TOOLS=ext` alone must still read and send: each tier
            // includes the ones below it.
            Profile::Ext => matches!(tier, Tier::Core | Tier::Std | Tier::Ext),
            Profile::Opt => matches!(tier, Tier::Core | Tier::Std | Tier::Opt),
            Profile::Read => read_only && plain,
            Profile::ReadSend => plain && (read_only || sends),
            Profile::All => plain,
            Profile::Stars => tier == Tier::Stars,
            Profile::Raw => tier == Tier::Raw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tier: Tier) -> Option<Placement> {
        Some(Placement { tier, sends: false })
    }

    #[test]
    fn profiles_nest_and_dropped_in_tools_are_always_listed() {
        assert!(Profile::Core.admits(true, at(Tier::Core)));
        assert!(!Profile::Core.admits(false, at(Tier::Std)));
        assert!(Profile::Std.admits(false, at(Tier::Std)));
        assert!(Profile::Std.admits(true, at(Tier::Core)));
        assert!(Profile::Read.admits(true, at(Tier::Std)));
        assert!(!Profile::Read.admits(false, at(Tier::Core)));
        assert!(Profile::Ext.admits(false, at(Tier::Ext)));
        assert!(
            Profile::Ext.admits(false, at(Tier::Std)),
            "ext includes std"
        );
        assert!(Profile::Ext.admits(false, at(Tier::Core)), "and core");
        assert!(!Profile::Ext.admits(false, at(Tier::Opt)), "not opt");
        assert!(Profile::Opt.admits(false, at(Tier::Opt)));
        assert!(
            Profile::Opt.admits(true, at(Tier::Core)),
            "opt includes core"
        );
        assert!(!Profile::Opt.admits(false, at(Tier::Ext)), "not ext");
        let send = Some(Placement {
            tier: Tier::Core,
            sends: true,
        });
        assert!(Profile::ReadSend.admits(false, send));
        assert!(Profile::ReadSend.admits(true, at(Tier::Core)));
        assert!(!Profile::ReadSend.admits(false, at(Tier::Core)));
        assert_eq!(Profile::parse("read+send"), Some(Profile::ReadSend));
        assert!(Profile::Core.admits(false, None), "a dropped-in tool");
        assert_eq!(Profile::parse(" STD "), Some(Profile::Std));
        assert_eq!(Profile::parse("cor"), None);
    }

    /// The schema text without the placement keys, and the placement.
    fn extract(schema: &str) -> Result<(String, Option<Placement>), String> {
        let mut value: serde_json::Value =
            serde_json::from_str(schema).map_err(|e| e.to_string())?;
        let placement = Placement::take(&mut value)?;
        Ok((value.to_string(), placement))
    }

    #[test]
    fn placements_come_out_of_the_schema_and_bad_ones_are_named() {
        let (rest, p) = extract(r#"{"type":"object","x-profile":"std","x-sends":true}"#).unwrap();
        assert_eq!(
            p,
            Some(Placement {
                tier: Tier::Std,
                sends: true
            })
        );
        assert!(!rest.contains("x-"), "{rest}");
        assert_eq!(extract(r#"{"type":"object"}"#).unwrap().1, None);
        let e = extract(r#"{"x-profile":"every"}"#).unwrap_err();
        assert!(e.contains("core, std"), "{e}");
    }

    #[test]
    fn money_and_raw_mtproto_are_listed_only_when_named() {
        for tier in [Tier::Stars, Tier::Raw] {
            for p in [Profile::All, Profile::Read, Profile::ReadSend, Profile::Ext] {
                assert!(!p.admits(true, at(tier)), "{p:?} lists {tier:?}");
            }
        }
        assert!(Profile::Stars.admits(false, at(Tier::Stars)));
        assert!(Profile::Raw.admits(false, at(Tier::Raw)));
        // Globs never reach them; their exact names do.
        let stars = at(Tier::Stars);
        for list in ["core,send_*", "*", "send_paid_reactio?", "get_*,invoke_*"] {
            let mut p = crate::policy::Policy::default();
            p.restrict_tools(list).unwrap();
            assert!(!p.admits("send_paid_reaction", false, stars), "{list}");
        }
        let mut p = crate::policy::Policy::default();
        p.restrict_tools("core,send_paid_reaction").unwrap();
        assert!(p.admits("send_paid_reaction", false, stars));
        assert!(!p.admits("get_stars_status", true, stars));
    }
}
