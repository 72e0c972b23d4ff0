//! Label maps written as apimachinery writes them: `k=v,k2=v2`, sorted (selectors are printed by
//! `kubeplay_core::api::selector::LabelSelector`).

use serde_json::Value;

use super::string_map;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_print_sorted() {
        assert_eq!(format_labels(Some(&json!({"b": "1", "a": "2"}))), "a=2,b=1");
        assert_eq!(format_labels(None), "<none>");
    }
}
