//! `kubectl explain`: documentation of a resource or one of its fields, read from the server's
//! OpenAPI v3 document of the resource's group-version and rendered the way kubectl's plaintext
//! template does (field order, `<type>` guesses, `-required-`, enums, word wrapping, `--recursive`).

use serde_json::{Map, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::Ctx;
use crate::api::discovery::ResourceInfo;
use crate::api::ApiRequest;

pub const FLAGS: &[Flag] = &[
    string(
        "api-version",
        "",
        "Use given api-version (group/version) of the resource.",
    ),
    flag(
        "output",
        Some('o'),
        Kind::Str,
        "plaintext",
        "Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).",
    ),
    boolean(
        "recursive",
        "When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.",
    ),
];

pub const LONG: &str = "Show what a resource is for and the fields it holds.

 Name a resource to see its description and top-level fields, or follow it with a dotted path to look at one field and what lies beneath it:

        <type>.<fieldName>[.<fieldName>]
        
 The text comes from the OpenAPI documents the API server publishes.

Run \"kubectl api-resources\" to see every resource type the server knows.";

pub const EXAMPLES: &str = "  # Show what a resource is and the fields at its top level
  kubectl explain pods
  
  # Show every field of a resource as a tree
  kubectl explain pods --recursive
  
  # Explain a resource in a chosen API version
  kubectl explain deployments --api-version=apps/v1
  
  # Show one field and the fields beneath it
  kubectl explain pods.spec.containers
  
  # Render with the older OpenAPI v2 based format
  kubectl explain deployment --output=plaintext-openapiv2";

pub const USAGE: &str = "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]";

/// How deep descriptions, types and field lists may nest: the schemas are finite, but a custom
/// resource's schema comes from a user, and nothing it holds may hang or overflow us.
const MAX_DEPTH: usize = 64;

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let input = match args.positionals.as_slice() {
        [] => return Err(KError::msg("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.")),
        [one] => one.clone(),
        _ => return Err(KError::msg("We accept only this format: explain RESOURCE")),
    };
    let output = args.str("output");
    if output != "plaintext" && output != "plaintext-openapiv2" {
        return Err(KError::msg(format!("unrecognized format: {output}")));
    }
    if output == "plaintext-openapiv2" {
        // The older renderer reads the protobuf OpenAPI v2 document, which this server does not
        // produce; say so rather than print the v3 rendering under the v2 name.
        return Err(KError::msg(
            "--output=plaintext-openapiv2 is not supported here; use the default plaintext output",
        ));
    }
    let recursive = args.bool("recursive");
    let (info, fields) = split_request(ctx, &input)?;
    let (mut group, mut version) = (info.group.clone(), info.version.clone());
    if let Some(api_version) = args.opt("api-version").filter(|v| !v.is_empty()) {
        (group, version) = parse_group_version(&api_version)?;
    }
    let gvr = Gvr {
        group,
        version,
        resource: info.plural.clone(),
    };
    let doc = fetch_document(ctx, &gvr)?;
    let mut out = String::new();
    let result = render(&doc, &gvr, &fields, recursive, &mut out);
    ctx.print(out);
    result
}

/// A group-version-resource, printed as client-go prints one in errors.
struct Gvr {
    group: String,
    version: String,
    resource: String,
}

impl std::fmt::Display for Gvr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}, Resource={}",
            self.group, self.version, self.resource
        )
    }
}

/// `pods.spec.containers` -> the resource and `["spec", "containers"]`. A group-qualified plural
/// (`deployments.apps.spec`) names the group; anything else after the first dot is a field.
fn split_request(ctx: &mut Ctx, input: &str) -> Result<(ResourceInfo, Vec<String>), KError> {
    let trimmed = input.strip_suffix('.').unwrap_or(input);
    check_path_syntax(trimmed)?;
    let parts: Vec<&str> = trimmed.split('.').collect();
    let first = parts.first().copied().unwrap_or_default();
    let chosen = ctx.resolve(first).map_err(|_| {
        KError::Raw(format!(
            "the server doesn't have a resource type {}\n",
            go_quote(first)
        ))
    })?;
    let mapper = ctx.mapper()?;
    let lower = first.to_lowercase();
    let candidates: Vec<&ResourceInfo> = mapper
        .all()
        .iter()
        .filter(|r| {
            r.plural == lower
                || r.singular == lower
                || r.short_names.contains(&lower)
                || r.kind.to_lowercase() == lower
        })
        .collect();
    // A short name two resources share resolves to the first; kubectl warns about the others.
    for r in &candidates {
        if r.short_names.contains(&lower) && r.gr() != chosen.gr() {
            ctx.eprint(format!(
                "Warning: short name \"{first}\" could also match lower priority resource {}\n",
                r.qualified_plural()
            ));
        }
    }
    for r in candidates {
        let qualified = r.qualified_plural();
        if let Some(rest) = trimmed.strip_prefix(qualified.as_str()) {
            if rest.is_empty() || rest.starts_with('.') {
                let fields = rest.split('.').skip(1).map(String::from).collect();
                return Ok((r.clone(), fields));
            }
        }
    }
    let fields = parts.iter().skip(1).map(|s| s.to_string()).collect();
    Ok((chosen, fields))
}

