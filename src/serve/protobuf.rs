//! A request body sent as protobuf (client-go's typed clients do: `kubectl create deployment`,
//! `create configmap`, `auth can-i`, debug's pods, drain's evictions, ...) read into the JSON the
//! API takes. One decoder for every kind, driven by the field table of `proto-fields.txt`
//! (`table.rs`); protobuf writes every plain field, so the empty ones JSON would leave out are
//! dropped again here.

mod table;
mod wire;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

use table::{message_of, messages, Field};
use wire::{fields, text, Reader, Wire};

/// Nesting deeper than this is refused (the API's kinds are a few levels deep).
const MAX_DEPTH: usize = 32;

/// The types apimachinery marshals by hand: Time, Quantity, IntOrString, ...
fn special(kind: &str, buf: &[u8]) -> Option<Option<Value>> {
    let fs = || fields(buf);
    let varint = |fs: &[(u64, Wire<'_>)], n: u64| {
        fs.iter().find_map(|(k, w)| match w {
            Wire::Varint(v) if *k == n => Some(*v),
            _ => None,
        })
    };
    let bytes = |fs: &[(u64, Wire<'_>)], n: u64| -> Option<Vec<u8>> {
        fs.iter().find_map(|(k, w)| match w {
            Wire::Bytes(b) if *k == n => Some(b.to_vec()),
            _ => None,
        })
    };
    Some(match kind {
        "Time" | "MicroTime" => {
            let f = fs()?;
            let secs = varint(&f, 1).unwrap_or(0) as i64;
            (secs != 0).then(|| json!(kubeplay_core::clock::Time(secs).rfc3339()))
        }
        "Quantity" => Some(json!(text(&bytes(&fs()?, 1).unwrap_or_default())?)),
        "IntOrString" => {
            let f = fs()?;
            if varint(&f, 1).unwrap_or(0) == 1 {
                Some(json!(text(&bytes(&f, 3).unwrap_or_default())?))
            } else {
                Some(json!(varint(&f, 2).unwrap_or(0) as i64 as i32))
            }
        }
        "Duration" => {
            let ns = varint(&fs()?, 1).unwrap_or(0) as i64;
            Some(json!(format!("{}s", ns / 1_000_000_000)))
        }
        "FieldsV1" | "RawExtension" => {
            let raw = bytes(&fs()?, 1).unwrap_or_default();
            serde_json::from_slice(&raw).ok()
        }
        _ => return None,
    })
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Null => true,
        _ => false,
    }
}

/// One value of `kind` from its wire form.
fn value(kind: &str, w: &Wire<'_>, depth: usize) -> Option<Value> {
    Some(match (kind, w) {
        ("s", Wire::Bytes(b)) => json!(text(b)?),
        // Go's JSON writes []byte in standard base64 (a Secret's data).
        ("y", Wire::Bytes(b)) => json!(STANDARD.encode(b)),
        ("b", Wire::Varint(v)) => json!(*v != 0),
        ("i", Wire::Varint(v)) => json!(*v as i64),
        ("d", Wire::Fixed64(v)) => json!(f64::from_bits(*v)),
        (k, Wire::Bytes(b)) if k.starts_with('.') => {
            let name = &k[1..];
            match special(name, b) {
                Some(v) => v.unwrap_or(Value::Null),
                None => message(name, b, depth + 1)?,
            }
        }
        _ => return None,
    })
}

/// A map entry (`key = 1`, `value = 2`) into `out`.
fn map_entry(f: &Field, w: &Wire<'_>, depth: usize, out: &mut Map<String, Value>) -> Option<()> {
    let Wire::Bytes(entry) = w else { return None };
    let mut key = String::new();
    // A map of strings or bytes whose value is empty leaves the value out.
    let mut val = match f.kind.as_str() {
        "s" | "y" => json!(""),
        _ => Value::Null,
    };
    for (n, ew) in fields(entry)? {
        match (n, &ew) {
            (1, Wire::Bytes(b)) => key = text(b)?,
            (2, _) => val = value(&f.kind, &ew, depth)?,
            _ => {}
        }
    }
    let m = out
        .entry(f.name.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    m.as_object_mut()?.insert(key, val);
    Some(())
}

/// One element (or, packed, several) of a repeated field into `out`.
fn list_item(f: &Field, w: &Wire<'_>, depth: usize, out: &mut Map<String, Value>) -> Option<()> {
    let list = out
        .entry(f.name.clone())
        .or_insert_with(|| Value::Array(Vec::new()));
    let list = list.as_array_mut()?;
    match (w, f.kind.as_str()) {
        // Packed integers.
        (Wire::Bytes(b), "i" | "b") => {
            let mut r = Reader::new(b);
            while r.at < r.len() {
                list.push(value(&f.kind, &Wire::Varint(r.varint()?), depth)?);
            }
        }
        _ => list.push(value(&f.kind, w, depth)?),
    }
    Some(())
}

/// A message as JSON, its fields named as the API names them.
fn message(name: &str, buf: &[u8], depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let msg = messages().get(name)?;
    let mut out = Map::new();
    for (num, w) in fields(buf)? {
        // Fields this table does not know (newer than v1.32) are skipped, as an old server would.
        let Some(f) = msg.fields.get(&num) else {
            continue;
        };
        if f.map {
            map_entry(f, &w, depth, &mut out)?;
            continue;
        }
        if f.repeated {
            list_item(f, &w, depth, &mut out)?;
            continue;
        }
        let v = value(&f.kind, &w, depth)?;
        if let (true, Value::Object(m)) = (f.inline, &v) {
            out.extend(m.clone());
            continue;
        }
        if (is_empty(&v) && !f.keep) || v.is_null() {
            continue;
        }
        out.insert(f.name.clone(), v);
    }
    if msg.slice {
        return Some(out.into_iter().next().map_or(json!([]), |(_, v)| v));
    }
    Some(Value::Object(out))
}

/// The JSON of a protobuf request body (`k8s\0` and a runtime.Unknown holding the object), if
/// it holds a kind the table knows.
pub fn decode(body: &[u8]) -> Option<Value> {
    let unknown = body.strip_prefix(b"k8s\0")?;
    let mut api_version = String::new();
    let mut kind = String::new();
    let mut raw: &[u8] = &[];
    for (n, w) in fields(unknown)? {
        match (n, w) {
            (1, Wire::Bytes(tm)) => {
                for (k, tw) in fields(tm)? {
                    match (k, tw) {
                        (1, Wire::Bytes(b)) => api_version = text(b)?,
                        (2, Wire::Bytes(b)) => kind = text(b)?,
                        _ => {}
                    }
                }
            }
            (2, Wire::Bytes(b)) => raw = b,
            _ => {}
        }
    }
    let name = message_of(&api_version, &kind)?;
    let mut obj = json!({"apiVersion": api_version, "kind": kind});
    if let (Some(o), Some(Value::Object(m))) = (obj.as_object_mut(), message(name, raw, 0)) {
        o.extend(m);
    }
    Some(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u64, wire: u64, out: &mut Vec<u8>) {
        varint(n << 3 | wire, out);
    }
    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }
    fn bytes(n: u64, b: &[u8], out: &mut Vec<u8>) {
        key(n, 2, out);
        varint(b.len() as u64, out);
        out.extend_from_slice(b);
    }

    #[test]
    fn a_pod_reads_back_as_json_without_the_empty_fields() {
        let mut container = Vec::new();
        bytes(1, b"debugger", &mut container);
        bytes(2, b"busybox", &mut container);
        bytes(5, b"", &mut container); // workingDir: dropped
        key(16, 0, &mut container);
        varint(1, &mut container); // stdin
        key(18, 0, &mut container);
        varint(0, &mut container); // tty false: dropped
        let mut sc = Vec::new();
        key(7, 0, &mut sc);
        varint(0, &mut sc); // allowPrivilegeEscalation false: kept (a pointer)
        bytes(15, &sc, &mut container);
        let mut spec = Vec::new();
        bytes(2, &container, &mut spec);
        bytes(10, b"minikube", &mut spec);
        let mut meta = Vec::new();
        bytes(1, b"node-debugger-minikube-abcde", &mut meta);
        let mut label = Vec::new();
        bytes(1, b"app", &mut label);
        bytes(2, b"web", &mut label);
        bytes(11, &label, &mut meta);
        let mut pod = Vec::new();
        bytes(1, &meta, &mut pod);
        bytes(2, &spec, &mut pod);
        let mut tm = Vec::new();
        bytes(1, b"v1", &mut tm);
        bytes(2, b"Pod", &mut tm);
        let mut body = b"k8s\0".to_vec();
        bytes(1, &tm, &mut body);
        bytes(2, &pod, &mut body);
        assert_eq!(
            decode(&body).unwrap(),
            json!({"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "node-debugger-minikube-abcde", "labels": {"app": "web"}},
                "spec": {"containers": [{"name": "debugger", "image": "busybox", "stdin": true,
                    "securityContext": {"allowPrivilegeEscalation": false}}],
                    "nodeName": "minikube"}})
        );
        assert!(decode(b"k8s\0\xff").is_none());
    }

    fn object(api_version: &str, kind: &str, raw: &[u8]) -> Vec<u8> {
        let mut tm = Vec::new();
        bytes(1, api_version.as_bytes(), &mut tm);
        bytes(2, kind.as_bytes(), &mut tm);
        let mut body = b"k8s\0".to_vec();
        bytes(1, &tm, &mut body);
        bytes(2, raw, &mut body);
        body
    }

    #[test]
    fn every_group_reads_through_the_one_table() {
        // A Secret's bytes come back in base64, an empty string value stays.
        let mut entry = Vec::new();
        bytes(1, b"password", &mut entry);
        bytes(2, b"s3cr3t", &mut entry);
        let mut secret = Vec::new();
        bytes(2, &entry, &mut secret);
        bytes(3, b"Opaque", &mut secret);
        assert_eq!(
            decode(&object("v1", "Secret", &secret)).unwrap(),
            json!({"apiVersion": "v1", "kind": "Secret", "data": {"password": "czNjcjN0"}, "type": "Opaque"})
        );
        // rbac.authorization.k8s.io/v1 is the rbac/v1 package.
        let mut rule = Vec::new();
        bytes(1, b"get", &mut rule);
        bytes(3, b"pods", &mut rule);
        let mut role = Vec::new();
        bytes(2, &rule, &mut role);
        assert_eq!(
            decode(&object("rbac.authorization.k8s.io/v1", "Role", &role)).unwrap(),
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "rules": [{"verbs": ["get"], "resources": ["pods"]}]})
        );
        // DeleteOptions in any group version are meta/v1's; a Go slice type is a bare list.
        let mut opts = Vec::new();
        key(1, 0, &mut opts);
        varint(0, &mut opts);
        bytes(5, b"All", &mut opts);
        assert_eq!(
            decode(&object("apps/v1", "DeleteOptions", &opts)).unwrap(),
            json!({"apiVersion": "apps/v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0, "dryRun": ["All"]})
        );
        let mut extra = Vec::new();
        bytes(1, b"a", &mut extra);
        bytes(1, b"b", &mut extra);
        let mut kv = Vec::new();
        bytes(1, b"team", &mut kv);
        bytes(2, &extra, &mut kv);
        let mut spec = Vec::new();
        bytes(5, &kv, &mut spec);
        let mut review = Vec::new();
        bytes(2, &spec, &mut review);
        let v = decode(&object(
            "authorization.k8s.io/v1",
            "SubjectAccessReview",
            &review,
        ));
        assert_eq!(v.unwrap()["spec"], json!({"extra": {"team": ["a", "b"]}}));
        assert!(decode(&object("v1", "Nothing", &[])).is_none());
    }
}
