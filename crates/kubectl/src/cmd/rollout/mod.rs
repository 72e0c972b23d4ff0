//! `kubectl rollout`: watch, list, undo, restart, pause and resume the rollouts of
//! Deployments, DaemonSets and StatefulSets. What the subcommands share lives here: the
//! selection of objects, kubectl's `resource.group` naming in errors, and finding a
//! Deployment's ReplicaSets with their revisions.

pub mod history;
pub mod pause;
pub mod restart;
pub mod resume;
pub mod status;
pub mod undo;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{Args, Flag};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::usage;
use super::super::{Command, Ctx};
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[];
pub const LONG: &str = "Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets";
pub const EXAMPLES: &str = "  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc

  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo

  # Restart a deployment
  kubectl rollout restart deployment/abc

  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx";
pub const USAGE: &str = "kubectl rollout SUBCOMMAND [options]";

/// `kubectl rollout` alone prints its help and fails, as kubectl's command groups do.
pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if let Some(unknown) = args.positionals.first() {
        return Err(KError::Usage(format!("unknown command \"{unknown}\"")));
    }
    let text = super::COMMANDS
        .iter()
        .find(|c| c.name == "rollout")
        .map(|c| usage::command_help(&[c]))
        .unwrap_or_default();
    ctx.print(text);
    Err(KError::Exit(1))
}

pub static SUBCOMMANDS: &[Command] = &[
    sub!("history", &[], "View rollout history", history),
    sub!("pause", &[], "Mark the provided resource as paused", pause),
    sub!("restart", &[], "Restart a resource", restart),
    sub!("resume", &[], "Resume a paused resource", resume),
    sub!("status", &[], "Show the status of the rollout", status),
    sub!("undo", &[], "Undo a previous rollout", undo),
];

/// What every subcommand selects its objects with.
pub struct Selection {
    pub filenames: Vec<String>,
    pub kustomize: String,
    pub recursive: bool,
    pub selector: String,
    pub args: Vec<String>,
}

impl Selection {
    pub fn from_args(args: &Args) -> Selection {
        Selection {
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            selector: args.str("selector"),
            args: args.positionals.clone(),
        }
    }

    /// kubectl's "required resource not specified" when nothing names an object.
    pub fn require(&self) -> Result<(), KError> {
        if self.args.is_empty() && self.filenames.is_empty() && self.kustomize.is_empty() {
            return Err(KError::msg("required resource not specified"));
        }
        Ok(())
    }

    /// The objects, as the server has them now, and what could not be found.
    pub fn visit(&self, ctx: &mut Ctx) -> Result<(Vec<Info>, Vec<KError>), KError> {
        let selecting = !self.selector.is_empty();
        Ok(Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Files)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&self.args)
            .names_exclude_selector(selecting)
            .latest()
            .visit()?
            .split())
    }
}

/// `deployments.apps`, as kubectl names a resource in the errors of pause, resume and restart.
pub fn resource_string(info: &Info) -> String {
    match info.resource.group.as_str() {
        "" => info.resource.plural.clone(),
        g => format!("{}.{g}", info.resource.plural),
    }
}

/// The object as the builder fetched it, else as the server has it now.
pub fn live(ctx: &mut Ctx, info: &Info) -> Result<Value, KError> {
    match &info.live {
        Some(v) => Ok(v.clone()),
        None => info.get(ctx),
    }
}

pub const REVISION: &str = "deployment.kubernetes.io/revision";

/// A Deployment's revision annotation, as `deploymentutil.Revision` reads it.
pub fn revision_of(obj: &Value) -> Option<i64> {
    meta::str_at(obj, &["metadata", "annotations", REVISION])
        .parse()
        .ok()
}

/// The ReplicaSets a Deployment controls (`GetAllReplicaSets`): listed by its selector,
/// kept when their controller reference names it.
pub fn replica_sets(ctx: &mut Ctx, d: &Value) -> Result<Vec<Value>, KError> {
    let ns = meta::namespace(d);
    let uid = d
        .pointer("/metadata/uid")
        .and_then(|u| u.as_str())
        .unwrap_or("");
    let selector = match_labels(d);
    let mut req = ApiRequest::get(format!("/apis/apps/v1/namespaces/{ns}/replicasets"));
    if !selector.is_empty() {
        req = req.with_query("labelSelector", selector);
    }
    let list = ctx.call(req)?;
    let items = list
        .get("items")
        .and_then(|i| i.as_array())
        .cloned()
        .unwrap_or_default();
    Ok(items
        .into_iter()
        .filter(|rs| {
            rs.pointer("/metadata/ownerReferences")
                .and_then(|o| o.as_array())
                .is_some_and(|refs| {
                    refs.iter().any(|r| {
                        r.get("controller").and_then(|c| c.as_bool()) == Some(true)
                            && r.get("uid").and_then(|u| u.as_str()) == Some(uid)
                    })
                })
        })
        .collect())
}

