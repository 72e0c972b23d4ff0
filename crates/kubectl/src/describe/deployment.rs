//! `kubectl describe deployment`: spec and status, the pod template, conditions, and which
//! ReplicaSets are old and new (the new one has the deployment's template).

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

use super::events;
use super::podspec::pod_template;
use super::{
    annotations_multiline, arr, go_value, int_at, labels_multiline, name_namespace, parse_time,
    rfc1123z, s, Settings, LEVEL_0, LEVEL_1, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, d: &Value, settings: &Settings) -> Result<String, KError> {
    let path = format!(
        "/apis/apps/v1/namespaces/{}/replicasets",
        s(d, "/metadata/namespace")
    );
    let mut req = ApiRequest::get(path);
    let sel = LabelSelector::selector_string(d.pointer("/spec/selector"));
    if !sel.is_empty() {
        req = req.with_query("labelSelector", sel);
    }
    // kubectl leaves the ReplicaSet lines out when it cannot list them.
    let sets = ctx.call(req).ok().map(|l| owned_sets(d, arr(&l, "/items")));
    let evs = events::for_object(ctx, d, settings);
    Ok(render(d, sets.as_ref(), evs.as_deref(), settings.now))
}

/// Every old ReplicaSet (scaled down or not), and the new one.
pub struct Sets {
    pub old: Vec<Value>,
    pub new: Option<Value>,
}

/// A template without the `pod-template-hash` label, for comparing RS and deployment.
fn template_without_hash(t: Option<&Value>) -> Value {
    let mut t = t.cloned().unwrap_or(Value::Null);
    if let Some(labels) = t
        .pointer_mut("/metadata/labels")
        .and_then(|l| l.as_object_mut())
    {
        labels.shift_remove("pod-template-hash");
        if labels.is_empty() {
            if let Some(m) = t.pointer_mut("/metadata").and_then(|m| m.as_object_mut()) {
                m.shift_remove("labels");
            }
        }
    }
    t
}

