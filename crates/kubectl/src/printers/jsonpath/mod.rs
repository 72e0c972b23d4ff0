//! kubectl's JSONPath templates (`-o jsonpath=`, `-o jsonpath-as-json=`, `--sort-by`,
//! custom-columns cells): client-go's grammar and evaluation over JSON values.

mod eval;
pub mod gofmt;
mod parse;
mod sort;

use serde_json::Value;

pub use parse::Node;
pub use sort::{sort_by, sort_order};

#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    pub root: Vec<Node>,
    pub allow_missing: bool,
    /// `-o jsonpath-as-json`: each action's results as an indented JSON array.
    pub as_json: bool,
}

/// Parse errors in client-go's words (`unclosed action`).
pub fn parse(template: &str) -> Result<Template, String> {
    Ok(Template {
        text: template.to_string(),
        root: parse::parse(template)?,
        allow_missing: true,
        as_json: false,
    })
}

/// The raw results of every top-level node.
pub fn find_results(t: &Template, data: &Value) -> Result<Vec<Vec<Value>>, String> {
    eval::Exec::new(t.allow_missing).find_results(&t.root, 0, data)
}

fn print_results(out: &mut String, results: &[Value], as_json: bool) {
    if as_json {
        out.push_str(&gofmt::go_json_indent(&Value::Array(results.to_vec())));
        out.push('\n');
        return;
    }
    for (i, r) in results.iter().enumerate() {
        match r {
            Value::Object(_) | Value::Array(_) => out.push_str(&gofmt::go_json(r)),
            Value::Null => out.push_str("null"),
            other => out.push_str(&gofmt::go_value(other)),
        }
        if i + 1 != results.len() {
            out.push(' ');
        }
    }
}

/// The template's output; errors are client-go's execution errors (`array index out of bounds: ...`).
pub fn execute(t: &Template, data: &Value) -> Result<String, String> {
    let results = find_results(t, data)?;
    let mut out = String::new();
    for r in &results {
        print_results(&mut out, r, t.as_json);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
