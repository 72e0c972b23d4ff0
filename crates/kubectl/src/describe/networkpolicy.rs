//! `kubectl describe networkpolicy`: the pod selector and, for each policy type, the rules in
//! kubectl's prose (`<none> (Selected pods are isolated for ingress connectivity)`).

use kubeplay_core::api::meta::ResourceExt;
use serde_json::Value;

use super::{
    annotations_multiline, arr, go_value, labels_multiline, name_namespace, s, time_at, Settings,
    LEVEL_0, LEVEL_1, LEVEL_2, W,
};
use crate::{Ctx, KError};
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::clock::Time;

pub fn describe(_: &mut Ctx, np: &Value, _: &Settings) -> Result<String, KError> {
    Ok(render(np))
}

/// Go's `time.Time.String()` of a UTC time: `2025-11-25 04:00:00 +0000 UTC`.
pub fn go_time_string(t: Time) -> String {
    let rfc = t.rfc3339();
    format!(
        "{} +0000 UTC",
        rfc.trim_end_matches('Z').replacen('T', " ", 1)
    )
}

pub fn render(np: &Value) -> String {
    let mut w = W::new();
    name_namespace(&mut w, np);
    let created = time_at(np, "/metadata/creationTimestamp")
        .map(go_time_string)
        .unwrap_or_else(|| "0001-01-01 00:00:00 +0000 UTC".into());
    w.write(LEVEL_0, &format!("Created on:\t{created}\n"));
    labels_multiline(&mut w, "", "Labels", np.labels());
    annotations_multiline(&mut w, "Annotations", np.annotations());
    spec(&mut w, np.pointer("/spec").unwrap_or(&Value::Null));
    w.finish()
}

fn spec(w: &mut W, spec: &Value) {
    w.write(LEVEL_0, "Spec:\n");
    w.write(LEVEL_1, "PodSelector: ");
    let selector = LabelSelector::selector_string(spec.get("podSelector"));
    if selector.is_empty() {
        w.write(
            LEVEL_2,
            "<none> (Allowing the specific traffic to all pods in this namespace)\n",
        );
    } else {
        w.write(LEVEL_2, &format!("{selector}\n"));
    }
    let types: Vec<&str> = arr(spec, "/policyTypes")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    if types.contains(&"Ingress") {
        w.write(LEVEL_1, "Allowing ingress traffic:\n");
        rules(w, arr(spec, "/ingress"), Direction::Ingress);
    } else {
        w.write(LEVEL_1, "Not affecting ingress traffic\n");
    }
    if types.contains(&"Egress") {
        w.write(LEVEL_1, "Allowing egress traffic:\n");
        rules(w, arr(spec, "/egress"), Direction::Egress);
    } else {
        w.write(LEVEL_1, "Not affecting egress traffic\n");
    }
    let listed = if types.is_empty() {
        "<none>".to_string()
    } else {
        types.join(", ")
    };
    w.write(LEVEL_1, &format!("Policy Types: {listed}\n"));
}

#[derive(Clone, Copy)]
enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    /// The peers' field, its title, and the texts for no rule and for any peer.
    fn words(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Direction::Ingress => (
                "/from",
                "From:",
                "<none> (Selected pods are isolated for ingress connectivity)",
                "From: <any> (traffic not restricted by source)",
            ),
            Direction::Egress => (
                "/to",
                "To:",
                "<none> (Selected pods are isolated for egress connectivity)",
                "To: <any> (traffic not restricted by destination)",
            ),
        }
    }
}

const INDENT: &str = "    ";

fn rules(w: &mut W, rules: &[Value], dir: Direction) {
    let (peers_field, title, no_rules, any_peer) = dir.words();
    if rules.is_empty() {
        w.write(LEVEL_0, &format!("{INDENT}{no_rules}\n"));
        return;
    }
    for (i, rule) in rules.iter().enumerate() {
        ports(w, arr(rule, "/ports"));
        let peers = arr(rule, peers_field);
        if peers.is_empty() {
            w.write(LEVEL_0, &format!("{INDENT}{any_peer}\n"));
        }
        for peer in peers {
            w.write(LEVEL_0, &format!("{INDENT}{title}\n"));
            peer_lines(w, peer);
        }
        if i + 1 != rules.len() {
            w.write(LEVEL_0, &format!("{INDENT}----------\n"));
        }
    }
}

fn ports(w: &mut W, ports: &[Value]) {
    if ports.is_empty() {
        w.write(
            LEVEL_0,
            &format!("{INDENT}To Port: <any> (traffic allowed to all ports)\n"),
        );
    }
    for port in ports {
        let proto = match s(port, "/protocol") {
            "" => "TCP",
            p => p,
        };
        // `%s` of a nil *IntOrString.
        let number = port
            .get("port")
            .map(go_value)
            .unwrap_or_else(|| "<nil>".into());
        match port.get("endPort") {
            Some(end) => w.write(
                LEVEL_0,
                &format!(
                    "{INDENT}To Port Range: {number}-{}/{proto}\n",
                    go_value(end)
                ),
            ),
            None => w.write(LEVEL_0, &format!("{INDENT}To Port: {number}/{proto}\n")),
        }
    }
}

fn peer_lines(w: &mut W, peer: &Value) {
    let format = |key: &str| LabelSelector::format(peer.get(key));
    let (pods, namespaces) = (peer.get("podSelector"), peer.get("namespaceSelector"));
    if namespaces.is_some() {
        w.write(
            LEVEL_1,
            &format!(
                "{INDENT}NamespaceSelector: {}\n",
                format("namespaceSelector")
            ),
        );
    }
    if pods.is_some() {
        w.write(
            LEVEL_1,
            &format!("{INDENT}PodSelector: {}\n", format("podSelector")),
        );
    }
    if let (None, None, Some(block)) = (pods, namespaces, peer.get("ipBlock")) {
        w.write(LEVEL_1, &format!("{INDENT}IPBlock:\n"));
        w.write(LEVEL_2, &format!("{INDENT}CIDR: {}\n", s(block, "/cidr")));
        let except: Vec<&str> = arr(block, "/except")
            .iter()
            .filter_map(|e| e.as_str())
            .collect();
        w.write(LEVEL_2, &format!("{INDENT}Except: {}\n", except.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deny_all_and_an_allow_rule() {
        let np = json!({
            "metadata": {"name": "api-allow", "namespace": "default",
                         "creationTimestamp": "2025-11-25T04:00:00Z"},
            "spec": {"podSelector": {"matchLabels": {"app": "api"}},
                     "policyTypes": ["Ingress", "Egress"],
                     "ingress": [{"from": [{"podSelector": {"matchLabels": {"role": "web"}}},
                                           {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
                                  "ports": [{"port": 80}]}, {}]}
        });
        assert_eq!(
            render(&np),
            "Name:         api-allow
Namespace:    default
Created on:   2025-11-25 04:00:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     app=api
  Allowing ingress traffic:
    To Port: 80/TCP
    From:
      PodSelector: role=web
    From:
      IPBlock:
        CIDR: 10.0.0.0/8
        Except: 10.1.0.0/16
    ----------
    To Port: <any> (traffic allowed to all ports)
    From: <any> (traffic not restricted by source)
  Allowing egress traffic:
    <none> (Selected pods are isolated for egress connectivity)
  Policy Types: Ingress, Egress
"
        );
    }
}
