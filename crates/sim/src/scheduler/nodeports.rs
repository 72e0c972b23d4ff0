//! NodePorts: a container's `hostPort` can be taken once per node (protocol and host IP
//! considered, `0.0.0.0` clashing with every address).

use serde_json::Value;

use super::snapshot::NodeInfo;
use super::status::Status;
use kubeplay_api::meta;

pub const REASON: &str = "node(s) didn't have free ports for the requested pod ports";

/// (host IP, protocol, port) of each host port the pod asks for.
fn host_ports(pod: &Value) -> Vec<(String, String, i64)> {
    let mut out = Vec::new();
    for field in ["initContainers", "containers"] {
        for c in pod
            .pointer(&format!("/spec/{field}"))
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            for p in c
                .get("ports")
                .and_then(|p| p.as_array())
                .into_iter()
                .flatten()
            {
                let port = p.get("hostPort").and_then(|h| h.as_i64()).unwrap_or(0);
                if port <= 0 {
                    continue;
                }
                let ip = match meta::str_at(p, &["hostIP"]) {
                    "" => "0.0.0.0",
                    ip => ip,
                };
                let proto = match meta::str_at(p, &["protocol"]) {
                    "" => "TCP",
                    pr => pr,
                };
                out.push((ip.to_string(), proto.to_string(), port));
            }
        }
    }
    out
}

fn clash(a: &(String, String, i64), b: &(String, String, i64)) -> bool {
    a.2 == b.2 && a.1 == b.1 && (a.0 == b.0 || a.0 == "0.0.0.0" || b.0 == "0.0.0.0")
}

pub fn filter(pod: &Value, node: &NodeInfo) -> Option<Status> {
    let wanted = host_ports(pod);
    if wanted.is_empty() {
        return None;
    }
    let used: Vec<_> = node.pods.iter().flat_map(|p| host_ports(p)).collect();
    wanted
        .iter()
        .any(|w| used.iter().any(|u| clash(w, u)))
        .then(|| Status::unschedulable(REASON))
}
