//! `kubectl debug (POD | TYPE/NAME) [-- COMMAND args...]`: an ephemeral container added to a
//! running pod through its `ephemeralcontainers` subresource, a copy of a pod with a debug
//! container (`--copy-to`), or a privileged pod on a node (`node/NAME`); with `-i` (or
//! `--attach`) kubectl waits for the container to run and attaches to it as `kubectl attach`.

mod generate;
mod profiles;

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::resources::Builder;
use super::super::Ctx;
use super::util::attach::{stream, Stream3};
use super::util::image::valid_image;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;
use profiles::{Keep, Profile};

/// Bound on watch rounds while waiting for the debug container.
const MAX_ROUNDS: usize = 200;
/// How long (simulated seconds) the wait for the container lasts at most; kubectl's has none.
const WAIT_SECS: i64 = 600;

pub const FLAGS: &[Flag] = &[
    flag("arguments-only", None, Kind::Bool, "false", "Give what follows -- to the container as its args rather than its command."),
    flag("attach", None, Kind::Bool, "false", "Wait for the container to run, then attach to it as 'kubectl attach' does. On by default with -i/--stdin."),
    flag("container", Some('c'), Kind::Str, "", "The debug container's name."),
    flag("copy-to", None, Kind::Str, "", "Debug a copy of the pod with this name instead of the pod."),
    flag("custom", None, Kind::Str, "", "A JSON or YAML file with a partial container spec merged into the debug container after the profile."),
    flag("env", None, Kind::Slice, "[]", "Environment variables (KEY=VALUE) for the container."),
    flag("filename", Some('f'), Kind::Slice, "[]", "A file naming the pod (or node) to debug."),
    flag("image", None, Kind::Str, "", "The debug container's image."),
    flag("image-pull-policy", None, Kind::Str, "", "The container's image pull policy; the server defaults it when empty."),
    flag("keep-annotations", None, Kind::Bool, "false", "With --copy-to, keep the pod's annotations."),
    flag("keep-init-containers", None, Kind::Bool, "true", "With --copy-to, run the pod's init containers."),
    flag("keep-labels", None, Kind::Bool, "false", "With --copy-to, keep the pod's labels."),
    flag("keep-liveness", None, Kind::Bool, "false", "With --copy-to, keep the liveness probes."),
    flag("keep-readiness", None, Kind::Bool, "false", "With --copy-to, keep the readiness probes."),
    flag("keep-startup", None, Kind::Bool, "false", "With --copy-to, keep the startup probes."),
    flag("profile", None, Kind::Str, "legacy", "Options are \"legacy\", \"general\", \"baseline\", \"netadmin\", \"restricted\" or \"sysadmin\"."),
    flag("quiet", Some('q'), Kind::Bool, "false", "Print no informational messages."),
    flag("replace", None, Kind::Bool, "false", "With --copy-to, delete the original pod."),
    flag("same-node", None, Kind::Bool, "false", "With --copy-to, schedule the copy on the pod's node."),
    flag("set-image", None, Kind::Slice, "[]", "With --copy-to, name=image pairs changing the copy's images ('*' for all)."),
    flag("share-processes", None, Kind::Bool, "true", "With --copy-to, share one process namespace between the copy's containers."),
    flag("stdin", Some('i'), Kind::Bool, "false", "Keep the container's stdin open."),
    flag("target", None, Kind::Str, "", "With an ephemeral container, share the processes of this container."),
    flag("tty", Some('t'), Kind::Bool, "false", "Give the debug container a terminal."),
];

pub const USAGE: &str =
    "kubectl debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ] [options]";
pub const LONG: &str = "Debug cluster resources using interactive debugging containers.

 'debug' provides automation for common debugging tasks for cluster objects identified by resource and name. Pods will be used by default if no resource is specified.

 The action taken by 'debug' varies depending on what resource is specified. Supported actions include:

  *  Workload: Create a copy of an existing pod with certain attributes changed, for example changing the image tag to a new version.
  *  Workload: Add an ephemeral container to an already running pod, for example to add debugging utilities without restarting the pod.
  *  Node: Create a new pod that runs in the node's host namespaces and can access the node's filesystem.";
pub const EXAMPLES: &str = "  # Open a shell in a busybox container added to pod mypod
  kubectl debug -it mypod --image=busybox

  # Share the processes of mypod's container app with the debug container
  kubectl debug -it mypod --image=busybox --target=app

  # Debug a copy of mypod with a new container, sharing its processes
  kubectl debug mypod -it --image=busybox --copy-to=my-debugger --share-processes

  # Open a shell on node minikube, its root file system at /host
  kubectl debug node/minikube -it --image=busybox";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = DebugOptions::complete(ctx, args)?;
    o.validate(ctx)?;
    o.run(ctx)
}

