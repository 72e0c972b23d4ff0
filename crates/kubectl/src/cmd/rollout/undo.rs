//! `kubectl rollout undo`: put an earlier revision's pod template back (`Rollbacker`). For a
//! Deployment kubectl itself finds the ReplicaSet of that revision and patches the template
//! and the annotations back; the controller then rolls out to it as to any change.

use serde_json::{json, Map, Value};

use super::super::super::error::KError;
use super::super::super::flags::{flag, Args, Flag, Kind};
use super::super::super::printers::Format;
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::dry_run::DryRun;
use super::super::util::print_flags;
use super::history::template_text;
use super::Selection;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    super::super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::super::util::flags::DRY_RUN,
    super::super::util::flags::filename(
        "Filename, directory, or URL to files identifying the resource to get from a server.",
    ),
    super::super::util::flags::KUSTOMIZE,
    super::super::util::flags::OUTPUT,
    super::super::util::flags::RECURSIVE,
    super::super::util::flags::SELECTOR,
    super::super::util::flags::SHOW_MANAGED_FIELDS,
    super::super::util::flags::TEMPLATE,
    flag(
        "to-revision",
        None,
        Kind::Int,
        "0",
        "The revision to rollback to. Default to 0 (last revision).",
    ),
];
pub const LONG: &str = "Roll back to a previous rollout.";
pub const EXAMPLES: &str = "  # Roll back to the previous deployment
  kubectl rollout undo deployment/abc

  # Roll back to daemonset revision 3
  kubectl rollout undo daemonset/abc --to-revision=3

  # Roll back to the previous deployment with dry-run
  kubectl rollout undo --dry-run=server deployment/abc";
pub const USAGE: &str = "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]";

/// Deployment annotations a rollback keeps rather than takes from the ReplicaSet.
const KEPT: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

pub struct UndoOptions {
    sel: Selection,
    to_revision: i64,
    dry_run: DryRun,
    format: Option<Format>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let mut o = UndoOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    o.validate()?;
    o.run(ctx)
}

