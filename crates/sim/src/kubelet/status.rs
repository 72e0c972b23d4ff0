//! The pod status the kubelet writes at a moment: conditions, container states and their IDs
//! and images as the runtime names them, all following from the plan and the clock.

use super::*;

/// How the runtime reports run `k` of a container whose program is missing.
pub(super) fn start_error(sim: &Sim, uid: &str, step: &Step, k: i64) -> Option<StartError> {
    let program = step.missing.as_deref()?;
    let run = if k == 0 {
        step.name.clone()
    } else {
        format!("{}#{k}", step.name)
    };
    let id = container_id(sim, uid, &run);
    let hex = id.rsplit('/').next().unwrap_or("");
    Some(start::not_found(sim.node.runtime, program, hex))
}

pub(super) fn container_id(sim: &Sim, uid: &str, name: &str) -> String {
    let prefix = match sim.node.runtime {
        Runtime::Docker => "docker://",
        Runtime::Containerd => "containerd://",
    };
    format!("{prefix}{}", util::hex_from(&format!("{uid}/{name}"), 64))
}

/// What the runtime reports as the image and its ID.
pub(super) fn image_names(sim: &Sim, image: &str) -> (String, String) {
    let norm = normalize_image(image);
    let repo = repo_of(image);
    let digest = util::hex_from(&norm, 64);
    match sim.node.runtime {
        Runtime::Docker => (norm, format!("docker-pullable://{repo}@sha256:{digest}")),
        Runtime::Containerd => {
            let full = |s: &str| {
                let first = s.split('/').next().unwrap_or("");
                if !s.contains('/') {
                    format!("docker.io/library/{s}")
                } else if first.contains('.') || first.contains(':') {
                    s.to_string()
                } else {
                    format!("docker.io/{s}")
                }
            };
            (full(&norm), format!("{}@sha256:{digest}", full(&repo)))
        }
    }
}

pub(super) fn mounts_status(c: &Value) -> Option<Value> {
    let mounts = c.get("volumeMounts")?.as_array()?;
    let out: Vec<Value> = mounts
        .iter()
        .map(|m| {
            let mut o = Map::new();
            o.insert(
                "mountPath".into(),
                m.get("mountPath").cloned().unwrap_or(json!("")),
            );
            o.insert("name".into(), m.get("name").cloned().unwrap_or(json!("")));
            if m.get("readOnly").and_then(|r| r.as_bool()) == Some(true) {
                o.insert("readOnly".into(), json!(true));
                o.insert("recursiveReadOnly".into(), json!("Disabled"));
            }
            Value::Object(o)
        })
        .collect();
    Some(Value::Array(out))
}

pub(super) fn cond(
    t: &str,
    ok: bool,
    at: Time,
    reason: Option<&str>,
    msg: Option<String>,
) -> Value {
    let mut c = json!({"lastProbeTime": null, "lastTransitionTime": at.rfc3339()});
    if let Some(m) = msg {
        c["message"] = json!(m);
    }
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    c["status"] = json!(if ok { "True" } else { "False" });
    c["type"] = json!(t);
    c
}

