//! `kubectl run NAME --image=...`: one pod (labelled `run=NAME` unless `-l`), and with `--expose`
//! a ClusterIP service in front of it. Attaching (`-i`, `-t`, `--attach`) needs a container
//! runtime this cluster does not have, so it is refused before anything is created.

use serde_json::{json, Map, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::Ctx;
use super::util::container::{self, Spec};
use super::util::create_flags;
use super::util::dry_run::DryRun;
use super::util::generate::{apply_overrides, explicit_namespace, object_meta};
use super::util::print_flags::OutFormat;

pub const FLAGS: &[Flag] = &[
    create_flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("annotations", None, Kind::Array, "[]", "Annotations for the pod, as key=value (repeatable)."),
    boolean("attach", "Wait until the pod runs, then attach to it as 'kubectl attach' would. Defaults to true with -i/--stdin, false otherwise. With '--restart=Never' the command exits with the container's exit code."),
    string("cascade", "background", "How dependents are deleted: \"background\", \"orphan\" or \"foreground\". Defaults to background."),
    boolean("command", "Use the extra arguments as the container's 'command' instead of its 'args' (the default)."),
    create_flags::DRY_RUN,
    flag("env", None, Kind::Array, "[]", "Environment variables for the container, as NAME=value (repeatable)."),
    boolean("expose", "Also create a ClusterIP service for the pod. Needs `--port`."),
    create_flags::field_manager("kubectl-run"),
    flag("filename", Some('f'), Kind::Slice, "[]", "to use to replace the resource."),
    boolean("force", "Remove the object from the API at once, skipping graceful deletion. Immediate deletion can leave things inconsistent or lose data, and needs confirmation."),
    flag("grace-period", None, Kind::Int, "-1", "Seconds the object gets to shut down cleanly; negative means the default. 1 means stop at once; 0 is only allowed together with --force."),
    string("image", "", "The image the container runs."),
    string("image-pull-policy", "", "The container's image pull policy. When empty the client leaves it out and the server picks the default."),
    create_flags::KUSTOMIZE,
    flag("labels", Some('l'), Kind::Str, "", "Labels for the pod, comma separated (key=value,...). They replace the default run=NAME."),
    boolean("leave-stdin-open", "Keep stdin open after the first attach ends, for pods started interactively or with stdin. By default it is closed then."),
    create_flags::OUTPUT,
    string("override-type", "merge", "How --overrides is applied to the generated object: json, merge or strategic."),
    string("overrides", "", "Inline JSON applied on top of the generated object. The JSON must carry a valid apiVersion."),
    flag("pod-running-timeout", None, Kind::Duration, "1m0s", "How long to wait (e.g. 5s, 2m or 3h; more than zero) for at least one pod to run."),
    string("port", "", "The port the container listens on."),
    boolean("privileged", "Run the container privileged."),
    flag("quiet", Some('q'), Kind::Bool, "false", "Print no prompt messages."),
    create_flags::RECURSIVE,
    string("restart", "Always", "The pod's restart policy: Always, OnFailure or Never."),
    boolean("rm", "Delete the pod once it exits. Only allowed when attached, e.g. with '--attach' or '-i/--stdin'."),
    create_flags::SAVE_CONFIG,
    create_flags::SHOW_MANAGED_FIELDS,
    flag("stdin", Some('i'), Kind::Bool, "false", "Keep the container's stdin open, even when nothing is attached."),
    create_flags::TEMPLATE,
    flag("timeout", None, Kind::Duration, "0s", "How long to wait for a delete before giving up; zero picks a timeout from the object's size."),
    flag("tty", Some('t'), Kind::Bool, "false", "Give the container a TTY."),
    boolean("wait", "Wait until the objects are gone before returning, finalizers included."),
];

pub const LONG: &str = "Start a pod running the given image.";

pub const EXAMPLES: &str = "  # A pod running nginx
  kubectl run nginx --image=nginx
  
  # A hazelcast pod whose container declares port 5701
  kubectl run hazelcast --image=hazelcast/hazelcast --port=5701
  
  # Set the environment variables DNS_DOMAIN=cluster and POD_NAMESPACE=default in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --env=\"DNS_DOMAIN=cluster\" --env=\"POD_NAMESPACE=default\"
  
  # Label the pod app=hazelcast and env=prod
  kubectl run hazelcast --image=hazelcast/hazelcast --labels=\"app=hazelcast,env=prod\"
  
  # Only show the pod that would be created, without creating it
  kubectl run nginx --image=nginx --dry-run=client
  
  # Change parts of the generated pod with JSON
  kubectl run nginx --image=nginx --overrides='{ \"apiVersion\": \"v1\", \"spec\": { ... } }'
  
  # An interactive busybox pod that is not restarted once it exits
  kubectl run -i -t busybox --image=busybox --restart=Never
  
  # nginx with its usual command but other arguments
  kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>
  
  # nginx with another command and arguments
  kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>";

pub const USAGE: &str = "kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]";

fn usage(msg: &str) -> KError {
    KError::Usage(msg.to_string())
}

/// `a=b,c=d` -> labels in the order given (Go sorts them when printing anyway).
fn parse_labels(spec: &str) -> Result<Map<String, Value>, KError> {
    let mut m = Map::new();
    for part in spec.split(',') {
        match part.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                m.insert(k.to_string(), json!(v));
            }
            _ => return Err(KError::msg(format!("unexpected label spec: {part}"))),
        }
    }
    Ok(sorted_map(m))
}

