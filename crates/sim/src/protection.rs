//! The storage-object-in-use protection controllers: a deleted claim keeps its
//! `kubernetes.io/pvc-protection` finalizer (and shows `Terminating`) while a pod that has not
//! finished still uses it; a deleted volume keeps `kubernetes.io/pv-protection` while it is
//! bound. Once unused, the finalizer is taken off and the API server lets the object go.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use super::{util, Sim};
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

const PVC_FINALIZER: &str = "kubernetes.io/pvc-protection";
const PV_FINALIZER: &str = "kubernetes.io/pv-protection";
/// How often a claim held by a pod is looked at again (the pod's removal does not name it).
const RECHECK_SECS: i64 = 1;

fn without_finalizer(obj: &Value, finalizer: &str) -> Option<Value> {
    let list = obj.pointer("/metadata/finalizers")?.as_array()?;
    if !list.iter().any(|f| f == finalizer) {
        return None;
    }
    let kept: Vec<Value> = list.iter().filter(|f| *f != finalizer).cloned().collect();
    let mut out = obj.clone();
    out["metadata"]["finalizers"] = json!(kept);
    Some(out)
}

/// Whether a pod that has not finished mounts the claim.
fn in_use(api: &ApiServer, ns: &str, claim: &str) -> bool {
    api.store().list("/pods", Some(ns)).any(|(_, p)| {
        !matches!(
            meta::str_at(p, &["status", "phase"]),
            "Succeeded" | "Failed"
        ) && p
            .pointer("/spec/volumes")
            .and_then(|v| v.as_array())
            .is_some_and(|v| {
                v.iter()
                    .any(|v| meta::str_at(v, &["persistentVolumeClaim", "claimName"]) == claim)
            })
    })
}

/// A deleted claim: release it once no pod uses it, else look again shortly.
pub fn claim(sim: &mut Sim, api: &mut ApiServer, key: &Key, pvc: &Value) {
    if !pvc.is_deleting() {
        return;
    }
    if in_use(api, &key.namespace, &key.name) {
        sim.wake(api.now.plus(RECHECK_SECS), key);
        return;
    }
    if let (Some(info), Some(released)) = (
        util::info(api, "/persistentvolumeclaims"),
        without_finalizer(pvc, PVC_FINALIZER),
    ) {
        let _ = util::write(api, &info, released);
    }
}

/// A deleted volume: release it once it is no longer bound.
pub fn volume(api: &mut ApiServer, pv: &Value) {
    if !pv.is_deleting() || meta::str_at(pv, &["status", "phase"]) == "Bound" {
        return;
    }
    if let (Some(info), Some(released)) = (
        util::info(api, "/persistentvolumes"),
        without_finalizer(pv, PV_FINALIZER),
    ) {
        let _ = util::write(api, &info, released);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_finalizer_goes() {
        let pvc = json!({"metadata": {"finalizers": [PVC_FINALIZER, "example.com/keep"]}});
        let out = without_finalizer(&pvc, PVC_FINALIZER).unwrap_or_default();
        assert_eq!(out["metadata"]["finalizers"], json!(["example.com/keep"]));
        assert!(without_finalizer(&out, PVC_FINALIZER).is_none());
    }
}
