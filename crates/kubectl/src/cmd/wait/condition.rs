//! `--for`: what `kubectl wait` waits for (kubectl's `conditionFuncFor`), and whether one
//! object meets it — a status condition of some type and value, or a JSONPath that finds a
//! value (or the given one). Deletion and creation are about the object being there at all.

use serde_json::Value;

use crate::printers::custom_columns::relaxed_expression;
use crate::printers::jsonpath::{self, Template};

/// One `--for`, parsed.
#[derive(Debug)]
pub enum For {
    Delete,
    Create,
    /// `condition=NAME[=VALUE]`; both compared case-insensitively, VALUE `true` by default.
    Condition {
        name: String,
        status: String,
    },
    /// `jsonpath=EXPR[=VALUE]`; without VALUE any result will do.
    JsonPath {
        template: Box<Template>,
        value: Option<String>,
    },
}

impl For {
    /// kubectl's parse, with its errors word for word.
    pub fn parse(text: &str) -> Result<For, String> {
        match text.to_lowercase().as_str() {
            "delete" => return Ok(For::Delete),
            "create" => return Ok(For::Create),
            _ => {}
        }
        if let Some(rest) = text.strip_prefix("condition=") {
            let (name, status) = rest.split_once('=').unwrap_or((rest, "true"));
            return Ok(For::Condition {
                name: name.to_string(),
                status: status.to_string(),
            });
        }
        if let Some(rest) = text.strip_prefix("jsonpath=") {
            return json_path(rest);
        }
        Err(format!("unrecognized condition: {}", go_quote(text)))
    }

    pub fn is_delete(&self) -> bool {
        matches!(self, For::Delete)
    }

    /// Whether `obj` meets a condition or JSONPath wait (an error ends the wait).
    pub fn met(&self, obj: &Value) -> Result<bool, String> {
        match self {
            For::Condition { name, status } => Ok(condition_met(obj, name, status)),
            For::JsonPath { template, value } => json_path_met(template, value.as_deref(), obj),
            For::Delete | For::Create => Ok(true),
        }
    }
}

fn go_quote(s: &str) -> String {
    jsonpath::gofmt::go_quote(s)
}

/// `EXPR[=VALUE]`: split on single `=` (a `==` belongs to a filter), the expression relaxed as
/// `get -o custom-columns` relaxes it, the value stripped of quotes.
fn json_path(input: &str) -> Result<For, String> {
    let parts = split_single_equals(input);
    if parts.len() > 2 {
        return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
    }
    let expr = relaxed_expression(&parts[0])?;
    let value = match parts.get(1) {
        None => None,
        Some(v) => {
            let v = v.trim_matches(['\'', '"']);
            if v.is_empty() {
                return Err("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into());
            }
            Some(v.to_string())
        }
    };
    if expr.is_empty() {
        return Err("jsonpath expression cannot be empty".into());
    }
    let template = jsonpath::parse(&expr)?;
    Ok(For::JsonPath {
        template: Box::new(template),
        value,
    })
}

fn split_single_equals(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut part = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '=' {
            part.push(c);
        } else if chars.peek() == Some(&'=') {
            chars.next();
            part.push_str("==");
        } else {
            out.push(std::mem::take(&mut part));
        }
    }
    out.push(part);
    out
}

/// The first condition of the type decides; one observed for an older generation is not met.
fn condition_met(obj: &Value, name: &str, status: &str) -> bool {
    let Some(conds) = obj.pointer("/status/conditions").and_then(|c| c.as_array()) else {
        return false;
    };
    for c in conds {
        let Some(c) = c.as_object() else {
            return false;
        };
        let Some(t) = c.get("type").and_then(|t| t.as_str()) else {
            continue;
        };
        if t.to_lowercase() != name.to_lowercase() {
            continue;
        }
        let Some(s) = c.get("status").and_then(|s| s.as_str()) else {
            continue;
        };
        if let Some(generation) = obj.pointer("/metadata/generation").and_then(|g| g.as_i64()) {
            let observed = c
                .get("observedGeneration")
                .or_else(|| obj.pointer("/status/observedGeneration"))
                .and_then(|g| g.as_i64());
            if observed.is_some_and(|o| o < generation) {
                return false;
            }
        }
        return s.to_lowercase() == status.to_lowercase();
    }
    false
}