fn sorted_map(m: Map<String, Value>) -> Map<String, Value> {
    let mut v: Vec<(String, Value)> = m.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().collect()
}

/// Docker reference rules, enough to reject what kubectl rejects: no upper case in the path, no
/// spaces, a sane tag.
fn valid_image(image: &str) -> bool {
    let (rest, digest_ok) = match image.split_once('@') {
        Some((r, d)) => (r, valid_digest(d)),
        None => (image, true),
    };
    let (path, tag) = match rest.rsplit_once(':') {
        Some((p, t)) if !t.contains('/') => (p, Some(t)),
        _ => (rest, None),
    };
    let tag_ok = tag.is_none_or(|t| {
        !t.is_empty()
            && t.len() <= 128
            && !t.starts_with(['.', '-'])
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    });
    let mut parts = path.split('/').peekable();
    let mut path_ok = !path.is_empty();
    let mut first = true;
    while let Some(p) = parts.next() {
        let is_domain = first && parts.peek().is_some() && (p.contains('.') || p.contains(':'));
        first = false;
        if is_domain {
            continue;
        }
        path_ok &= !p.is_empty()
            && p.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
            && p.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    }
    digest_ok && tag_ok && path_ok
}

/// `algorithm:hex`, the hex part at least 32 digits long.
fn valid_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    alg.starts_with(|c: char| c.is_ascii_alphabetic())
        && alg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        && hex.len() >= 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// Go prints map fields with sorted keys; an override may have added keys out of order.
fn sort_maps(obj: &mut Value, paths: &[&str]) {
    for p in paths {
        if let Some(Value::Object(m)) = obj.pointer_mut(p) {
            let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            m.extend(entries);
        }
    }
}

pub struct Params {
    pub name: String,
    pub namespace: Option<String>,
    pub image: String,
    pub labels: Map<String, Value>,
    pub annotations: Map<String, Value>,
    pub env: Vec<(String, String)>,
    pub port: i64,
    pub command: bool,
    pub args: Vec<String>,
    pub restart: String,
    pub image_pull_policy: String,
    pub privileged: bool,
    pub stdin: bool,
    pub stdin_once: bool,
    pub tty: bool,
}

/// The pod kubectl builds, in Go's field order.
pub fn build_pod(p: &Params) -> Value {
    let (command, args) = if p.command {
        (p.args.clone(), vec![])
    } else {
        (vec![], p.args.clone())
    };
    let c = container::build(&Spec {
        name: p.name.clone(),
        image: p.image.clone(),
        command,
        args,
        port: (p.port > -1).then_some(p.port),
        env: p.env.clone(),
        image_pull_policy: p.image_pull_policy.clone(),
        privileged: p.privileged,
        stdin: p.stdin,
        stdin_once: p.stdin_once,
        tty: p.tty,
    });
    let mut meta = object_meta(
        &p.name,
        p.namespace.as_deref(),
        Some(Value::Object(p.labels.clone())),
    );
    if !p.annotations.is_empty() {
        if let Some(m) = meta.as_object_mut() {
            m.insert("annotations".into(), Value::Object(p.annotations.clone()));
        }
    }
    json!({
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": meta,
        "spec": {
            "containers": [c],
            "restartPolicy": p.restart,
            "dnsPolicy": "ClusterFirst",
        },
        "status": {},
    })
}

