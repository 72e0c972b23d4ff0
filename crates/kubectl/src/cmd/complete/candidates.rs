//! What kubectl v1.32's completion functions offer (its `pkg/util/completion`): resource types
//! from `api-resources`, names of objects, pods and the kinds that hold pods, containers,
//! ports, kubeconfig entries, and flag values. Names are asked of the server through kubectl's
//! own `get` with a go-template, as kubectl's `CompGetFromTemplate` does (`lookup.rs`).

use super::lookup::{containers, names, ports, resource_list};
use super::{Answer, Line, NO_FILE_COMP, NO_SPACE};
use crate::kubeconfig::Section;
use crate::Ctx;

/// The kinds whose objects hold pods, for `logs`, `exec`, `attach`, `port-forward`.
const WITH_PODS: &[&str] = &[
    "daemonsets",
    "deployments",
    "pods",
    "jobs",
    "replicasets",
    "replicationcontrollers",
    "services",
    "statefulsets",
];

const ROLLOUT: &[&str] = &["deployment", "daemonset", "statefulset"];
const SCALABLE: &[&str] = &[
    "deployment",
    "replicaset",
    "replicationcontroller",
    "statefulset",
];

fn answer(candidates: Vec<String>, directive: u8) -> Answer {
    Answer {
        candidates: candidates.into_iter().map(|c| (c, String::new())).collect(),
        directive,
    }
}

/// Required flags not given yet, offered even without a `-` (cobra's `completeRequireFlags`).
fn required_flags(line: &Line, to_complete: &str) -> Vec<(String, String)> {
    let names: Vec<&str> = line.path.iter().map(|c| c.name).collect();
    let required: &[&str] = match names.as_slice() {
        ["run"] | ["create", "deployment"] => &["image"],
        ["create", "cronjob"] => &["image", "schedule"],
        ["create", "clusterrolebinding"] => &["clusterrole"],
        ["create", "service", "externalname"] => &["external-name"],
        ["scale"] => &["replicas"],
        ["autoscale"] => &["max"],
        _ => &[],
    };
    let Some(cmd) = line.path.last() else {
        return vec![];
    };
    let mut out = Vec::new();
    for f in cmd.flags.iter().filter(|f| required.contains(&f.long)) {
        if line.set.iter().any(|(n, _)| *n == f.long) {
            continue;
        }
        let long = format!("--{}", f.long);
        if long.starts_with(to_complete) {
            out.push((long, f.usage.to_string()));
        }
        if let Some(s) = f.short.map(|c| format!("-{c}")) {
            if s.starts_with(to_complete) {
                out.push((s, f.usage.to_string()));
            }
        }
    }
    out
}

/// The values of a flag kubectl completes; any other flag's value is left to the shell (files).
pub fn flag_values(ctx: &mut Ctx, line: &Line, flag: &str, to_complete: &str) -> Answer {
    let prefixed = |all: Vec<String>| -> Vec<String> {
        all.into_iter()
            .filter(|c| c.starts_with(to_complete))
            .collect()
    };
    let values = match flag {
        "namespace" => names(ctx, line, &["namespace"], to_complete),
        "context" => prefixed(kubeconfig_names(ctx, Section::Contexts)),
        "cluster" => prefixed(kubeconfig_names(ctx, Section::Clusters)),
        "user" => prefixed(kubeconfig_names(ctx, Section::Users)),
        "subresource" => ["status", "scale", "resize"].map(String::from).to_vec(),
        "output" => prefixed(output_formats(line)),
        "container" if line.path.last().is_some_and(|c| c.name == "exec") => {
            match line.args.first() {
                Some(pod) => containers(ctx, line, pod, to_complete),
                None => vec![],
            }
        }
        _ => return answer(vec![], 0),
    };
    answer(values, NO_FILE_COMP)
}

