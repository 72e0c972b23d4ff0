//! A Job's `podFailurePolicy` and `podReplacementPolicy`, as v1.32's batch validation checks
//! them: bounded rules, each with a known action and exactly one of `onExitCodes` (a known
//! operator, a known container, 1 to 255 distinct ordered exit codes, no 0 for In) and
//! `onPodConditions` (qualified types, statuses True/False/Unknown).

use serde_json::Value;

use super::{arr, s, Errs};
use crate::status;
use kubeplay_core::api::names;

const MAX_RULES: usize = 20;
const MAX_EXIT_CODES: usize = 255;
const MAX_PATTERNS: usize = 20;
const ACTIONS: &[&str] = &["Count", "FailIndex", "FailJob", "Ignore"];
const OPERATORS: &[&str] = &["In", "NotIn"];
const STATUSES: &[&str] = &["False", "True", "Unknown"];

fn too_many(e: &mut Errs, field: &str, n: usize, max: usize) {
    e.0.push(status::cause(
        "FieldValueTooMany",
        field,
        format!("Too many: {n}: must have at most {max} items"),
    ));
}

/// Go's `%q` of a list of strings: `["a" "b"]`.
fn quoted_list(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|i| status::go_quote(i)).collect();
    format!("[{}]", q.join(" "))
}

/// `spec.podFailurePolicy`, when set.
pub fn check(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let policy = spec
        .and_then(|s| s.get("podFailurePolicy"))
        .filter(|p| !p.is_null());
    if let Some(policy) = policy {
        let rules_path = format!("{path}.podFailurePolicy.rules");
        let rules = arr(Some(policy), "rules");
        if rules.len() > MAX_RULES {
            too_many(e, &rules_path, rules.len(), MAX_RULES);
        }
        let tspec = spec.and_then(|s| s.pointer("/template/spec"));
        let names: Vec<&str> = arr(tspec, "containers")
            .iter()
            .chain(arr(tspec, "initContainers"))
            .map(|c| s(c, "name"))
            .collect();
        let per_index = spec
            .and_then(|s| s.get("backoffLimitPerIndex"))
            .is_some_and(|v| !v.is_null());
        for (i, rule) in rules.iter().enumerate() {
            check_rule(rule, &format!("{rules_path}[{i}]"), &names, per_index, e);
        }
    }
}

/// `spec.podReplacementPolicy`: Failed only with a pod failure policy.
pub fn check_replacement(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let policy = spec
        .and_then(|s| s.get("podFailurePolicy"))
        .filter(|p| !p.is_null());
    let replacement = spec
        .and_then(|s| s.get("podReplacementPolicy"))
        .and_then(|v| v.as_str());
    let field = format!("{path}.podReplacementPolicy");
    match (replacement, policy.is_some()) {
        (Some(r), true) if r != "Failed" => e.unsupported(&field, r, &["Failed"]),
        (Some(r), false) if r != "Failed" && r != "TerminatingOrFailed" => {
            e.unsupported(&field, r, &["Failed", "TerminatingOrFailed"])
        }
        _ => {}
    }
}

fn check_rule(rule: &Value, path: &str, names: &[&str], per_index: bool, e: &mut Errs) {
    let action_path = format!("{path}.action");
    match s(rule, "action") {
        "" => e.required_detail(
            &action_path,
            &format!("valid values: {}", quoted_list(ACTIONS)),
        ),
        "FailIndex" if !per_index => e.invalid(
            &action_path,
            "FailIndex",
            "requires the backoffLimitPerIndex to be set",
        ),
        a if !ACTIONS.contains(&a) => e.unsupported(&action_path, a, ACTIONS),
        _ => {}
    }
    let exit_codes = rule.get("onExitCodes").filter(|v| !v.is_null());
    let patterns = arr(Some(rule), "onPodConditions");
    if let Some(req) = exit_codes {
        check_exit_codes(req, &format!("{path}.onExitCodes"), names, e);
    }
    if !patterns.is_empty() {
        check_patterns(patterns, &format!("{path}.onPodConditions"), e);
    }
    if exit_codes.is_some() && !patterns.is_empty() {
        e.0.push(status::cause(
            "FieldValueInvalid",
            path,
            "Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"
                .to_string(),
        ));
    }
    if exit_codes.is_none() && patterns.is_empty() {
        e.0.push(status::cause(
            "FieldValueInvalid",
            path,
            "Invalid value: specifying one of OnExitCodes and OnPodConditions is required"
                .to_string(),
        ));
    }
}

fn check_patterns(patterns: &[Value], path: &str, e: &mut Errs) {
    if patterns.len() > MAX_PATTERNS {
        too_many(e, path, patterns.len(), MAX_PATTERNS);
    }
    for (j, p) in patterns.iter().enumerate() {
        let ty = s(p, "type");
        for m in names::qualified_name(ty) {
            e.invalid(&format!("{path}[{j}].type"), ty, &m);
        }
        let status_path = format!("{path}[{j}].status");
        match s(p, "status") {
            "" => e.required_detail(
                &status_path,
                &format!("valid values: {}", quoted_list(STATUSES)),
            ),
            st if !STATUSES.contains(&st) => e.unsupported(&status_path, st, STATUSES),
            _ => {}
        }
    }
}

/// Go's `%#v` of an `[]int32`.
fn go_ints(values: &[i64]) -> String {
    let v: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("[]int32{{{}}}", v.join(", "))
}

fn check_exit_codes(req: &Value, path: &str, names: &[&str], e: &mut Errs) {
    let operator = s(req, "operator");
    let op_path = format!("{path}.operator");
    match operator {
        "" => e.required_detail(
            &op_path,
            &format!("valid values: {}", quoted_list(OPERATORS)),
        ),
        o if !OPERATORS.contains(&o) => e.unsupported(&op_path, o, OPERATORS),
        _ => {}
    }
    if let Some(name) = req.get("containerName").and_then(|n| n.as_str()) {
        if !names.contains(&name) {
            e.invalid(
                &format!("{path}.containerName"),
                name,
                "must be one of the container or initContainer names in the pod template",
            );
        }
    }
    let values_path = format!("{path}.values");
    let values: Vec<i64> = arr(Some(req), "values")
        .iter()
        .filter_map(|v| v.as_i64())
        .collect();
    if values.is_empty() {
        let shown = if req.get("values").is_some_and(|v| v.is_array()) {
            go_ints(&[])
        } else {
            "[]int32(nil)".to_string()
        };
        e.invalid_raw(&values_path, &shown, "at least one value is required");
    } else if values.len() > MAX_EXIT_CODES {
        too_many(e, &values_path, values.len(), MAX_EXIT_CODES);
    }
    let mut seen = Vec::new();
    for (j, &v) in values.iter().enumerate() {
        let at = format!("{values_path}[{j}]");
        if operator == "In" && v == 0 {
            e.invalid_raw(&at, "0", "must not be 0 for the In operator");
        }
        if seen.contains(&v) {
            e.0.push(status::cause(
                "FieldValueDuplicate",
                &at,
                format!("Duplicate value: {v}"),
            ));
        } else {
            seen.push(v);
        }
    }
    if values.windows(2).any(|w| w[0] > w[1]) {
        e.invalid_raw(&values_path, &go_ints(&values), "must be ordered");
    }
}
