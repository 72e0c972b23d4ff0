//! kubectl's generic describer, for kinds without their own: name, namespace, labels and
//! annotations, then every other field as an indented tree with "smart" labels
//! (`apiVersion` -> `API Version`), then events.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::{Map, Value};

use super::events;
use super::LEVEL_0;
use super::{annotations_multiline, go_value, labels_multiline, name_namespace, Settings, W};
use crate::{Ctx, KError};
use kubeplay_core::clock::Time;

pub fn describe(ctx: &mut Ctx, obj: &Value, settings: &Settings) -> Result<String, KError> {
    let evs = events::for_object(ctx, obj, settings);
    Ok(render(obj, evs.as_deref(), settings.now))
}

const SKIP: &[&str] = &[
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

pub fn render(obj: &Value, evs: Option<&[Value]>, now: Time) -> String {
    let mut w = W::new();
    name_namespace(&mut w, obj);
    labels_multiline(&mut w, "", "Labels", obj.labels());
    annotations_multiline(&mut w, "Annotations", obj.annotations());
    if let Some(m) = obj.as_object() {
        tree(&mut w, LEVEL_0, m, "");
    }
    if let Some(evs) = evs {
        events::describe(&mut w, evs, now);
    }
    w.finish()
}

/// `printUnstructuredContent`: fields sorted, maps and lists nested one level deeper.
fn tree(w: &mut W, level: usize, content: &Map<String, Value>, prefix: &str) {
    let mut fields: Vec<&String> = content.keys().collect();
    fields.sort_once();
    for field in fields {
        let path = format!("{prefix}.{field}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        let Some(value) = content.get(field) else {
            continue;
        };
        match value {
            Value::Object(m) => {
                w.write(level, &format!("{}:\n", smart_label(field)));
                tree(w, level + 1, m, &path);
            }
            Value::Array(items) => {
                w.write(level, &format!("{}:\n", smart_label(field)));
                for item in items {
                    match item {
                        Value::Object(m) => tree(w, level + 1, m, &path),
                        other => w.write(level + 1, &format!("{}\n", go_value(other))),
                    }
                }
            }
            other => w.write(
                level,
                &format!("{}:\t{}\n", smart_label(field), go_value(other)),
            ),
        }
    }
}

/// `smartLabelFor`: camel-case words, title-cased, common acronyms upper-cased; fields with
/// anything but letters and '-' are left as they are.
pub fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    const ACRONYMS: [&str; 5] = ["API", "URL", "UID", "OSB", "GUID"];
    camel_split(field)
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            let upper = p.to_uppercase();
            if ACRONYMS.contains(&upper.as_str()) {
                upper
            } else {
                title(&p)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Go's `strings.Title`: upper-case each letter that starts a word.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if !prev_letter && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

/// fatih/camelcase's `Split`: runs of lower, upper, digit and other characters, with the last
/// upper-case letter of a run moved onto a following lower-case run (`PDFLoader` -> PDF Loader).
fn camel_split(src: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in src.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(run) if k == last => run.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        let upper_then_lower = runs[i].first().is_some_and(|c| c.is_uppercase())
            && runs[i + 1].first().is_some_and(|c| c.is_lowercase());
        if upper_then_lower {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.into_iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn smart_labels() {
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("creationTimestamp"), "Creation Timestamp");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("podCIDR"), "Pod CIDR");
        assert_eq!(smart_label("PDFLoader"), "PDF Loader");
        assert_eq!(smart_label("v1"), "v1");
        assert_eq!(
            smart_label("app.kubernetes.io/name"),
            "app.kubernetes.io/name"
        );
    }

    #[test]
    fn tree_layout() {
        let obj = json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "pi", "namespace": "default", "uid": "123",
                         "creationTimestamp": "2025-11-25T04:00:00Z", "resourceVersion": "42"},
            "spec": {"backoffLimit": 4, "template": {"spec": {"containers": [{"name": "pi", "image": "perl",
                     "command": ["perl", "-e"]}], "restartPolicy": "Never"}}}
        });
        assert_eq!(
            render(&obj, Some(&[]), Time(0)),
            "Name:         pi
Namespace:    default
Labels:       <none>
Annotations:  <none>
API Version:  batch/v1
Kind:         Job
Metadata:
  Creation Timestamp:  2025-11-25T04:00:00Z
  Resource Version:    42
  UID:                 123
Spec:
  Backoff Limit:  4
  Template:
    Spec:
      Containers:
        Command:
          perl
          -e
        Image:         perl
        Name:          pi
      Restart Policy:  Never
Events:                <none>
"
        );
    }
}
