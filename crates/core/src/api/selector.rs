//! Label selectors (`app=web,tier!=db,env in (a,b),!legacy`) and field selectors
//! (`metadata.name=x,status.phase!=Running`), parsed and matched as the API server does.

use crate::sort::SortOnce;
use serde_json::Value;

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub enum Req {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

impl Req {
    pub fn key(&self) -> &str {
        match self {
            Req::Eq(k, _)
            | Req::NotEq(k, _)
            | Req::In(k, _)
            | Req::NotIn(k, _)
            | Req::Exists(k)
            | Req::NotExists(k) => k,
        }
    }
}

/// One `matchExpressions` entry (`{key, operator, values}`); None for an operator the API does
/// not have (validation refuses those, so only unvalidated input gets here).
pub fn match_expression(e: &Value) -> Option<Req> {
    let key = e
        .get("key")
        .and_then(|k| k.as_str())
        .unwrap_or("")
        .to_string();
    let values: Vec<String> = e
        .get("values")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    match e.get("operator").and_then(|o| o.as_str()).unwrap_or("") {
        "In" => Some(Req::In(key, values)),
        "NotIn" => Some(Req::NotIn(key, values)),
        "Exists" => Some(Req::Exists(key)),
        "DoesNotExist" => Some(Req::NotExists(key)),
        _ => None,
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Default)]
pub struct LabelSelector {
    pub reqs: Vec<Req>,
}

/// The selector's terms: commas inside `in (a,b)` belong to the set, not the list.
fn split_top_level(s: &str) -> Vec<String> {
    crate::split::split_outside(s, ',', '(', ')')
}

impl LabelSelector {
    pub fn parse(s: &str) -> Result<LabelSelector, String> {
        let mut reqs = Vec::new();
        if s.trim().is_empty() {
            return Ok(LabelSelector { reqs });
        }
        for part in split_top_level(s) {
            let p = part.trim();
            if p.is_empty() {
                return Err(format!("found '{}', expected: identifier", ","));
            }
            let set_op = [" notin ", " in "]
                .iter()
                .find_map(|op| p.find(op).map(|i| (*op, i)));
            if let Some((op, i)) = set_op {
                let key = p[..i].trim().to_string();
                let rest = p[i + op.len()..].trim();
                let inner = rest
                    .strip_prefix('(')
                    .and_then(|r| r.strip_suffix(')'))
                    .ok_or_else(|| format!("found '{rest}', expected: '('"))?;
                let vals: Vec<String> = inner
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                reqs.push(if op.trim() == "in" {
                    Req::In(key, vals)
                } else {
                    Req::NotIn(key, vals)
                });
            } else if let Some((k, v)) = p.split_once("!=") {
                reqs.push(Req::NotEq(k.trim().into(), v.trim().into()));
            } else if let Some((k, v)) = p.split_once("==") {
                reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
            } else if let Some((k, v)) = p.split_once('=') {
                reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
            } else if let Some(k) = p.strip_prefix('!') {
                reqs.push(Req::NotExists(k.trim().into()));
            } else {
                reqs.push(Req::Exists(p.into()));
            }
        }
        for r in &reqs {
            let key = r.key();
            let errs = super::names::qualified_name(key);
            if let Some(e) = errs.first() {
                return Err(format!("key: Invalid value: \"{key}\": {e}"));
            }
        }
        Ok(LabelSelector { reqs })
    }

    /// From a `metav1.LabelSelector` (`matchLabels` + `matchExpressions`: Deployments, Jobs,
    /// NetworkPolicies) or a plain label map (Service and ReplicationController selectors).
    pub fn from_json(sel: &Value) -> LabelSelector {
        let mut reqs = Vec::new();
        let labels = sel.get("matchLabels").unwrap_or(sel);
        if let Some(m) = labels.as_object() {
            for (k, v) in m {
                if k == "matchExpressions" || k == "matchLabels" {
                    continue;
                }
                reqs.push(Req::Eq(k.clone(), v.as_str().unwrap_or("").to_string()));
            }
        }
        if let Some(exprs) = sel.get("matchExpressions").and_then(|e| e.as_array()) {
            reqs.extend(exprs.iter().filter_map(match_expression));
        }
        LabelSelector { reqs }
    }

    /// apimachinery's `LabelSelectorAsSelector(sel).String()`: requirements sorted by key, set
    /// values sorted; "" for a missing or empty selector.
    pub fn selector_string(sel: Option<&Value>) -> String {
        let Some(sel) = sel.filter(|v| v.is_object()) else {
            return String::new();
        };
        let mut reqs = LabelSelector::from_json(sel).reqs;
        reqs.sort_once_by(|a, b| a.key().cmp(b.key()));
        for r in &mut reqs {
            if let Req::In(_, vs) | Req::NotIn(_, vs) = r {
                vs.sort_once();
            }
        }
        LabelSelector { reqs }.to_text()
    }

    /// apimachinery's `FormatLabelSelector`: as `selector_string`, `<none>` when that is empty
    /// (the SELECTOR columns, describe's `Selector:` lines).
    pub fn format(sel: Option<&Value>) -> String {
        let s = LabelSelector::selector_string(sel);
        if s.is_empty() {
            "<none>".into()
        } else {
            s
        }
    }

    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    pub fn matches(&self, labels: Option<&Value>) -> bool {
        let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(|v| v.as_str());
        self.reqs.iter().all(|r| match r {
            Req::Eq(k, v) => get(k) == Some(v.as_str()),
            Req::NotEq(k, v) => get(k) != Some(v.as_str()),
            Req::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            Req::NotIn(k, vs) => !get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            Req::Exists(k) => get(k).is_some(),
            Req::NotExists(k) => get(k).is_none(),
        })
    }

    /// Canonical text form, as `describe` prints `Selector:`.
    pub fn to_text(&self) -> String {
        let parts: Vec<String> = self
            .reqs
            .iter()
            .map(|r| match r {
                Req::Eq(k, v) => format!("{k}={v}"),
                Req::NotEq(k, v) => format!("{k}!={v}"),
                Req::In(k, vs) => format!("{k} in ({})", vs.join(",")),
                Req::NotIn(k, vs) => format!("{k} notin ({})", vs.join(",")),
                Req::Exists(k) => k.clone(),
                Req::NotExists(k) => format!("!{k}"),
            })
            .collect();
        parts.join(",")
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldSelector {
    /// (field, value, negated)
    pub reqs: Vec<(String, String, bool)>,
}

impl FieldSelector {
    pub fn parse(s: &str) -> Result<FieldSelector, String> {
        let mut reqs = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some((k, v)) = part.split_once("!=") {
                reqs.push((k.into(), v.into(), true));
            } else if let Some((k, v)) = part.split_once("==") {
                reqs.push((k.into(), v.into(), false));
            } else if let Some((k, v)) = part.split_once('=') {
                reqs.push((k.into(), v.into(), false));
            } else {
                return Err(format!(
                    "invalid selector: '{part}'; can't understand '{part}'"
                ));
            }
        }
        Ok(FieldSelector { reqs })
    }

    /// Fields each kind supports: metadata.name/namespace everywhere, plus a few per kind.
    pub fn check_supported(&self, kind: &str) -> Result<(), String> {
        for (f, _, _) in &self.reqs {
            let ok = matches!(f.as_str(), "metadata.name" | "metadata.namespace")
                || match kind {
                    "Pod" => matches!(
                        f.as_str(),
                        "spec.nodeName"
                            | "spec.restartPolicy"
                            | "spec.schedulerName"
                            | "spec.serviceAccountName"
                            | "spec.hostNetwork"
                            | "status.phase"
                            | "status.podIP"
                            | "status.podIPs"
                            | "status.nominatedNodeName"
                    ),
                    "Event" => matches!(
                        f.as_str(),
                        "involvedObject.kind"
                            | "involvedObject.namespace"
                            | "involvedObject.name"
                            | "involvedObject.uid"
                            | "involvedObject.apiVersion"
                            | "involvedObject.resourceVersion"
                            | "involvedObject.fieldPath"
                            | "reason"
                            | "reportingComponent"
                            | "source"
                            | "type"
                    ),
                    "Secret" => f == "type",
                    "Node" => f == "spec.unschedulable",
                    "Namespace" => f == "status.phase",
                    "ReplicaSet" | "ReplicationController" => f == "status.replicas",
                    "Job" => f == "status.successful",
                    _ => false,
                };
            if !ok {
                return Err(format!("field label not supported: {f}"));
            }
        }
        Ok(())
    }

    pub fn matches(&self, obj: &Value) -> bool {
        self.reqs.iter().all(|(field, want, neg)| {
            let got = field_value(obj, field);
            (got == *want) != *neg
        })
    }
}

fn field_value(obj: &Value, field: &str) -> String {
    if field == "source" {
        return obj
            .pointer("/source/component")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
    }
    let mut cur = obj;
    for seg in field.split('.') {
        match cur.get(seg) {
            Some(v) => cur = v,
            None => return String::new(),
        }
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_selectors() {
        let l = json!({"app": "web", "tier": "fe"});
        let m = |s: &str| LabelSelector::parse(s).map(|sel| sel.matches(Some(&l)));
        assert_eq!(m("app=web"), Ok(true));
        assert_eq!(m("app==web,tier!=db"), Ok(true));
        assert_eq!(m("app in (web,api)"), Ok(true));
        assert_eq!(m("app notin (web)"), Ok(false));
        assert_eq!(m("!legacy"), Ok(true));
        assert_eq!(m("tier"), Ok(true));
        assert!(LabelSelector::parse("bad key=x").is_err());
    }

    #[test]
    fn selectors_print_as_apimachinery_does() {
        let sel = json!({"matchLabels": {"tier": "fe", "app": "web"},
            "matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod", "dev"]},
                                 {"key": "legacy", "operator": "DoesNotExist"}]});
        assert_eq!(
            LabelSelector::format(Some(&sel)),
            "app=web,env notin (dev,prod),!legacy,tier=fe"
        );
        assert_eq!(LabelSelector::format(Some(&json!({}))), "<none>");
        assert_eq!(LabelSelector::format(None), "<none>");
        assert_eq!(LabelSelector::selector_string(None), "");
    }

    #[test]
    fn field_selectors() {
        let p = json!({"metadata": {"name": "a"}, "status": {"phase": "Running"}});
        let f = FieldSelector::parse("status.phase!=Running").unwrap_or_default();
        assert!(!f.matches(&p));
        let f = FieldSelector::parse("metadata.name=a").unwrap_or_default();
        assert!(f.matches(&p));
        assert!(f.check_supported("Pod").is_ok());
        let bad = FieldSelector::parse("spec.foo=a").unwrap_or_default();
        assert!(bad.check_supported("Pod").is_err());
    }
}
