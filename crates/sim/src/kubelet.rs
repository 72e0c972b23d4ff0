//! The kubelet: a pod bound to the node gets a sandbox and an IP a second later, its images are
//! pulled one after the other, then its containers run. Each pod's timeline is planned once, when
//! the kubelet first sees it, so the status at any moment follows from the clock alone.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::qos::qos_class;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Map, Value};

mod config;
mod logs;
mod memory;
mod network;
mod probing;
mod pull;
mod report;
mod status;

use config::*;
use pull::*;
use report::*;
use status::*;

pub use logs::Logged;
pub(crate) use logs::{common_log_time, http_date, slashed_time};
pub(crate) use network::refresh as refresh_network;

use super::events::{self, Event, Source};
use super::pullfail::{Cause, PullFail};
use super::{util, Sim};
use crate::images::{self, Reference};
use crate::network::{Access, Net};
use crate::probe::RunProbes;
use crate::process::start::{self, StartError};
use crate::process::{self, End, LogLine};
use crate::Runtime;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;
use std::sync::Arc;

/// One container's place in a pod's timeline.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
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
    /// Its probes' course over each run (None: it has no probes, it is ready once running).
    pub probes: Option<Arc<RunProbes>>,
    /// Its runs end because a probe failed: the kubelet kills it (and restarts it even under
    /// restartPolicy OnFailure).
    pub probe_kill: bool,
    /// Its runs end with the OOM killer (exit code 137, `OOMKilled`).
    pub oom: bool,
    /// A native sidecar: an init container with `restartPolicy: Always`, which the next
    /// container waits to see started (not finished) and which runs beside the main ones.
    pub sidecar: bool,
    /// Its image cannot be had: it never starts (until the pod's image is changed).
    pub fail: Option<PullFail>,
    /// Its process's exit code (the same on every run: the process is deterministic).
    pub code: i32,
    /// What each run prints, with times from its start (for `kubectl logs`).
    pub log: Arc<[LogLine]>,
    /// The program its image lacks: every run fails to start.
    pub missing: Option<String>,
    /// The requests each run's script makes that reach a server, with times from its start
    /// (for that server's access log).
    pub requests: Arc<[Access]>,
    /// Its script uses the network: what it prints follows the cluster's changes.
    pub net: bool,
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

    /// It ends, successfully, on its first run (what an init container must do to let the
    /// next one start).
    fn succeeds(&self) -> bool {
        if self.sidecar {
            return self.start != NEVER && self.missing.is_none() && self.started_after().is_some();
        }
        self.start != NEVER && self.exit.is_some() && self.code == 0
    }

    /// Seconds into its first run when it counts as started (None: never).
    fn started_after(&self) -> Option<i64> {
        match &self.probes {
            None => Some(0),
            Some(p) => p.started,
        }
    }

    /// When the containers after it may start: a sidecar once started, others once exited.
    fn lets_next_start(&self) -> Option<Time> {
        if self.sidecar {
            return self.started_after().map(|s| self.start.plus(s));
        }
        self.exit
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
            && matches!(self.at(now), Run::Running { start, .. } if self.ready_in_run(start, now))
    }

    /// Ready at `now` in the run that started at `start`.
    fn ready_in_run(&self, start: Time, now: Time) -> bool {
        match &self.probes {
            None => true,
            Some(p) => p.ready_at(now.since(start)),
        }
    }

    /// Its `started` field in the run that started at `start`.
    fn started_in_run(&self, start: Time, now: Time) -> bool {
        match &self.probes {
            None => true,
            Some(p) => p.started.is_some_and(|s| now.since(start) >= s),
        }
    }

    /// When its readiness last changed in the run that started at `start`.
    fn ready_since(&self, start: Time, now: Time) -> Time {
        match self
            .probes
            .as_ref()
            .and_then(|p| p.last_change(now.since(start)))
        {
            Some(secs) => start.plus(secs),
            None => start,
        }
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

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
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
    /// Held before the sandbox until its volumes can be set up.
    pub mount: Option<MountWait>,
    /// Ephemeral containers (`kubectl debug`), planned when they appear in the spec; they
    /// never restart and do not count for the pod's readiness or end.
    pub ephemeral: Vec<Step>,
}

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pod) = api.store().get(key) else {
        return;
    };
    if meta::str_at(pod, &["spec", "nodeName"]) != sim.node.name {
        return;
    }
    if pod.is_deleting() {
        let pod = pod.clone();
        super::termination::sync(sim, api, key, &pod);
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
        let plan = match mount_error(api, &pod) {
            Some(message) => held_plan(&pod, now, message),
            None => make_plan(sim, api, &pod, now),
        };
        sim.plans.insert(key.clone(), plan);
    } else {
        follow_mounts(sim, api, &pod, key, now);
        follow_image_changes(sim, api, &pod, key, now);
        follow_config_fixes(sim, api, &pod, key, now);
        follow_ephemeral(sim, api, &pod, key, now);
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

/// When the run of container `name` going on at `now` ends on its own, if it does (what a
/// pod's deletion waits for at most when the process ignores SIGTERM).
pub(crate) fn run_ends(sim: &Sim, key: &Key, name: &str, now: Time) -> Option<Time> {
    let plan = sim.plans.get(key)?;
    let step = plan.steps.iter().find(|s| !s.init && s.name == name)?;
    match step.at(now) {
        Run::Running { start, .. } => step.exit.map(|_| start.plus(step.run_secs())),
        _ => None,
    }
}

fn next_moment(plan: &Plan, now: Time) -> Option<Time> {
    let mut times = vec![plan.sandbox, plan.running];
    for s in plan.steps.iter().chain(&plan.ephemeral) {
        times.extend(s.fail.as_ref().and_then(|f| f.next_after(now)));
        times.extend(s.pull_from);
        times.push(s.start);
        times.extend(probing::next_moment(s, now));
        times.extend(s.exit);
        if s.restarts {
            // The next start or exit after now.
            for (a, b) in s.runs(now.plus(400)) {
                times.extend([a, b, b.plus(1)]);
            }
        }
    }
    times.extend(plan.done);
    times.extend(plan.mount.as_ref().and_then(|m| m.next_after(now)));
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

/// The process a container runs, when the image catalog and the process model know it: when it
/// ends (whole seconds after it starts, if it does), its exit code, what it prints, and the
/// program its image lacks if so. `None`: the caller guesses.
type Known = (Option<i64>, i32, Arc<[LogLine]>, Option<String>);

fn words(c: &Value, f: &str) -> Vec<String> {
    c.get(f)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|w| w.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The catalog's entry for the container's image, when it can be pulled.
fn image_of(c: &Value) -> Option<&'static images::Image> {
    match Reference::parse(meta::str_at(c, &["image"])).map(|r| images::lookup(&r)) {
        Some(images::Lookup::Found(image)) => Some(image),
        _ => None,
    }
}

fn process_of(c: &Value, net: Option<(&Net, i64)>) -> Option<(Known, process::Process)> {
    let stdin = c.get("stdin").and_then(Value::as_bool) == Some(true);
    let image = image_of(c)?;
    let p = process::run_with_stdin(image, &words(c, "command"), &words(c, "args"), stdin, net)?;
    let known = match &p.end {
        // A process that ends at once still runs for the second it takes to be seen.
        End::Exit { ms, code } => (
            Some((ms.div_ceil(1000) as i64).max(1)),
            *code,
            p.log.clone(),
            None,
        ),
        End::Never => (None, 0, p.log.clone(), None),
        // It fails as it starts (the code is the runtime's, see `start_error`).
        End::NotFound(program) => (Some(1), 1, p.log.clone(), Some(program.clone())),
    };
    Some((known, p))
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

/// The cluster DNS Service's address (what the kubelet writes in `/etc/resolv.conf`).
fn dns_ip(api: &ApiServer) -> String {
    api.store()
        .get(&Key::new("/services", "kube-system", "kube-dns"))
        .map(|s| meta::str_at(s, &["spec", "clusterIP"]).to_string())
        .unwrap_or_else(|| "10.96.0.10".to_string())
}

/// What planning one container needs to know about its pod.
struct PodCtx {
    uid: String,
    namespace: String,
    name: String,
    job: bool,
    /// restartPolicy Never.
    never: bool,
    /// restartPolicy OnFailure.
    on_failure: bool,
    /// Its IP (what probes reach).
    ip: String,
    /// terminationGracePeriodSeconds.
    grace: i64,
}

impl PodCtx {
    fn of(pod: &Value, ip: &str) -> PodCtx {
        let restart = meta::str_at(pod, &["spec", "restartPolicy"]);
        PodCtx {
            uid: pod.uid().to_string(),
            namespace: meta::namespace(pod).to_string(),
            name: meta::name(pod).to_string(),
            job: util::controller_key_of(pod, "", "batch/jobs").is_some(),
            never: restart == "Never",
            on_failure: restart == "OnFailure",
            ip: ip.to_string(),
            grace: pod
                .pointer("/spec/terminationGracePeriodSeconds")
                .and_then(|g| g.as_i64())
                .unwrap_or(30)
                .clamp(0, 1 << 31),
        }
    }
}

/// Plan container `c` whose image work may begin at `t_ms` (pulls are serial: `t_ms` moves on
/// past this one's). `blocked`: an init container before it cannot start, so neither can it.
fn plan_step(
    sim: &mut Sim,
    api: &ApiServer,
    ctx: &PodCtx,
    c: &Value,
    init: bool,
    t_ms: &mut i64,
    (blocked, config): (bool, Option<String>),
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
        probes: None,
        probe_kill: false,
        oom: false,
        sidecar: false,
        fail: None,
        before: None,
        code: 0,
        log: Arc::from(Vec::new()),
        missing: None,
        requests: Arc::from(Vec::new()),
        net: false,
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
    step.pull_from = pull_from;
    step.pull_ms = pull_ms;
    step.wait_ms = wait_ms;
    if let Some(message) = config {
        // Pulled, but it cannot be created: it waits for what it needs (see follow_config_fixes).
        step.fail = Some(PullFail {
            image: step.image.clone(),
            cause: Cause::Config(vec![(start, message)], policy == "Always"),
            first: start,
            secs: 0,
        });
        return step;
    }
    let (process, requests, used) = network::script_run(sim, api, ctx, c, start);
    step.requests = requests.into();
    step.net = used;
    let mut exit = match &process {
        Some(((secs, code, log, missing), _)) => {
            step.code = *code;
            step.log = log.clone();
            step.missing = missing.clone();
            // An init container that keeps running holds the pod (`sleep infinity`).
            secs.map(|s| start.plus(s))
        }
        // What this model cannot tell: a setup step finishes in a second; others are guessed.
        None if init => Some(start.plus(1)),
        None => run_seconds(c, ctx.job).map(|s| start.plus(s)),
    };
    if let Some(secs) = memory::oom_after(c, process.as_ref().map(|(_, p)| p)) {
        if exit.is_none_or(|e| e.since(start) > secs) {
            exit = Some(start.plus(secs));
            step.code = 137;
            step.oom = true;
        }
    }
    step.sidecar = init && meta::str_at(c, &["restartPolicy"]) == "Always";
    if (!init || step.sidecar) && step.missing.is_none() {
        let probes = probing::plan(
            ctx,
            c,
            process.as_ref().map(|(_, p)| p),
            exit.map(|e| e.since(start)),
        );
        if let Some((probes, kill)) = probes {
            if let Some((secs, code)) =
                kill.filter(|(secs, _)| exit.is_none_or(|e| e.since(start) > *secs))
            {
                exit = Some(start.plus(secs));
                step.code = code;
                step.probe_kill = true;
            }
            step.probes = Some(Arc::new(probes));
        }
    }
    step.start = start;
    step.exit = exit;
    if init {
        // The next container starts once this one succeeded, or started for a sidecar (else
        // it is held: see make_plan).
        *t_ms = step
            .lets_next_start()
            .map_or(*t_ms, |e| e.0.saturating_mul(1000));
    }
    // The kubelet restarts an exited container unless the policy says it is done.
    // Init containers are restarted only when they fail (unless the policy is Never).
    let done_for_good =
        ctx.never || ((ctx.on_failure || init) && step.code == 0 && !step.probe_kill);
    step.restarts = exit.is_some() && (step.sidecar || !done_for_good);
    step
}

/// `spec.containers[*].image` is mutable: a container whose image changed is planned again
/// from now, as the kubelet does once it sees the new spec. One that runs is stopped first
/// (`Killing`) and counts a restart; one still waiting (a failing pull) just pulls the new image.
fn follow_image_changes(sim: &mut Sim, api: &mut ApiServer, pod: &Value, key: &Key, now: Time) {
    let Some(mut plan) = sim.plans.get(key).cloned() else {
        return;
    };
    if plan.mount.is_some() {
        // Held by its volumes: it is planned with its spec of then.
        return;
    }
    let ctx = PodCtx::of(pod, &plan.ip);
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
        let config = config_error(api, meta::namespace(pod), &c);
        let mut step = plan_step(sim, api, &ctx, &c, false, &mut t_ms, (blocked, config));
        step.before = before;
        *old = step;
        changed = true;
    }
    if changed {
        (plan.running, plan.done) = totals(&plan.steps, plan.sandbox);
        sim.plans.insert(key.clone(), plan);
    }
}

/// An ephemeral container added to the spec (the `ephemeralcontainers` subresource) is pulled
/// and started from the next second, once; a pod that is done or still held starts none.
fn follow_ephemeral(sim: &mut Sim, api: &mut ApiServer, pod: &Value, key: &Key, now: Time) {
    let Some(mut plan) = sim.plans.get(key).cloned() else {
        return;
    };
    if plan.mount.is_some() || plan.done.is_some_and(|d| now >= d) {
        return;
    }
    let ctx = PodCtx::of(pod, &plan.ip);
    let mut t_ms = now.plus(1).0 * 1000;
    let mut changed = false;
    for c in containers(pod, "ephemeralContainers") {
        let name = meta::str_at(&c, &["name"]);
        if plan.ephemeral.iter().any(|s| s.name == name) {
            continue;
        }
        let config = config_error(api, meta::namespace(pod), &c);
        let mut step = plan_step(sim, api, &ctx, &c, false, &mut t_ms, (false, config));
        step.restarts = false;
        step.probes = None;
        plan.ephemeral.push(step);
        changed = true;
    }
    if changed {
        sim.plans.insert(key.clone(), plan);
    }
}

impl Sim {
    /// The process of container `name` ended now with `code` (the shell `kubectl debug` or
    /// `attach` joined exited): an ephemeral container, or one of a pod that never restarts
    /// (a node debugging pod), stays terminated. Others are left to their plan.
    pub fn end_process(&mut self, api: &ApiServer, ns: &str, pod: &str, name: &str, code: i32) {
        let key = Key::new("/pods", ns, pod);
        let Some(mut plan) = self.plans.get(&key).cloned() else {
            return;
        };
        let now = api.now;
        let never = api
            .store()
            .get(&key)
            .is_some_and(|p| meta::str_at(p, &["spec", "restartPolicy"]) == "Never");
        let step = match plan.ephemeral.iter_mut().find(|s| s.name == name) {
            Some(s) => s,
            None if never => match plan.steps.iter_mut().find(|s| !s.init && s.name == name) {
                Some(s) => s,
                None => return,
            },
            None => return,
        };
        if step.exit.is_some() || !matches!(step.at(now), Run::Running { .. }) {
            return;
        }
        step.exit = Some(now.max(step.start.plus(1)));
        step.code = code;
        step.restarts = false;
        (plan.running, plan.done) = totals(&plan.steps, plan.sandbox);
        self.plans.insert(key.clone(), plan);
        self.wake(now, &key);
    }
}

/// When all main containers run (NEVER if one cannot start), and when the pod is done, if
/// every container ends.
fn totals(steps: &[Step], sandbox: Time) -> (Time, Option<Time>) {
    let main = || steps.iter().filter(|s| !s.init);
    let running = main().map(|s| s.start).fold(sandbox, Time::max);
    // An init container that fails for good (restartPolicy Never) ends the pod.
    let init_failed = steps
        .iter()
        .filter(|s| s.init && !s.sidecar && s.code != 0 && !s.restarts)
        .find_map(|s| s.exit);
    if init_failed.is_some() {
        return (NEVER, init_failed);
    }
    let done = if main().any(|s| s.exit.is_none() || s.restarts) {
        None
    } else {
        main().filter_map(|s| s.exit).max()
    };
    (running, done)
}

/// A container that could not be configured starts at the kubelet's next look once what it
/// needs exists (the kubelet does not watch ConfigMaps and Secrets for it: it retries on its
/// 10 s period), without the pod being recreated. Containers held behind it are planned again.
fn follow_config_fixes(sim: &mut Sim, api: &mut ApiServer, pod: &Value, key: &Key, now: Time) {
    let Some(mut plan) = sim.plans.get(key).cloned() else {
        return;
    };
    let looks = |s: &Step| s.fail.as_ref().is_some_and(|f| f.config_look(now));
    if !plan.steps.iter().any(looks) {
        return;
    }
    let ctx = PodCtx::of(pod, &plan.ip);
    let ns = meta::namespace(pod).to_string();
    let all = pod_containers(pod);
    let mut t_ms = now.0.saturating_mul(1000);
    let mut changed = false;
    let mut updated = false;
    for i in 0..plan.steps.len() {
        let s = &plan.steps[i];
        let held = s.start == NEVER && s.fail.is_none();
        if !(looks(s) || (changed && held)) {
            continue;
        }
        let Some((c, init)) = all
            .iter()
            .find(|(c, init)| *init == s.init && meta::str_at(c, &["name"]) == s.name)
        else {
            continue;
        };
        let config = config_error(api, &ns, c);
        if let (Some(message), false) = (&config, changed) {
            // Still missing something (perhaps something else now).
            if let Some(fail) = plan.steps[i].fail.as_mut() {
                fail.config_changed(now, message.clone());
            }
            updated = true;
            continue;
        }
        let blocked = plan.steps[..i].iter().any(|s| s.init && !s.succeeds());
        let step = plan_step(sim, api, &ctx, c, *init, &mut t_ms, (blocked, config));
        plan.steps[i] = step;
        changed = true;
    }
    if changed {
        (plan.running, plan.done) = totals(&plan.steps, plan.sandbox);
    }
    if changed || updated {
        sim.plans.insert(key.clone(), plan);
    }
}

/// Init containers, then the others, each with whether it is an init container.
fn pod_containers(pod: &Value) -> Vec<(Value, bool)> {
    containers(pod, "initContainers")
        .into_iter()
        .map(|c| (c, true))
        .chain(
            containers(pod, "containers")
                .into_iter()
                .map(|c| (c, false)),
        )
        .collect()
}

fn make_plan(sim: &mut Sim, api: &ApiServer, pod: &Value, now: Time) -> Plan {
    let host_network = pod
        .pointer("/spec/hostNetwork")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let ip = if host_network {
        sim.node.ip.clone()
    } else {
        sim.alloc_pod_ip()
    };
    let ctx = PodCtx::of(pod, &ip);
    let sandbox = now.plus(1);
    let mut t_ms: i64 = sandbox.0 * 1000;
    let all = pod_containers(pod);
    let mut steps: Vec<Step> = Vec::new();
    for (c, init) in all {
        // A failing init container holds back every container after it.
        let blocked = steps.iter().any(|s| s.init && !s.succeeds());
        let config = (!blocked)
            .then(|| config_error(api, meta::namespace(pod), &c))
            .flatten();
        steps.push(plan_step(
            sim,
            api,
            &ctx,
            &c,
            init,
            &mut t_ms,
            (blocked, config),
        ));
    }
    let (running, done) = totals(&steps, sandbox);
    let uid = ctx.uid;
    Plan {
        start: now,
        sandbox,
        steps,
        running,
        done,
        ip,
        uid,
        reported: None,
        mount: None,
        ephemeral: Vec::new(),
    }
}

/// A pod whose volumes cannot be set up yet: no sandbox, nothing pulled, every container
/// `ContainerCreating` (see follow_mounts).
fn held_plan(pod: &Value, now: Time, message: String) -> Plan {
    let step = |(c, init): (Value, bool)| Step {
        name: meta::str_at(&c, &["name"]).to_string(),
        image: meta::str_at(&c, &["image"]).to_string(),
        init,
        pull_from: None,
        pull_ms: 0,
        wait_ms: 0,
        start: NEVER,
        exit: None,
        restarts: false,
        probes: None,
        probe_kill: false,
        oom: false,
        sidecar: false,
        fail: None,
        code: 0,
        log: Arc::from(Vec::new()),
        missing: None,
        requests: Arc::from(Vec::new()),
        net: false,
        before: None,
    };
    Plan {
        start: now,
        sandbox: NEVER,
        steps: pod_containers(pod).into_iter().map(step).collect(),
        running: NEVER,
        done: None,
        ip: String::new(),
        uid: pod.uid().to_string(),
        reported: None,
        ephemeral: Vec::new(),
        mount: Some(MountWait {
            first_ms: now.0.saturating_mul(1000),
            messages: vec![(now, message)],
        }),
    }
}

/// At each attempt of a held pod's mounts: once its volumes can be set up, it is planned from
/// now (keeping its start time and what was reported); else the failure may have changed.
fn follow_mounts(sim: &mut Sim, api: &mut ApiServer, pod: &Value, key: &Key, now: Time) {
    let Some(plan) = sim.plans.get_mut(key) else {
        return;
    };
    let Some(mount) = plan.mount.as_mut() else {
        return;
    };
    if !mount.attempts(now).contains(&now) {
        return;
    }
    if let Some(message) = mount_error(api, pod) {
        if mount.messages.last().is_none_or(|(_, m)| *m != message) {
            mount.messages.push((now, message));
        }
        return;
    }
    let (start, reported) = (plan.start, plan.reported);
    let mut fresh = make_plan(sim, api, pod, now);
    fresh.start = start;
    fresh.reported = reported;
    sim.plans.insert(key.clone(), fresh);
}

impl Sim {
    /// Whether pod `key` (with `uid`) is ready at `at` by its plan: all its containers running
    /// and ready then. None when the kubelet has no plan for it (the caller reads its status).
    pub(crate) fn pod_ready_at(&self, key: &Key, uid: &str, at: Time) -> Option<bool> {
        let plan = self.plans.get(key).filter(|p| p.uid == uid)?;
        let main: Vec<&Step> = plan.steps.iter().filter(|s| !s.init || s.sidecar).collect();
        Some(!main.is_empty() && main.iter().all(|s| s.ready_at(at)))
    }

    /// Whether container `name` of pod `key` runs at `at` by its plan (None: no plan).
    pub(crate) fn container_running_at(
        &self,
        key: &Key,
        uid: &str,
        name: &str,
        at: Time,
    ) -> Option<bool> {
        let plan = self.plans.get(key).filter(|p| p.uid == uid)?;
        let step = plan.steps.iter().find(|s| s.name == name)?;
        Some(step.missing.is_none() && matches!(step.at(at), Run::Running { .. }))
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
