//! `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`: run a
//! command in a running container, or with `-it` on a shell, open that shell in the terminal.
//! The pod is fetched first (a completed pod is refused client-side), the container defaulted,
//! then the request goes to the pod's `exec` subresource.

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::resources::Builder;
use super::super::Ctx;
use super::util::attach::{attachable_pod, default_container, stream_input, Stream3};

pub const FLAGS: &[Flag] = &[
    flag("container", Some('c'), Kind::Str, "", "The container to run in. Without it, the pod's kubectl.kubernetes.io/default-container annotation names it, else the pod's first container."),
    flag("filename", Some('f'), Kind::Slice, "[]", "A file naming the resource to exec into."),
    flag("pod-running-timeout", None, Kind::Duration, "1m0s", "How long to wait (e.g. 5s, 2m or 3h; more than zero) for at least one pod to run."),
    flag("quiet", Some('q'), Kind::Bool, "false", "Print only what the remote session prints."),
    flag("stdin", Some('i'), Kind::Bool, "false", "Send stdin to the container."),
    flag("tty", Some('t'), Kind::Bool, "false", "Stdin is a terminal."),
];

pub const USAGE: &str =
    "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]";
pub const LONG: &str = "Execute a command in a container.";
pub const EXAMPLES: &str = "  # Run 'date' in pod mypod, in its first container
  kubectl exec mypod -- date

  # Run 'date' in the ruby-container of pod mypod
  kubectl exec mypod -c ruby-container -- date

  # Open an interactive shell in pod mypod (exit or Ctrl-D leaves it)
  kubectl exec -it mypod -- sh

  # Flags meant for the command come after two dashes
  kubectl exec mypod -i -t -- ls -t /usr

  # Run 'date' in the first pod of deployment mydeployment
  kubectl exec deploy/mydeployment -- date

  # Run 'date' in the first pod behind service myservice
  kubectl exec svc/myservice -- date";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ExecOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

pub struct ExecOptions {
    resource: String,
    filenames: Vec<String>,
    command: Vec<String>,
    container: String,
    namespace: String,
    stdin: bool,
    tty: bool,
    quiet: bool,
}

impl ExecOptions {
    /// As kubectl's: the resource is the first argument before `--`, the command what follows;
    /// the old form without `--` is refused (kubectl 1.32 no longer takes it).
    fn complete(ctx: &mut Ctx, args: &Args) -> Result<ExecOptions, KError> {
        let pos = &args.positionals;
        let dash = args.dash_at;
        let resource = match dash {
            Some(0) => String::new(),
            _ => pos.first().cloned().unwrap_or_default(),
        };
        let command = match dash {
            Some(at) => pos[at.min(pos.len())..].to_vec(),
            None if pos.len() > 1 => {
                return Err(KError::Usage(
                    "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead"
                        .into(),
                ))
            }
            None => Vec::new(),
        };
        Ok(ExecOptions {
            resource,
            filenames: args.list("filename"),
            command,
            container: args.str("container"),
            namespace: ctx.namespace(),
            stdin: args.bool("stdin"),
            tty: args.bool("tty"),
            quiet: args.bool("quiet"),
        })
    }

    fn validate(&self) -> Result<(), KError> {
        if self.resource.is_empty() && self.filenames.is_empty() {
            return Err(KError::msg(
                "pod, type/name or --filename must be specified",
            ));
        }
        if self.command.is_empty() {
            return Err(KError::msg(
                "you must specify at least one command for the container",
            ));
        }
        Ok(())
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let words = if self.resource.contains('/') {
            vec![self.resource.clone()]
        } else {
            vec!["pods".to_string(), self.resource.clone()]
        };
        let builder = if self.resource.is_empty() {
            Builder::new(ctx).filenames(&self.filenames, false)
        } else {
            Builder::new(ctx).resource_type_or_name_args(&words)
        };
        let (infos, errors) = builder.latest().visit()?.split();
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        let info = infos
            .into_iter()
            .next()
            .ok_or_else(|| KError::msg("no objects passed to exec"))?;
        let obj = info.live.clone().unwrap_or(Value::Null);
        let ns = info
            .namespace
            .clone()
            .unwrap_or_else(|| self.namespace.clone());
        let pod = attachable_pod(ctx, &info.resource.kind, &obj, &ns)?;
        let phase = pod
            .pointer("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if phase == "Succeeded" || phase == "Failed" {
            return Err(KError::msg(format!(
                "cannot exec into a container in a completed pod; current phase is {phase}"
            )));
        }
        let container = if self.container.is_empty() {
            default_container(ctx, &pod, self.quiet)
        } else {
            self.container.clone()
        };
        let name = pod
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        // A TTY needs stdin: `-t` alone runs without one, as kubectl's SetupTTY decides.
        let tty = self.tty && self.stdin;
        // What a pipe gives `-i` goes to the command (a terminal session reads the lines typed).
        let input = ctx.stdin.filter(|_| self.stdin && !tty);
        stream_input(
            ctx,
            &Stream3 {
                namespace: &ns,
                pod: &name,
                container: &container,
                command: &self.command,
                stdin: self.stdin,
                tty,
                attach: false,
                remove: false,
            },
            input,
        )?;
        Ok(())
    }
}
