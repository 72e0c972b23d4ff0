//! `kubectl api-resources`: the server's resource types from discovery, filtered and sorted as
//! kubectl does (by group, then name, unless --sort-by).

use super::super::error::KError;
use super::super::flags::{boolean, flag, string, Args, Flag, Kind};
use super::super::printers::table::tabwrite;
use super::super::Ctx;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::sort::SortOnce;

pub const FLAGS: &[Flag] = &[
    string("api-group", "", "Limit to resources in the specified API group."),
    boolean("cached", "Use the cached list of resources if available."),
    flag("categories", None, Kind::Slice, "[]", "Limit to resources that belong to the specified categories."),
    flag("namespaced", None, Kind::Bool, "true", "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default."),
    boolean("no-headers", "When using the default or custom-column output format, don't print headers (default print headers)."),
    flag("output", Some('o'), Kind::Str, "", "Output format. One of: (wide, name)."),
    string("sort-by", "", "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'."),
    flag("verbs", None, Kind::Slice, "[]", "Limit to resources that support the specified verbs."),
];
pub const LONG: &str = "List the resource types the server offers.";
pub const EXAMPLES: &str = "  # Every resource type the server offers
  kubectl api-resources

  # The same, with verbs and categories
  kubectl api-resources -o wide

  # Sorted by kind
  kubectl api-resources --sort-by=kind

  # Only the namespaced ones
  kubectl api-resources --namespaced=true

  # Only the cluster-wide ones
  kubectl api-resources --namespaced=false

  # Only the apps group
  kubectl api-resources --api-group=apps";
pub const USAGE: &str = "kubectl api-resources [flags] [options]";

fn api_version(r: &ResourceInfo) -> String {
    if r.group.is_empty() {
        r.version.clone()
    } else {
        format!("{}/{}", r.group, r.version)
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    if !args.positionals.is_empty() {
        return Err(KError::Usage(format!(
            "unexpected arguments: [{}]",
            args.positionals.join(" ")
        )));
    }
    let output = args.str("output");
    if !matches!(output.as_str(), "" | "wide" | "name") {
        return Err(KError::msg(format!("--output {output} is not available")));
    }
    let sort_by = args.str("sort-by");
    if !matches!(sort_by.as_str(), "" | "name" | "kind") {
        return Err(KError::msg("--sort-by accepts only name or kind"));
    }
    let d = ctx.mapper()?;
    let group = args.opt("api-group");
    let verbs = args.list("verbs");
    let categories = args.list("categories");
    let namespaced = args.is_set("namespaced").then(|| args.bool("namespaced"));
    let mut list: Vec<ResourceInfo> = d
        .all()
        .iter()
        .filter(|r| group.as_ref().is_none_or(|g| &r.group == g))
        .filter(|r| namespaced.is_none_or(|n| r.namespaced == n))
        .filter(|r| verbs.iter().all(|v| r.verbs.contains(v)))
        .filter(|r| categories.iter().all(|c| r.categories.contains(c)))
        .cloned()
        .collect();
    list.sort_once_by(|a, b| {
        let key = |r: &ResourceInfo| match sort_by.as_str() {
            "name" => r.plural.clone(),
            "kind" => r.kind.clone(),
            _ => r.group.clone(),
        };
        key(a).cmp(&key(b)).then_with(|| a.plural.cmp(&b.plural))
    });
    if output == "name" {
        let text: String = list
            .iter()
            .map(|r| {
                if r.group.is_empty() {
                    format!("{}\n", r.plural)
                } else {
                    format!("{}.{}\n", r.plural, r.group)
                }
            })
            .collect();
        ctx.print(text);
        return Ok(());
    }
    let wide = output == "wide";
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !args.bool("no-headers") {
        let mut h = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
        if wide {
            h.extend(["VERBS", "CATEGORIES"]);
        }
        rows.push(h.into_iter().map(String::from).collect());
    }
    for r in &list {
        let mut row = vec![
            r.plural.clone(),
            r.short_names.join(","),
            api_version(r),
            r.namespaced.to_string(),
            r.kind.clone(),
        ];
        if wide {
            row.push(r.verbs.join(","));
            row.push(r.categories.join(","));
        }
        rows.push(row);
    }
    ctx.print(tabwrite(&rows));
    Ok(())
}
