//! The kustomization file: found by one of its three names, read as YAML, checked against the
//! fields kustomize knows (its strict JSON decoding), and read field by field.

use serde_json::{Map, Value};

/// The names kustomize looks for in a directory, in its order.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The fields of kustomize's `Kustomization` type; any other is refused.
const KNOWN: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// Fields kubeplay reads but does not act on: refused rather than silently ignored.
const UNSUPPORTED: &[&str] = &[
    "openapi",
    "crds",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "configurations",
    "generators",
    "transformers",
    "validators",
];

/// Fields that hold a list of strings (Go `[]string`).
const STRING_LISTS: &[&str] = &[
    "resources",
    "components",
    "bases",
    "patchesStrategicMerge",
    "crds",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// Fields that hold a string map (Go `map[string]string`).
const STRING_MAPS: &[&str] = &["commonLabels", "commonAnnotations"];

const DEPRECATED: &[(&str, &str, bool)] = &[
    ("bases", "resources", false),
    ("commonLabels", "labels", false),
    ("imageTags", "images", false),
    ("patchesJson6902", "patches", false),
    ("patchesStrategicMerge", "patches", false),
    ("vars", "replacements", true),
];

#[derive(Debug, Clone)]
pub struct Kustomization {
    fields: Map<String, Value>,
}

impl Kustomization {
    /// Parse and check a kustomization file's text.
    pub fn parse(text: &str) -> Result<Kustomization, String> {
        let docs = crate::yaml12::parse(text).map_err(|e| format!("invalid Kustomization: {e}"))?;
        let fields = match docs.into_iter().next() {
            Some(Value::Object(m)) => m,
            None => return Err("kustomization.yaml is empty".to_string()),
            Some(_) => {
                return Err("invalid Kustomization: json: cannot unmarshal array into Go value of type types.Kustomization".into())
            }
        };
        let fields = canonical_keys(fields);
        check_fields(&fields)?;
        Ok(Kustomization { fields })
    }

    pub fn kind(&self) -> &str {
        self.str("kind")
    }

    pub fn str(&self, key: &str) -> &str {
        self.fields.get(key).and_then(Value::as_str).unwrap_or("")
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }

    /// A list of strings (checked at parse time).
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.list(key)
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    /// A list of objects or anything else, as written.
    pub fn list(&self, key: &str) -> &[Value] {
        self.fields
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// A string map, in the file's order.
    pub fn string_map(&self, key: &str) -> Vec<(String, String)> {
        string_pairs(self.fields.get(key))
    }

    /// kustomize's deprecation warnings, in its order.
    pub fn warnings(&self) -> Vec<String> {
        DEPRECATED
            .iter()
            .filter(|(field, _, _)| self.fields.get(*field).is_some_and(|v| !is_empty(v)))
            .map(|(field, instead, experimental)| {
                let fix = if *experimental { "[EXPERIMENTAL] " } else { "" };
                format!("# Warning: '{field}' is deprecated. Please use '{instead}' instead. {fix}Run 'kustomize edit fix' to update your Kustomization automatically.")
            })
            .collect()
    }
}

/// Go's JSON decoding matches field names regardless of case (`nameprefix` is `namePrefix`).
fn canonical_keys(fields: Map<String, Value>) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(k, v)| {
            let known = KNOWN.iter().find(|f| f.eq_ignore_ascii_case(&k));
            (known.map_or(k, |f| f.to_string()), v)
        })
        .collect()
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A YAML mapping of scalars as strings.
pub fn string_pairs(v: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(m)) = v else {
        return Vec::new();
    };
    m.iter().map(|(k, v)| (k.clone(), scalar(v))).collect()
}

/// A scalar as the string Go would decode it into.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Go's strict decoding of the file: unknown fields and wrong shapes, in its words.
fn check_fields(fields: &Map<String, Value>) -> Result<(), String> {
    for (k, v) in fields {
        if !KNOWN.contains(&k.as_str()) {
            return Err(format!(
                "invalid Kustomization: json: unknown field \"{k}\""
            ));
        }
        let wrong = |want: &str| {
            format!(
                "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{k} of type {want}",
                go_type(v)
            )
        };
        if STRING_LISTS.contains(&k.as_str()) {
            match v {
                Value::Array(items) if items.iter().all(|i| i.is_string()) => {}
                Value::Null => {}
                _ => return Err(wrong("[]string")),
            }
        }
        if STRING_MAPS.contains(&k.as_str()) && !matches!(v, Value::Object(_) | Value::Null) {
            return Err(wrong("map[string]string"));
        }
        if UNSUPPORTED.contains(&k.as_str()) && !is_empty(v) {
            return Err(format!(
                "the kustomization field '{k}' is not available in kubeplay"
            ));
        }
    }
    match fields.get("kind").and_then(Value::as_str) {
        None | Some("Kustomization") | Some("Component") | Some("") => Ok(()),
        Some(other) => Err(format!(
            "kind should be Kustomization or Component, got {other}"
        )),
    }
}
