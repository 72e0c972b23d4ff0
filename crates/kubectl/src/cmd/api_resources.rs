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

/// `api-resources`' flags, read once.
pub struct ApiResourcesOptions {
    args: Vec<String>,
    output: String,
    sort_by: String,
    api_group: Option<String>,
    verbs: Vec<String>,
    categories: Vec<String>,
    /// `--namespaced` when given.
    namespaced: Option<bool>,
    no_headers: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<(), KError> {
    let o = ApiResourcesOptions::complete(args);
    o.validate()?;
    o.run(ctx)
}

impl ApiResourcesOptions {
    pub fn complete(args: &Args) -> ApiResourcesOptions {
        ApiResourcesOptions {
            args: args.positionals.clone(),
            output: args.str("output"),
            sort_by: args.str("sort-by"),
            api_group: args.opt("api-group"),
            verbs: args.list("verbs"),
            categories: args.list("categories"),
            namespaced: args.is_set("namespaced").then(|| args.bool("namespaced")),
            no_headers: args.bool("no-headers"),
        }
    }

    pub fn validate(&self) -> Result<(), KError> {
        if !self.args.is_empty() {
            return Err(KError::Usage(format!(
                "unexpected arguments: [{}]",
                self.args.join(" ")
            )));
        }
        let output = &self.output;
        if !matches!(output.as_str(), "" | "wide" | "name") {
            return Err(KError::msg(format!("--output {output} is not available")));
        }
        if !matches!(self.sort_by.as_str(), "" | "name" | "kind") {
            return Err(KError::msg("--sort-by accepts only name or kind"));
        }
        Ok(())
    }

    pub fn run(&self, ctx: &mut Ctx) -> Result<(), KError> {
        let d = ctx.mapper()?;
        let preferred: Vec<ResourceInfo> = d.preferred().into_iter().cloned().collect();
        let list = self.selected(&preferred);
        let text = match self.output.as_str() {
            "name" => list.iter().map(|r| format!("{}\n", name_of(r))).collect(),
            _ => tabwrite(&self.rows(&list)),
        };
        ctx.print(text);
        Ok(())
    }

    /// The resource types that pass the filters, in kubectl's order.
    fn selected(&self, all: &[ResourceInfo]) -> Vec<ResourceInfo> {
        let mut list: Vec<ResourceInfo> = all
            .iter()
            .filter(|r| self.api_group.as_ref().is_none_or(|g| &r.group == g))
            .filter(|r| self.namespaced.is_none_or(|n| r.namespaced == n))
            .filter(|r| self.verbs.iter().all(|v| r.verbs.contains(v)))
            .filter(|r| self.categories.iter().all(|c| r.categories.contains(c)))
            .cloned()
            .collect();
        list.sort_once_by(|a, b| {
            let key = |r: &ResourceInfo| match self.sort_by.as_str() {
                "name" => r.plural.clone(),
                "kind" => r.kind.clone(),
                _ => r.group.clone(),
            };
            key(a).cmp(&key(b)).then_with(|| a.plural.cmp(&b.plural))
        });
        list
    }

    /// The table, headers first unless --no-headers; verbs and categories with -o wide.
    fn rows(&self, list: &[ResourceInfo]) -> Vec<Vec<String>> {
        let wide = self.output == "wide";
        let mut rows: Vec<Vec<String>> = Vec::new();
        if !self.no_headers {
            let mut h = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
            if wide {
                h.extend(["VERBS", "CATEGORIES"]);
            }
            rows.push(h.into_iter().map(String::from).collect());
        }
        for r in list {
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
        rows
    }
}

/// `-o name`: `plural.group`, or the plural alone in the core group.
fn name_of(r: &ResourceInfo) -> String {
    if r.group.is_empty() {
        r.plural.clone()
    } else {
        format!("{}.{}", r.plural, r.group)
    }
}
