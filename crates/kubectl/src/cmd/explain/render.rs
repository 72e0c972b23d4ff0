//! kubectl's plaintext explain template, over an OpenAPI v3 document: find the kind through its
//! paths' group-version-kind, walk the field path, print DESCRIPTION and FIELDS.

use kubeplay_core::sort::SortOnce;
use serde_json::{Map, Value};

use super::text::{indent, wrap};
use super::Gvr;
use crate::error::KError;

/// How deep descriptions, types and field lists may nest: the schemas are finite, but a custom
/// resource's schema comes from a user, and nothing it holds may hang or overflow us.
const MAX_DEPTH: usize = 64;
/// The plaintext rendering: header, then the schema at the field path (or kubectl's error).
/// What was written before an error stays written, as the template streams it.
pub(super) fn render(
    doc: &Value,
    gvr: &Gvr,
    fields: &[String],
    recursive: bool,
    out: &mut String,
) -> Result<(), KError> {
    let Some(gvk) = find_gvk(doc, gvr) else {
        return Err(KError::msg(format!(
            "GVR ({gvr}) not found in OpenAPI schema"
        )));
    };
    let text = |k: &str| gvk.get(k).and_then(|v| v.as_str()).unwrap_or("");
    if !text("group").is_empty() {
        out.push_str(&format!("GROUP:      {}\n", text("group")));
    }
    out.push_str(&format!("KIND:       {}\n", text("kind")));
    out.push_str(&format!("VERSION:    {}\n\n", text("version")));
    let r = Renderer { doc, recursive };
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(|s| s.as_object());
    let mut names: Vec<&String> = schemas.map(|s| s.keys().collect()).unwrap_or_default();
    names.sort_once();
    let found = names.into_iter().find_map(|name| {
        let s = schemas?.get(name)?;
        let list = s.get("x-kubernetes-group-version-kind")?.as_array()?;
        list.iter().any(|g| g == gvk).then_some(s)
    });
    let Some(schema) = found else {
        return Err(KError::msg(format!(
            "GVK map[group:{} kind:{} version:{}] not found in OpenAPI schema",
            text("group"),
            text("kind"),
            text("version")
        )));
    };
    let body = r.output(schema, &[], fields, 0);
    if body.is_empty() {
        let last = fields.last().map(String::as_str).unwrap_or("");
        return Err(KError::msg(format!("field \"{last}\" does not exist")));
    }
    out.push_str(&body);
    out.push('\n');
    Ok(())
}

/// The group-version-kind of the resource, from the operations on its paths.
fn find_gvk<'a>(doc: &'a Value, gvr: &Gvr) -> Option<&'a Value> {
    let prefix = if gvr.group.is_empty() {
        "/api".to_string()
    } else {
        format!("/apis/{}", gvr.group)
    };
    let (v, res) = (&gvr.version, &gvr.resource);
    let searches = [
        format!("{prefix}/{v}/{res}"),
        format!("{prefix}/{v}/{res}/{{name}}"),
        format!("{prefix}/{v}/namespaces/{{namespace}}/{res}"),
        format!("{prefix}/{v}/namespaces/{{namespace}}/{res}/{{name}}"),
    ];
    let paths = doc.get("paths")?;
    let mut found = None;
    for search in &searches {
        let Some(item) = paths.get(search) else {
            continue;
        };
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(gvk) = item
                .get(method)
                .and_then(|op| op.get("x-kubernetes-group-version-kind"))
                .filter(|g| truthy(g))
            {
                found = Some(gvk);
                break;
            }
        }
    }
    found
}

/// Go template truthiness: empty strings, maps, lists, zero and false are false.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| truthy(x))
}

/// A map's value schema, unless `additionalProperties` is a plain boolean.
fn map_values(v: &Value) -> Option<&Value> {
    field(v, "additionalProperties").filter(|x| !x.is_boolean())
}

fn ref_of(v: &Value) -> &str {
    v.get("$ref").and_then(|r| r.as_str()).unwrap_or("")
}

fn all_of(v: &Value) -> &[Value] {
    v.get("allOf")
        .and_then(|a| a.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default()
}

struct Renderer<'a> {
    doc: &'a Value,
    recursive: bool,
}

