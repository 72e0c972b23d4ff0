//! TaintToleration: a node's NoSchedule and NoExecute taints keep off every pod that does not
//! tolerate them; the first untolerated one is named in the reason.

use serde_json::Value;

use super::snapshot::NodeInfo;
use super::status::Status;
use kubeplay_api::meta;

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    meta::str_at(v, &[k])
}

/// Whether one toleration matches a taint (`ToleratesTaint`): the effect, if set, must be the
/// taint's; `Exists` with an empty key matches every key; `Equal` also needs the same value.
pub fn matches(tol: &Value, taint: &Value) -> bool {
    let effect = s(tol, "effect");
    if !effect.is_empty() && effect != s(taint, "effect") {
        return false;
    }
    let key = s(tol, "key");
    if !key.is_empty() && key != s(taint, "key") {
        return false;
    }
    match s(tol, "operator") {
        "Exists" => true,
        "" | "Equal" => s(tol, "value") == s(taint, "value"),
        _ => false,
    }
}

/// Whether the pod tolerates the taint.
pub fn tolerated(pod: &Value, taint: &Value) -> bool {
    pod.pointer("/spec/tolerations")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .any(|t| matches(t, taint))
}

/// The node's taints that matter to scheduling, the first the pod does not tolerate.
pub fn untolerated<'a>(pod: &Value, node: &'a Value) -> Option<&'a Value> {
    node.pointer("/spec/taints")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter(|t| matches!(s(t, "effect"), "NoSchedule" | "NoExecute"))
        .find(|t| !tolerated(pod, t))
}

pub fn filter(pod: &Value, node: &NodeInfo) -> Option<Status> {
    let taint = untolerated(pod, node.node)?;
    Some(Status::unresolvable(format!(
        "node(s) had untolerated taint {{{}: {}}}",
        s(taint, "key"),
        s(taint, "value")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn exists_without_key_tolerates_all() {
        let taint = json!({"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"});
        assert!(matches(&json!({"operator": "Exists"}), &taint));
        assert!(!matches(
            &json!({"key": "node-role.kubernetes.io/control-plane", "effect": "NoExecute", "operator": "Exists"}),
            &taint
        ));
        assert!(matches(
            &json!({"key": "node-role.kubernetes.io/control-plane", "operator": "Equal", "value": ""}),
            &taint
        ));
    }
}
