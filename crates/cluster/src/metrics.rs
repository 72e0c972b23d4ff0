//! The metrics API (`metrics.k8s.io/v1beta1`), which a real cluster serves through the
//! aggregator from metrics-server. It needs both the store and the simulator's view of what runs,
//! so the cluster answers it before the API server sees the request. The group is in discovery
//! only while a metrics-server is installed (k3s ships one; minikube's addon adds one); until it
//! has scraped twice, the aggregator answers 503.

use serde_json::{json, Value};

use crate::Cluster;
use kubeplay_api::{ApiRequest, ApiResponse, Method};
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;
use kubeplay_core::api::quantity::Quantity;
use kubeplay_core::api::selector::{FieldSelector, LabelSelector};
use kubeplay_core::api::status::Status;
use kubeplay_sim::metrics::{self, Server};

const GROUP: &str = "metrics.k8s.io";
const VERSION: &str = "v1beta1";
const PREFIX: &str = "/apis/metrics.k8s.io/v1beta1/";

fn info(kind: &str, plural: &str, namespaced: bool) -> ResourceInfo {
    ResourceInfo {
        group: GROUP.into(),
        version: VERSION.into(),
        kind: kind.into(),
        plural: plural.into(),
        singular: String::new(),
        short_names: Vec::new(),
        namespaced,
        verbs: vec!["get".into(), "list".into()],
        categories: Vec::new(),
    }
}

/// What a metrics request asks for.
enum Target {
    Nodes(Option<String>),
    /// (namespace: None for all, name)
    Pods(Option<String>, Option<String>),
}

fn target(path: &str) -> Option<Target> {
    let rest = path.strip_prefix(PREFIX)?;
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let own = |s: &&str| Some(s.to_string());
    match parts.as_slice() {
        ["nodes"] => Some(Target::Nodes(None)),
        ["nodes", name] => Some(Target::Nodes(own(name))),
        ["pods"] => Some(Target::Pods(None, None)),
        ["namespaces", ns, "pods"] => Some(Target::Pods(own(ns), None)),
        ["namespaces", ns, "pods", name] => Some(Target::Pods(own(ns), own(name))),
        _ => None,
    }
}

fn respond(code: u16, v: Value) -> ApiResponse {
    ApiResponse {
        code,
        body: v.to_string(),
    }
}

fn error(s: Status) -> ApiResponse {
    respond(s.code, s.to_json())
}

/// The aggregator's answer while metrics-server cannot serve yet.
fn unavailable(resource: &str, name: Option<&str>) -> ApiResponse {
    let what = match name {
        Some(n) => format!("get {resource}.{GROUP} {n}"),
        None => format!("get {resource}.{GROUP}"),
    };
    error(Status {
        code: 503,
        reason: "ServiceUnavailable".into(),
        message: format!("the server is currently unable to handle the request ({what})"),
        name: name.map(String::from),
        group: Some(GROUP.into()),
        kind: Some(resource.into()),
        causes: Vec::new(),
    })
}

/// metrics-server's Table: Name, then each resource's total (sorted by name: cpu, memory) as a
/// canonical quantity, then Window; an empty list has no columns at all.
fn as_table(resp: ApiResponse, include: &str) -> ApiResponse {
    let v: Value = serde_json::from_str(&resp.body).unwrap_or_default();
    let items = match v.get("items").and_then(|i| i.as_array()) {
        Some(items) => items.clone(),
        None => vec![v.clone()],
    };
    // A zero Quantity takes the format of the first it adds (13312Ki sums to 13Mi).
    let total = |m: &Value, res: &str| {
        let usages: Vec<&Value> = match m.get("containers").and_then(|c| c.as_array()) {
            Some(cs) => cs.iter().filter_map(|c| c.get("usage")).collect(),
            None => m.get("usage").into_iter().collect(),
        };
        let mut sum: Option<Quantity> = None;
        for q in usages.iter().filter_map(|u| {
            u.get(res)
                .and_then(|q| q.as_str())
                .and_then(Quantity::parse)
        }) {
            match sum.as_mut() {
                Some(s) => s.add(&q),
                None => sum = Some(q),
            }
        }
        sum.map_or_else(|| "0".to_string(), |q| q.to_canonical())
    };
    let rows: Vec<Value> = items
        .iter()
        .map(|m| {
            let mut row = json!({"cells": [meta::str_at(m, &["metadata", "name"]), total(m, "cpu"),
                total(m, "memory"), m.get("window").cloned().unwrap_or_default()]});
            match include {
                "None" => {}
                "Object" => row["object"] = m.clone(),
                _ => {
                    row["object"] = json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": m.get("metadata").cloned().unwrap_or_default()})
                }
            }
            row
        })
        .collect();
    let col = |name: &str, format: &str| {
        json!({"name": name, "type": "string", "format": format,
        "description": if name == "Name" { "Name of the resource" } else { "" }, "priority": 0})
    };
    let columns = match rows.is_empty() {
        true => Vec::new(),
        false => vec![
            col("Name", "name"),
            col("cpu", "quantity"),
            col("memory", "quantity"),
            col("Window", "duration"),
        ],
    };
    respond(
        200,
        json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {},
               "columnDefinitions": columns, "rows": rows}),
    )
}

