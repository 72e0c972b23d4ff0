//! `kubectl describe csinode`: the CSI drivers a node has registered.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::{
    annotations_multiline, arr, go_value, labels_multiline, rfc1123z, s, time_at, Settings,
    LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, W,
};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, csi: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, csi, settings);
    Ok(render(csi, evs.as_deref(), settings.now))
}

pub fn render(csi: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(csi, "/metadata/name")));
    labels_multiline(&mut w, "", "Labels", csi.labels());
    annotations_multiline(&mut w, "Annotations", csi.annotations());
    let created = time_at(csi, "/metadata/creationTimestamp").map(rfc1123z);
    w.write(
        LEVEL_0,
        &format!("CreationTimestamp:\t{}\n", created.unwrap_or_default()),
    );
    w.write(LEVEL_0, "Spec:\n");
    if let Some(drivers) = csi.pointer("/spec/drivers").and_then(|d| d.as_array()) {
        w.write(LEVEL_1, "Drivers:\n");
        for d in drivers {
            w.write(LEVEL_2, &format!("{}:\n", s(d, "/name")));
            w.write(LEVEL_3, &format!("Node ID:\t{}\n", s(d, "/nodeID")));
            if let Some(count) = d.pointer("/allocatable/count") {
                w.write(LEVEL_3, "Allocatables:\n");
                w.write(LEVEL_4, &format!("Count:\t{}\n", go_value(count)));
            }
            if d.get("topologyKeys").is_some() {
                let keys: Vec<String> = arr(d, "/topologyKeys").iter().map(go_value).collect();
                w.write(LEVEL_3, &format!("Topology Keys:\t[{}]\n", keys.join(" ")));
            }
        }
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_node_without_drivers() {
        let csi = json!({"metadata": {"name": "minikube", "creationTimestamp": "2025-11-25T04:00:00Z"},
                         "spec": {"drivers": null}});
        assert_eq!(
            render(&csi, None, Time(0)),
            "Name:               minikube
Labels:             <none>
Annotations:        <none>
CreationTimestamp:  Tue, 25 Nov 2025 04:00:00 +0000
Spec:
"
        );
    }
}
