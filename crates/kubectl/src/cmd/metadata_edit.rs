//! What `kubectl label` and `kubectl annotate` share: `KEY=VAL` / `KEY-` arguments, the
//! overwrite rule, `--list`, `--local`, and a JSON merge patch of `metadata.labels` or
//! `metadata.annotations` on every selected object.

use serde_json::{json, Map, Value};

use super::super::error::KError;
use super::super::flags::Args;
use super::super::printers::{self, Format};
use super::super::resources;
use super::super::resources::file_namespace;
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

/// Which metadata map a command edits, with its words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Labels,
    Annotations,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Labels => "labels",
            Field::Annotations => "annotations",
        }
    }
    fn singular(self) -> &'static str {
        match self {
            Field::Labels => "label",
            Field::Annotations => "annotation",
        }
    }
    fn manager(self) -> &'static str {
        match self {
            Field::Labels => "kubectl-label",
            Field::Annotations => "kubectl-annotate",
        }
    }
}

/// The requested changes: keys to set (in order) and keys to remove.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub set: Vec<(String, String)>,
    pub remove: Vec<String>,
}

fn is_pair(arg: &str) -> bool {
    arg.contains('=') || arg.ends_with('-')
}

/// Split arguments into resources and `KEY=VAL`/`KEY-` pairs; pairs must come last.
pub fn split_args(args: &[String], field: Field) -> Result<(Vec<String>, Vec<String>), KError> {
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for a in args {
        if is_pair(a) {
            pairs.push(a.clone());
        } else if pairs.is_empty() {
            resources.push(a.clone());
        } else {
            return Err(KError::msg(format!(
                "all resources must be specified before {} changes: {a}",
                field.singular()
            )));
        }
    }
    Ok((resources, pairs))
}

/// Parse the pairs as kubectl does for labels (values validated here) or annotations.
pub fn parse_changes(pairs: &[String], field: Field) -> Result<Changes, KError> {
    let mut ch = Changes::default();
    for p in pairs {
        match p.split_once('=') {
            Some((k, v)) => {
                if field == Field::Labels {
                    if k.is_empty() || v.contains('=') {
                        return Err(KError::msg(format!("invalid label spec: {p}")));
                    }
                    let errs = kubeplay_core::api::names::label_value(v);
                    if !errs.is_empty() {
                        return Err(KError::msg(format!(
                            "invalid label value: \"{p}\": {}",
                            errs.join("; ")
                        )));
                    }
                } else if k.is_empty() {
                    return Err(KError::msg(format!("invalid annotation format: {p}")));
                }
                ch.set.retain(|(x, _)| x != k);
                ch.set.push((k.to_string(), v.to_string()));
            }
            None => {
                let k = p.strip_suffix('-').unwrap_or(p);
                if k.is_empty() {
                    return Err(KError::msg(format!(
                        "invalid {} format: {p}",
                        field.singular()
                    )));
                }
                if !ch.remove.iter().any(|x| x == k) {
                    ch.remove.push(k.to_string());
                }
            }
        }
    }
    let both: Vec<&str> = ch
        .remove
        .iter()
        .filter(|r| ch.set.iter().any(|(k, _)| k == *r))
        .map(|s| s.as_str())
        .collect();
    if !both.is_empty() {
        return Err(KError::msg(match field {
            Field::Labels => "can not both modify and remove a label in the same command".into(),
            Field::Annotations => format!(
                "can not both modify and remove the following annotation(s) in the same command: {}",
                both.join(", ")
            ),
        }));
    }
    Ok(ch)
}

/// One object to edit: where it lives and, once fetched or read, the object itself.
struct Target {
    info: ResourceInfo,
    namespace: Option<String>,
    name: String,
    object: Option<Value>,
}

