//! `kubectl describe`: fetch the selected objects as kubectl's resource builder does (types,
//! TYPE/NAME, `-f`, `-l`, `-A`), hand each to its kind's describer, and fall back to name-prefix
//! matching when `TYPE NAME` finds nothing.

use serde_json::Value;

use super::super::describe::{describer_for, Settings};
use super::super::error::KError;
use super::super::flags::{flag, Args, Flag, Kind};
use super::super::resources::{self, Selection};
use super::super::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::selector::LabelSelector;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::clock::Time;

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALL_NAMESPACES,
    flag("chunk-size", None, Kind::Int, "500", "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future."),
    super::util::flags::filename("Filename, directory, or URL to files containing the resource to describe"),
    super::util::flags::KUSTOMIZE,
    super::util::flags::RECURSIVE,
    super::util::flags::SELECTOR,
    flag("show-events", None, Kind::Bool, "true", "If true, display events related to the described object."),
];

pub const LONG: &str = "Show details of a specific resource or group of resources.

 Prints a readable report about each selected object, together with related information such as
its recent events or the objects that control it. Select one object by name, every object of a
type, the objects with a label (-l), or the objects whose names start with a given prefix:

        $ kubectl describe TYPE NAME_PREFIX
        
 An exact match on TYPE and NAME_PREFIX is tried first; when there is none, every object of that
type whose name starts with NAME_PREFIX is described.

Use \"kubectl api-resources\" for a complete list of supported resources.";

pub const EXAMPLES: &str = "  # Show the details of the node named minikube
  kubectl describe nodes minikube
  
  # Show the details of one pod, written as TYPE/NAME
  kubectl describe pods/nginx
  
  # Describe the object named in a manifest file
  kubectl describe -f pod.yaml
  
  # Describe every pod in the current namespace
  kubectl describe pods
  
  # Describe the pods labelled app=web
  kubectl describe pods -l app=web
  
  # Describe every pod whose name starts with \"web-\"
  # (pods made by a deployment or replica set start with its name)
  kubectl describe pods web-";

pub const USAGE: &str =
    "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]";

/// One object to describe, with the resource it belongs to.
struct Found {
    info: ResourceInfo,
    obj: Value,
}

