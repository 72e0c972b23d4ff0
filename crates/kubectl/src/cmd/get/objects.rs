//! `get` as objects: `-o yaml|json|name|jsonpath|custom-columns` over every object found, one
//! object on its own when a single one was named, else a `List`.

use serde_json::Value;

use super::{GetOptions, Printed};
use crate::cmd::util::print_flags::strip_managed_fields;
use crate::error::KError;
use crate::printers::{self, Format};
use crate::resources::Group;
use crate::Ctx;
use kubeplay_core::api::meta;
use kubeplay_core::api::meta::ResourceExt;
use kubeplay_core::output::{WatchRow, WatchSpec};

impl GetOptions {
    pub(super) fn print_objects(&self, ctx: &mut Ctx, groups: &[Group]) -> Result<Printed, KError> {
        let mut errors = Vec::new();
        let mut objs: Vec<Value> = Vec::new();
        for g in groups {
            if g.names.is_empty() {
                match g.list(ctx, &self.label_selector, &self.field_selector) {
                    Ok(items) => objs.extend(items),
                    Err(e) => errors.push(e),
                }
            } else {
                objs.extend(self.get_named(ctx, g, |req| req, &mut errors));
            }
        }
        if !self.sort_by.is_empty() {
            printers::sort_objects(&mut objs, &self.sort_by)?;
        }
        // Only the JSON and YAML printers leave them out; templates see them.
        let strips = matches!(self.format, printers::Format::Json | printers::Format::Yaml);
        if !self.show_managed_fields && strips {
            objs.iter_mut().for_each(strip_managed_fields);
        }
        if self.watching() {
            return self.print_watched(ctx, &objs, errors);
        }
        let single_named = matches!(groups, [g] if g.names.len() == 1);
        let text = self.render(ctx, &objs, single_named)?;
        ctx.print(text);
        Ok(Printed {
            any_found: !objs.is_empty(),
            errors,
        })
    }

    /// `get -w -o yaml|json|name`: kubectl prints each object of the list on its own (YAML
    /// documents after the first behind `---`), then each one again as it changes; the rows
    /// the page's polls compare.
    fn print_watched(
        &self,
        ctx: &mut Ctx,
        objs: &[Value],
        errors: Vec<KError>,
    ) -> Result<Printed, KError> {
        let mut seen = Vec::new();
        let mut first = String::new();
        for (i, o) in objs.iter().enumerate() {
            let row = match self.format {
                Format::Name => names(ctx, std::slice::from_ref(o))?,
                Format::Json => {
                    printers::print_objects(&self.format, std::slice::from_ref(o), false)
                }
                _ => format!(
                    "---\n{}",
                    printers::print_objects(&self.format, std::slice::from_ref(o), false)
                ),
            };
            if !self.watch_only {
                // The first YAML document of the stream has no separator.
                let shown = if i == 0 {
                    row.strip_prefix("---\n").unwrap_or(&row)
                } else {
                    &row
                };
                first.push_str(shown);
            }
            seen.push(WatchRow {
                key: format!("{}/{}/{}", meta::kind(o), meta::namespace(o), meta::name(o)),
                resource_version: o.resource_version().to_string(),
                row,
            });
        }
        ctx.print(first);
        if errors.is_empty() {
            ctx.out.watch = Some(WatchSpec {
                args: Vec::new(),
                seen,
                forward: None,
            });
        }
        Ok(Printed {
            any_found: !objs.is_empty(),
            errors,
        })
    }

    /// The objects in the -o format; a single named object stands alone, the rest are a List.
    fn render(&self, ctx: &mut Ctx, objs: &[Value], single_named: bool) -> Result<String, KError> {
        let as_list = !single_named;
        Ok(match &self.format {
            // A single name that was not found (--ignore-not-found) prints nothing at all.
            Format::GoTemplate(_) | Format::GoTemplateFile(..)
                if objs.is_empty() && single_named =>
            {
                String::new()
            }
            Format::Name => names(ctx, objs)?,
            Format::JsonPath(t) => {
                printers::jsonpath_print(t, &printers::list_or_single(objs, as_list))?
            }
            Format::CustomColumns(spec) => {
                printers::custom_columns_print(spec, objs, self.no_headers)?
            }
            Format::JsonPathAsJson(_)
            | Format::JsonPathFile(_)
            | Format::CustomColumnsFile(_)
            | Format::GoTemplate(_)
            | Format::GoTemplateFile(..) => {
                printers::template_print(ctx.fs, &self.format, objs, as_list, self.no_headers)?
            }
            // A single name that was not found (--ignore-not-found) prints nothing at all.
            _ if objs.is_empty() && single_named => String::new(),
            _ => printers::print_objects(&self.format, objs, as_list),
        })
    }
}

/// `kind.group/name` per object, of the resources discovery knows their kinds by.
fn names(ctx: &mut Ctx, objs: &[Value]) -> Result<String, KError> {
    let d = ctx.mapper()?;
    let mut text = String::new();
    for o in objs {
        let av = o.get("apiVersion").and_then(|v| v.as_str()).unwrap_or("");
        if let Some(info) = d.by_kind(av, meta::kind(o)) {
            text.push_str(&printers::name_of(info, meta::name(o)));
            text.push('\n');
        }
    }
    Ok(text)
}
