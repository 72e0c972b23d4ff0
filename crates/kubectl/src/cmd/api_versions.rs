//! `kubectl api-versions`: every group/version the server serves, sorted.

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::Ctx;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::sort::SortOnce;

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "List the API versions the server offers, as \"group/version\".";
pub const EXAMPLES: &str = "  # Every API version the server offers
  kubectl api-versions";
pub const USAGE: &str = "kubectl api-versions [options]";

/// `api-versions` takes no flags of its own: only the arguments it refuses.
pub struct ApiVersionsOptions {
    args: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ApiVersionsOptions::complete(args);
    o.validate()?;
    o.run(ctx)
}

impl ApiVersionsOptions {
    pub fn complete(args: &Args) -> ApiVersionsOptions {
        ApiVersionsOptions {
            args: args.positionals.clone(),
        }
    }

    pub fn validate(&self) -> Result<(), KError> {
        if !self.args.is_empty() {
            return Err(KError::Usage(format!(
                "unexpected arguments: [{}]",
                self.args.join(" ")
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let core = ctx.call(ApiRequest::get("/api"))?;
        let mut versions = core_versions(&core);
        let groups = ctx.call(ApiRequest::get("/apis"))?;
        versions.extend(group_versions(&groups));
        versions.sort_once();
        versions.dedup();
        let text: String = versions.iter().map(|v| format!("{v}\n")).collect();
        ctx.print(text);
        Ok(())
    }
}

/// The versions of the core group, from `/api`.
fn core_versions(core: &Value) -> Vec<String> {
    core.get("versions")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .map(String::from)
        .collect()
}

/// Every group's versions, from `/apis`.
fn group_versions(groups: &Value) -> Vec<String> {
    groups
        .get("groups")
        .and_then(|g| g.as_array())
        .into_iter()
        .flatten()
        .flat_map(|g| {
            g.get("versions")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
        })
        .filter_map(|v| v.get("groupVersion").and_then(|s| s.as_str()))
        .map(String::from)
        .collect()
}
