//! `kubectl cp SRC DEST`: copy files between the playground and a container, as kubectl does
//! it, through an exec of `tar` in the container: `tar cf - PATH` to copy from it, `test -d`
//! then `tar -xmf - -C DIR` fed kubectl's own archive to copy into it. An image without `tar`
//! fails as its runtime fails the exec.

mod local;
mod spec;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::Ctx;
use super::util::attach::{defaulted, exit_status, send, Answer, Stream3};
use kubeplay_core::api::ApiRequest;
use kubeplay_core::tar;
use spec::{base, clean, dir, join, strip_path_shortcuts, FileSpec};

pub const FLAGS: &[Flag] = &[
    flag("container", Some('c'), Kind::Str, "", "The container to copy from or to. Without it, the pod's kubectl.kubernetes.io/default-container annotation names it, else the pod's first container."),
    flag("no-preserve", None, Kind::Bool, "false", "Do not keep the copied files' owner and permissions in the container."),
    flag("retries", None, Kind::Int, "0", "How many times to retry a copy from a container that broke off (0: never, negative: without end)."),
];

pub const USAGE: &str = "kubectl cp <file-spec-src> <file-spec-dest> [options]";
pub const LONG: &str = "Copy files and directories to and from containers.";
pub const EXAMPLES: &str = "  # The container's image must have 'tar': kubectl cp runs it there.

  # Copy the local file a.txt to /tmp/a.txt in pod web
  kubectl cp a.txt web:/tmp/a.txt

  # Copy a local directory into /tmp/site of pod web's container nginx
  kubectl cp site web:/tmp/site -c nginx

  # Copy nginx's configuration from pod web in namespace shop to a local file
  kubectl cp shop/web:/etc/nginx/nginx.conf ./nginx.conf";

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = CopyOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

pub struct CopyOptions {
    container: String,
    namespace: String,
    no_preserve: bool,
    max_tries: i64,
    args: Vec<String>,
}

impl CopyOptions {
    fn complete(ctx: &mut Ctx, args: &Args) -> Result<CopyOptions, KError> {
        Ok(CopyOptions {
            container: args.str("container"),
            namespace: ctx.namespace(),
            no_preserve: args.bool("no-preserve"),
            max_tries: args.int("retries"),
            args: args.positionals.clone(),
        })
    }

    fn validate(&self) -> Result<(), KError> {
        if self.args.len() != 2 {
            return Err(KError::msg("source and destination are required"));
        }
        Ok(())
    }

    fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let src = spec::parse(&self.args[0])?;
        let dest = spec::parse(&self.args[1])?;
        if !src.pod.is_empty() && !dest.pod.is_empty() {
            return Err(KError::msg(
                "one of src or dest must be a local file specification",
            ));
        }
        if src.file.is_empty() || dest.file.is_empty() {
            return Err(KError::msg("filepath can not be empty"));
        }
        if !src.pod.is_empty() {
            return self.copy_from_pod(ctx, &src, &dest);
        }
        if !dest.pod.is_empty() {
            return self.copy_to_pod(ctx, &src, &dest);
        }
        Err(KError::msg(
            "one of src or dest must be a remote file specification",
        ))
    }

    fn namespace_of<'a>(&'a self, f: &'a FileSpec) -> &'a str {
        if f.namespace.is_empty() {
            &self.namespace
        } else {
            &f.namespace
        }
    }

    /// What kubectl's `ExecOptions.Run` does before the exec: the pod fetched (a completed one
    /// refused) and the container defaulted, with the line that says so.
    fn target(
        &self,
        ctx: &mut Ctx,
        ns: &str,
        pod: &str,
    ) -> Result<(String, Option<String>), KError> {
        let p = ctx.call(ApiRequest::get(format!(
            "/api/v1/namespaces/{ns}/pods/{pod}"
        )))?;
        let phase = p
            .pointer("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if phase == "Succeeded" || phase == "Failed" {
            return Err(KError::msg(format!(
                "cannot exec into a container in a completed pod; current phase is {phase}"
            )));
        }
        if !self.container.is_empty() {
            return Ok((self.container.clone(), None));
        }
        Ok(defaulted(&p))
    }

    fn exec(
        &self,
        ctx: &mut Ctx,
        ns: &str,
        pod: &str,
        container: &str,
        command: &[String],
        input: Option<&str>,
    ) -> Result<Answer, KError> {
        send(
            ctx,
            &Stream3 {
                namespace: ns,
                pod,
                container,
                command,
                stdin: input.is_some(),
                tty: false,
                attach: false,
                remove: false,
            },
            input,
        )
    }

    /// `checkDestinationIsDir`: `test -d` in the container, everything it prints discarded.
    fn dest_is_dir(&self, ctx: &mut Ctx, ns: &str, dest: &FileSpec) -> bool {
        let Ok((container, _)) = self.target(ctx, ns, &dest.pod) else {
            return false;
        };
        let cmd = ["test".to_string(), "-d".into(), dest.file.clone()];
        matches!(
            self.exec(ctx, ns, &dest.pod, &container, &cmd, None),
            Ok(Answer::Ran(_, 0))
        )
    }

    fn copy_to_pod(&self, ctx: &mut Ctx, src: &FileSpec, dest: &FileSpec) -> Result<(), KError> {
        if !local::exists(&*ctx.fs, &src.file) {
            return Err(KError::msg(format!(
                "{} doesn't exist in local filesystem",
                src.file
            )));
        }
        let ns = self.namespace_of(dest).to_string();
        let mut dest_file = dest.file.clone();
        if self.dest_is_dir(ctx, &ns, dest) {
            dest_file = join(&dest_file, &base(&src.file));
        }
        let archive = local::make_tar(&*ctx.fs, &src.file, &dest_file)?;
        let mut cmd: Vec<String> = if self.no_preserve {
            vec![
                "tar",
                "--no-same-permissions",
                "--no-same-owner",
                "-xmf",
                "-",
            ]
        } else {
            vec!["tar", "-xmf", "-"]
        }
        .into_iter()
        .map(String::from)
        .collect();
        let dest_dir = dir(&dest_file);
        if !dest_dir.is_empty() {
            cmd.extend(["-C".to_string(), dest_dir]);
        }
        let (container, line) = self.target(ctx, &ns, &dest.pod)?;
        if let Some(l) = line {
            ctx.eprint(l);
        }
        let Answer::Ran(chunks, code) =
            self.exec(ctx, &ns, &dest.pod, &container, &cmd, Some(&archive))?
        else {
            return Ok(());
        };
        for (stream, text) in chunks {
            if stream == "stderr" {
                ctx.eprint(text);
            } else {
                ctx.print(text);
            }
        }
        exit_status(ctx, code)
    }

    /// The exec's error stream goes to kubectl's standard output here (as in kubectl), its
    /// output is the archive. kubectl unpacks while the exec runs: a complete archive is
    /// unpacked whatever tar's exit code (kubectl does not wait for it), a broken one leaves
    /// the failed exec to end the command.
    fn copy_from_pod(&self, ctx: &mut Ctx, src: &FileSpec, dest: &FileSpec) -> Result<(), KError> {
        let ns = self.namespace_of(src).to_string();
        let (container, line) = self.target(ctx, &ns, &src.pod)?;
        if let Some(l) = line {
            ctx.print(l);
        }
        let cmd: Vec<String> = if self.max_tries != 0 {
            vec![
                "sh".into(),
                "-c".into(),
                format!("tar cf - {} | tail -c+1", src.file),
            ]
        } else {
            vec!["tar".into(), "cf".into(), "-".into(), src.file.clone()]
        };
        let Answer::Ran(chunks, code) = self.exec(ctx, &ns, &src.pod, &container, &cmd, None)?
        else {
            return Ok(());
        };
        let mut archive = String::new();
        for (stream, text) in chunks {
            if stream == "stderr" {
                ctx.print(text);
            } else {
                archive.push_str(&text);
            }
        }
        let entries = match tar::read(&archive) {
            Ok(e) if !archive.is_empty() || code == 0 => e,
            Ok(_) | Err(_) if code != 0 => return exit_status(ctx, code),
            Ok(e) => e,
            Err(e) => return Err(KError::msg(e.to_string())),
        };
        let prefix = strip_path_shortcuts(&clean(src.file.trim_start_matches(['/', '\\'])));
        local::untar_all(
            ctx,
            &local::Untar {
                namespace: &ns,
                pod: &src.pod,
                src: &src.file,
                prefix: &prefix,
                dest: &dest.file,
            },
            entries,
        )
    }
}
