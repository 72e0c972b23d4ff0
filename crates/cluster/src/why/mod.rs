//! `why TYPE/NAME`: in plain words, why an object is not healthy, as a chain of causes read from
//! the cluster's own state and events — a Deployment's missing replicas, the pod that holds them
//! back, the scheduler's or the kubelet's reason, the requests and allocatable figures behind it —
//! each step naming the field or event it comes from, then the kubectl commands that show each
//! link. It reads the store only: it never guesses, and changes nothing.

mod claim;
mod events;
mod node;
mod pod;
mod service;
mod workload;

use kubeplay_api::store::Store;
use kubeplay_core::output::Output;
use serde_json::Value;

/// One link of the chain: what it says, and the field or event that says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub says: String,
    pub from: String,
}

/// What `why` found: the chain of causes (the first step is the object's own state), and the
/// commands that show each link. `healthy` when there is nothing to explain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Explanation {
    pub steps: Vec<Step>,
    pub commands: Vec<String>,
    pub healthy: bool,
}

impl Explanation {
    fn step(&mut self, says: impl Into<String>, from: impl Into<String>) {
        self.steps.push(Step {
            says: says.into(),
            from: from.into(),
        });
    }

    fn command(&mut self, cmd: impl Into<String>) {
        let cmd = cmd.into();
        if !self.commands.contains(&cmd) {
            self.commands.push(cmd);
        }
    }

    /// The chain as the terminal prints it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.steps.iter().enumerate() {
            let arrow = if i == 0 { "" } else { "→ " };
            out.push_str(&format!("{arrow}{}\n", s.says));
            if !s.from.is_empty() {
                let pad = if i == 0 { "" } else { "  " };
                out.push_str(&format!("{pad}  (from {})\n", s.from));
            }
        }
        if !self.commands.is_empty() {
            out.push_str("\nSee for yourself:\n");
            for c in &self.commands {
                out.push_str(&format!("  {c}\n"));
            }
        }
        out
    }
}

/// The kinds `why` explains: the words that name them, and their store resource.
const KINDS: &[(&[&str], &str, &str)] = &[
    (&["pod", "pods", "po"], "/pods", "pod"),
    (
        &["deployment", "deployments", "deploy"],
        "apps/deployments",
        "deployment",
    ),
    (
        &["replicaset", "replicasets", "rs"],
        "apps/replicasets",
        "replicaset",
    ),
    (
        &["statefulset", "statefulsets", "sts"],
        "apps/statefulsets",
        "statefulset",
    ),
    (
        &["daemonset", "daemonsets", "ds"],
        "apps/daemonsets",
        "daemonset",
    ),
    (&["job", "jobs"], "batch/jobs", "job"),
    (&["service", "services", "svc"], "/services", "service"),
    (
        &["persistentvolumeclaim", "persistentvolumeclaims", "pvc"],
        "/persistentvolumeclaims",
        "persistentvolumeclaim",
    ),
    (&["node", "nodes", "no"], "/nodes", "node"),
];

pub const USAGE: &str = "usage: why TYPE/NAME [-n NAMESPACE]
  TYPE: pod, deployment, replicaset, statefulset, daemonset, job, service, pvc or node
";

/// `why ARGS` against the store, `namespace` being the kubeconfig's current one.
pub fn run(store: &Store, args: &[String], namespace: &str) -> Output {
    let mut out = Output::new();
    match parse(args, namespace).and_then(|t| explain(store, &t)) {
        Ok(e) => out.out(e.render()),
        Err(msg) => {
            out.err(format!("why: {msg}\n"));
            out.exit_code = 1;
        }
    }
    out
}

/// What the arguments name.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    resource: &'static str,
    kind: &'static str,
    name: String,
    namespace: String,
}

fn parse(args: &[String], namespace: &str) -> Result<Target, String> {
    let mut words = Vec::new();
    let mut ns = namespace.to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" || a == "--namespace" {
            ns = it.next().cloned().ok_or("flag needs an argument: -n")?;
        } else if let Some(v) = a.strip_prefix("--namespace=").or(a.strip_prefix("-n=")) {
            ns = v.to_string();
        } else if a == "-h" || a == "--help" {
            return Err(USAGE.trim_end().to_string());
        } else if a.starts_with('-') {
            return Err(format!("unknown flag {a}\n{}", USAGE.trim_end()));
        } else {
            words.push(a.as_str());
        }
    }
    let (ty, name) = match words.as_slice() {
        [one] => one
            .split_once('/')
            .ok_or_else(|| USAGE.trim_end().to_string())?,
        [ty, name] => (*ty, *name),
        _ => return Err(USAGE.trim_end().to_string()),
    };
    let ty = ty.to_ascii_lowercase();
    let ty = ty.split('.').next().unwrap_or("");
    let (_, resource, kind) = KINDS
        .iter()
        .find(|(words, _, _)| words.contains(&ty))
        .ok_or_else(|| format!("cannot explain \"{ty}\" yet\n{}", USAGE.trim_end()))?;
    if name.is_empty() {
        return Err(USAGE.trim_end().to_string());
    }
    Ok(Target {
        resource,
        kind,
        name: name.to_string(),
        namespace: ns,
    })
}

fn explain(store: &Store, t: &Target) -> Result<Explanation, String> {
    let namespaced = t.kind != "node";
    let ns = if namespaced { t.namespace.as_str() } else { "" };
    let key = kubeplay_api::store::Key::new(t.resource, ns, &t.name);
    let Some(obj) = store.get(&key) else {
        return Err(match namespaced {
            true => format!("{} \"{}\" not found in namespace \"{ns}\"", t.kind, t.name),
            false => format!("{} \"{}\" not found", t.kind, t.name),
        });
    };
    let ctx = Ctx { store, ns };
    let mut e = Explanation::default();
    match t.kind {
        "pod" => pod::explain(&ctx, obj, &mut e),
        "deployment" => workload::deployment(&ctx, obj, &mut e),
        "replicaset" => workload::replicaset(&ctx, obj, &mut e),
        "statefulset" => workload::statefulset(&ctx, obj, &mut e),
        "daemonset" => workload::daemonset(&ctx, obj, &mut e),
        "job" => workload::job(&ctx, obj, &mut e),
        "service" => service::explain(&ctx, obj, &mut e),
        "persistentvolumeclaim" => claim::explain(&ctx, obj, &mut e),
        _ => node::explain(&ctx, obj, &mut e),
    }
    Ok(e)
}

/// What every explainer reads: the store, and the namespace of the object asked about.
struct Ctx<'a> {
    store: &'a Store,
    ns: &'a str,
}

impl<'a> Ctx<'a> {
    fn list(&self, resource: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.store.list(resource, Some(self.ns)).map(|(_, v)| v)
    }

    fn cluster_list(&self, resource: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.store.list(resource, None).map(|(_, v)| v)
    }

    /// `-n NS` for the commands, unless the namespace is the default one.
    fn ns_flag(&self) -> String {
        match self.ns {
            "" | "default" => String::new(),
            ns => format!(" -n {ns}"),
        }
    }
}

fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(|s| s.as_str()).unwrap_or("")
}

fn int(v: &Value, pointer: &str) -> i64 {
    v.pointer(pointer).and_then(|n| n.as_i64()).unwrap_or(0)
}

fn name(v: &Value) -> &str {
    text(v, "/metadata/name")
}

/// The condition of `type` in `status.conditions`.
fn condition<'a>(obj: &'a Value, ty: &str) -> Option<&'a Value> {
    obj.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| text(c, "/type") == ty)
}

#[cfg(test)]
mod tests;
