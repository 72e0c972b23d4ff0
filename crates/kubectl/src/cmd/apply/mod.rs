//! `kubectl apply -f`: client-side apply. Each object is created with its last-applied
//! annotation, or patched with the three-way strategic merge patch between the last-applied
//! configuration, the new one and the live object.

pub mod subcommands;
pub mod three_way;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::{self, file_namespace, FileObject};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::{report_errors, with_source};
use super::util::last_applied;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types."),
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    string("cascade", "background", "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background."),
    super::util::flags::DRY_RUN,
    string("field-manager", "kubectl-client-side-apply", "Name of the manager used to track field ownership."),
    super::util::flags::filename("The files that contain the configurations to apply."),
    boolean("force", "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation."),
    boolean("force-conflicts", "If true, server-side apply will force the changes against conflicts."),
    flag("grace-period", None, Kind::Int, "-1", "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
    flag("kustomize", Some('k'), Kind::Str, "", "Process a kustomization directory. This flag can't be used together with -f or -R."),
    flag("openapi-patch", None, Kind::Bool, "true", "If true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types."),
    super::util::flags::OUTPUT,
    flag("overwrite", None, Kind::Bool, "true", "Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration"),
    boolean("prune", "Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all."),
    flag("prune-allowlist", None, Kind::Array, "[]", "Overwrite the default allowlist with <group/version/kind> for --prune"),
    super::util::flags::RECURSIVE,
    super::util::flags::SELECTOR,
    boolean("server-side", "If true, apply runs in the server instead of the client."),
    super::util::flags::SHOW_MANAGED_FIELDS,
    string("subresource", "", "If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side. This flag is beta and may change in the future."),
    super::util::flags::TEMPLATE,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object"),
    string("validate", "strict", "Must be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. \"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields."),
    boolean("wait", "If true, wait for resources to be gone before returning. This waits for finalizers."),
];

pub const LONG: &str = "Apply a configuration to resources from files or stdin. Every object must be named; objects that do not exist yet are created. Objects managed with 'apply' should be created by 'apply' (or 'create --save-config') in the first place.

 JSON and YAML are both accepted.

 Alpha Disclaimer: --prune is still incomplete; only use it if you know what it currently does. See https://issues.k8s.io/34274.";

pub const EXAMPLES: &str = "  # Create or update the pod described in pod.json
  kubectl apply -f ./pod.json

  # Apply the kustomization in dir/ (dir/kustomization.yaml)
  kubectl apply -k dir/

  # Apply JSON read from stdin
  cat pod.json | kubectl apply -f -

  # Apply every file whose name ends in '.json'
  kubectl apply -f '*.json'

  # Note: --prune is still in Alpha
  # Apply manifest.yaml, then delete the objects labelled app=nginx that the file does not list
  kubectl apply --prune -f manifest.yaml -l app=nginx

  # Apply manifest.yaml, then delete every config map that the file does not list
  kubectl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap";

pub const USAGE: &str = "kubectl apply (-f FILENAME | -k DIRECTORY) [options]";

/// One object to apply, resolved before anything is written (a bad file changes nothing).
struct Item {
    file: FileObject,
    info: ResourceInfo,
    namespace: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    // The last-applied subcommands arrive here as a first word: the command table lists apply
    // without subcommands, and apply's flags cover theirs.
    if let Some((first, rest)) = args.positionals.split_first() {
        match first.as_str() {
            "view-last-applied" => return subcommands::view(ctx, args, rest),
            "set-last-applied" => return subcommands::set(ctx, args, rest),
            "edit-last-applied" => return subcommands::edit(ctx, args, rest),
            _ => {}
        }
    }
    if !args.positionals.is_empty() {
        return Err(KError::Usage(format!(
            "Unexpected args: [{}]",
            args.positionals.join(" ")
        )));
    }
    let dry = DryRun::from_args(args)?;
    let format = match args.str("output").as_str() {
        "" => None,
        o => Some(Format::parse(o)?),
    };
    if let Some(f) = &format {
        if f.is_table() {
            return Err(KError::msg(format!(
                "unable to match a printer suitable for the output format \"{}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
                args.str("output")
            )));
        }
    }
    let files = args.list("filename");
    let kustomize = args.str("kustomize");
    if files.is_empty() && kustomize.is_empty() {
        return Err(KError::msg("must specify one of -f and -k"));
    }
    if !kustomize.is_empty() {
        return Err(KError::msg(
            "kustomize is not supported in this playground; use -f with the generated manifests",
        ));
    }
    if args.bool("prune") && !args.bool("all") && args.str("selector").is_empty() {
        return Err(KError::msg("all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector"));
    }
    if args.bool("prune") {
        return Err(KError::msg("--prune is not supported in this playground"));
    }
    if args.bool("server-side") {
        return Err(KError::msg(
            "--server-side is not supported in this playground",
        ));
    }