pub(super) fn container_status(
    sim: &Sim,
    pod: &Value,
    c: &Value,
    step: &Step,
    now: Time,
    waiting: &str,
) -> Value {
    let uid = pod.uid();
    let (image, image_id) = image_names(sim, &step.image);
    let mut s = Map::new();
    let run = step.at(now);
    let created = run != Run::Waiting;
    if created {
        s.insert(
            "containerID".into(),
            json!(container_id(sim, uid, &step.name)),
        );
        s.insert("image".into(), json!(image));
        s.insert("imageID".into(), json!(image_id));
    } else {
        s.insert("image".into(), json!(step.image));
        s.insert("imageID".into(), json!(""));
    }
    let terminated_at = |k: i64, start: Time, exit: Time| {
        let id = if k == 0 {
            container_id(sim, uid, &step.name)
        } else {
            container_id(sim, uid, &format!("{}#{k}", step.name))
        };
        if let Some(e) = start_error(sim, uid, step, k) {
            // It never ran: finished when it failed to start.
            let started = if e.epoch_start {
                Time(0).rfc3339()
            } else {
                start.rfc3339()
            };
            return json!({"terminated": {
                "containerID": id,
                "exitCode": e.exit_code,
                "finishedAt": start.rfc3339(),
                "message": e.message,
                "reason": e.reason,
                "startedAt": started,
            }});
        }
        json!({"terminated": {
            "containerID": id,
            "exitCode": step.code,
            "finishedAt": exit.rfc3339(),
            "reason": if step.oom {
                "OOMKilled"
            } else if step.code == 0 {
                "Completed"
            } else {
                "Error"
            },
            "startedAt": start.rfc3339(),
        }})
    };
    // Runs counted before this plan of the container; `k` below counts from its start.
    let b = step.before.map_or(0, |x| x.0);
    let before = || {
        step.before
            .map_or(json!({}), |(_, a, e)| terminated_at(b - 1, a, e))
    };
    let terminated = |k: i64, start: Time, exit: Time| terminated_at(k + b, start, exit);
    let (last, ready, started, count, state) = match &run {
        Run::Waiting => (
            before(),
            false,
            false,
            0,
            match step.fail.as_ref().and_then(|f| f.waiting(now)) {
                Some((reason, message)) => {
                    json!({"waiting": {"message": message, "reason": reason}})
                }
                None => json!({"waiting": {"reason": waiting}}),
            },
        ),
        Run::Running { k, start, prev } => match start_error(sim, uid, step, k + b) {
            // The kubelet's look right after the failed start.
            Some(e) => (
                prev.map_or_else(before, |(a, e)| terminated(k - 1, a, e)),
                false,
                false,
                *k,
                json!({"waiting": {"message": e.event, "reason": "RunContainerError"}}),
            ),
            None => (
                prev.map_or_else(before, |(a, e)| terminated(k - 1, a, e)),
                (!step.init || step.sidecar) && step.ready_in_run(*start, now),
                step.started_in_run(*start, now),
                *k,
                json!({"running": {"startedAt": start.rfc3339()}}),
            ),
        },
        Run::Exited { k, start, exit } => (
            if *k > 0 {
                let r = step.run_secs();
                let prev_exit = start.plus(-1 - step.delay(k - 1));
                terminated(k - 1, prev_exit.plus(-r), prev_exit)
            } else {
                before()
            },
            false,
            false,
            *k,
            terminated(*k, *start, *exit),
        ),
        Run::BackOff { k, prev, delay, .. } => (
            terminated(*k, prev.0, prev.1),
            false,
            false,
            *k,
            json!({"waiting": {
                "message": format!(
                    "back-off {delay}s restarting failed container={} pod={}_{}({uid})",
                    step.name,
                    meta::name(pod),
                    meta::namespace(pod)
                ),
                "reason": "CrashLoopBackOff",
            }}),
        ),
    };
    if let Run::Running { k, .. } | Run::Exited { k, .. } = &run {
        if k + b > 0 {
            let id = format!("{}#{}", step.name, k + b);
            s.insert("containerID".into(), json!(container_id(sim, uid, &id)));
        }
    }
    s.insert("lastState".into(), last);
    s.insert("name".into(), json!(step.name));
    s.insert("ready".into(), json!(ready));
    s.insert("restartCount".into(), json!(count + b));
    s.insert("started".into(), json!(started));
    s.insert("state".into(), state);
    if created {
        if let Some(m) = mounts_status(c) {
            s.insert("volumeMounts".into(), m);
        }
    }
    Value::Object(s)
}

