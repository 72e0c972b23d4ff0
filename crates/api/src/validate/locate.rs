//! From a field path the API server names in an error (a StatusCause's `field`, or a path inside a
//! strict decoding or type error) back to where that field is written in the YAML, so the editor
//! can put a marker on the line and column a real kubectl never names.
//!
//! The server's paths and the YAML loader's spans spell paths alike (`spec.containers[0].image`),
//! except for keys that are not plain identifiers: the server quotes those in brackets
//! (`metadata.labels[app.kubernetes.io/name]`, `data[my key]`) while the loader joins them with a
//! dot. Both are reduced to the same list of steps before comparing.

use kubeplay_yaml::{Document, Span};

/// One problem of a document, placed where the editor should underline it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub line: usize,
    pub col: usize,
    /// The field the server names (`spec.containers[0].image`; empty for the whole object).
    pub field: String,
    /// The message as the server words it (`spec.containers[0].image: Required value`).
    pub message: String,
}

/// What the API server would reject in `doc` on create, each problem at its line and column:
/// the typed decoding's problems under strict field validation when there are any (the server
/// stops there), else a bad or missing name (admission's check), else the semantic checks run on
/// the defaulted object.
pub fn markers(doc: &Document, schema: &kubeplay_schema::Schema) -> Vec<Marker> {
    let obj = &doc.value;
    let text = |k: &str| obj.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let (api_version, kind) = (text("apiVersion"), text("kind"));
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let mut found: Vec<(String, String)> =
        super::decode::problems(schema, group, kind, version, obj);
    if found.is_empty() {
        found = name_problems(api_version, kind, obj);
    }
    if found.is_empty() {
        let mut defaulted = obj.clone();
        crate::defaults::apply(kind, &mut defaulted);
        found = super::validate(kind, &defaulted)
            .into_iter()
            .map(|c| {
                let message = if c.field.is_empty() {
                    c.message
                } else {
                    format!("{}: {}", c.field, c.message)
                };
                (c.field, message)
            })
            .collect();
    }
    found
        .into_iter()
        .map(|(field, message)| {
            let at = locate(doc, &field).unwrap_or(Span {
                line: doc.start_line,
                col: 1,
            });
            Marker {
                line: at.line,
                col: at.col,
                field,
                message,
            }
        })
        .collect()
}

/// One step of a field path: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Splits `a.b[0].c[some key]` into steps. A bracket holding digits is a list index; anything
/// else in brackets is a map key (possibly with dots, which are then not separators).
fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars().peekable();
    let flush = |key: &mut String, out: &mut Vec<Step>| {
        if !key.is_empty() {
            out.push(Step::Key(std::mem::take(key)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut key, &mut out),
            '[' => {
                flush(&mut key, &mut out);
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                match inner.parse::<usize>() {
                    Ok(i) if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) => {
                        out.push(Step::Index(i))
                    }
                    _ => out.push(Step::Key(inner)),
                }
            }
            _ => key.push(c),
        }
    }
    flush(&mut key, &mut out);
    out
}

