//! Where a connection to `ip:port` ends up: a Service's cluster IP (or a node's IP and a
//! NodePort) goes through the Service's endpoints — the pods its selector picks that are ready
//! at that moment — to the target port of one of them (named ports looked up in that pod); a
//! pod IP goes to that pod. What kube-proxy and the pod network do with the rest: a Service
//! with no ready endpoint is rejected (connection refused), a port nobody forwards is dropped
//! (the client times out), a pod port nothing listens on is refused by the pod's kernel, and a
//! NetworkPolicy that does not allow it drops it.

use kubeplay_api::meta;
use kubeplay_api::store::Key;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;
use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::{policy, Net};
use crate::images::{self, Image, Reference};
use crate::probe::{listening, Listener, Listening};
use crate::util;

/// The container a connection reached.
#[derive(Debug, Clone)]
pub struct Target {
    pub pod: Key,
    pub uid: String,
    pub container: String,
    pub spec: Value,
    pub image: Option<&'static Image>,
    /// What listens on the port (None: a program this model does not know).
    pub listener: Option<Listener>,
    pub ip: String,
    pub port: i64,
    pub hostname: String,
    pub argv: Vec<String>,
    /// Reached over the loopback (`localhost` in the client's own pod): the loopback address
    /// the client used (`127.0.0.1`, `::1`).
    pub local: Option<String>,
}

/// How a connection attempt ends.
#[derive(Debug, Clone)]
pub enum Dial {
    Connected(Box<Target>),
    /// Refused, by the address the client dialled.
    Refused(String),
    /// Nothing answers: the packets are dropped.
    Timeout,
    /// Something this model does not serve answers there (the API server behind the
    /// `kubernetes` Service): what it is, for the client to say so.
    Unmodelled(String),
}

/// A Service whose cluster IP, or whose NodePort on a node's IP, is `ip:port`.
fn service_at(net: &Net, ip: &str, port: i64) -> Option<(Value, Value)> {
    let node_ip = is_node_ip(net, ip);
    net.api.store().list("/services", None).find_map(|(_, s)| {
        let ports = s.pointer("/spec/ports")?.as_array()?;
        if node_ip {
            let p = ports
                .iter()
                .find(|p| p.get("nodePort").and_then(Value::as_i64) == Some(port))?;
            return Some((s.clone(), p.clone()));
        }
        let ips = s.pointer("/spec/clusterIPs").and_then(Value::as_array);
        let matches = meta::str_at(s, &["spec", "clusterIP"]) == ip
            || ips.is_some_and(|l| l.iter().any(|i| i.as_str() == Some(ip)));
        if !matches || ip == "None" {
            return None;
        }
        let p = ports
            .iter()
            .find(|p| p.get("port").and_then(Value::as_i64) == Some(port))
            .cloned()
            .unwrap_or(Value::Null);
        Some((s.clone(), p))
    })
}

fn is_node_ip(net: &Net, ip: &str) -> bool {
    ip == net.sim.node.ip
        || net.api.store().list("/nodes", None).any(|(_, n)| {
            n.pointer("/status/addresses")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| meta::str_at(x, &["address"]) == ip))
        })
}

/// Whether `pod` is ready at `at`: by its plan when the kubelet planned it, else by its
/// status (the profile's own pods).
pub fn ready_at(net: &Net, pod: &Value, at: Time) -> bool {
    let key = Key::new("/pods", meta::namespace(pod), meta::name(pod));
    match net.sim.pod_ready_at(&key, pod.uid(), at) {
        Some(r) => r,
        None => crate::replicaset::is_ready(pod),
    }
}

