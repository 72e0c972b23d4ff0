//! A pod's quality-of-service class, as the API server records it in `status.qosClass` when the
//! pod is created and as the kubelet and `kubectl describe` read it: one rule, in one place.

use serde_json::Value;

use super::quantity::{self, Quantity};

/// Only cpu and memory decide the class.
const COMPUTE: [&str; 2] = ["cpu", "memory"];

/// `BestEffort` when no container (init containers included) requests or limits cpu or memory,
/// `Guaranteed` when every container limits both and the summed requests equal the summed
/// limits, `Burstable` otherwise. Zero quantities count as unset; values compare exactly, so
/// `0.5` and `500m` are the same amount.
pub fn qos_class(pod: &Value) -> &'static str {
    let mut requests: Vec<(String, Quantity)> = Vec::new();
    let mut limits: Vec<(String, Quantity)> = Vec::new();
    let mut every_container_limits_both = true;
    for c in containers(pod) {
        add_compute(&mut requests, c.pointer("/resources/requests"));
        let found = add_compute(&mut limits, c.pointer("/resources/limits"));
        if found.len() < COMPUTE.len() {
            every_container_limits_both = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    let requests_match_limits = requests.iter().all(|(name, q)| {
        limits
            .iter()
            .find(|(n, _)| n == name)
            .is_some_and(|(_, l)| l.cmp_value(q).is_eq())
    });
    if every_container_limits_both && requests_match_limits && requests.len() == limits.len() {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn containers(pod: &Value) -> impl Iterator<Item = &Value> {
    ["/spec/containers", "/spec/initContainers"]
        .into_iter()
        .filter_map(|p| pod.pointer(p).and_then(|c| c.as_array()))
        .flatten()
}

/// Add a container's non-zero cpu and memory to the pod's sums; returns which it had.
fn add_compute(sums: &mut Vec<(String, Quantity)>, list: Option<&Value>) -> Vec<String> {
    let mut found = Vec::new();
    for (name, q) in quantity::list(list) {
        if !COMPUTE.contains(&name.as_str()) || q.is_zero() {
            continue;
        }
        match sums.iter_mut().find(|(n, _)| *n == name) {
            Some((_, have)) => have.add(&q),
            None => sums.push((name.clone(), q)),
        }
        found.push(name);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::qos_class;
    use serde_json::{json, Value};

    fn pod(resources: &[Value]) -> Value {
        let cs: Vec<Value> = resources
            .iter()
            .map(|r| json!({"name": "c", "resources": r}))
            .collect();
        json!({"spec": {"containers": cs}})
    }

    #[test]
    fn classes_follow_requests_and_limits() {
        assert_eq!(qos_class(&pod(&[json!({})])), "BestEffort");
        let both = json!({"cpu": "100m", "memory": "64Mi"});
        let g = json!({"requests": both, "limits": both});
        assert_eq!(qos_class(&pod(std::slice::from_ref(&g))), "Guaranteed");
        assert_eq!(qos_class(&pod(&[g, json!({})])), "Burstable");
        let cpu_only = json!({"limits": {"cpu": "1"}, "requests": {"cpu": "1"}});
        assert_eq!(qos_class(&pod(&[cpu_only])), "Burstable");
        let more = json!({"limits": both, "requests": {"cpu": "50m", "memory": "64Mi"}});
        assert_eq!(qos_class(&pod(&[more])), "Burstable");
    }

    #[test]
    fn amounts_compare_by_value_and_zero_is_unset() {
        let g = json!({"requests": {"cpu": "0.5", "memory": "1Gi"},
                       "limits": {"cpu": "500m", "memory": "1024Mi"}});
        assert_eq!(qos_class(&pod(&[g])), "Guaranteed");
        let zero = json!({"requests": {"cpu": "0"}, "limits": {"memory": "0"}});
        assert_eq!(qos_class(&pod(&[zero])), "BestEffort");
    }

    #[test]
    fn init_containers_count() {
        let both = json!({"cpu": "1", "memory": "1Gi"});
        let p = json!({"spec": {
            "containers": [{"name": "a", "resources": {"requests": both, "limits": both}}],
            "initContainers": [{"name": "i", "resources": {"requests": {"cpu": "1"}}}]}});
        assert_eq!(qos_class(&p), "Burstable");
    }
}
