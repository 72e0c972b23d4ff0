//! One schema node of the Kubernetes OpenAPI definitions, decoded into plain fields.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A group-version-kind as the schema names it (`x-kubernetes-group-version-kind`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Gvk {
    #[serde(default)]
    pub group: String,
    pub version: String,
    pub kind: String,
}

/// A definition or any schema inside one (a property, the items of a list, the values of a map).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Node {
    #[serde(default)]
    pub description: String,
    /// `object`, `array`, `string`, `integer`, `number`, `boolean`; none for a `$ref` or a union.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// `int32`, `int64`, `date-time`, `byte`, ...
    pub format: Option<String>,
    /// The name of another definition (`io.k8s.api.core.v1.PodSpec`).
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub items: Option<Box<Node>>,
    /// The schema of a map's values (`map[string]string`).
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<Box<Node>>,
    #[serde(default)]
    pub properties: IndexMap<String, Node>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<Value>,
    /// Alternatives for the types that take either form (IntOrString, Quantity).
    #[serde(default, rename = "oneOf")]
    pub one_of: Vec<Node>,
    #[serde(default, rename = "x-kubernetes-group-version-kind")]
    pub gvk: Vec<Gvk>,
    /// `atomic`, `set` or `map` (then `list_map_keys` name the keys).
    #[serde(rename = "x-kubernetes-list-type")]
    pub list_type: Option<String>,
    #[serde(default, rename = "x-kubernetes-list-map-keys")]
    pub list_map_keys: Vec<String>,
    /// `merge`, `retainKeys`, `merge,retainKeys`, `replace`: how a strategic merge patch applies.
    #[serde(rename = "x-kubernetes-patch-strategy")]
    pub patch_strategy: Option<String>,
    #[serde(rename = "x-kubernetes-patch-merge-key")]
    pub patch_merge_key: Option<String>,
    /// `atomic` or `granular` for maps and structs.
    #[serde(rename = "x-kubernetes-map-type")]
    pub map_type: Option<String>,
}

impl Node {
    pub fn is_required(&self, field: &str) -> bool {
        self.required.iter().any(|r| r == field)
    }

    /// The property `name`, if this (already resolved) node is an object that has it.
    pub fn property(&self, name: &str) -> Option<&Node> {
        self.properties.get(name)
    }

    /// The short definition name a `$ref` points to: `PodSpec` for `io.k8s.api.core.v1.PodSpec`.
    pub fn ref_short_name(&self) -> Option<&str> {
        self.reference
            .as_deref()
            .map(|r| r.rsplit('.').next().unwrap_or(r))
    }

    /// The strings of `enum`, for the fields that list their allowed values.
    pub fn enum_strings(&self) -> Vec<String> {
        self.enum_values
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    }
}
