//! VolumeBinding: its PreFilter (every claim the pod mounts must exist, and an immediate-binding
//! claim must be bound already; a WaitForFirstConsumer claim binds after the pod is placed) and
//! its Filter (a bound volume's node affinity, as local-path volumes carry, must match the node).

use serde_json::Value;

use super::nodeaffinity;
use super::snapshot::NodeInfo;
use super::status::Status;
use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer};

pub const UNBOUND: &str = "pod has unbound immediate PersistentVolumeClaims";
pub const CONFLICT: &str = "node(s) had volume node affinity conflict";

fn claim_names(pod: &Value) -> impl Iterator<Item = &str> {
    pod.pointer("/spec/volumes")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.pointer("/persistentVolumeClaim/claimName"))
        .filter_map(|c| c.as_str())
}

/// The volumes bound to the pod's claims.
pub fn bound_volumes<'a>(api: &'a ApiServer, pod: &Value) -> Vec<&'a Value> {
    let ns = meta::namespace(pod);
    claim_names(pod)
        .filter_map(|c| api.store().get(&Key::new("/persistentvolumeclaims", ns, c)))
        .map(|c| meta::str_at(c, &["spec", "volumeName"]))
        .filter(|v| !v.is_empty())
        .filter_map(|v| api.store().get(&Key::new("/persistentvolumes", "", v)))
        .collect()
}

/// Whether every bound volume may be used from `node` (its required node affinity matches).
pub fn filter(volumes: &[&Value], node: &NodeInfo) -> Option<Status> {
    let conflict = volumes.iter().any(|pv| {
        pv.pointer("/spec/nodeAffinity/required/nodeSelectorTerms")
            .and_then(|t| t.as_array())
            .is_some_and(|terms| !terms.iter().any(|t| nodeaffinity::term_matches(t, node)))
    });
    conflict.then(|| Status::unresolvable(CONFLICT))
}

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
