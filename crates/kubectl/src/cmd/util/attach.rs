//! What `exec`, `attach` and `run -it` share: the pod an object stands for (polymorphichelpers'
//! `AttachablePodForObject`), the default container (podcmd's `FindOrDefaultContainerByName`),
//! and the exec/attach request with what kubectl prints of its answer. The cluster answers a
//! request at once (`{"output": ..., "code": N}`), or keeps a shell open for the terminal
//! (`{"attached": true}`), which the playground then drives.

use serde_json::Value;

use super::super::super::error::KError;
use super::super::super::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::status::Status;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::sort::SortOnce;

/// What an exec or attach asks for.
pub struct Stream3<'a> {
    pub namespace: &'a str,
    pub pod: &'a str,
    pub container: &'a str,
    pub command: &'a [String],
    pub stdin: bool,
    pub tty: bool,
    /// `attach` (the container's own process) rather than `exec`.
    pub attach: bool,
    /// `run --rm`: the pod goes when the attached shell exits.
    pub remove: bool,
}

/// The names of the pod's containers of one kind (`containers`, `initContainers`, ...).
pub fn names(pod: &Value, field: &str) -> Vec<String> {
    pod.pointer(&format!("/spec/{field}"))
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str))
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `podcmd.AllContainerNames`: `a, b, debugger (ephem), setup (init)`.
pub fn all_container_names(pod: &Value) -> String {
    let mut all = names(pod, "containers");
    all.extend(
        names(pod, "ephemeralContainers")
            .into_iter()
            .map(|n| format!("{n} (ephem)")),
    );
    all.extend(
        names(pod, "initContainers")
            .into_iter()
            .map(|n| format!("{n} (init)")),
    );
    all.join(", ")
}

/// Whether the pod has a container (of any kind) named `name`.
pub fn has_container(pod: &Value, name: &str) -> bool {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .any(|f| names(pod, f).iter().any(|n| n == name))
}

/// The container a command acts on when `-c` is not given (`podcmd.FindOrDefaultContainerByName`):
/// the pod's `kubectl.kubernetes.io/default-container`, else its first, saying so when the pod
/// has any other container (init and ephemeral ones count).
pub fn default_container(ctx: &mut Ctx, pod: &Value, quiet: bool) -> String {
    let (name, line) = defaulted(pod);
    if let Some(line) = line.filter(|_| !quiet) {
        ctx.eprint(line);
    }
    name
}

/// The default container and the `Defaulted container` line to print, if any (`kubectl cp`
/// prints it where its exec's error stream goes).
pub fn defaulted(pod: &Value) -> (String, Option<String>) {
    let main = names(pod, "containers");
    let annotated = pod
        .pointer("/metadata/annotations/kubectl.kubernetes.io~1default-container")
        .and_then(Value::as_str)
        .filter(|n| has_container(pod, n));
    if let Some(n) = annotated {
        return (n.to_string(), None);
    }
    let first = main.first().cloned().unwrap_or_default();
    let others = main.len() > 1
        || !names(pod, "initContainers").is_empty()
        || !names(pod, "ephemeralContainers").is_empty();
    let line = others.then(|| {
        format!(
            "Defaulted container \"{first}\" out of: {}\n",
            all_container_names(pod)
        )
    });
    (first, line)
}

/// The pod behind an object: a pod itself, else the first of the pods its selector matches,
/// in kubectl's logging order (assigned, running, ready first; then the oldest).
pub fn attachable_pod(ctx: &mut Ctx, kind: &str, obj: &Value, ns: &str) -> Result<Value, KError> {
    if kind == "Pod" {
        return Ok(obj.clone());
    }
    let labels = obj
        .pointer("/spec/selector/matchLabels")
        .or_else(|| match kind {
            "Service" | "ReplicationController" => obj.pointer("/spec/selector"),
            _ => None,
        })
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| {
            KError::msg(format!(
                "cannot attach to {kind}: selector is not supported"
            ))
        })?;
    let selector: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    let list = ctx.call(
        ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
            .with_query("labelSelector", selector.join(",")),
    )?;
    let mut pods: Vec<Value> = list
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let rank = |p: &Value| {
        let s = |path: &str| p.pointer(path).and_then(Value::as_str).unwrap_or_default();
        let unassigned = s("/spec/nodeName").is_empty();
        let phase = match s("/status/phase") {
            "Running" => 0,
            "Unknown" => 1,
            "Pending" => 2,
            _ => 3,
        };
        let ready = p
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    c.get("type").and_then(Value::as_str) == Some("Ready")
                        && c.get("status").and_then(Value::as_str) == Some("True")
                })
            });
        (
            unassigned,
            phase,
            !ready,
            s("/metadata/creationTimestamp").to_string(),
            s("/metadata/name").to_string(),
        )
    };
    pods.sort_once_by_key(rank);
    pods.into_iter()
        .next()
        .ok_or_else(|| KError::msg(format!("no pods found for {}", kind.to_lowercase())))
}

