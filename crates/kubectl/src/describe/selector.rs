//! Label selectors written as apimachinery writes them: `metav1.LabelSelector` -> `app=web,tier in
//! (a,b)` (requirements sorted by key), and plain maps -> `k=v,k2=v2`.

use serde_json::Value;

use super::{go_value, string_map};

/// `LabelSelectorAsSelector(sel).String()`: "" for a missing or empty selector.
pub fn selector_string(sel: Option<&Value>) -> String {
    let Some(sel) = sel.filter(|v| v.is_object()) else {
        return String::new();
    };
    let mut reqs: Vec<(String, String)> = string_map(sel.get("matchLabels"))
        .into_iter()
        .map(|(k, v)| (k.clone(), format!("{k}={v}")))
        .collect();
    for e in sel
        .get("matchExpressions")
        .and_then(|m| m.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
    {
        let key = e.get("key").map(go_value).unwrap_or_default();
        let op = e.get("operator").and_then(|o| o.as_str()).unwrap_or("");
        let mut values: Vec<String> = e
            .get("values")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(go_value).collect())
            .unwrap_or_default();
        values.sort();
        let text = match op {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            _ => continue,
        };
        reqs.push((key, text));
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    reqs.into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

/// `metav1.FormatLabelSelector`: as `selector_string`, `<none>` when empty.
pub fn format_label_selector(sel: Option<&Value>) -> String {
    let s = selector_string(sel);
    if s.is_empty() {
        "<none>".into()
    } else {
        s
    }
}

/// `labels.FormatLabels`: sorted `k=v` pairs joined by commas, `<none>` when empty.
pub fn format_labels(map: Option<&Value>) -> String {
    let pairs = string_map(map);
    if pairs.is_empty() {
        return "<none>".into();
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether `labels` satisfy a `metav1.LabelSelector` (an empty selector matches everything).
pub fn matches(sel: Option<&Value>, labels: Option<&Value>) -> bool {
    let Some(sel) = sel else { return false };
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(|v| v.as_str());
    for (k, v) in string_map(sel.get("matchLabels")) {
        if get(&k) != Some(v.as_str()) {
            return false;
        }
    }
    for e in sel
        .get("matchExpressions")
        .and_then(|m| m.as_array())
        .map(|a| a.as_slice())
        .unwrap_or(&[])
    {
        let key = e.get("key").and_then(|k| k.as_str()).unwrap_or("");
        let values: Vec<&str> = e
            .get("values")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        let ok = match e.get("operator").and_then(|o| o.as_str()).unwrap_or("") {
            "In" => get(key).is_some_and(|v| values.contains(&v)),
            "NotIn" => get(key).is_none_or(|v| !values.contains(&v)),
            "Exists" => get(key).is_some(),
            "DoesNotExist" => get(key).is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selectors_print_sorted() {
        let sel = json!({
            "matchLabels": {"tier": "fe", "app": "web"},
            "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]},
                                 {"key": "legacy", "operator": "DoesNotExist"}]
        });
        assert_eq!(
            selector_string(Some(&sel)),
            "app=web,env in (dev,prod),!legacy,tier=fe"
        );
        assert_eq!(format_label_selector(Some(&json!({}))), "<none>");
        assert_eq!(format_labels(Some(&json!({"b": "1", "a": "2"}))), "a=2,b=1");
        assert_eq!(format_labels(None), "<none>");
        assert!(matches(
            Some(&sel),
            Some(&json!({"app": "web", "tier": "fe", "env": "dev"}))
        ));
        assert!(!matches(
            Some(&sel),
            Some(&json!({"app": "web", "tier": "fe", "env": "qa"}))
        ));
    }
}
