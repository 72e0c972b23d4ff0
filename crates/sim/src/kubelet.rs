//! The kubelet: a pod bound to the node gets a sandbox and an IP a second later, its images are
//! pulled one after the other, then its containers run. Each pod's timeline is planned once, when
//! the kubelet first sees it, so the status at any moment follows from the clock alone.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::qos::qos_class;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

mod logs;

pub use logs::Logged;

use super::events::{self, Event, Source};
use super::pullfail::{Cause, PullFail};
use super::{util, Sim};
use crate::images::{self, Reference};
use crate::process::start::{self, StartError};
use crate::process::{self, End, LogLine};
use crate::Runtime;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;
use std::sync::Arc;

/// One container's place in a pod's timeline.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    pub image: String,
    pub init: bool,
    /// When its image pull starts (None: already present).
    pub pull_from: Option<Time>,
    pub pull_ms: u64,
    /// Time spent waiting for another pod's pull of the same image.
    pub wait_ms: u64,
    /// When it starts running.
    pub start: Time,
    /// When it first exits (init containers, finished jobs, short-lived commands).
    pub exit: Option<Time>,
    /// It is restarted after each exit, with the kubelet's growing back-off.
    pub restarts: bool,
    /// Seconds from each start until its readiness probe first passes.
    pub ready_delay: i64,
    /// Its image cannot be had: it never starts (until the pod's image is changed).
    pub fail: Option<PullFail>,
    /// Its process's exit code (the same on every run: the process is deterministic).
    pub code: i32,
    /// What each run prints, with times from its start (for `kubectl logs`).
    pub log: Arc<[LogLine]>,
    /// The program its image lacks: every run fails to start.
    pub missing: Option<String>,
    /// Runs before this plan (the container was restarted for a new image): their count, and
    /// the last one's start and end.
    pub before: Option<(i64, Time, Time)>,
}

/// The start of a container that never starts.
const NEVER: Time = Time(1 << 40);

/// Where a container stands at some moment.
#[derive(Debug, Clone, PartialEq)]
enum Run {
    /// Not started yet.
    Waiting,
    /// Run number `k` (0-based) since `start`; `prev` is the run before, if any.
    Running {
        k: i64,
        start: Time,
        prev: Option<(Time, Time)>,
    },
    /// Run `k` ended; the container stays terminated (until `next`, for a restarting one).
    Exited { k: i64, start: Time, exit: Time },
    /// Waiting out back-off `delay` after run `k` ended, restarting at `next`.
    BackOff {
        k: i64,
        prev: (Time, Time),
        delay: i64,
        next: Time,
    },
}

/// The kubelet's wait before restarting after exit number `k`: none the first time, then 10s,
/// doubling, capped at five minutes.
fn backoff(k: i64) -> i64 {
    if k <= 0 {
        0
    } else {
        (10i64 << (k - 1).clamp(0, 5)).min(300)
    }
}

/// The kubelet forgets a container's back-off when it last restarted over ten minutes ago
/// (twice the 5-minute cap), so it starts again from 10 s.
const BACKOFF_RESET_SECS: i64 = 600;

impl Step {
    /// The wait before restarting after exit `k`: the growing back-off, or 10 s again for a
    /// container that runs long enough between restarts for the kubelet to forget it.
    fn delay(&self, k: i64) -> i64 {
        if k > 0 && self.run_secs() + 1 + 10 > BACKOFF_RESET_SECS {
            10
        } else {
            backoff(k)
        }
    }

    fn run_secs(&self) -> i64 {
        self.exit.map_or(0, |e| e.since(self.start))
    }

    /// The starts and exits of a restarting container up to `until` (bounded).
    fn runs(&self, until: Time) -> Vec<(Time, Time)> {
        let mut out = Vec::new();
        let Some(first_exit) = self.exit else {
            return out;
        };
        let r = self.run_secs();
        let (mut start, mut exit) = (self.start, first_exit);
        for k in 0..100_000 {
            if start > until {
                break;
            }
            out.push((start, exit));
            if !self.restarts {
                break;
            }
            // Terminated for a second, then back-off.
            start = exit.plus(1 + self.delay(k));
            exit = start.plus(r);
        }
        out
    }

    fn ready_at(&self, now: Time) -> bool {
        self.missing.is_none()
            && matches!(self.at(now), Run::Running { start, .. } if now >= start.plus(self.ready_delay))
    }

