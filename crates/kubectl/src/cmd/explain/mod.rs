//! `kubectl explain`: documentation of a resource or one of its fields, read from the server's
//! OpenAPI v3 document of the resource's group-version and rendered the way kubectl's plaintext
//! template does (field order, `<type>` guesses, `-required-`, enums, word wrapping, `--recursive`).

mod render;
mod text;

use serde_json::Value;

use crate::error::KError;
use crate::flags::{boolean, flag, string, Args, Flag, Kind};
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::ApiRequest;

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

/// `explain`'s arguments and flags, read once.
pub struct ExplainOptions {
    args: Vec<String>,
    output: String,
    recursive: bool,
    /// `--api-version` when given and not empty.
    api_version: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ExplainOptions::complete(args);
    o.validate()?;
    o.run(ctx)
}

impl ExplainOptions {
    pub fn complete(args: &Args) -> ExplainOptions {
        ExplainOptions {
            args: args.positionals.clone(),
            output: args.str("output"),
            recursive: args.bool("recursive"),
            api_version: args.opt("api-version").filter(|v| !v.is_empty()),
        }
    }

    pub fn validate(&self) -> Result<(), KError> {
        match self.args.as_slice() {
            [] => return Err(KError::msg("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.")),
            [_] => {}
            _ => return Err(KError::msg("We accept only this format: explain RESOURCE")),
        }
        let output = &self.output;
        if output != "plaintext" && output != "plaintext-openapiv2" {
            return Err(KError::msg(format!("unrecognized format: {output}")));
        }
        if output == "plaintext-openapiv2" {
            // The older renderer reads the protobuf OpenAPI v2 document, which this server does
            // not produce; say so rather than print the v3 rendering under the v2 name.
            return Err(KError::msg(
                "--output=plaintext-openapiv2 is not supported here; use the default plaintext output",
            ));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let input = self.args.first().map(String::as_str).unwrap_or_default();
        let (info, fields) = split_request(ctx, input)?;
        let (mut group, mut version) = (info.group.clone(), info.version.clone());
        if let Some(api_version) = &self.api_version {
            (group, version) = parse_group_version(api_version)?;
        }
        let gvr = Gvr {
            group,
            version,
            resource: info.plural.clone(),
        };
        let doc = fetch_document(ctx, &gvr)?;
        let mut out = String::new();
        let result = render::render(&doc, &gvr, &fields, self.recursive, &mut out);
        ctx.print(out);
        result
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