pub fn run(ctx: &mut Ctx, args: &Args, field: Field) -> Result<(), KError> {
    let (res_args, pairs) = split_args(&args.positionals, field)?;
    let list = args.bool("list");
    let files = args.list("filename");
    let local = args.bool("local");
    let selector = args.str("selector");
    let field_sel = args.str("field-selector");
    let all = args.bool("all");
    if all && !selector.is_empty() {
        return Err(KError::msg(
            "cannot set --all and --selector at the same time",
        ));
    }
    if all && !field_sel.is_empty() {
        return Err(KError::msg(
            "cannot set --all and --field-selector at the same time",
        ));
    }
    if res_args.is_empty() && files.is_empty() {
        return Err(KError::msg(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        ));
    }
    if !list && pairs.is_empty() {
        return Err(KError::msg(format!(
            "at least one {} update is required",
            field.singular()
        )));
    }
    let changes = parse_changes(&pairs, field)?;
    let dry = DryRun::from_args(args)?;
    let format = match args.str("output").as_str() {
        "" => None,
        o => Some(Format::parse(o)?),
    };
    if local && dry == DryRun::Server {
        return Err(KError::msg(
            "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
        ));
    }
    if local && !res_args.is_empty() {
        return Err(KError::msg(
            "can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set",
        ));
    }
    let selecting = all || !selector.is_empty() || !field_sel.is_empty();
    let ns = ctx.namespace();
    let all_ns = args.bool("all-namespaces");
    let mut errors: Vec<KError> = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut one = true;

    if !files.is_empty() {
        let enforce = ctx.namespace_explicit();
        for mut fo in resources::from_files(ctx, &files, args.bool("recursive"))? {
            let info = resources::info_for_object(ctx, &fo)?;
            // Offline, kubectl prints the object as the file has it: no namespace filled in.
            let namespace = if local {
                None
            } else {
                file_namespace(&info, &mut fo.value, &ns, enforce)?
            };
            targets.push(Target {
                name: meta::name(&fo.value).to_string(),
                info,
                namespace,
                object: local.then_some(fo.value),
            });
        }
    } else {
        let sels = resources::from_args(ctx, &res_args)?;
        let named = sels.iter().any(|s| !s.names.is_empty());
        if named && !selector.is_empty() {
            return Err(KError::msg(
                "name cannot be provided when a selector is specified",
            ));
        }
        if !named && !selecting {
            return Err(KError::msg(
                "resource(s) were provided, but no name was specified",
            ));
        }
        if sels.iter().any(|s| s.names.is_empty()) {
            one = false;
        }
        let listing = resources::Listing {
            namespace: &ns,
            all_namespaces: all_ns,
            enforce_namespace: ctx.namespace_explicit(),
            label: &selector,
            field: &field_sel,
        };
        for found in resources::expand(ctx, sels, &listing, &mut errors) {
            let (info, namespace, name, object) = found.into_parts();
            targets.push(Target {
                info,
                namespace,
                name,
                object,
            });
        }
    }
    // kubectl's "single item implied": one file path, or one named object.
    if targets.len() > 1 && (files.len() != 1 || files.iter().any(|f| ctx.fs.is_dir(f))) {
        one = false;
    }
    let rv = args.str("resource-version");
    if !rv.is_empty() && targets.len() > 1 {
        return Err(KError::msg(
            "--resource-version may only be used with a single resource",
        ));
    }

    let opts = EditOptions {
        field,
        overwrite: args.bool("overwrite"),
        local,
        dry,
        resource_version: rv,
    };
    let mut printed = 0usize;
    for t in targets.iter_mut() {
        let obj = match t.object.take() {
            Some(o) => o,
            None => {
                let path = t.info.object_path(t.namespace.as_deref(), &t.name);
                match ctx.call(ApiRequest::get(path)) {
                    Ok(o) => o,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
        };
        if list {
            let mut text = String::new();
            let indent = if one { "" } else { " " };
            if !one {
                text.push_str(&format!(
                    "Listing {} for {}.{}/{}:\n",
                    field.key(),
                    t.info.kind,
                    t.info.group,
                    t.name
                ));
            }
            if let Some(m) = obj
                .pointer(&format!("/metadata/{}", field.key()))
                .and_then(|m| m.as_object())
            {
                for (k, v) in m {
                    text.push_str(&format!("{indent}{k}={}\n", v.as_str().unwrap_or("")));
                }
            }
            ctx.print(text);
            continue;
        }
        match edit_one(ctx, t, obj, &changes, &opts) {
            Ok((verb, result)) => {
                let name = printers::name_of(&t.info, &t.name);
                let suffix = dry.suffix();
                let text = match &format {
                    None => format!("{name} {verb}{suffix}\n"),
                    Some(Format::Name) => format!("{name}\n"),
                    Some(f) => {
                        let sep = if printed > 0 && *f == Format::Yaml {
                            "---\n"
                        } else {
                            ""
                        };
                        format!("{sep}{}", printers::print_objects(f, &[result], false))
                    }
                };
                printed += 1;
                ctx.print(text);
            }
            Err(e) => errors.push(e),
        }
    }
    report_errors(ctx, errors)
}

struct EditOptions {
    field: Field,
    overwrite: bool,
    local: bool,
    dry: DryRun,
    resource_version: String,
}

/// The object with the changes made, or kubectl's overwrite error.
pub fn apply_changes(
    obj: &Value,
    changes: &Changes,
    field: Field,
    overwrite: bool,
) -> Result<(Value, Vec<String>), KError> {
    let current: Map<String, Value> = obj
        .pointer(&format!("/metadata/{}", field.key()))
        .and_then(|m| m.as_object())
        .cloned()
        .unwrap_or_default();
    if !overwrite {
        let clashes: Vec<String> = changes
            .set
            .iter()
            .filter_map(|(k, want)| {
                let have = current.get(k)?.as_str().unwrap_or("");
                // Setting the value a key already has is no conflict.
                (have != want).then(|| format!("'{k}' already has a value ({have})"))
            })
            .collect();
        if let Some(first) = clashes.first() {
            return Err(KError::msg(match field {
                Field::Labels => format!("{first}, and --overwrite is false"),
                Field::Annotations => format!(
                    "--overwrite is false but found the following declared annotation(s): {}",
                    clashes.join("; ")
                ),
            }));
        }
    }
    let mut next = current.clone();
    let mut missing = Vec::new();
    for (k, v) in &changes.set {
        next.insert(k.clone(), Value::String(v.clone()));
    }
    for k in &changes.remove {
        if next.shift_remove(k).is_none() {
            missing.push(k.clone());
        }
    }
    // kubectl always writes the map back, so an object without one gains an empty map.
    let mut out = obj.clone();
    meta::set(&mut out, &["metadata", field.key()], Value::Object(next));
    Ok((out, missing))
}

/// kubectl's verdict for labels: unchanged, or "unlabeled" when the object got smaller.
fn label_verb(before: &Value, after: &Value, overwrite: bool) -> &'static str {
    let b = serde_json::to_string(&meta::sorted(before)).unwrap_or_default();
    let a = serde_json::to_string(&meta::sorted(after)).unwrap_or_default();
    if a == b {
        "not labeled"
    } else if !overwrite && a.len() < b.len() {
        "unlabeled"
    } else {
        "labeled"
    }
}

fn edit_one(
    ctx: &mut Ctx,
    t: &Target,
    obj: Value,
    changes: &Changes,
    o: &EditOptions,
) -> Result<(&'static str, Value), KError> {
    let (mut next, missing) = apply_changes(&obj, changes, o.field, o.overwrite)?;
    // kubectl only mentions missing labels when it talks to the server.
    if o.field == Field::Labels && !o.local {
        for k in &missing {
            ctx.print(format!("label \"{k}\" not found.\n"));
        }
    }
    let verb = match o.field {
        Field::Labels => label_verb(&obj, &next, o.overwrite),
        Field::Annotations => "annotated",
    };
    if o.local || o.dry == DryRun::Client {
        return Ok((verb, next));
    }
    let mut patch_map = Map::new();
    for (k, v) in &changes.set {
        patch_map.insert(k.clone(), json!(v));
    }
    for k in &changes.remove {
        patch_map.insert(k.clone(), Value::Null);
    }
    let mut metadata = Map::new();
    metadata.insert(o.field.key().to_string(), Value::Object(patch_map));
    if !o.resource_version.is_empty() {
        metadata.insert("resourceVersion".into(), json!(o.resource_version));
    }
    let body = json!({ "metadata": metadata });
    let path = t.info.object_path(t.namespace.as_deref(), &t.name);
    let req = ApiRequest::new(Method::Patch, path)
        .with_query("fieldManager", o.field.manager())
        .with_content_type("application/merge-patch+json")
        .with_body(body.to_string());
    next = ctx.call(o.dry.on(req))?;
    Ok((verb, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pairs_follow_resources() {
        let (r, p) = split_args(&strs(&["pod", "web", "a=b", "c-"]), Field::Labels).unwrap();
        assert_eq!((r, p), (strs(&["pod", "web"]), strs(&["a=b", "c-"])));
        assert_eq!(
            split_args(&strs(&["pod", "a=b", "web"]), Field::Labels),
            Err(KError::msg(
                "all resources must be specified before label changes: web"
            ))
        );
    }

    #[test]
    fn label_specs_are_checked() {
        assert_eq!(
            parse_changes(&strs(&["a=b=c"]), Field::Labels),
            Err(KError::msg("invalid label spec: a=b=c"))
        );
        assert!(parse_changes(&strs(&["a=b=c"]), Field::Annotations).is_ok());
        assert_eq!(
            parse_changes(&strs(&["x=1", "x-"]), Field::Labels),
            Err(KError::msg(
                "can not both modify and remove a label in the same command"
            ))
        );
    }

    #[test]
    fn overwrite_rule_and_verbs() {
        let obj = json!({"metadata": {"name": "x", "labels": {"a": "b"}}});
        let ch = parse_changes(&strs(&["a=c"]), Field::Labels).unwrap();
        assert_eq!(
            apply_changes(&obj, &ch, Field::Labels, false).unwrap_err(),
            KError::msg("'a' already has a value (b), and --overwrite is false")
        );
        let (next, _) = apply_changes(&obj, &ch, Field::Labels, true).unwrap();
        assert_eq!(label_verb(&obj, &next, true), "labeled");
        let rm = parse_changes(&strs(&["a-"]), Field::Labels).unwrap();
        let (gone, missing) = apply_changes(&obj, &rm, Field::Labels, false).unwrap();
        assert!(missing.is_empty());
        assert_eq!(label_verb(&obj, &gone, false), "unlabeled");
        assert_eq!(label_verb(&obj, &obj, false), "not labeled");
    }
}
