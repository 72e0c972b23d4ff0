//! `kubectl delete`: by TYPE NAME, TYPE/NAME, `-f` files, `-l` selectors or `--all`, with
//! kubectl's grace-period, force and cascade options sent as DeleteOptions.

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers;
use super::super::resources::file_namespace;
use super::super::resources::{self, Selection};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::{report_errors, with_source};
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Delete all resources, in the namespace of the specified resource types."),
    super::util::flags::ALL_NAMESPACES,
    string("cascade", "background", "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background."),
    super::util::flags::DRY_RUN,
    super::util::flags::FIELD_SELECTOR,
    super::util::flags::filename("Filename, directory, or URL to files containing the resource to delete."),
    boolean("force", "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation."),
    flag("grace-period", None, Kind::Int, "-1", "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
    boolean("ignore-not-found", "Treat \"resource not found\" as a successful delete. Defaults to \"true\" when --all is specified."),
    flag("interactive", Some('i'), Kind::Bool, "false", "If true, delete resource only when user confirms."),
    flag("kustomize", Some('k'), Kind::Str, "", "Process a kustomization directory. This flag can't be used together with -f or -R."),
    boolean("now", "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
    flag("output", Some('o'), Kind::Str, "", "Output mode. Use \"-o name\" for shorter output (resource/name)."),
    string("raw", "", "Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file."),
    super::util::flags::RECURSIVE,
    super::util::flags::SELECTOR,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object"),
    flag("wait", None, Kind::Bool, "true", "If true, wait for resources to be gone before returning. This waits for finalizers."),
];

pub const LONG: &str = "Delete resources named by file, by type and name, by type and label selector, or every resource of a type with --all.

 Files may be JSON or YAML; only the type and name of each object are used. With -f and no
 namespace in an object, the namespace of the context (or -n) is used.

 Some resources, such as pods, terminate gracefully: the API keeps them for a grace period
 (--grace-period, default chosen by the resource) while their processes stop. --now asks for an
 immediate shutdown (a grace period of 1 second). --force together with --grace-period=0 removes
 the object from the API at once, without waiting for its processes to stop: they may keep
 running on their node, and a pod managed by a StatefulSet could then run twice. Use it with care.

 Deleting a resource type removes every object of that type; the same-named objects a client
 created concurrently may also disappear. Deleting a namespace deletes everything in it.

 Note: deleting an object does not check its resource version; a concurrent update may be lost.";

pub const EXAMPLES: &str = "  # Delete the pod described in pod.json (its type and name)
  kubectl delete -f ./pod.json

  # Delete everything in the kustomization directory dir/
  kubectl delete -k dir

  # Delete every object described in the .json files of the current directory
  kubectl delete -f '*.json'

  # Delete the pod described by the JSON on stdin
  cat pod.json | kubectl delete -f -

  # Delete the pods and services named baz and foo
  kubectl delete pod,service baz foo

  # Delete the pods and services labelled name=myLabel
  kubectl delete pods,services -l name=myLabel

  # Delete a pod with the shortest possible grace period
  kubectl delete pod foo --now

  # Remove a pod from the API at once, without waiting for it to stop
  kubectl delete pod foo --force

  # Delete every pod of the namespace
  kubectl delete pods --all

  # Delete every pod, asking before each one
  kubectl delete pods --all --interactive";

pub const USAGE: &str =
    "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]";

/// One object to delete: its resource, namespace, name and the file it came from.
struct Target {
    info: ResourceInfo,
    namespace: Option<String>,
    name: String,
    source: Option<String>,
}

struct Options {
    dry: DryRun,
    grace: i64,
    force: bool,
    propagation: &'static str,
    ignore_not_found: bool,
    name_output: bool,
}

fn options(args: &Args) -> Result<Options, KError> {
    let propagation = match args.str("cascade").as_str() {
        "background" | "true" => "Background",
        "orphan" | "false" => "Orphan",
        "foreground" => "Foreground",
        other => {
            return Err(KError::msg(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    };
    let dry = DryRun::from_args(args)?;
    let output = args.str("output");
    if !output.is_empty() && output != "name" {
        return Err(KError::msg(format!(
            "unexpected -o output mode: {output}. We only support '-o name'"
        )));
    }
    let force = args.bool("force");
    let mut grace = args.int("grace-period");
    if args.bool("now") {
        if grace != -1 {
            return Err(KError::msg(
                "--now and --grace-period cannot be specified together",
            ));
        }
        grace = 1;
    }
    if grace == 0 && !force {
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    if force && grace > 0 {
        return Err(KError::msg(
            "--force and --grace-period greater than 0 cannot be specified together",
        ));
    }
    Ok(Options {
        dry,
        grace,
        force,
        propagation,
        ignore_not_found: args.bool("ignore-not-found")
            || (args.bool("all") && !args.is_set("ignore-not-found")),
        name_output: output == "name",
    })
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let opts = options(args)?;
    let all = args.bool("all");
    let label_sel = args.str("selector");
    let field_sel = args.str("field-selector");
    if all && !label_sel.is_empty() {
        return Err(KError::msg(
            "setting 'all' parameter but found a non empty selector. ",
        ));
    }
    if all && !field_sel.is_empty() {
        return Err(KError::msg(
            "setting 'all' parameter but found a non empty selector. ",
        ));
    }
    if opts.force && opts.grace == 0 {
        ctx.eprint("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let files = args.list("filename");
    let selecting = all || !label_sel.is_empty() || !field_sel.is_empty();
    let all_ns = args.bool("all-namespaces");
    let ns = ctx.namespace();
    let mut errors: Vec<KError> = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut listed = false;

    if !files.is_empty() {
        let enforce = ctx.namespace_explicit();
        for mut fo in resources::from_files(ctx, &files, args.bool("recursive"))? {
            let info = resources::info_for_object(ctx, &fo)?;
            let namespace = file_namespace(&info, &mut fo.value, &ns, enforce)?;
            targets.push(Target {
                name: meta::name(&fo.value).to_string(),
                info,
                namespace,
                source: Some(fo.source),
            });
        }
    } else {
        if args.positionals.is_empty() {
            return Err(KError::msg(resources::NO_RESOURCES));
        }
        let sels: Vec<Selection> = resources::from_args(ctx, &args.positionals)?;
        let named = sels.iter().any(|s| !s.names.is_empty());
        if named && selecting {
            return Err(KError::msg(
                "name cannot be provided when a selector is specified",
            ));
        }
        if named && all_ns {
            return Err(KError::msg(
                "a resource cannot be retrieved by name across all namespaces",
            ));
        }
        if !named && !selecting {
            return Err(KError::msg(
                "resource(s) were provided, but no name was specified",
            ));
        }
        listed = sels.iter().any(|s| s.names.is_empty());
        let listing = resources::Listing {
            namespace: &ns,
            all_namespaces: all_ns,
            enforce_namespace: ctx.namespace_explicit(),
            label: &label_sel,
            field: &field_sel,
        };
        for found in resources::expand(ctx, sels, &listing, &mut errors) {
            let (info, namespace, name, _) = found.into_parts();
            targets.push(Target {
                info,
                namespace,
                name,
                source: None,
            });
        }
    }

    let mut deleted = 0usize;
    for t in &targets {
        match delete_one(ctx, t, &opts) {
            Ok(true) => deleted += 1,
            Ok(false) => {}
            Err(e) => errors.push(e),
        }
    }
    if listed && deleted == 0 && errors.is_empty() {
        ctx.print("No resources found\n");
    }
    report_errors(ctx, errors)
}

/// Delete one object and print kubectl's line; false when it was already gone and that is fine.
fn delete_one(ctx: &mut Ctx, t: &Target, opts: &Options) -> Result<bool, KError> {
    let path = t.info.object_path(t.namespace.as_deref(), &t.name);
    let gone = |e: &KError| matches!(e, KError::Status(s) if s.code == 404);
    if opts.dry == DryRun::Client {
        // kubectl does not look the object up: a client dry run only prints.
    } else {
        let mut body = serde_json::Map::new();
        if opts.grace >= 0 {
            body.insert("gracePeriodSeconds".into(), json!(opts.grace));
        }
        body.insert("propagationPolicy".into(), json!(opts.propagation));
        if opts.dry == DryRun::Server {
            body.insert("dryRun".into(), json!(["All"]));
        }
        let req = ApiRequest::new(Method::Delete, path).with_body(Value::Object(body).to_string());
        if let Err(e) = ctx.call(opts.dry.on(req)) {
            if gone(&e) && opts.ignore_not_found {
                return Ok(false);
            }
            return Err(match &t.source {
                Some(src) => with_source(e, "deleting", src),
                None => e,
            });
        }
    }
    let line = if opts.name_output {
        printers::name_of(&t.info, &t.name)
    } else {
        let verb = if opts.force && opts.grace == 0 {
            "force deleted"
        } else {
            "deleted"
        };
        format!(
            "{} \"{}\" {verb}{}",
            t.info.qualified_singular(),
            t.name,
            opts.dry.suffix()
        )
    };
    ctx.print(format!("{line}\n"));
    Ok(true)
}