/// The client's clock: kubectl computes describe's ages itself.
fn client_now(ctx: &Ctx) -> Time {
    ctx.api.clock().unwrap_or_default()
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let files = args.list("filename");
    if !args.str("kustomize").is_empty() {
        return Err(KError::msg(
            "kustomize (-k) is not supported in this playground",
        ));
    }
    if args.positionals.is_empty() && files.is_empty() {
        return Err(KError::msg(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    }
    let selector = args.str("selector").trim().to_string();
    let label_sel = if selector.is_empty() {
        None
    } else {
        Some(LabelSelector::parse(&selector).map_err(KError::msg)?)
    };
    let settings = Settings {
        show_events: args.bool("show-events"),
        chunk_size: args.int("chunk-size"),
        now: client_now(ctx),
    };
    let all_ns = args.bool("all-namespaces");
    let ns = ctx.namespace();

    let mut found: Vec<Found> = Vec::new();
    let mut errors: Vec<KError> = Vec::new();
    if !files.is_empty() {
        if !args.positionals.is_empty() {
            return Err(KError::msg(
                "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
            ));
        }
        from_files(
            ctx,
            args,
            &files,
            label_sel.as_ref(),
            &ns,
            &mut found,
            &mut errors,
        )?;
    } else {
        let slash_form = args.positionals.iter().any(|a| a.contains('/'));
        let names_given = slash_form || args.positionals.len() > 1;
        if label_sel.is_some() && names_given {
            return Err(KError::msg(if slash_form {
                "at least one resource must be specified to use a selector"
            } else {
                "name cannot be provided when a selector is specified"
            }));
        }
        let selections = resources::from_args(ctx, &args.positionals)?;
        for sel in selections {
            fetch(ctx, &sel, &selector, all_ns, &ns, &mut found, &mut errors)?;
        }
        // `describe TYPE NAME` that found nothing: describe every NAME-prefixed object instead.
        let single_miss =
            errors.len() == 1 && matches!(&errors[0], KError::Status(st) if st.code == 404);
        if args.positionals.len() == 2 && !slash_form && single_miss {
            return describe_prefixed(ctx, &args.positionals, &ns, &settings, errors.remove(0));
        }
    }

    let mut first = true;
    let mut seen: Vec<String> = Vec::new();
    for f in &found {
        let describe = describer_for(&f.info.group, &f.info.kind);
        match describe(ctx, &f.obj, &settings) {
            Ok(text) => {
                if first {
                    first = false;
                    ctx.print(text);
                } else {
                    ctx.print(format!("\n\n{text}"));
                }
            }
            Err(e) => {
                let msg = e.render(&ctx.cmd_path);
                if !seen.contains(&msg) {
                    seen.push(msg);
                    errors.push(e);
                }
            }
        }
    }
    if found.is_empty() && errors.is_empty() {
        if all_ns {
            ctx.eprint("No resources found\n");
        } else {
            ctx.eprint(format!("No resources found in {ns} namespace.\n"));
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    for e in &errors {
        let text = e.render(&ctx.cmd_path);
        ctx.eprint(text);
    }
    Err(KError::Exit(1))
}

/// List items carry no apiVersion/kind on the wire; the describers need them.
fn with_type(info: &ResourceInfo, mut obj: Value) -> Value {
    if let Some(m) = obj.as_object_mut() {
        m.insert("apiVersion".into(), Value::String(info.api_version()));
        m.insert("kind".into(), Value::String(info.kind.clone()));
    }
    obj
}

fn list_items(
    ctx: &mut Ctx,
    info: &ResourceInfo,
    namespace: Option<&str>,
    selector: &str,
) -> Result<Vec<Value>, KError> {
    let mut req = ApiRequest::get(info.collection_path(namespace));
    if !selector.is_empty() {
        req = req.with_query("labelSelector", selector);
    }
    let list = ctx.call(req)?;
    Ok(list
        .get("items")
        .and_then(|i| i.as_array())
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|o| with_type(info, o))
        .collect())
}

fn fetch(
    ctx: &mut Ctx,
    sel: &Selection,
    selector: &str,
    all_ns: bool,
    ns: &str,
    found: &mut Vec<Found>,
    errors: &mut Vec<KError>,
) -> Result<(), KError> {
    let info = &sel.info;
    if sel.names.is_empty() {
        let namespace = (info.namespaced && !all_ns).then_some(ns);
        match list_items(ctx, info, namespace, selector) {
            Ok(items) => found.extend(items.into_iter().map(|obj| Found {
                info: info.clone(),
                obj,
            })),
            Err(e) => errors.push(e),
        }
        return Ok(());
    }
    if info.namespaced && all_ns {
        return Err(KError::msg(
            "a resource cannot be retrieved by name across all namespaces",
        ));
    }
    for name in &sel.names {
        let path = info.object_path(info.namespaced.then_some(ns), name);
        match ctx.call(ApiRequest::get(path)) {
            Ok(obj) => found.push(Found {
                info: info.clone(),
                obj: with_type(info, obj),
            }),
            Err(e) => errors.push(e),
        }
    }
    Ok(())
}

fn from_files(
    ctx: &mut Ctx,
    args: &Args,
    files: &[String],
    label_sel: Option<&LabelSelector>,
    ns: &str,
    found: &mut Vec<Found>,
    errors: &mut Vec<KError>,
) -> Result<(), KError> {
    let objects = resources::from_files(ctx, files, args.bool("recursive"))?;
    for fo in objects {
        if let Some(sel) = label_sel {
            if !sel.matches(fo.value.pointer("/metadata/labels")) {
                continue;
            }
        }
        let info = match resources::info_for_object(ctx, &fo) {
            Ok(i) => i,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let obj_ns = meta::namespace(&fo.value);
        if info.namespaced && ctx.namespace_explicit() && !obj_ns.is_empty() && obj_ns != ns {
            return Err(KError::msg(resources::namespace_mismatch(obj_ns, ns)));
        }
        let namespace = if obj_ns.is_empty() { ns } else { obj_ns };
        let path = info.object_path(info.namespaced.then_some(namespace), meta::name(&fo.value));
        match ctx.call(ApiRequest::get(path)) {
            Ok(obj) => found.push(Found {
                obj: with_type(&info, obj),
                info,
            }),
            Err(e) => errors.push(e),
        }
    }
    Ok(())
}

/// kubectl's `DescribeMatchingResources`: every object of the type in the namespace whose name
/// starts with the prefix, each followed by a blank line; the original error when none does.
fn describe_prefixed(
    ctx: &mut Ctx,
    positionals: &[String],
    ns: &str,
    settings: &Settings,
    original: KError,
) -> Result<(), KError> {
    let (Some(ty), Some(prefix)) = (positionals.first(), positionals.get(1)) else {
        return Err(original);
    };
    let sels = resources::from_args(ctx, std::slice::from_ref(ty))?;
    if sels.len() != 1 {
        return Err(original);
    }
    let Some(info) = sels.into_iter().next().map(|s| s.info) else {
        return Err(original);
    };
    let items = list_items(ctx, &info, info.namespaced.then_some(ns), "")?;
    let describe = describer_for(&info.group, &info.kind);
    let mut any = false;
    for obj in items
        .iter()
        .filter(|o| meta::name(o).starts_with(prefix.as_str()))
    {
        any = true;
        let text = describe(ctx, obj, settings)?;
        ctx.print(format!("{text}\n"));
    }
    if any {
        Ok(())
    } else {
        Err(original)
    }
}
