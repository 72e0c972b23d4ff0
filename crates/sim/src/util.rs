//! Small helpers the controllers share: owner references, resource lookups, IPs, hashes.

use kubeplay_core::api::meta::ResourceExt;
use serde_json::{json, Value};

use kubeplay_api::store::Key;
use kubeplay_api::{meta, ApiServer, ResourceInfo};

/// The resource served under `gr` (`apps/deployments`).
pub fn info(api: &ApiServer, gr: &str) -> Option<ResourceInfo> {
    api.discovery.all().iter().find(|r| r.gr() == gr).cloned()
}

fn kind_of_gr(gr: &str) -> &'static str {
    match gr {
        "apps/deployments" => "Deployment",
        "apps/replicasets" => "ReplicaSet",
        "/replicationcontrollers" => "ReplicationController",
        "apps/daemonsets" => "DaemonSet",
        "apps/statefulsets" => "StatefulSet",
        "batch/jobs" => "Job",
        "batch/cronjobs" => "CronJob",
        "/services" => "Service",
        _ => "",
    }
}

/// The key of `obj`'s controller, when that controller is of resource `gr`.
pub fn controller_key_of(obj: &Value, ns: &str, gr: &str) -> Option<Key> {
    let kind = kind_of_gr(gr);
    obj.controller_ref()
        .filter(|r| r.get("kind").and_then(|k| k.as_str()) == Some(kind))
        .and_then(|r| r.get("name").and_then(|n| n.as_str()))
        .map(|name| Key::new(gr, ns, name))
}

pub fn controller_key(api: &ApiServer, key: &Key, gr: &str) -> Option<Key> {
    controller_key_of(api.store().get(key)?, &key.namespace, gr)
}

/// Whether `obj`'s controller is the object with this uid.
pub fn controlled_by(obj: &Value, uid: &str) -> bool {
    obj.controller_uid() == Some(uid)
}

/// The ownerReference a controller puts on what it creates.
pub fn owner_ref(owner: &Value) -> Value {
    json!({
        "apiVersion": meta::str_at(owner, &["apiVersion"]),
        "kind": meta::kind(owner),
        "name": meta::name(owner),
        "uid": owner.uid(),
        "controller": true,
        "blockOwnerDeletion": true,
    })
}

/// A controller's write of an object it manages (mostly status): an update through the API,
/// or, where the update path refuses what the status subresource would accept, a write through
/// that subresource (which takes the object as given if it has not moved on since it was read).
pub fn write(api: &mut ApiServer, info: &ResourceInfo, obj: Value) -> Option<Value> {
    let ns = meta::namespace(&obj).to_string();
    let name = meta::name(&obj).to_string();
    let ns_opt = (info.namespaced && !ns.is_empty()).then_some(ns.as_str());
    match api.update(info, ns_opt, &name, obj.clone(), false) {
        Ok(v) => Some(v),
        Err(_) => api.write_status(info, obj),
    }
}

/// The node of the first bound pod that mounts claim `claim` in `ns`: where a
/// WaitForFirstConsumer volume is provisioned.
pub fn consumer_node(api: &ApiServer, ns: &str, claim: &str) -> Option<String> {
    api.store()
        .list("/pods", Some(ns))
        .filter(|(_, p)| {
            p.pointer("/spec/volumes")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .any(|v| {
                    v.pointer("/persistentVolumeClaim/claimName")
                        .and_then(|c| c.as_str())
                        == Some(claim)
                })
        })
        .map(|(_, p)| meta::str_at(p, &["spec", "nodeName"]).to_string())
        .find(|n| !n.is_empty())
}

pub fn int_at(obj: &Value, ptr: &str) -> i64 {
    obj.pointer(ptr).and_then(|v| v.as_i64()).unwrap_or(0)
}

pub fn parse_ip(s: &str) -> Option<u32> {
    let mut n: u32 = 0;
    let mut parts = 0;
    for p in s.split('.') {
        n = (n << 8) | p.parse::<u8>().ok()? as u32;
        parts += 1;
    }
    (parts == 4).then_some(n)
}

pub fn format_ip(n: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        n >> 24,
        (n >> 16) & 0xff,
        (n >> 8) & 0xff,
        n & 0xff
    )
}

/// FNV-1a, 32 bits: the hash the controllers use for template hashes.
pub fn fnv32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A 64-bit FNV-1a, for deterministic IDs and digests.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// splitmix64's finalizer: nearby inputs give unrelated outputs.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `n` hex digits derived from `seed` (container IDs, image digests, config hashes).
pub fn hex_from(seed: &str, n: usize) -> String {
    let mut out = String::new();
    let mut i = 0u64;
    while out.len() < n {
        let h = mix(fnv64(format!("{seed}/{i}").as_bytes()));
        out.push_str(&format!("{h:016x}"));
        i += 1;
    }
    out.truncate(n);
    out
}

/// The pod-template-hash of a template: the decimal hash spelled in the API's safe alphabet,
/// as the deployment controller does it (so it reads like `7d8f9c6b5`).
pub fn template_hash(template: &Value) -> String {
    const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let text = meta::sorted(template).to_string();
    fnv32(text.as_bytes())
        .to_string()
        .bytes()
        .map(|b| ALPHA[(b as usize) % ALPHA.len()] as char)
        .collect()
}

/// A pod template with its `pod-template-hash` label removed, for comparing templates.
pub fn without_hash(template: &Value) -> Value {
    let mut t = template.clone();
    if let Some(labels) = t
        .pointer_mut("/metadata/labels")
        .and_then(|l| l.as_object_mut())
    {
        labels.shift_remove("pod-template-hash");
        if labels.is_empty() {
            if let Some(m) = t.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                m.shift_remove("labels");
            }
        }
    }
    t
}

/// RFC 3339 with microseconds, as `MicroTime` fields (lease renewals, event times) print.
pub fn micro(t: kubeplay_core::clock::Time, frac_seed: u64) -> String {
    let s = t.rfc3339();
    let base = s.trim_end_matches('Z');
    format!("{base}.{:06}Z", frac_seed % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_hash_uses_the_safe_alphabet() {
        let h = template_hash(&json!({"spec": {"containers": [{"name": "nginx"}]}}));
        assert!(h.len() >= 8 && h.len() <= 10, "{h}");
        assert!(h.chars().all(|c| "bcdf456789".contains(c)), "{h}");
    }

    #[test]
    fn ips_round_trip() {
        assert_eq!(
            parse_ip("10.244.0.3").map(format_ip).as_deref(),
            Some("10.244.0.3")
        );
        assert_eq!(parse_ip("10.244.0"), None);
    }
}
