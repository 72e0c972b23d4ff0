//! Applying one object: created with its last-applied annotation when the server has none, else
//! patched with the three-way patch, with kubectl's wrapped errors naming the object and file.

use serde_json::Value;

use crate::cmd::util::dry_run::DryRun;
use crate::cmd::util::errors::with_source;
use crate::cmd::util::last_applied;
use crate::cmd::util::three_way::{self, apply_media_type};
use crate::error::KError;
use crate::printers;
use crate::resources::Info;
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// Apply one object from a file: the verb for kubectl's line and the object that resulted.
pub fn apply(
    ctx: &mut Ctx,
    info: &Info,
    dry: DryRun,
    manager: &str,
) -> Result<(&'static str, Value), KError> {
    let config = info.file_value();
    let source = info.source().unwrap_or_default();
    let modified = last_applied::annotated(&config);
    if info.name.is_empty() {
        return Err(KError::msg(format!(
            "error when retrieving current configuration of:\n{}\nfrom server for: \"{source}\": resource name may not be empty",
            describe(info)
        )));
    }
    match live(ctx, info, source)? {
        None => create(ctx, info, modified, dry, source, manager),
        Some(live) => patch(ctx, info, &modified, live, dry, source, manager),
    }
}

/// kubectl's description of an object in wrapped errors.
fn describe(info: &Info) -> String {
    let i = &info.resource;
    let gv = format!("{}/{}", i.group, i.version);
    format!(
        "Resource: \"{gv}, Resource={}\", GroupVersionKind: \"{gv}, Kind={}\"\nName: \"{}\", Namespace: \"{}\"",
        i.plural,
        i.kind,
        info.name,
        info.namespace.as_deref().unwrap_or("")
    )
}

/// The object as the server has it, or None when it does not exist yet.
fn live(ctx: &mut Ctx, info: &Info, source: &str) -> Result<Option<Value>, KError> {
    match info.get(ctx) {
        Ok(v) => Ok(Some(v)),
        Err(KError::Status(s)) if s.code == 404 => Ok(None),
        Err(e) => {
            let doing = format!(
                "retrieving current configuration of:\n{}\nfrom server for:",
                describe(info)
            );
            Err(with_source(e, &doing, source))
        }
    }
}

fn create(
    ctx: &mut Ctx,
    info: &Info,
    modified: Value,
    dry: DryRun,
    source: &str,
    manager: &str,
) -> Result<(&'static str, Value), KError> {
    if dry == DryRun::Client {
        return Ok(("created", modified));
    }
    let ns = info.namespace.as_deref();
    let req = ApiRequest::new(Method::Post, info.resource.collection_path(ns))
        .with_query("fieldManager", manager)
        .with_query("fieldValidation", "Strict")
        .with_body(modified.to_string());
    let created = ctx
        .call(dry.on(req))
        .map_err(|e| with_source(e, "creating", source))?;
    Ok(("created", created))
}

fn patch(
    ctx: &mut Ctx,
    info: &Info,
    modified: &Value,
    live: Value,
    dry: DryRun,
    source: &str,
    manager: &str,
) -> Result<(&'static str, Value), KError> {
    let original = last_applied::from_live(&live).unwrap_or_else(|| {
        ctx.eprint(format!(
            "Warning: resource {}/{} is missing the {} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
            // kubectl's `info.ObjectName()`: the plural without its group.
            info.resource.plural,
            info.name,
            last_applied::ANNOTATION
        ));
        Value::Object(Default::default())
    });
    let patch = three_way::three_way(&original, modified, &live);
    if dry == DryRun::Client {
        let mut preview = live;
        let schema = three_way::list_schema(&info.resource);
        kubeplay_core::api::patch::strategic_merge_with(&mut preview, &patch, &schema);
        return Ok(("configured", preview));
    }
    if patch.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(("unchanged", live));
    }
    let body = printers::go_json_escape(&patch.to_string());
    let req = ApiRequest::new(Method::Patch, info.path())
        .with_query("fieldManager", manager)
        .with_query("fieldValidation", "Strict")
        .with_content_type(apply_media_type(info))
        .with_body(body.clone());
    ctx.call(dry.on(req))
        .map(|v| ("configured", v))
        .map_err(|e| {
            // kubectl's patcher names the source once, and apply names it again around the patch.
            let e = with_source(e, "patching", source);
            let doing = format!("applying patch:\n{body}\nto:\n{}\nfor:", describe(info));
            with_source(e, &doing, source)
        })
}
