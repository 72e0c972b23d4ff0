//! What completion asks the server, as kubectl's completion helpers ask it: the resource types
//! (`api-resources`), and names and containers through kubectl's own `get` with a go-template,
//! with the global flags of the line being completed (`-n`, `--context`, ...).

use super::Line;
use crate::cmd::util::attach;
use crate::flags::GLOBAL;
use crate::Ctx;

/// kubectl's `compGetResourceList`: `api-resources -o name --verbs=get`, completing the last
/// of a comma-separated list.
pub fn resource_list(ctx: &mut Ctx, line: &Line, to_complete: &str) -> Vec<String> {
    let (prefix, last) = match to_complete.rfind(',') {
        Some(i) => to_complete.split_at(i + 1),
        None => ("", to_complete),
    };
    let out = kubectl(ctx, line, &["api-resources", "-o", "name", "--verbs=get"]);
    out.lines()
        .filter(|r| !r.is_empty() && r.starts_with(last))
        .map(|r| format!("{prefix}{r}"))
        .collect()
}

/// kubectl's `CompGetResource`: the names of the objects of `what` (`TYPE`, or `TYPE NAME`
/// with a template of its own) that start with `to_complete`.
pub fn names(ctx: &mut Ctx, line: &Line, what: &[&str], to_complete: &str) -> Vec<String> {
    template(
        ctx,
        line,
        what,
        "{{ range .items  }}{{ .metadata.name }} {{ end }}",
        to_complete,
    )
}

/// kubectl's `CompGetContainers`: the pod's init containers and containers.
pub fn containers(ctx: &mut Ctx, line: &Line, pod: &str, to_complete: &str) -> Vec<String> {
    let pod = first_pod(ctx, line, pod);
    let t = "{{ range .spec.initContainers }}{{ .name }} {{end}}{{ range .spec.containers  }}{{ .name }} {{ end }}";
    template(ctx, line, &["pod", &pod], t, to_complete)
}

fn template(ctx: &mut Ctx, line: &Line, what: &[&str], t: &str, to_complete: &str) -> Vec<String> {
    let mut args = vec!["get"];
    args.extend_from_slice(what);
    let t = format!("--template={t}");
    args.extend_from_slice(&["-o", "go-template", &t]);
    let out = kubectl(ctx, line, &args);
    out.split(' ')
        .filter(|n| !n.is_empty() && n.starts_with(to_complete))
        .map(String::from)
        .collect()
}

/// Run kubectl with the global flags of the line (`-n`, `--context`, ...); its stdout.
fn kubectl(ctx: &mut Ctx, line: &Line, args: &[&str]) -> String {
    let mut argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    for (name, value) in &line.set {
        if GLOBAL.iter().any(|f| f.long == *name && f.long != "help") {
            argv.push(format!("--{name}={value}"));
        }
    }
    crate::run(&mut *ctx.session, &argv, &mut *ctx.api, &mut *ctx.fs, None).stdout()
}

/// kubectl's `CompGetPodContainerPorts` and `CompGetServicePorts` for `port-forward`'s second
/// argument: `LOCAL:REMOTE` pairs, the local port as typed so far or the remote one.
pub fn ports(ctx: &mut Ctx, line: &Line, target: &str, to_complete: &str) -> Vec<String> {
    let local = match to_complete {
        "" => None,
        t => t.split(':').next(),
    };
    let (kind, name) = target.split_once('/').unwrap_or(("pod", target));
    if matches!(kind, "service" | "services" | "svc") {
        let local = local.unwrap_or("{{ .port }}");
        let t = format!("{{{{ range .spec.ports }}}}{local}:{{{{ .port }}}} {{{{ end }}}}");
        return template(ctx, line, &["service", name], &t, to_complete);
    }
    let pod = first_pod(ctx, line, target);
    let local = local.unwrap_or("{{ .containerPort }}");
    let t = format!(
        "{{{{ range .spec.containers }}}}{{{{ range .ports }}}}{local}:{{{{ .containerPort }}}} {{{{ end }}}}{{{{ end }}}}"
    );
    template(ctx, line, &["pod", &pod], &t, to_complete)
}

/// The pod `TYPE/NAME` stands for (the first its selector matches, as kubectl's
/// `convertResourceNameToPodName`), or the pod named.
fn first_pod(ctx: &mut Ctx, line: &Line, target: &str) -> String {
    if !target.contains('/') {
        return target.to_string();
    }
    let json = kubectl(ctx, line, &["get", target, "-o", "json"]);
    let Ok(obj) = serde_json::from_str::<serde_json::Value>(&json) else {
        return String::new();
    };
    let kind = obj.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let ns = match line.set.iter().find(|(n, _)| *n == "namespace") {
        Some((_, ns)) => ns.to_string(),
        None => ctx.namespace(),
    };
    attach::attachable_pod(ctx, kind, &obj, &ns)
        .ok()
        .and_then(|p| p.pointer("/metadata/name")?.as_str().map(String::from))
        .unwrap_or_default()
}
