//! kustomize reads manifests with YAML 1.2's core schema (kyaml, on yaml.v3), where only
//! `true` and `false` are booleans: `yes`, `no`, `on`, `off`, `y` and `n` stay strings. The
//! YAML layer reads YAML 1.1 as kubectl's own decoder does, so the booleans it found are checked
//! against their text and turned back into strings where YAML 1.2 would not read a boolean.

use std::collections::HashMap;

use kubeplay_yaml::{Span, YamlError};
use serde_json::Value;

/// The documents of a stream as kustomize reads them.
pub fn parse(text: &str) -> Result<Vec<Value>, YamlError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let docs = kubeplay_yaml::parse_documents(text)?;
    Ok(docs
        .into_iter()
        .map(|d| {
            let spans: HashMap<&str, Span> =
                d.spans.iter().map(|(p, s)| (p.as_str(), *s)).collect();
            let mut v = d.value.clone();
            fix(&mut v, String::new(), &spans, &lines);
            v
        })
        .collect())
}

fn fix(v: &mut Value, path: String, spans: &HashMap<&str, Span>, lines: &[&str]) {
    match v {
        Value::Bool(_) => {
            let Some(span) = spans.get(path.as_str()) else {
                return;
            };
            let Some(token) = plain_token(lines, *span) else {
                return;
            };
            let yaml12_bool = matches!(
                token,
                "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
            );
            if !yaml12_bool && !token.is_empty() {
                *v = Value::from(token);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                fix(item, format!("{path}[{i}]"), spans, lines);
            }
        }
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                let p = match path.is_empty() {
                    true => k.clone(),
                    false => format!("{path}.{k}"),
                };
                fix(child, p, spans, lines);
            }
        }
        _ => {}
    }
}

/// The plain scalar starting at `span` (a quoted or tagged one is left alone).
fn plain_token<'a>(lines: &[&'a str], span: Span) -> Option<&'a str> {
    let line = lines.get(span.line.checked_sub(1)?)?;
    // Columns count characters, not bytes.
    let start = match span.col.checked_sub(1)? {
        0 => 0,
        n => line.char_indices().nth(n).map_or(line.len(), |(i, _)| i),
    };
    let rest = line.get(start..)?;
    if rest.starts_with(['"', '\'', '!', '&', '*']) {
        return None;
    }
    let end = rest.find([',', ']', '}', '#', '\r']).unwrap_or(rest.len());
    Some(rest[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_true_and_false_are_booleans() {
        let docs = parse(
            "a: 1\n---\nb: yes\nc: [n, true, 'on']\nd:\n  e: off # comment\n  f: False\n  é: y\n",
        )
        .unwrap();
        assert_eq!(
            docs[1],
            json!({"b": "yes", "c": ["n", true, "on"], "d": {"e": "off", "f": false, "é": "y"}})
        );
    }
}
