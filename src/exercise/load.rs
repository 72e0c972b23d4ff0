//! Reading an exercise file: YAML through the project's own parser (so errors read as they do
//! for manifests), the typed model through serde, then the rules serde cannot state. Every
//! error names the field and the line it is on.

use std::fmt;

use kubeplay_shell::pattern::{Pattern, Syntax};
use kubeplay_yaml::{parse_documents, Document};

use super::model::{Check, Exercise};
use super::readonly;
use crate::profile::Profile;

/// An exercise file's largest size: far above a long lesson, a bound on what a link may load.
pub const MAX_EXERCISE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// Where the exercise came from (a file name, a bundled name).
    pub origin: String,
    /// The field at fault, as a path (`spec.steps[1].checks[0].equals`); empty for the file.
    pub field: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Parse and validate one exercise.
pub fn load(origin: &str, text: &str) -> Result<Exercise, LoadError> {
    let fail = |field: &str, line: Option<usize>, message: String| LoadError {
        origin: origin.to_string(),
        field: field.to_string(),
        line,
        message,
    };
    if text.len() > MAX_EXERCISE_BYTES {
        return Err(fail(
            "",
            None,
            format!("larger than {MAX_EXERCISE_BYTES} bytes"),
        ));
    }
    let doc = match parse_documents(text) {
        Ok(mut docs) if docs.len() == 1 => docs.remove(0),
        Ok(docs) if docs.is_empty() => return Err(fail("", None, "the file is empty".into())),
        Ok(_) => return Err(fail("", None, "one exercise per file".into())),
        Err(e) => return Err(fail("", e.line, e.message.clone())),
    };
    let exercise: Exercise = serde_path_to_error::deserialize(&doc.value).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        fail(&field, line_of(&doc, &field), e.inner().to_string())
    })?;
    // The first problem, in the file's order: one error at a time, as a compiler would.
    if let Some((field, message)) = problems(&exercise).into_iter().next() {
        return Err(fail(&field, line_of(&doc, &field), message));
    }
    Ok(exercise)
}

/// The line of a field, or of the nearest enclosing one that has a position.
fn line_of(doc: &Document, field: &str) -> Option<usize> {
    let mut path = field.to_string();
    loop {
        if let Some((_, span)) = doc.spans.iter().find(|(p, _)| *p == path) {
            return Some(span.line);
        }
        let cut = path.rfind(['.', '['])?;
        path.truncate(cut);
    }
}

/// What the model allows but an exercise must not do, each with its field.
fn problems(ex: &Exercise) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if ex.api_version != "kubeplay.dev/v1" {
        out.push(("apiVersion".into(), "must be kubeplay.dev/v1".into()));
    }
    if ex.kind != "Exercise" {
        out.push(("kind".into(), "must be Exercise".into()));
    }
    if !is_name(&ex.metadata.name) {
        out.push((
            "metadata.name".into(),
            "lowercase letters, digits and '-', starting with a letter".into(),
        ));
    }
    if Profile::by_name(&ex.spec.profile).is_none() {
        out.push((
            "spec.profile".into(),
            format!("unknown profile {:?}", ex.spec.profile),
        ));
    }
    if ex.spec.steps.is_empty() {
        out.push((
            "spec.steps".into(),
            "an exercise has at least one step".into(),
        ));
    }
    for (i, step) in ex.spec.steps.iter().enumerate() {
        if step.checks.is_empty() {
            out.push((
                format!("spec.steps[{i}].checks"),
                "a step has at least one check".into(),
            ));
        }
        for (j, check) in step.checks.iter().enumerate() {
            let field = format!("spec.steps[{i}].checks[{j}]");
            out.extend(
                check_problems(check)
                    .into_iter()
                    .map(|(f, m)| (format!("{field}{f}"), m)),
            );
        }
    }
    out
}

fn check_problems(check: &Check) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let given = [
        check.equals.is_some(),
        check.contains.is_some(),
        check.matches.is_some(),
    ];
    if given.iter().filter(|g| **g).count() > 1 {
        out.push((
            String::new(),
            "give one of equals, contains and matches".into(),
        ));
    }
    if let Some(re) = &check.matches {
        if let Err(e) = Pattern::new(re, Syntax::Extended, false) {
            out.push((".matches".into(), e));
        }
    }
    if check.weight == 0 {
        out.push((".weight".into(), "a check is worth at least 1 point".into()));
    }
    if let Err(why) = readonly::refuse_writes(&check.run) {
        out.push((".run".into(), why));
    }
    out
}

fn is_name(s: &str) -> bool {
    s.len() <= 63
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.ends_with('-')
}
