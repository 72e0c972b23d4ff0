//! NodeResourcesFit: the pod count, then cpu, memory, ephemeral storage and any other resource
//! the pod requests, against what is left of the node's allocatable after the pods bound to it.

use serde_json::Value;

use super::resources::{self, Requests};
use super::snapshot::NodeInfo;
use super::status::{Code, Status};

pub fn filter(req: &Requests, node: &NodeInfo) -> Option<Status> {
    let alloc = resources::allocatable(node.node);
    let mut reasons = Vec::new();
    // `pods` is in milli-units like the rest.
    let allowed_pods = alloc.get("pods") / 1000;
    if node.pods.len() as i128 + 1 > allowed_pods {
        reasons.push("Too many pods".to_string());
    }
    let free = |name: &str| alloc.get(name) - node.requested.get(name);
    for name in ["cpu", "memory", "ephemeral-storage"] {
        let want = req.get(name);
        if want > 0 && want > free(name) {
            reasons.push(format!("Insufficient {name}"));
        }
    }
    for (name, want) in &req.0 {
        if matches!(
            name.as_str(),
            "cpu" | "memory" | "ephemeral-storage" | "pods"
        ) {
            continue;
        }
        if *want > 0 && *want > free(name) {
            reasons.push(format!("Insufficient {name}"));
        }
    }
    (!reasons.is_empty()).then_some(Status {
        code: Code::Unschedulable,
        reasons,
    })
}

/// The request of a pod, for the caller to compute once per attempt.
pub fn requests(pod: &Value) -> Requests {
    resources::pod_requests(pod)
}
