//! Prints server-side Tables as kubectl does: upper-case headers, tab-aligned columns (Go's
//! tabwriter with minwidth 6, padding 3), optional NAMESPACE / kind-prefixed names / LABELS.

use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::sort::SortOnce;
use serde_json::Value;

#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    pub wide: bool,
    pub no_headers: bool,
    pub with_namespace: bool,
    pub show_labels: bool,
    /// `pod`, `deployment.apps`: prefix names as `pod/web` (several types, or --show-kind).
    pub kind_prefix: Option<String>,
    /// `-L key`: extra upper-cased columns with label values.
    pub label_columns: Vec<String>,
}

/// Go's text/tabwriter as kubectl configures it; the last cell of a line is never padded.
pub fn tabwrite(rows: &[Vec<String>]) -> String {
    let ncols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut widths = vec![0usize; ncols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i + 1 < r.len() {
                let w = c.chars().count() + 3;
                widths[i] = widths[i].max(w.max(6));
            }
        }
    }
    let mut out = String::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i + 1 < r.len() {
                out.push_str(c);
                let pad = widths[i].saturating_sub(c.chars().count());
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str(c);
            }
        }
        out.push('\n');
    }
    out
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        // A custom column with no value comes as null; kubectl leaves the cell blank.
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn labels_text(obj: Option<&Value>) -> String {
    let Some(m) = obj.and_then(|o| o.labels()).and_then(|l| l.as_object()) else {
        return "<none>".into();
    };
    if m.is_empty() {
        return "<none>".into();
    }
    let mut kv: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    kv.sort_once();
    kv.join(",")
}

/// The rows (header first unless suppressed) for one Table.
pub fn table_rows(table: &Value, opts: &TableOptions) -> Vec<Vec<String>> {
    let empty = vec![];
    let defs = table
        .get("columnDefinitions")
        .and_then(|c| c.as_array())
        .unwrap_or(&empty);
    let shown: Vec<usize> = defs
        .iter()
        .enumerate()
        .filter(|(_, d)| opts.wide || d.get("priority").and_then(|p| p.as_i64()).unwrap_or(0) == 0)
        .map(|(i, _)| i)
        .collect();
    let mut rows = Vec::new();
    if !opts.no_headers {
        let mut h: Vec<String> = Vec::new();
        if opts.with_namespace {
            h.push("NAMESPACE".into());
        }
        for &i in &shown {
            let name = defs[i].get("name").and_then(|n| n.as_str()).unwrap_or("");
            h.push(name.to_uppercase());
        }
        for l in &opts.label_columns {
            h.push(l.rsplit('/').next().unwrap_or(l).to_uppercase());
        }
        if opts.show_labels {
            h.push("LABELS".into());
        }
        rows.push(h);
    }
    for row in table
        .get("rows")
        .and_then(|r| r.as_array())
        .unwrap_or(&empty)
    {
        let cells = row
            .get("cells")
            .and_then(|c| c.as_array())
            .unwrap_or(&empty);
        let obj = row.get("object");
        let mut r: Vec<String> = Vec::new();
        if opts.with_namespace {
            r.push(
                obj.and_then(|o| o.pointer("/metadata/namespace"))
                    .and_then(|n| n.as_str())
                    .unwrap_or("")
                    .to_string(),
            );
        }
        for &i in &shown {
            let mut text = cells.get(i).map(cell_text).unwrap_or_default();
            let is_name = defs[i].get("format").and_then(|f| f.as_str()) == Some("name");
            if is_name {
                if let Some(p) = &opts.kind_prefix {
                    text = format!("{p}/{text}");
                }
            }
            r.push(text);
        }
        for l in &opts.label_columns {
            r.push(
                obj.and_then(|o| o.labels())
                    .and_then(|m| m.get(l))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string(),
            );
        }
        if opts.show_labels {
            r.push(labels_text(obj));
        }
        rows.push(r);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabwriter_like_go() {
        let rows = vec![
            vec!["NAME".to_string(), "AGE".to_string()],
            vec!["a".to_string(), "5s".to_string()],
        ];
        assert_eq!(tabwrite(&rows), "NAME   AGE\na      5s\n");
    }
}
