//! `kubectl logs`: what a container printed, read from the pod log subresource. kubectl finds
//! the pod (a `TYPE/NAME` picks one of its pods as `LogsForObject` does, `-l` takes every match),
//! picks the container (`Defaulted container ...`), sends one request per container with the
//! query flags, and prints each answer, prefixed with `[pod/NAME/CONTAINER]` if asked. `-f`
//! prints what is there and leaves a follow for a front end that can be interrupted.

pub mod follow;
mod request;
mod targets;

use super::super::error::KError;
use super::super::flags::{boolean, flag, parse_duration, string, Args, Flag, Kind};
use super::super::resources::Builder;
use super::super::Ctx;
use serde_json::Value;

pub use request::LogRequest;

pub const FLAGS: &[Flag] = &[
    boolean("all-containers", "Get all containers' logs in the pod(s)."),
    boolean("all-pods", "Get logs from all pod(s). Sets prefix to true."),
    flag("container", Some('c'), Kind::Str, "", "Print the logs of this container"),
    flag("follow", Some('f'), Kind::Bool, "false", "Specify if the logs should be streamed."),
    boolean("ignore-errors", "If watching / following pod logs, allow for any errors that occur to be non-fatal"),
    boolean("insecure-skip-tls-verify-backend", "Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired."),
    flag("limit-bytes", None, Kind::Int, "0", "Maximum bytes of logs to return. Defaults to no limit."),
    flag("max-log-requests", None, Kind::Int, "5", "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5."),
    flag("pod-running-timeout", None, Kind::Duration, "20s", "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running"),
    boolean("prefix", "Prefix each log line with the log source (pod name and container name)"),
    flag("previous", Some('p'), Kind::Bool, "false", "If true, print the logs for the previous instance of the container in a pod if it exists."),
    super::util::flags::SELECTOR,
    flag("since", None, Kind::Duration, "0s", "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used."),
    string("since-time", "", "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used."),
    flag("tail", None, Kind::Int, "-1", "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided."),
    boolean("timestamps", "Include timestamps on each line in the log output"),
];

pub const LONG: &str = "Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.";

pub const EXAMPLES: &str = "  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx
  
  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  kubectl logs nginx --prefix
  
  # Return snapshot logs from pod nginx, limiting output to 500 bytes
  kubectl logs nginx --limit-bytes=500
  
  # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.
  kubectl logs nginx --pod-running-timeout=20s
  
  # Return snapshot logs from pod nginx with multi containers
  kubectl logs nginx --all-containers=true
  
  # Return snapshot logs from all pods in the deployment nginx
  kubectl logs deployment/nginx --all-pods=true
  
  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true
  
  # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods
  kubectl logs -l app=nginx --max-log-requests=10
  
  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1
  
  # Begin streaming the logs from pod nginx, continuing even if errors occur
  kubectl logs nginx -f --ignore-errors=true
  
  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1
  
  # Begin streaming the logs from all containers in pods defined by label app=nginx
  kubectl logs -f -l app=nginx --all-containers=true
  
  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx
  
  # Show all logs from pod nginx written in the last hour
  kubectl logs --since=1h nginx
  
  # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC
  kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true
  
  # Show logs from a kubelet with an expired serving certificate
  kubectl logs --insecure-skip-tls-verify-backend nginx
  
  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello
  
  # Return snapshot logs from container nginx-1 of a deployment named nginx
  kubectl logs deployment/nginx -c nginx-1";

pub const USAGE: &str = "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]";

const USAGE_ERR: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/// `logs`' flags, read once; `object` is what the builder found (a pod, a list of pods, or an
/// object whose selector picks pods).
pub struct LogsOptions {
    resource_arg: String,
    /// How many positionals were given (an inline CONTAINER is the second).
    positionals: usize,
    container_specified: bool,
    selector: String,
    all_containers: bool,
    all_pods: bool,
    follow: bool,
    ignore_errors: bool,
    prefix: bool,
    max_follow: i64,
    /// `--pod-running-timeout` in seconds, to wait for a pod of a `TYPE/NAME`.
    pod_timeout: i64,
    namespace: String,
    request: LogRequest,
    object: Option<Found>,
}

/// What the arguments named.
enum Found {
    Pod(Value),
    Pods(Vec<Value>),
    Other(Value),
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = LogsOptions::complete(ctx, args)?;
    o.validate()?;
    o.run(ctx)
}

impl LogsOptions {
    pub fn complete(ctx: &mut Ctx, args: &Args) -> Result<LogsOptions, KError> {
        let pos = &args.positionals;
        let selector = args.str("selector");
        let mut container = args.str("container");
        let resource_arg = match pos.as_slice() {
            [] if selector.is_empty() => return Err(KError::Usage(USAGE_ERR.into())),
            [] => String::new(),
            [_] if !selector.is_empty() => {
                return Err(KError::Usage(
                    "only a selector (-l) or a POD name is allowed".into(),
                ))
            }
            [one] => one.clone(),
            [one, c] => {
                container = c.clone();
                one.clone()
            }
            _ => return Err(KError::Usage(USAGE_ERR.into())),
        };
        let pod_timeout = parse_duration(&args.str("pod-running-timeout")).unwrap_or(0.0);
        if pod_timeout <= 0.0 {
            return Err(KError::msg(
                "--pod-running-timeout must be higher than zero",
            ));
        }
        let request = LogRequest::from_args(args, container, !selector.is_empty())?;
        let mut o = LogsOptions {
            resource_arg,
            positionals: pos.len(),
            container_specified: args.is_set("container"),
            all_containers: args.bool("all-containers"),
            all_pods: args.bool("all-pods"),
            follow: args.bool("follow"),
            ignore_errors: args.bool("ignore-errors"),
            prefix: args.bool("prefix") || args.bool("all-pods"),
            max_follow: args.int("max-log-requests"),
            pod_timeout: pod_timeout.ceil() as i64,
            namespace: ctx.namespace(),
            request,
            selector,
            object: None,
        };
        o.object = Some(o.find(ctx)?);
        Ok(o)
    }

