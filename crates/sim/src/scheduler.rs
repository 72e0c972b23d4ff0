//! The scheduler: a pending pod without a node is bound to the profile's one node.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::json;

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

pub fn sync(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pod) = api.store().get(key) else {
        return;
    };
    if !meta::str_at(pod, &["spec", "nodeName"]).is_empty() || pod.is_deleting() {
        return;
    }
    let scheduler = meta::str_at(pod, &["spec", "schedulerName"]);
    if !scheduler.is_empty() && scheduler != "default-scheduler" {
        return;
    }
    let mut pod = pod.clone();
    let now = api.now;
    meta::set_str(&mut pod, &["spec", "nodeName"], &sim.node.name);
    let cond = json!({
        "lastProbeTime": null,
        "lastTransitionTime": now.rfc3339(),
        "status": "True",
        "type": "PodScheduled",
    });
    let conds = pod
        .pointer_mut("/status/conditions")
        .and_then(|c| c.as_array_mut());
    match conds {
        Some(list) => {
            list.retain(|c| c.get("type").and_then(|t| t.as_str()) != Some("PodScheduled"));
            list.push(cond);
        }
        None => meta::set(&mut pod, &["status", "conditions"], json!([cond])),
    }
    meta::default(&mut pod, &["status", "phase"], json!("Pending"));
    let Some(info) = util::info(api, "/pods") else {
        return;
    };
    // The scheduler binds through the pods/binding subresource, which may set `spec.nodeName`
    // where a plain update may not: `util::write` falls back to writing as it does.
    let Some(bound) = util::write(api, &info, pod) else {
        return;
    };
    let message = format!(
        "Successfully assigned {}/{} to {}",
        key.namespace, key.name, sim.node.name
    );
    let instance = format!("default-scheduler-{}", sim.node.name);
    events::record(
        sim,
        api,
        Event::normal(
            &bound,
            "Scheduled",
            message,
            Source::Reporting("default-scheduler", &instance, "Binding"),
        ),
        now,
    );
}
