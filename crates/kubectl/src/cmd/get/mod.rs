//! `kubectl get`: list or fetch resources and print them as tables (server-side Tables, in
//! `table.rs`) or as objects (`objects.rs`); `-w` polls for changes (`watch.rs`).

mod objects;
mod raw;
mod table;
pub mod watch;

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::Format;
use super::super::resources::{Builder, Group};
use super::super::Ctx;
use kubeplay_core::api::ApiRequest;
use serde_json::Value;

pub const FLAGS: &[Flag] = &[
    super::util::flags::ALL_NAMESPACES,
    super::util::flags::ALLOW_MISSING_TEMPLATE_KEYS,
    flag("chunk-size", None, Kind::Int, "500", "Return large lists in chunks rather than all at once. Pass 0 to disable."),
    string("field-selector", "", "Selector (field query) to filter on, supports '=', '==', and '!='. The server only supports a limited number of field queries per type."),
    super::util::flags::filename("Filename, directory, or URL to files identifying the resource to get from a server."),
    boolean("ignore-not-found", "If set to true, suppresses NotFound error for specific objects that do not exist."),
    super::util::flags::KUSTOMIZE,
    flag("label-columns", Some('L'), Kind::Slice, "[]", "Accepts a comma separated list of labels that are going to be presented as columns."),
    boolean("no-headers", "When using the default or custom-column output format, don't print headers (default print headers)."),
    flag("output", Some('o'), Kind::Str, "", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide)."),
    boolean("output-watch-events", "Output watch event objects when --watch or --watch-only is used."),
    string("raw", "", "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file."),
    flag("recursive", Some('R'), Kind::Bool, "false", "Process the directory used in -f, --filename recursively."),
    flag("selector", Some('l'), Kind::Str, "", "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3))."),
    flag("server-print", None, Kind::Bool, "true", "If true, have the server return the appropriate table output."),
    boolean("show-kind", "If present, list the resource type for the requested object(s)."),
    boolean("show-labels", "When printing, show all labels as the last column (default hide labels column)."),
    super::util::flags::SHOW_MANAGED_FIELDS,
    string("sort-by", "", "If non-empty, sort list types using this field specification."),
    string("subresource", "", "If specified, gets the subresource of the requested object."),
    string("template", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file."),
    flag("watch", Some('w'), Kind::Bool, "false", "After listing/getting the requested object, watch for changes."),
    boolean("watch-only", "Watch for changes to the requested object(s), without listing/getting first."),
];

pub const LONG: &str = "Show one or many resources.

 Prints a table of the most important information about the named resources. Use -o to choose
another format (yaml, json, name, wide, jsonpath, custom-columns).

 Resources are named by type (pods, po, deployments.apps), optionally followed by names, or as
TYPE/NAME. Several types can be joined with commas, and 'all' stands for the workload types.

Use \"kubectl api-resources\" for a complete list of supported resources.";

pub const EXAMPLES: &str = "  # List every pod in the current namespace, as a table
  kubectl get pods

  # The same, with node and IP columns
  kubectl get pods -o wide

  # One deployment, as YAML
  kubectl get deployment web -o yaml

  # Pods and services together, across all namespaces
  kubectl get pods,services -A

  # Only the pods labelled app=web, with their labels shown
  kubectl get pods -l app=web --show-labels

  # Just the names of the pods
  kubectl get pods -o name

  # Pod names and images, with JSONPath
  kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.spec.containers[0].image}{\"\\n\"}{end}'";

pub const USAGE: &str = "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]";

/// `get`'s flags, read once.
pub struct GetOptions {
    format: Format,
    filenames: Vec<String>,
    kustomize: String,
    recursive: bool,
    args: Vec<String>,
    label_selector: String,
    field_selector: String,
    all_namespaces: bool,
    ignore_not_found: bool,
    no_headers: bool,
    show_labels: bool,
    show_kind: bool,
    label_columns: Vec<String>,
    sort_by: String,
    show_managed_fields: bool,
    watch: bool,
    watch_only: bool,
}

/// What printing found, for the lines that follow it.
struct Printed {
    any_found: bool,
    errors: Vec<KError>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if !args.str("raw").is_empty() {
        let o = raw::RawOptions::complete(args)?;
        o.validate()?;
        return o.run(ctx);
    }
    let o = GetOptions::complete(args)?;
    o.validate()?;
    o.run(ctx)
}

impl GetOptions {
    pub fn complete(args: &Args) -> Result<GetOptions, KError> {
        Ok(GetOptions {
            format: Format::from_args(args)?,
            filenames: args.list("filename"),
            kustomize: args.str("kustomize"),
            recursive: args.bool("recursive"),
            args: args.positionals.clone(),
            label_selector: args.str("selector"),
            field_selector: args.str("field-selector"),
            all_namespaces: args.bool("all-namespaces"),
            ignore_not_found: args.bool("ignore-not-found"),
            no_headers: args.bool("no-headers"),
            show_labels: args.bool("show-labels"),
            show_kind: args.bool("show-kind"),
            label_columns: args.list("label-columns"),
            sort_by: args.str("sort-by"),
            show_managed_fields: args.bool("show-managed-fields"),
            watch: args.bool("watch"),
            watch_only: args.bool("watch-only"),
        })
    }

    pub fn validate(&self) -> Result<(), KError> {
        if self.filenames.is_empty() && self.kustomize.is_empty() && self.args.is_empty() {
            return Err(KError::Raw(
                "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n".into(),
            ));
        }
        Ok(())
    }

    /// Tables watch, and so do objects as YAML, JSON or names (each printed on its own).
    fn watching(&self) -> bool {
        let streams = self.format.is_table()
            || matches!(self.format, Format::Yaml | Format::Json | Format::Name);
        streams && (self.watch_only || self.watch)
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let groups = Builder::new(ctx)
            .filenames(&self.filenames, self.recursive)
            .kustomize(&self.kustomize)
            .bare_read_errors()
            .all_namespaces(self.all_namespaces)
            .resource_type_or_name_args(&self.args)
            .resolve()?
            .groups();
        let printed = match self.format.is_table() {
            true => self.print_tables(ctx, &groups)?,
            false => self.print_objects(ctx, &groups)?,
        };
        for e in &printed.errors {
            let text = e.render(&ctx.cmd_path);
            ctx.eprint(text);
        }
        if !printed.errors.is_empty() {
            return Err(KError::Exit(1));
        }
        if !printed.any_found && self.format.is_table() && !self.watch_only {
            self.nothing_found(ctx, &groups);
        }
        Ok(())
    }

    /// kubectl's note when a table listed nothing (a name that is not found errs instead).
    fn nothing_found(&self, ctx: &mut Ctx, groups: &[Group]) {
        if groups.iter().any(|g| !g.names.is_empty()) {
            return;
        }
        let cluster_scoped = groups.iter().all(|g| !g.resource.namespaced);
        if self.all_namespaces || cluster_scoped {
            ctx.eprint("No resources found\n");
        } else {
            let ns = ctx.namespace();
            ctx.eprint(format!("No resources found in {ns} namespace.\n"));
        }
    }

    /// The objects a group names, each as `req` turns its GET (get may ask for a Table); one
    /// that does not exist is passed over with --ignore-not-found.
    fn get_named(
        &self,
        ctx: &mut Ctx,
        g: &Group,
        req: impl Fn(ApiRequest) -> ApiRequest,
        errors: &mut Vec<KError>,
    ) -> Vec<Value> {
        let mut found = Vec::new();
        for name in &g.names {
            match ctx.call(req(ApiRequest::get(g.object_path(name)))) {
                Ok(o) => found.push(o),
                Err(KError::Status(s)) if s.code == 404 && self.ignore_not_found => {}
                Err(e) => errors.push(e),
            }
        }
        found
    }
}
