//! NodeAffinity: the pod's `nodeSelector` labels and its required node affinity terms (any one
//! term; within a term, every label expression and `metadata.name` field expression).

use serde_json::Value;

use super::snapshot::NodeInfo;
use super::status::Status;
use kubeplay_api::meta;

pub const REASON: &str = "node(s) didn't match Pod's node affinity/selector";

fn label<'a>(labels: Option<&'a Value>, key: &str) -> Option<&'a str> {
    labels.and_then(|l| l.get(key)).and_then(|v| v.as_str())
}

/// One `NodeSelectorRequirement` against a value (a label's, or the node's name).
fn requirement(req: &Value, value: Option<&str>) -> bool {
    let values: Vec<&str> = req
        .get("values")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    let int = |s: &str| s.parse::<i64>().ok();
    match meta::str_at(req, &["operator"]) {
        "In" => value.is_some_and(|v| values.contains(&v)),
        "NotIn" => value.is_none_or(|v| !values.contains(&v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" => {
            matches!((value.and_then(int), values.first().and_then(|v| int(v))), (Some(a), Some(b)) if a > b)
        }
        "Lt" => {
            matches!((value.and_then(int), values.first().and_then(|v| int(v))), (Some(a), Some(b)) if a < b)
        }
        _ => false,
    }
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(|x| x.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
}

/// A term with no expressions at all selects no node.
pub fn term_matches(term: &Value, node: &NodeInfo) -> bool {
    let exprs = list(term, "matchExpressions");
    let fields = list(term, "matchFields");
    if exprs.is_empty() && fields.is_empty() {
        return false;
    }
    exprs
        .iter()
        .all(|r| requirement(r, label(node.labels(), meta::str_at(r, &["key"]))))
        && fields.iter().all(|r| {
            meta::str_at(r, &["key"]) == "metadata.name" && requirement(r, Some(node.name))
        })
}

pub fn matches(pod: &Value, node: &NodeInfo) -> bool {
    let selector_ok = pod
        .pointer("/spec/nodeSelector")
        .and_then(|s| s.as_object())
        .into_iter()
        .flatten()
        .all(|(k, v)| label(node.labels(), k) == v.as_str());
    if !selector_ok {
        return false;
    }
    match pod.pointer(
        "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms",
    ) {
        Some(Value::Array(terms)) => terms.iter().any(|t| term_matches(t, node)),
        _ => true,
    }
}

pub fn filter(pod: &Value, node: &NodeInfo) -> Option<Status> {
    (!matches(pod, node)).then(|| Status::unresolvable(REASON))
}

/// The PreFilter's node names: when every required term names nodes (`metadata.name In`, as
/// DaemonSet pods' terms do), only those nodes are filtered at all; None means every node.
pub fn prefilter_names(pod: &Value) -> Option<Vec<String>> {
    let terms = pod
        .pointer("/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")?
        .as_array()?;
    let mut names = Vec::new();
    for term in terms {
        let named = list(term, "matchFields").iter().find(|r| {
            meta::str_at(r, &["key"]) == "metadata.name" && meta::str_at(r, &["operator"]) == "In"
        })?;
        names.extend(
            list(named, "values")
                .iter()
                .filter_map(|v| v.as_str())
                .map(String::from),
        );
    }
    Some(names)
}

/// The status of the nodes the PreFilter left out.
pub fn not_considered() -> Status {
    Status::unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]")
}