pub(super) fn status_at(sim: &Sim, pod: &Value, plan: &Plan, now: Time) -> Value {
    let old = pod.get("status").cloned().unwrap_or(json!({}));
    let scheduled_at = old
        .get("conditions")
        .and_then(|c| c.as_array())
        .and_then(|l| {
            l.iter()
                .find(|c| c.get("type").and_then(|t| t.as_str()) == Some("PodScheduled"))
        })
        .and_then(|c| c.get("lastTransitionTime"))
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339)
        .unwrap_or(plan.start);
    let done = plan.done.is_some_and(|d| now >= d);
    // A pod whose containers all ended for good failed if one of them failed.
    let failed = done && plan.steps.iter().any(|s| s.code != 0 && !s.restarts);
    let running = now >= plan.running && !done;
    let inits: Vec<&Step> = plan.steps.iter().filter(|s| s.init).collect();
    let init_done_at = inits.iter().filter_map(|s| s.lets_next_start()).max();
    let initialized = inits
        .iter()
        .all(|s| s.succeeds() && s.lets_next_start().is_some_and(|e| now >= e));
    let specs: Vec<Value> = containers(pod, "containers");
    let init_specs: Vec<Value> = containers(pod, "initContainers");
    // Sidecars count for readiness as the main containers do.
    let unready: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| (!s.init || s.sidecar) && !s.ready_at(now))
        .map(|s| s.name.clone())
        .collect();
    let mut conds = Vec::new();
    if done {
        let at = plan.done.unwrap_or(now);
        conds.push(cond("PodReadyToStartContainers", false, at, None, None));
    } else {
        let sandbox_ready = now >= plan.sandbox;
        let at = if sandbox_ready {
            plan.sandbox
        } else {
            plan.start
        };
        conds.push(cond(
            "PodReadyToStartContainers",
            sandbox_ready,
            at,
            None,
            None,
        ));
    }
    if initialized {
        conds.push(cond(
            "Initialized",
            true,
            init_done_at.unwrap_or(plan.start),
            None,
            None,
        ));
    } else {
        let pending: Vec<String> = inits
            .iter()
            .filter(|s| s.lets_next_start().is_none_or(|e| now < e))
            .map(|s| s.name.clone())
            .collect();
        conds.push(cond(
            "Initialized",
            false,
            plan.start,
            Some("ContainersNotInitialized"),
            Some(format!(
                "containers with incomplete status: [{}]",
                pending.join(" ")
            )),
        ));
    }
    // When readiness last changed: the latest start of a running container, or the latest exit.
    let mut ready_at = plan.running;
    let mut unready_at = plan.start;
    for st in plan.steps.iter().filter(|st| !st.init || st.sidecar) {
        match st.at(now) {
            Run::Running { start, .. } if st.ready_in_run(start, now) => {
                ready_at = ready_at.max(st.ready_since(start, now))
            }
            // Not ready since a probe failed in this run (else since before it ran).
            Run::Running { start, .. } if st.ready_since(start, now) > start => {
                unready_at = unready_at.max(st.ready_since(start, now))
            }
            Run::Exited { exit, .. } => unready_at = unready_at.max(exit),
            Run::BackOff { prev, .. } => unready_at = unready_at.max(prev.1),
            Run::Waiting | Run::Running { .. } => {}
        }
    }
    for t in ["Ready", "ContainersReady"] {
        if done {
            conds.push(cond(
                t,
                false,
                plan.done.unwrap_or(now),
                Some(if failed { "PodFailed" } else { "PodCompleted" }),
                None,
            ));
        } else if running && unready.is_empty() {
            conds.push(cond(t, true, ready_at, None, None));
        } else {
            let msg = format!("containers with unready status: [{}]", unready.join(" "));
            conds.push(cond(
                t,
                false,
                unready_at,
                Some("ContainersNotReady"),
                Some(msg),
            ));
        }
    }
    conds.push(cond("PodScheduled", true, scheduled_at, None, None));
    let mut st = Map::new();
    st.insert("conditions".into(), Value::Array(conds));
    let waiting = if initialized {
        "ContainerCreating"
    } else {
        "PodInitializing"
    };
    let mut cs: Vec<Value> = plan
        .steps
        .iter()
        .filter(|s| !s.init)
        .map(|s| {
            let spec = specs
                .iter()
                .find(|c| meta::str_at(c, &["name"]) == s.name)
                .cloned()
                .unwrap_or(json!({}));
            container_status(sim, pod, &spec, s, now, waiting)
        })
        .collect();
    cs.sort_once_by(|a, b| meta::str_at(a, &["name"]).cmp(meta::str_at(b, &["name"])));
    st.insert("containerStatuses".into(), Value::Array(cs));
    st.insert("hostIP".into(), json!(sim.node.ip));
    st.insert("hostIPs".into(), json!([{"ip": sim.node.ip}]));
    if !inits.is_empty() {
        let ics: Vec<Value> = inits
            .iter()
            .map(|s| {
                let spec = init_specs
                    .iter()
                    .find(|c| meta::str_at(c, &["name"]) == s.name)
                    .cloned()
                    .unwrap_or(json!({}));
                match plan.done.filter(|d| s.sidecar && now >= *d) {
                    // Stopped once the main containers were done.
                    Some(d) => sidecar_stopped(sim, pod, &spec, s, d),
                    None => container_status(sim, pod, &spec, s, now, "PodInitializing"),
                }
            })
            .collect();
        st.insert("initContainerStatuses".into(), Value::Array(ics));
    }
    if !plan.ephemeral.is_empty() {
        let specs = containers(pod, "ephemeralContainers");
        let ecs: Vec<Value> = plan
            .ephemeral
            .iter()
            .map(|s| {
                let spec = specs
                    .iter()
                    .find(|c| meta::str_at(c, &["name"]) == s.name)
                    .cloned()
                    .unwrap_or(json!({}));
                let mut v = container_status(sim, pod, &spec, s, now, "ContainerCreating");
                // Probes cannot be set on them: never ready, and no startup to report.
                if let Some(m) = v.as_object_mut() {
                    m.insert("ready".into(), json!(false));
                    m.shift_remove("started");
                }
                v
            })
            .collect();
        st.insert("ephemeralContainerStatuses".into(), Value::Array(ecs));
    }
    let phase = if failed {
        "Failed"
    } else if done {
        "Succeeded"
    } else if running {
        "Running"
    } else {
        "Pending"
    };
    st.insert("phase".into(), json!(phase));
    if now >= plan.sandbox {
        st.insert("podIP".into(), json!(plan.ip));
        st.insert("podIPs".into(), json!([{"ip": plan.ip}]));
    }
    st.insert("qosClass".into(), json!(qos_class(pod)));
    st.insert("startTime".into(), json!(plan.start.rfc3339()));
    Value::Object(st)
}

/// A sidecar stopped with SIGTERM when the pod's main containers finished, at `done`.
fn sidecar_stopped(sim: &Sim, pod: &Value, c: &Value, step: &Step, done: Time) -> Value {
    let mut st = container_status(sim, pod, c, step, done, "PodInitializing");
    let (code, reason) = if crate::termination::exits_on_sigterm(c) {
        (0, "Completed")
    } else {
        (137, "Error")
    };
    let started = st
        .pointer("/state/running/startedAt")
        .cloned()
        .unwrap_or(json!(done.rfc3339()));
    st["state"] = json!({"terminated": {
        "containerID": st.get("containerID").cloned().unwrap_or(json!("")),
        "exitCode": code,
        "finishedAt": done.rfc3339(),
        "reason": reason,
        "startedAt": started,
    }});
    st["ready"] = json!(false);
    st["started"] = json!(false);
    st
}
