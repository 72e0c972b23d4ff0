//! `kubectl api-versions`: every group/version the server serves, sorted.

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

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if !args.positionals.is_empty() {
        return Err(KError::Usage(format!(
            "unexpected arguments: [{}]",
            args.positionals.join(" ")
        )));
    }
    let mut versions: Vec<String> = Vec::new();
    let core = ctx.call(ApiRequest::get("/api"))?;
    for v in core
        .get("versions")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(s) = v.as_str() {
            versions.push(s.to_string());
        }
    }
    let groups = ctx.call(ApiRequest::get("/apis"))?;
    for g in groups
        .get("groups")
        .and_then(|g| g.as_array())
        .into_iter()
        .flatten()
    {
        for v in g
            .get("versions")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(gv) = v.get("groupVersion").and_then(|s| s.as_str()) {
                versions.push(gv.to_string());
            }
        }
    }
    versions.sort_once();
    versions.dedup();
    let text: String = versions.iter().map(|v| format!("{v}\n")).collect();
    ctx.print(text);
    Ok(())
}