    fn at(&self, now: Time) -> Run {
        if now < self.start {
            return Run::Waiting;
        }
        if self.exit.is_none() {
            return Run::Running {
                k: 0,
                start: self.start,
                prev: None,
            };
        }
        let runs = self.runs(now);
        let k = runs.len() as i64 - 1;
        let Some(&(start, exit)) = runs.last() else {
            return Run::Waiting;
        };
        if now < exit {
            let prev = (k > 0).then(|| runs[runs.len() - 2]);
            return Run::Running { k, start, prev };
        }
        if !self.restarts || now < exit.plus(1) || self.delay(k) == 0 {
            return Run::Exited { k, start, exit };
        }
        let delay = self.delay(k);
        Run::BackOff {
            k,
            prev: (start, exit),
            delay,
            next: exit.plus(1 + delay),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub start: Time,
    pub sandbox: Time,
    pub steps: Vec<Step>,
    /// All (non-init) containers run from here.
    pub running: Time,
    /// The pod finishes here (Succeeded), if it does.
    pub done: Option<Time>,
    pub ip: String,
    /// The pod this plan is for (a pod recreated under the same name is planned anew).
    pub uid: String,
    /// Events up to this time have been written.
    pub reported: Option<Time>,
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pod) = api.store().get(key) else {
        return;
    };
    if meta::str_at(pod, &["spec", "nodeName"]) != sim.node.name || pod.is_deleting() {
        return;
    }
    let uid = pod.uid().to_string();
    let pod = pod.clone();
    let now = api.now;
    if sim.plans.get(key).is_none_or(|p| p.uid != uid) {
        if pod.pointer("/status/startTime").is_some() {
            // Running since before the simulator knew it (the profile's own pods).
            return;
        }
        let plan = make_plan(sim, &pod, now);
        sim.plans.insert(key.clone(), plan);
    } else {
        follow_image_changes(sim, api, &pod, key, now);
    }
    let Some(plan) = sim.plans.get(key).cloned() else {
        return;
    };
    let status = status_at(sim, &pod, &plan, now);
    let mut updated = pod.clone();
    meta::set(&mut updated, &["status"], status);
    let current = if updated != pod {
        let Some(info) = util::info(api, "/pods") else {
            return;
        };
        match util::write(api, &info, updated) {
            Some(v) => v,
            None => return,
        }
    } else {
        pod
    };
    report(sim, api, &current, &plan, now);
    if let Some(p) = sim.plans.get_mut(key) {
        p.reported = Some(now);
    }
    if let Some(next) = next_moment(&plan, now) {
        sim.wake(next, key);
    }
}

fn next_moment(plan: &Plan, now: Time) -> Option<Time> {
    let mut times = vec![plan.sandbox, plan.running];
    for s in &plan.steps {
        times.extend(s.fail.as_ref().and_then(|f| f.next_after(now)));
        times.extend(s.pull_from);
        times.push(s.start);
        times.push(s.start.plus(s.ready_delay));
        times.extend(s.exit);
        if s.restarts {
            // The next start or exit after now.
            for (a, b) in s.runs(now.plus(400)) {
                times.extend([a, b, b.plus(1)]);
            }
        }
    }
    times.extend(plan.done);
    times.into_iter().filter(|t| *t > now && *t < NEVER).min()
}

fn containers(pod: &Value, field: &str) -> Vec<Value> {
    pod.pointer(&format!("/spec/{field}"))
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default()
}

/// `nginx` -> `nginx:latest`; `docker.io/library/nginx` -> `nginx:latest`.
pub fn normalize_image(image: &str) -> String {
    let short = image
        .strip_prefix("docker.io/library/")
        .or_else(|| image.strip_prefix("docker.io/"))
        .unwrap_or(image);
    let last = short.rsplit('/').next().unwrap_or(short);
    if last.contains(':') || last.contains('@') {
        short.to_string()
    } else {
        format!("{short}:latest")
    }
}

fn repo_of(image: &str) -> String {
    let n = normalize_image(image);
    match n.rfind(':') {
        Some(i) if !n[i..].contains('/') => n[..i].to_string(),
        _ => n,
    }
}

fn pull_policy_of(pod: &Value, name: &str) -> String {
    containers(pod, "containers")
        .iter()
        .find(|c| meta::str_at(c, &["name"]) == name)
        .map(pull_policy)
        .unwrap_or_default()
}

fn pull_policy(c: &Value) -> String {
    let p = meta::str_at(c, &["imagePullPolicy"]);
    if !p.is_empty() {
        return p.to_string();
    }
    if normalize_image(meta::str_at(c, &["image"])).ends_with(":latest") {
        "Always".into()
    } else {
        "IfNotPresent".into()
    }
}

/// How a container's process ends (whole seconds after it starts, if it does; its exit code)
/// and what it prints: from the image catalog and the process model where they know the
/// program, else the older guess from the command line.
fn process_of(c: &Value, job: bool) -> (Option<i64>, i32, Arc<[LogLine]>, Option<String>) {
    let words = |f: &str| -> Vec<String> {
        c.get(f)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|w| w.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let found = Reference::parse(meta::str_at(c, &["image"])).map(|r| images::lookup(&r));
    if let Some(images::Lookup::Found(image)) = found {
        if let Some(p) = process::run(image, &words("command"), &words("args")) {
            return match p.end {
                // A process that ends at once still runs for the second it takes to be seen.
                End::Exit { ms, code } => {
                    (Some((ms.div_ceil(1000) as i64).max(1)), code, p.log, None)
                }
                End::Never => (None, 0, p.log, None),
                // It fails as it starts (the code is the runtime's, see `start_error`).
                End::NotFound(program) => (Some(1), 1, p.log, Some(program)),
            };
        }
    }
    (run_seconds(c, job), 0, Arc::from(Vec::new()), None)
}

/// How long a container runs before exiting on its own, if it does (a guess from its words).
fn run_seconds(c: &Value, job: bool) -> Option<i64> {
    let mut words: Vec<String> = Vec::new();
    for f in ["command", "args"] {
        if let Some(a) = c.get(f).and_then(|v| v.as_array()) {
            for w in a {
                words.extend(
                    w.as_str()
                        .unwrap_or("")
                        .split_whitespace()
                        .map(String::from),
                );
            }
        }
    }
    if let Some(i) = words.iter().position(|w| w == "sleep") {
        return match words.get(i + 1).map(|w| w.trim_end_matches([';', '&'])) {
            Some("infinity") => None,
            Some(n) => n
                .parse::<f64>()
                .ok()
                .map(|s| (s.ceil() as i64).clamp(1, 1 << 40)),
            None => Some(1),
        };
    }
    let repo = repo_of(meta::str_at(c, &["image"]));
    let base = repo.rsplit('/').next().unwrap_or("");
    let short_lived = matches!(
        base,
        "busybox"
            | "alpine"
            | "ubuntu"
            | "debian"
            | "perl"
            | "python"
            | "bash"
            | "hello-world"
            | "centos"
            | "fedora"
            | "curl"
    );
    if short_lived || (job && !words.is_empty()) {
        Some(if job { 3 } else { 1 })
    } else {
        None
    }
}

/// Whether a container's image cannot be had, and why: the pull policy forbids pulling a
/// missing image, or the registries (the image catalog) do not have it.
fn pull_fate(
    sim: &Sim,
    image: &str,
    present: bool,
    policy: &str,
    at: Time,
    h: u64,
) -> Option<PullFail> {
    let fail = |cause, secs| {
        Some(PullFail {
            image: image.to_string(),
            cause,
            first: at,
            secs,
        })
    };
    if let Some(why) = images::invalid(image) {
        let message = format!(
            "Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": {why}"
        );
        let (reason, event) = ("InvalidImageName", "InspectFailed");
        return fail(
            Cause::Refused {
                reason,
                event,
                message,
            },
            0,
        );
    }
    if policy == "Never" {
        if present {
            return None;
        }
        let message =
            format!("Container image \"{image}\" is not present with pull policy of Never");
        let (reason, event) = ("ErrImageNeverPull", "ErrImageNeverPull");
        return fail(
            Cause::Refused {
                reason,
                event,
                message,
            },
            0,
        );
    }
    if present && policy != "Always" {
        return None;
    }
    let reference = Reference::parse(image)?;
    let found = images::lookup(&reference);
    let msg = images::pull::error(sim.node.runtime, &reference, found, &resolver(&sim.node.ip))?;
    // A registry's "not found" comes back within a second or two.
    fail(Cause::Pull(msg), 1 + (h % 2) as i64)
}

/// How long a first pull takes: a registry round trip, then the compressed layers at about
/// 30 MB/s (download and unpack), so busybox is under a second and postgres takes six.
fn pull_ms_for(image: &str, h: u64) -> u64 {
    let size = match Reference::parse(image).map(|r| images::lookup(&r)) {
        Some(images::Lookup::Found(found)) => found.size,
        _ => 20_000_000 + h % 40_000_000,
    };
    600 + size / 30_000 + h % 400
}

/// The node's DNS server: the gateway of its network (`192.168.49.1:53` for minikube's).
fn resolver(node_ip: &str) -> String {
    match node_ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1:53"),
        None => "127.0.0.53:53".into(),
    }
}

/// What planning one container needs to know about its pod.
struct PodCtx {
    uid: String,
    job: bool,
    /// restartPolicy Never.
    never: bool,
    /// restartPolicy OnFailure.
    on_failure: bool,
}

impl PodCtx {
    fn of(pod: &Value) -> PodCtx {
        let restart = meta::str_at(pod, &["spec", "restartPolicy"]);
        PodCtx {
            uid: pod.uid().to_string(),
            job: util::controller_key_of(pod, "", "batch/jobs").is_some(),
            never: restart == "Never",
            on_failure: restart == "OnFailure",
        }
    }
}

/// Plan container `c` whose image work may begin at `t_ms` (pulls are serial: `t_ms` moves on
/// past this one's). `blocked`: an init container before it cannot start, so neither can it.
fn plan_step(
    sim: &mut Sim,
    ctx: &PodCtx,
    c: &Value,
    init: bool,
    t_ms: &mut i64,
    blocked: bool,
) -> Step {
    let image = meta::str_at(c, &["image"]).to_string();
    let norm = normalize_image(&image);
    let ready_at = sim.images.get(&norm).copied();
    let present = ready_at.is_some_and(|r| r <= *t_ms);
    let policy = pull_policy(c);
    let h = util::fnv64(format!("{}/{image}", ctx.uid).as_bytes());
    let at = Time(t_ms.div_euclid(1000));
    let fail = if blocked {
        None
    } else {
        pull_fate(sim, &image, present, &policy, at, h)
    };
    let mut step = Step {
        name: meta::str_at(c, &["name"]).to_string(),
        image,
        init,
        pull_from: None,
        pull_ms: 0,
        wait_ms: 0,
        start: NEVER,
        exit: None,
        restarts: false,
        ready_delay: 0,
        fail: None,
        before: None,
        code: 0,
        log: Arc::from(Vec::new()),
        missing: None,
    };
    if blocked || fail.is_some() {
        // Never starts.
        *t_ms += fail.as_ref().map_or(0, |f| f.secs * 1000);
        step.fail = fail;
        return step;
    }
    let (pull_from, pull_ms, wait_ms) = if present && policy != "Always" {
        (None, 0, 0)
    } else if let Some(r) = ready_at.filter(|r| *r > *t_ms) {
        // Another pod is pulling it: this pull finishes just after that one.
        (Some(at), 150 + h % 400, (r - *t_ms).max(0) as u64)
    } else {
        let ms = if present {
            400 + h % 900
        } else {
            pull_ms_for(&step.image, h)
        };
        (Some(at), ms, 0)
    };
    *t_ms += (pull_ms + wait_ms) as i64;
    if ready_at.is_none_or(|r| r > *t_ms) {
        sim.images.insert(norm, *t_ms);
    }
    let start = Time((*t_ms + 999).div_euclid(1000));
    let exit = if init {
        Some(start.plus(1))
    } else {
        let (secs, code, log, missing) = process_of(c, ctx.job);
        step.code = code;
        step.log = log;
        step.missing = missing;
        secs.map(|s| start.plus(s))
    };
    if init {
        *t_ms = start.plus(1).0 * 1000;
    }
    step.pull_from = pull_from;
    step.pull_ms = pull_ms;
    step.wait_ms = wait_ms;
    step.start = start;
    step.exit = exit;
    // The kubelet restarts an exited container unless the policy says it is done.
    let done_for_good = ctx.never || (ctx.on_failure && step.code == 0);
    step.restarts = !init && exit.is_some() && !done_for_good;
    step.ready_delay = c
        .pointer("/readinessProbe/initialDelaySeconds")
        .and_then(|d| d.as_i64())
        .unwrap_or(0)
        .clamp(0, 1 << 30);
    step
}

/// `spec.containers[*].image` is mutable: a container whose image changed is planned again
/// from now, as the kubelet does once it sees the new spec. One that runs is stopped first
/// (`Killing`) and counts a restart; one still waiting (a failing pull) just pulls the new image.
fn follow_image_changes(sim: &mut Sim, api: &mut ApiServer, pod: &Value, key: &Key, now: Time) {
    let Some(mut plan) = sim.plans.get(key).cloned() else {
        return;
    };
    let ctx = PodCtx::of(pod);
    let blocked = plan.steps.iter().any(|s| s.init && s.start == NEVER);
    // The kubelet hears of the change within the second and starts on it the next.
    let mut t_ms = now.plus(1).0 * 1000;
    let mut changed = false;
    for c in containers(pod, "containers") {
        let name = meta::str_at(&c, &["name"]);
        let Some(old) = plan.steps.iter_mut().find(|s| !s.init && s.name == name) else {
            continue;
        };
        if old.image == meta::str_at(&c, &["image"]) {
            continue;
        }
        let b = old.before.map_or(0, |x| x.0);
        let before = match old.at(now) {
            Run::Waiting => old.before,
            Run::Running { k, start, .. } => {
                let msg = format!("Container {name} definition changed, will be restarted");
                let host = sim.node.name.clone();
                let ev = Event::normal(pod, "Killing", msg, Source::Kubelet(&host)).container(name);
                events::record(sim, api, ev, now);
                Some((b + k + 1, start, now))
            }
            Run::Exited { k, start, exit } => Some((b + k + 1, start, exit)),
            Run::BackOff { k, prev, .. } => Some((b + k + 1, prev.0, prev.1)),
        };
        let mut step = plan_step(sim, &ctx, &c, false, &mut t_ms, blocked);
        step.before = before;
        *old = step;
        changed = true;
    }
    if changed {
        (plan.running, plan.done) = totals(&plan.steps, plan.sandbox);
        sim.plans.insert(key.clone(), plan);
    }
}

/// When all main containers run (NEVER if one cannot start), and when the pod is done, if
/// every container ends.
fn totals(steps: &[Step], sandbox: Time) -> (Time, Option<Time>) {
    let main = || steps.iter().filter(|s| !s.init);
    let running = main().map(|s| s.start).fold(sandbox, Time::max);
    let done = if main().any(|s| s.exit.is_none() || s.restarts) {
        None
    } else {
        main().filter_map(|s| s.exit).max()
    };
    (running, done)
}

fn make_plan(sim: &mut Sim, pod: &Value, now: Time) -> Plan {
    let ctx = PodCtx::of(pod);
    let sandbox = now.plus(1);
    let mut t_ms: i64 = sandbox.0 * 1000;
    let all: Vec<(Value, bool)> = containers(pod, "initContainers")
        .into_iter()
        .map(|c| (c, true))
        .chain(
            containers(pod, "containers")
                .into_iter()
                .map(|c| (c, false)),
        )
        .collect();
    let mut steps: Vec<Step> = Vec::new();
    for (c, init) in all {
        // A failing init container holds back every container after it.
        let blocked = steps.iter().any(|s| s.init && s.start == NEVER);
        steps.push(plan_step(sim, &ctx, &c, init, &mut t_ms, blocked));
    }
    let (running, done) = totals(&steps, sandbox);
    let uid = ctx.uid;
    let host_network = pod
        .pointer("/spec/hostNetwork")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let ip = if host_network {
        sim.node.ip.clone()
    } else {
        sim.alloc_pod_ip()
    };
    Plan {
        start: now,
        sandbox,
        steps,
        running,
        done,
        ip,
        uid,
        reported: None,
    }
}

/// How the runtime reports run `k` of a container whose program is missing.
fn start_error(sim: &Sim, uid: &str, step: &Step, k: i64) -> Option<StartError> {
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

fn container_id(sim: &Sim, uid: &str, name: &str) -> String {
    let prefix = match sim.node.runtime {
        Runtime::Docker => "docker://",
        Runtime::Containerd => "containerd://",
    };
    format!("{prefix}{}", util::hex_from(&format!("{uid}/{name}"), 64))
}

/// What the runtime reports as the image and its ID.
fn image_names(sim: &Sim, image: &str) -> (String, String) {
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

fn mounts_status(c: &Value) -> Option<Value> {
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

fn cond(t: &str, ok: bool, at: Time, reason: Option<&str>, msg: Option<String>) -> Value {
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

fn container_status(
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
            "reason": if step.code == 0 { "Completed" } else { "Error" },
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
                !step.init && now >= start.plus(step.ready_delay),
                true,
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

fn status_at(sim: &Sim, pod: &Value, plan: &Plan, now: Time) -> Value {
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
    let failed = done && plan.steps.iter().any(|s| !s.init && s.code != 0);
    let running = now >= plan.running && !done;
    let inits: Vec<&Step> = plan.steps.iter().filter(|s| s.init).collect();
    let init_done_at = inits.iter().filter_map(|s| s.exit).max();
    let initialized = inits.iter().all(|s| s.exit.is_some_and(|e| now >= e));
    let specs: Vec<Value> = containers(pod, "containers");
    let init_specs: Vec<Value> = containers(pod, "initContainers");
    let main_names: Vec<String> = plan
        .steps
        .iter()
        .filter(|s| !s.init)
        .map(|s| s.name.clone())
        .collect();
    let unready: Vec<String> = main_names
        .iter()
        .filter(|n| {
            plan.steps
                .iter()
                .any(|s| &s.name == *n && !s.init && !s.ready_at(now))
        })
        .cloned()
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
            .filter(|s| s.exit.is_none_or(|e| now < e))
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
    for st in plan.steps.iter().filter(|st| !st.init) {
        match st.at(now) {
            Run::Running { start, .. } => ready_at = ready_at.max(start.plus(st.ready_delay)),
            Run::Exited { exit, .. } => unready_at = unready_at.max(exit),
            Run::BackOff { prev, .. } => unready_at = unready_at.max(prev.1),
            Run::Waiting => {}
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
                container_status(sim, pod, &spec, s, now, "PodInitializing")
            })
            .collect();
        st.insert("initContainerStatuses".into(), Value::Array(ics));
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

/// Go's `time.Duration` string of a millisecond count (`4.337s`, `1.2s`, `873ms`).
pub fn go_duration_ms(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let frac = ms % 1000;
    if frac == 0 {
        return format!("{secs}s");
    }
    let f = format!("{frac:03}");
    format!("{secs}.{}s", f.trim_end_matches('0'))
}

/// Sizes the runtime reports for common images: docker gives the unpacked size, containerd the
/// compressed one; other images get a plausible size of their own.
fn image_size(runtime: Runtime, image: &str) -> u64 {
    if let Some(images::Lookup::Found(found)) = Reference::parse(image).map(|r| images::lookup(&r))
    {
        return found.reported_size(runtime == Runtime::Docker);
    }
    let repo = repo_of(image);
    let (unpacked, compressed) = match repo.rsplit('/').next().unwrap_or("") {
        "nginx" => (192_004_242, 72_099_410),
        "busybox" => (4_269_694, 2_156_518),
        "alpine" => (7_834_054, 3_653_068),
        "httpd" => (148_061_211, 58_117_209),
        "redis" => (117_230_428, 45_090_382),
        "ubuntu" => (78_115_328, 29_754_422),
        "postgres" => (438_408_466, 158_317_392),
        "mysql" => (602_397_830, 171_545_032),
        _ => {
            let n = 20_000_000 + util::fnv64(repo.as_bytes()) % 180_000_000;
            (n, n * 3 / 8)
        }
    };
    match runtime {
        Runtime::Docker => unpacked,
        Runtime::Containerd => compressed,
    }
}

/// `Started`, or for a program the image lacks, the runtime's `Failed` (run `k` overall).
fn started_event<'a>(sim: &Sim, pod: &'a Value, s: &Step, k: i64, host: &'a str) -> Event<'a> {
    let ev = match start_error(sim, pod.uid(), s, k) {
        Some(e) => {
            let mut ev = Event::normal(
                pod,
                "Failed",
                format!("Error: {}", e.event),
                Source::Kubelet(host),
            );
            ev.kind = "Warning";
            ev
        }
        None => Event::normal(
            pod,
            "Started",
            format!("Started container {}", s.name),
            Source::Kubelet(host),
        ),
    };
    ev.container(&s.name)
}

/// Write the kubelet's events for what happened between the last look and `now`.
fn report(sim: &mut Sim, api: &mut ApiServer, pod: &Value, plan: &Plan, now: Time) {
    let after = plan.reported;
    let due = |t: Time| after.is_none_or(|a| t > a) && t <= now;
    let host = sim.node.name.clone();
    for s in &plan.steps {
        if let Some(fail) = &s.fail {
            for (at, warning, reason, message) in fail.events(after, now) {
                let mut ev =
                    Event::normal(pod, reason, message, Source::Kubelet(&host)).container(&s.name);
                if warning {
                    ev.kind = "Warning";
                }
                events::record(sim, api, ev, at);
            }
            continue;
        }
        let (pulled_at, pulled_msg) = match s.pull_from {
            Some(from) => {
                if due(from) {
                    let ev = Event::normal(
                        pod,
                        "Pulling",
                        format!("Pulling image \"{}\"", s.image),
                        Source::Kubelet(&host),
                    )
                    .container(&s.name);
                    events::record(sim, api, ev, from);
                }
                let d = go_duration_ms(s.pull_ms);
                let w = go_duration_ms(s.pull_ms + s.wait_ms);
                (
                    s.start,
                    format!(
                        "Successfully pulled image \"{}\" in {d} ({w} including waiting). Image size: {} bytes.",
                        s.image,
                        image_size(sim.node.runtime, &s.image)
                    ),
                )
            }
            None => (
                s.start,
                format!("Container image \"{}\" already present on machine", s.image),
            ),
        };
        if due(pulled_at) {
            let ev =
                Event::normal(pod, "Pulled", pulled_msg, Source::Kubelet(&host)).container(&s.name);
            events::record(sim, api, ev, pulled_at);
            let ev = Event::normal(
                pod,
                "Created",
                format!("Created container: {}", s.name),
                Source::Kubelet(&host),
            )
            .container(&s.name);
            events::record(sim, api, ev, s.start);
            let b = s.before.map_or(0, |x| x.0);
            let ev = started_event(sim, pod, s, b, &host);
            events::record(sim, api, ev, s.start);
        }
        if s.restarts {
            let runs = s.runs(now);
            // After a long sleep only the latest restarts matter (their events are counted).
            let skip = runs.len().saturating_sub(10);
            for (k, (start, exit)) in runs.into_iter().enumerate().skip(skip) {
                if k > 0 && due(start) {
                    let msg = if pull_policy_of(pod, &s.name) == "Always" {
                        let d = go_duration_ms(350 + (k as u64 * 37) % 500);
                        format!(
                            "Successfully pulled image \"{}\" in {d} ({d} including waiting). Image size: {} bytes.",
                            s.image,
                            image_size(sim.node.runtime, &s.image)
                        )
                    } else {
                        format!("Container image \"{}\" already present on machine", s.image)
                    };
                    if pull_policy_of(pod, &s.name) == "Always" {
                        let ev = Event::normal(
                            pod,
                            "Pulling",
                            format!("Pulling image \"{}\"", s.image),
                            Source::Kubelet(&host),
                        )
                        .container(&s.name);
                        events::record(sim, api, ev, start);
                    }
                    for (reason, m) in [
                        ("Pulled", msg),
                        ("Created", format!("Created container: {}", s.name)),
                    ] {
                        let ev = Event::normal(pod, reason, m, Source::Kubelet(&host))
                            .container(&s.name);
                        events::record(sim, api, ev, start);
                    }
                    let b = s.before.map_or(0, |x| x.0);
                    let ev = started_event(sim, pod, s, k as i64 + b, &host);
                    events::record(sim, api, ev, start);
                }
                if due(exit.plus(1)) && s.delay(k as i64) > 0 {
                    let mut ev = Event::normal(
                        pod,
                        "BackOff",
                        format!(
                            "Back-off restarting failed container {} in pod {}_{}({})",
                            s.name,
                            meta::name(pod),
                            meta::namespace(pod),
                            pod.uid()
                        ),
                        Source::Kubelet(&host),
                    )
                    .container(&s.name);
                    ev.kind = "Warning";
                    events::record(sim, api, ev, exit.plus(1));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_as_go_does() {
        assert_eq!(go_duration_ms(4337), "4.337s");
        assert_eq!(go_duration_ms(1200), "1.2s");
        assert_eq!(go_duration_ms(873), "873ms");
        assert_eq!(go_duration_ms(2000), "2s");
    }

    #[test]
    fn images_normalize_like_docker() {
        assert_eq!(normalize_image("nginx"), "nginx:latest");
        assert_eq!(
            normalize_image("docker.io/library/nginx:1.25"),
            "nginx:1.25"
        );
        assert_eq!(
            repo_of("registry.k8s.io/pause:3.10"),
            "registry.k8s.io/pause"
        );
        assert_eq!(repo_of("localhost:5000/app"), "localhost:5000/app");
    }
}
