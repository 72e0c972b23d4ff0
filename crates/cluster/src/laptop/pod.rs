//! What a pod answers on a port and path, for requests from the learner's machine: the
//! simulator's network serves them (`Sim::http_request`), so the pod's server logs each one as
//! it logs requests from other pods.

use serde_json::Value;

use crate::Cluster;
use kubeplay_api::{ApiRequest, Transport};
use kubeplay_core::http::{Failure, Request, Response};
use kubeplay_sim::network::{Dial, HostRequest};

/// The answer of `namespace/pod` on `port`, the request seen as coming `from` that address
/// (`127.0.0.1` through a port-forward, the node's IP for a node port).
pub fn http_to_pod(
    cluster: &mut Cluster,
    namespace: &str,
    pod: &str,
    port: u16,
    req: &Request,
    from: &str,
) -> Result<Response, Failure> {
    // Any request lets the simulated clock catch up before the pod answers.
    let _ = cluster.call(ApiRequest::get(format!(
        "/api/v1/namespaces/{namespace}/pods/{pod}"
    )));
    let agent = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let host = HostRequest {
        namespace,
        host: pod,
        port,
        path: &req.path,
        agent,
        from,
    };
    match cluster.sim.http_request(&cluster.api, &host) {
        Ok(r) => Ok(Response {
            http2: false,
            status: r.status,
            reason: r.reason().to_string(),
            headers: r.headers,
            body: r.body,
        }),
        Err(Dial::Refused(_)) => Err(Failure::Refused),
        Err(Dial::Timeout) => Err(Failure::Timeout),
        // A server this model does not speak for takes the connection and says nothing.
        Err(Dial::Unmodelled(_) | Dial::Connected(_)) => Err(Failure::Empty),
    }
}

/// Whether the pod is Ready (an endpoint kube-proxy sends to).
pub fn is_ready(pod: &Value) -> bool {
    pod.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True")
        })
}

/// The container port a service port leads to in this pod (a named targetPort looked up in
/// its containers).
pub fn target_port(svc_port: &Value, pod: &Value) -> Option<u16> {
    let number = |v: &Value| v.as_i64().and_then(|n| u16::try_from(n).ok());
    match svc_port.get("targetPort") {
        Some(Value::String(name)) => pod
            .pointer("/spec/containers")
            .and_then(Value::as_array)?
            .iter()
            .filter_map(|c| c.get("ports").and_then(Value::as_array))
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|p| p.get("containerPort").and_then(number)),
        Some(v) => number(v),
        None => svc_port.get("port").and_then(number),
    }
}