pub struct DebugOptions {
    targets: Vec<String>,
    filenames: Vec<String>,
    args: Vec<String>,
    args_only: bool,
    attach: bool,
    attach_changed: bool,
    container: String,
    copy_to: String,
    replace: bool,
    env: Vec<(String, String)>,
    image: String,
    keep: Keep,
    set_images: Vec<(String, String)>,
    pull_policy: String,
    interactive: bool,
    quiet: bool,
    same_node: bool,
    share_processes: bool,
    share_changed: bool,
    target_container: String,
    tty: bool,
    profile: Profile,
    legacy: bool,
    /// `--custom`: a partial container merged into the debug container.
    custom: Option<Value>,
    namespace: String,
}

/// `--custom`'s file: a container spec in JSON, else YAML.
fn read_custom(ctx: &mut Ctx, path: &str) -> Result<Value, KError> {
    let text = ctx.fs.read(path).map_err(|_| {
        KError::msg(format!(
            "must pass a container spec json file for custom profile: open {path}: no such file or directory"
        ))
    })?;
    let invalid = |why: String| {
        KError::msg(format!(
            "{path} does not contain a valid container spec: {why}"
        ))
    };
    let value = match serde_json::from_str::<Value>(&text) {
        Ok(v) => v,
        Err(_) => kubeplay_yaml::parse_documents(&text)
            .map_err(|e| invalid(format!("error converting YAML to JSON: yaml: {e}")))?
            .into_iter()
            .next()
            .map(|d| d.value)
            .unwrap_or(Value::Null),
    };
    let kind = match &value {
        Value::Object(_) => return Ok(value),
        Value::Null => return Ok(json!({})),
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
    };
    Err(invalid(format!(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type v1.Container"
    )))
}

/// A `KEY=VALUE` list as pflag's StringToString reads it.
fn pairs(args: &Args, name: &str) -> Result<Vec<(String, String)>, KError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for item in args.list(name) {
        let (k, v) = item.split_once('=').ok_or_else(|| {
            KError::Flag(format!(
                "invalid argument \"{item}\" for \"--{name}\" flag: {item} must be formatted as key=value"
            ))
        })?;
        out.retain(|(key, _)| key != k);
        out.push((k.to_string(), v.to_string()));
    }
    Ok(out)
}

impl DebugOptions {
    fn complete(ctx: &mut Ctx, args: &Args) -> Result<DebugOptions, KError> {
        let (targets, rest) = match args.dash_at {
            Some(at) if args.positionals.len() > at => (
                args.positionals[..at].to_vec(),
                args.positionals[at..].to_vec(),
            ),
            _ => (args.positionals.clone(), Vec::new()),
        };
        let interactive = args.bool("stdin");
        let attach_changed = args.is_set("attach");
        let attach = if attach_changed {
            args.bool("attach")
        } else {
            interactive
        };
        let env = pairs(args, "env")?;
        let set_images = pairs(args, "set-image")?;
        let profile_name = args.str("profile");
        let profile = Profile::parse(&profile_name)?;
        let custom = match args.str("custom") {
            f if f.is_empty() => None,
            f => Some(read_custom(ctx, &f)?),
        };
        Ok(DebugOptions {
            targets,
            filenames: args.list("filename"),
            args: rest,
            args_only: args.bool("arguments-only"),
            attach,
            attach_changed,
            container: args.str("container"),
            copy_to: args.str("copy-to"),
            replace: args.bool("replace"),
            env,
            image: args.str("image"),
            keep: Keep {
                labels: args.bool("keep-labels"),
                annotations: args.bool("keep-annotations"),
                liveness: args.bool("keep-liveness"),
                readiness: args.bool("keep-readiness"),
                startup: args.bool("keep-startup"),
                init_containers: args.bool("keep-init-containers"),
            },
            set_images,
            pull_policy: args.str("image-pull-policy"),
            interactive,
            quiet: args.bool("quiet"),
            same_node: args.bool("same-node"),
            share_processes: args.bool("share-processes"),
            share_changed: args.is_set("share-processes"),
            target_container: args.str("target"),
            tty: args.bool("tty"),
            profile,
            legacy: profile_name == "legacy",
            custom,
            namespace: ctx.namespace(),
        })
    }

