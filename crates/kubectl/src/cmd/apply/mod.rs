//! `kubectl apply -f`: client-side apply. Each object is created with its last-applied
//! annotation, or patched with the three-way strategic merge patch between the last-applied
//! configuration, the new one and the live object.

mod object;
mod prune;
mod server_side;
mod set_last_applied;
pub mod subcommands;
mod view_last_applied;

use serde_json::Value;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::{self, Format};
use super::super::resources::{Builder, Info, NamespaceCheck, OnError};
use super::super::Ctx;
use super::util::dry_run::DryRun;
use super::util::errors::report_errors;
use super::util::print_flags;
use super::util::prune::Visited;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;

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
    super::util::flags::VALIDATE,
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

/// `apply`'s flags, read once.
pub struct ApplyOptions {
    filenames: Vec<String>,
    recursive: bool,
    kustomize: String,
    prune: bool,
    all: bool,
    selector: String,
    server_side: bool,
    force: bool,
    force_conflicts: bool,
    subresource: String,
    field_manager: String,
    show_managed_fields: bool,
    /// `--prune-allowlist` as typed, then mapped (empty: kubectl's default list).
    prune_allowlist: Vec<String>,
    prune_kinds: Vec<ResourceInfo>,
    propagation: &'static str,
    grace_period: i64,
    dry_run: DryRun,
    /// None: the `kind/name configured` line.
    format: Option<Format>,
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
    let mut o = ApplyOptions::complete(args)?;
    o.format = o.format.map(|f| f.resolve(ctx.fs)).transpose()?;
    if o.prune {
        o.prune_kinds = super::util::prune::parse_allowlist(ctx, &o.prune_allowlist)?;
    }
    o.validate()?;
    o.run(ctx)
}

