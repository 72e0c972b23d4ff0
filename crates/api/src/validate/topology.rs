//! A pod spec's `topologySpreadConstraints`, as validateTopologySpreadConstraints checks each:
//! maxSkew, topologyKey, whenUnsatisfiable, no two with the same key and action, minDomains
//! (only with DoNotSchedule), the node inclusion policies, matchLabelKeys, and the label
//! selector (ValidateLabelSelector).

use std::collections::HashSet;

use serde_json::Value;

use super::{arr, s, Errs};
use crate::names;

const NOT_POSITIVE: &str = "must be greater than zero";
const ACTIONS: &[&str] = &["DoNotSchedule", "ScheduleAnyway"];
const POLICIES: &[&str] = &["Honor", "Ignore"];

pub fn topology_spread(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let all = arr(spec, "topologySpreadConstraints");
    for (i, c) in all.iter().enumerate() {
        let at = format!("{path}.topologySpreadConstraints[{i}]");
        let max_skew = c.get("maxSkew").and_then(|v| v.as_i64()).unwrap_or(0);
        if max_skew <= 0 {
            e.invalid_raw(
                &format!("{at}.maxSkew"),
                &max_skew.to_string(),
                NOT_POSITIVE,
            );
        }
        if s(c, "topologyKey").is_empty() {
            e.required_detail(&format!("{at}.topologyKey"), "can not be empty");
        }
        let action = s(c, "whenUnsatisfiable");
        if !ACTIONS.contains(&action) {
            e.unsupported(&format!("{at}.whenUnsatisfiable"), action, ACTIONS);
        }
        let repeated = all[i + 1..].iter().any(|o| {
            s(o, "topologyKey") == s(c, "topologyKey") && s(o, "whenUnsatisfiable") == action
        });
        if repeated {
            e.duplicate(
                &format!("{at}.{{topologyKey, whenUnsatisfiable}}"),
                &format!("{{{}, {action}}}", s(c, "topologyKey")),
            );
        }
        if let Some(min) = c.get("minDomains").and_then(|v| v.as_i64()) {
            if min <= 0 {
                e.invalid_raw(&format!("{at}.minDomains"), &min.to_string(), NOT_POSITIVE);
            }
            if action != "DoNotSchedule" {
                e.invalid_raw(
                    &format!("{at}.minDomains"),
                    &min.to_string(),
                    &format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                );
            }
        }
        for policy in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(p) = c.get(policy).and_then(|v| v.as_str()) {
                if !POLICIES.contains(&p) {
                    e.unsupported(&format!("{at}.{policy}"), p, POLICIES);
                }
            }
        }
        let selector = c.get("labelSelector").filter(|v| v.is_object());
        match_label_keys(c, selector, &format!("{at}.matchLabelKeys"), e);
        if let Some(sel) = selector {
            label_selector(sel, &format!("{at}.labelSelector"), e);
        }
    }
}

fn match_label_keys(c: &Value, selector: Option<&Value>, at: &str, e: &mut Errs) {
    let keys = arr(Some(c), "matchLabelKeys");
    if keys.is_empty() {
        return;
    }
    let mut in_selector: HashSet<&str> = HashSet::new();
    match selector {
        Some(sel) => {
            if let Some(m) = sel.get("matchLabels").and_then(|m| m.as_object()) {
                in_selector.extend(m.keys().map(|k| k.as_str()));
            }
            in_selector.extend(
                arr(Some(sel), "matchExpressions")
                    .iter()
                    .map(|x| s(x, "key")),
            );
        }
        None => e.forbidden(at, "must not be specified when labelSelector is not set"),
    }
    for (i, key) in keys.iter().enumerate() {
        let key = key.as_str().unwrap_or("");
        let field = format!("{at}[{i}]");
        for m in names::qualified_name(key) {
            e.invalid(&field, key, &m);
        }
        if in_selector.contains(key) {
            e.invalid(
                &field,
                key,
                "exists in both matchLabelKeys and labelSelector",
            );
        }
    }
}

/// ValidateLabelSelector: the labels, then each expression's operator, key and values.
fn label_selector(sel: &Value, at: &str, e: &mut Errs) {
    if let Some(m) = sel.get("matchLabels").and_then(|m| m.as_object()) {
        let field = format!("{at}.matchLabels");
        for (k, v) in m {
            for msg in names::qualified_name(k) {
                e.invalid(&field, k, &msg);
            }
            let v = v.as_str().unwrap_or("");
            for msg in names::label_value(v) {
                e.invalid(&field, v, &msg);
            }
        }
    }
    for (i, x) in arr(Some(sel), "matchExpressions").iter().enumerate() {
        let field = format!("{at}.matchExpressions[{i}]");
        let values = arr(Some(x), "values");
        match s(x, "operator") {
            "In" | "NotIn" if values.is_empty() => e.required_detail(
                &format!("{field}.values"),
                "must be specified when `operator` is 'In' or 'NotIn'",
            ),
            "Exists" | "DoesNotExist" if !values.is_empty() => e.forbidden(
                &format!("{field}.values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            op => e.invalid(
                &format!("{field}.operator"),
                op,
                "not a valid selector operator",
            ),
        }
        let key = s(x, "key");
        for msg in names::qualified_name(key) {
            e.invalid(&format!("{field}.key"), key, &msg);
        }
        for (j, v) in values.iter().enumerate() {
            let v = v.as_str().unwrap_or("");
            for msg in names::label_value(v) {
                e.invalid(&format!("{field}.values[{j}]"), v, &msg);
            }
        }
    }
}