    /// kubectl's checks, in its order (the `--target` line and the legacy warning are printed
    /// here too, as kubectl does).
    fn validate(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let e = |m: &str| Err(KError::msg(m));
        if self.attach && self.attach_changed && self.image.is_empty() && self.container.is_empty()
        {
            return e("you must specify --container or create a new container using --image in order to attach.");
        }
        if !self.copy_to.is_empty() {
            if self.image.is_empty() && self.set_images.is_empty() && self.args.is_empty() {
                return e("you must specify --image, --set-image or command arguments.");
            }
            if !self.args.is_empty() && self.container.is_empty() && self.image.is_empty() {
                return e(
                    "you must specify an existing container or a new image when specifying args.",
                );
            }
        } else if self.replace {
            return e("--replace may only be used with --copy-to.");
        } else if self.same_node {
            return e("--same-node may only be used with --copy-to.");
        } else if !self.set_images.is_empty() {
            return e("--set-image may only be used with --copy-to.");
        } else if self.image.is_empty() {
            return e("you must specify --image when not using --copy-to.");
        }
        if !self.image.is_empty() && !valid_image(&self.image) {
            return Err(KError::msg(format!(
                "invalid image name \"{}\": invalid reference format",
                self.image
            )));
        }
        if self.targets.is_empty() && self.filenames.is_empty() {
            return e("NAME or filename is required for debug");
        }
        if !matches!(
            self.pull_policy.as_str(),
            "" | "Always" | "IfNotPresent" | "Never"
        ) {
            return Err(KError::msg(format!(
                "invalid image pull policy: {}",
                self.pull_policy
            )));
        }
        for (name, image) in &self.set_images {
            if !valid_image(image) {
                return Err(KError::msg(format!(
                    "invalid image name \"{image}\" for container \"{name}\": invalid reference format"
                )));
            }
        }
        if !self.target_container.is_empty() {
            if !self.copy_to.is_empty() {
                return e(
                    "--target is incompatible with --copy-to. Use --share-processes instead.",
                );
            }
            if !self.quiet {
                ctx.print(format!("Targeting container \"{}\". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n", self.target_container));
            }
        }
        if self.tty && !self.interactive {
            return e("-i/--stdin is required for containers with -t/--tty=true");
        }
        if let Some(c) = &self.custom {
            let set = |k: &str| {
                c.get(k)
                    .is_some_and(|v| !v.is_null() && v != "" && v != &json!([]))
            };
            if ["name", "command", "image", "lifecycle", "volumeDevices"]
                .iter()
                .any(|k| set(k))
            {
                return e("name, command, image, lifecycle and volume devices are not modifiable via custom profile");
            }
        }
        if self.legacy {
            ctx.eprint("--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example \"--profile=general\".\n");
        }
        Ok(())
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let words: Vec<String> = self
            .targets
            .iter()
            .map(|t| {
                if t.contains('/') {
                    t.clone()
                } else {
                    format!("pods/{t}")
                }
            })
            .collect();
        let mut builder = Builder::new(ctx).filenames(&self.filenames, false);
        if !words.is_empty() {
            builder = builder.resource_type_or_name_args(&words);
        }
        let (infos, errors) = builder.latest().visit()?.split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        for info in infos {
            let obj = info.live.clone().unwrap_or(Value::Null);
            let (pod, container) = match info.resource.kind.as_str() {
                "Node" => self.visit_node(ctx, &info.name, &obj)?,
                "Pod" if !self.copy_to.is_empty() => self.debug_by_copy(ctx, &obj)?,
                "Pod" => self.debug_by_ephemeral(ctx, &obj)?,
                other => {
                    let r = &info.resource;
                    return Err(KError::msg(format!(
                        "\"{}/{}, Kind={other}\" not supported by debug",
                        r.group, r.version
                    )));
                }
            };
            if self.attach && !container.is_empty() {
                self.attach_to(ctx, &pod, &container)?;
            }
        }
        Ok(())
    }

    /// A seed for the random names: the target and the cluster's time, as kubectl's
    /// generator would differ from one run to the next.
    fn seed(&self, ctx: &mut Ctx, what: &str) -> String {
        let now = ctx.api.clock().unwrap_or(Time(0));
        format!("{what}/{}", now.0)
    }

