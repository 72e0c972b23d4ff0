//! The kubeconfig kubectl reads: contexts, clusters, users, current-context. Kept as JSON (as
//! client-go's clientcmd keeps the parsed file) so `config view` can print what was read.

use kubeplay_core::sort::SortOnce;
use serde_json::{json, Value};

use super::error::KError;

#[derive(Debug, Clone, PartialEq)]
pub struct Kubeconfig {
    pub doc: Value,
}

fn named<'a>(list: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    list?
        .as_array()?
        .iter()
        .find(|e| e.get("name").and_then(|n| n.as_str()) == Some(name))
}

/// encoding/json's name for the JSON type of a value it could not decode.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The top-level fields must have the types client-go's Config gives them.
fn check_types(doc: &Value) -> Result<(), String> {
    type IsValid = fn(&Value) -> bool;
    let fields: [(&str, &str, IsValid); 5] = [
        ("clusters", "[]v1.NamedCluster", |v| v.is_array()),
        ("contexts", "[]v1.NamedContext", |v| v.is_array()),
        ("users", "[]v1.NamedAuthInfo", |v| v.is_array()),
        ("current-context", "string", |v| v.is_string()),
        ("preferences", "v1.Preferences", |v| v.is_object()),
    ];
    for (key, go_type, ok) in fields {
        if let Some(v) = doc.get(key).filter(|v| !v.is_null()) {
            if !ok(v) {
                return Err(format!(
                    "json: cannot unmarshal {} into Go struct field Config.{key} of type {go_type}",
                    json_kind(v)
                ));
            }
        }
    }
    Ok(())
}

impl Kubeconfig {
    pub fn parse(text: &str, path: &str) -> Result<Kubeconfig, KError> {
        if text.trim().is_empty() {
            return Ok(Kubeconfig::empty());
        }
        let docs = kubeplay_yaml::parse_documents(text)
            .map_err(|e| KError::msg(format!("error loading config file \"{path}\": {e}")))?;
        let doc = docs
            .into_iter()
            .next()
            .map(|d| d.value)
            .unwrap_or_else(|| json!({}));
        if !doc.is_object() {
            return Err(KError::msg(format!(
                "error loading config file \"{path}\": couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}"
            )));
        }
        check_types(&doc)
            .map_err(|m| KError::msg(format!("error loading config file \"{path}\": {m}")))?;
        Ok(Kubeconfig { doc })
    }

    pub fn empty() -> Kubeconfig {
        Kubeconfig { doc: json!({}) }
    }

    pub fn current_context(&self) -> &str {
        self.doc
            .get("current-context")
            .and_then(|v| v.as_str())
            .unwrap_or("")
    }

    pub fn context(&self, name: &str) -> Option<&Value> {
        named(self.doc.get("contexts"), name).and_then(|c| c.get("context"))
    }

    pub fn has_context(&self, name: &str) -> bool {
        named(self.doc.get("contexts"), name).is_some()
    }

    pub fn cluster(&self, name: &str) -> Option<&Value> {
        named(self.doc.get("clusters"), name).and_then(|c| c.get("cluster"))
    }

    pub fn list(&self, key: &str) -> Vec<Value> {
        self.doc
            .get(key)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    }

    /// The namespace of a context (the current one when `ctx` is None), if it sets one.
    pub fn context_namespace(&self, ctx: Option<&str>) -> Option<String> {
        let name = ctx.unwrap_or(self.current_context());
        self.context(name)
            .and_then(|c| c.get("namespace"))
            .and_then(|n| n.as_str())
            .filter(|n| !n.is_empty())
            .map(String::from)
    }

    pub fn server_of_context(&self, ctx: Option<&str>) -> Option<String> {
        let name = ctx.unwrap_or(self.current_context());
        let cluster = self.context(name)?.get("cluster")?.as_str()?;
        self.cluster(cluster)?
            .get("server")?
            .as_str()
            .map(String::from)
    }

    /// The file kubectl writes back: its typed form with keys sorted, as YAML.
    pub fn to_yaml(&self) -> String {
        kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(&self.canonical()))
    }
}

/// Where `~/.kube/config` lives in messages (`deleted context x from PATH`).
pub const DEFAULT_PATH: &str = "/home/user/.kube/config";

/// The three named lists of a kubeconfig and the key each entry keeps its body under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Clusters,
    Contexts,
    Users,
}

