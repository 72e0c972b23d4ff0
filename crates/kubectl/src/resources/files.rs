//! `-f`: files, directories (`-R` for their subdirectories) and `-` for stdin, read into objects
//! in order, and the resource each object belongs to.

use serde_json::Value;

use crate::error::KError;
use crate::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::fs::FsError;

/// An object read from a file, with where it came from.
#[derive(Debug, Clone)]
pub struct FileObject {
    pub source: String,
    pub value: Value,
}

fn is_manifest(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json")
}

/// Read every `-f` argument (file, directory, `-` for stdin) into objects, in order; `List`
/// kinds are flattened into their items, as kubectl does. A document that fails to parse or
/// validate becomes a message and the others are still returned (the builder decides whether
/// that stops the command); a path that does not exist fails the whole read.
pub fn read(
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

/// `-k DIR`: the objects the kustomization builds, each with the directory as its source;
/// kustomize's warnings go to stderr as it prints them, before its error if it fails.
pub fn kustomized(ctx: &mut Ctx, dir: &str) -> Result<(Vec<FileObject>, Vec<String>), KError> {
    let (built, warnings) = match kubeplay_kustomize::build(&*ctx.fs, dir) {
        Ok(out) => (Ok(out.resources), out.warnings),
        Err(f) => (Err(KError::msg(f.message)), f.warnings),
    };
    for w in &warnings {
        ctx.eprint(format!("{w}\n"));
    }
    let objects = built?
        .into_iter()
        .map(|value| FileObject {
            source: dir.to_string(),
            value,
        })
        .collect();
    Ok((objects, Vec::new()))
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
