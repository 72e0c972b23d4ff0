//! Evicting (or deleting) the pods of a node and waiting until they are gone, as kubectl's
//! drain helper does with one goroutine per pod: each prints `evicting pod ns/name`, retries a
//! refused eviction every 5 s, then polls every second until its pod is gone. Here the pods take
//! turns within each simulated second, so the same lines come out in a stable order.

use serde_json::{json, Value};

use super::DrainOptions;
use crate::error::KError;
use crate::Ctx;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::clock::Time;

/// Without --timeout, kubectl waits forever; a simulation stops after an hour of its own time.
const UNBOUNDED_SECS: i64 = 3600;
const RETRY_SECS: i64 = 5;

enum State {
    /// The next eviction attempt is due at this time.
    Evict(Time),
    /// Evicted (or deleted): polled until gone.
    Going,
    Done,
}

struct Pod {
    namespace: String,
    name: String,
    uid: String,
    state: State,
}

fn now(ctx: &Ctx) -> Time {
    ctx.api.clock().unwrap_or(Time(0))
}

/// Evict (or, with --disable-eviction, delete) `pods` and wait for them to go; the errors.
pub fn evict_all(ctx: &mut Ctx, o: &DrainOptions, node: &str, pods: &[Value]) -> Vec<String> {
    let start = now(ctx);
    let limit = if o.timeout_secs > 0 {
        o.timeout_secs
    } else {
        UNBOUNDED_SECS
    };
    let deadline = start.plus(limit);
    let mut list: Vec<Pod> = pods
        .iter()
        .map(|p| Pod {
            namespace: meta::namespace(p).to_string(),
            name: meta::name(p).to_string(),
            uid: meta::str_at(p, &["metadata", "uid"]).to_string(),
            state: State::Evict(start),
        })
        .collect();
    let mut errors = Vec::new();
    if o.disable_eviction {
        for p in &mut list {
            match ctx.call(delete_request(o, p)) {
                Ok(_) => p.state = State::Going,
                Err(e) if is_status(&e, 404) => p.state = State::Going,
                Err(e) => return vec![e.go_text()],
            }
        }
    }
    loop {
        let t = now(ctx);
        for p in list.iter_mut() {
            if let State::Evict(due) = p.state {
                if due <= t {
                    attempt(ctx, o, p, t, &mut errors);
                }
            }
        }
        for p in list.iter_mut().filter(|p| matches!(p.state, State::Going)) {
            if gone(ctx, p) {
                let verb = if o.disable_eviction {
                    "deleted"
                } else {
                    "evicted"
                };
                ctx.print(format!("pod/{} {verb}\n", p.name));
                p.state = State::Done;
            }
        }
        if list.iter().all(|p| matches!(p.state, State::Done)) {
            return errors;
        }
        if now(ctx) >= deadline {
            return timed_out(ctx, o, &list, limit, errors);
        }
        sleep(ctx, node, 1);
        if now(ctx) == t {
            // Nothing left to wait on moves the clock: what is left will not change.
            return timed_out(ctx, o, &list, limit, errors);
        }
    }
}

/// One eviction attempt at `t`: evicted, refused for now (retried in 5 s), or failed.
fn attempt(ctx: &mut Ctx, o: &DrainOptions, p: &mut Pod, t: Time, errors: &mut Vec<String>) {
    let suffix = if o.server_dry_run {
        " (server dry run)"
    } else {
        ""
    };
    ctx.print(format!("evicting pod {}/{}{suffix}\n", p.namespace, p.name));
    match ctx.call(eviction_request(o, p)) {
        Ok(_) if o.server_dry_run => p.state = State::Done,
        Ok(_) => p.state = State::Going,
        Err(e) if is_status(&e, 404) => p.state = State::Done,
        Err(e) if is_status(&e, 429) => {
            ctx.eprint(format!(
                "error when evicting pods/{:?} -n {:?} (will retry after 5s): {}\n",
                p.name,
                p.namespace,
                e.go_text()
            ));
            p.state = State::Evict(t.plus(RETRY_SECS));
        }
        Err(e) => {
            errors.push(format!(
                "error when evicting pods/{:?} -n {:?}: {}",
                p.name,
                p.namespace,
                e.go_text()
            ));
            p.state = State::Done;
        }
    }
}