impl Section {
    pub fn key(self) -> &'static str {
        match self {
            Section::Clusters => "clusters",
            Section::Contexts => "contexts",
            Section::Users => "users",
        }
    }
    pub fn inner(self) -> &'static str {
        match self {
            Section::Clusters => "cluster",
            Section::Contexts => "context",
            Section::Users => "user",
        }
    }
    /// Fields in the order client-go's v1 types serialize them; `true` = written even when empty.
    fn fields(self) -> &'static [(&'static str, bool)] {
        match self {
            Section::Clusters => &[
                ("server", true),
                ("tls-server-name", false),
                ("insecure-skip-tls-verify", false),
                ("certificate-authority", false),
                ("certificate-authority-data", false),
                ("proxy-url", false),
                ("disable-compression", false),
                ("extensions", false),
            ],
            Section::Contexts => &[
                ("cluster", true),
                ("user", true),
                ("namespace", false),
                ("extensions", false),
            ],
            Section::Users => &[
                ("client-certificate", false),
                ("client-certificate-data", false),
                ("client-key", false),
                ("client-key-data", false),
                ("token", false),
                ("tokenFile", false),
                ("as", false),
                ("as-uid", false),
                ("as-groups", false),
                ("as-user-extra", false),
                ("username", false),
                ("password", false),
                ("auth-provider", false),
                ("exec", false),
                ("extensions", false),
            ],
        }
    }
}

pub const SECTIONS: [Section; 3] = [Section::Clusters, Section::Contexts, Section::Users];

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
    }
}

fn default_for(field: &str) -> Value {
    match field {
        "insecure-skip-tls-verify" | "disable-compression" => Value::Bool(false),
        _ => Value::String(String::new()),
    }
}

impl Kubeconfig {
    /// Entries of a section, sorted by name as kubectl's map-backed config lists them.
    pub fn entries(&self, s: Section) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        for e in self.list(s.key()) {
            let name = e
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("")
                .to_string();
            let body = e.get(s.inner()).cloned().unwrap_or_else(|| json!({}));
            // Later duplicates win, as when client-go loads the list into a map.
            out.retain(|(n, _)| n != &name);
            out.push((name, body));
        }
        out.sort_once_by(|a, b| a.0.cmp(&b.0));
        out
    }

    pub fn entry(&self, s: Section, name: &str) -> Option<Value> {
        self.entries(s)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn put_entries(&mut self, s: Section, entries: Vec<(String, Value)>) {
        let list: Vec<Value> = entries
            .into_iter()
            .map(|(n, b)| {
                let mut m = serde_json::Map::new();
                m.insert("name".into(), Value::String(n));
                m.insert(s.inner().into(), b);
                Value::Object(m)
            })
            .collect();
        if !self.doc.is_object() {
            self.doc = json!({});
        }
        if let Some(m) = self.doc.as_object_mut() {
            m.insert(s.key().into(), Value::Array(list));
        }
    }

    pub fn set_entry(&mut self, s: Section, name: &str, body: Value) {
        let mut e = self.entries(s);
        match e.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = body,
            None => e.push((name.to_string(), body)),
        }
        e.sort_once_by(|a, b| a.0.cmp(&b.0));
        self.put_entries(s, e);
    }

    /// False when there was no such entry.
    pub fn remove_entry(&mut self, s: Section, name: &str) -> bool {
        let mut e = self.entries(s);
        let before = e.len();
        e.retain(|(n, _)| n != name);
        let removed = e.len() != before;
        self.put_entries(s, e);
        removed
    }

    pub fn set_current_context(&mut self, name: &str) {
        if !self.doc.is_object() {
            self.doc = json!({});
        }
        if let Some(m) = self.doc.as_object_mut() {
            m.insert("current-context".into(), Value::String(name.to_string()));
        }
    }

    /// The config as kubectl serializes its typed form: fields in client-go's order, entries
    /// sorted by name, empty optional fields dropped, missing lists as null.
    pub fn canonical(&self) -> Value {
        let mut out = serde_json::Map::new();
        out.insert("kind".into(), json!("Config"));
        out.insert("apiVersion".into(), json!("v1"));
        let prefs = self.doc.get("preferences").cloned().unwrap_or(json!({}));
        let mut p = serde_json::Map::new();
        for k in ["colors", "extensions"] {
            if let Some(v) = prefs.get(k).filter(|v| !is_empty(v)) {
                p.insert(k.into(), v.clone());
            }
        }
        out.insert("preferences".into(), Value::Object(p));
        for s in [Section::Clusters, Section::Users, Section::Contexts] {
            let entries = self.entries(s);
            if entries.is_empty() {
                out.insert(s.key().into(), Value::Null);
                continue;
            }
            let list: Vec<Value> = entries
                .into_iter()
                .map(|(name, body)| {
                    let mut b = serde_json::Map::new();
                    for (f, always) in s.fields() {
                        match body.get(*f) {
                            Some(v) if !is_empty(v) && *f == "extensions" => {
                                b.insert((*f).into(), named_extensions(v));
                            }
                            Some(v) if !is_empty(v) => {
                                b.insert((*f).into(), v.clone());
                            }
                            _ if *always => {
                                b.insert((*f).into(), default_for(f));
                            }
                            _ => {}
                        }
                    }
                    let mut e = serde_json::Map::new();
                    e.insert("name".into(), Value::String(name));
                    e.insert(s.inner().into(), Value::Object(b));
                    Value::Object(e)
                })
                .collect();
            out.insert(s.key().into(), Value::Array(list));
        }
        out.insert(
            "current-context".into(),
            Value::String(self.current_context().to_string()),
        );
        if let Some(x) = self.doc.get("extensions").filter(|v| !is_empty(v)) {
            out.insert("extensions".into(), x.clone());
        }
        Value::Object(out)
    }
}

