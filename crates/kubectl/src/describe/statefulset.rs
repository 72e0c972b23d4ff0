//! `kubectl describe statefulset`: replicas, its update strategy, the phases of its pods, its
//! template and claim templates, and its events.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::daemonset::pods_status;
use super::events;
use super::podspec::pod_template;
use super::replicaset::pod_counts;
use super::{
    annotations_multiline, arr, go_value, int_at, labels_multiline, name_namespace, rfc1123z, s,
    time_at, Settings, LEVEL_0, LEVEL_1, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, sts: &Value, settings: &Settings) -> Result<String, KError> {
    let selector = LabelSelector::selector_string(sts.pointer("/spec/selector"));
    let counts = pod_counts(ctx, sts, &selector).map_err(KError::msg)?;
    let evs = events::for_object(ctx, sts, settings);
    Ok(render(sts, counts, evs.as_deref(), settings.now))
}

pub fn render(sts: &Value, counts: [usize; 4], evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, sts);
    let created = time_at(sts, "/metadata/creationTimestamp").map(rfc1123z);
    w.write(
        LEVEL_0,
        &format!("CreationTimestamp:\t{}\n", created.unwrap_or_default()),
    );
    let selector = LabelSelector::selector_string(sts.pointer("/spec/selector"));
    w.write(LEVEL_0, &format!("Selector:\t{selector}\n"));
    labels_multiline(&mut w, "", "Labels", sts.labels());
    annotations_multiline(&mut w, "Annotations", sts.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} desired | {} total\n",
            int_at(sts, "/spec/replicas"),
            int_at(sts, "/status/replicas")
        ),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Update Strategy:\t{}\n",
            s(sts, "/spec/updateStrategy/type")
        ),
    );
    // kubectl prints MaxUnavailable only under a set partition.
    if let Some(p) = sts.pointer("/spec/updateStrategy/rollingUpdate/partition") {
        w.write(LEVEL_1, &format!("Partition:\t{}\n", go_value(p)));
        if let Some(m) = sts.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable") {
            w.write(LEVEL_1, &format!("MaxUnavailable:\t{}\n", go_value(m)));
        }
    }
    pods_status(&mut w, counts);
    pod_template(&mut w, sts.pointer("/spec/template"));
    claim_templates(&mut w, arr(sts, "/spec/volumeClaimTemplates"));
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// `describeVolumeClaimTemplates`.
fn claim_templates(w: &mut W, templates: &[Value]) {
    if templates.is_empty() {
        w.write(LEVEL_0, "Volume Claims:\t<none>\n");
        return;
    }
    w.write(LEVEL_0, "Volume Claims:\n");
    for pvc in templates {
        w.write(LEVEL_1, &format!("Name:\t{}\n", s(pvc, "/metadata/name")));
        w.write(LEVEL_1, &format!("StorageClass:\t{}\n", claim_class(pvc)));
        labels_multiline(w, "  ", "Labels", pvc.labels());
        labels_multiline(w, "  ", "Annotations", pvc.annotations());
        let capacity = match pvc.pointer("/spec/resources/requests/storage") {
            Some(c) => go_value(c),
            None => "<default>".into(),
        };
        w.write(LEVEL_1, &format!("Capacity:\t{capacity}\n"));
        let modes: Vec<&str> = arr(pvc, "/spec/accessModes")
            .iter()
            .filter_map(|m| m.as_str())
            .collect();
        w.write(LEVEL_1, &format!("Access Modes:\t[{}]\n", modes.join(" ")));
    }
}

/// storageutil's `GetPersistentVolumeClaimClass`: the beta annotation first, then the field.
pub fn claim_class(pvc: &Value) -> String {
    let beta = pvc
        .annotations()
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class"));
    beta.or(pvc.pointer("/spec/storageClassName"))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_stateful_set_with_a_claim_template() {
        let sts = json!({
            "metadata": {"name": "db", "namespace": "default",
                         "creationTimestamp": "2025-11-25T04:00:00Z"},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "db"}},
                     "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}},
                     "template": {"metadata": {"labels": {"app": "db"}},
                                  "spec": {"containers": [{"name": "db", "image": "postgres"}]}},
                     "volumeClaimTemplates": [{"metadata": {"name": "data"},
                        "spec": {"accessModes": ["ReadWriteOnce"],
                                 "resources": {"requests": {"storage": "1Gi"}}}}]},
            "status": {"replicas": 2}
        });
        let text = render(&sts, [2, 0, 0, 0], None, Time(0));
        assert!(
            text.starts_with(
                "Name:               db
Namespace:          default
CreationTimestamp:  Tue, 25 Nov 2025 04:00:00 +0000
Selector:           app=db
Labels:             <none>
Annotations:        <none>
Replicas:           2 desired | 2 total
Update Strategy:    RollingUpdate
  Partition:        1
Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
"
            ),
            "{text}"
        );
        assert!(
            text.ends_with(
                "Volume Claims:
  Name:          data
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
"
            ),
            "{text}"
        );
    }
}
