//! JSON as kubectl writes it, straight from the value: Go's encoding/json escapes `<`, `>` and
//! `&` inside strings, and `-o json` indents by four spaces with every object's keys sorted (Go
//! prints unstructured objects so). Writing in one pass, without a sorted copy of a list of
//! thousands of objects and without rewriting the text afterwards, keeps `get -o json` linear
//! and cheap.

use std::io::{self, Write};

use kubeplay_core::sort::SortOnce;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::Value;

/// Go's encoding/json escapes `<`, `>` and `&` for HTML safety; kubectl's JSON shows them so.
pub fn go_json_escape(s: &str) -> String {
    if !s.contains(['<', '>', '&']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// JSON as kubectl prints it: 4-space indent, keys as the object holds them.
pub fn to_json(v: &Value) -> String {
    pretty(v)
}

/// JSON as kubectl prints an object it got: 4-space indent, every object's keys sorted.
pub fn to_json_sorted(v: &Value) -> String {
    pretty(&Sorted(v))
}

/// A `List` of the objects as kubectl prints it, keys sorted, without building the list.
pub fn list_to_json_sorted(items: &[Value]) -> String {
    pretty(&SortedList(items))
}

fn pretty(v: &impl Serialize) -> String {
    let mut buf = Vec::new();
    let fmt = GoFormatter(PrettyFormatter::with_indent(b"    "));
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    buf.push(b'\n');
    String::from_utf8(buf).unwrap_or_default()
}

/// A value serialized with every object's keys in byte order (`meta::sorted`, without the copy).
pub struct Sorted<'a>(pub &'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(m) => {
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_once_by(|a, b| a.0.cmp(b.0));
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, &Sorted(v))?;
                }
                map.end()
            }
            Value::Array(a) => s.collect_seq(a.iter().map(Sorted)),
            other => other.serialize(s),
        }
    }
}

/// kubectl's `List` around objects: its keys already in order, the items sorted as they go.
struct SortedList<'a>(&'a [Value]);

impl Serialize for SortedList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("apiVersion", "v1")?;
        map.serialize_entry("items", &SortedItems(self.0))?;
        map.serialize_entry("kind", "List")?;
        map.serialize_entry("metadata", &ListMeta)?;
        map.end()
    }
}

struct SortedItems<'a>(&'a [Value]);

impl Serialize for SortedItems<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Sorted))
    }
}

/// `{"resourceVersion": ""}`
struct ListMeta;

impl Serialize for ListMeta {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("resourceVersion", "")?;
        map.end()
    }
}

/// The pretty formatter, with Go's HTML escapes in strings (only strings can hold those).
struct GoFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for GoFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        let mut rest = s;
        while let Some(at) = rest.find(['<', '>', '&']) {
            w.write_all(&rest.as_bytes()[..at])?;
            let escape: &[u8] = match rest.as_bytes()[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            };
            w.write_all(escape)?;
            rest = &rest[at + 1..];
        }
        w.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorted_list_matches_the_sorted_copy() {
        let items = vec![
            json!({"metadata": {"name": "a<b>&c", "labels": {"z": "1", "a": "2"}}, "data": {}, "kind": "ConfigMap", "list": [], "n": 1.5}),
            json!({"b": [{"y": 1, "x": null}], "a": true}),
        ];
        let doc = json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}});
        let old = go_json_escape(&to_json(&kubeplay_core::api::meta::sorted(&doc)));
        assert_eq!(list_to_json_sorted(&items), old);
        assert_eq!(to_json_sorted(&doc), old);
        assert!(old.contains("a\\u003cb\\u003e\\u0026c"));
    }
}
