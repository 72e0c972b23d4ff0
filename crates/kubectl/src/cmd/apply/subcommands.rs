//! `kubectl apply view-last-applied`, `set-last-applied` and `edit-last-applied`: read or
//! replace the last-applied-configuration annotation without applying anything else.

use serde_json::{json, Value};

use crate::cmd::cmd;
use crate::cmd::util::dry_run::DryRun;
use crate::cmd::util::errors::report_errors;
use crate::cmd::util::last_applied;
use crate::error::KError;
use crate::flags::{boolean, flag, Args, Flag, Kind};
use crate::printers::{self, go_json_escape, Format};
use crate::resources::file_namespace;
use crate::resources::{self, Found};
use crate::{Command, Ctx};
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

pub const VIEW_FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types"),
    crate::cmd::util::flags::filename("Filename, directory, or URL to files that contains the last-applied-configuration annotations"),
    crate::cmd::util::flags::KUSTOMIZE,
    flag("output", Some('o'), Kind::Str, "yaml", "Output format. Must be one of (yaml, json)"),
    crate::cmd::util::flags::RECURSIVE,
    crate::cmd::util::flags::SELECTOR,
];

pub const SET_FLAGS: &[Flag] = &[
    crate::cmd::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    boolean("create-annotation", "Will create 'last-applied-configuration' annotations if current objects doesn't have one"),
    crate::cmd::util::flags::DRY_RUN,
    crate::cmd::util::flags::filename("Filename, directory, or URL to files that contains the last-applied-configuration annotations"),
    crate::cmd::util::flags::OUTPUT,
    crate::cmd::util::flags::SHOW_MANAGED_FIELDS,
    crate::cmd::util::flags::TEMPLATE,
];

/// Live objects named by arguments, selectors or files, with their resource.
fn live_objects(
    ctx: &mut Ctx,
    args: &Args,
    positionals: &[String],
    errors: &mut Vec<KError>,
) -> Result<Vec<(ResourceInfo, Value)>, KError> {
    let ns = ctx.namespace();
    let files = args.list("filename");
    let mut wanted: Vec<(ResourceInfo, Option<String>, String)> = Vec::new();
    let mut out = Vec::new();
    if !files.is_empty() {
        let enforce = ctx.namespace_explicit();
        for mut fo in resources::from_files(ctx, &files, args.bool("recursive"))? {
            let info = resources::info_for_object(ctx, &fo)?;
            let namespace = file_namespace(&info, &mut fo.value, &ns, enforce)?;
            wanted.push((info, namespace, meta::name(&fo.value).to_string()));
        }
    } else {
        if positionals.is_empty() {
            return Err(KError::msg(resources::NO_RESOURCES));
        }
        let selector = args.str("selector");
        let sels = resources::from_args(ctx, positionals)?;
        let listing = resources::Listing {
            namespace: &ns,
            all_namespaces: false,
            // Without -A every listed object is in the namespace asked for.
            enforce_namespace: false,
            label: &selector,
            field: "",
        };
        for found in resources::expand(ctx, sels, &listing, errors) {
            match found {
                Found::Named {
                    info,
                    namespace,
                    name,
                } => wanted.push((info, namespace, name)),
                Found::Listed { info, object } => out.push((info, object)),
            }
        }
    }
    for (info, namespace, name) in wanted {
        match ctx.call(ApiRequest::get(
            info.object_path(namespace.as_deref(), &name),
        )) {
            Ok(o) => out.push((info, o)),
            Err(e) => errors.push(e),
        }
    }
    Ok(out)
}

pub fn view(ctx: &mut Ctx, args: &Args, positionals: &[String]) -> Result<(), KError> {
    let output = args.str("output");
    let json = match output.as_str() {
        // Reached through `apply`'s own flags, -o defaults to empty rather than yaml.
        "" | "yaml" => false,
        "json" => true,
        other => {
            return Err(KError::Usage(format!(
                "Unexpected -o output mode: {other}, the flag 'output' must be one of yaml|json"
            )))
        }
    };
    let mut errors = Vec::new();
    let objects = live_objects(ctx, args, positionals, &mut errors)?;
    let mut docs = Vec::new();
    for (_, obj) in &objects {
        if let Some(cfg) = last_applied::from_live(obj) {
            docs.push(if json {
                go_json_escape(&serde_json::to_string_pretty(&cfg).unwrap_or_default()) + "\n"
            } else {
                kubeplay_yaml::to_yaml(&cfg)
            });
        }
    }
    let sep = if json { "" } else { "---\n" };
    let text = docs.join(sep);
    ctx.print(text);
    report_errors(ctx, errors)
}