/// Extensions serialize as `{name, extension}`, whatever order the file had.
fn named_extensions(v: &Value) -> Value {
    let Some(list) = v.as_array() else {
        return v.clone();
    };
    Value::Array(
        list.iter()
            .map(|e| {
                let mut m = serde_json::Map::new();
                m.insert("name".into(), e.get("name").cloned().unwrap_or(json!("")));
                if let Some(x) = e.get("extension") {
                    m.insert("extension".into(), x.clone());
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// `config view` without `--raw`: certificate data and secrets replaced, as kubectl shortens them.
pub fn redact(canonical: &mut Value) {
    for (section, fields) in [
        ("clusters", &["certificate-authority-data"][..]),
        ("users", &["client-certificate-data", "client-key-data"][..]),
    ] {
        let inner = if section == "clusters" {
            "cluster"
        } else {
            "user"
        };
        if let Some(list) = canonical.get_mut(section).and_then(|l| l.as_array_mut()) {
            for e in list {
                if let Some(b) = e.get_mut(inner).and_then(|b| b.as_object_mut()) {
                    for f in fields {
                        if b.contains_key(*f) {
                            b.insert((*f).into(), json!("DATA+OMITTED"));
                        }
                    }
                    if section == "users" {
                        for f in ["token", "password"] {
                            if b.contains_key(f) {
                                b.insert(f.into(), json!("REDACTED"));
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kc() -> Kubeconfig {
        Kubeconfig {
            doc: json!({
                "kind": "Config",
                "clusters": [{"name": "z", "cluster": {"server": "https://z", "certificate-authority-data": "QQ=="}},
                             {"name": "a", "cluster": {"insecure-skip-tls-verify": true}}],
                "contexts": [{"name": "c", "context": {"namespace": "ns", "cluster": "z",
                              "extensions": [{"extension": {"x": 1}, "name": "e"}]}}],
                "users": [{"name": "u", "user": {"token": "t", "password": "p", "client-key-data": "QQ=="}}],
                "current-context": "c"
            }),
        }
    }

    #[test]
    fn canonical_order_and_defaults() {
        let c = kc().canonical();
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "kind",
                "apiVersion",
                "preferences",
                "clusters",
                "users",
                "contexts",
                "current-context"
            ]
        );
        assert_eq!(c["clusters"][0]["name"], "a");
        assert_eq!(
            c["clusters"][0]["cluster"],
            json!({"server": "", "insecure-skip-tls-verify": true})
        );
        assert_eq!(
            serde_json::to_string(&c["contexts"][0]["context"]).unwrap(),
            r#"{"cluster":"z","user":"","namespace":"ns","extensions":[{"name":"e","extension":{"x":1}}]}"#
        );
        assert_eq!(Kubeconfig::empty().canonical()["users"], Value::Null);
    }

    #[test]
    fn redaction() {
        let mut c = kc().canonical();
        redact(&mut c);
        assert_eq!(
            c["clusters"][1]["cluster"]["certificate-authority-data"],
            "DATA+OMITTED"
        );
        assert_eq!(
            c["users"][0]["user"],
            json!({"client-key-data": "DATA+OMITTED", "token": "REDACTED", "password": "REDACTED"})
        );
    }

    #[test]
    fn entries_edit() {
        let mut k = kc();
        k.set_entry(Section::Contexts, "b", json!({"cluster": "a"}));
        assert_eq!(
            k.entries(Section::Contexts)
                .iter()
                .map(|e| e.0.as_str())
                .collect::<Vec<_>>(),
            ["b", "c"]
        );
        assert!(k.remove_entry(Section::Contexts, "c"));
        assert!(!k.remove_entry(Section::Contexts, "c"));
        assert_eq!(k.context_namespace(None), None);
    }
}
