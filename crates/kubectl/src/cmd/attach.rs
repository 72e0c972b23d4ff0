//! `kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t]`: join the process a running
//! container was started with. A shell there (a pod made by `kubectl run -it`) opens in the
//! terminal; anything else has nothing to type to.

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::resources::Builder;
use super::super::Ctx;
use super::util::attach::{attachable_pod, default_container, stream, Stream3};

pub const FLAGS: &[Flag] = &[
    flag("container", Some('c'), Kind::Str, "", "The container to attach to. Without it, the pod's kubectl.kubernetes.io/default-container annotation names it, else the pod's first container."),
    flag("pod-running-timeout", None, Kind::Duration, "1m0s", "How long to wait (e.g. 5s, 2m or 3h; more than zero) for at least one pod to run."),
    flag("quiet", Some('q'), Kind::Bool, "false", "Print only what the remote session prints."),
    flag("stdin", Some('i'), Kind::Bool, "false", "Send stdin to the container."),
    flag("tty", Some('t'), Kind::Bool, "false", "Stdin is a terminal."),
];

pub const USAGE: &str = "kubectl attach (POD | TYPE/NAME) -c CONTAINER [options]";
pub const LONG: &str = "Attach to a process that is already running inside an existing container.";
pub const EXAMPLES: &str = "  # Attach to the process of pod mypod's first container
  kubectl attach mypod

  # Attach to ruby-container in pod mypod
  kubectl attach mypod -c ruby-container

  # Type into the shell a pod was started with (kubectl run -it); exit or Ctrl-D ends it
  kubectl attach mypod -c ruby-container -i -t

  # Attach to the first pod of replica set nginx
  kubectl attach rs/nginx";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = AttachOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

pub struct AttachOptions {
    resources: Vec<String>,
    container: String,
    stdin: bool,
    tty: bool,
    quiet: bool,
}

impl AttachOptions {
    fn complete(_ctx: &mut Ctx, args: &Args) -> Result<AttachOptions, KError> {
        Ok(AttachOptions {
            resources: args.positionals.clone(),
            container: args.str("container"),
            stdin: args.bool("stdin"),
            tty: args.bool("tty"),
            quiet: args.bool("quiet"),
        })
    }

    fn validate(&self) -> Result<(), KError> {
        match self.resources.len() {
            0 => Err(KError::Raw(
                "Error: at least 1 argument is required for attach\n".into(),
            )),
            1 | 2 => Ok(()),
            n => Err(KError::msg(format!(
                "expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {n}: [{}]",
                self.resources.join(" ")
            ))),
        }
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let words = match self.resources.as_slice() {
            [one] if !one.contains('/') => vec!["pods".to_string(), one.clone()],
            all => all.to_vec(),
        };
        let (infos, errors) = Builder::new(ctx)
            .resource_type_or_name_args(&words)
            .latest()
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let info = infos
            .into_iter()
            .next()
            .ok_or_else(|| KError::msg("no objects passed to attach"))?;
        let ns = info.namespace.clone().unwrap_or_else(|| ctx.namespace());
        let obj = info.live.clone().unwrap_or(Value::Null);
        let pod = attachable_pod(ctx, &info.resource.kind, &obj, &ns)?;
        let phase = pod
            .pointer("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if phase == "Succeeded" || phase == "Failed" {
            return Err(KError::msg(format!(
                "cannot attach a container in a completed pod; current phase is {phase}"
            )));
        }
        let container = if self.container.is_empty() {
            default_container(ctx, &pod, self.quiet)
        } else {
            self.container.clone()
        };
        let known = ["containers", "initContainers", "ephemeralContainers"]
            .iter()
            .filter_map(|f| pod.pointer(&format!("/spec/{f}")).and_then(Value::as_array))
            .flatten()
            .any(|c| c.get("name").and_then(Value::as_str) == Some(&container));
        if !known {
            return Err(KError::msg(format!(
                "cannot attach to the container: container {container} not found in pod {}",
                pod.pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            )));
        }
        // The container must have been given a terminal for one to be used.
        let allocated = pod
            .pointer("/spec/containers")
            .and_then(Value::as_array)
            .and_then(|cs| {
                cs.iter()
                    .find(|c| c.get("name").and_then(Value::as_str) == Some(&container))
            })
            .and_then(|c| c.get("tty"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut tty = self.tty;
        if tty && !allocated {
            tty = false;
            if !self.quiet {
                ctx.eprint(format!(
                    "error: Unable to use a TTY - container {container} did not allocate one\n"
                ));
            }
        } else if !tty && allocated {
            tty = true;
        }
        if !self.quiet {
            ctx.eprint("If you don't see a command prompt, try pressing enter.\n");
        }
        let name = pod
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        stream(
            ctx,
            &Stream3 {
                namespace: &ns,
                pod: &name,
                container: &container,
                command: &[],
                stdin: self.stdin,
                tty: tty && self.stdin,
                attach: true,
                remove: false,
            },
        )?;
        Ok(())
    }
}