/// The service of `--expose`: the pod's port, selecting the pod's labels.
pub fn build_service(p: &Params) -> Value {
    json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": object_meta(&p.name, p.namespace.as_deref(), None),
        "spec": {
            "ports": [{"protocol": "TCP", "port": p.port, "targetPort": p.port}],
            "selector": p.labels,
        },
        "status": {"loadBalancer": {}},
    })
}

/// `--overrides`: applied to the generated object as JSON; empty structs come back as Go would
/// print them.
fn override_pod(obj: &mut Value, overrides: &str, kind: &str) -> Result<(), KError> {
    apply_overrides(obj, overrides, kind)?;
    sort_maps(
        obj,
        &[
            "/metadata/labels",
            "/metadata/annotations",
            "/spec/nodeSelector",
        ],
    );
    if let Some(cs) = obj
        .pointer_mut("/spec/containers")
        .and_then(|c| c.as_array_mut())
    {
        for c in cs {
            if let Some(m) = c.as_object_mut() {
                m.entry("resources").or_insert_with(|| json!({}));
            }
        }
    }
    Ok(())
}

fn key_values(items: &[String], what: &str) -> Result<Vec<(String, String)>, KError> {
    items
        .iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(KError::msg(format!("{what}{s}"))),
        })
        .collect()
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    args.require(&["image"])?;
    let Some(name) = args.positionals.first().cloned() else {
        return Err(usage("NAME is required for run"));
    };
    let image = args.str("image");
    if image.is_empty() {
        return Err(KError::msg("--image is required"));
    }
    if !valid_image(&image) {
        return Err(KError::msg(format!(
            "Invalid image name \"{image}\": invalid reference format"
        )));
    }
    let interactive = args.bool("stdin");
    let tty = args.bool("tty");
    if tty && !interactive {
        return Err(usage(
            "-i/--stdin is required for containers with -t/--tty=true",
        ));
    }
    let o = create_flags::opts(ctx, args)?;
    // -i attaches unless --attach=false says otherwise.
    let attach = if args.is_set("attach") {
        args.bool("attach")
    } else {
        interactive
    };
    if o.dry != DryRun::None && attach {
        return Err(usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"));
    }
    let pull = args.str("image-pull-policy");
    if !matches!(pull.as_str(), "" | "Always" | "IfNotPresent" | "Never") {
        return Err(usage(&format!("invalid image pull policy: {pull}")));
    }
    let restart = args.str("restart");
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return Err(usage(&format!("invalid restart policy: {restart}")));
    }
    if args.bool("rm") && !attach {
        return Err(usage("--rm should only be used for attached containers"));
    }
    let port_s = args.str("port");
    if args.bool("expose") && port_s.is_empty() {
        return Err(usage("--port must be set when exposing a service"));
    }
    let port = if port_s.is_empty() {
        -1
    } else {
        port_s.parse::<i64>().map_err(|_| {
            KError::msg(format!(
                "strconv.Atoi: parsing \"{port_s}\": invalid syntax"
            ))
        })?
    };
    let labels = match args.opt("labels").filter(|l| !l.is_empty()) {
        Some(spec) => parse_labels(&spec)?,
        None => {
            let mut m = Map::new();
            m.insert("run".into(), json!(name));
            m
        }
    };
    let annotations: Map<String, Value> =
        key_values(&args.list("annotations"), "invalid annotations format: ")?
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
    let env = key_values(&args.list("env"), "invalid env: ")?;
    if attach {
        return Err(KError::msg(
            "unable to upgrade connection: this cluster has no container runtime to attach to; run the pod without -i, -t or --attach and read its output with 'kubectl logs'",
        ));
    }
    let p = Params {
        namespace: explicit_namespace(ctx),
        image,
        labels,
        annotations: sorted_map(annotations),
        env,
        port,
        command: args.bool("command"),
        args: args.positionals.get(1..).unwrap_or_default().to_vec(),
        restart,
        image_pull_policy: pull,
        privileged: args.bool("privileged"),
        stdin: interactive,
        stdin_once: interactive && !args.bool("leave-stdin-open"),
        tty,
        name,
    };
    let mut pod = build_pod(&p);
    let overrides = args.str("overrides");
    if !overrides.is_empty() {
        override_pod(&mut pod, &overrides, &args.str("override-type"))?;
    }
    let ns = ctx.namespace();
    if args.bool("expose") {
        let info = ctx.resolve("services")?;
        let svc = create_flags::create(ctx, &o, &info, Some(&ns), build_service(&p), true)?;
        create_flags::report(ctx, &o, &info, &svc, "created", true)?;
        if o.format == OutFormat::Yaml {
            // kubectl's separate printers each mark the next document.
            ctx.print("---\n---\n");
        }
    }
    let info = ctx.resolve("pods")?;
    let created = create_flags::create(ctx, &o, &info, Some(&ns), pod, true)?;
    create_flags::report(ctx, &o, &info, &created, "created", true)
}

