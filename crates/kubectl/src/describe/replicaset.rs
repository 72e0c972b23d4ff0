//! `kubectl describe replicaset`: replicas, the phases of the pods it controls, its template.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::deployment::conditions;
use super::events;
use super::podspec::pod_template;
use super::{
    annotations_multiline, arr, controlled_by, int_at, labels_multiline, name_namespace, s,
    Settings, LEVEL_0, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

/// Running / Waiting / Succeeded / Failed pods, or the error listing them.
pub type PodCounts = Result<[usize; 4], String>;

pub fn describe(ctx: &mut Ctx, rs: &Value, settings: &Settings) -> Result<String, KError> {
    let selector = LabelSelector::selector_string(rs.pointer("/spec/selector"));
    let counts = pod_counts(ctx, rs, &selector);
    let evs = events::for_object(ctx, rs, settings);
    Ok(render(rs, &counts, evs.as_deref(), settings.now))
}

/// `getPodStatusForController`: pods matching the selector and controlled by this object.
pub fn pod_counts(ctx: &mut Ctx, owner: &Value, selector: &str) -> PodCounts {
    let path = format!(
        "/api/v1/namespaces/{}/pods",
        s(owner, "/metadata/namespace")
    );
    let mut req = ApiRequest::get(path);
    if !selector.is_empty() {
        req = req.with_query("labelSelector", selector);
    }
    let list = ctx
        .call(req)
        .map_err(|e| e.render("").trim_end().to_string())?;
    let uid = s(owner, "/metadata/uid");
    let mut counts = [0usize; 4];
    for pod in arr(&list, "/items") {
        let owned = pod.controller_uid() == Some(uid);
        if !owned {
            continue;
        }
        match s(pod, "/status/phase") {
            "Running" => counts[0] += 1,
            "Pending" => counts[1] += 1,
            "Succeeded" => counts[2] += 1,
            "Failed" => counts[3] += 1,
            _ => {}
        }
    }
    Ok(counts)
}

pub fn render(rs: &Value, counts: &PodCounts, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, rs);
    w.write(
        LEVEL_0,
        &format!(
            "Selector:\t{}\n",
            LabelSelector::format(rs.pointer("/spec/selector"))
        ),
    );
    labels_multiline(&mut w, "", "Labels", rs.labels());
    annotations_multiline(&mut w, "Annotations", rs.annotations());
    let owner = controlled_by(rs);
    if !owner.is_empty() {
        w.write(LEVEL_0, &format!("Controlled By:\t{owner}\n"));
    }
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            int_at(rs, "/status/replicas"),
            int_at(rs, "/spec/replicas")
        ),
    );
    w.write(LEVEL_0, "Pods Status:\t");
    match counts {
        Ok([r, wt, su, f]) => w.write(
            LEVEL_0,
            &format!("{r} Running / {wt} Waiting / {su} Succeeded / {f} Failed\n"),
        ),
        Err(e) => w.write(LEVEL_0, &format!("error in fetching pods: {e}\n")),
    }
    pod_template(&mut w, rs.pointer("/spec/template"));
    conditions(&mut w, rs);
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
    fn replica_set_of_a_deployment() {
        let rs = json!({
            "metadata": {"name": "web-5d8d7b9c5f", "namespace": "default",
                "labels": {"app": "web", "pod-template-hash": "5d8d7b9c5f"},
                "annotations": {"deployment.kubernetes.io/desired-replicas": "2",
                                "deployment.kubernetes.io/max-replicas": "3",
                                "deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"controller": true, "kind": "Deployment", "name": "web"}]},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5d8d7b9c5f"}},
                     "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "5d8d7b9c5f"}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
            "status": {"replicas": 2}
        });
        assert_eq!(
            render(&rs, &Ok([2, 0, 0, 0]), Some(&[]), Time(0)),
            "Name:           web-5d8d7b9c5f
Namespace:      default
Selector:       app=web,pod-template-hash=5d8d7b9c5f
Labels:         app=web
                pod-template-hash=5d8d7b9c5f
Annotations:    deployment.kubernetes.io/desired-replicas: 2
                deployment.kubernetes.io/max-replicas: 3
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/web
Replicas:       2 current / 2 desired
Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=5d8d7b9c5f
  Containers:
   nginx:
    Image:         nginx
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>
"
        );
    }
}
