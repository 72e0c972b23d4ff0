//! `kubectl get`: list or fetch resources and print them as tables (server-side Tables) or objects.

use serde_json::Value;

use super::super::client::{list_error, TABLE_ACCEPT};
use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::table::{table_rows, tabwrite, TableOptions};
use super::super::printers::{self, Format};
use super::super::resources::{self, Selection};
use super::super::Ctx;
use super::get_watch as watch;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::{meta, ApiRequest};
use kubeplay_core::output::{WatchRow, WatchSpec};

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

/// What to fetch: a type in a namespace (None = all), and names (empty = list).
struct Fetch {
    info: ResourceInfo,
    namespace: Option<String>,
    names: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let format = Format::parse(&args.str("output"))?;
    let all_ns = args.bool("all-namespaces");
    let ns = ctx.namespace();
    let files = args.list("filename");
    let mut fetches: Vec<Fetch> = Vec::new();
    if !files.is_empty() {
        for fo in resources::from_files(ctx, &files, args.bool("recursive"))? {
            let info = resources::info_for_object(ctx, &fo)?;
            let obj_ns = meta::namespace(&fo.value);
            let namespace = info.namespaced.then(|| {
                if obj_ns.is_empty() {
                    ns.clone()
                } else {
                    obj_ns.to_string()
                }
            });
            fetches.push(Fetch {
                info,
                namespace,
                names: vec![meta::name(&fo.value).to_string()],
            });
        }
    } else {
        if args.positionals.is_empty() {
            return Err(KError::Raw(
                "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n".into(),
            ));
        }
        let sels: Vec<Selection> = resources::from_args(ctx, &args.positionals)?;
        for s in sels {
            let namespace = if !s.info.namespaced || (all_ns && s.names.is_empty()) {
                None
            } else {
                Some(ns.clone())
            };
            fetches.push(Fetch {
                info: s.info,
                namespace,
                names: s.names,
            });
        }
    }
    let label_sel = args.str("selector");
    let field_sel = args.str("field-selector");
    let multiple_types = {
        let mut kinds: Vec<String> = fetches.iter().map(|f| f.info.gr()).collect();
        kinds.dedup();
        kinds.len() > 1
    };
    let mut errors: Vec<KError> = Vec::new();
    let mut any_found = false;

    let watch_only = args.bool("watch-only");
    let watching = format.is_table() && (watch_only || args.bool("watch"));
    let mut watched: Vec<WatchRow> = Vec::new();

