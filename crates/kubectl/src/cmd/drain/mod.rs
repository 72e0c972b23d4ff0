//! `kubectl drain NODE`: cordon the node, then evict its pods through the eviction API (which
//! honours PodDisruptionBudgets) — or delete them with --disable-eviction — and wait until they
//! are gone; DaemonSet pods, pods with emptyDir data and pods without a controller stop the drain
//! unless the matching flag allows them (`filters.rs`).

mod evict;
mod filters;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::resources::{Builder, Info, NamespaceCheck};
use super::super::Ctx;
use super::util::cordon;
use super::util::dry_run::DryRun;
use filters::{grouped, Rules, Verdict};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub const FLAGS: &[Flag] = &[
    flag("chunk-size", None, Kind::Int, "500", "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future."),
    boolean("delete-emptydir-data", "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)."),
    boolean("disable-eviction", "Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution."),
    super::util::flags::DRY_RUN,
    boolean("force", "Continue even if there are pods that do not declare a controller."),
    flag("grace-period", None, Kind::Int, "-1", "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used."),
    boolean("ignore-daemonsets", "Ignore DaemonSet-managed pods."),
    string("pod-selector", "", "Label selector to filter pods on the node"),
    super::util::flags::SELECTOR,
    flag("skip-wait-for-delete-timeout", None, Kind::Int, "0", "If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip."),
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up, zero means infinite"),
];

