//! kustomize's field specs: which kinds a transformer touches and at which path, and the walk
//! that reaches those fields (a list met on the way is walked element by element; `create`
//! makes the missing mappings on the way).

use serde_json::{Map, Value};

use crate::res::Res;

/// One field spec: kind and group ("" for any), the slash-separated path, whether missing
/// fields are created.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    pub kind: &'a str,
    pub group: &'a str,
    pub path: &'a str,
    pub create: bool,
}

pub const fn spec<'a>(kind: &'a str, group: &'a str, path: &'a str, create: bool) -> Spec<'a> {
    Spec {
        kind,
        group,
        path,
        create,
    }
}

impl Spec<'_> {
    pub fn applies(&self, r: &Res) -> bool {
        (self.kind.is_empty() || self.kind == r.kind())
            && (self.group.is_empty() || self.group == r.group())
    }

    /// Apply `f` to every field this spec reaches in `r`.
    pub fn visit(&self, r: &mut Res, f: &mut dyn FnMut(&mut Value)) {
        if !self.applies(r) {
            return;
        }
        let path: Vec<&str> = self.path.split('/').collect();
        walk(&mut r.obj, &path, self.create, f);
    }
}

/// Walk `path` from `v`, applying `f` where it ends.
pub fn walk(v: &mut Value, path: &[&str], create: bool, f: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = path.split_first() else {
        f(v);
        return;
    };
    match v {
        Value::Array(items) => {
            for item in items {
                walk(item, path, create, f);
            }
        }
        Value::Object(m) => {
            let (key, each) = match first.strip_suffix("[]") {
                Some(k) => (k, true),
                None => (*first, false),
            };
            let missing = m.get(key).is_none_or(Value::is_null);
            if missing {
                if !create || each {
                    return;
                }
                let fresh = if rest.is_empty() {
                    Value::Null
                } else {
                    Value::Object(Map::new())
                };
                m.insert(key.to_string(), fresh);
            }
            if let Some(child) = m.get_mut(key) {
                walk(child, rest, create, f);
            }
        }
        _ => {}
    }
}

/// Set every pair of `pairs` in the mapping at `v` (made a mapping when it was missing).
pub fn merge_pairs(v: &mut Value, pairs: &[(String, String)]) {
    if v.is_null() {
        *v = Value::Object(Map::new());
    }
    if let Value::Object(m) = v {
        for (k, val) in pairs {
            m.insert(k.clone(), Value::from(val.as_str()));
        }
    }
}
