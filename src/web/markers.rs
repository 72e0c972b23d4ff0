//! What the editor learns from the core about the text being typed, beyond YAML syntax: the
//! problems the API server would report (each at its file line) and the explain description of
//! the field under the mouse.

use crate::yaml::{parse_documents, Document};

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
pub fn problems(chunks: &[(usize, String)]) -> Vec<(usize, Vec<String>)> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (start, doc) in parsed(chunks) {
        if doc.value.is_null() {
            continue;
        }
        for m in crate::api::validate::locate::markers(&doc) {
            let line = m.line + start - 1;
            match out.iter_mut().find(|(l, _)| *l == line) {
                Some((_, msgs)) => msgs.push(m.message),
                None => out.push((line, vec![m.message])),
            }
        }
    }
    out.sort_by_key(|(l, _)| *l);
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
pub fn help(chunks: &[(usize, String)], text: &str, line: usize) -> Option<(String, String)> {
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
    let schema = crate::schema::schema();
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