/// What the cluster answered an exec or attach.
pub enum Answer {
    /// A shell was left open for the terminal.
    Attached,
    /// The command ran: its output as (stream, text) in order, and its exit code.
    Ran(Vec<(String, String)>, i32),
}

/// POST the exec (or attach), with `input` as its standard input, and return the answer.
pub fn send(ctx: &mut Ctx, s: &Stream3<'_>, input: Option<&str>) -> Result<Answer, KError> {
    let sub = if s.attach { "attach" } else { "exec" };
    let mut req = ApiRequest::new(
        Method::Post,
        format!("/api/v1/namespaces/{}/pods/{}/{sub}", s.namespace, s.pod),
    );
    if !s.container.is_empty() {
        req = req.with_query("container", s.container);
    }
    if !s.attach {
        for c in s.command {
            req = req.with_query("command", c.clone());
        }
    }
    req = req
        .with_query("stdin", s.stdin.to_string())
        .with_query("stdout", "true")
        .with_query("stderr", (!s.tty).to_string())
        .with_query("tty", s.tty.to_string());
    if s.remove {
        req = req.with_query("remove", "true");
    }
    if let Some(text) = input {
        req = req.with_body(text);
    }
    let resp = ctx.api.call(req);
    let body: Value = serde_json::from_str(&resp.body).unwrap_or(Value::Null);
    if let Some(m) = body.get("upgrade").and_then(Value::as_str) {
        return Err(KError::msg(format!("unable to upgrade connection: {m}")));
    }
    if !resp.is_success() {
        return Err(match Status::from_json(&body) {
            // A failure inside the runtime comes back on the stream's error channel.
            Some(st) if st.code == 500 => {
                KError::msg(format!("Internal error occurred: {}", st.message))
            }
            Some(st) => KError::Status(st),
            None => KError::msg(format!("unable to upgrade connection: {}", resp.body)),
        });
    }
    if body.get("attached").and_then(Value::as_bool) == Some(true) {
        return Ok(Answer::Attached);
    }
    let chunks = body
        .get("output")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|chunk| {
            let text = |i: usize| {
                chunk
                    .get(i)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            (text(0), text(1))
        })
        .collect();
    let code = body.get("code").and_then(Value::as_i64).unwrap_or(0) as i32;
    Ok(Answer::Ran(chunks, code))
}

/// POST the exec (or attach) and print its answer as kubectl does: the output, then
/// `command terminated with exit code N` for a failing command. Ok(true) when a shell was
/// left open for the terminal.
pub fn stream(ctx: &mut Ctx, s: &Stream3<'_>) -> Result<bool, KError> {
    stream_input(ctx, s, None)
}

/// `stream` with `input` as the command's standard input (`kubectl exec -i` fed by a pipe).
pub fn stream_input(ctx: &mut Ctx, s: &Stream3<'_>, input: Option<&str>) -> Result<bool, KError> {
    let Answer::Ran(chunks, code) = send(ctx, s, input)? else {
        return Ok(true);
    };
    for (stream, text) in chunks {
        // A terminal carries both streams as one.
        if stream == "stderr" && !s.tty {
            ctx.eprint(text);
        } else {
            ctx.print(text);
        }
    }
    exit_status(ctx, code)?;
    Ok(false)
}

/// kubectl's end of a remote command that failed: `command terminated with exit code N`.
pub fn exit_status(ctx: &mut Ctx, code: i32) -> Result<(), KError> {
    if code != 0 {
        ctx.eprint(format!("command terminated with exit code {code}\n"));
        return Err(KError::Exit(code));
    }
    Ok(())
}
