//! `kubectl describe daemonset`: its selectors, how many nodes run its pod, the phases of those
//! pods, its template and events.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::events;
use super::podspec::pod_template;
use super::replicaset::pod_counts;
use super::selector::format_labels;
use super::{annotations_multiline, int_at, labels_multiline, s, Settings, LEVEL_0, W};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, ds: &Value, settings: &Settings) -> Result<String, KError> {
    let selector = LabelSelector::selector_string(ds.pointer("/spec/selector"));
    let counts = pod_counts(ctx, ds, &selector).map_err(KError::msg)?;
    let evs = events::for_object(ctx, ds, settings);
    Ok(render(ds, counts, evs.as_deref(), settings.now))
}

pub fn render(ds: &Value, counts: [usize; 4], evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    w.write(LEVEL_0, &format!("Name:\t{}\n", s(ds, "/metadata/name")));
    let selector = LabelSelector::selector_string(ds.pointer("/spec/selector"));
    w.write(LEVEL_0, &format!("Selector:\t{selector}\n"));
    let node_selector = ds.pointer("/spec/template/spec/nodeSelector");
    // FormatLabels prints `<none>` for an empty map.
    w.write(
        LEVEL_0,
        &format!("Node-Selector:\t{}\n", format_labels(node_selector)),
    );
    labels_multiline(&mut w, "", "Labels", ds.labels());
    annotations_multiline(&mut w, "Annotations", ds.annotations());
    // kubectl writes these five without a tab, so they stay out of the aligned column.
    for (title, field) in [
        (
            "Desired Number of Nodes Scheduled",
            "desiredNumberScheduled",
        ),
        (
            "Current Number of Nodes Scheduled",
            "currentNumberScheduled",
        ),
        (
            "Number of Nodes Scheduled with Up-to-date Pods",
            "updatedNumberScheduled",
        ),
        (
            "Number of Nodes Scheduled with Available Pods",
            "numberAvailable",
        ),
        ("Number of Nodes Misscheduled", "numberMisscheduled"),
    ] {
        let n = int_at(ds, &format!("/status/{field}"));
        w.write(LEVEL_0, &format!("{title}: {n}\n"));
    }
    pods_status(&mut w, counts);
    pod_template(&mut w, ds.pointer("/spec/template"));
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// The `Pods Status:` line of the controllers that count their pods by phase.
pub fn pods_status(w: &mut W, [running, waiting, succeeded, failed]: [usize; 4]) {
    w.write(
        LEVEL_0,
        &format!(
            "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_daemon_set_on_one_node() {
        let ds = json!({
            "metadata": {"name": "agent", "namespace": "default", "labels": {"app": "agent"}},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                     "template": {"metadata": {"labels": {"app": "agent"}},
                                  "spec": {"containers": [{"name": "agent", "image": "busybox"}]}}},
            "status": {"desiredNumberScheduled": 1, "currentNumberScheduled": 1,
                       "updatedNumberScheduled": 1, "numberAvailable": 1}
        });
        let text = render(&ds, [1, 0, 0, 0], Some(&[]), Time(0));
        assert!(
            text.starts_with(
                "Name:           agent
Selector:       app=agent
Node-Selector:  <none>
Labels:         app=agent
Annotations:    <none>
Desired Number of Nodes Scheduled: 1
Current Number of Nodes Scheduled: 1
Number of Nodes Scheduled with Up-to-date Pods: 1
Number of Nodes Scheduled with Available Pods: 1
Number of Nodes Misscheduled: 0
Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
"
            ),
            "{text}"
        );
    }
}
