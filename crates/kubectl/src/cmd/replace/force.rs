//! `replace --force`: delete what the files name (an object already gone is fine), wait until
//! each is gone from the server, then create them again from the files.

use serde_json::{json, Map, Value};

use super::ReplaceOptions;
use crate::cmd::util::wait_deleted::until_deleted;
use crate::error::KError;
use crate::printers::{self, Format};
use crate::resources::{Builder, Info, NamespaceCheck, OnError};
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;

/// kubectl waits five minutes for the deletion when `--timeout` is 0.
const DEFAULT_WAIT_SECS: i64 = 300;

pub fn replace(ctx: &mut Ctx, o: &ReplaceOptions) -> Result<(), KError> {
    let (infos, errors) = Builder::new(ctx)
        .filenames(&o.filenames, o.recursive)
        .on_error(OnError::Continue)
        .require_namespace(NamespaceCheck::Files)
        .visit()?
        .split();
    if let Some(e) = errors.into_iter().next() {
        return Err(e);
    }
    let mut deleted = Vec::new();
    for info in &infos {
        if let Some(uid) = delete(ctx, o, info)? {
            deleted.push((info, uid));
        }
    }
    let timeout = match o.timeout_secs {
        0 => DEFAULT_WAIT_SECS,
        t => t,
    };
    for (info, uid) in deleted {
        until_deleted(ctx, info, uid.as_deref(), timeout)?;
    }
    if infos.is_empty() {
        return Err(KError::msg("no objects passed to replace"));
    }
    for info in &infos {
        let created = create(ctx, o, info)?;
        let text = o.report(info, &created)?;
        ctx.print(text);
    }
    Ok(())
}

/// DELETE the object and print delete's line; `None` when it was not there, else the uid to
/// wait for.
fn delete(
    ctx: &mut Ctx,
    o: &ReplaceOptions,
    info: &Info,
) -> Result<Option<Option<String>>, KError> {
    let mut body = Map::new();
    // A grace period of 0 becomes 1 and a wait, as replace asks of delete.
    let grace = match o.grace_period {
        0 => 1,
        g => g,
    };
    if grace >= 0 {
        body.insert("gracePeriodSeconds".into(), json!(grace));
    }
    body.insert("propagationPolicy".into(), json!(o.propagation));
    let req =
        ApiRequest::new(Method::Delete, info.path()).with_body(Value::Object(body).to_string());
    let answer = match ctx.call(req) {
        Ok(v) => v,
        Err(KError::Status(s)) if s.code == 404 => return Ok(None),
        Err(e) => return Err(e),
    };
    let line = match &o.format {
        Some(Format::Name) => printers::name_of(&info.resource, &info.name),
        _ => format!(
            "{} \"{}\" deleted",
            info.resource.qualified_singular(),
            info.name
        ),
    };
    ctx.print(format!("{line}\n"));
    let uid = answer.pointer("/metadata/uid").and_then(Value::as_str);
    Ok(Some(uid.map(String::from)))
}

/// POST the file's object again.
fn create(ctx: &mut Ctx, o: &ReplaceOptions, info: &Info) -> Result<Value, KError> {
    let ns = info.namespace.as_deref();
    let req = ApiRequest::new(Method::Post, info.resource.collection_path(ns))
        .with_query("fieldManager", &o.field_manager)
        .with_query("fieldValidation", o.validation)
        .with_body(o.object(info).to_string());
    ctx.call(req)
}
