//! What metrics-server reports (`metrics.k8s.io/v1beta1` NodeMetrics and PodMetrics), worked out
//! from the store rather than scraped: a running container uses its image's idle figures from
//! the catalog, or what its process holds and burns (a `stress` run), its CPU throttled to its
//! limit; a node adds its own system's use to its pods'. metrics-server scrapes every
//! `--metric-resolution` (60 s by default) and needs two scrapes of a container to know its CPU
//! rate, so a container shows up one resolution after it started, and the API answers only once
//! metrics-server has scraped twice.

use serde_json::Value;

use crate::images::{self, Reference};
use crate::process;
use kubeplay_api::ApiServer;
use kubeplay_core::api::meta;
use kubeplay_core::api::quantity;
use kubeplay_core::clock::Time;

/// One container's use: millicores and bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    pub name: String,
    pub cpu_millis: u64,
    pub memory: u64,
}

/// A metrics-server the cluster runs: how often it scrapes, and since when it is ready.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub resolution: i64,
    /// None while no metrics-server pod is ready.
    pub ready_since: Option<Time>,
}

/// metrics-server's default `--metric-resolution`.
const DEFAULT_RESOLUTION: i64 = 60;

const MI: u64 = 1 << 20;

/// The metrics-server Deployment in kube-system (which registers the metrics API), if any.
pub fn server(api: &ApiServer) -> Option<Server> {
    let store = api.store();
    let (_, deploy) = store
        .list("apps/deployments", Some("kube-system"))
        .find(|(k, _)| k.name == "metrics-server")?;
    let args = deploy
        .pointer("/spec/template/spec/containers/0/args")
        .and_then(|a| a.as_array())
        .cloned()
        .unwrap_or_default();
    let resolution = args
        .iter()
        .filter_map(|a| a.as_str()?.strip_prefix("--metric-resolution="))
        .find_map(seconds)
        .unwrap_or(DEFAULT_RESOLUTION)
        .max(1);
    let ready_since = store
        .list("/pods", Some("kube-system"))
        .filter(|(_, p)| meta::str_at(p, &["metadata", "labels", "k8s-app"]) == "metrics-server")
        .filter_map(|(_, p)| ready_since(p))
        .min();
    Some(Server {
        resolution,
        ready_since,
    })
}

/// `60s`, `1m`, `90s` → seconds.
fn seconds(s: &str) -> Option<i64> {
    if let Some(m) = s.strip_suffix('m') {
        return m.parse::<i64>().ok().map(|m| m * 60);
    }
    s.strip_suffix('s').unwrap_or(s).parse().ok()
}

/// When a pod last became Ready, if it is.
fn ready_since(pod: &Value) -> Option<Time> {
    let conds = pod.pointer("/status/conditions")?.as_array()?;
    let ready = conds
        .iter()
        .find(|c| c.get("type").and_then(|t| t.as_str()) == Some("Ready"))?;
    if ready.get("status").and_then(|s| s.as_str()) != Some("True") {
        return None;
    }
    Time::parse_rfc3339(ready.get("lastTransitionTime")?.as_str()?)
}

impl Server {
    /// The last scrape at or before `now` and the one before it, once there have been two.
    pub fn scrapes(&self, now: Time) -> Option<(Time, Time)> {
        let since = now.since(self.ready_since?);
        let k = since.div_euclid(self.resolution);
        if since < 0 || k < 1 {
            return None;
        }
        let last = self.ready_since?.plus(k * self.resolution);
        Some((last, last.plus(-self.resolution)))
    }
}