    let (items, mut errors) = collect(ctx, args)?;
    if items.is_empty() && errors.is_empty() {
        return Err(KError::msg("no objects passed to apply"));
    }
    // With -o yaml/json kubectl keeps the objects and prints them at the end (a List when there
    // are several), and only if nothing failed.
    let mut objects: Vec<Value> = Vec::new();
    for item in &items {
        match apply_one(ctx, item, dry) {
            Ok((verb, obj)) => {
                let name = printers::name_of(&item.info, meta::name(&item.file.value));
                match &format {
                    None => ctx.print(format!("{name} {verb}{}\n", dry.suffix())),
                    Some(Format::Name) => ctx.print(format!("{name}\n")),
                    Some(_) => objects.push(without_managed_fields(obj)),
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if let (Some(f), true, false) = (&format, errors.is_empty(), objects.is_empty()) {
        let text = print_applied(f, objects)?;
        ctx.print(text);
    }
    report_errors(ctx, errors)
}

fn print_applied(format: &Format, mut objects: Vec<Value>) -> Result<String, KError> {
    if let (Format::JsonPath(t), [one]) = (format, objects.as_slice()) {
        return printers::jsonpath_print(t, one);
    }
    if objects.len() == 1 {
        return Ok(printers::print_objects(format, &objects, false));
    }
    let doc = meta::sorted(&serde_json::json!({
        "apiVersion": "v1",
        "items": std::mem::take(&mut objects),
        "kind": "List",
        "metadata": {},
    }));
    // kubectl prints a List of several applied objects as YAML for every other format.
    Ok(match format {
        Format::Json => printers::to_json(&doc),
        _ => kubeplay_yaml::to_yaml(&doc),
    })
}

fn without_managed_fields(mut obj: Value) -> Value {
    if let Some(m) = obj.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        m.shift_remove("managedFields");
    }
    obj
}

/// Read every file and map every object. As kubectl's builder does, a document that fails to
/// parse, map or match the namespace is reported and the others still go ahead.
fn collect(ctx: &mut Ctx, args: &Args) -> Result<(Vec<Item>, Vec<KError>), KError> {
    let default_ns = ctx.namespace();
    let enforce = ctx.namespace_explicit();
    let mut out = Vec::new();
    let (files, parse_errors) =
        resources::from_files_lenient(ctx, &args.list("filename"), args.bool("recursive"))?;
    let mut errors: Vec<KError> = parse_errors.into_iter().map(KError::Error).collect();
    for mut file in files {
        let info = match resources::info_for_object(ctx, &file) {
            Ok(i) => i,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match file_namespace(&info, &mut file.value, &default_ns, enforce) {
            Ok(namespace) => out.push(Item {
                file,
                info,
                namespace,
            }),
            Err(e) => errors.push(e),
        }
    }
    Ok((out, errors))
}

/// kubectl's description of an object in wrapped errors.
fn describe(item: &Item) -> String {
    let i = &item.info;
    let gv = format!("{}/{}", i.group, i.version);
    format!(
        "Resource: \"{gv}, Resource={}\", GroupVersionKind: \"{gv}, Kind={}\"\nName: \"{}\", Namespace: \"{}\"",
        i.plural,
        i.kind,
        meta::name(&item.file.value),
        item.namespace.as_deref().unwrap_or("")
    )
}

fn apply_one(ctx: &mut Ctx, item: &Item, dry: DryRun) -> Result<(&'static str, Value), KError> {
    let name = meta::name(&item.file.value).to_string();
    let ns = item.namespace.as_deref();
    let source = item.file.source.clone();
    let modified = last_applied::annotated(&item.file.value);
    if name.is_empty() {
        return Err(KError::msg(format!(
            "error when retrieving current configuration of:\n{}\nfrom server for: \"{source}\": resource name may not be empty",
            describe(item)
        )));
    }
    let path = item.info.object_path(ns, &name);
    let live = match ctx.call(ApiRequest::get(path.clone())) {
        Ok(v) => Some(v),
        Err(KError::Status(s)) if s.code == 404 => None,
        Err(e) => {
            let doing = format!(
                "retrieving current configuration of:\n{}\nfrom server for:",
                describe(item)
            );
            return Err(with_source(e, &doing, &source));
        }
    };
    let Some(live) = live else {
        if dry == DryRun::Client {
            return Ok(("created", modified));
        }
        let req = ApiRequest::new(Method::Post, item.info.collection_path(ns))
            .with_query("fieldManager", "kubectl-client-side-apply")
            .with_query("fieldValidation", "Strict")
            .with_body(modified.to_string());
        let created = ctx
            .call(dry.on(req))
            .map_err(|e| with_source(e, "creating", &source))?;
        return Ok(("created", created));
    };
    let original = match last_applied::from_live(&live) {
        Some(o) => o,
        None => {
            ctx.eprint(format!(
                "Warning: resource {}/{name} is missing the {} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
                item.info.qualified_plural(),
                last_applied::ANNOTATION
            ));
            Value::Object(Default::default())
        }
    };
    let patch = three_way::three_way(&original, &modified, &live);
    if dry == DryRun::Client {
        let mut preview = live.clone();
        kubeplay_core::api::patch::strategic_merge(&mut preview, &patch);
        return Ok(("configured", preview));
    }
    if patch.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(("unchanged", live));
    }
    let body = printers::go_json_escape(&patch.to_string());
    // Custom resources (kinds without a built-in schema) have no strategic-merge metadata, so
    // kubectl sends them a JSON merge patch, as the server refuses strategic ones (crd branch).
    let custom = kubeplay_schema::schema()
        .lookup(&item.info.group, &item.info.version, &item.info.kind)
        .is_none();
    let content_type = if custom {
        "application/merge-patch+json"
    } else {
        "application/strategic-merge-patch+json"
    };
    let req = ApiRequest::new(Method::Patch, path)
        .with_query("fieldManager", "kubectl-client-side-apply")
        .with_query("fieldValidation", "Strict")
        .with_content_type(content_type)
        .with_body(body.clone());
    match ctx.call(dry.on(req)) {
        Ok(v) => Ok(("configured", v)),
        Err(e) => {
            // kubectl's patcher names the source once, and apply names it again around the patch.
            let e = with_source(e, "patching", &source);
            let doing = format!("applying patch:\n{body}\nto:\n{}\nfor:", describe(item));
            Err(with_source(e, &doing, &source))
        }
    }
}