    fn visit_node(
        &self,
        ctx: &mut Ctx,
        node: &str,
        obj: &Value,
    ) -> Result<(Value, String), KError> {
        let uid = obj
            .pointer("/metadata/uid")
            .and_then(Value::as_str)
            .unwrap_or(node);
        let seed = self.seed(ctx, uid);
        let pod = self.node_pod(ctx, node, &seed);
        let created = ctx.call(
            ApiRequest::new(
                Method::Post,
                format!("/api/v1/namespaces/{}/pods", self.namespace),
            )
            .with_body(pod.to_string()),
        )?;
        let name = created
            .pointer("/spec/containers/0/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        Ok((created, name))
    }

    fn debug_by_ephemeral(&self, ctx: &mut Ctx, pod: &Value) -> Result<(Value, String), KError> {
        let s = |p: &str| {
            pod.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let (ns, name) = (s("/metadata/namespace"), s("/metadata/name"));
        let seed = self.seed(ctx, &s("/metadata/uid"));
        let cname = self.debug_container_name(ctx, pod, &seed);
        let (_, added) = self.ephemeral(pod, &cname);
        let patch = json!({"spec": {"ephemeralContainers": [added]}});
        let mut req = ApiRequest::new(
            Method::Patch,
            format!("/api/v1/namespaces/{ns}/pods/{name}/ephemeralcontainers"),
        )
        .with_body(patch.to_string());
        req.content_type = "application/strategic-merge-patch+json".into();
        let result = ctx.call(req)?;
        Ok((result, cname))
    }

    fn debug_by_copy(&self, ctx: &mut Ctx, pod: &Value) -> Result<(Value, String), KError> {
        let s = |p: &str| {
            pod.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let (ns, name) = (s("/metadata/namespace"), s("/metadata/name"));
        let seed = self.seed(ctx, &s("/metadata/uid"));
        let (copy, container) = self.pod_copy(ctx, pod, &seed)?;
        let created = ctx.call(
            ApiRequest::new(Method::Post, format!("/api/v1/namespaces/{ns}/pods"))
                .with_body(copy.to_string()),
        )?;
        if self.replace {
            let del = ApiRequest::new(
                Method::Delete,
                format!("/api/v1/namespaces/{ns}/pods/{name}"),
            )
            .with_body(
                json!({"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0})
                    .to_string(),
            );
            ctx.call(del)?;
        }
        Ok((created, container))
    }

    /// `handleAttachPod`: wait for the container to run, then attach (or print its log when
    /// it already ended).
    fn attach_to(&self, ctx: &mut Ctx, pod: &Value, container: &str) -> Result<(), KError> {
        let s = |p: &str| {
            pod.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let (ns, name) = (s("/metadata/namespace"), s("/metadata/name"));
        let (_, state) = self.wait_for_container(ctx, &ns, &name, container)?;
        if state == "terminated" {
            let req = ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods/{name}/log"))
                .with_query("container", container);
            let resp = ctx.api.call(req);
            ctx.print(resp.body);
            return Ok(());
        }
        if !self.quiet {
            ctx.eprint("If you don't see a command prompt, try pressing enter.\n");
        }
        stream(
            ctx,
            &Stream3 {
                namespace: &ns,
                pod: &name,
                container,
                command: &[],
                stdin: self.interactive,
                tty: self.tty && self.interactive,
                attach: true,
                remove: false,
            },
        )?;
        Ok(())
    }

    /// `waitForContainer`: watch the pod until the container runs or has ended, warning once
    /// about each reason it waits for.
    fn wait_for_container(
        &self,
        ctx: &mut Ctx,
        ns: &str,
        name: &str,
        container: &str,
    ) -> Result<(Value, &'static str), KError> {
        let path = format!("/api/v1/namespaces/{ns}/pods");
        let start = ctx.api.clock().unwrap_or(Time(0));
        let deadline = start.plus(WAIT_SECS);
        let mut warned: Vec<String> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            let pod = ctx.call(ApiRequest::get(format!("{path}/{name}")))?;
            let status = [
                "initContainerStatuses",
                "containerStatuses",
                "ephemeralContainerStatuses",
            ]
            .iter()
            .filter_map(|f| {
                pod.pointer(&format!("/status/{f}"))
                    .and_then(Value::as_array)
            })
            .flatten()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(container))
            .cloned();
            if let Some(st) = &status {
                if st.pointer("/state/running").is_some() {
                    return Ok((pod, "running"));
                }
                if st.pointer("/state/terminated").is_some() {
                    return Ok((pod, "terminated"));
                }
                let msg = st
                    .pointer("/state/waiting/message")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if !self.quiet && !msg.is_empty() && !warned.iter().any(|w| w == msg) {
                    ctx.eprint(format!("Warning: container {container}: {msg}\n"));
                    warned.push(msg.to_string());
                }
            }
            let now = ctx.api.clock().unwrap_or(deadline);
            if now >= deadline {
                break;
            }
            let rv = pod
                .pointer("/metadata/resourceVersion")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let req = ApiRequest::get(path.clone())
                .with_query("fieldSelector", format!("metadata.name={name}"))
                .with_query("watch", "true")
                .with_query("resourceVersion", rv)
                .with_query("timeoutSeconds", deadline.since(now).to_string());
            ctx.call(req)?;
        }
        Err(KError::msg("timed out waiting for the condition"))
    }
}