/// The containers of a running pod that both scrapes saw running (None: none did): the main
/// ones and native sidecars (init containers that keep running).
pub fn pod_usage(pod: &Value, prev_scrape: Time) -> Option<Vec<Usage>> {
    if meta::str_at(pod, &["status", "phase"]) != "Running" {
        return None;
    }
    let list = |p: &str| {
        pod.pointer(p)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    };
    let sidecars = list("/spec/initContainers")
        .into_iter()
        .filter(|c| meta::str_at(c, &["restartPolicy"]) == "Always");
    let specs = sidecars.chain(list("/spec/containers"));
    let statuses = [
        list("/status/initContainerStatuses"),
        list("/status/containerStatuses"),
    ]
    .concat();
    let mut out = Vec::new();
    for spec in specs {
        let name = meta::str_at(&spec, &["name"]);
        let Some(st) = statuses.iter().find(|s| meta::str_at(s, &["name"]) == name) else {
            continue;
        };
        let started = st
            .pointer("/state/running/startedAt")
            .and_then(|t| t.as_str())
            .and_then(Time::parse_rfc3339);
        if started.is_some_and(|t| t <= prev_scrape) {
            out.push(container_usage(&spec));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A running container's use: its process's (a `stress` run) or its image's idle figures, the
/// CPU no more than its limit.
pub fn container_usage(c: &Value) -> Usage {
    let name = meta::str_at(c, &["name"]).to_string();
    let image =
        Reference::parse(meta::str_at(c, &["image"])).and_then(|r| match images::lookup(&r) {
            images::Lookup::Found(i) => Some(i),
            _ => None,
        });
    let (mut cpu, memory) = match image {
        Some(image) => {
            let words = |f: &str| -> Vec<String> {
                c.get(f)
                    .and_then(|v| v.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|w| w.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let p = process::run(image, &words("command"), &words("args"));
            let p = p.as_ref();
            (
                p.and_then(|p| p.cpu).unwrap_or(image.cpu).max(image.cpu),
                p.and_then(|p| p.memory)
                    .unwrap_or(image.memory)
                    .max(image.memory),
            )
        }
        None => system_usage(&name),
    };
    if let Some(limit) = quantity::from_json(
        &c.pointer("/resources/limits/cpu")
            .cloned()
            .unwrap_or_default(),
    ) {
        cpu = cpu.min(u64::try_from(limit.milli_value()).unwrap_or(u64::MAX));
    }
    Usage {
        name,
        cpu_millis: cpu,
        memory,
    }
}

/// What the profiles' own components use, by container name (their images are not in the
/// catalog): figures of the order a fresh cluster shows.
fn system_usage(container: &str) -> (u64, u64) {
    match container {
        "kube-apiserver" => (48, 232 * MI),
        "etcd" => (22, 41 * MI),
        "kube-controller-manager" => (17, 47 * MI),
        "kube-scheduler" => (3, 21 * MI),
        "kube-proxy" => (1, 15 * MI),
        "coredns" => (2, 13 * MI),
        "storage-provisioner" => (1, 9 * MI),
        "metrics-server" => (4, 18 * MI),
        "local-path-provisioner" => (1, 8 * MI),
        "traefik" => (1, 27 * MI),
        "kindnet-cni" => (1, 11 * MI),
        n if n.starts_with("lb-") => (0, MI / 2),
        _ => (1, 4 * MI),
    }
}

/// A node's own use besides its pods (the runtime, the kubelet; on k3s the whole control plane
/// runs in one process outside any pod).
fn node_overhead(node: &Value) -> (u64, u64) {
    match meta::str_at(
        node,
        &["metadata", "labels", "node.kubernetes.io/instance-type"],
    ) {
        "k3s" => (87, 612 * MI),
        _ => (96, 520 * MI),
    }
}

/// A node's use at a scrape: its own plus its pods' that have metrics.
pub fn node_usage(api: &ApiServer, node: &Value, prev_scrape: Time) -> (u64, u64) {
    let name = meta::str_at(node, &["metadata", "name"]);
    let (mut cpu, mut memory) = node_overhead(node);
    for (_, pod) in api.store().list("/pods", None) {
        if meta::str_at(pod, &["spec", "nodeName"]) != name {
            continue;
        }
        for u in pod_usage(pod, prev_scrape).unwrap_or_default() {
            cpu = cpu.saturating_add(u.cpu_millis);
            memory = memory.saturating_add(u.memory);
        }
    }
    (cpu, memory)
}

/// A quantity as metrics-server writes usage: CPU in nanocores (`12345678n`), memory in Ki.
pub fn cpu_quantity(millis: u64) -> String {
    format!("{}n", millis.saturating_mul(1_000_000))
}

pub fn memory_quantity(bytes: u64) -> String {
    format!("{}Ki", bytes / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scrapes_come_every_resolution_after_two() {
        let s = Server {
            resolution: 60,
            ready_since: Some(Time(1000)),
        };
        assert_eq!(s.scrapes(Time(1059)), None);
        assert_eq!(s.scrapes(Time(1060)), Some((Time(1060), Time(1000))));
        assert_eq!(s.scrapes(Time(1185)), Some((Time(1180), Time(1120))));
        let never = Server {
            resolution: 60,
            ready_since: None,
        };
        assert_eq!(never.scrapes(Time(5000)), None);
    }

    #[test]
    fn stress_is_throttled_by_its_cpu_limit() {
        let c = json!({"name": "s", "image": "polinux/stress",
            "command": ["stress"], "args": ["--cpu", "2"],
            "resources": {"limits": {"cpu": "500m"}}});
        assert_eq!(container_usage(&c).cpu_millis, 500);
        let idle = json!({"name": "web", "image": "nginx"});
        let nginx = container_usage(&idle);
        assert!(nginx.memory > 0);
        assert_eq!(system_usage("etcd"), (22, 41 * MI));
        assert_eq!(seconds("15s"), Some(15));
        assert_eq!(seconds("1m"), Some(60));
    }

    #[test]
    fn sidecars_count_and_young_containers_wait_for_a_scrape() {
        let pod = json!({"spec": {
                "initContainers": [{"name": "log", "image": "busybox", "restartPolicy": "Always"},
                                   {"name": "init", "image": "busybox"}],
                "containers": [{"name": "web", "image": "nginx"}, {"name": "new", "image": "nginx"}]},
            "status": {"phase": "Running",
                "initContainerStatuses": [{"name": "log", "state": {"running": {"startedAt": "2026-11-25T10:00:00Z"}}},
                                          {"name": "init", "state": {"terminated": {"exitCode": 0}}}],
                "containerStatuses": [{"name": "web", "state": {"running": {"startedAt": "2026-11-25T10:00:01Z"}}},
                                      {"name": "new", "state": {"running": {"startedAt": "2026-11-25T10:05:00Z"}}}]}});
        let scrape = Time::parse_rfc3339("2026-11-25T10:01:00Z").unwrap_or_default();
        let names: Vec<String> = pod_usage(&pod, scrape)
            .unwrap_or_default()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["log", "web"]);
        let before = Time::parse_rfc3339("2026-11-25T09:59:00Z").unwrap_or_default();
        assert_eq!(pod_usage(&pod, before), None);
    }
}