    if format.is_table() {
        let mut blocks: Vec<String> = Vec::new();
        let opts_base = TableOptions {
            wide: format == Format::Wide,
            no_headers: args.bool("no-headers"),
            with_namespace: all_ns,
            show_labels: args.bool("show-labels"),
            kind_prefix: None,
            label_columns: args.list("label-columns"),
        };
        for f in &fetches {
            let include = if args.str("sort-by").is_empty() {
                "Metadata"
            } else {
                "Object"
            };
            let mut table: Option<Value> = None;
            let push_table = |t: Value, table: &mut Option<Value>| match table {
                None => *table = Some(t),
                Some(existing) => {
                    let rows = t
                        .get("rows")
                        .and_then(|r| r.as_array())
                        .cloned()
                        .unwrap_or_default();
                    if let Some(arr) = existing.get_mut("rows").and_then(|r| r.as_array_mut()) {
                        arr.extend(rows);
                    }
                }
            };
            if f.names.is_empty() {
                let mut req = ApiRequest::get(f.info.collection_path(f.namespace.as_deref()))
                    .with_accept(TABLE_ACCEPT)
                    .with_query("includeObject", include);
                if !label_sel.is_empty() {
                    req = req.with_query("labelSelector", label_sel.clone());
                }
                if !field_sel.is_empty() {
                    req = req.with_query("fieldSelector", field_sel.clone());
                }
                match ctx.call(req) {
                    Ok(t) => push_table(t, &mut table),
                    Err(e) => errors.push(list_error(e, &f.info, &label_sel, &field_sel)),
                }
            } else {
                for n in &f.names {
                    let req = ApiRequest::get(f.info.object_path(f.namespace.as_deref(), n))
                        .with_accept(TABLE_ACCEPT)
                        .with_query("includeObject", include);
                    match ctx.call(req) {
                        Ok(t) => push_table(t, &mut table),
                        Err(KError::Status(s))
                            if s.code == 404 && args.bool("ignore-not-found") => {}
                        Err(e) => errors.push(e),
                    }
                }
            }
            let Some(mut table) = table else { continue };
            let nrows = table
                .get("rows")
                .and_then(|r| r.as_array())
                .map_or(0, |r| r.len());
            if nrows == 0 {
                continue;
            }
            any_found = true;
            let sort_by = args.str("sort-by");
            if !sort_by.is_empty() {
                super::super::printers::sort_table_rows(&mut table, &sort_by)?;
            }
            let mut opts = opts_base.clone();
            opts.with_namespace = all_ns && f.info.namespaced;
            if multiple_types || args.bool("show-kind") {
                opts.kind_prefix = Some(f.info.qualified_singular());
            }
            if watching {
                watched.extend(watch::rows(&table, &opts, &f.info.gr()));
            }
            blocks.push(tabwrite(&table_rows(&table, &opts)));
        }
        if !watch_only {
            let text = blocks.join("\n");
            ctx.print(text);
        }
    } else {
        let mut objs: Vec<Value> = Vec::new();
        let single_named = fetches.len() == 1 && fetches[0].names.len() == 1;
        for f in &fetches {
            if f.names.is_empty() {
                let mut req = ApiRequest::get(f.info.collection_path(f.namespace.as_deref()));
                if !label_sel.is_empty() {
                    req = req.with_query("labelSelector", label_sel.clone());
                }
                if !field_sel.is_empty() {
                    req = req.with_query("fieldSelector", field_sel.clone());
                }
                match ctx.call(req) {
                    Ok(list) => {
                        for mut it in list
                            .get("items")
                            .and_then(|i| i.as_array())
                            .cloned()
                            .unwrap_or_default()
                        {
                            // List items carry no apiVersion/kind on the wire; kubectl fills them in.
                            if let Some(m) = it.as_object_mut() {
                                m.insert("apiVersion".into(), Value::String(f.info.api_version()));
                                m.insert("kind".into(), Value::String(f.info.kind.clone()));
                            }
                            objs.push(it);
                        }
                    }
                    Err(e) => errors.push(list_error(e, &f.info, &label_sel, &field_sel)),
                }
            } else {
                for n in &f.names {
                    match ctx.call(ApiRequest::get(
                        f.info.object_path(f.namespace.as_deref(), n),
                    )) {
                        Ok(o) => objs.push(o),
                        Err(KError::Status(s))
                            if s.code == 404 && args.bool("ignore-not-found") => {}
                        Err(e) => errors.push(e),
                    }
                }
            }
        }
        any_found = !objs.is_empty();
        let sort_by = args.str("sort-by");
        if !sort_by.is_empty() {
            printers::sort_objects(&mut objs, &sort_by)?;
        }
        if !args.bool("show-managed-fields") {
            for o in objs.iter_mut() {
                if let Some(m) = o.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                    m.shift_remove("managedFields");
                }
            }
        }
        match &format {
            Format::Name => {
                let d = ctx.mapper()?;
                let mut text = String::new();
                for o in &objs {
                    let av = o.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("");
                    let kind = meta::kind(o);
                    if let Some(info) = d.by_kind(av, kind) {
                        text.push_str(&printers::name_of(info, meta::name(o)));
                        text.push('\n');
                    }
                }
                ctx.print(text);
            }
            Format::JsonPath(t) => {
                let doc = printers::list_or_single(&objs, !single_named);
                let text = printers::jsonpath_print(t, &doc)?;
                ctx.print(text);
            }
            Format::CustomColumns(spec) => {
                let text = printers::custom_columns_print(spec, &objs, args.bool("no-headers"))?;
                ctx.print(text);
            }
            Format::JsonPathAsJson(_) | Format::JsonPathFile(_) | Format::CustomColumnsFile(_) => {
                let no_headers = args.bool("no-headers");
                let text =
                    printers::template_print(ctx.fs, &format, &objs, !single_named, no_headers)?;
                ctx.print(text);
            }
            _ => {
                if !objs.is_empty() || !single_named {
                    let text = printers::print_objects(&format, &objs, !single_named);
                    ctx.print(text);
                }
            }
        }
    }

    let had_errors = !errors.is_empty();
    for e in &errors {
        let text = e.render(&ctx.cmd_path);
        ctx.eprint(text);
    }
    if watching && !had_errors {
        // kubectl::run fills in the argv to re-run.
        ctx.out.watch = Some(WatchSpec {
            args: Vec::new(),
            seen: watched,
        });
    }
    if !any_found && !had_errors && format.is_table() && !watch_only {
        let names_given = fetches.iter().any(|f| !f.names.is_empty());
        if !names_given {
            let cluster_scoped = fetches.iter().all(|f| !f.info.namespaced);
            if all_ns || cluster_scoped {
                ctx.eprint("No resources found\n");
            } else {
                ctx.eprint(format!("No resources found in {ns} namespace.\n"));
            }
        }
    }
    if had_errors {
        return Err(KError::Exit(1));
    }
    Ok(())
}
