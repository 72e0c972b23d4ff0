//! A Pod sent as protobuf (client-go's typed clients do, so kubectl debug's created pods come
//! this way) read into the JSON the API takes. The fields come from `pod-proto.txt` (written by
//! `scripts/proto-fields.py` from k8s.io/api's generated.proto); protobuf writes every plain
//! field, so the empty ones JSON would leave out are dropped again here.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{json, Map, Value};

const TABLE: &str = include_str!("pod-proto.txt");
/// Nesting deeper than this is refused (a Pod is a few levels deep).
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone)]
struct Field {
    name: String,
    repeated: bool,
    map: bool,
    /// Kept even when empty (a Go pointer, or JSON without omitempty).
    keep: bool,
    /// A Go embedded struct: its fields go in the parent's object.
    inline: bool,
    kind: String,
}

type Messages = HashMap<String, HashMap<u64, Field>>;

fn messages() -> &'static Messages {
    static M: OnceLock<Messages> = OnceLock::new();
    M.get_or_init(|| {
        let mut out = Messages::new();
        for line in TABLE.lines() {
            let mut words = line.split_whitespace();
            let Some(msg) = words.next() else { continue };
            let mut fields = HashMap::new();
            for w in words {
                let Some((name, rest)) = w.split_once('=') else {
                    continue;
                };
                let Some((num, kind)) = rest.split_once(':') else {
                    continue;
                };
                let Ok(num) = num.parse::<u64>() else {
                    continue;
                };
                let inline = kind.ends_with('^');
                let kind = kind.trim_end_matches('^');
                let keep = kind.ends_with('!');
                let kind = kind.trim_end_matches('!');
                let repeated = kind.starts_with('*');
                let kind = kind.trim_start_matches('*');
                let map = kind.starts_with('m');
                let kind = if map { &kind[1..] } else { kind };
                fields.insert(
                    num,
                    Field {
                        name: name.to_string(),
                        repeated,
                        map,
                        keep,
                        inline,
                        kind: kind.to_string(),
                    },
                );
            }
            out.insert(msg.to_string(), fields);
        }
        out
    })
}

/// The protobuf wire format, one field at a time.
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

enum Wire<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    /// A 32-bit value (no field of a Pod has one; skipped).
    Fixed32,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader { buf, at: 0 }
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.buf.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn next(&mut self) -> Option<Option<(u64, Wire<'a>)>> {
        if self.at >= self.buf.len() {
            return Some(None);
        }
        let key = self.varint()?;
        let wire = match key & 7 {
            0 => Wire::Varint(self.varint()?),
            1 => Wire::Fixed64(u64::from_le_bytes(self.take(8)?.try_into().ok()?)),
            2 => {
                let n = usize::try_from(self.varint()?).ok()?;
                Wire::Bytes(self.take(n)?)
            }
            5 => {
                self.take(4)?;
                Wire::Fixed32
            }
            _ => return None,
        };
        Some(Some((key >> 3, wire)))
    }
}

fn fields(buf: &[u8]) -> Option<Vec<(u64, Wire<'_>)>> {
    let mut r = Reader::new(buf);
    let mut out = Vec::new();
    while let Some(f) = r.next()? {
        out.push(f);
    }
    Some(out)
}

fn text(b: &[u8]) -> Option<String> {
    String::from_utf8(b.to_vec()).ok()
}

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

/// A message as JSON, its fields named as the API names them.
fn message(name: &str, buf: &[u8], depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let table = messages().get(name)?;
    let mut out = Map::new();
    for (num, w) in fields(buf)? {
        // Fields this table does not know (newer than v1.32) are skipped, as an old server would.
        let Some(f) = table.get(&num) else { continue };
        if f.map {
            let Wire::Bytes(entry) = w else { return None };
            let mut key = String::new();
            let mut val = Value::Null;
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
            if let Some(m) = m.as_object_mut() {
                m.insert(key, val);
            }
            continue;
        }
        if f.repeated {
            let list = out
                .entry(f.name.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            let list = list.as_array_mut()?;
            match (&w, f.kind.as_str()) {
                // Packed integers.
                (Wire::Bytes(b), "i" | "b") => {
                    let mut r = Reader::new(b);
                    while r.at < b.len() {
                        list.push(value(&f.kind, &Wire::Varint(r.varint()?), depth)?);
                    }
                }
                _ => list.push(value(&f.kind, &w, depth)?),
            }
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
    Some(Value::Object(out))
}

/// The JSON of a protobuf request body (`k8s\0` and a runtime.Unknown holding the object), if
/// it holds a Pod.
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
    if kind != "Pod" {
        return None;
    }
    let mut obj = json!({"apiVersion": api_version, "kind": kind});
    if let (Some(o), Some(Value::Object(m))) = (obj.as_object_mut(), message("Pod", raw, 0)) {
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
}
