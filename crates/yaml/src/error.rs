//! The error type of the YAML layer, rendered in go-yaml / sigs.k8s.io/yaml words as kubectl prints
//! them.

/// Which layer of kubectl's YAML pipeline the error belongs to; each has its own prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorKind {
    /// go-yaml itself: `yaml: line N: ...`.
    #[default]
    Yaml,
    /// sigs.k8s.io/yaml's conversion of the decoded tree to JSON (bad keys, NaN): no `yaml:`.
    Convert,
    /// The document splitter (`invalid Yaml document separator: ...`), before any YAML parsing.
    Split,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct YamlError {
    /// Line as go-yaml reports it (relative to the document, as kubectl converts documents one at a
    /// time); `None` when go-yaml prints no line.
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
    pub kind: ErrorKind,
}

impl YamlError {
    pub fn at(line: Option<usize>, message: impl Into<String>) -> Self {
        YamlError {
            line,
            col: None,
            message: message.into(),
            kind: ErrorKind::Yaml,
        }
    }

    pub fn convert(message: impl Into<String>) -> Self {
        YamlError {
            message: message.into(),
            kind: ErrorKind::Convert,
            ..Default::default()
        }
    }

    pub fn split(message: impl Into<String>) -> Self {
        YamlError {
            message: message.into(),
            kind: ErrorKind::Split,
            ..Default::default()
        }
    }

    /// The text kubectl prints after `error parsing FILE: `.
    pub fn kubectl_message(&self) -> String {
        match self.kind {
            ErrorKind::Split => self.to_string(),
            _ => format!("error converting YAML to JSON: {self}"),
        }
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, self.line) {
            (ErrorKind::Yaml, Some(l)) => write!(f, "yaml: line {l}: {}", self.message),
            (ErrorKind::Yaml, None) => write!(f, "yaml: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}
