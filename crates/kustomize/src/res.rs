//! One object being built, with what kustomize remembers of it: the name and namespace it had
//! when read or generated (other objects refer to it by those), and whether it takes the
//! generators' hash suffix.

use serde_json::{Map, Value};

/// How a generated object meets one of the same name from a base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Behavior {
    #[default]
    Create,
    Merge,
    Replace,
}

#[derive(Debug, Clone)]
pub struct Res {
    pub obj: Value,
    pub orig_name: String,
    pub orig_ns: String,
    /// The kind it was read or generated as (a patch may change it).
    pub orig_kind: String,
    /// Names it had before the current one (prefixes, suffixes), oldest first.
    pub prev_names: Vec<String>,
    pub hashed: bool,
    pub behavior: Behavior,
    /// The namePrefixes and nameSuffixes applied to it, innermost kustomization first: a
    /// reference resolves to the copy that went through the same ones.
    pub prefixes: Vec<String>,
    pub suffixes: Vec<String>,
    /// Whether its namespace was changed.
    pub moved: bool,
    /// The `vars` that read one of its fields (bound where each var is declared).
    pub var_names: Vec<String>,
}

impl Res {
    pub fn new(obj: Value) -> Res {
        let orig_name = str_at(&obj, &["metadata", "name"]).to_string();
        let orig_ns = str_at(&obj, &["metadata", "namespace"]).to_string();
        let orig_kind = str_at(&obj, &["kind"]).to_string();
        Res {
            obj,
            orig_name,
            orig_ns,
            orig_kind,
            prev_names: Vec::new(),
            hashed: false,
            behavior: Behavior::Create,
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            moved: false,
            var_names: Vec::new(),
        }
    }

    pub fn kind(&self) -> &str {
        str_at(&self.obj, &["kind"])
    }

    pub fn api_version(&self) -> &str {
        str_at(&self.obj, &["apiVersion"])
    }

    /// The API group (empty for the core group).
    pub fn group(&self) -> &str {
        match self.api_version().rsplit_once('/') {
            Some((g, _)) => g,
            None => "",
        }
    }

    pub fn version(&self) -> &str {
        let av = self.api_version();
        av.rsplit_once('/').map_or(av, |(_, v)| v)
    }

    pub fn name(&self) -> &str {
        str_at(&self.obj, &["metadata", "name"])
    }

    pub fn namespace(&self) -> &str {
        str_at(&self.obj, &["metadata", "namespace"])
    }

    pub fn set_name(&mut self, name: &str) {
        let old = self.name().to_string();
        if old != name {
            self.prev_names.push(old);
        }
        if let Some(m) = metadata(&mut self.obj) {
            m.insert("name".into(), Value::from(name));
        }
    }

    pub fn set_namespace(&mut self, ns: &str) {
        self.moved |= self.namespace() != ns;
        if let Some(m) = metadata(&mut self.obj) {
            m.insert("namespace".into(), Value::from(ns));
        }
    }

    /// Whether `name` is what this object is or was called.
    pub fn answers_to(&self, name: &str) -> bool {
        self.orig_name == name || self.name() == name || self.prev_names.iter().any(|n| n == name)
    }

    /// The names it had before, the original first: empty when neither its name nor its
    /// namespace changed (kustomize's previous ids), so that only objects that changed are
    /// taken for the targets of references.
    pub fn previous_names(&self) -> Vec<String> {
        if self.prev_names.is_empty() && !self.moved {
            return Vec::new();
        }
        std::iter::once(self.orig_name.clone())
            .chain(self.prev_names.iter().cloned())
            .collect()
    }

    /// `Kind.version.group/name.namespace`, kustomize's way of naming an object in messages.
    pub fn id(&self) -> String {
        let group = match self.group() {
            "" => "[noGrp]",
            g => g,
        };
        let ns = match self.namespace() {
            "" => "[noNs]",
            n => n,
        };
        format!(
            "{}.{}.{}/{}.{}",
            self.kind(),
            self.version(),
            group,
            self.name(),
            ns
        )
    }
}

pub fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(next) => cur = next,
            None => return "",
        }
    }
    cur.as_str().unwrap_or("")
}

/// The object's `metadata`, made a mapping if it was not one.
pub fn metadata(obj: &mut Value) -> Option<&mut Map<String, Value>> {
    child_map(obj, "metadata")
}

/// `v[key]` as a mapping, created (or replacing a non-mapping) when needed. `v` itself becomes a
/// mapping if it is not one.
pub fn child_map<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    let entry = v
        .as_object_mut()?
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    entry.as_object_mut()
}