/// `1m0s`, `15s`: a Go duration as metav1.Duration prints it.
fn window(secs: i64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, s) => format!("{m}m{s}s"),
    }
}

impl Cluster {
    /// Keeps the metrics group in discovery while a metrics-server is installed.
    pub(crate) fn sync_metrics_discovery(&mut self) {
        // The aggregator lists the group once metrics-server answers, which it does when ready,
        // after its first scrapes.
        let now = self.now();
        let installed = metrics::server(&self.api).is_some_and(|s| s.scrapes(now).is_some());
        let listed = self
            .api
            .discovery
            .by_plural(GROUP, VERSION, "pods")
            .is_some();
        if installed && !listed {
            self.api.discovery.add(info("NodeMetrics", "nodes", false));
            self.api.discovery.add(info("PodMetrics", "pods", true));
        } else if !installed && listed {
            self.api.discovery.remove(GROUP, "nodes");
            self.api.discovery.remove(GROUP, "pods");
        }
    }

    /// A request for the metrics API, when there is one to answer it (else the API server's
    /// 404 for an unknown path stands). It only reads, so read-only views may ask it too.
    pub fn metrics(&self, req: &ApiRequest) -> Option<ApiResponse> {
        let target = target(&req.path)?;
        let server = metrics::server(&self.api)?;
        if req.method != Method::Get {
            return Some(error(Status::method_not_allowed(
                "the server does not allow this method on the requested resource",
            )));
        }
        let selector = match LabelSelector::parse(req.query_param("labelSelector").unwrap_or("")) {
            Ok(s) => s,
            Err(e) => return Some(error(Status::bad_request(e))),
        };
        // metrics-server filters the pods it lists by the field selector too.
        let fields = match FieldSelector::parse(req.query_param("fieldSelector").unwrap_or("")) {
            Ok(f) => f,
            Err(e) => return Some(error(Status::bad_request(e))),
        };
        let resp = match target {
            Target::Nodes(name) => self.node_metrics(&server, name.as_deref(), &selector),
            Target::Pods(ns, name) => {
                let sel = (&selector, &fields);
                self.pod_metrics(&server, ns.as_deref(), name.as_deref(), sel)
            }
        };
        Some(match req.wants_table() && resp.is_success() {
            true => as_table(resp, req.query_param("includeObject").unwrap_or("Metadata")),
            false => resp,
        })
    }

    fn node_metrics(
        &self,
        server: &Server,
        name: Option<&str>,
        sel: &LabelSelector,
    ) -> ApiResponse {
        let Some((last, prev)) = server.scrapes(self.now()) else {
            return unavailable("nodes", name);
        };
        let mut items = Vec::new();
        for (key, node) in self.api.store().list("/nodes", None) {
            if name.is_some_and(|n| n != key.name) || !sel.matches(node.pointer("/metadata/labels"))
            {
                continue;
            }
            let (cpu, memory) = metrics::node_usage(&self.api, node, prev);
            items.push(json!({
                "metadata": self.metadata(node, None),
                "timestamp": last.rfc3339(),
                "window": window(server.resolution),
                "usage": {"cpu": metrics::cpu_quantity(cpu), "memory": metrics::memory_quantity(memory)},
            }));
        }
        self.answer("NodeMetrics", "nodemetrics", name, items)
    }

    fn pod_metrics(
        &self,
        server: &Server,
        ns: Option<&str>,
        name: Option<&str>,
        (sel, fields): (&LabelSelector, &FieldSelector),
    ) -> ApiResponse {
        let Some((last, prev)) = server.scrapes(self.now()) else {
            return unavailable("pods", name);
        };
        let mut items = Vec::new();
        for (key, pod) in self.api.store().list("/pods", ns) {
            if name.is_some_and(|n| n != key.name)
                || !sel.matches(pod.pointer("/metadata/labels"))
                || !fields.matches(pod)
            {
                continue;
            }
            let Some(usage) = metrics::pod_usage(pod, prev) else {
                continue;
            };
            let containers: Vec<Value> = usage
                .iter()
                .map(|u| {
                    json!({"name": u.name, "usage": {
                        "cpu": metrics::cpu_quantity(u.cpu_millis),
                        "memory": metrics::memory_quantity(u.memory)}})
                })
                .collect();
            items.push(json!({
                "metadata": self.metadata(pod, Some(&key.namespace)),
                "timestamp": last.rfc3339(),
                "window": window(server.resolution),
                "containers": containers,
            }));
        }
        let missing = name.map(|n| format!("{}/{n}", ns.unwrap_or("")));
        self.answer("PodMetrics", "podmetrics", missing.as_deref(), items)
    }

