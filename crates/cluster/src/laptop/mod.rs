//! The network as the learner's own machine sees it (`curl` and `wget` in the playground's
//! shell): the API server's URL from the kubeconfig, the nodes' addresses with their node ports
//! (and on k3s the LoadBalancer ports ServiceLB opens there), and the pods a
//! `kubectl port-forward` reaches. Cluster and pod IPs are not routed to this machine with a
//! container driver, so they time out; names other than `localhost` do not resolve.

mod apiserver;
mod pod;

use serde_json::Value;

use crate::Cluster;
use kubeplay_api::{ApiRequest, Transport};
use kubeplay_core::http::{Failure, Request, Response, Target};

impl Cluster {
    /// An HTTP request from the learner's machine.
    pub fn http_from_laptop(&mut self, req: &Request) -> Result<Response, Failure> {
        let (host, port) = match &req.target {
            Target::Pod {
                namespace,
                pod,
                port,
            } => return pod::http_to_pod(self, namespace, pod, *port, req, "127.0.0.1"),
            Target::Address { host, port } => (host.trim_matches(['[', ']']), *port),
        };
        if self.is_api_server(host, port) {
            return apiserver::answer(self, req);
        }
        let loopback = matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0");
        if loopback {
            return Err(Failure::Refused);
        }
        if host.parse::<std::net::IpAddr>().is_err() {
            return Err(Failure::Resolve);
        }
        if !self.node_ips().iter().any(|ip| ip == host) {
            return Err(Failure::Timeout);
        }
        let (ns, pod, target) = self.node_port_backend(port)?;
        // kube-proxy masquerades what comes in on a node port: the pod sees the node.
        let node = host.to_string();
        pod::http_to_pod(self, &ns, &pod, target, req, &node)
    }

    /// The API server's host and port, as the kubeconfig names them.
    fn is_api_server(&self, host: &str, port: u16) -> bool {
        let rest = self
            .profile
            .server_url
            .trim_start_matches("https://")
            .trim_end_matches('/');
        let (h, p) = rest.rsplit_once(':').unwrap_or((rest, "443"));
        let same_host =
            h == host || (h == "127.0.0.1" && matches!(host, "localhost" | "::1" | "0.0.0.0"));
        same_host && p.parse::<u16>().ok() == Some(port)
    }

    fn list(&mut self, req: ApiRequest) -> Vec<Value> {
        let resp = self.call(req);
        serde_json::from_str::<Value>(&resp.body)
            .ok()
            .and_then(|v| v.get("items").and_then(Value::as_array).cloned())
            .unwrap_or_default()
    }

    /// The InternalIP of every node.
    fn node_ips(&mut self) -> Vec<String> {
        self.list(ApiRequest::get("/api/v1/nodes"))
            .iter()
            .filter_map(|n| n.pointer("/status/addresses").and_then(Value::as_array))
            .flatten()
            .filter(|a| a.get("type").and_then(Value::as_str) == Some("InternalIP"))
            .filter_map(|a| a.get("address").and_then(Value::as_str))
            .map(String::from)
            .collect()
    }

    /// The ready pod behind a node's port (a NodePort, or a LoadBalancer port ServiceLB opened):
    /// its namespace, name and container port. kube-proxy refuses a port whose service has no
    /// ready endpoint.
    fn node_port_backend(&mut self, port: u16) -> Result<(String, String, u16), Failure> {
        let lb = self.profile.service_lb;
        let services = self.list(ApiRequest::get("/api/v1/services"));
        let found = services.iter().find_map(|svc| {
            let is_lb = svc.pointer("/spec/type").and_then(Value::as_str) == Some("LoadBalancer");
            svc.pointer("/spec/ports")
                .and_then(Value::as_array)?
                .iter()
                .find(|p| {
                    let node_port = p.get("nodePort").and_then(Value::as_i64);
                    let svc_port = p.get("port").and_then(Value::as_i64);
                    node_port == Some(i64::from(port))
                        || (lb && is_lb && svc_port == Some(i64::from(port)))
                })
                .map(|p| (svc.clone(), p.clone()))
        });
        let (svc, svc_port) = found.ok_or(Failure::Refused)?;
        let ns = svc
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("default")
            .to_string();
        let selector = svc.pointer("/spec/selector").and_then(Value::as_object);
        let Some(selector) = selector.filter(|s| !s.is_empty()) else {
            return Err(Failure::Refused);
        };
        let labels: Vec<String> = selector
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect();
        let pods = self.list(
            ApiRequest::get(format!("/api/v1/namespaces/{ns}/pods"))
                .with_query("labelSelector", labels.join(",")),
        );
        let ready = pods
            .iter()
            .find(|p| pod::is_ready(p))
            .ok_or(Failure::Refused)?;
        let target = pod::target_port(&svc_port, ready).ok_or(Failure::Refused)?;
        let name = ready
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        Ok((ns, name, target))
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture;
    use kubeplay_core::http::{Failure, Request, Target};

    fn get(host: &str, port: u16, scheme: &str, path: &str) -> Request {
        Request {
            target: Target::Address {
                host: host.into(),
                port,
            },
            scheme: scheme.into(),
            method: "GET".into(),
            path: path.into(),
            headers: Vec::new(),
            body: String::new(),
        }
    }

    #[test]
    fn the_api_server_answers_anonymous_requests_as_kube_apiserver() {
        let mut c = fixture::minikube();
        let version = c
            .http_from_laptop(&get("192.168.49.2", 8443, "https", "/version"))
            .unwrap();
        assert_eq!(version.status, 200);
        assert!(
            version.body.contains("\"gitVersion\": \"v1.32.0\""),
            "{}",
            version.body
        );
        let api = c
            .http_from_laptop(&get(
                "192.168.49.2",
                8443,
                "https",
                "/apis/apps/v1/deployments",
            ))
            .unwrap();
        assert_eq!(api.status, 403);
        assert!(api.body.contains("deployments is forbidden: User \\\"system:anonymous\\\" cannot list resource \\\"deployments\\\" in API group \\\"apps\\\" at the cluster scope"), "{}", api.body);
        let plain = c
            .http_from_laptop(&get("192.168.49.2", 8443, "http", "/version"))
            .unwrap();
        assert_eq!(
            (plain.status, plain.body.as_str()),
            (400, "Client sent an HTTP request to an HTTPS server.\n")
        );
    }

    #[test]
    fn what_the_laptop_cannot_reach() {
        let mut c = fixture::minikube();
        let mut ask = |h: &str, p: u16| c.http_from_laptop(&get(h, p, "http", "/")).err();
        assert_eq!(ask("localhost", 8080), Some(Failure::Refused));
        assert_eq!(ask("192.168.49.2", 30080), Some(Failure::Refused));
        assert_eq!(ask("10.96.0.1", 443), Some(Failure::Timeout));
        assert_eq!(
            ask("web.default.svc.cluster.local", 80),
            Some(Failure::Resolve)
        );
    }
}
