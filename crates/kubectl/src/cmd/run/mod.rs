//! `kubectl run NAME --image=...`: one pod (labelled `run=NAME` unless `-l`), and with `--expose`
//! a ClusterIP service in front of it. With `-i`, `-t` or `--attach` it waits for the pod and
//! attaches to it (`attach.rs`); `--rm` deletes the pod when the session ends.

mod attach;
mod pod;

use serde_json::{json, Map, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, parse_duration, string, Args, Flag, Kind};
use super::super::Ctx;
use super::util::create_flags;
use super::util::dry_run::DryRun;
use super::util::generate::explicit_namespace;
use super::util::image::valid_image;
use super::util::print_flags::OutFormat;
use pod::{build_pod, build_service, key_values, override_pod, parse_labels, sorted_map, Params};

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

/// `run`'s flags, read once.
pub struct RunOptions {
    name: String,
    image: String,
    interactive: bool,
    tty: bool,
    /// -i attaches unless --attach=false says otherwise.
    attach: bool,
    flags: create_flags::Opts,
    image_pull_policy: String,
    restart: String,
    rm: bool,
    expose: bool,
    port: String,
    /// `-l` when given and not empty; else the pod is labelled run=NAME.
    labels: Option<String>,
    annotations: Vec<String>,
    env: Vec<String>,
    command: bool,
    /// The container's arguments (or command, with --command): the words after NAME.
    args: Vec<String>,
    privileged: bool,
    leave_stdin_open: bool,
    overrides: String,
    override_type: String,
    quiet: bool,
    /// `--pod-running-timeout` in seconds.
    running_timeout: i64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = RunOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl RunOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<RunOptions, KError> {
        args.require(&["image"])?;
        let Some(name) = args.positionals.first().cloned() else {
            return Err(usage("NAME is required for run"));
        };
        let image = args.str("image");
        let interactive = args.bool("stdin");
        let tty = args.bool("tty");
        // The image and a TTY without stdin are refused before --dry-run is read.
        check_image(&image)?;
        if tty && !interactive {
            return Err(usage(
                "-i/--stdin is required for containers with -t/--tty=true",
            ));
        }
        Ok(RunOptions {
            flags: create_flags::opts(ctx, args)?,
            attach: match args.is_set("attach") {
                true => args.bool("attach"),
                false => interactive,
            },
            name,
            image,
            interactive,
            tty,
            image_pull_policy: args.str("image-pull-policy"),
            restart: args.str("restart"),
            rm: args.bool("rm"),
            expose: args.bool("expose"),
            port: args.str("port"),
            labels: args.opt("labels").filter(|l| !l.is_empty()),
            annotations: args.list("annotations"),
            env: args.list("env"),
            command: args.bool("command"),
            args: args.positionals.get(1..).unwrap_or_default().to_vec(),
            privileged: args.bool("privileged"),
            leave_stdin_open: args.bool("leave-stdin-open"),
            overrides: args.str("overrides"),
            override_type: args.str("override-type"),
            quiet: args.bool("quiet"),
            running_timeout: parse_duration(&args.str("pod-running-timeout"))
                .map(|s| s.ceil() as i64)
                .unwrap_or(60),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.flags.dry != DryRun::None && self.attach {
            return Err(usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"));
        }
        let pull = &self.image_pull_policy;
        if !matches!(pull.as_str(), "" | "Always" | "IfNotPresent" | "Never") {
            return Err(usage(&format!("invalid image pull policy: {pull}")));
        }
        let restart = &self.restart;
        if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
            return Err(usage(&format!("invalid restart policy: {restart}")));
        }
        if self.rm && !self.attach {
            return Err(usage("--rm should only be used for attached containers"));
        }
        if self.expose && self.port.is_empty() {
            return Err(usage("--port must be set when exposing a service"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let p = self.params(ctx)?;
        let mut pod = build_pod(&p);
        if !self.overrides.is_empty() {
            override_pod(&mut pod, &self.overrides, &self.override_type)?;
        }
        let o = &self.flags;
        let ns = ctx.namespace();
        if self.expose {
            let info = ctx.resolve("services")?;
            let svc = create_flags::create(ctx, o, &info, Some(&ns), build_service(&p), true)?;
            create_flags::report(ctx, o, &info, &svc, "created", true)?;
            if o.format == OutFormat::Yaml {
                // kubectl's separate printers each mark the next document.
                ctx.print("---\n---\n");
            }
        }
        let info = ctx.resolve("pods")?;
        let created = create_flags::create(ctx, o, &info, Some(&ns), pod, true)?;
        if self.attach {
            // Attached, kubectl prints the session rather than the object.
            return attach::attach(
                ctx,
                &attach::Attach {
                    namespace: &ns,
                    pod: &self.name,
                    stdin: self.interactive,
                    tty: self.tty,
                    remove: self.rm,
                    quiet: self.quiet,
                    timeout_secs: self.running_timeout,
                },
            );
        }
        create_flags::report(ctx, o, &info, &created, "created", true)
    }

    /// The generator's parameters, with kubectl's errors for a port, labels, annotations or
    /// environment it cannot read.
    fn params(&self, ctx: &Ctx) -> Result<Params, KError> {
        let port = match self.port.as_str() {
            "" => -1,
            p => p.parse::<i64>().map_err(|_| {
                KError::msg(format!("strconv.Atoi: parsing \"{p}\": invalid syntax"))
            })?,
        };
        let labels = match &self.labels {
            Some(spec) => parse_labels(spec)?,
            None => Map::from_iter([("run".to_string(), json!(self.name))]),
        };
        let annotations: Map<String, Value> =
            key_values(&self.annotations, "invalid annotations format: ")?
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
        let env = key_values(&self.env, "invalid env: ")?;
        Ok(Params {
            namespace: explicit_namespace(ctx),
            name: self.name.clone(),
            image: self.image.clone(),
            labels,
            annotations: sorted_map(annotations),
            env,
            port,
            command: self.command,
            args: self.args.clone(),
            restart: self.restart.clone(),
            image_pull_policy: self.image_pull_policy.clone(),
            privileged: self.privileged,
            stdin: self.interactive,
            stdin_once: self.interactive && !self.leave_stdin_open,
            tty: self.tty,
        })
    }
}

fn check_image(image: &str) -> Result<(), KError> {
    if image.is_empty() {
        return Err(KError::msg("--image is required"));
    }
    if !valid_image(image) {
        return Err(KError::msg(format!(
            "Invalid image name \"{image}\": invalid reference format"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::run;

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
        // An image that never pulls: the pod never runs, and the wait gives up.
        assert_eq!(
            e("run a --image=x -it"),
            "error: timed out waiting for the condition\n"
        );
    }
}
