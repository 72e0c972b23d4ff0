//! The changes `kubectl label` and `kubectl annotate` make: `KEY=VAL` and `KEY-` arguments
//! (which must follow the resources), kubectl's checks of them, and the overwrite rule.

use serde_json::{json, Map, Value};

use crate::error::KError;
use kubeplay_core::api::meta;

/// Which metadata map a command edits, with its words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Labels,
    Annotations,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Labels => "labels",
            Field::Annotations => "annotations",
        }
    }
    pub fn singular(self) -> &'static str {
        match self {
            Field::Labels => "label",
            Field::Annotations => "annotation",
        }
    }
    pub fn manager(self) -> &'static str {
        match self {
            Field::Labels => "kubectl-label",
            Field::Annotations => "kubectl-annotate",
        }
    }
}

/// The requested changes: keys to set (in order) and keys to remove.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub set: Vec<(String, String)>,
    pub remove: Vec<String>,
}

impl Changes {
    /// The JSON merge patch of `metadata.<field>` that makes the changes (null removes a key),
    /// with the resourceVersion precondition when one is given.
    pub fn merge_patch(&self, field: Field, resource_version: &str) -> Value {
        let mut patch_map = Map::new();
        for (k, v) in &self.set {
            patch_map.insert(k.clone(), json!(v));
        }
        for k in &self.remove {
            patch_map.insert(k.clone(), Value::Null);
        }
        let mut metadata = Map::new();
        metadata.insert(field.key().to_string(), Value::Object(patch_map));
        if !resource_version.is_empty() {
            metadata.insert("resourceVersion".into(), json!(resource_version));
        }
        json!({ "metadata": metadata })
    }
}

fn is_pair(arg: &str) -> bool {
    arg.contains('=') || arg.ends_with('-')
}

/// Split arguments into resources and `KEY=VAL`/`KEY-` pairs; pairs must come last.
pub fn split_args(args: &[String], field: Field) -> Result<(Vec<String>, Vec<String>), KError> {
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for a in args {
        if is_pair(a) {
            pairs.push(a.clone());
        } else if pairs.is_empty() {
            resources.push(a.clone());
        } else {
            return Err(KError::msg(format!(
                "all resources must be specified before {} changes: {a}",
                field.singular()
            )));
        }
    }
    Ok((resources, pairs))
}

/// Parse the pairs as kubectl does for labels (values validated here) or annotations.
pub fn parse_changes(pairs: &[String], field: Field) -> Result<Changes, KError> {
    let mut ch = Changes::default();
    for p in pairs {
        match p.split_once('=') {
            Some((k, v)) => {
                if field == Field::Labels {
                    if k.is_empty() || v.contains('=') {
                        return Err(KError::msg(format!("invalid label spec: {p}")));
                    }
                    let errs = kubeplay_core::api::names::label_value(v);
                    if !errs.is_empty() {
                        return Err(KError::msg(format!(
                            "invalid label value: \"{p}\": {}",
                            errs.join("; ")
                        )));
                    }
                } else if k.is_empty() {
                    return Err(KError::msg(format!("invalid annotation format: {p}")));
                }
                ch.set.retain(|(x, _)| x != k);
                ch.set.push((k.to_string(), v.to_string()));
            }
            None => {
                let k = p.strip_suffix('-').unwrap_or(p);
                if k.is_empty() {
                    return Err(KError::msg(format!(
                        "invalid {} format: {p}",
                        field.singular()
                    )));
                }
                if !ch.remove.iter().any(|x| x == k) {
                    ch.remove.push(k.to_string());
                }
            }
        }
    }
    let both: Vec<&str> = ch
        .remove
        .iter()
        .filter(|r| ch.set.iter().any(|(k, _)| k == *r))
        .map(|s| s.as_str())
        .collect();
    if !both.is_empty() {
        return Err(KError::msg(match field {
            Field::Labels => "can not both modify and remove a label in the same command".into(),
            Field::Annotations => format!(
                "can not both modify and remove the following annotation(s) in the same command: {}",
                both.join(", ")
            ),
        }));
    }
    Ok(ch)
}

