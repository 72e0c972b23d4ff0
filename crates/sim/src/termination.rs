//! The kubelet's side of a graceful pod deletion. Once the API server has marked a pod with
//! `deletionTimestamp` (the end of its grace period), the kubelet sends SIGTERM to each running
//! container (a `Killing` event, `Stopping container nginx`). A process that handles SIGTERM
//! exits soon after; one that does not (a shell or `sleep` as PID 1, which the kernel shields
//! from signals it has no handler for) is killed with SIGKILL when the grace period ends. When
//! every container has stopped the kubelet deletes the pod with a grace period of 0, and the
//! API server removes it.

use serde_json::Value;

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::graceful::DeleteOptions;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

use crate::images::{self, Reference, Sigterm};

/// Seconds from the deletion until a process that handles SIGTERM has exited and the kubelet
/// has reported it (its pod worker, the runtime's stop, the status manager's final delete).
const PROMPT_EXIT_SECS: i64 = 2;

/// How a container's main process answers SIGTERM: by exiting promptly, or not at all.
pub(crate) fn exits_on_sigterm(container: &Value) -> bool {
    let first_word = |field: &str| {
        container
            .get(field)
            .and_then(|c| c.as_array())
            .and_then(|c| c.first())
            .and_then(|w| w.as_str())
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
    };
    // A command given in the pod replaces the image's entrypoint: a shell or `sleep` runs as
    // PID 1 with no SIGTERM handler.
    if let Some(cmd) = first_word("command") {
        return !matches!(
            cmd.as_str(),
            "sh" | "bash" | "ash" | "zsh" | "sleep" | "tail"
        );
    }
    // Else the image's own program does what the catalog says (an image it lacks never runs).
    let reference = Reference::parse(meta::str_at(container, &["image"]));
    match reference.map(|r| images::lookup(&r)) {
        Some(images::Lookup::Found(image)) => image.sigterm == Sigterm::Exits,
        _ => true,
    }
}

/// When the grace period began and ends.
fn window(pod: &Value) -> Option<(Time, Time)> {
    let end = pod
        .pointer("/metadata/deletionTimestamp")
        .and_then(|t| t.as_str())
        .and_then(Time::parse_rfc3339)?;
    let grace = pod
        .pointer("/metadata/deletionGracePeriodSeconds")
        .and_then(|g| g.as_i64())
        .unwrap_or(0);
    Some((end.plus(-grace), end))
}

/// The containers running when the deletion came, by name, with their spec.
fn running_containers(pod: &Value) -> Vec<Value> {
    let statuses = pod
        .pointer("/status/containerStatuses")
        .and_then(|s| s.as_array())
        .cloned()
        .unwrap_or_default();
    let specs = pod
        .pointer("/spec/containers")
        .and_then(|s| s.as_array())
        .cloned()
        .unwrap_or_default();
    statuses
        .iter()
        .filter(|s| s.pointer("/state/running").is_some())
        .filter_map(|s| {
            let name = meta::str_at(s, &["name"]);
            specs
                .iter()
                .find(|c| meta::str_at(c, &["name"]) == name)
                .cloned()
        })
        .collect()
}

/// When the last container has stopped: promptly for those that exit on SIGTERM, at the end
/// of the grace period for the others, unless their process ends on its own before that
/// (`ends` gives when, for a container's current run).
fn stopped_at(
    containers: &[Value],
    start: Time,
    end: Time,
    ends: impl Fn(&Value) -> Option<Time>,
) -> Time {
    containers
        .iter()
        .map(|c| {
            let stop = if exits_on_sigterm(c) {
                start.plus(PROMPT_EXIT_SECS).min(end)
            } else {
                end
            };
            ends(c).map_or(stop, |e| stop.min(e.max(start)))
        })
        .max()
        .unwrap_or(start)
}

/// Whether the kubelet already reported stopping this pod (a later look must not repeat it).
fn killing_reported(api: &ApiServer, pod: &Value) -> bool {
    let uid = meta::str_at(pod, &["metadata", "uid"]);
    api.store()
        .list("/events", Some(meta::namespace(pod)))
        .any(|(_, e)| {
            meta::str_at(e, &["involvedObject", "uid"]) == uid
                && meta::str_at(e, &["reason"]) == "Killing"
        })
}

/// A terminating pod on this node: stop its containers, then have it removed.
pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key, pod: &Value) {
    let Some((start, end)) = window(pod) else {
        return;
    };
    let containers = running_containers(pod);
    if !containers.is_empty() && !killing_reported(api, pod) {
        // The kubelet of the pod's own node reports it.
        let host = meta::str_at(pod, &["spec", "nodeName"]).to_string();
        for c in &containers {
            let name = meta::str_at(c, &["name"]).to_string();
            let ev = Event::normal(
                pod,
                "Killing",
                format!("Stopping container {name}"),
                Source::Kubelet(&host),
            )
            .container(&name);
            let now = api.now;
            events::record(sim, api, ev, now);
        }
    }
    // The run going on when the deletion came may end on its own before the kill.
    let ends = |c: &Value| super::kubelet::run_ends(sim, key, meta::str_at(c, &["name"]), start);
    let done = stopped_at(&containers, start, end, ends);
    if api.now < done {
        sim.wake(done, key);
        return;
    }
    if let Some(info) = util::info(api, "/pods") {
        let ns = key.namespace.clone();
        let _ = api.delete_with(&info, Some(&ns), &key.name, &DeleteOptions::immediate());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn servers_exit_and_shells_wait_for_the_kill() {
        assert!(exits_on_sigterm(&json!({"image": "nginx"})));
        assert!(exits_on_sigterm(
            &json!({"image": "docker.io/library/redis:7"})
        ));
        assert!(!exits_on_sigterm(&json!({"image": "busybox:1.36"})));
        assert!(!exits_on_sigterm(
            &json!({"image": "nginx", "command": ["sleep", "3600"]})
        ));
        assert!(!exits_on_sigterm(
            &json!({"image": "nginx", "command": ["/bin/sh", "-c", "x"]})
        ));
    }

    #[test]
    fn the_last_container_decides() {
        let t = Time(100);
        let both = [json!({"image": "nginx"}), json!({"image": "busybox"})];
        let never = |_: &Value| None;
        assert_eq!(stopped_at(&both[..1], t, t.plus(30), never), t.plus(2));
        assert_eq!(stopped_at(&both, t, t.plus(30), never), t.plus(30));
        assert_eq!(stopped_at(&[], t, t.plus(30), never), t);
        // A shell that exits on its own 5 s later does not wait for the kill.
        let soon = |_: &Value| Some(t.plus(5));
        assert_eq!(stopped_at(&both, t, t.plus(30), soon), t.plus(5));
    }
}
