//! What the editor learns from the core about the text being typed: the first YAML error (at its
//! file line and column), the problems the API server would report (each at its file line), the
//! explain description of a field, and the JSON view of the documents.

use crate::yaml::{parse_documents, Document, YamlError};
use kubeplay_core::sort::SortOnce;

/// The documents of a stream with the line each starts on (1-based), split at `---` lines as
/// kubectl's reader does. The core reports YAML error lines per document, as go-yaml does.
pub fn documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = vec![(1, String::new())];
    for (i, line) in text.split('\n').enumerate() {
        let sep = line
            .strip_prefix("---")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']));
        match docs.last_mut() {
            Some(d) if !sep => {
                d.1.push_str(line);
                d.1.push('\n');
            }
            _ => docs.push((i + 2, String::new())),
        }
    }
    docs
}

/// The first YAML error, with its line made absolute in the file.
pub fn check(text: &str) -> Option<YamlError> {
    documents(text).into_iter().find_map(|(start, doc)| {
        if doc.trim().is_empty() {
            return None;
        }
        parse_documents(&doc).err().map(|mut e| {
            e.line = e.line.map(|l| l + start - 1);
            e
        })
    })
}

/// The documents as pretty JSON, one after another; the first YAML error instead if any.
pub fn as_json(text: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for (start, doc) in documents(text) {
        if doc.trim().is_empty() {
            continue;
        }
        let parsed = parse_documents(&doc).map_err(|mut e| {
            e.line = e.line.map(|l| l + start - 1);
            e.to_string()
        })?;
        for d in parsed.iter().filter(|d| !d.value.is_null()) {
            parts.push(serde_json::to_string_pretty(&d.value).unwrap_or_default());
        }
    }
    Ok(parts.join("\n\n"))
}

/// The documents of the file that parse, each with the file line its text starts on.
fn parsed(chunks: &[(usize, String)]) -> Vec<(usize, Document)> {
    let mut out = Vec::new();
    for (start, text) in chunks {
        if text.trim().is_empty() {
            continue;
        }
        if let Ok(docs) = parse_documents(text) {
            out.extend(docs.into_iter().map(|d| (*start, d)));
        }
    }
    out
}

/// The server's problems with every document, as (file line, message), one entry per line with
/// the messages of that line joined.
pub fn problems(chunks: &[(usize, String)], version: &str) -> Vec<(usize, Vec<String>)> {
    let schema = crate::schema::for_version(version);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (start, doc) in parsed(chunks) {
        if doc.value.is_null() {
            continue;
        }
        for m in crate::api::validate::locate::markers(&doc, schema) {
            let line = m.line + start - 1;
            match out.iter_mut().find(|(l, _)| *l == line) {
                Some((_, msgs)) => msgs.push(m.message),
                None => out.push((line, vec![m.message])),
            }
        }
    }
    out.sort_once_by_key(|(l, _)| *l);
    out
}

/// The step a path ends with, without its list index: `containers` for `spec.containers[0]`.
fn last_step(path: &str) -> &str {
    let step = path.rsplit('.').next().unwrap_or(path);
    step.split('[').next().unwrap_or(step)
}

/// The field written on `line` of the document (1-based): the key written there when its value
/// starts on that line too; for a key whose value starts on a later line (`containers:` with its
/// list below), that key's path, not the enclosing mapping's that starts on the same line; else
/// the deepest node starting there (a list item like `- nginx`).
fn field_at(doc: &Document, line: usize, key: &str) -> Option<String> {
    let here = || {
        doc.spans
            .iter()
            .filter(move |(p, s)| s.line == line && !p.is_empty())
    };
    if let Some((p, _)) = here()
        .filter(|(p, _)| !key.is_empty() && last_step(p) == key)
        .max_by_key(|(p, _)| p.len())
    {
        return Some(p.clone());
    }
    if !key.is_empty() {
        let later = doc.spans.iter().find(|(p, s)| {
            s.line > line && p.split('.').any(|seg| seg.split('[').next() == Some(key))
        });
        if let Some((p, _)) = later {
            let mut out = Vec::new();
            for seg in p.split('.') {
                out.push(seg);
                if seg.split('[').next() == Some(key) {
                    break;
                }
            }
            return Some(out.join("."));
        }
    }
    here().max_by_key(|(p, _)| p.len()).map(|(p, _)| p.clone())
}

/// `FIELD: image <string>` and the first paragraph of the field's description, for the field
/// written on `line` of the file.
/// `server_version` is the cluster's Kubernetes version, whose schema describes the field.
pub fn help(
    chunks: &[(usize, String)],
    text: &str,
    line: usize,
    server_version: &str,
) -> Option<(String, String)> {
    let raw = text.split('\n').nth(line.checked_sub(1)?)?;
    let key = raw
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or("")
        .trim();
    let (start, doc) = parsed(chunks)
        .into_iter()
        .rfind(|(start, d)| *start + d.start_line - 1 <= line)?;
    let path = field_at(&doc, line + 1 - start, key)?;
    let get = |k: &str| doc.value.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let api_version = get("apiVersion");
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let steps: Vec<String> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s).to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let refs: Vec<&str> = steps.iter().map(String::as_str).collect();
    let schema = crate::schema::for_version(server_version);
    let node = schema.field(group, version, get("kind"), &refs)?;
    let name = refs.last()?;
    let title = format!("FIELD: {name} <{}>", schema.type_name(node));
    let own = if node.description.is_empty() {
        &schema.resolve(node).description
    } else {
        &node.description
    };
    let desc = own.split("\n\n").next().unwrap_or("").to_string();
    Some((title, desc))
}