#[cfg(test)]
mod tests {
    use super::super::create::testing::run;
    use super::*;

    #[test]
    fn images() {
        for ok in [
            "nginx",
            "nginx:1.27",
            "docker.io/library/nginx:latest",
            "localhost:5000/a/b",
            "b@sha256:0123456789abcdef0123456789abcdef",
        ] {
            assert!(valid_image(ok), "{ok}");
        }
        for bad in ["Nginx", "nginx:", "a b", "nginx:-x", "x:1.0@sha256:abc"] {
            assert!(!valid_image(bad), "{bad}");
        }
    }

    #[test]
    fn pod_json_matches_kubectl() {
        let (out, err, _) = run("run a --image=x --dry-run=client -o json -l a=b --env=A=1 --env=B=2 --annotations=x=y --annotations=z=w");
        assert_eq!(err, "");
        assert_eq!(
            out,
            r#"{
    "kind": "Pod",
    "apiVersion": "v1",
    "metadata": {
        "name": "a",
        "creationTimestamp": null,
        "labels": {
            "a": "b"
        },
        "annotations": {
            "x": "y",
            "z": "w"
        }
    },
    "spec": {
        "containers": [
            {
                "name": "a",
                "image": "x",
                "env": [
                    {
                        "name": "A",
                        "value": "1"
                    },
                    {
                        "name": "B",
                        "value": "2"
                    }
                ],
                "resources": {}
            }
        ],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst"
    },
    "status": {}
}
"#
        );
    }

    #[test]
    fn created_and_errors() {
        assert_eq!(
            run("run nginx-pod --image nginx:latest").0,
            "pod/nginx-pod created\n"
        );
        assert_eq!(
            run("run z --image=x --expose --port=80").0,
            "service/z created\npod/z created\n"
        );
        let e = |l: &str| run(l).1;
        assert_eq!(e("run"), "error: required flag(s) \"image\" not set\n");
        assert_eq!(
            e("run --image=x"),
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(
            e("run a --image=x --restart=Bad"),
            "error: invalid restart policy: Bad\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(e("run a --image=x --env=X"), "error: invalid env: X\n");
        assert_eq!(
            e("run a --image=x --port=abc"),
            "error: strconv.Atoi: parsing \"abc\": invalid syntax\n"
        );
        assert_eq!(
            e("run a --image=x -l a=b,c"),
            "error: unexpected label spec: c\n"
        );
        assert_eq!(e("run a --image=x --rm"), "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n");
        assert_eq!(e("run a --image=x -t"), "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n");
        assert_eq!(e("run a --image=x --expose"), "error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n");
        assert_eq!(
            e("run z --image=Nginx"),
            "error: Invalid image name \"Nginx\": invalid reference format\n"
        );
        assert_eq!(e("run a --image=x -i --dry-run=client"), "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n");
        assert!(e("run a --image=x -it").starts_with("error: unable to upgrade connection"));
    }
}
