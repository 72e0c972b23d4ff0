//! `kubectl scale`: set spec.replicas through the scale subresource, with kubectl's
//! --current-replicas and --resource-version preconditions.

use serde_json::{json, Value};

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::file_namespace;
use super::super::resources::{self, Found};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::request::Method;
use kubeplay_core::api::status::Status;
use kubeplay_core::api::{meta, ApiRequest};

pub const FLAGS: &[Flag] = &[
    boolean("all", "Select all resources in the namespace of the specified resource types"),
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("current-replicas", None, Kind::Int, "-1", "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition."),
    super::util::flags::DRY_RUN,
    super::util::flags::filename("Filename, directory, or URL to files identifying the resource to set a new size"),
    super::util::flags::KUSTOMIZE,
    super::util::flags::OUTPUT,
    super::util::flags::RECURSIVE,
    flag("replicas", None, Kind::Int, "0", "The new desired number of replicas. Required."),
    string("resource-version", "", "Precondition for resource version. Requires that the current resource version match this value in order to scale."),
    super::util::flags::SELECTOR,
    super::util::flags::SHOW_MANAGED_FIELDS,
    super::util::flags::TEMPLATE,
    flag("timeout", None, Kind::Duration, "0s", "The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
];

pub const LONG: &str = "Set a new number of replicas for a deployment, replica set, replication controller or stateful set.

 Scale also accepts preconditions: with --current-replicas or --resource-version, the new size is
 only set if the resource still has that size or version when the request arrives.";

pub const EXAMPLES: &str = "  # Run 3 replicas of the replica set foo
  kubectl scale --replicas=3 rs/foo

  # Run 3 replicas of the resource described in foo.yaml
  kubectl scale --replicas=3 -f foo.yaml

  # Scale the deployment mysql to 3, but only if it currently runs 2
  kubectl scale --current-replicas=2 --replicas=3 deployment/mysql

  # Scale several replication controllers at once
  kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3

  # Run 3 replicas of the stateful set web
  kubectl scale --replicas=3 statefulset/web";

pub const USAGE: &str = "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]";

struct Target {
    info: ResourceInfo,
    namespace: Option<String>,
    object: Value,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if !args.is_set("replicas") {
        return Err(KError::msg("required flag(s) \"replicas\" not set"));
    }
    let replicas = args.int("replicas");
    let dry = DryRun::from_args(args)?;
    let format = match args.str("output").as_str() {
        "" => None,
        o => match Format::parse(o)? {
            f if f.is_table() => {
                return Err(KError::msg(format!(
                    "unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
                )))
            }
            f => Some(f),
        },
    };
    if replicas < 0 {
        return Err(KError::msg(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ));
    }
    let files = args.list("filename");
    if files.is_empty() && args.positionals.is_empty() {
        return Err(KError::msg(resources::NO_RESOURCES));
    }
    let selector = args.str("selector");
    let selecting = args.bool("all") || !selector.is_empty();
    let ns = ctx.namespace();
    let mut errors: Vec<KError> = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut wanted: Vec<(ResourceInfo, Option<String>, String)> = Vec::new();

    if !files.is_empty() {
        let enforce = ctx.namespace_explicit();
        for mut fo in resources::from_files(ctx, &files, args.bool("recursive"))? {
            let info = resources::info_for_object(ctx, &fo)?;
            let namespace = file_namespace(&info, &mut fo.value, &ns, enforce)?;
            wanted.push((info, namespace, meta::name(&fo.value).to_string()));
        }
    } else {
        let sels = resources::from_args(ctx, &args.positionals)?;
        let named = sels.iter().any(|s| !s.names.is_empty());
        if named && selecting {
            return Err(KError::msg(
                "name cannot be provided when a selector is specified",
            ));
        }
        if !named && !selecting {
            return Err(KError::msg(
                "resource(s) were provided, but no name was specified",
            ));
        }
        let listing = resources::Listing {
            namespace: &ns,
            all_namespaces: false,
            // Without -A every listed object is in the namespace asked for.
            enforce_namespace: false,
            label: &selector,
            field: "",
        };
        for found in resources::expand(ctx, sels, &listing, &mut errors) {
            match found {
                Found::Named {
                    info,
                    namespace,
                    name,
                } => wanted.push((info, namespace, name)),
                Found::Listed { info, object } => targets.push(Target {
                    namespace: info
                        .namespaced
                        .then(|| meta::namespace(&object).to_string()),
                    object,
                    info,
                }),
            }
        }
    }
    for (info, namespace, name) in wanted {
        match ctx.call(ApiRequest::get(
            info.object_path(namespace.as_deref(), &name),
        )) {
            Ok(object) => targets.push(Target {
                info,
                namespace,
                object,
            }),
            Err(e) => errors.push(e),
        }
    }
    if targets.is_empty() {
        // kubectl folds what went wrong into one line.
        let why: Vec<String> = errors
            .iter()
            .map(|e| match e {
                KError::Status(s) => s.message.clone(),
                other => other.render("scale").trim_end().to_string(),
            })
            .collect();
        return Err(KError::msg(match why.len() {
            0 => "no objects passed to scale".to_string(),
            1 => format!("no objects passed to scale {}", why.join("")),
            _ => format!("no objects passed to scale [{}]", why.join(", ")),
        }));
    }
    let current = args.int("current-replicas");
    let rv = args.str("resource-version");
    for t in &targets {
        match scale_one(ctx, t, replicas, current, &rv, dry) {
            Ok(()) => {
                let name = printers::name_of(&t.info, meta::name(&t.object));
                let text = match &format {
                    None => format!("{name} scaled{}\n", dry.suffix()),
                    Some(Format::Name) => format!("{name}\n"),
                    Some(f) => printers::print_objects(f, std::slice::from_ref(&t.object), false),
                };
                ctx.print(text);
            }
            Err(e) => errors.push(e),
        }
    }
    report_errors(ctx, errors)
}

fn scale_one(
    ctx: &mut Ctx,
    t: &Target,
    replicas: i64,
    current: i64,
    rv: &str,
    dry: DryRun,
) -> Result<(), KError> {
    let path = format!(
        "{}/scale",
        t.info
            .object_path(t.namespace.as_deref(), meta::name(&t.object))
    );
    if !matches!(
        t.info.kind.as_str(),
        "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController"
    ) {
        // Only these kinds serve a scale subresource; elsewhere the API answers a bare 404.
        return Err(KError::Status(Status {
            code: 404,
            reason: "NotFound".into(),
            message: "the server could not find the requested resource".into(),
            name: None,
            group: None,
            kind: None,
            causes: vec![],
        }));
    }
    let mut body = json!({"spec": {"replicas": replicas}});
    if current != -1 || !rv.is_empty() {
        let scale = ctx.call(ApiRequest::get(path.clone()))?;
        let have = scale
            .pointer("/spec/replicas")
            .and_then(|r| r.as_i64())
            .unwrap_or(0);
        if current != -1 && have != current {
            return Err(KError::msg(format!(
                "Expected replicas to be {current}, was {have}"
            )));
        }
        let have_rv = meta::str_at(&scale, &["metadata", "resourceVersion"]);
        if !rv.is_empty() && have_rv != rv {
            return Err(KError::msg(format!(
                "Expected resource version to be {rv}, was {have_rv}"
            )));
        }
        meta::set_str(&mut body, &["metadata", "resourceVersion"], have_rv);
    }
    if dry == DryRun::Client {
        return Ok(());
    }
    let req = ApiRequest::new(Method::Patch, path)
        .with_content_type("application/merge-patch+json")
        .with_body(body.to_string());
    ctx.call(dry.on(req))?;
    Ok(())
}
