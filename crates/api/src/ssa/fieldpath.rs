//! Field sets as structured-merge-diff keeps them: a tree of path elements where each node says
//! whether the path itself is a member and which children it has, and the `FieldsV1` form the
//! API server stores in `managedFields` (`f:spec`, `k:{"name":"x"}`, `v:"x"`, `i:0`, `.` for a
//! node that is a member and has children).

use kubeplay_core::sort::SortOnce;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

/// One step of a path: a field, a list item by its keys, a set item by its value, or an index.
#[derive(Debug, Clone, PartialEq)]
pub enum Pe {
    Field(String),
    Key(Vec<(String, Value)>),
    Value(Value),
    Index(usize),
}

impl Eq for Pe {}

impl Ord for Pe {
    fn cmp(&self, other: &Pe) -> Ordering {
        match (self, other) {
            (Pe::Field(a), Pe::Field(b)) => a.cmp(b),
            (Pe::Key(a), Pe::Key(b)) => a.len().cmp(&b.len()).then_with(|| {
                a.iter()
                    .zip(b)
                    .map(|((ka, va), (kb, vb))| ka.cmp(kb).then_with(|| compare_values(va, vb)))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            }),
            (Pe::Value(a), Pe::Value(b)) => compare_values(a, b),
            (Pe::Index(a), Pe::Index(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for Pe {
    fn partial_cmp(&self, other: &Pe) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Pe {
    fn rank(&self) -> u8 {
        match self {
            Pe::Field(_) => 0,
            Pe::Key(_) => 1,
            Pe::Value(_) => 2,
            Pe::Index(_) => 3,
        }
    }

    /// The `FieldsV1` key: `f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0`.
    pub fn to_key(&self) -> String {
        match self {
            Pe::Field(f) => format!("f:{f}"),
            Pe::Key(keys) => {
                let m: Map<String, Value> = keys.iter().cloned().collect();
                format!("k:{}", Value::Object(m))
            }
            Pe::Value(v) => format!("v:{v}"),
            Pe::Index(i) => format!("i:{i}"),
        }
    }

    fn from_key(key: &str) -> Option<Pe> {
        let (kind, rest) = key.split_once(':')?;
        Some(match kind {
            "f" => Pe::Field(rest.to_string()),
            "k" => match serde_json::from_str::<Value>(rest).ok()? {
                Value::Object(m) => {
                    let mut keys: Vec<(String, Value)> = m.into_iter().collect();
                    keys.sort_once_by(|a, b| a.0.cmp(&b.0));
                    Pe::Key(keys)
                }
                _ => return None,
            },
            "v" => Pe::Value(serde_json::from_str(rest).ok()?),
            "i" => Pe::Index(rest.parse().ok()?),
            _ => return None,
        })
    }
}

/// How the API server prints a path in a conflict: `.spec.containers[name="web"].image`.
pub fn path_string(path: &[Pe]) -> String {
    let mut out = String::new();
    for pe in path {
        match pe {
            Pe::Field(f) => {
                out.push('.');
                out.push_str(f);
            }
            Pe::Key(keys) => {
                let parts: Vec<String> = keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
                out.push_str(&format!("[{}]", parts.join(",")));
            }
            Pe::Value(v) => out.push_str(&format!("[={v}]")),
            Pe::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// structured-merge-diff's order of values: by type, then by value.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => rank(a)
            .cmp(&rank(b))
            .then_with(|| a.to_string().cmp(&b.to_string())),
    }
}

/// A set of paths: the members at this level, and the sets below each child element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Set {
    pub members: BTreeSet<Pe>,
    pub children: BTreeMap<Pe, Set>,
}

impl Set {
    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.children.values().all(Set::is_empty)
    }

    pub fn insert(&mut self, path: &[Pe]) {
        match path {
            [] => {}
            [last] => {
                self.members.insert(last.clone());
            }
            [first, rest @ ..] => self.children.entry(first.clone()).or_default().insert(rest),
        }
    }

    pub fn has(&self, path: &[Pe]) -> bool {
        match path {
            [] => false,
            [last] => self.members.contains(last),
            [first, rest @ ..] => self.children.get(first).is_some_and(|c| c.has(rest)),
        }
    }

    /// The set below one element (empty when there is none).
    pub fn child(&self, pe: &Pe) -> Set {
        self.children.get(pe).cloned().unwrap_or_default()
    }

    pub fn union(&self, other: &Set) -> Set {
        let mut out = self.clone();
        out.members.extend(other.members.iter().cloned());
        for (pe, c) in &other.children {
            let merged = match out.children.get(pe) {
                Some(mine) => mine.union(c),
                None => c.clone(),
            };
            out.children.insert(pe.clone(), merged);
        }
        out
    }

    pub fn intersection(&self, other: &Set) -> Set {
        let members = self.members.intersection(&other.members).cloned().collect();
        let children = self
            .children
            .iter()
            .filter_map(|(pe, c)| {
                let i = c.intersection(other.children.get(pe)?);
                (!i.is_empty()).then(|| (pe.clone(), i))
            })
            .collect();
        Set { members, children }
    }

    /// The paths of `self` not in `other` (a member of `other` does not remove its children).
    pub fn difference(&self, other: &Set) -> Set {
        let members = self.members.difference(&other.members).cloned().collect();
        let children = self
            .children
            .iter()
            .filter_map(|(pe, c)| {
                let d = match other.children.get(pe) {
                    Some(o) => c.difference(o),
                    None => c.clone(),
                };
                (!d.is_empty()).then(|| (pe.clone(), d))
            })
            .collect();
        Set { members, children }
    }

    /// The paths of `self` not in `other`, a member of `other` removing everything below it.
    pub fn recursive_difference(&self, other: &Set) -> Set {
        let members = self.members.difference(&other.members).cloned().collect();
        let children = self
            .children
            .iter()
            .filter(|(pe, _)| !other.members.contains(pe))
            .filter_map(|(pe, c)| {
                let d = match other.children.get(pe) {
                    Some(o) => c.recursive_difference(o),
                    None => c.clone(),
                };
                (!d.is_empty()).then(|| (pe.clone(), d))
            })
            .collect();
        Set { members, children }
    }

    /// `self` without the members under which `keep` still has paths: removing such a member
    /// would take those paths with it.
    pub fn without_parents_of(&self, keep: &Set) -> Set {
        let members = self
            .members
            .iter()
            .filter(|pe| keep.children.get(pe).is_none_or(Set::is_empty))
            .cloned()
            .collect();
        let children = self
            .children
            .iter()
            .filter_map(|(pe, c)| {
                let d = match keep.children.get(pe) {
                    Some(k) => c.without_parents_of(k),
                    None => c.clone(),
                };
                (!d.is_empty()).then(|| (pe.clone(), d))
            })
            .collect();
        Set { members, children }
    }

    /// Every path, as structured-merge-diff iterates them: a level's members, then its children.
    pub fn paths(&self) -> Vec<Vec<Pe>> {
        let mut out = Vec::new();
        self.collect(&mut Vec::new(), &mut out);
        out
    }

    fn collect(&self, prefix: &mut Vec<Pe>, out: &mut Vec<Vec<Pe>>) {
        for m in &self.members {
            let mut p = prefix.clone();
            p.push(m.clone());
            out.push(p);
        }
        for (pe, c) in &self.children {
            prefix.push(pe.clone());
            c.collect(prefix, out);
            prefix.pop();
        }
    }

    /// The `FieldsV1` object.
    pub fn to_fields_v1(&self) -> Value {
        Value::Object(self.emit(false))
    }

    fn emit(&self, include_self: bool) -> Map<String, Value> {
        let mut out = Map::new();
        let has_content = !self.members.is_empty() || !self.children.is_empty();
        if include_self && has_content {
            out.insert(".".into(), Value::Object(Map::new()));
        }
        let mut keys: BTreeSet<&Pe> = self.members.iter().collect();
        keys.extend(self.children.keys());
        for pe in keys {
            let inner = match self.children.get(pe) {
                Some(c) => c.emit(self.members.contains(pe)),
                None => Map::new(),
            };
            out.insert(pe.to_key(), Value::Object(inner));
        }
        out
    }

    /// A `FieldsV1` object back into a set; keys that do not parse are left out.
    pub fn from_fields_v1(v: &Value) -> Set {
        let mut set = Set::default();
        let Some(m) = v.as_object() else {
            return set;
        };
        for (k, inner) in m {
            let Some(pe) = Pe::from_key(k) else {
                continue;
            };
            let children = inner.as_object().cloned().unwrap_or_default();
            if children.is_empty() || children.contains_key(".") {
                set.members.insert(pe.clone());
            }
            let child = Set::from_fields_v1(inner);
            if !child.is_empty() {
                set.children.insert(pe, child);
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn f(s: &str) -> Pe {
        Pe::Field(s.into())
    }

    #[test]
    fn fields_v1_marks_members_with_children_by_a_dot() {
        let mut s = Set::default();
        s.insert(&[f("metadata"), f("labels"), f("app")]);
        s.insert(&[f("metadata"), f("labels")]);
        s.insert(&[f("spec"), f("replicas")]);
        let key = Pe::Key(vec![("name".into(), json!("web"))]);
        s.insert(&[f("spec"), f("containers"), key.clone()]);
        s.insert(&[f("spec"), f("containers"), key, f("image")]);
        let v = s.to_fields_v1();
        assert_eq!(
            v,
            json!({
                "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
                "f:spec": {
                    "f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:image": {}}},
                    "f:replicas": {}
                }
            })
        );
        assert_eq!(Set::from_fields_v1(&v), s);
    }

    #[test]
    fn paths_print_as_the_api_server_does() {
        let key = Pe::Key(vec![("name".into(), json!("web"))]);
        let p = vec![f("spec"), f("containers"), key, f("image")];
        assert_eq!(path_string(&p), ".spec.containers[name=\"web\"].image");
        assert_eq!(path_string(&[f("x"), Pe::Value(json!("a"))]), ".x[=\"a\"]");
    }

    #[test]
    fn recursive_difference_drops_what_a_member_covers() {
        let mut a = Set::default();
        a.insert(&[f("spec"), f("selector"), f("app")]);
        a.insert(&[f("spec"), f("replicas")]);
        let mut b = Set::default();
        b.insert(&[f("spec"), f("selector")]);
        let d = a.recursive_difference(&b);
        assert!(d.has(&[f("spec"), f("replicas")]));
        assert!(!d.has(&[f("spec"), f("selector"), f("app")]));
        assert!(a.difference(&b).has(&[f("spec"), f("selector"), f("app")]));
    }
}