impl UndoOptions {
    pub fn complete(args: &Args) -> Result<UndoOptions, KError> {
        Ok(UndoOptions {
            sel: Selection::from_args(args),
            to_revision: args.int("to-revision"),
            dry_run: DryRun::from_args(args)?,
            format: print_flags::object_format_flags(args)?,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        self.sel.require()
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, errors) = self.sel.visit(ctx)?;
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        for info in &infos {
            let result = match (info.resource.group.as_str(), info.resource.kind.as_str()) {
                ("apps", "Deployment") => self.deployment(ctx, info)?,
                ("apps", "DaemonSet" | "StatefulSet") => self.controller_revision(ctx, info)?,
                _ => return Err(super::no_helper(info, "rollbacker", "rollbacker")),
            };
            let obj = super::live(ctx, info)?;
            let op = format!("{result}{}", self.dry_run.suffix());
            super::print_result(ctx, info, &obj, &op, &self.format)?;
        }
        Ok(())
    }

    /// `DeploymentRollbacker.Rollback`.
    fn deployment(&self, ctx: &mut Ctx, info: &Info) -> Result<String, KError> {
        let to = self.to_revision;
        if to < 0 {
            return Err(not_found(to));
        }
        let d = super::live(ctx, info)?;
        let rs = revision_rs(ctx, &d, to)?;
        let mut template = rs.pointer("/spec/template").cloned().unwrap_or_default();
        if self.dry_run == DryRun::Client {
            return Ok(template_text(&template));
        }
        if d.pointer("/spec/paused").and_then(|p| p.as_bool()) == Some(true) {
            return Err(KError::msg("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"));
        }
        let current = d.pointer("/spec/template").cloned().unwrap_or_default();
        if without_hash(&template) == without_hash(&current) {
            return Ok(format!(
                "skipped rollback (current template already matches revision {to})"
            ));
        }
        template = without_hash(&template);
        let annotations = rollback_annotations(&d, &rs);
        let patch = json!([
            {"op": "replace", "path": "/spec/template", "value": template},
            {"op": "replace", "path": "/metadata/annotations", "value": annotations},
        ]);
        let req = ApiRequest::new(Method::Patch, info.path())
            .with_content_type("application/json-patch+json")
            .with_body(patch.to_string());
        ctx.call(self.dry_run.on(req))
            .map_err(|e| KError::msg(format!("failed restoring revision {to}: {}", e.go_text())))?;
        Ok("rolled back".into())
    }

    /// `DaemonSetRollbacker` / `StatefulSetRollbacker`: the ControllerRevision's patch.
    fn controller_revision(&self, ctx: &mut Ctx, info: &Info) -> Result<String, KError> {
        let to = self.to_revision;
        if to < 0 {
            return Err(not_found(to));
        }
        let obj = super::live(ctx, info)?;
        let history = controlled_revisions(ctx, &obj)?;
        if to == 0 && history.len() <= 1 {
            return Err(KError::msg("no last revision to roll back to"));
        }
        let found = match to {
            0 => history.get(history.len().saturating_sub(2)),
            r => history
                .iter()
                .find(|h| h.get("revision").and_then(|v| v.as_i64()) == Some(r)),
        };
        let Some(found) = found else {
            return Err(not_found(to));
        };
        let data = found.get("data").cloned().unwrap_or_default();
        let mut wanted = data.pointer("/spec/template").cloned().unwrap_or_default();
        if let Some(m) = wanted.as_object_mut() {
            m.shift_remove("$patch");
        }
        if self.dry_run == DryRun::Client {
            return Ok(template_text(&wanted));
        }
        if obj.pointer("/spec/template") == Some(&wanted) {
            return Ok(format!(
                "skipped rollback (current template already matches revision {to})"
            ));
        }
        let req = ApiRequest::new(Method::Patch, info.path())
            .with_content_type("application/strategic-merge-patch+json")
            .with_body(data.to_string());
        ctx.call(self.dry_run.on(req))
            .map_err(|e| KError::msg(format!("failed restoring revision {to}: {}", e.go_text())))?;
        Ok("rolled back".into())
    }
}

fn not_found(r: i64) -> KError {
    KError::msg(format!("unable to find specified revision {r} in history"))
}

fn without_hash(template: &Value) -> Value {
    let mut t = template.clone();
    if let Some(l) = t
        .pointer_mut("/metadata/labels")
        .and_then(|l| l.as_object_mut())
    {
        l.shift_remove("pod-template-hash");
    }
    t
}

/// `deploymentRevision`: the ReplicaSet of revision `to`, or for 0 the one before the latest.
fn revision_rs(ctx: &mut Ctx, d: &Value, to: i64) -> Result<Value, KError> {
    let mut latest: Option<(i64, Value)> = None;
    let mut previous: Option<(i64, Value)> = None;
    for rs in super::replica_sets(ctx, d)? {
        let Some(v) = super::revision_of(&rs) else {
            continue;
        };
        if to > 0 {
            if v == to {
                return Ok(rs);
            }
            continue;
        }
        if latest.as_ref().is_none_or(|(l, _)| *l < v) {
            previous = latest.take();
            latest = Some((v, rs));
        } else if previous.as_ref().is_none_or(|(p, _)| *p < v) {
            previous = Some((v, rs));
        }
    }
    if to > 0 {
        return Err(not_found(to));
    }
    previous.map(|(_, rs)| rs).ok_or_else(|| {
        KError::msg(format!(
            "no rollout history found for deployment \"{}\"",
            meta::name(d)
        ))
    })
}

/// The annotations the Deployment gets back: its own kept ones, and the ReplicaSet's others.
fn rollback_annotations(d: &Value, rs: &Value) -> Value {
    let mut out = Map::new();
    let of = |v: &Value| {
        v.pointer("/metadata/annotations")
            .and_then(|a| a.as_object())
            .cloned()
            .unwrap_or_default()
    };
    for (k, v) in of(d) {
        if KEPT.contains(&k.as_str()) {
            out.insert(k, v);
        }
    }
    for (k, v) in of(rs) {
        if !KEPT.contains(&k.as_str()) {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// The ControllerRevisions an object controls, oldest revision first.
fn controlled_revisions(ctx: &mut Ctx, obj: &Value) -> Result<Vec<Value>, KError> {
    use kubeplay_core::sort::SortOnce;
    let ns = meta::namespace(obj);
    let uid = meta::str_at(obj, &["metadata", "uid"]).to_string();
    let req = ApiRequest::get(format!("/apis/apps/v1/namespaces/{ns}/controllerrevisions"))
        .with_query("labelSelector", super::match_labels(obj));
    let list = ctx.call(req)?;
    let mut out: Vec<Value> = list
        .get("items")
        .and_then(|i| i.as_array())
        .into_iter()
        .flatten()
        .filter(|cr| {
            cr.pointer("/metadata/ownerReferences")
                .and_then(|o| o.as_array())
                .is_some_and(|l| l.iter().any(|r| meta::str_at(r, &["uid"]) == uid))
        })
        .cloned()
        .collect();
    out.sort_once_by_key(|cr| cr.get("revision").and_then(|v| v.as_i64()).unwrap_or(0));
    Ok(out)
}
