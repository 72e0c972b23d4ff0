//! kubectl's resource builder: turns `pods`, `pods,svc`, `pod/web`, `pod a b`, `all` and `-f`
//! files into what to act on, with kubectl's errors for each wrong shape.

use serde_json::Value;

use super::client::list_error;
use super::error::KError;
use super::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::fs::FsError;

/// One resource type and the names asked for (none = all of them).
#[derive(Debug, Clone)]
pub struct Selection {
    pub info: ResourceInfo,
    pub names: Vec<String>,
}

/// An object a command acts on: named on its command line, or found by listing a type.
pub enum Found {
    Named {
        info: ResourceInfo,
        namespace: Option<String>,
        name: String,
    },
    /// As the list returned it, with apiVersion and kind filled in.
    Listed { info: ResourceInfo, object: Value },
}

impl Found {
    /// Resource, namespace (None for cluster-scoped), name, and the object when it was listed.
    pub fn into_parts(self) -> (ResourceInfo, Option<String>, String, Option<Value>) {
        match self {
            Found::Named {
                info,
                namespace,
                name,
            } => (info, namespace, name, None),
            Found::Listed { info, object } => {
                let namespace = info
                    .namespaced
                    .then(|| meta::namespace(&object).to_string());
                let name = meta::name(&object).to_string();
                (info, namespace, name, Some(object))
            }
        }
    }
}

/// How the types given without names are listed: in `namespace`, or everywhere with
/// `all_namespaces`, filtered by the label and field selectors (either may be empty).
pub struct Listing<'a> {
    pub namespace: &'a str,
    pub all_namespaces: bool,
    /// The namespace was given explicitly (`-n`): kubectl then requires every object to be in the
    /// namespace it asked for, which with `-A` is "" (so only cluster-scoped objects pass).
    pub enforce_namespace: bool,
    pub label: &'a str,
    pub field: &'a str,
}

/// What the selections name, in the order given, as kubectl's resource builder visits them: each
/// `TYPE NAME` in the current namespace (for namespaced types), each bare `TYPE` listed from the
/// server. A list that fails adds kubectl's error for it to `errors`, and the others go on.
pub fn expand(
    ctx: &mut Ctx,
    sels: Vec<Selection>,
    listing: &Listing,
    errors: &mut Vec<KError>,
) -> Vec<Found> {
    let mut out = Vec::new();
    for s in sels {
        let namespace = s.info.namespaced.then(|| listing.namespace.to_string());
        if !s.names.is_empty() {
            for name in s.names {
                out.push(Found::Named {
                    info: s.info.clone(),
                    namespace: namespace.clone(),
                    name,
                });
            }
            continue;
        }
        let list_ns = if listing.all_namespaces {
            None
        } else {
            namespace
        };
        let mut req = ApiRequest::get(s.info.collection_path(list_ns.as_deref()));
        if !listing.label.is_empty() {
            req = req.with_query("labelSelector", listing.label);
        }
        if !listing.field.is_empty() {
            req = req.with_query("fieldSelector", listing.field);
        }
        match ctx.call(req) {
            Ok(mut list) => {
                let items = match list.get_mut("items").map(Value::take) {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                };
                let required = if listing.all_namespaces {
                    ""
                } else {
                    listing.namespace
                };
                for it in items {
                    let item_ns = meta::namespace(&it);
                    if listing.enforce_namespace && item_ns != required {
                        errors.push(KError::msg(namespace_mismatch(item_ns, required)));
                        continue;
                    }
                    out.push(Found::Listed {
                        object: meta::canonical(&s.info, it),
                        info: s.info.clone(),
                    });
                }
            }
            Err(e) => errors.push(list_error(e, &s.info, listing.label, listing.field)),
        }
    }
    out
}

/// kubectl's error when a command that needs objects was given neither names nor files.
pub const NO_RESOURCES: &str = "You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'";

/// kubectl's refusal of an object outside the namespace it was told to work in.
pub fn namespace_mismatch(given: &str, expected: &str) -> String {
    format!(
        "the namespace from the provided object \"{given}\" does not match the namespace \"{expected}\". You must pass '--namespace={given}' to perform this operation."
    )
}

