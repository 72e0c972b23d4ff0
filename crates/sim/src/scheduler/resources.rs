//! What a pod asks of a node, as the scheduler's NodeResourcesFit plugin counts it: the sum of
//! the app containers' requests, at least the largest init container's, plus the pod overhead.

use kubeplay_core::api::quantity::{self, Quantity};
use serde_json::Value;

/// Requests by resource name, in milli-units (cpu in millicores, memory in thousandths of a
/// byte), so every resource compares the same way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Requests(pub Vec<(String, i128)>);

impl Requests {
    pub fn get(&self, name: &str) -> i128 {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, v)| *v)
    }

    fn entry(&mut self, name: &str) -> &mut i128 {
        if let Some(i) = self.0.iter().position(|(n, _)| n == name) {
            return &mut self.0[i].1;
        }
        self.0.push((name.to_string(), 0));
        let last = self.0.len() - 1;
        &mut self.0[last].1
    }

    pub fn add(&mut self, other: &Requests) {
        for (n, v) in &other.0 {
            let e = self.entry(n);
            *e = e.saturating_add(*v);
        }
    }

    fn max_with(&mut self, other: &Requests) {
        for (n, v) in &other.0 {
            let e = self.entry(n);
            *e = (*e).max(*v);
        }
    }

    fn from_list(v: Option<&Value>) -> Requests {
        Requests(
            quantity::list(v)
                .into_iter()
                .map(|(n, q): (String, Quantity)| (n, q.milli_value()))
                .collect(),
        )
    }
}

fn containers<'a>(pod: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    pod.get("spec")
        .and_then(|s| s.get(field))
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
}

/// The pod's effective requests.
pub fn pod_requests(pod: &Value) -> Requests {
    let mut sum = Requests::default();
    for c in containers(pod, "containers") {
        sum.add(&Requests::from_list(c.pointer("/resources/requests")));
    }
    for c in containers(pod, "initContainers") {
        sum.max_with(&Requests::from_list(c.pointer("/resources/requests")));
    }
    sum.add(&Requests::from_list(pod.pointer("/spec/overhead")));
    sum
}

/// The scheduler's defaults for scoring a container that requests nothing (100m cpu, 200Mi
/// memory), so many empty pods do not all land on one node.
pub fn non_zero(req: &Requests) -> (i128, i128) {
    let cpu = match req.get("cpu") {
        0 => 100,
        v => v,
    };
    let mem = match req.get("memory") {
        0 => 200 * 1024 * 1024 * 1000,
        v => v,
    };
    (cpu, mem)
}

/// A node's allocatable resources.
pub fn allocatable(node: &Value) -> Requests {
    Requests::from_list(node.pointer("/status/allocatable"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn init_containers_count_when_larger() {
        let pod = json!({"spec": {
            "containers": [{"resources": {"requests": {"cpu": "100m"}}},
                           {"resources": {"requests": {"cpu": "200m", "memory": "1Ki"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "1"}}}]}});
        let r = pod_requests(&pod);
        assert_eq!(r.get("cpu"), 1000);
        assert_eq!(r.get("memory"), 1024 * 1000);
    }
}
