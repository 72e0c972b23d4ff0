//! The kubelet's events for what happened between two looks: pulls, creations, starts,
//! start failures and back-offs, each at the moment it happened.

use super::*;

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
pub(super) fn image_size(runtime: Runtime, image: &str) -> u64 {
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
pub(super) fn started_event<'a>(
    sim: &Sim,
    pod: &'a Value,
    s: &Step,
    k: i64,
    host: &'a str,
) -> Event<'a> {
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
pub(super) fn report(sim: &mut Sim, api: &mut ApiServer, pod: &Value, plan: &Plan, now: Time) {
    let after = plan.reported;
    let due = |t: Time| after.is_none_or(|a| t > a) && t <= now;
    let host = sim.node.name.clone();
    if let Some(mount) = &plan.mount {
        for (at, message) in mount.events(after, now) {
            let mut ev = Event::normal(pod, "FailedMount", message, Source::Kubelet(&host));
            ev.kind = "Warning";
            events::record(sim, api, ev, at);
        }
    }
    for s in plan.steps.iter().chain(&plan.ephemeral) {
        // A container that cannot be configured was pulled first (its first look).
        let config_at = s.fail.as_ref().and_then(|f| match f.cause {
            Cause::Config(..) => Some(f.first),
            _ => None,
        });
        if let Some(fail) = &s.fail {
            if config_at.is_none() {
                report_fail(sim, api, pod, &host, s, fail, after, now);
                continue;
            }
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
                    config_at.unwrap_or(s.start),
                    format!(
                        "Successfully pulled image \"{}\" in {d} ({w} including waiting). Image size: {} bytes.",
                        s.image,
                        image_size(sim.node.runtime, &s.image)
                    ),
                )
            }
            None => (
                config_at.unwrap_or(s.start),
                format!("Container image \"{}\" already present on machine", s.image),
            ),
        };
        if due(pulled_at) {
            let ev =
                Event::normal(pod, "Pulled", pulled_msg, Source::Kubelet(&host)).container(&s.name);
            events::record(sim, api, ev, pulled_at);
        }
        if let Some(fail) = &s.fail {
            report_fail(sim, api, pod, &host, s, fail, after, now);
            continue;
        }
        if due(pulled_at) {
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
        super::probing::report(sim, api, pod, &host, s, after, now);
    }
    // Sidecars are stopped once the main containers are done.
    if let Some(done) = plan.done.filter(|d| due(*d)) {
        for s in plan.steps.iter().filter(|s| s.sidecar && s.start <= done) {
            let message = format!("Stopping container {}", s.name);
            let ev =
                Event::normal(pod, "Killing", message, Source::Kubelet(&host)).container(&s.name);
            events::record(sim, api, ev, done);
        }
    }
}

/// The events of a container that does not start, from its failure's timeline.
#[allow(clippy::too_many_arguments)]
fn report_fail(
    sim: &mut Sim,
    api: &mut ApiServer,
    pod: &Value,
    host: &str,
    s: &Step,
    fail: &PullFail,
    after: Option<Time>,
    now: Time,
) {
    for (at, warning, reason, mut message) in fail.events(after, now) {
        if reason == "Pulled" && message.is_empty() {
            // A look that pulled the present image again (policy Always).
            let h = util::fnv64(format!("{}/{}/{}", pod.uid(), s.image, at.0).as_bytes());
            let d = go_duration_ms(400 + h % 900);
            let size = image_size(sim.node.runtime, &s.image);
            message = format!(
                "Successfully pulled image \"{}\" in {d} ({d} including waiting). Image size: {size} bytes.",
                s.image
            );
        }
        let mut ev = Event::normal(pod, reason, message, Source::Kubelet(host)).container(&s.name);
        if warning {
            ev.kind = "Warning";
        }
        events::record(sim, api, ev, at);
    }
}