/// The namespace an object from a file goes to (filled into it), or kubectl's error when the
/// file names another namespace than an explicit `-n`.
pub fn file_namespace(
    info: &ResourceInfo,
    obj: &mut Value,
    default_ns: &str,
    enforce: bool,
) -> Result<Option<String>, KError> {
    if !info.namespaced {
        return Ok(None);
    }
    let given = meta::namespace(obj).to_string();
    if enforce && !given.is_empty() && given != default_ns {
        return Err(KError::msg(namespace_mismatch(&given, default_ns)));
    }
    let ns = if given.is_empty() {
        default_ns.to_string()
    } else {
        given
    };
    meta::set_str(obj, &["metadata", "namespace"], &ns);
    Ok(Some(ns))
}

/// Resolve positional args into selections, in the order typed.
pub fn from_args(ctx: &mut Ctx, args: &[String]) -> Result<Vec<Selection>, KError> {
    let mut out: Vec<Selection> = Vec::new();
    if args.is_empty() {
        return Ok(out);
    }
    let slash_form = args.iter().any(|a| a.contains('/'));
    if slash_form {
        if !args.iter().all(|a| a.contains('/')) {
            return Err(KError::msg(
                "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
            ));
        }
        for a in args {
            let (ty, name) = a.split_once('/').unwrap_or((a.as_str(), ""));
            if name.is_empty() {
                return Err(KError::msg(
                    "arguments in resource/name form must have a single resource and name",
                ));
            }
            let info = ctx.resolve(ty)?;
            match out
                .iter_mut()
                .find(|s| s.info.plural == info.plural && s.info.group == info.group)
            {
                Some(s) => s.names.push(name.to_string()),
                None => out.push(Selection {
                    info,
                    names: vec![name.to_string()],
                }),
            }
        }
        return Ok(out);
    }
    let types = &args[0];
    let names: Vec<String> = args[1..].to_vec();
    let typed: Vec<&str> = types.split(',').filter(|t| !t.is_empty()).collect();
    if typed.len() > 1 && !names.is_empty() {
        // kubectl allows `get pods,svc name` only when each type has the name; keep its rule.
    }
    for t in typed {
        if t == "all" || is_category(ctx, t)? {
            let d = ctx.mapper()?;
            for info in d.category(t) {
                out.push(Selection {
                    info: info.clone(),
                    names: names.clone(),
                });
            }
            continue;
        }
        let info = ctx.resolve(t)?;
        out.push(Selection {
            info,
            names: names.clone(),
        });
    }
    Ok(out)
}

fn is_category(ctx: &mut Ctx, t: &str) -> Result<bool, KError> {
    let d = ctx.mapper()?;
    if d.resolve(t).is_some() {
        return Ok(false);
    }
    Ok(!d.category(t).is_empty())
}

/// An object read from a file, with where it came from.
#[derive(Debug, Clone)]
pub struct FileObject {
    pub source: String,
    pub value: Value,
}

fn is_manifest(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json")
}

/// Read every `-f` argument (file, directory, `-` for stdin) into objects, in order.
/// `List` kinds are flattened into their items, as kubectl does. The first bad document fails
/// the whole read.
pub fn from_files(
    ctx: &mut Ctx,
    files: &[String],
    recursive: bool,
) -> Result<Vec<FileObject>, KError> {
    let (objs, errors) = from_files_lenient(ctx, files, recursive)?;
    match errors.into_iter().next() {
        Some(e) => Err(KError::msg(e)),
        None => Ok(objs),
    }
}