    /// The builder's answer for `POD`, `TYPE/NAME` or `-l`, with kubectl's not-found wording.
    fn find(&self, ctx: &mut Ctx) -> Result<Found, KError> {
        let args: Vec<String> = if !self.selector.is_empty() {
            vec!["pods".into()]
        } else if self.resource_arg.contains('/') {
            vec![self.resource_arg.clone()]
        } else {
            vec![format!("pods/{}", self.resource_arg)]
        };
        let (infos, errors) = Builder::new(ctx)
            .label_selector(&self.selector)
            .resource_type_or_name_args(&args)
            .visit()?
            .split();
        if let Some(e) = errors.into_iter().next() {
            return Err(match e {
                KError::Status(s) if s.code == 404 => KError::msg(format!(
                    "error from server (NotFound): {} in namespace \"{}\"",
                    s.message, self.namespace
                )),
                e => e,
            });
        }
        let live: Vec<Value> = infos.into_iter().filter_map(|i| i.live).collect();
        if !self.selector.is_empty() {
            if live.is_empty() {
                ctx.eprint(format!(
                    "No resources found in {} namespace.\n",
                    self.namespace
                ));
            }
            return Ok(Found::Pods(live));
        }
        match live.into_iter().next() {
            Some(obj) if obj.get("kind").and_then(|k| k.as_str()) == Some("Pod") => {
                Ok(Found::Pod(obj))
            }
            Some(obj) => Ok(Found::Other(obj)),
            None => Err(KError::msg("expected a resource")),
        }
    }

    pub fn validate(&self) -> Result<(), KError> {
        let r = &self.request;
        if r.since_time.is_some() && r.since_seconds.is_some() {
            return Err(KError::msg(
                "at most one of `sinceTime` or `sinceSeconds` may be specified",
            ));
        }
        if self.all_containers && !r.container.is_empty() {
            return Err(KError::msg(format!(
                "--all-containers=true should not be specified with container name {}",
                r.container
            )));
        }
        if self.container_specified && self.positionals == 2 {
            return Err(KError::msg(
                "only one of -c or an inline [CONTAINER] arg is allowed",
            ));
        }
        if r.limit_bytes.is_some_and(|b| b < 0) {
            return Err(KError::msg("--limit-bytes must be greater than 0"));
        }
        if r.since_seconds.is_some_and(|s| s < 0) {
            return Err(KError::msg("--since must be greater than 0"));
        }
        if r.tail_lines.is_some_and(|t| t < -1) {
            return Err(KError::msg("--tail must be greater than or equal to -1"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let targets = match &self.object {
            Some(Found::Pod(pod)) => targets::for_pod(
                ctx,
                pod,
                &self.request.container,
                self.all_containers,
                false,
            )?,
            Some(Found::Pods(pods)) => {
                let mut all = Vec::new();
                for pod in pods {
                    all.extend(targets::for_pod(
                        ctx,
                        pod,
                        &self.request.container,
                        self.all_containers,
                        false,
                    )?);
                }
                all
            }
            Some(Found::Other(obj)) => targets::for_object(ctx, obj, self)?,
            None => Vec::new(),
        };
        if self.follow && targets.len() > 1 && targets.len() as i64 > self.max_follow {
            return Err(KError::msg(format!(
                "you are attempting to follow {} log streams, but maximum allowed concurrency is {}, use --max-log-requests to increase the limit",
                targets.len(),
                self.max_follow
            )));
        }
        let mut followed = Vec::new();
        for t in &targets {
            let prefix = if self.prefix {
                format!("[pod/{}/{}] ", t.pod_name(), t.container)
            } else {
                String::new()
            };
            match self.request.send(ctx, t) {
                Ok(text) => {
                    ctx.print(prefixed(&text, &prefix));
                    if self.follow {
                        followed.extend(follow::stream(ctx, t, &self.request, &prefix, text.len()));
                    }
                }
                Err(KError::Status(s)) if self.ignore_errors => {
                    ctx.print(format!("error: {}\n", s.message));
                }
                Err(e) => return Err(e),
            }
        }
        if !followed.is_empty() {
            follow::hold(ctx, followed);
        }
        Ok(())
    }
}

/// Each line of `text` behind `prefix` (kubectl's prefixing writer writes it before every line
/// it reads, a last partial one included).
pub fn prefixed(text: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|l| format!("{prefix}{l}"))
        .collect()
}

#[cfg(test)]
mod tests;
