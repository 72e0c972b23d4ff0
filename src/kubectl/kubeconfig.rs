//! The kubeconfig kubectl reads: contexts, clusters, users, current-context. Kept as JSON (as
//! client-go's clientcmd keeps the parsed file) so `config view` can print what was read.

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

impl Kubeconfig {
    pub fn parse(text: &str, path: &str) -> Result<Kubeconfig, KError> {
        if text.trim().is_empty() {
            return Ok(Kubeconfig::empty());
        }
        let docs = crate::yaml::parse_documents(text).map_err(|e| {
            KError::msg(format!(
                "error loading config file \"{path}\": {}",
                e.kubectl_message()
            ))
        })?;
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

    pub fn to_yaml(&self) -> String {
        crate::yaml::to_yaml(&self.doc)
    }
}
