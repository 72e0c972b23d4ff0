//! Cordoning one node: what `cordon`, `uncordon` and `drain` share.

use serde_json::{json, Value};

use super::dry_run::DryRun;
use crate::error::KError;
use crate::printers;
use crate::resources::Info;
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// Patch one node unless it is already as wanted, and say which (drain cordons with it too).
pub fn mark(ctx: &mut Ctx, info: &Info, desired: bool, dry_run: DryRun) -> Result<(), KError> {
    let node = match &info.live {
        Some(v) => v.clone(),
        None => info.get(ctx)?,
    };
    let now = node
        .pointer("/spec/unschedulable")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let verb = if desired { "cordoned" } else { "uncordoned" };
    let name = printers::name_of(&info.resource, &info.name);
    if now == desired {
        ctx.print(format!("{name} already {verb}\n"));
        return Ok(());
    }
    if dry_run != DryRun::Client {
        // An uncordoned node has no `unschedulable` at all, as the field is omitted when false.
        let value = if desired { json!(true) } else { Value::Null };
        let body = json!({"spec": {"unschedulable": value}});
        let req = ApiRequest::new(Method::Patch, info.path())
            .with_content_type("application/strategic-merge-patch+json")
            .with_body(body.to_string());
        ctx.call(dry_run.on(req))?;
    }
    ctx.print(format!("{name} {verb}{}\n", dry_run.suffix()));
    Ok(())
}