/// Everything the editor marks in a text: the first YAML error, and when the YAML is sound and
/// the cluster is up, the API server's problems by line.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Markers {
    pub error: Option<YamlError>,
    pub problems: Vec<(usize, Vec<String>)>,
}

/// The editor's status line: what is wrong, or that nothing is.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Status {
    Bad(String),
    Warn(String),
    Ok,
}

impl Markers {
    /// The markers of `text`; the server's problems only when `validate` (not on the first paint).
    /// `version` is the cluster's Kubernetes version, whose schema the server checks against.
    pub fn of(text: &str, validate: bool, version: &str) -> Markers {
        let error = check(text);
        // The server's problems only make sense once the YAML itself is sound.
        let problems = if error.is_none() && validate {
            problems(&documents(text), version)
        } else {
            Vec::new()
        };
        Markers { error, problems }
    }

    /// The file line the YAML error is on.
    pub fn error_line(&self) -> Option<usize> {
        self.error.as_ref().and_then(|e| e.line)
    }

    pub fn has_problem_on(&self, line: usize) -> bool {
        self.problems.iter().any(|(l, _)| *l == line)
    }

    pub fn status(&self) -> Status {
        if let Some(e) = &self.error {
            return Status::Bad(match (e.line, e.col) {
                (Some(l), Some(c)) => format!("Line {l}, column {c}: {}", e.message),
                (Some(l), None) => format!("Line {l}: {}", e.message),
                _ => e.message.clone(),
            });
        }
        let count = self.problems.iter().map(|(_, m)| m.len()).sum::<usize>();
        if count == 0 {
            return Status::Ok;
        }
        let first = self
            .problems
            .first()
            .and_then(|(l, m)| m.first().map(|m| format!("Line {l}: {m}")))
            .unwrap_or_default();
        let n = if count == 1 {
            "1 problem".to_string()
        } else {
            format!("{count} problems")
        };
        Status::Warn(format!("{n} the API server would reject · {first}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V132: &str = "v1.32.0";

    const NO_IMAGE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: noimage\nspec:\n  containers:\n  - name: web\n";

    #[test]
    fn a_yaml_error_names_its_line_in_the_file() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [1, 2\n";
        let m = Markers::of(text, true, V132);
        let e = m.error.as_ref().unwrap();
        // Line 10 of the file is line 5 of the second document.
        assert_eq!(e.line, Some(10));
        assert_eq!(m.error_line(), Some(10));
        assert_eq!(m.problems, vec![]);
        assert_eq!(m.status(), Status::Bad(format!("Line 10: {}", e.message)));
    }

    #[test]
    fn the_status_names_the_column_when_the_error_has_one() {
        let at = |line, col| Markers {
            error: Some(YamlError {
                line,
                col,
                message: "mapping values are not allowed in this context".into(),
                ..YamlError::default()
            }),
            problems: vec![],
        };
        assert_eq!(
            at(Some(3), Some(7)).status(),
            Status::Bad("Line 3, column 7: mapping values are not allowed in this context".into())
        );
        assert_eq!(
            at(None, None).status(),
            Status::Bad("mapping values are not allowed in this context".into())
        );
    }

    #[test]
    fn the_servers_problems_sit_on_the_offending_field() {
        let m = Markers::of(NO_IMAGE, true, V132);
        assert_eq!(m.error, None);
        assert_eq!(
            m.problems,
            vec![(
                7,
                vec!["spec.containers[0].image: Required value".to_string()]
            )]
        );
        assert!(m.has_problem_on(7));
        assert_eq!(
            m.status(),
            Status::Warn(
                "1 problem the API server would reject · Line 7: spec.containers[0].image: Required value"
                    .into()
            )
        );
        // Before the cluster is up only the syntax is checked.
        assert_eq!(Markers::of(NO_IMAGE, false, V132).status(), Status::Ok);
    }

    #[test]
    fn a_sound_manifest_is_valid() {
        let ok = format!("{NO_IMAGE}    image: nginx\n");
        assert_eq!(Markers::of(&ok, true, V132).status(), Status::Ok);
        assert_eq!(Markers::of("", true, V132).status(), Status::Ok);
    }

    #[test]
    fn documents_split_at_separator_lines_only() {
        let docs = documents("a: 1\n---\nb: 2\n--- # c\nc: 3\n---x: 4\n");
        let starts: Vec<usize> = docs.iter().map(|(s, _)| *s).collect();
        assert_eq!(starts, [1, 3, 5]);
        assert_eq!(docs[2].1, "c: 3\n---x: 4\n\n");
    }

    #[test]
    fn json_view_of_every_document() {
        let j = as_json("kind: A\nnum: 1\n---\nkind: B\n").unwrap();
        assert_eq!(
            j,
            "{\n  \"kind\": \"A\",\n  \"num\": 1\n}\n\n{\n  \"kind\": \"B\"\n}"
        );
        assert!(as_json("a: [1\n").unwrap_err().contains("line"));
    }

    #[test]
    fn help_explains_the_field_on_a_line() {
        let text =
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx\n";
        let chunks = documents(text);
        let (title, desc) = help(&chunks, text, 6, V132).unwrap();
        assert_eq!(title, "FIELD: image <string>");
        assert!(desc.contains("Container image name"), "{desc}");
        assert_eq!(
            help(&chunks, text, 4, V132).unwrap().0,
            "FIELD: containers <[]Container>"
        );
        assert_eq!(help(&chunks, text, 0, V132), None);
        assert_eq!(help(&chunks, text, 99, V132), None);
    }
}