/// One value found (and equal to `want`, when given); lists, maps and several values are errors.
fn json_path_met(t: &Template, want: Option<&str>, obj: &Value) -> Result<bool, String> {
    let results = jsonpath::find_results(t, obj)?;
    if results.first().is_none_or(|r| r.is_empty()) {
        return Ok(false);
    }
    if results.len() > 1 {
        return Err("given jsonpath expression matches more than one list".into());
    }
    let found = &results[0];
    if found.len() > 1 {
        return Err("given jsonpath expression matches more than one value".into());
    }
    let Some(want) = want else {
        return Ok(true);
    };
    let text = match &found[0] {
        Value::Object(_) | Value::Array(_) => {
            return Err("jsonpath leads to a nested object or list which is not supported".into())
        }
        Value::String(s) => s.clone(),
        other => jsonpath::gofmt::go_value(other),
    };
    Ok(text.trim() == want.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(s: &str) -> String {
        For::parse(s).err().unwrap_or_default()
    }

    #[test]
    fn keywords_ignore_case() {
        assert!(For::parse("Delete").is_ok_and(|f| f.is_delete()));
        assert!(matches!(For::parse("CREATE"), Ok(For::Create)));
    }

    #[test]
    fn condition_value_defaults_to_true() {
        match For::parse("condition=Ready") {
            Ok(For::Condition { name, status }) => {
                assert_eq!((name, status), ("Ready".into(), "true".into()))
            }
            other => panic!("{other:?}"),
        }
        match For::parse("condition=Ready=False") {
            Ok(For::Condition { status, .. }) => assert_eq!(status, "False"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unrecognized_and_missing() {
        assert_eq!(err("foo"), "unrecognized condition: \"foo\"");
        assert_eq!(err(""), "unrecognized condition: \"\"");
        // The prefix itself is case-sensitive.
        assert_eq!(
            err("Condition=Ready"),
            "unrecognized condition: \"Condition=Ready\""
        );
    }

    #[test]
    fn jsonpath_forms() {
        assert!(matches!(For::parse("jsonpath={.status.phase}=Running"),
            Ok(For::JsonPath { value: Some(v), .. }) if v == "Running"));
        assert!(matches!(
            For::parse("jsonpath={.status.loadBalancer.ingress}"),
            Ok(For::JsonPath { value: None, .. })
        ));
        assert!(matches!(For::parse("jsonpath=.status.phase='Running'"),
            Ok(For::JsonPath { value: Some(v), .. }) if v == "Running"));
        assert!(err("jsonpath={.a}=b=c").starts_with("jsonpath wait format must be"));
        assert!(err("jsonpath={.a}=").starts_with("jsonpath wait has to have a value"));
        assert_eq!(err("jsonpath="), "jsonpath expression cannot be empty");
        assert!(err("jsonpath={.a").starts_with("unexpected path string"));
        assert_eq!(
            split_single_equals("a==b=c"),
            vec!["a==b".to_string(), "c".to_string()]
        );
    }

    #[test]
    fn conditions_compare_without_case() {
        let job = json!({"status": {"conditions": [{"type": "Complete", "status": "True"}]}});
        let f = For::parse("condition=complete").ok();
        assert_eq!(f.map(|f| f.met(&job)), Some(Ok(true)));
        let f = For::parse("condition=Complete=false").ok();
        assert_eq!(f.map(|f| f.met(&job)), Some(Ok(false)));
    }

    #[test]
    fn stale_conditions_are_not_met() {
        let d = json!({"metadata": {"generation": 2},
            "status": {"observedGeneration": 1, "conditions": [{"type": "Available", "status": "True"}]}});
        let f = For::parse("condition=Available").ok();
        assert_eq!(f.map(|f| f.met(&d)), Some(Ok(false)));
    }

    #[test]
    fn jsonpath_values() {
        let pod = json!({"status": {"phase": "Running", "podIP": "10.0.0.1", "replicas": 3,
            "conditions": [{"type": "Ready"}]}});
        let met = |s: &str| For::parse(s).and_then(|f| f.met(&pod));
        assert_eq!(met("jsonpath={.status.phase}=Running"), Ok(true));
        assert_eq!(met("jsonpath={.status.phase}=Pending"), Ok(false));
        assert_eq!(met("jsonpath={.status.replicas}=3"), Ok(true));
        assert_eq!(met("jsonpath={.status.podIP}"), Ok(true));
        assert_eq!(met("jsonpath={.status.hostIP}"), Ok(false));
        assert_eq!(
            met("jsonpath={.status.conditions}=x"),
            Err("jsonpath leads to a nested object or list which is not supported".into())
        );
    }
}