/// Like `from_files`, but as `kubectl apply`/`create` read: a document that fails to parse or
/// validate becomes a message and the others are still returned. A missing path is still fatal.
pub fn from_files_lenient(
    ctx: &mut Ctx,
    files: &[String],
    recursive: bool,
) -> Result<(Vec<FileObject>, Vec<String>), KError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        if f == "-" {
            let text = ctx.stdin.unwrap_or("").to_string();
            parse_into(&text, "STDIN", &mut out, &mut errors);
            continue;
        }
        if f.starts_with("http://") || f.starts_with("https://") {
            return Err(KError::msg(format!(
                "unable to read URL \"{f}\", server reported 0 , status code=0"
            )));
        }
        if ctx.fs.is_dir(f) {
            let mut stack = vec![f.clone()];
            while let Some(dir) = stack.pop() {
                let entries = ctx.fs.list_dir(&dir).unwrap_or_default();
                for e in entries {
                    if ctx.fs.is_dir(&e) {
                        if recursive {
                            stack.push(e);
                        }
                    } else if is_manifest(&e) {
                        let text = ctx.fs.read(&e).unwrap_or_default();
                        parse_into(&text, &e, &mut out, &mut errors);
                    }
                }
            }
            continue;
        }
        match ctx.fs.read(f) {
            Ok(text) => parse_into(&text, f, &mut out, &mut errors),
            Err(FsError::NotFound) => {
                return Err(KError::msg(format!("the path \"{f}\" does not exist")))
            }
            Err(FsError::IsDirectory) => {}
            Err(FsError::Other(e)) => return Err(KError::msg(format!("{f}: {e}"))),
        }
    }
    Ok((out, errors))
}

/// Parse one file's text: the objects it holds, and one message per document that failed, in
/// kubectl's words. kubectl acts on the documents before a broken one, so callers do too.
pub fn parse_file(text: &str, source: &str) -> (Vec<FileObject>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let parse_error =
        |e: kubeplay_yaml::YamlError| format!("error parsing {source}: {}", e.kubectl_message());
    match kubeplay_yaml::parse_stream(text) {
        Err(e) => errors.push(parse_error(e)),
        Ok(docs) => {
            for d in docs {
                match d {
                    Ok(d) => {
                        if let Err(msg) = check_object(d.value, source, &mut out) {
                            errors.push(msg);
                        }
                    }
                    Err(e) => errors.push(parse_error(e)),
                }
            }
        }
    }
    (out, errors)
}

fn check_object(v: Value, source: &str, out: &mut Vec<FileObject>) -> Result<(), String> {
    if v.is_null() {
        return Ok(());
    }
    if !v.is_object() {
        return Err(format!(
            "error validating \"{source}\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false"
        ));
    }
    let kind = v.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    if kind.is_empty() {
        return Err(format!(
            "error validating \"{source}\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false"
        ));
    }
    if v.get("apiVersion")
        .and_then(|k| k.as_str())
        .unwrap_or("")
        .is_empty()
    {
        return Err(format!(
            "error validating \"{source}\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false"
        ));
    }
    if kind.ends_with("List") {
        if let Some(items) = v.get("items").and_then(|i| i.as_array()) {
            for it in items {
                out.push(FileObject {
                    source: source.to_string(),
                    value: it.clone(),
                });
            }
            return Ok(());
        }
    }
    out.push(FileObject {
        source: source.to_string(),
        value: v,
    });
    Ok(())
}

fn parse_into(text: &str, source: &str, out: &mut Vec<FileObject>, errors: &mut Vec<String>) {
    let (objs, errs) = parse_file(text, source);
    out.extend(objs);
    errors.extend(errs);
}

/// The resource an object from a file belongs to, or kubectl's "no matches for kind" error.
pub fn info_for_object(ctx: &mut Ctx, obj: &FileObject) -> Result<ResourceInfo, KError> {
    let av = obj
        .value
        .get("apiVersion")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let kind = obj.value.get("kind").and_then(|v| v.as_str()).unwrap_or("");
    let d = ctx.mapper()?;
    d.by_kind(av, kind).cloned().ok_or_else(|| {
        let name = kubeplay_core::api::meta::name(&obj.value);
        let ns = kubeplay_core::api::meta::namespace(&obj.value);
        KError::msg(format!(
            "resource mapping not found for name: \"{name}\" namespace: \"{ns}\" from \"{}\": no matches for kind \"{kind}\" in version \"{av}\"\nensure CRDs are installed first",
            obj.source
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_document_does_not_hide_the_good_ones() {
        let text = r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}"#;
        let (objs, errs) = parse_file(text, "f.json");
        assert_eq!(objs.len(), 1);
        assert!(errs.is_empty());
        let (objs, errs) = parse_file("{\"kind\": \"Pod\"}", "f.json");
        assert!(objs.is_empty());
        assert_eq!(
            errs,
            vec!["error validating \"f.json\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false"]
        );
    }
}
