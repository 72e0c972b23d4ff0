//! `kubectl rollout status`: watch one Deployment, DaemonSet or StatefulSet and print what its
//! rollout waits for at each change, until it is done (`UntilWithSync` with the
//! polymorphic status viewers). The watch is where time passes on a simulated cluster.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::flags::{flag, parse_duration, Args, Flag, Kind};
use super::super::super::resources::Info;
use super::super::super::Ctx;
use super::super::util::wait_deleted::FOREVER_SECS;
use super::Selection;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::clock::Time;

pub const FLAGS: &[Flag] = &[
    super::super::util::flags::filename(
        "Filename, directory, or URL to files identifying the resource to get from a server.",
    ),
    super::super::util::flags::KUSTOMIZE,
    super::super::util::flags::RECURSIVE,
    flag("revision", None, Kind::Int, "0", "Pin to a specific revision for showing its status. Defaults to 0 (last revision)."),
    super::super::util::flags::SELECTOR,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
    flag("watch", Some('w'), Kind::Bool, "true", "Watch the status of the rollout until it's done."),
];
pub const LONG: &str = "Show the status of the rollout.

 By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.";
pub const EXAMPLES: &str = "  # Watch the rollout status of a deployment
  kubectl rollout status deployment/nginx";
pub const USAGE: &str = "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]";

/// A watch asks for no more than this at once; a reflector re-watches after it.
const WATCH_CHUNK_SECS: i64 = 600;
/// Bound on watch rounds.
const MAX_ROUNDS: usize = 5_000;