fn is_status(e: &KError, code: u16) -> bool {
    matches!(e, KError::Status(s) if s.code == code)
}

fn eviction_request(o: &DrainOptions, p: &Pod) -> ApiRequest {
    let mut body = json!({
        "apiVersion": "policy/v1", "kind": "Eviction",
        "metadata": {"name": p.name, "namespace": p.namespace},
    });
    let mut opts = serde_json::Map::new();
    if o.grace_period >= 0 {
        opts.insert("gracePeriodSeconds".into(), json!(o.grace_period));
    }
    if o.server_dry_run {
        opts.insert("dryRun".into(), json!(["All"]));
    }
    if !opts.is_empty() {
        body["deleteOptions"] = Value::Object(opts);
    }
    ApiRequest::new(
        Method::Post,
        format!(
            "/api/v1/namespaces/{}/pods/{}/eviction",
            p.namespace, p.name
        ),
    )
    .with_content_type("application/json")
    .with_body(body.to_string())
}

fn delete_request(o: &DrainOptions, p: &Pod) -> ApiRequest {
    let mut req = ApiRequest::new(
        Method::Delete,
        format!("/api/v1/namespaces/{}/pods/{}", p.namespace, p.name),
    );
    if o.grace_period >= 0 {
        req = req.with_query("gracePeriodSeconds", o.grace_period.to_string());
    }
    req
}

/// Gone, or replaced by a pod of the same name with another uid.
fn gone(ctx: &mut Ctx, p: &Pod) -> bool {
    let path = format!("/api/v1/namespaces/{}/pods/{}", p.namespace, p.name);
    match ctx.call(ApiRequest::get(path)) {
        Ok(pod) => meta::str_at(&pod, &["metadata", "uid"]) != p.uid,
        Err(e) => is_status(&e, 404),
    }
}

/// Let `secs` of simulated time pass, watching the node's pods (the clock moves while a watch
/// waits); returns early if nothing is left to watch.
fn sleep(ctx: &mut Ctx, node: &str, secs: i64) {
    let until = now(ctx).plus(secs);
    for _ in 0..secs.max(1) * 4 {
        let left = until.since(now(ctx));
        if left <= 0 {
            return;
        }
        let before = now(ctx);
        let req = ApiRequest::get("/api/v1/pods")
            .with_query("fieldSelector", format!("spec.nodeName={node}"))
            .with_query("watch", "true")
            .with_query("timeoutSeconds", left.to_string());
        let _ = ctx.api.call(req);
        if now(ctx) == before {
            return;
        }
    }
}

/// The global timeout: kubectl's words with --timeout, the simulation's own limit without.
fn timed_out(
    ctx: &mut Ctx,
    o: &DrainOptions,
    list: &[Pod],
    limit: i64,
    mut errors: Vec<String>,
) -> Vec<String> {
    let shown = crate::cmd::util::duration::go_duration(limit);
    if o.timeout_secs <= 0 {
        ctx.eprint(format!(
            "kubeplay stopped waiting after {shown} of simulated time; kubectl would keep waiting (use --timeout)\n"
        ));
    }
    for p in list {
        match p.state {
            State::Evict(_) => errors.push(format!(
                "error when evicting pods/{:?} -n {:?}: global timeout reached: {shown}",
                p.name, p.namespace
            )),
            State::Going => errors.push(format!(
                "error when waiting for pod {:?} in namespace {:?} to terminate: global timeout reached: {shown}",
                p.name, p.namespace
            )),
            State::Done => {}
        }
    }
    errors
}