/// The server's spelling of a path in the loader's: bracketed keys that are not list indexes
/// become dotted keys (`metadata.labels[a.b/c]` -> `metadata.labels.a.b/c`).
fn loader_spelling(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for step in steps(path) {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Whether the loader path `have` is `want` or one of its parents.
fn is_prefix(have: &str, want: &str) -> bool {
    if have.is_empty() {
        return true;
    }
    match want.strip_prefix(have) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

/// Where the field `path` is written in `doc`: its own span if the YAML has it, else the span of
/// its nearest written parent (a missing required field is marked on the object that lacks it),
/// else the document's first line. `None` only for documents without spans (JSON input).
pub fn locate(doc: &Document, path: &str) -> Option<Span> {
    if doc.spans.is_empty() {
        return None;
    }
    let want = loader_spelling(path);
    let mut best: Option<(usize, Span)> = None;
    for (have, span) in &doc.spans {
        if !is_prefix(have, &want) {
            continue;
        }
        if best.is_none_or(|(n, _)| have.len() > n) {
            best = Some((have.len(), *span));
        }
        if have.len() == want.len() {
            break;
        }
    }
    best.map(|(_, s)| s).or(Some(Span {
        line: doc.start_line,
        col: 1,
    }))
}

/// The object's name as admission judges it (the server checks it before anything else).
fn name_problems(api_version: &str, kind: &str, obj: &serde_json::Value) -> Vec<(String, String)> {
    static DISCOVERY: std::sync::OnceLock<crate::discovery::Discovery> = std::sync::OnceLock::new();
    let discovery = DISCOVERY.get_or_init(crate::discovery::Discovery::builtin);
    let Some(info) = discovery.by_kind(api_version, kind) else {
        return Vec::new();
    };
    let meta = |k: &str| obj.pointer(k).and_then(|v| v.as_str()).unwrap_or("");
    let name = meta("/metadata/name");
    if name.is_empty() {
        if meta("/metadata/generateName").is_empty() {
            let msg = "metadata.name: Required value: name or generateName is required";
            return vec![("metadata.name".into(), msg.into())];
        }
        return Vec::new();
    }
    match crate::admission::validate_name(info, name) {
        Ok(()) => Vec::new(),
        Err(status) => status
            .causes
            .into_iter()
            .map(|c| (c.field.clone(), format!("{}: {}", c.field, c.message)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_yaml::parse_documents;

    const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
  - name: side
    image: busybox
    imagez: typo
";

    fn at(path: &str) -> (usize, usize) {
        let docs = parse_documents(POD).unwrap();
        let s = locate(&docs[0], path).unwrap();
        (s.line, s.col)
    }

    #[test]
    fn exact_fields_are_found_at_their_value() {
        let docs = parse_documents(POD).unwrap();
        // Check against the loader's own idea of where nodes start, then pin a few positions.
        let (_, image) = docs[0]
            .spans
            .iter()
            .find(|(p, _)| p == "spec.containers[0].image")
            .unwrap();
        assert_eq!(at("spec.containers[0].image"), (image.line, image.col));
        assert_eq!(at("spec.containers[0].image").0, 10);
        assert_eq!(at("spec.containers[0].ports[0].containerPort").0, 12);
        assert_eq!(at("spec.containers[1].imagez").0, 15);
        assert_eq!(at("metadata.name").0, 4);
    }

    #[test]
    fn missing_fields_fall_back_to_the_nearest_parent() {
        let docs = parse_documents(POD).unwrap();
        let parent = locate(&docs[0], "spec.containers[1]").unwrap();
        assert_eq!(
            locate(&docs[0], "spec.containers[1].resources.limits"),
            Some(parent)
        );
        let spec = locate(&docs[0], "spec").unwrap();
        assert_eq!(locate(&docs[0], "spec.restartPolicy"), Some(spec));
        // An index beyond the list stops at the list itself.
        let list = locate(&docs[0], "spec.containers").unwrap();
        assert_eq!(locate(&docs[0], "spec.containers[7].name"), Some(list));
    }

    #[test]
    fn bracketed_keys_match_dotted_label_keys() {
        assert_eq!(at("metadata.labels[app.kubernetes.io/name]").0, 6);
        assert_eq!(
            steps("data[my key].x[3]"),
            vec![
                Step::Key("data".into()),
                Step::Key("my key".into()),
                Step::Key("x".into()),
                Step::Index(3)
            ]
        );
    }

    #[test]
    fn documents_later_in_a_stream_keep_their_lines() {
        let text = format!("{POD}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Cluster\n");
        let docs = parse_documents(&text).unwrap();
        let s = locate(&docs[1], "spec.type").unwrap();
        assert_eq!(s.line, 22);
        // A missing field is marked where its parent's value starts (spans are node starts).
        let missing = locate(&docs[1], "spec.ports").unwrap();
        assert_eq!((missing.line, missing.col), (22, 3));
    }

    #[test]
    fn markers_for_decoding_problems_sit_on_the_offending_fields() {
        let docs = parse_documents(POD).unwrap();
        let m = markers(&docs[0], kubeplay_schema::for_version("v1.32.0"));
        assert_eq!(
            m,
            vec![Marker {
                line: 15,
                col: 13,
                field: "spec.containers[1].imagez".into(),
                message: "unknown field \"spec.containers[1].imagez\"".into(),
            }]
        );
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: \"80\"\n";
        let docs = parse_documents(text).unwrap();
        let m = markers(&docs[0], kubeplay_schema::for_version("v1.32.0"));
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].line, m[0].field.as_str()),
            (10, "spec.containers[0].ports[0].containerPort")
        );
        assert_eq!(m[0].message, "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32");
    }

    #[test]
    fn markers_for_semantic_errors_use_the_causes() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 70000\n  - name: web\n";
        let docs = parse_documents(text).unwrap();
        let got: Vec<(usize, String)> = markers(&docs[0], kubeplay_schema::for_version("v1.32.0"))
            .into_iter()
            .map(|m| (m.line, m.message))
            .collect();
        assert_eq!(
            got,
            vec![
                (11, "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive".to_string()),
                (12, "spec.containers[1].image: Required value".to_string()),
                (12, "spec.containers[1].name: Duplicate value: \"web\"".to_string()),
                (6, "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".to_string()),
            ]
        );
    }

    #[test]
    fn markers_for_bad_names() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: My_Config\ndata:\n  a: b\n";
        let docs = parse_documents(text).unwrap();
        let m = markers(&docs[0], kubeplay_schema::for_version("v1.32.0"));
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].line, m[0].col), (4, 9));
        assert!(m[0].message.starts_with(
            "metadata.name: Invalid value: \"My_Config\": a lowercase RFC 1123 subdomain"
        ));
    }

    #[test]
    fn json_documents_have_no_positions() {
        let docs = parse_documents("{\"kind\": \"Pod\"}").unwrap();
        assert_eq!(locate(&docs[0], "spec"), None);
    }
}