impl<'a> Renderer<'a> {
    /// A local reference (`#/components/schemas/X`) -> the schema it names.
    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let fragment = reference.strip_prefix('#')?;
        let mut cur = self.doc;
        for k in fragment.split('/').filter(|k| !k.is_empty()) {
            cur = cur.get(k).filter(|v| v.is_object())?;
        }
        Some(cur)
    }

    fn resolved(&self, schema: &'a Value) -> &'a Value {
        self.resolve(ref_of(schema)).unwrap_or(schema)
    }

    /// Walks `path` down from `schema`; at its end prints DESCRIPTION and FIELDS. Empty when the
    /// path leads nowhere.
    fn output(&self, schema: &'a Value, history: &[&str], path: &[String], depth: usize) -> String {
        if depth > MAX_DEPTH {
            return String::new();
        }
        let reference = ref_of(schema);
        let mut next_history = history.to_vec();
        next_history.push(reference);
        let resolved = self.resolved(schema);
        let Some((first, rest)) = path.split_first() else {
            let mut s = String::from("DESCRIPTION:\n");
            let mut desc = self.description(resolved, 0);
            if desc.is_empty() {
                desc = "<empty>".into();
            }
            s.push_str(&indent(4, &wrap(76, &desc)));
            s.push('\n');
            let docs = external_docs(resolved);
            if !docs.is_empty() {
                s.push('\n');
                s.push_str(&docs);
            }
            let list = self.field_list(resolved, 1, &[], 0);
            if !list.is_empty() {
                s.push_str("FIELDS:\n");
                s.push_str(&list);
            }
            return s;
        };
        if !reference.is_empty() && history.contains(&reference) {
            return String::new();
        }
        if let Some(sub) = field(resolved, "properties").and_then(|p| field(p, first)) {
            let mut s = String::new();
            if rest.is_empty() {
                s.push_str(&format!("FIELD: {first} <{}>\n", self.type_guess(sub, 0)));
                s.push_str(&extract_enum(sub, true, -1, 0));
                s.push_str("\n\n");
            }
            s.push_str(&self.output(sub, &[], rest, depth + 1));
            return s;
        }
        if let Some(items) = field(resolved, "items") {
            return self.output(items, &next_history, path, depth + 1);
        }
        if let Some(values) = map_values(resolved) {
            return self.output(values, &next_history, path, depth + 1);
        }
        for sub in all_of(resolved) {
            let s = self.output(sub, &next_history, path, depth + 1);
            if !s.is_empty() {
                return s;
            }
        }
        String::new()
    }

    /// The description of a schema and of what it stands for (its ref, allOf, items, values).
    fn description(&self, schema: &'a Value, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return String::new();
        }
        let s = self.resolved(schema);
        let mut out = String::new();
        if let Some(d) = field(s, "description").and_then(|d| d.as_str()) {
            out.push_str(d);
            out.push('\n');
        }
        for sub in all_of(s) {
            out.push_str(&self.description(sub, depth + 1));
        }
        if let Some(items) = field(s, "items") {
            out.push_str(&self.description(items, depth + 1));
        }
        if let Some(values) = map_values(s) {
            out.push_str(&self.description(values, depth + 1));
        }
        out
    }

    /// The fields of a schema, sorted, each with its type and description (or, recursive, as a
    /// tree of names and types). A schema already on the way down is not entered again.
    fn field_list(
        &self,
        schema: &'a Value,
        level: usize,
        history: &[&str],
        depth: usize,
    ) -> String {
        let reference = ref_of(schema);
        if depth > MAX_DEPTH || (!reference.is_empty() && history.contains(&reference)) {
            return String::new();
        }
        let mut next_history = history.to_vec();
        next_history.push(reference);
        let resolved = self.resolved(schema);
        let mut out = String::new();
        if let Some(props) = field(resolved, "properties").and_then(|p| p.as_object()) {
            let mut names: Vec<&String> = props.keys().collect();
            names.sort_once();
            for name in names {
                out.push_str(&self.field_detail(name, resolved, props, level));
                if self.recursive {
                    if let Some(v) = props.get(name) {
                        out.push_str(&self.field_list(v, level + 1, &next_history, depth + 1));
                    }
                }
            }
        }
        for sub in all_of(resolved) {
            out.push_str(&self.field_list(sub, level, &next_history, depth + 1));
        }
        if let Some(items) = field(resolved, "items") {
            out.push_str(&self.field_list(items, level, &next_history, depth + 1));
        }
        if let Some(values) = map_values(resolved) {
            out.push_str(&self.field_list(values, level, &next_history, depth + 1));
        }
        out
    }

    fn field_detail(
        &self,
        name: &str,
        parent: &Value,
        props: &'a Map<String, Value>,
        level: usize,
    ) -> String {
        let pad = level * 2;
        let Some(schema) = props.get(name) else {
            return String::new();
        };
        let mut s = indent(pad, name);
        s.push_str(&format!("\t<{}>", self.type_guess(schema, 0)));
        let required = parent
            .get("required")
            .and_then(|r| r.as_array())
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(name)));
        if required {
            s.push_str(" -required-");
        }
        s.push_str(&extract_enum(schema, false, 4, pad));
        s.push('\n');
        if !self.recursive {
            let desc = field(schema, "description")
                .and_then(|d| d.as_str())
                .unwrap_or("<no description>");
            s.push_str(&indent(pad + 2, &wrap(78usize.saturating_sub(pad), desc)));
            s.push('\n');
            if let Some(docs) = field(schema, "externalDocs") {
                s.push('\n');
                s.push_str(&indent(pad + 2, "EXTERNAL DOCS:"));
                s.push('\n');
                if let Some(d) = field(docs, "description").and_then(|d| d.as_str()) {
                    s.push_str(&indent(pad + 4, &wrap(76usize.saturating_sub(pad), d)));
                    s.push('\n');
                }
                if let Some(u) = field(docs, "url").and_then(|u| u.as_str()) {
                    s.push_str(&indent(pad + 4, &format!("URL: {u}")));
                    s.push('\n');
                }
            }
            s.push('\n');
        }
        s
    }

    /// A short type for a schema: `string`, `Object`, `[]Container`, `map[string]string`.
    fn type_guess(&self, schema: &'a Value, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return "Object".into();
        }
        if let Some(items) = field(schema, "items") {
            return format!("[]{}", self.type_guess(items, depth + 1));
        }
        if let Some(values) = map_values(schema) {
            return format!("map[string]{}", self.type_guess(values, depth + 1));
        }
        if let [only] = all_of(schema) {
            if field(schema, "properties").is_none() {
                return self.type_guess(only, depth + 1);
            }
        }
        let reference = ref_of(schema);
        if !reference.is_empty() {
            let target_type = self
                .resolve(reference)
                .and_then(|t| field(t, "type"))
                .map(go_string);
            return match target_type {
                Some(t) if t != "object" => t,
                _ => {
                    let name = reference.rsplit('/').next().unwrap_or(reference);
                    let short = name.rsplit('.').next().unwrap_or(name);
                    if short.is_empty() {
                        "Object".into()
                    } else {
                        short.to_string()
                    }
                }
            };
        }
        match field(schema, "type").map(go_string) {
            Some(t) if t == "object" => "Object".into(),
            Some(t) => t,
            None => "Object".into(),
        }
    }
}

