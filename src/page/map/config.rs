//! ConfigMaps, Secrets and PersistentVolumeClaims with the pods that use them (volumes,
//! projected sources, env and envFrom, image pull secrets), and the ones pods name but that do
//! not exist.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::objects::{fill, list, name, namespace, s, Objects};
use super::services::Owners;
use super::view::{Health, Item, Kind};
use super::workloads::item;
use crate::page::words::Words;

/// The objects each pod of a namespace needs, by kind and name, with the pods' owners; an
/// `optional` reference is not needed.
type Uses = BTreeMap<(Kind, String), (usize, BTreeSet<String>)>;

/// Every reference of one pod: (kind, name, optional).
fn references(pod: &Value) -> Vec<(Kind, &str, bool)> {
    let optional = |v: &Value| v.get("optional").and_then(Value::as_bool) == Some(true);
    let mut out = Vec::new();
    for vol in list(pod, "/spec/volumes") {
        if let Some(c) = vol.get("configMap") {
            out.push((Kind::ConfigMap, s(c, "/name"), optional(c)));
        }
        if let Some(c) = vol.get("secret") {
            out.push((Kind::Secret, s(c, "/secretName"), optional(c)));
        }
        if let Some(c) = vol.get("persistentVolumeClaim") {
            out.push((Kind::PersistentVolumeClaim, s(c, "/claimName"), false));
        }
        for src in list(vol, "/projected/sources") {
            if let Some(c) = src.get("configMap") {
                out.push((Kind::ConfigMap, s(c, "/name"), optional(c)));
            }
            if let Some(c) = src.get("secret") {
                out.push((Kind::Secret, s(c, "/name"), optional(c)));
            }
        }
    }
    let containers = list(pod, "/spec/containers")
        .iter()
        .chain(list(pod, "/spec/initContainers"));
    for c in containers {
        for env in list(c, "/env") {
            if let Some(r) = env.pointer("/valueFrom/configMapKeyRef") {
                out.push((Kind::ConfigMap, s(r, "/name"), optional(r)));
            }
            if let Some(r) = env.pointer("/valueFrom/secretKeyRef") {
                out.push((Kind::Secret, s(r, "/name"), optional(r)));
            }
        }
        for from in list(c, "/envFrom") {
            if let Some(r) = from.get("configMapRef") {
                out.push((Kind::ConfigMap, s(r, "/name"), optional(r)));
            }
            if let Some(r) = from.get("secretRef") {
                out.push((Kind::Secret, s(r, "/name"), optional(r)));
            }
        }
    }
    for r in list(pod, "/spec/imagePullSecrets") {
        out.push((Kind::Secret, s(r, "/name"), true));
    }
    out.retain(|(_, n, _)| !n.is_empty());
    out
}

/// What the pods of `ns` use. The cluster's own CA bundle, which every pod mounts, is left out.
fn uses(o: &Objects, ns: &str, owners: &Owners) -> (Uses, BTreeSet<(Kind, String)>) {
    let mut uses = Uses::new();
    let mut needed = BTreeSet::new();
    for p in o.pods.iter().filter(|p| namespace(p) == ns) {
        let key = (ns.to_string(), name(p).to_string());
        let owner = owners
            .get(&key)
            .cloned()
            .unwrap_or_else(|| format!("pod {}", name(p)));
        let mut seen = BTreeSet::new();
        for (kind, n, optional) in references(p) {
            if system_object(kind, n) || !seen.insert((kind, n)) {
                continue;
            }
            let e = uses.entry((kind, n.to_string())).or_default();
            e.0 += 1;
            e.1.insert(owner.clone());
            if !optional {
                needed.insert((kind, n.to_string()));
            }
        }
    }
    (uses, needed)
}

/// Objects the cluster makes in every namespace, which a trainer would not draw.
fn system_object(kind: Kind, name: &str) -> bool {
    kind == Kind::ConfigMap && name == "kube-root-ca.crt"
}

/// A service account token Secret the token controller fills: the cluster's, not the user's.
fn token_secret(v: &Value) -> bool {
    s(v, "/type") == "kubernetes.io/service-account-token"
}

/// `deployment web, pod debug` (three at most, then how many more).
fn owners_text(owners: &BTreeSet<String>) -> String {
    let shown: Vec<&str> = owners.iter().take(3).map(String::as_str).collect();
    match owners.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{} +{more}", shown.join(", ")),
    }
}

pub fn config(o: &Objects, ns: &str, owners: &Owners, w: &Words) -> Vec<Item> {
    let (uses, mut needed) = uses(o, ns, owners);
    let mut items = Vec::new();
    let kinds: [(Kind, &[&Value]); 3] = [
        (Kind::ConfigMap, &o.configmaps),
        (Kind::Secret, &o.secrets),
        (Kind::PersistentVolumeClaim, &o.claims),
    ];
    for (kind, objs) in kinds {
        for v in objs.iter().filter(|v| namespace(v) == ns) {
            if system_object(kind, name(v)) || token_secret(v) {
                continue;
            }
            let key = (kind, name(v).to_string());
            needed.remove(&key);
            let used = uses.get(&key);
            let n = used.map_or(0, |u| u.0);
            let mut summary = if n == 0 {
                w.map_unused.to_string()
            } else {
                fill(w.map_used_by, &[&n])
            };
            let mut health = Health::Good;
            if kind == Kind::PersistentVolumeClaim {
                let phase = s(v, "/status/phase");
                health = match phase {
                    "Bound" => Health::Good,
                    "Lost" => Health::Bad,
                    _ => Health::Busy,
                };
                summary = format!(
                    "{} · {summary}",
                    if phase.is_empty() { "Pending" } else { phase }
                );
            }
            let mut it = item(kind, v, health, summary);
            it.note = used.map(|u| owners_text(&u.1)).unwrap_or_default();
            items.push(it);
        }
    }
    // Named by a pod but absent: the pod waits for it (CreateContainerConfigError, FailedMount).
    for (kind, n) in needed {
        let used = uses.get(&(kind, n.clone()));
        let owners = used.map(|u| owners_text(&u.1)).unwrap_or_default();
        items.push(Item {
            kind,
            namespace: ns.to_string(),
            name: n,
            health: Health::Bad,
            summary: w.map_missing.to_string(),
            note: fill(w.map_needed_by, &[&owners]),
            reference: true,
            children: Vec::new(),
            pods: None,
        });
    }
    items
}
