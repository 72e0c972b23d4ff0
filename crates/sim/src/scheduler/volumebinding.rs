//! VolumeBinding's PreFilter: every claim the pod mounts must exist, and an immediate-binding
//! claim must be bound already (a WaitForFirstConsumer claim binds after the pod is placed).

use serde_json::Value;

use super::status::Status;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

pub const UNBOUND: &str = "pod has unbound immediate PersistentVolumeClaims";

fn waits_for_consumer(api: &ApiServer, claim: &Value) -> bool {
    let class = match claim
        .pointer("/spec/storageClassName")
        .and_then(|c| c.as_str())
    {
        Some(c) => c.to_string(),
        None => return false,
    };
    api.store()
        .get(&Key::new("storage.k8s.io/storageclasses", "", &class))
        .is_some_and(|sc| meta::str_at(sc, &["volumeBindingMode"]) == "WaitForFirstConsumer")
}

/// None when the pod's claims allow scheduling; the PreFilter's status otherwise.
pub fn prefilter(api: &ApiServer, pod: &Value) -> Option<Status> {
    let ns = meta::namespace(pod);
    let mut unbound = false;
    for v in pod
        .pointer("/spec/volumes")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let Some(name) = v
            .pointer("/persistentVolumeClaim/claimName")
            .and_then(|c| c.as_str())
        else {
            continue;
        };
        let Some(claim) = api
            .store()
            .get(&Key::new("/persistentvolumeclaims", ns, name))
        else {
            return Some(Status::unresolvable(format!(
                "persistentvolumeclaim \"{name}\" not found"
            )));
        };
        if claim.pointer("/metadata/deletionTimestamp").is_some() {
            return Some(Status::unresolvable(format!(
                "persistentvolumeclaim \"{name}\" is being deleted"
            )));
        }
        let bound = meta::str_at(claim, &["status", "phase"]) == "Bound";
        if !bound && !waits_for_consumer(api, claim) {
            unbound = true;
        }
    }
    unbound.then(|| Status::unresolvable(UNBOUND))
}
