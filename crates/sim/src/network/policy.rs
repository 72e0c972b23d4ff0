//! NetworkPolicies, where the profile's network plugin enforces them (k3s's embedded
//! controller, kind's kindnet; not minikube's default bridge): a pod some policy selects for
//! Ingress takes only what one of those policies' rules allows (peers by podSelector,
//! namespaceSelector, both, or ipBlock; and ports), and a pod selected for Egress sends only
//! what its rules allow. What is not allowed is dropped: the client times out. The node itself
//! (probes, the host) is always let through, as the plugins do for local traffic. Name lookups
//! go to CoreDNS over UDP 53, which egress rules must allow too.

use kubeplay_api::meta;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;
use serde_json::Value;

use super::Net;
use crate::util;

/// Whether a connection from the client to `pod:port` gets through.
pub fn allows(net: &Net, pod: &Value, port: i64, _at: Time) -> bool {
    if !net.sim.node.network_policy {
        return true;
    }
    let Some(client) = net.client.pod.as_ref().and_then(|k| net.api.store().get(k)) else {
        return true;
    };
    let target_ip = meta::str_at(pod, &["status", "podIP"]);
    let ingress = direction(
        net,
        pod,
        ("Ingress", "ingress", "from"),
        |peer| peer_matches(net, peer, meta::namespace(pod), client, &net.client.ip),
        (port, "TCP"),
        pod,
    );
    let egress = direction(
        net,
        client,
        ("Egress", "egress", "to"),
        |peer| peer_matches(net, peer, meta::namespace(client), pod, target_ip),
        (port, "TCP"),
        pod,
    );
    ingress && egress
}

/// Whether the client may ask the cluster DNS: its egress policies, if any, must let UDP 53
/// through to a CoreDNS pod (the Service's address is translated to theirs first).
pub fn dns_allowed(net: &Net) -> bool {
    if !net.sim.node.network_policy {
        return true;
    }
    let Some(client) = net.client.pod.as_ref().and_then(|k| net.api.store().get(k)) else {
        return true;
    };
    let sel =
        LabelSelector::from_json(&serde_json::json!({"matchLabels": {"k8s-app": "kube-dns"}}));
    let servers: Vec<&Value> = net
        .api
        .store()
        .list("/pods", Some("kube-system"))
        .map(|(_, p)| p)
        .filter(|p| sel.matches(p.labels()))
        .collect();
    if servers.is_empty() {
        return true;
    }
    servers.iter().any(|dns| {
        let ip = meta::str_at(dns, &["status", "podIP"]);
        direction(
            net,
            client,
            ("Egress", "egress", "to"),
            |peer| peer_matches(net, peer, meta::namespace(client), dns, ip),
            (53, "UDP"),
            dns,
        )
    })
}

/// The verdict of the policies selecting `subject` for `kind`: allowed when none selects it,
/// else when a rule of one of them lets the peer and port through.
fn direction(
    net: &Net,
    subject: &Value,
    (kind, field, peers): (&str, &str, &str),
    peer_ok: impl Fn(&Value) -> bool,
    port: (i64, &str),
    target: &Value,
) -> bool {
    let ns = meta::namespace(subject);
    let mut selected = false;
    for (_, np) in net
        .api
        .store()
        .list("networking.k8s.io/networkpolicies", Some(ns))
    {
        let sel = np
            .pointer("/spec/podSelector")
            .cloned()
            .unwrap_or(Value::Null);
        if !LabelSelector::from_json(&sel).matches(subject.labels()) {
            continue;
        }
        if !types(np).iter().any(|t| t == kind) {
            continue;
        }
        selected = true;
        let rules = np
            .pointer(&format!("/spec/{field}"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for rule in rules {
            let from_ok = match rule.get(peers).and_then(Value::as_array) {
                None => true,
                Some(list) if list.is_empty() => true,
                Some(list) => list.iter().any(&peer_ok),
            };
            if from_ok && port_ok(&rule, port, target) {
                return true;
            }
        }
    }
    !selected
}

/// `spec.policyTypes`, defaulted as the API server does.
fn types(np: &Value) -> Vec<String> {
    if let Some(t) = np.pointer("/spec/policyTypes").and_then(Value::as_array) {
        return t
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
    }
    let mut out = vec!["Ingress".to_string()];
    if np.pointer("/spec/egress").is_some() {
        out.push("Egress".into());
    }
    out
}

fn port_ok(rule: &Value, (port, proto): (i64, &str), target: &Value) -> bool {
    let Some(ports) = rule.get("ports").and_then(Value::as_array) else {
        return true;
    };
    if ports.is_empty() {
        return true;
    }
    ports.iter().any(|p| {
        let protocol = match meta::str_at(p, &["protocol"]) {
            "" => "TCP",
            other => other,
        };
        if protocol != proto {
            return false;
        }
        let end = p.get("endPort").and_then(Value::as_i64);
        match p.get("port") {
            None => true,
            Some(Value::Number(n)) => {
                let n = n.as_i64().unwrap_or(-1);
                port == n || end.is_some_and(|e| port > n && port <= e)
            }
            Some(Value::String(name)) => named(target, name) == Some(port),
            _ => false,
        }
    })
}

fn named(pod: &Value, name: &str) -> Option<i64> {
    pod.pointer("/spec/containers")?
        .as_array()?
        .iter()
        .filter_map(|c| c.get("ports")?.as_array())
        .flatten()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
        .get("containerPort")?
        .as_i64()
}

/// Whether `peer` (a rule's entry) covers `other` (a pod, with its IP) for a policy in `ns`.
fn peer_matches(net: &Net, peer: &Value, ns: &str, other: &Value, ip: &str) -> bool {
    if let Some(block) = peer.get("ipBlock") {
        let inside = |c: &str| cidr_contains(c, ip);
        let cidr = meta::str_at(block, &["cidr"]);
        let except = block
            .get("except")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(inside);
        return inside(cidr) && !except;
    }
    let pods = peer.get("podSelector");
    let nss = peer.get("namespaceSelector");
    let pod_ok = pods.is_none_or(|s| LabelSelector::from_json(s).matches(other.labels()));
    let ns_ok = match nss {
        None => meta::namespace(other) == ns,
        Some(s) => {
            let labels = net
                .api
                .store()
                .get(&kubeplay_api::store::Key::new(
                    "/namespaces",
                    "",
                    meta::namespace(other),
                ))
                .and_then(|n| n.labels().cloned());
            LabelSelector::from_json(s).matches(labels.as_ref())
        }
    };
    pod_ok && ns_ok
}

/// Whether `cidr` (`10.0.0.0/8`) holds `ip`.
pub fn cidr_contains(cidr: &str, ip: &str) -> bool {
    let (base, bits) = cidr.split_once('/').unwrap_or((cidr, "32"));
    let (Some(base), Some(ip), Ok(bits)) = (
        util::parse_ip(base),
        util::parse_ip(ip),
        bits.parse::<u32>(),
    ) else {
        return false;
    };
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits.min(32))
    };
    base & mask == ip & mask
}
