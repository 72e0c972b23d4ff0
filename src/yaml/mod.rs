//! YAML streams -> documents with line/column spans (Kubernetes YAML 1.1 rules), and the emitter that
//! writes YAML as kubectl does. (Interim: JSON-only stand-in until the real parser lands.)

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub value: Value,
    pub spans: Vec<(String, Span)>,
    pub start_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "yaml: line {l}: {}", self.message),
            None => write!(f, "yaml: {}", self.message),
        }
    }
}

impl YamlError {
    pub fn kubectl_message(&self) -> String {
        format!("error converting YAML to JSON: {self}")
    }
}

pub fn parse_documents(text: &str) -> Result<Vec<Document>, YamlError> {
    let v: Value = serde_json::from_str(text).map_err(|e| YamlError {
        line: Some(e.line()),
        col: Some(e.column()),
        message: e.to_string(),
    })?;
    Ok(vec![Document {
        value: v,
        spans: vec![],
        start_line: 1,
    }])
}

pub fn to_yaml(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