pub fn set(ctx: &mut Ctx, args: &Args, positionals: &[String]) -> Result<(), KError> {
    let dry = DryRun::from_args(args)?;
    if args.list("filename").is_empty() || !positionals.is_empty() {
        return Err(KError::msg(resources::NO_RESOURCES));
    }
    let format = match args.str("output").as_str() {
        "" => None,
        o => Some(Format::parse(o)?),
    };
    let ns = ctx.namespace();
    let enforce = ctx.namespace_explicit();
    let files = resources::from_files(ctx, &args.list("filename"), false)?;
    let mut errors = Vec::new();
    // kubectl checks every object before changing any.
    let mut plan = Vec::new();
    for mut fo in files {
        let info = resources::info_for_object(ctx, &fo)?;
        let namespace = file_namespace(&info, &mut fo.value, &ns, enforce)?;
        let name = meta::name(&fo.value).to_string();
        let live = ctx.call(ApiRequest::get(
            info.object_path(namespace.as_deref(), &name),
        ))?;
        let has = last_applied::from_live(&live).is_some();
        if !has && !args.bool("create-annotation") {
            return Err(KError::msg(format!(
                "no last-applied-configuration annotation found on resource: {name}, to create the annotation, run the command with --create-annotation"
            )));
        }
        let stored = live
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(last_applied::ANNOTATION))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let mut cfg = fo.value.clone();
        if let Some(a) = cfg
            .pointer_mut("/metadata/annotations")
            .and_then(|a| a.as_object_mut())
        {
            a.shift_remove(last_applied::ANNOTATION);
        }
        let wanted = last_applied::serialize(&cfg);
        plan.push((info, namespace, name, stored, wanted));
    }
    for (info, namespace, name, stored, wanted) in plan {
        if stored == wanted {
            ctx.print(format!("set-last-applied {name}: no changes required.\n"));
            continue;
        }
        let mut result = Value::Null;
        if dry != DryRun::Client {
            let body = json!({"metadata": {"annotations": {last_applied::ANNOTATION: wanted}}});
            let req = ApiRequest::new(Method::Patch, info.object_path(namespace.as_deref(), &name))
                .with_content_type("application/merge-patch+json")
                .with_body(body.to_string());
            match ctx.call(dry.on(req)) {
                Ok(v) => result = v,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        }
        let text = match &format {
            Some(Format::Name) | None if result.is_null() || format.is_none() => {
                let n = printers::name_of(&info, &name);
                match format {
                    Some(Format::Name) => format!("{n}\n"),
                    _ => format!("{n} configured{}\n", dry.suffix()),
                }
            }
            Some(f) => printers::print_objects(f, &[result], false),
            None => String::new(),
        };
        ctx.print(text);
    }
    report_errors(ctx, errors)
}

pub fn edit(_ctx: &mut Ctx, _args: &Args, _positionals: &[String]) -> Result<(), KError> {
    Err(KError::msg(
        "edit-last-applied opens an editor, and this playground has none; use 'kubectl apply set-last-applied -f FILE' instead",
    ))
}

fn run_view(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    view(ctx, args, &args.positionals.clone())
}
fn run_set(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    set(ctx, args, &args.positionals.clone())
}
fn run_edit(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    edit(ctx, args, &args.positionals.clone())
}

/// `apply`'s subcommands, for the command table (`Command { subcommands: apply::SUBCOMMANDS, .. }`).
pub static SUBCOMMANDS: &[Command] = &[
    cmd(
        "edit-last-applied",
        "Edit latest last-applied-configuration annotations of a resource/object",
        VIEW_FLAGS,
        run_edit,
        "Edit the last-applied-configuration annotation of a resource in an editor.",
        "  # Edit the last-applied-configuration of deployment/nginx in YAML\n  kubectl apply edit-last-applied deployment/nginx",
        "kubectl apply edit-last-applied (RESOURCE/NAME | -f FILENAME) [options]",
    ),
    cmd(
        "set-last-applied",
        "Set the last-applied-configuration annotation on a live object to match the contents of a file",
        SET_FLAGS,
        run_set,
        "Make the last-applied-configuration annotation of live objects hold the contents of a file, as if the file had been applied, without changing anything else. Objects without the annotation are only changed with --create-annotation.",
        "  # Record deploy.yaml as what was last applied to its object\n  kubectl apply set-last-applied -f deploy.yaml\n\n  # The same for every file of a directory\n  kubectl apply set-last-applied -f path/\n\n  # Record it even where no annotation exists yet\n  kubectl apply set-last-applied -f deploy.yaml --create-annotation=true",
        "kubectl apply set-last-applied -f FILENAME [options]",
    ),
    cmd(
        "view-last-applied",
        "View the latest last-applied-configuration annotations of a resource/object",
        VIEW_FLAGS,
        run_view,
        "Show the last-applied-configuration annotations of resources, by type and name or from files, as YAML (default) or JSON.",
        "  # The last-applied-configuration of deployment/nginx, as YAML\n  kubectl apply view-last-applied deployment/nginx\n\n  # The last-applied-configuration of the objects in deploy.yaml, as JSON\n  kubectl apply view-last-applied -f deploy.yaml -o json",
        "kubectl apply view-last-applied (TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME) [options]",
    ),
];