impl ApplyOptions {
    pub fn complete(args: &Args) -> Result<ApplyOptions, KError> {
        if !args.positionals.is_empty() {
            return Err(KError::Usage(format!(
                "Unexpected args: [{}]",
                args.positionals.join(" ")
            )));
        }
        Ok(ApplyOptions {
            dry_run: DryRun::from_args(args)?,
            format: print_flags::object_format_flags(args)?,
            filenames: args.list("filename"),
            recursive: args.bool("recursive"),
            kustomize: args.str("kustomize"),
            prune: args.bool("prune"),
            all: args.bool("all"),
            selector: args.str("selector"),
            server_side: args.bool("server-side"),
            force: args.bool("force"),
            force_conflicts: args.bool("force-conflicts"),
            subresource: args.str("subresource"),
            field_manager: args.str("field-manager"),
            show_managed_fields: args.bool("show-managed-fields"),
            prune_allowlist: args.list("prune-allowlist"),
            prune_kinds: Vec::new(),
            propagation: super::util::cascade::propagation(&args.str("cascade"))?,
            grace_period: args.int("grace-period"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.filenames.is_empty() && self.kustomize.is_empty() {
            return Err(KError::msg("must specify one of -f and -k"));
        }
        self.validate_combinations()
    }

    /// kubectl's refusals of flags that do not go together, in its order.
    fn validate_combinations(&self) -> Result<(), KError> {
        let refuse = |cond: bool, text: &str| if cond { Err(KError::msg(text)) } else { Ok(()) };
        refuse(
            self.force_conflicts && !self.server_side,
            "--force-conflicts only works with --server-side",
        )?;
        refuse(
            self.dry_run == DryRun::Client && self.server_side,
            "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)",
        )?;
        refuse(
            self.server_side && self.force,
            "--force cannot be used with --server-side",
        )?;
        refuse(
            self.dry_run == DryRun::Server && self.force,
            "--dry-run=server cannot be used with --force",
        )?;
        refuse(
            self.all && !self.selector.is_empty(),
            "cannot set --all and --selector at the same time",
        )?;
        if self.prune {
            refuse(self.force, "--force cannot be used with --prune")?;
            refuse(!self.all && self.selector.is_empty(), "all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector")?;
            refuse(self.server_side, "--prune is in alpha and doesn't currently work on objects created by server-side apply")?;
        }
        refuse(
            !self.subresource.is_empty() && !self.server_side,
            "--subresource can only be specified for --server-side",
        )
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        // Every object is read and mapped before anything is written. As kubectl's builder does,
        // a document that fails to parse, map or match the namespace is reported and the others
        // still go ahead.
        let (infos, mut errors) = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .require_namespace(NamespaceCheck::Files)
            .on_error(OnError::Continue)
            .visit()?
            .split();
        if infos.is_empty() && errors.is_empty() {
            return Err(KError::msg("no objects passed to apply"));
        }
        // With -o yaml/json kubectl keeps the objects and prints them at the end (a List when
        // there are several), and only if nothing failed.
        let mut objects: Vec<Value> = Vec::new();
        let mut visited = Visited::default();
        if ctx.namespace_explicit() {
            visited.namespaces.insert(ctx.namespace());
        }
        for info in &infos {
            if let Some(ns) = &info.namespace {
                visited.namespaces.insert(ns.clone());
            }
            match self.apply_one(ctx, info) {
                Ok((verb, obj)) => {
                    visited
                        .uids
                        .insert(meta::str_at(&obj, &["metadata", "uid"]).to_string());
                    self.report(ctx, info, verb, obj, &mut objects)
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return report_errors(ctx, errors);
        }
        if let (Some(f), false) = (&self.format, objects.is_empty()) {
            let text = print_applied(f, objects)?;
            ctx.print(text);
        }
        if self.prune {
            self.pruner(&visited).prune_all(ctx)?;
        }
        Ok(())
    }

    /// Apply one object, on the client or on the server: kubectl's verb and the result.
    fn apply_one(&self, ctx: &mut Ctx, info: &Info) -> Result<(&'static str, Value), KError> {
        if info.name.is_empty() {
            let config = info.file_value();
            let generated = meta::str_at(&config, &["metadata", "generateName"]);
            if !generated.is_empty() {
                return Err(KError::msg(format!(
                    "from {generated}: cannot use generate name with apply"
                )));
            }
            if self.server_side {
                return Err(KError::msg("resource name may not be empty"));
            }
        }
        let (verb, obj) = self.apply_either(ctx, info)?;
        // Only what was patched or applied on the server is looked at, as kubectl does.
        let patched = self.server_side || (verb != "created" && self.dry_run != DryRun::Client);
        if patched && obj.pointer("/metadata/deletionTimestamp").is_some() {
            ctx.eprint(format!(
                "Warning: Detected changes to resource {} which is currently being deleted.\n",
                meta::name(&obj)
            ));
        }
        Ok((verb, obj))
    }

    fn apply_either(&self, ctx: &mut Ctx, info: &Info) -> Result<(&'static str, Value), KError> {
        if !self.server_side {
            return object::apply(ctx, info, self.dry_run, &self.field_manager);
        }
        // The flag's default names client-side apply's manager; the server side has its own.
        let manager = match self.field_manager.as_str() {
            "kubectl-client-side-apply" => server_side::DEFAULT_MANAGER,
            other => other,
        };
        let ssa = server_side::ServerSide {
            manager,
            force: self.force_conflicts,
            subresource: &self.subresource,
            dry_run: self.dry_run,
        };
        ssa.apply(ctx, info).map(|obj| ("serverside-applied", obj))
    }

    fn pruner<'a>(&'a self, visited: &'a Visited) -> prune::Pruner<'a> {
        prune::Pruner {
            allowlist: &self.prune_kinds,
            selector: &self.selector,
            visited,
            dry_run: self.dry_run,
            propagation: self.propagation,
            grace_period: self.grace_period,
            format: self.format.as_ref(),
        }
    }

    /// Print kubectl's line or the name now; keep the object for printing at the end.
    fn report(&self, ctx: &mut Ctx, info: &Info, verb: &str, obj: Value, objects: &mut Vec<Value>) {
        // kubectl names what the server answered: a scale subresource answers a Scale.
        let name = match obj.get("kind").and_then(|k| k.as_str()) {
            Some("Scale") => format!("scale.autoscaling/{}", info.name),
            _ => printers::name_of(&info.resource, &info.name),
        };
        match &self.format {
            None => ctx.print(format!("{name} {verb}{}\n", self.dry_run.suffix())),
            Some(Format::Name) => ctx.print(format!("{name}\n")),
            Some(_) => {
                let mut obj = obj;
                if !self.show_managed_fields {
                    print_flags::strip_managed_fields(&mut obj);
                }
                objects.push(obj);
            }
        }
    }
}

fn print_applied(format: &Format, mut objects: Vec<Value>) -> Result<String, KError> {
    if let (Format::JsonPath(t), [one]) = (format, objects.as_slice()) {
        return printers::jsonpath_print(t, one);
    }
    if let (Format::GoTemplate(t), [one]) = (format, objects.as_slice()) {
        return printers::go_template_print(t, one);
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
    // kubectl prints a List of several applied objects: templates run on it, every other
    // format prints it as YAML.
    Ok(match format {
        Format::Json => printers::to_json(&doc),
        Format::JsonPath(t) => printers::jsonpath_print(t, &doc)?,
        Format::GoTemplate(t) => printers::go_template_print(t, &doc)?,
        _ => kubeplay_yaml::to_yaml(&doc),
    })
}
