//! `kubectl describe replicationcontroller`: as a ReplicaSet, with the older map selector and
//! kubectl's own conditions table.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::daemonset::pods_status;
use super::events;
use super::podspec::pod_template;
use super::replicaset::pod_counts;
use super::selector::format_labels;
use super::{
    annotations_multiline, arr, int_at, labels_multiline, name_namespace, s, Settings, LEVEL_0,
    LEVEL_1, W,
};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, rc: &Value, settings: &Settings) -> Result<String, KError> {
    // SelectorFromSet(...).String(): the map's pairs sorted, "" when empty.
    let selector = match format_labels(rc.pointer("/spec/selector")).as_str() {
        "<none>" => String::new(),
        other => other.to_string(),
    };
    let counts = pod_counts(ctx, rc, &selector).map_err(KError::msg)?;
    let evs = events::for_object(ctx, rc, settings);
    Ok(render(rc, counts, evs.as_deref(), settings.now))
}

pub fn render(rc: &Value, counts: [usize; 4], evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, rc);
    w.write(
        LEVEL_0,
        &format!(
            "Selector:\t{}\n",
            format_labels(rc.pointer("/spec/selector"))
        ),
    );
    labels_multiline(&mut w, "", "Labels", rc.labels());
    annotations_multiline(&mut w, "Annotations", rc.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            int_at(rc, "/status/replicas"),
            int_at(rc, "/spec/replicas")
        ),
    );
    pods_status(&mut w, counts);
    pod_template(&mut w, rc.pointer("/spec/template"));
    let conditions = arr(rc, "/status/conditions");
    if !conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
        w.write(LEVEL_1, "----\t------\t------\n");
        for c in conditions {
            w.write(
                LEVEL_1,
                &format!(
                    "{} \t{}\t{}\n",
                    s(c, "/type"),
                    s(c, "/status"),
                    s(c, "/reason")
                ),
            );
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
    fn a_replication_controller() {
        let rc = json!({
            "metadata": {"name": "old", "namespace": "default"},
            "spec": {"replicas": 1, "selector": {"app": "old"},
                     "template": {"metadata": {"labels": {"app": "old"}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}},
            "status": {"replicas": 1}
        });
        let text = render(&rc, [1, 0, 0, 0], None, Time(0));
        assert!(
            text.starts_with(
                "Name:         old
Namespace:    default
Selector:     app=old
Labels:       <none>
Annotations:  <none>
Replicas:     1 current / 1 desired
Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed
"
            ),
            "{text}"
        );
    }
}