    /// metrics-server's metadata: the object's name, namespace and labels, created now.
    fn metadata(&self, obj: &Value, namespace: Option<&str>) -> Value {
        let mut md = json!({"name": meta::str_at(obj, &["metadata", "name"])});
        if let Some(ns) = namespace {
            md["namespace"] = ns.into();
        }
        md["creationTimestamp"] = self.now().rfc3339().into();
        if let Some(l) = obj.pointer("/metadata/labels") {
            md["labels"] = l.clone();
        }
        md
    }

    /// One object when a name was asked for (or metrics-server's NotFound), else the list.
    fn answer(
        &self,
        kind: &str,
        resource: &str,
        name: Option<&str>,
        items: Vec<Value>,
    ) -> ApiResponse {
        let typed = |mut v: Value| {
            if let Some(m) = v.as_object_mut() {
                m.insert("kind".into(), kind.into());
                m.insert("apiVersion".into(), format!("{GROUP}/{VERSION}").into());
            }
            v
        };
        match name {
            Some(n) => match items.into_iter().next() {
                Some(one) => respond(200, typed(one)),
                None => error(Status::not_found(GROUP, resource, n)),
            },
            None => respond(
                200,
                json!({"kind": format!("{kind}List"), "apiVersion": format!("{GROUP}/{VERSION}"),
                       "metadata": {}, "items": items}),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use crate::profile::Profile;
    use kubeplay_api::Transport;

    fn get(c: &mut Cluster, path: &str) -> (u16, Value) {
        let r = c.call(ApiRequest::get(path));
        (r.code, serde_json::from_str(&r.body).unwrap_or_default())
    }

    fn groups(c: &mut Cluster) -> Vec<String> {
        let (_, g) = get(c, "/apis");
        g["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| g["name"].as_str().map(String::from))
            .collect()
    }

    #[test]
    fn minikube_serves_metrics_only_after_the_addon_and_two_scrapes() {
        let mut c = fixture::minikube();
        assert!(!groups(&mut c).contains(&GROUP.to_string()));
        assert_eq!(get(&mut c, "/apis/metrics.k8s.io/v1beta1/nodes").0, 404);
        let out = c.minikube(&["addons".into(), "enable".into(), "metrics-server".into()]);
        assert!(out.is_some_and(|o| o.combined().contains("addon is enabled")));
        c.advance(10);
        // Installed and running, not yet scraped twice: the aggregator's 503.
        let (code, body) = get(&mut c, "/apis/metrics.k8s.io/v1beta1/nodes");
        assert_eq!(
            (code, body["reason"].as_str()),
            (503, Some("ServiceUnavailable"))
        );
        assert!(!groups(&mut c).contains(&GROUP.to_string()));
        c.advance(60);
        assert!(groups(&mut c).contains(&GROUP.to_string()));
        let (code, nodes) = get(&mut c, "/apis/metrics.k8s.io/v1beta1/nodes/minikube");
        assert_eq!(code, 200);
        assert_eq!(nodes["kind"], "NodeMetrics");
        assert_eq!(nodes["window"], "1m0s");
        let (_, pods) = get(
            &mut c,
            "/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods",
        );
        assert!(pods["items"].as_array().is_some_and(|i| !i.is_empty()));
        let post = ApiRequest::new(Method::Post, "/apis/metrics.k8s.io/v1beta1/nodes");
        assert_eq!(c.call(post).code, 405);
    }

    #[test]
    fn k3s_ships_metrics_server_and_kind_has_none() {
        let mut k3s = Cluster::new(Profile::k3s(), fixture::clock());
        assert!(groups(&mut k3s).contains(&GROUP.to_string()));
        let req = ApiRequest::get("/apis/metrics.k8s.io/v1beta1/pods")
            .with_query("labelSelector", "k8s-app=metrics-server");
        let pods: Value = serde_json::from_str(&k3s.call(req).body).unwrap_or_default();
        assert_eq!(pods["kind"], "PodMetricsList");
        assert_eq!(pods["items"].as_array().map(|i| i.len()), Some(1));
        assert!(k3s.minikube(&["ip".into()]).is_none());
        let mut kind = Cluster::new(Profile::kind(), fixture::clock());
        assert!(!groups(&mut kind).contains(&GROUP.to_string()));
    }

    #[test]
    fn windows_print_as_go_durations() {
        assert_eq!(window(60), "1m0s");
        assert_eq!(window(15), "15s");
    }
}