/// The input is read as a JSONPath of plain field names (`{.pod.spec}`): kubectl's errors for
/// what its JSONPath parser reads as something else (braces, commas, indexes, wildcards, `..`).
fn check_path_syntax(path: &str) -> Result<(), KError> {
    if let Some(c) = path.chars().find(|c| matches!(c, '{' | '}' | ',')) {
        return Err(KError::msg(match c {
            '}' => "must pass in 1 jsonpath string".to_string(),
            c => format!("unrecognized character in action: U+{:04X} '{c}'", c as u32),
        }));
    }
    // `pod.` ends in an empty field name, which is only "not found"; an empty name elsewhere is a
    // recursive-descent node.
    let segments: Vec<&str> = path.split('.').collect();
    let last = segments.len().saturating_sub(1);
    let not_field = path.contains(['[', ']', '@'])
        || segments
            .iter()
            .enumerate()
            .any(|(i, seg)| *seg == "*" || (seg.is_empty() && (i == 0 || i < last)));
    if not_field {
        return Err(KError::msg(
            "invalid jsonpath syntax, first node must be field node",
        ));
    }
    Ok(())
}

/// Go's `%q` for the names kubectl quotes in errors.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// client-go's ParseGroupVersion: `v1`, `apps/v1`.
fn parse_group_version(s: &str) -> Result<(String, String), KError> {
    let parts: Vec<&str> = s.split('/').collect();
    match parts.as_slice() {
        [v] => Ok((String::new(), v.to_string())),
        [g, v] => Ok((g.to_string(), v.to_string())),
        _ => Err(KError::msg(format!("unexpected GroupVersion string: {s}"))),
    }
}

/// The OpenAPI v3 document of the resource's group-version, found through `/openapi/v3`.
fn fetch_document(ctx: &mut Ctx, gvr: &Gvr) -> Result<Value, KError> {
    let key = if gvr.group.is_empty() {
        format!("api/{}", gvr.version)
    } else {
        format!("apis/{}/{}", gvr.group, gvr.version)
    };
    let index = ctx.call(ApiRequest::get("/openapi/v3"))?;
    let not_found = || KError::msg(format!("couldn't find resource for \"{gvr}\""));
    let url = index
        .get("paths")
        .and_then(|p| p.get(&key))
        .and_then(|e| e.get("serverRelativeURL"))
        .and_then(|u| u.as_str())
        .ok_or_else(not_found)?;
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut req = ApiRequest::get(path);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        req = req.with_query(k, v);
    }
    ctx.call(req)
}

/// The plaintext rendering: header, then the schema at the field path (or kubectl's error).
/// What was written before an error stays written, as the template streams it.
fn render(
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
    names.sort();
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
            let docs = external_docs(resolved, 0);
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
            names.sort();
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

fn external_docs(schema: &Value, _depth: usize) -> String {
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

/// Every line prefixed by `n` spaces, the first included.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// Word wrapping as kubectl's descriptions get it: breaks only at white space, keeps the text's
/// own line breaks, never splits a word (a word longer than the limit stays whole on its line),
/// and drops the spaces where it breaks. Widths count characters.
pub fn wrap(limit: usize, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / limit.max(1));
    let mut current = 0usize;
    let mut word = String::new();
    let mut word_len = 0usize;
    let mut space = String::new();
    let mut space_len = 0usize;
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space_len <= limit {
                    out.push_str(&space);
                }
            } else {
                out.push_str(&space);
                out.push_str(&word);
            }
            space.clear();
            space_len = 0;
            word.clear();
            word_len = 0;
            out.push('\n');
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                space_len = 0;
                word.clear();
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + space_len + word_len > limit && word_len < limit {
                out.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= limit {
            out.push_str(&space);
        }
    } else {
        out.push_str(&space);
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words_whole() {
        assert_eq!(wrap(10, "aaa bbb ccc ddd"), "aaa bbb\nccc ddd");
        assert_eq!(
            wrap(5, "a https://example.com/x b"),
            "a\nhttps://example.com/x\nb"
        );
        assert_eq!(wrap(10, "one\n\ntwo"), "one\n\ntwo");
        assert_eq!(wrap(76, ""), "");
        let text = "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n";
        assert_eq!(
            wrap(76, text),
            "Restart policy for all containers within the pod. One of Always, OnFailure,\n\
             Never. In some contexts, only a subset of those values may be permitted.\n\
             Default to Always. More info:\n\
             https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n"
        );
    }

    #[test]
    fn path_syntax_errors_are_kubectls() {
        let err = |p: &str| check_path_syntax(p).err().map(|e| e.render("explain"));
        assert_eq!(err("pod.spec"), None);
        assert_eq!(err("pod."), None);
        assert_eq!(
            err("pod,svc").as_deref(),
            Some("error: unrecognized character in action: U+002C ','\n")
        );
        assert_eq!(
            err("pod}").as_deref(),
            Some("error: must pass in 1 jsonpath string\n")
        );
        for bad in ["pod..spec", ".pod", "pod[0]", "pod.*", "pod@x"] {
            assert_eq!(
                err(bad).as_deref(),
                Some("error: invalid jsonpath syntax, first node must be field node\n"),
                "{bad}"
            );
        }
        assert_eq!(go_quote("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn indent_pads_every_line() {
        assert_eq!(indent(4, "a\nb\n"), "    a\n    b\n    ");
    }

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
