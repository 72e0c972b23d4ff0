//! `run -i`/`-t`/`--attach`: wait until the created pod runs and is ready (watching it, so the
//! cluster's clock moves), then attach to its container as `kubectl attach` does. A shell there
//! stays open in the terminal; with `--rm` the pod is deleted when it exits.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::Ctx;
use super::super::util::attach::{stream, Stream3};
use kubeplay_core::api::request::Method;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

/// Bound on watch rounds while waiting.
const MAX_ROUNDS: usize = 200;

pub struct Attach<'a> {
    pub namespace: &'a str,
    pub pod: &'a str,
    pub stdin: bool,
    pub tty: bool,
    pub remove: bool,
    pub quiet: bool,
    /// `--pod-running-timeout`, in seconds.
    pub timeout_secs: i64,
}

fn running_and_ready(pod: &Value) -> bool {
    let phase = pod.pointer("/status/phase").and_then(Value::as_str);
    phase == Some("Running")
        && pod
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    c.get("type").and_then(Value::as_str) == Some("Ready")
                        && c.get("status").and_then(Value::as_str) == Some("True")
                })
            })
}

/// The pod once it runs and is ready (or has completed), watching it meanwhile.
fn wait(ctx: &mut Ctx, a: &Attach<'_>) -> Result<Value, KError> {
    let path = format!("/api/v1/namespaces/{}/pods", a.namespace);
    let start = ctx.api.clock().unwrap_or(Time(0));
    let deadline = start.plus(a.timeout_secs.max(1));
    for _ in 0..MAX_ROUNDS {
        let pod = ctx.call(ApiRequest::get(format!("{path}/{}", a.pod)))?;
        let phase = pod.pointer("/status/phase").and_then(Value::as_str);
        if running_and_ready(&pod) || matches!(phase, Some("Succeeded" | "Failed")) {
            return Ok(pod);
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
            .with_query("fieldSelector", format!("metadata.name={}", a.pod))
            .with_query("watch", "true")
            .with_query("resourceVersion", rv)
            .with_query("timeoutSeconds", deadline.since(now).to_string());
        ctx.call(req)?;
    }
    Err(KError::msg("timed out waiting for the condition"))
}

pub fn attach(ctx: &mut Ctx, a: &Attach<'_>) -> Result<(), KError> {
    let pod = wait(ctx, a)?;
    let container = pod
        .pointer("/spec/containers/0/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let tty = a.tty && a.stdin;
    if !a.quiet {
        ctx.eprint("If you don't see a command prompt, try pressing enter.\n");
    }
    let attached = stream(
        ctx,
        &Stream3 {
            namespace: a.namespace,
            pod: a.pod,
            container: &container,
            command: &[],
            stdin: a.stdin,
            tty,
            attach: true,
            remove: a.remove,
        },
    );
    if matches!(attached, Ok(true)) {
        // The playground drives the shell; it deletes the pod when the shell exits.
        return Ok(());
    }
    if a.remove {
        let req = ApiRequest::new(
            Method::Delete,
            format!("/api/v1/namespaces/{}/pods/{}", a.namespace, a.pod),
        );
        ctx.call(req)?;
        ctx.print(format!("pod \"{}\" deleted\n", a.pod));
    }
    attached.map(|_| ())
}