pub const USAGE: &str = "kubectl drain NODE [options]";
pub const LONG: &str = "Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts
the pods if the API server supports eviction
(https://kubernetes.io/docs/concepts/workloads/pods/disruptions/). Otherwise, it will use normal
DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot
be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed
without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods,
because those pods would be immediately replaced by the daemon set controller, which ignores
unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a
replication controller, replica set, daemon set, stateful set, or job, then drain will not delete
any pods unless you use --force.  --force will also allow deletion to proceed if the managing
resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command
completes.

 When you are ready to put the node back into service, use kubectl uncordon, which will make the
node schedulable again.

 https://kubernetes.io/images/docs/kubectl_drain.svg Workflow";

pub const EXAMPLES: &str = "  # Drain node \"foo\", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
  kubectl drain foo --force

  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
  kubectl drain foo --grace-period=900";

/// `drain`'s flags, read once (kubectl's drain.Helper).
pub struct DrainOptions {
    nodes: Vec<String>,
    selector: String,
    pod_selector: String,
    dry_run: DryRun,
    server_dry_run: bool,
    rules: Rules,
    disable_eviction: bool,
    grace_period: i64,
    timeout_secs: i64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    DrainOptions::complete(args)?.run(ctx)
}

/// `utilerrors.NewAggregate(...).Error()`: one message alone, several in brackets, repeats once.
fn aggregate(errors: &[String]) -> String {
    let mut unique: Vec<&String> = Vec::new();
    for e in errors {
        if !unique.contains(&e) {
            unique.push(e);
        }
    }
    match unique.as_slice() {
        [one] => (*one).clone(),
        many => format!(
            "[{}]",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl DrainOptions {
    fn complete(args: &Args) -> Result<DrainOptions, KError> {
        let selector = args.str("selector");
        if args.positionals.is_empty() && !args.is_set("selector") {
            return Err(KError::Usage("USAGE: drain NODE [flags]".into()));
        }
        if !args.positionals.is_empty() && !selector.is_empty() {
            return Err(KError::Usage(
                "error: cannot specify both a node name and a --selector option".into(),
            ));
        }
        let dry_run = DryRun::from_args(args)?;
        let pod_selector = args.str("pod-selector");
        if LabelSelector::parse(&pod_selector).is_err() {
            return Err(KError::msg(
                "--pod-selector=<pod_selector> must be a valid label selector",
            ));
        }
        Ok(DrainOptions {
            nodes: args.positionals.clone(),
            selector,
            pod_selector,
            server_dry_run: dry_run == DryRun::Server,
            dry_run,
            rules: Rules {
                force: args.bool("force"),
                ignore_daemonsets: args.bool("ignore-daemonsets"),
                delete_emptydir_data: args.bool("delete-emptydir-data"),
                skip_wait_for_delete_timeout: args.int("skip-wait-for-delete-timeout"),
            },
            disable_eviction: args.bool("disable-eviction"),
            grace_period: args.int("grace-period"),
            timeout_secs: super::super::flags::parse_duration(&args.str("timeout"))
                .map(|s| s.ceil() as i64)
                .unwrap_or(0),
        })
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let mut words = vec!["nodes".to_string()];
        words.extend(self.nodes.iter().cloned());
        let (infos, errors) = Builder::new(ctx)
            .require_namespace(NamespaceCheck::Files)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&words)
            .names_required_unless(!self.selector.is_empty())
            .latest()
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        for info in &infos {
            if let Err(e) = cordon::mark(ctx, info, true, self.dry_run) {
                ctx.eprint(format!(
                    "error: unable to cordon node {:?}: {}\n",
                    info.name,
                    e.go_text()
                ));
            }
        }
        let mut fatal = Vec::new();
        let mut remaining = Vec::new();
        for info in &infos {
            match self.drain_node(ctx, info) {
                Ok(()) => ctx.print(format!("node/{} drained\n", info.name)),
                Err(e) => {
                    ctx.eprint(format!(
                        "error: unable to drain node {:?} due to error: {e}, continuing command...\n",
                        info.name
                    ));
                    fatal.push(e);
                    remaining.push(info.name.clone());
                }
            }
        }
        if remaining.is_empty() {
            return Ok(());
        }
        let mut text = String::from("There are pending nodes to be drained:\n");
        for n in &remaining {
            text.push_str(&format!(" {n}\n"));
        }
        ctx.eprint(text);
        Err(KError::msg(aggregate(&fatal)))
    }

    /// `deleteOrEvictPodsSimple`: the node's pods through the filters, then evicted.
    fn drain_node(&self, ctx: &mut Ctx, info: &Info) -> Result<(), String> {
        let (pods, warnings) = self.pods_for_deletion(ctx, &info.name)?;
        if !warnings.is_empty() {
            ctx.eprint(format!("Warning: {warnings}\n"));
        }
        if self.dry_run == DryRun::Client {
            for p in &pods {
                ctx.print(format!(
                    "evicting pod {}/{} (dry run)\n",
                    kubeplay_core::api::meta::namespace(p),
                    kubeplay_core::api::meta::name(p)
                ));
            }
            return Ok(());
        }
        let errors = evict::evict_all(ctx, self, &info.name, &pods);
        if errors.is_empty() {
            return Ok(());
        }
        let err = aggregate(&errors);
        if let Ok((pending, _)) = self.pods_for_deletion(ctx, &info.name) {
            if !pending.is_empty() {
                let mut text = format!(
                    "There are pending pods in node {:?} when an error occurred: {err}\n",
                    info.name
                );
                for p in &pending {
                    text.push_str(&format!("pod/{}\n", kubeplay_core::api::meta::name(p)));
                }
                ctx.eprint(text);
            }
        }
        Err(err)
    }

    /// `GetPodsForDeletion`: the pods to evict and the warnings, or the refusals.
    fn pods_for_deletion(&self, ctx: &mut Ctx, node: &str) -> Result<(Vec<Value>, String), String> {
        let mut req = ApiRequest::get("/api/v1/pods")
            .with_query("fieldSelector", format!("spec.nodeName={node}"));
        if !self.pod_selector.is_empty() {
            req = req.with_query("labelSelector", self.pod_selector.clone());
        }
        let list = ctx.call(req).map_err(|e| e.go_text())?;
        let now = ctx.api.clock().unwrap_or(Time(0));
        let mut delete = Vec::new();
        let mut warned: Vec<(String, &Value)> = Vec::new();
        let mut refused: Vec<(String, &Value)> = Vec::new();
        let items = list
            .get("items")
            .and_then(|i| i.as_array())
            .cloned()
            .unwrap_or_default();
        let verdicts: Vec<Verdict> = items
            .iter()
            .map(|p| self.rules.judge(ctx, p, now))
            .collect();
        for (pod, verdict) in items.iter().zip(verdicts) {
            match verdict {
                Verdict::Delete => delete.push(pod.clone()),
                Verdict::Skip => {}
                Verdict::Warn { delete: d, message } => {
                    if d {
                        delete.push(pod.clone());
                    }
                    warned.push((message, pod));
                }
                Verdict::Refuse(message) => refused.push((message, pod)),
            }
        }
        if !refused.is_empty() {
            let errors: Vec<String> = grouped(&refused)
                .into_iter()
                .map(|(m, pods)| format!("cannot delete {m}: {pods}"))
                .collect();
            return Err(aggregate(&errors));
        }
        let warnings = grouped(&warned)
            .into_iter()
            .map(|(m, pods)| format!("{m}: {pods}"))
            .collect::<Vec<_>>()
            .join("; ");
        Ok((delete, warnings))
    }
}