/// The object with the changes made, or kubectl's overwrite error.
pub fn apply_changes(
    obj: &Value,
    changes: &Changes,
    field: Field,
    overwrite: bool,
) -> Result<(Value, Vec<String>), KError> {
    let current: Map<String, Value> = obj
        .pointer(&format!("/metadata/{}", field.key()))
        .and_then(|m| m.as_object())
        .cloned()
        .unwrap_or_default();
    if !overwrite {
        let clashes: Vec<String> = changes
            .set
            .iter()
            .filter_map(|(k, want)| {
                let have = current.get(k)?.as_str().unwrap_or("");
                // Setting the value a key already has is no conflict.
                (have != want).then(|| format!("'{k}' already has a value ({have})"))
            })
            .collect();
        if let Some(first) = clashes.first() {
            return Err(KError::msg(match field {
                Field::Labels => format!("{first}, and --overwrite is false"),
                Field::Annotations => format!(
                    "--overwrite is false but found the following declared annotation(s): {}",
                    clashes.join("; ")
                ),
            }));
        }
    }
    let mut next = current.clone();
    let mut missing = Vec::new();
    for (k, v) in &changes.set {
        next.insert(k.clone(), Value::String(v.clone()));
    }
    for k in &changes.remove {
        if next.shift_remove(k).is_none() {
            missing.push(k.clone());
        }
    }
    // kubectl always writes the map back, so an object without one gains an empty map.
    let mut out = obj.clone();
    meta::set(&mut out, &["metadata", field.key()], Value::Object(next));
    Ok((out, missing))
}

/// kubectl's verdict for labels: unchanged, or "unlabeled" when the object got smaller.
pub fn label_verb(before: &Value, after: &Value, overwrite: bool) -> &'static str {
    let b = serde_json::to_string(&meta::sorted(before)).unwrap_or_default();
    let a = serde_json::to_string(&meta::sorted(after)).unwrap_or_default();
    if a == b {
        "not labeled"
    } else if !overwrite && a.len() < b.len() {
        "unlabeled"
    } else {
        "labeled"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pairs_follow_resources() {
        let (r, p) = split_args(&strs(&["pod", "web", "a=b", "c-"]), Field::Labels).unwrap();
        assert_eq!((r, p), (strs(&["pod", "web"]), strs(&["a=b", "c-"])));
        assert_eq!(
            split_args(&strs(&["pod", "a=b", "web"]), Field::Labels),
            Err(KError::msg(
                "all resources must be specified before label changes: web"
            ))
        );
    }

    #[test]
    fn label_specs_are_checked() {
        assert_eq!(
            parse_changes(&strs(&["a=b=c"]), Field::Labels),
            Err(KError::msg("invalid label spec: a=b=c"))
        );
        assert!(parse_changes(&strs(&["a=b=c"]), Field::Annotations).is_ok());
        assert_eq!(
            parse_changes(&strs(&["x=1", "x-"]), Field::Labels),
            Err(KError::msg(
                "can not both modify and remove a label in the same command"
            ))
        );
    }

    #[test]
    fn overwrite_rule_and_verbs() {
        let obj = json!({"metadata": {"name": "x", "labels": {"a": "b"}}});
        let ch = parse_changes(&strs(&["a=c"]), Field::Labels).unwrap();
        assert_eq!(
            apply_changes(&obj, &ch, Field::Labels, false).unwrap_err(),
            KError::msg("'a' already has a value (b), and --overwrite is false")
        );
        let (next, _) = apply_changes(&obj, &ch, Field::Labels, true).unwrap();
        assert_eq!(label_verb(&obj, &next, true), "labeled");
        let rm = parse_changes(&strs(&["a-"]), Field::Labels).unwrap();
        let (gone, missing) = apply_changes(&obj, &rm, Field::Labels, false).unwrap();
        assert!(missing.is_empty());
        assert_eq!(label_verb(&obj, &gone, false), "unlabeled");
        assert_eq!(label_verb(&obj, &obj, false), "not labeled");
    }
}