/// The pods behind Service `svc` that are ready at `at`, by IP.
pub fn ready_endpoints(net: &Net, svc: &Value, at: Time) -> Vec<Value> {
    let ns = meta::namespace(svc);
    let Some(sel) = svc
        .pointer("/spec/selector")
        .and_then(Value::as_object)
        .filter(|s| !s.is_empty())
    else {
        return manual_endpoints(net, svc);
    };
    let selector = LabelSelector::from_json(&json!({ "matchLabels": sel }));
    let mut pods: Vec<Value> = net
        .api
        .store()
        .list("/pods", Some(ns))
        .map(|(_, p)| p)
        .filter(|p| selector.matches(p.labels()))
        .filter(|p| !p.is_deleting())
        .filter(|p| !meta::str_at(p, &["status", "podIP"]).is_empty())
        .filter(|p| ready_at(net, p, at))
        .cloned()
        .collect();
    let ip = |p: &Value| util::parse_ip(meta::str_at(p, &["status", "podIP"])).unwrap_or(0);
    pods.sort_once_by(|a, b| ip(a).cmp(&ip(b)));
    pods
}

/// The pods an Endpoints object written by hand lists (a Service without a selector).
fn manual_endpoints(net: &Net, svc: &Value) -> Vec<Value> {
    let ns = meta::namespace(svc);
    let Some(ep) = net
        .api
        .store()
        .get(&Key::new("/endpoints", ns, meta::name(svc)))
    else {
        return Vec::new();
    };
    let ips: Vec<&str> = ep
        .get("subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("addresses").and_then(Value::as_array))
        .flatten()
        .map(|a| meta::str_at(a, &["ip"]))
        .collect();
    ips.iter()
        .filter_map(|ip| pod_by_ip(net, ip).cloned())
        .collect()
}

/// A Service without a selector whose Endpoints list addresses (the `kubernetes` Service).
fn has_manual_addresses(net: &Net, svc: &Value) -> bool {
    let selects = svc
        .pointer("/spec/selector")
        .and_then(Value::as_object)
        .is_some_and(|s| !s.is_empty());
    !selects
        && net
            .api
            .store()
            .get(&Key::new(
                "/endpoints",
                meta::namespace(svc),
                meta::name(svc),
            ))
            .and_then(|e| e.pointer("/subsets/0/addresses/0"))
            .is_some()
}

pub fn pod_by_ip<'a>(net: &Net<'a>, ip: &str) -> Option<&'a Value> {
    net.api
        .store()
        .list("/pods", None)
        .map(|(_, p)| p)
        .filter(|p| !p.is_deleting())
        .find(|p| meta::str_at(p, &["status", "podIP"]) == ip && !host_network(p))
}

fn host_network(pod: &Value) -> bool {
    pod.pointer("/spec/hostNetwork").and_then(Value::as_bool) == Some(true)
}

/// The container port a Service port's `targetPort` names in `pod` (a name it lacks: none).
fn target_port(sp: &Value, pod: &Value) -> Option<i64> {
    match sp.get("targetPort") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(name)) => name.parse().ok().or_else(|| {
            pod.pointer("/spec/containers")?
                .as_array()?
                .iter()
                .filter_map(|c| c.get("ports")?.as_array())
                .flatten()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
                .get("containerPort")?
                .as_i64()
        }),
        _ => sp.get("port").and_then(Value::as_i64),
    }
}

/// Connect to `ip:port` at `at_ms`.
pub fn dial(net: &Net, ip: &str, port: i64, at_ms: i64) -> Dial {
    let at = Time(at_ms.div_euclid(1000));
    if ip == "127.0.0.1" || ip == "::1" {
        return match net.client.pod.as_ref().and_then(|k| net.api.store().get(k)) {
            Some(pod) => to_pod(net, pod, port, at, ip, true),
            None => Dial::Refused(ip.to_string()),
        };
    }
    if let Some((svc, sp)) = service_at(net, ip, port) {
        if sp.is_null() {
            // kube-proxy forwards only the Service's ports: the rest goes nowhere.
            return Dial::Timeout;
        }
        let pods = ready_endpoints(net, &svc, at);
        if pods.is_empty() && has_manual_addresses(net, &svc) {
            return Dial::Unmodelled(format!(
                "the endpoints of Service {}/{} (the API server's, or written by hand) cannot be reached from a pod in kubeplay yet",
                meta::namespace(&svc),
                meta::name(&svc)
            ));
        }
        if pods.is_empty() {
            // kube-proxy rejects what is sent to a Service without endpoints.
            return Dial::Refused(ip.to_string());
        }
        let seed = format!("{}/{ip}/{port}/{at_ms}", net.client.ip);
        let pick = (util::fnv64(seed.as_bytes()) % pods.len() as u64) as usize;
        let pod = &pods[pick];
        return match target_port(&sp, pod) {
            // A refusal names what the client dialled: the Service's address.
            Some(p) => to_pod(net, pod, p, at, ip, false),
            None => Dial::Refused(ip.to_string()),
        };
    }
    if is_node_ip(net, ip) {
        return Dial::Refused(ip.to_string());
    }
    match pod_by_ip(net, ip) {
        Some(pod) => to_pod(net, pod, port, at, ip, false),
        None => Dial::Timeout,
    }
}