/// The formats the command's `-o` takes, from its usage (`One of: (json, yaml, ...)`).
fn output_formats(line: &Line) -> Vec<String> {
    let usage = line
        .path
        .last()
        .and_then(|c| c.flags.iter().find(|f| f.long == "output"))
        .map_or("", |f| f.usage);
    let list = usage
        .split_once("One of: (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map_or("", |(l, _)| l);
    list.split(", ")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The arguments: what the command's completion function offers, after the required flags.
pub fn arguments(ctx: &mut Ctx, line: &Line, to_complete: &str) -> Answer {
    let mut a = by_command(ctx, line, to_complete);
    let mut required = required_flags(line, to_complete);
    required.append(&mut a.candidates);
    a.candidates = required;
    a
}

fn by_command(ctx: &mut Ctx, line: &Line, to_complete: &str) -> Answer {
    let names_of: Vec<&str> = line.path.iter().map(|c| c.name).collect();
    let args = &line.args;
    let none = || answer(vec![], NO_FILE_COMP);
    match names_of.as_slice() {
        ["get"]
        | ["describe"]
        | ["delete"]
        | ["edit"]
        | ["label"]
        | ["annotate"]
        | ["patch"]
        | ["apply", "edit-last-applied"]
        | ["apply", "view-last-applied"] => type_and_name(ctx, line, None, true, to_complete),
        ["scale"] | ["autoscale"] => type_and_name(ctx, line, Some(SCALABLE), true, to_complete),
        ["rollout", "status"] => type_and_name(ctx, line, Some(ROLLOUT), false, to_complete),
        ["rollout", "pause"] | ["rollout", "resume"] => {
            type_and_name(ctx, line, Some(&["deployment"]), true, to_complete)
        }
        ["rollout", _] => type_and_name(ctx, line, Some(ROLLOUT), true, to_complete),
        ["taint"] => type_and_name(ctx, line, Some(&["node"]), true, to_complete),
        ["expose"] => {
            let kinds = &[
                "pod",
                "service",
                "replicationcontroller",
                "deployment",
                "replicaset",
            ];
            type_and_name(ctx, line, Some(kinds), true, to_complete)
        }
        ["set", "image"] => {
            let kinds = &[
                "daemonsets",
                "deployments",
                "pods",
                "cronjobs",
                "replicasets",
                "replicationcontrollers",
                "statefulsets",
            ];
            type_and_name(ctx, line, Some(kinds), false, to_complete)
        }
        ["attach"] | ["exec"] if args.is_empty() => pod_or_kind(ctx, line, to_complete),
        ["logs"] | ["port-forward"] if args.is_empty() => pod_or_kind(ctx, line, to_complete),
        ["logs"] if args.len() == 1 => {
            let c = containers(ctx, line, args[0], to_complete);
            answer(c, NO_FILE_COMP)
        }
        ["port-forward"] if args.len() == 1 => {
            answer(ports(ctx, line, args[0], to_complete), NO_FILE_COMP)
        }
        ["drain"] | ["cordon"] | ["uncordon"] | ["top", "node"] if args.is_empty() => {
            answer(names(ctx, line, &["node"], to_complete), NO_FILE_COMP)
        }
        ["top", "pod"] if args.is_empty() => {
            answer(names(ctx, line, &["pod"], to_complete), NO_FILE_COMP)
        }
        ["create", "token"] if args.is_empty() => answer(
            names(ctx, line, &["serviceaccount"], to_complete),
            NO_FILE_COMP,
        ),
        ["config", "use-context" | "delete-context" | "rename-context" | "set-context"]
            if args.is_empty() =>
        {
            config_entries(ctx, Section::Contexts, to_complete)
        }
        ["config", "delete-cluster"] if args.is_empty() => {
            config_entries(ctx, Section::Clusters, to_complete)
        }
        ["config", "delete-user"] if args.is_empty() => {
            config_entries(ctx, Section::Users, to_complete)
        }
        // cobra's ValidArgs: the first argument only (kubectl lists them from a map: any order).
        ["completion"] if args.is_empty() => {
            let shells = ["bash", "zsh", "fish", "powershell"];
            let fit = shells.iter().filter(|s| s.starts_with(to_complete));
            answer(fit.map(|s| s.to_string()).collect(), NO_FILE_COMP)
        }
        ["drain"]
        | ["cordon"]
        | ["uncordon"]
        | ["top", _]
        | ["create", "token"]
        | ["attach"]
        | ["exec"]
        | ["logs"]
        | ["port-forward"]
        | ["config", _] => none(),
        _ => answer(vec![], 0),
    }
}

fn config_entries(ctx: &mut Ctx, s: Section, to_complete: &str) -> Answer {
    let all = kubeconfig_names(ctx, s);
    let names = all
        .into_iter()
        .filter(|n| n.starts_with(to_complete))
        .collect();
    answer(names, NO_FILE_COMP)
}

fn kubeconfig_names(ctx: &mut Ctx, s: Section) -> Vec<String> {
    ctx.kubeconfig()
        .map(|kc| kc.entries(s).into_iter().map(|(n, _)| n).collect())
        .unwrap_or_default()
}

/// kubectl's `resourceTypeAndNameCompletionFunc`: `TYPE NAME...` or `TYPE/NAME...`.
fn type_and_name(
    ctx: &mut Ctx,
    line: &Line,
    allowed: Option<&[&str]>,
    repeat: bool,
    to_complete: &str,
) -> Answer {
    let args = &line.args;
    let mut directive = NO_FILE_COMP;
    let mut comps: Vec<String> = Vec::new();
    let types = |ctx: &mut Ctx, prefix: &str| -> Vec<String> {
        match allowed {
            None => resource_list(ctx, line, prefix),
            Some(kinds) => kinds
                .iter()
                .filter(|k| k.starts_with(prefix))
                .map(|k| k.to_string())
                .collect(),
        }
    };
    match (args.first(), to_complete.split_once('/')) {
        (Some(first), _) if !first.contains('/') => {
            if repeat || args.len() == 1 {
                comps = names(ctx, line, &[first], to_complete);
                comps.retain(|c| !args[1..].contains(&c.as_str()));
            }
        }
        (None, None) => comps = types(ctx, to_complete),
        (Some(_), None) => {
            if repeat {
                directive |= NO_SPACE;
                comps = types(ctx, to_complete)
                    .into_iter()
                    .map(|t| format!("{t}/"))
                    .collect();
            }
        }
        (_, Some((ty, name))) => {
            if repeat || args.is_empty() {
                comps = names(ctx, line, &[ty], name)
                    .into_iter()
                    .map(|n| format!("{ty}/{n}"))
                    .collect();
                comps.retain(|c| !args.contains(&c.as_str()));
            }
        }
    }
    answer(comps, directive)
}

/// kubectl's `doPodResourceCompletion`: pod names and `KIND/` for kinds holding pods, or the
/// names of one kind after its `/`.
fn pod_or_kind(ctx: &mut Ctx, line: &Line, to_complete: &str) -> Answer {
    let mut directive = NO_FILE_COMP;
    if let Some((ty, name)) = to_complete.split_once('/') {
        let comps = names(ctx, line, &[ty], name)
            .into_iter()
            .map(|n| format!("{ty}/{n}"))
            .collect();
        return answer(comps, directive);
    }
    let mut comps = names(ctx, line, &["pod"], to_complete);
    if comps.is_empty() {
        directive |= NO_SPACE;
    }
    comps.extend(
        WITH_PODS
            .iter()
            .filter(|k| k.starts_with(to_complete))
            .map(|k| format!("{k}/")),
    );
    answer(comps, directive)
}