/// A JSON value as Go's `%v` prints the decoded form (strings bare, lists `[a b]`).
fn go_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(go_string).collect::<Vec<_>>().join(" ")
        ),
        Value::Null => "<nil>".into(),
        other => other.to_string(),
    }
}

/// `enum: A, B, C, ....` under a field in a list, or `ENUM:` with one value a line for one field.
fn extract_enum(schema: &Value, long: bool, limit: i64, pad: usize) -> String {
    let Some(values) = field(schema, "enum").and_then(|e| e.as_array()) else {
        return String::new();
    };
    let mut s = if long {
        "ENUM:".to_string()
    } else {
        format!("\n{}enum: ", " ".repeat(pad))
    };
    for (i, v) in values.iter().enumerate() {
        if limit > -1 && i as i64 >= limit {
            s.push_str(", ....");
            break;
        }
        if i > 0 && !long {
            s.push_str(", ");
        } else if long {
            s.push_str("\n    ");
        }
        match v {
            Value::String(x) if x.is_empty() => s.push_str("\"\""),
            other => s.push_str(&go_string(other)),
        }
    }
    s
}

fn external_docs(schema: &Value) -> String {
    let Some(docs) = field(schema, "externalDocs") else {
        return String::new();
    };
    let mut s = String::from("EXTERNAL DOCS:\n");
    if let Some(d) = field(docs, "description").and_then(|d| d.as_str()) {
        s.push_str(&indent(4, &wrap(76, d)));
        s.push('\n');
    }
    if let Some(u) = field(docs, "url").and_then(|u| u.as_str()) {
        s.push_str(&indent(4, &format!("URL: {u}")));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_short_and_long() {
        let s = serde_json::json!({"enum": ["", "A", "B", "C", "D"]});
        assert_eq!(
            extract_enum(&s, false, 4, 2),
            "\n  enum: \"\", A, B, C, ...."
        );
        assert_eq!(
            extract_enum(&s, true, -1, 0),
            "ENUM:\n    \"\"\n    A\n    B\n    C\n    D"
        );
    }
}