/// The container of `pod` listening on `port` at `at`.
fn to_pod(net: &Net, pod: &Value, port: i64, at: Time, ip: &str, local: bool) -> Dial {
    if !local && !policy::allows(net, pod, port, at) {
        return Dial::Timeout;
    }
    let key = Key::new("/pods", meta::namespace(pod), meta::name(pod));
    let containers = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for c in containers {
        let name = meta::str_at(&c, &["name"]).to_string();
        if !net
            .sim
            .container_running_at(&key, pod.uid(), &name, at)
            .unwrap_or_else(|| running_by_status(pod, &name))
        {
            continue;
        }
        let image = Reference::parse(meta::str_at(&c, &["image"]))
            .and_then(|r| images::catalog().image(&r.familiar_name()));
        let listener = match image.map(|i| listening_of(i, &c)) {
            Some(Listening::Ports(ports)) => match ports.into_iter().find(|l| l.port == port) {
                Some(l) => Some(l),
                None => continue,
            },
            // A program this model does not know listens where the pod says it does.
            _ if declares(&c, port) => None,
            _ => continue,
        };
        let host = meta::str_at(pod, &["spec", "hostname"]);
        return Dial::Connected(Box::new(Target {
            pod: key,
            uid: pod.uid().to_string(),
            container: name,
            argv: argv_of(image, &c),
            spec: c,
            image,
            listener,
            ip: meta::str_at(pod, &["status", "podIP"]).to_string(),
            port,
            local: local.then(|| ip.to_string()),
            hostname: if host.is_empty() {
                meta::name(pod).to_string()
            } else {
                host.to_string()
            },
        }));
    }
    Dial::Refused(ip.to_string())
}

fn running_by_status(pod: &Value, name: &str) -> bool {
    pod.pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|s| meta::str_at(s, &["name"]) == name && s.pointer("/state/running").is_some())
}

fn declares(c: &Value, port: i64) -> bool {
    c.get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|p| p.get("containerPort").and_then(Value::as_i64) == Some(port))
}

fn words(c: &Value, f: &str) -> Vec<String> {
    c.get(f)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// What listens in container `c`: the image's servers when it runs the image's program; a
/// shell, `sleep` and the like serve nothing; another program of the pod's own may serve
/// anything (Unknown).
pub fn listening_of(image: &Image, c: &Value) -> Listening {
    let command = words(c, "command");
    let known = command.first().is_some_and(|p| {
        matches!(
            p.rsplit('/').next(),
            Some("sh" | "bash" | "ash" | "sleep" | "echo" | "true" | "false" | "tail")
        )
    });
    listening(image, &words(c, "args"), command.is_empty(), known)
}

fn argv_of(image: Option<&Image>, c: &Value) -> Vec<String> {
    let (command, args) = (words(c, "command"), words(c, "args"));
    match (image, command.is_empty(), args.is_empty()) {
        (_, false, _) => command.into_iter().chain(args).collect(),
        (Some(i), true, false) => i.entrypoint.iter().cloned().chain(args).collect(),
        (Some(i), true, true) => i.default_process(),
        (None, _, _) => args,
    }
}
