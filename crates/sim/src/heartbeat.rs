//! The kubelet's heartbeats: it renews its node Lease every 10 seconds and re-posts the node's
//! conditions every five minutes. Done lazily, when time has moved past the next beat, so a
//! long `sleep` costs one write rather than thousands.

use serde_json::{json, Value};

use super::util;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};
use kubeplay_core::clock::Time;

const LEASE_EVERY: i64 = 10;
const STATUS_EVERY: i64 = 300;

/// The last beat at or before `now`, for beats every `every` seconds counted from `since`.
fn last_beat(since: Time, now: Time, every: i64) -> Time {
    if now <= since {
        return since;
    }
    Time(since.0 + (now.0 - since.0) / every * every)
}

/// Every node's kubelet beats.
pub fn beat(api: &mut ApiServer) {
    let nodes: Vec<String> = api
        .store()
        .list("/nodes", None)
        .map(|(k, _)| k.name)
        .collect();
    for node in nodes {
        beat_node(api, &node);
    }
}

fn beat_node(api: &mut ApiServer, node: &str) {
    let now = api.now;
    let lease_key = Key::new("coordination.k8s.io/leases", "kube-node-lease", node);
    if let Some(lease) = api.store().get(&lease_key).cloned() {
        let renewed = time_of(meta::str_at(&lease, &["spec", "renewTime"]));
        if let Some(r) = renewed {
            let next = last_beat(r, now, LEASE_EVERY);
            if next > r {
                let mut l = lease.clone();
                l["spec"]["renewTime"] = json!(util::micro(next, 104_517));
                if let Some(info) = util::info(api, "coordination.k8s.io/leases") {
                    let _ = util::write(api, &info, l);
                }
            }
        }
    }
    let node_key = Key::new("/nodes", "", node);
    if let Some(n) = api.store().get(&node_key).cloned() {
        let mut updated = n.clone();
        let mut changed = false;
        if let Some(conds) = updated
            .pointer_mut("/status/conditions")
            .and_then(|c| c.as_array_mut())
        {
            for c in conds.iter_mut() {
                let Some(h) = time_of(meta::str_at(c, &["lastHeartbeatTime"])) else {
                    continue;
                };
                let next = last_beat(h, now, STATUS_EVERY);
                if next > h {
                    c["lastHeartbeatTime"] = Value::String(next.rfc3339());
                    changed = true;
                }
            }
        }
        if changed {
            if let Some(info) = util::info(api, "/nodes") {
                let _ = util::write(api, &info, updated);
            }
        }
    }
}

fn time_of(s: &str) -> Option<Time> {
    // MicroTime carries a fraction; whole seconds are all that matter here.
    let whole = match s.find('.') {
        Some(i) => format!("{}Z", &s[..i]),
        None => s.to_string(),
    };
    Time::parse_rfc3339(&whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beats_fall_on_the_period() {
        assert_eq!(last_beat(Time(100), Time(125), 10), Time(120));
        assert_eq!(last_beat(Time(100), Time(105), 10), Time(100));
        assert_eq!(
            time_of("2026-11-25T10:00:00.123456Z"),
            Some(Time(1_795_600_800))
        );
    }
}
