//! The PersistentVolume controller and the cluster's dynamic provisioner: a claim binds to a
//! matching Available volume, or its StorageClass's provisioner makes one (`pvc-<claim uid>`):
//! at once for `Immediate` classes (minikube's `standard`), once a pod uses the claim for
//! `WaitForFirstConsumer` ones (k3s's `local-path`).

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::events::{self, Event, Source};
use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

const PV_CONTROLLER: &str = "persistentvolume-controller";

/// Storage sizes compared in bytes (`1Gi`, `500Mi`, `2G`).
fn bytes(q: &str) -> Option<u128> {
    let split = q
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(q.len());
    let (num, unit) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        _ => return None,
    };
    Some((n * mult) as u128)
}

fn class_of(v: &Value) -> Option<String> {
    v.pointer("/spec/storageClassName")
        .and_then(|c| c.as_str())
        .map(String::from)
}

fn modes(v: &Value) -> Vec<String> {
    v.pointer("/spec/accessModes")
        .and_then(|m| m.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The default StorageClass, as the DefaultStorageClass admission plugin picks it.
fn default_class(api: &ApiServer) -> Option<Value> {
    api.store()
        .list("storage.k8s.io/storageclasses", None)
        .map(|(_, c)| c)
        .find(|c| {
            meta::str_at(
                c,
                &[
                    "metadata",
                    "annotations",
                    "storageclass.kubernetes.io/is-default-class",
                ],
            ) == "true"
        })
        .cloned()
}

fn record(sim: &mut Sim, api: &mut ApiServer, obj: &Value, reason: &str, msg: String, from: &str) {
    let now = api.now;
    events::record(
        sim,
        api,
        Event::normal(obj, reason, msg, Source::Controller(from)),
        now,
    );
}

/// How often the volume controller looks at an unbound claim again (its claim sync period).
const RESYNC_SECS: i64 = 15;

/// A claim whose class does not exist: it stays Pending, and each sync of the volume
/// controller reports why it cannot provision (a Warning the event recorder counts up).
fn class_not_found(sim: &mut Sim, api: &mut ApiServer, key: &Key, pvc: &Value, class: &str) {
    let now = api.now;
    let ev = Event {
        kind: "Warning",
        ..Event::normal(
            pvc,
            "ProvisioningFailed",
            format!("storageclass.storage.k8s.io \"{class}\" not found"),
            Source::Controller(PV_CONTROLLER),
        )
    };
    events::record(sim, api, ev, now);
    sim.wake(now.plus(RESYNC_SECS), key);
}

/// Whether some pod in the claim's namespace mounts it.
fn has_consumer(api: &ApiServer, ns: &str, claim: &str) -> bool {
    api.store().list("/pods", Some(ns)).any(|(_, p)| {
        p.pointer("/spec/volumes")
            .and_then(|v| v.as_array())
            .is_some_and(|vols| {
                vols.iter()
                    .any(|v| meta::str_at(v, &["persistentVolumeClaim", "claimName"]) == claim)
            })
    })
}

pub fn sync_claim(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(mut pvc) = api.store().get(key).cloned() else {
        return;
    };
    if pvc.is_deleting() {
        super::protection::claim(sim, api, key, &pvc);
        return;
    }
    if meta::str_at(&pvc, &["status", "phase"]) == "Bound" {
        return;
    }
    let (Some(pvc_info), Some(pv_info)) = (
        util::info(api, "/persistentvolumeclaims"),
        util::info(api, "/persistentvolumes"),
    ) else {
        return;
    };
    let now = api.now;
    let ns = key.namespace.clone();
    let name = key.name.clone();
    let class = match class_of(&pvc) {
        Some(c) => Some(c),
        None => default_class(api).map(|c| meta::name(&c).to_string()),
    };
    if pvc.pointer("/spec/storageClassName").is_none() {
        if let Some(c) = &class {
            pvc["spec"]["storageClassName"] = json!(c);
        }
    }
    let want = meta::str_at(&pvc, &["spec", "resources", "requests", "storage"]).to_string();
    let want_bytes = bytes(&want).unwrap_or(0);
    let want_modes = modes(&pvc);
    let class_name = class.clone().unwrap_or_default();
    // A matching volume that is already there.
    let named = meta::str_at(&pvc, &["spec", "volumeName"]).to_string();
    let candidate = api
        .store()
        .list("/persistentvolumes", None)
        .map(|(_, v)| v)
        .filter(|v| {
            meta::str_at(v, &["status", "phase"]) == "Available"
                || v.pointer("/status/phase").is_none()
        })
        .filter(|v| v.pointer("/spec/claimRef").is_none())
        .filter(|v| named.is_empty() || meta::name(v) == named)
        .filter(|v| class_of(v).unwrap_or_default() == class_name)
        .filter(|v| {
            bytes(meta::str_at(v, &["spec", "capacity", "storage"])).unwrap_or(0) >= want_bytes
        })
        .filter(|v| {
            let have = modes(v);
            want_modes.iter().all(|m| have.contains(m))
        })
        .min_by_key(|v| bytes(meta::str_at(v, &["spec", "capacity", "storage"])).unwrap_or(0))
        .cloned();
    let pv = match candidate {
        Some(pv) => pv,
        None => {
            let Some(sc) = class.as_ref().and_then(|c| {
                api.store()
                    .get(&Key::new("storage.k8s.io/storageclasses", "", c))
                    .cloned()
            }) else {
                if let Some(c) = class.as_deref().filter(|c| !c.is_empty()) {
                    class_not_found(sim, api, key, &pvc, c);
                }
                return;
            };
            let provisioner = meta::str_at(&sc, &["provisioner"]).to_string();
            let late = meta::str_at(&sc, &["volumeBindingMode"]) == "WaitForFirstConsumer";
            if late && !has_consumer(api, &ns, &name) {
                if pvc.get("status").and_then(|s| s.get("phase")).is_none() {
                    pvc["status"] = json!({"phase": "Pending"});
                    let _ = util::write(api, &pvc_info, pvc.clone());
                    record(
                        sim,
                        api,
                        &pvc,
                        "WaitForFirstConsumer",
                        "waiting for first consumer to be created before binding".into(),
                        PV_CONTROLLER,
                    );
                }
                return;
            }
            let uid = pvc.uid().to_string();
            let pv_name = format!("pvc-{uid}");
            let node =
                util::consumer_node(api, &ns, &name).unwrap_or_else(|| sim.node.name.clone());
            let mut annotations = json!({"pv.kubernetes.io/provisioned-by": provisioner});
            let source = if provisioner == "rancher.io/local-path" {
                annotations["local.path.provisioner/selected-node"] = json!(node);
                json!({"hostPath": {"path": format!("/var/lib/rancher/k3s/storage/{pv_name}_{ns}_{name}"), "type": "DirectoryOrCreate"}})
            } else {
                annotations["hostPathProvisionerIdentity"] =
                    json!(util::hex_from(&format!("{node}/identity"), 32));
                json!({"hostPath": {"path": format!("/tmp/hostpath-provisioner/{ns}/{name}"), "type": ""}})
            };
            let h = util::hex_from(&format!("{node}/provisioner"), 32);
            let instance = format!(
                "{provisioner}_{node}_{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            );
            record(
                sim,
                api,
                &pvc,
                "ExternalProvisioning",
                format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
                PV_CONTROLLER,
            );
            record(
                sim,
                api,
                &pvc,
                "Provisioning",
                format!("External provisioner is provisioning volume for claim \"{ns}/{name}\""),
                &instance,
            );
            let mut spec = json!({
                "accessModes": want_modes,
                "capacity": {"storage": want},
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy").cloned().unwrap_or(json!("Delete")),
                "storageClassName": class_name,
                "volumeMode": "Filesystem",
            });
            if let (Some(m), Some(src)) = (spec.as_object_mut(), source.as_object()) {
                for (k, v) in src {
                    m.insert(k.clone(), v.clone());
                }
            }
            if provisioner == "rancher.io/local-path" {
                spec["nodeAffinity"] = json!({"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}});
            }
            let body = json!({"apiVersion": "v1", "kind": "PersistentVolume",
                "metadata": {"annotations": annotations, "finalizers": ["kubernetes.io/pv-protection"], "name": pv_name},
                "spec": spec});
            let Ok(pv) = api.create(&pv_info, None, body, false) else {
                return;
            };
            record(
                sim,
                api,
                &pvc,
                "ProvisioningSucceeded",
                format!("Successfully provisioned volume {pv_name}"),
                &instance,
            );
            let ann = pvc["metadata"]
                .as_object_mut()
                .map(|m| m.entry("annotations").or_insert(json!({})).clone());
            let mut a = ann.unwrap_or(json!({}));
            a["volume.beta.kubernetes.io/storage-provisioner"] = json!(provisioner);
            a["volume.kubernetes.io/storage-provisioner"] = json!(provisioner);
            if late {
                a["volume.kubernetes.io/selected-node"] = json!(node);
            }
            pvc["metadata"]["annotations"] = a;
            pv
        }
    };
    // Bind both sides.
    let pv_name = meta::name(&pv).to_string();
    let mut pv2 = pv.clone();
    pv2["spec"]["claimRef"] = json!({
        "apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": name, "namespace": ns,
        "resourceVersion": pvc.resource_version(), "uid": pvc.uid(),
    });
    pv2["status"] = json!({"lastPhaseTransitionTime": now.rfc3339(), "phase": "Bound"});
    let _ = util::write(api, &pv_info, pv2);
    pvc["metadata"]["annotations"]["pv.kubernetes.io/bind-completed"] = json!("yes");
    pvc["metadata"]["annotations"]["pv.kubernetes.io/bound-by-controller"] = json!("yes");
    if pvc.pointer("/metadata/finalizers").is_none() {
        pvc["metadata"]["finalizers"] = json!(["kubernetes.io/pvc-protection"]);
    }
    pvc["spec"]["volumeName"] = json!(pv_name);
    pvc["status"] = json!({
        "accessModes": modes(&pv),
        "capacity": pv.pointer("/spec/capacity").cloned().unwrap_or(json!({})),
        "phase": "Bound",
    });
    let _ = util::write(api, &pvc_info, pvc);
}

/// A new volume may be what a waiting claim needs; a released one follows its reclaim policy.
pub fn sync_volume(sim: &mut Sim, api: &mut ApiServer, key: &Key) {
    let Some(pv) = api.store().get(key).cloned() else {
        return;
    };
    let Some(info) = util::info(api, "/persistentvolumes") else {
        return;
    };
    if pv.is_deleting() {
        super::protection::volume(api, &pv);
        return;
    }
    match pv.pointer("/spec/claimRef") {
        None => {
            // The API server stores a new volume as Pending; the volume controller makes it
            // Available at once.
            let phase = pv.pointer("/status/phase").and_then(|p| p.as_str());
            if phase.is_none() || phase == Some("Pending") {
                let mut p = pv.clone();
                p["status"] =
                    json!({"lastPhaseTransitionTime": api.now.rfc3339(), "phase": "Available"});
                let _ = util::write(api, &info, p);
            }
            let waiting: Vec<Key> = api
                .store()
                .list("/persistentvolumeclaims", None)
                .filter(|(_, c)| meta::str_at(c, &["status", "phase"]) != "Bound")
                .map(|(k, _)| k)
                .collect();
            sim.queue.extend(waiting);
        }
        Some(claim) => {
            let ns = meta::str_at(claim, &["namespace"]);
            let name = meta::str_at(claim, &["name"]);
            let bound = meta::str_at(&pv, &["status", "phase"]) == "Bound";
            let claim_gone = !api
                .store()
                .contains(&Key::new("/persistentvolumeclaims", ns, name));
            if bound && claim_gone {
                // Released first; with the Delete policy the provisioner then deletes it.
                let mut p = pv.clone();
                p["status"] =
                    json!({"lastPhaseTransitionTime": api.now.rfc3339(), "phase": "Released"});
                let _ = util::write(api, &info, p);
                if meta::str_at(&pv, &["spec", "persistentVolumeReclaimPolicy"]) == "Delete" {
                    let _ = api.delete(&info, None, &key.name, false);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_compare_in_bytes() {
        assert_eq!(bytes("1Gi"), Some(1 << 30));
        assert!(bytes("2G").unwrap() > bytes("1Gi").unwrap());
        assert_eq!(bytes("500Mi"), Some(500 << 20));
        assert_eq!(bytes("x"), None);
    }
}