/// `spec.selector.matchLabels` as a label selector string.
pub fn match_labels(obj: &Value) -> String {
    obj.pointer("/spec/selector/matchLabels")
        .and_then(|m| m.as_object())
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// The kinds whose rollouts kubectl can handle (its polymorphic helpers' visitors).
pub fn is_workload(info: &Info) -> bool {
    info.resource.group == "apps"
        && matches!(
            info.resource.kind.as_str(),
            "Deployment" | "DaemonSet" | "StatefulSet"
        )
}

/// kubectl's `GroupKind` string: `Deployment.apps`, `Pod`.
pub fn group_kind(info: &Info) -> String {
    match info.resource.group.as_str() {
        "" => info.resource.kind.clone(),
        g => format!("{}.{g}", info.resource.kind),
    }
}

/// Flags pause, resume and restart share with every printing command.
pub const PATCH_FLAGS: &[Flag] = &[
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    super::super::flags::string(
        "field-manager",
        "kubectl-rollout",
        "Name of the manager used to track field ownership.",
    ),
    super::util::flags::filename(
        "Filename, directory, or URL to files identifying the resource to get from a server.",
    ),
    super::util::flags::KUSTOMIZE,
    super::util::flags::OUTPUT,
    super::util::flags::RECURSIVE,
    super::util::flags::SELECTOR,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
];

/// How pause, resume and restart change each object: a strategic merge patch, or the words
/// kubectl puts after `deployments.apps "web"` when it cannot.
pub type Patcher = fn(&Info, &Value, &mut Ctx) -> Result<Value, String>;

/// `set.CalculatePatches` and the patch loop of pause, resume and restart: each object is
/// patched and printed as `kind/name <verb>` (or as `-o` asks); what fails is reported after.
pub fn patch_each(
    ctx: &mut Ctx,
    sel: &Selection,
    (verb, manager, format): (&str, &str, &Option<super::super::printers::Format>),
    patcher: Patcher,
) -> Result<(), KError> {
    let (infos, mut errors) = sel.visit(ctx)?;
    for info in &infos {
        let obj = match live(ctx, info) {
            Ok(o) => o,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let patch = match patcher(info, &obj, ctx) {
            Ok(p) => p,
            Err(why) => {
                let res = resource_string(info);
                errors.push(KError::msg(format!("{res} \"{}\" {why}", info.name)));
                continue;
            }
        };
        let req = ApiRequest::new(kubeplay_core::api::request::Method::Patch, info.path())
            .with_query("fieldManager", manager)
            .with_content_type("application/strategic-merge-patch+json")
            .with_body(patch.to_string());
        match ctx.call(req) {
            Ok(after) => {
                if let Err(e) = print_result(ctx, info, &after, verb, format) {
                    errors.push(e);
                }
            }
            Err(e) => errors.push(KError::msg(format!("failed to patch: {}", e.go_text()))),
        }
    }
    super::util::errors::report_errors(ctx, errors)
}

/// `kind/name <operation>` (also for `-o name`), or the object as `-o` asks.
pub fn print_result(
    ctx: &mut Ctx,
    info: &Info,
    obj: &Value,
    operation: &str,
    format: &Option<super::super::printers::Format>,
) -> Result<(), KError> {
    use super::super::printers::{self, Format};
    let text = match format {
        None => format!(
            "{} {operation}\n",
            printers::name_of(&info.resource, &info.name)
        ),
        Some(Format::Name) => format!("{}\n", printers::name_of(&info.resource, &info.name)),
        Some(f) => super::util::print_flags::print_object(f, obj)?,
    };
    ctx.print(text);
    Ok(())
}

/// Why history or undo cannot handle a kind: kubectl's visitor knows the workload kinds
/// (and has nothing for Pods, Jobs, CronJobs, ReplicaSets, ReplicationControllers), and
/// refuses every other kind with its `{group kind}` struct.
pub fn no_helper(info: &Info, retrieving: &str, helper: &str) -> KError {
    let gk = group_kind(info);
    let r = &info.resource;
    let known = matches!(
        (r.group.as_str(), r.kind.as_str()),
        (
            "apps" | "extensions",
            "Deployment" | "DaemonSet" | "StatefulSet" | "ReplicaSet"
        ) | ("batch", "Job" | "CronJob")
            | ("", "Pod" | "ReplicationController")
    );
    if known {
        return KError::msg(format!("no {helper} has been implemented for \"{gk}\""));
    }
    KError::msg(format!(
        "error retrieving {retrieving} for \"{gk}\", no visitor method exists for {{{} {}}}",
        r.group, r.kind
    ))
}
