//! The node lifecycle controller's NoSchedule tainting: a cordoned node (`spec.unschedulable`)
//! carries `node.kubernetes.io/unschedulable:NoSchedule`, an uncordoned one loses it, as
//! `kubectl describe node` then shows. (The condition taints, not-ready and the pressures, are
//! not needed while the simulated nodes stay Ready.)

use serde_json::{json, Value};

use super::util;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

const UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

pub fn sync(api: &mut ApiServer, key: &Key) {
    let Some(node) = api.store().get(key) else {
        return;
    };
    let cordoned = node
        .pointer("/spec/unschedulable")
        .and_then(|u| u.as_bool())
        .unwrap_or(false);
    let taints: Vec<Value> = node
        .pointer("/spec/taints")
        .and_then(|t| t.as_array())
        .cloned()
        .unwrap_or_default();
    let has = taints
        .iter()
        .any(|t| meta::str_at(t, &["key"]) == UNSCHEDULABLE);
    if has == cordoned {
        return;
    }
    let mut updated = node.clone();
    let mut taints = taints;
    if cordoned {
        taints.push(
            json!({"effect": "NoSchedule", "key": UNSCHEDULABLE, "timeAdded": api.now.rfc3339()}),
        );
    } else {
        taints.retain(|t| meta::str_at(t, &["key"]) != UNSCHEDULABLE);
    }
    if taints.is_empty() {
        if let Some(spec) = updated.get_mut("spec").and_then(|s| s.as_object_mut()) {
            spec.shift_remove("taints");
        }
    } else {
        meta::set(&mut updated, &["spec", "taints"], Value::Array(taints));
    }
    if let Some(info) = util::info(api, "/nodes") {
        let _ = util::write(api, &info, updated);
    }
}