fn owned_sets(d: &Value, items: &[Value]) -> Sets {
    let uid = s(d, "/metadata/uid");
    let mut owned: Vec<&Value> = items
        .iter()
        .filter(|rs| rs.controller_uid() == Some(uid))
        .collect();
    owned.sort_once_by(|a, b| {
        let key = |v: &Value| {
            (
                parse_time(s(v, "/metadata/creationTimestamp")),
                s(v, "/metadata/name").to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    let want = template_without_hash(d.pointer("/spec/template"));
    let new = owned
        .iter()
        .find(|rs| template_without_hash(rs.pointer("/spec/template")) == want)
        .map(|v| (*v).clone());
    let new_uid = new.as_ref().map(|n| s(n, "/metadata/uid").to_string());
    let old = owned
        .into_iter()
        .filter(|rs| Some(s(rs, "/metadata/uid").to_string()) != new_uid)
        .cloned()
        .collect();
    Sets { old, new }
}

/// `printReplicaSetsByLabels`.
fn sets_text(sets: &[Value]) -> String {
    let list: Vec<String> = sets
        .iter()
        .map(|rs| {
            format!(
                "{} ({}/{} replicas created)",
                s(rs, "/metadata/name"),
                int_at(rs, "/status/replicas"),
                int_at(rs, "/spec/replicas")
            )
        })
        .collect();
    if list.is_empty() {
        "<none>".into()
    } else {
        list.join(", ")
    }
}

pub fn render(d: &Value, sets: Option<&Sets>, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, d);
    let created = parse_time(s(d, "/metadata/creationTimestamp"))
        .map(rfc1123z)
        .unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".into());
    w.write(LEVEL_0, &format!("CreationTimestamp:\t{created}\n"));
    labels_multiline(&mut w, "", "Labels", d.labels());
    annotations_multiline(&mut w, "Annotations", d.annotations());
    w.write(
        LEVEL_0,
        &format!(
            "Selector:\t{}\n",
            LabelSelector::selector_string(d.pointer("/spec/selector"))
        ),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            int_at(d, "/spec/replicas"),
            int_at(d, "/status/updatedReplicas"),
            int_at(d, "/status/replicas"),
            int_at(d, "/status/availableReplicas"),
            int_at(d, "/status/unavailableReplicas")
        ),
    );
    w.write(
        LEVEL_0,
        &format!("StrategyType:\t{}\n", s(d, "/spec/strategy/type")),
    );
    w.write(
        LEVEL_0,
        &format!("MinReadySeconds:\t{}\n", int_at(d, "/spec/minReadySeconds")),
    );
    if let Some(ru) = d
        .pointer("/spec/strategy/rollingUpdate")
        .filter(|v| v.is_object())
    {
        let text = |f: &str| ru.get(f).map(go_value).unwrap_or_else(|| "<nil>".into());
        w.write(
            LEVEL_0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                text("maxUnavailable"),
                text("maxSurge")
            ),
        );
    }
    pod_template(&mut w, d.pointer("/spec/template"));
    conditions(&mut w, d);
    if let Some(sets) = sets.filter(|x| !x.old.is_empty() || x.new.is_some()) {
        w.write(
            LEVEL_0,
            &format!("OldReplicaSets:\t{}\n", sets_text(&sets.old)),
        );
        let new: Vec<Value> = sets.new.iter().cloned().collect();
        w.write(LEVEL_0, &format!("NewReplicaSet:\t{}\n", sets_text(&new)));
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// The `Type Status Reason` conditions table of deployments and replica sets.
pub fn conditions(w: &mut W, obj: &Value) {
    let list = arr(obj, "/status/conditions");
    if list.is_empty() {
        return;
    }
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(LEVEL_1, "----\t------\t------\n");
    for c in list {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deployment_with_new_replica_set() {
        let template = json!({"metadata": {"labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2",
                     "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}});
        let d = json!({
            "metadata": {"name": "nginx-deployment", "namespace": "default", "uid": "d1",
                         "creationTimestamp": "2025-11-25T04:00:00Z", "labels": {"app": "nginx"},
                         "annotations": {"deployment.kubernetes.io/revision": "1"}},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}}, "template": template,
                     "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}},
            "status": {"replicas": 3, "updatedReplicas": 3, "availableReplicas": 3,
                       "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                                      {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}
        });
        let mut rs_template = template.clone();
        meta_set(&mut rs_template);
        let rs = json!({"metadata": {"name": "nginx-deployment-76bf4969df", "uid": "r1",
                        "ownerReferences": [{"controller": true, "uid": "d1", "kind": "Deployment", "name": "nginx-deployment"}]},
                        "spec": {"replicas": 3, "template": rs_template}, "status": {"replicas": 3}});
        let sets = owned_sets(&d, &[rs]);
        assert_eq!(
            render(&d, Some(&sets), Some(&[]), Time(0)),
            "Name:                   nginx-deployment
Namespace:              default
CreationTimestamp:      Tue, 25 Nov 2025 04:00:00 +0000
Labels:                 app=nginx
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=nginx
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.14.2
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   nginx-deployment-76bf4969df (3/3 replicas created)
Events:          <none>
"
        );
    }

    #[test]
    fn old_sets_include_scaled_down_ones_and_none_means_no_lines() {
        let d = json!({"metadata": {"uid": "d1"}, "spec": {"template": {"metadata": {"labels": {"app": "a"}}}}});
        let owner = json!([{"controller": true, "uid": "d1"}]);
        let old = json!({"metadata": {"name": "a-old", "uid": "o", "ownerReferences": owner,
                         "creationTimestamp": "2025-11-25T03:00:00Z"},
                         "spec": {"replicas": 0, "template": {"metadata": {"labels": {"app": "b"}}}}});
        let sets = owned_sets(&d, &[old]);
        assert_eq!(sets_text(&sets.old), "a-old (0/0 replicas created)");
        assert!(sets.new.is_none());
        let text = render(&d, Some(&owned_sets(&d, &[])), None, Time(0));
        assert!(!text.contains("ReplicaSet"), "{text}");
    }

    fn meta_set(t: &mut Value) {
        if let Some(l) = t
            .pointer_mut("/metadata/labels")
            .and_then(|l| l.as_object_mut())
        {
            l.insert("pod-template-hash".into(), json!("76bf4969df"));
        }
    }
}