pub struct StatusOptions {
    sel: Selection,
    watch: bool,
    revision: i64,
    /// Seconds; 0 waits "forever" (a week of cluster time).
    timeout: i64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = StatusOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl StatusOptions {
    pub fn complete(args: &Args) -> Result<StatusOptions, KError> {
        let timeout = parse_duration(&args.str("timeout")).map_err(KError::Flag)?;
        Ok(StatusOptions {
            sel: Selection::from_args(args),
            watch: args.bool("watch"),
            revision: args.int("revision"),
            timeout: timeout.ceil() as i64,
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        self.sel.require()?;
        if self.revision < 0 {
            return Err(KError::msg(format!(
                "revision must be a positive integer: {}",
                self.revision
            )));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let (infos, errors) = self.sel.visit(ctx)?;
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        if infos.len() != 1 {
            return Err(KError::msg(format!("rollout status is only supported on individual resources and resource collections - {} resources were found", infos.len())));
        }
        let info = &infos[0];
        if !super::is_workload(info) {
            return Err(KError::msg(format!(
                "no status viewer has been implemented for {}",
                super::group_kind(info)
            )));
        }
        self.watch_until_done(ctx, info)
    }

    /// List the object, then watch it: every added or modified version is judged and its
    /// line printed, until one is done, the watch is not wanted, or the time is up.
    fn watch_until_done(&self, ctx: &mut Ctx, info: &Info) -> Result<(), KError> {
        let path = info.resource.collection_path(info.namespace.as_deref());
        let field = format!("metadata.name={}", info.name);
        let list =
            ctx.call(ApiRequest::get(path.clone()).with_query("fieldSelector", field.clone()))?;
        let mut rv = meta::str_at(&list, &["metadata", "resourceVersion"]).to_string();
        let first = list.pointer("/items/0").cloned();
        if let Some(obj) = first {
            if self.judge(ctx, info, &obj)? {
                return Ok(());
            }
        }
        let timeout = if self.timeout > 0 {
            self.timeout
        } else {
            FOREVER_SECS
        };
        let start = ctx.api.clock().unwrap_or(Time(0));
        let deadline = start.plus(timeout);
        for _ in 0..MAX_ROUNDS {
            let now = ctx.api.clock().unwrap_or(deadline);
            if now >= deadline {
                break;
            }
            let secs = deadline.since(now).min(WATCH_CHUNK_SECS);
            let req = ApiRequest::get(path.clone())
                .with_query("fieldSelector", field.clone())
                .with_query("resourceVersion", rv.clone())
                .with_query("timeoutSeconds", secs.to_string())
                .with_query("watch", "true");
            let resp = ctx.api.call(req);
            if !resp.is_success() {
                return Err(super::super::super::client::decode(resp)
                    .err()
                    .unwrap_or(KError::Exit(1)));
            }
            for line in resp.body.lines() {
                let Ok(event) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                let obj = event.get("object").cloned().unwrap_or_default();
                let v = meta::str_at(&obj, &["metadata", "resourceVersion"]);
                if !v.is_empty() {
                    rv = v.to_string();
                }
                match event.get("type").and_then(|t| t.as_str()) {
                    Some("ADDED" | "MODIFIED") if self.judge(ctx, info, &obj)? => {
                        return Ok(());
                    }
                    Some("DELETED") => return Err(KError::msg("object has been deleted")),
                    _ => {}
                }
            }
        }
        Err(KError::msg("timed out waiting for the condition"))
    }

    /// Print what the rollout waits for; whether waiting is over.
    fn judge(&self, ctx: &mut Ctx, info: &Info, obj: &Value) -> Result<bool, KError> {
        let (msg, done) = match info.resource.kind.as_str() {
            "Deployment" => deployment(ctx, obj, self.revision)?,
            "DaemonSet" => daemon_set(obj)?,
            _ => stateful_set(obj)?,
        };
        ctx.print(msg);
        Ok(done || !self.watch)
    }
}

fn int(obj: &Value, ptr: &str) -> i64 {
    obj.pointer(ptr).and_then(|v| v.as_i64()).unwrap_or(0)
}

/// `DeploymentStatusViewer.Status`.
fn deployment(ctx: &mut Ctx, d: &Value, revision: i64) -> Result<(String, bool), KError> {
    let name = meta::name(d);
    if revision > 0 {
        // A Deployment without the annotation is at revision 0.
        let have = super::revision_of(d).unwrap_or(0);
        if have != revision {
            return Err(KError::msg(format!(
                "desired revision ({revision}) is different from the running revision ({have})"
            )));
        }
    }
    if int(d, "/metadata/generation") > int(d, "/status/observedGeneration") {
        let msg = "Waiting for deployment spec update to be observed...\n".to_string();
        return Ok((with_warning(ctx, d, msg), false));
    }
    let progressing = d
        .pointer("/status/conditions")
        .and_then(|c| c.as_array())
        .and_then(|l| {
            l.iter()
                .find(|c| meta::str_at(c, &["type"]) == "Progressing")
        });
    if progressing.is_some_and(|c| meta::str_at(c, &["reason"]) == "ProgressDeadlineExceeded") {
        return Err(KError::msg(format!(
            "deployment \"{name}\" exceeded its progress deadline"
        )));
    }
    let want = d.pointer("/spec/replicas").and_then(|v| v.as_i64());
    let updated = int(d, "/status/updatedReplicas");
    let replicas = int(d, "/status/replicas");
    let available = int(d, "/status/availableReplicas");
    let head = format!("Waiting for deployment \"{name}\" rollout to finish: ");
    let msg = match want {
        Some(w) if updated < w => {
            format!("{head}{updated} out of {w} new replicas have been updated...\n")
        }
        _ if replicas > updated => format!(
            "{head}{} old replicas are pending termination...\n",
            replicas - updated
        ),
        _ if available < updated => {
            format!("{head}{available} of {updated} updated replicas are available...\n")
        }
        _ => {
            return Ok((
                format!("deployment \"{name}\" successfully rolled out\n"),
                true,
            ))
        }
    };
    Ok((with_warning(ctx, d, msg), false))
}

/// `appendWarning`: the first pod of the Deployment that cannot be scheduled or whose
/// container waits for a reason a user must fix, after the waiting line.
fn with_warning(ctx: &mut Ctx, d: &Value, msg: String) -> String {
    let ns = meta::namespace(d);
    let selector = super::match_labels(d);
    let req = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
        .with_query("labelSelector", selector);
    let Ok(list) = ctx.call(req) else {
        return msg;
    };
    let pods = list
        .get("items")
        .and_then(|i| i.as_array())
        .cloned()
        .unwrap_or_default();
    let base = msg.trim();
    for p in &pods {
        let conds = p.pointer("/status/conditions").and_then(|c| c.as_array());
        for c in conds.into_iter().flatten() {
            if meta::str_at(c, &["type"]) == "PodScheduled"
                && meta::str_at(c, &["status"]) == "False"
                && meta::str_at(c, &["reason"]) == "Unschedulable"
            {
                return format!("{base} (Warning: {})\n", meta::str_at(c, &["message"]));
            }
        }
        let statuses = p
            .pointer("/status/containerStatuses")
            .and_then(|c| c.as_array());
        for s in statuses.into_iter().flatten() {
            let Some(w) = s.pointer("/state/waiting") else {
                continue;
            };
            let reason = meta::str_at(w, &["reason"]);
            if matches!(
                reason,
                "ImagePullBackOff"
                    | "ErrImagePull"
                    | "CrashLoopBackOff"
                    | "CreateContainerConfigError"
                    | "CreateContainerError"
            ) {
                return format!(
                    "{base} (Warning: {reason} - {})\n",
                    meta::str_at(w, &["message"])
                );
            }
        }
    }
    msg
}

/// `DaemonSetStatusViewer.Status`.
fn daemon_set(ds: &Value) -> Result<(String, bool), KError> {
    let strategy = meta::str_at(ds, &["spec", "updateStrategy", "type"]);
    if strategy != "RollingUpdate" {
        return Err(KError::msg(
            "rollout status is only available for RollingUpdate strategy type",
        ));
    }
    let name = meta::name(ds);
    if int(ds, "/metadata/generation") > int(ds, "/status/observedGeneration") {
        return Ok((
            "Waiting for daemon set spec update to be observed...\n".into(),
            false,
        ));
    }
    let desired = int(ds, "/status/desiredNumberScheduled");
    let updated = int(ds, "/status/updatedNumberScheduled");
    let available = int(ds, "/status/numberAvailable");
    let head = format!("Waiting for daemon set \"{name}\" rollout to finish: ");
    if updated < desired {
        return Ok((
            format!("{head}{updated} out of {desired} new pods have been updated...\n"),
            false,
        ));
    }
    if available < desired {
        return Ok((
            format!("{head}{available} of {desired} updated pods are available...\n"),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{name}\" successfully rolled out\n"),
        true,
    ))
}

/// `StatefulSetStatusViewer.Status`.
fn stateful_set(sts: &Value) -> Result<(String, bool), KError> {
    let strategy = meta::str_at(sts, &["spec", "updateStrategy", "type"]);
    if strategy != "RollingUpdate" {
        return Err(KError::msg(
            "rollout status is only available for RollingUpdate strategy type",
        ));
    }
    let observed = int(sts, "/status/observedGeneration");
    if observed == 0 || int(sts, "/metadata/generation") > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    let want = sts.pointer("/spec/replicas").and_then(|v| v.as_i64());
    let ready = int(sts, "/status/readyReplicas");
    if let Some(w) = want.filter(|w| ready < *w) {
        return Ok((
            format!("Waiting for {} pods to be ready...\n", w - ready),
            false,
        ));
    }
    let updated = int(sts, "/status/updatedReplicas");
    if sts
        .pointer("/spec/updateStrategy/rollingUpdate")
        .is_some_and(|r| r.is_object())
    {
        if let (Some(w), Some(p)) = (
            want,
            sts.pointer("/spec/updateStrategy/rollingUpdate/partition")
                .and_then(|p| p.as_i64()),
        ) {
            if updated < w - p {
                return Ok((format!("Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...\n", w - p), false));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {updated} new pods have been updated...\n"),
            true,
        ));
    }
    let update_rev = meta::str_at(sts, &["status", "updateRevision"]);
    let current_rev = meta::str_at(sts, &["status", "currentRevision"]);
    if update_rev != current_rev {
        return Ok((format!("waiting for statefulset rolling update to complete {updated} pods at revision {update_rev}...\n"), false));
    }
    let current = int(sts, "/status/currentReplicas");
    Ok((
        format!(
            "statefulset rolling update complete {current} pods at revision {current_rev}...\n"
        ),
        true,
    ))
}
