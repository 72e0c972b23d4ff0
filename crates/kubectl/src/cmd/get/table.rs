//! `get` as tables: the server renders each type's rows (a `Table`), and the types print one
//! block after another.

use serde_json::Value;

use super::{GetOptions, Printed};
use crate::client::TABLE_ACCEPT;
use crate::error::KError;
use crate::printers::table::{table_rows, tabwrite, TableOptions};
use crate::printers::{self, Format};
use crate::resources::Group;
use crate::Ctx;
use kubeplay_core::api::ApiRequest;
use kubeplay_core::output::{WatchRow, WatchSpec};

impl GetOptions {
    pub(super) fn print_tables(&self, ctx: &mut Ctx, groups: &[Group]) -> Result<Printed, KError> {
        let mut printed = Printed {
            any_found: false,
            errors: Vec::new(),
        };
        let mut blocks: Vec<String> = Vec::new();
        let mut watched: Vec<WatchRow> = Vec::new();
        let fetched: Vec<(&Group, Value)> = groups
            .iter()
            .filter_map(|g| Some((g, self.table(ctx, g, &mut printed.errors)?)))
            .collect();
        // As kubectl decides from the infos it got: types refused or failing do not count.
        let answered: Vec<Group> = fetched.iter().map(|(g, _)| (*g).clone()).collect();
        let kind_prefix = self.show_kind || several_types(&answered);
        for (g, mut table) in fetched {
            if rows(&table).is_none_or(|r| r.is_empty()) {
                continue;
            }
            printed.any_found = true;
            if !self.sort_by.is_empty() {
                printers::sort_table_rows(&mut table, &self.sort_by)?;
            }
            let opts = self.table_options(g, kind_prefix);
            if self.watching() {
                watched.extend(super::watch::rows(&table, &opts, &g.resource.gr()));
            }
            blocks.push(tabwrite(&table_rows(&table, &opts)));
        }
        if !self.watch_only {
            ctx.print(blocks.join("\n"));
        }
        if self.watching() && printed.errors.is_empty() {
            // kubectl::run fills in the argv to re-run.
            ctx.out.watch = Some(WatchSpec {
                args: Vec::new(),
                seen: watched,
                forward: None,
            });
        }
        Ok(printed)
    }

    /// One group's rows in one Table: its list, or the rows of each named object.
    fn table(&self, ctx: &mut Ctx, g: &Group, errors: &mut Vec<KError>) -> Option<Value> {
        // Sorting needs the objects themselves; otherwise their metadata serves the watch.
        let include = if self.sort_by.is_empty() {
            "Metadata"
        } else {
            "Object"
        };
        let as_table = |req: ApiRequest| {
            req.with_accept(TABLE_ACCEPT)
                .with_query("includeObject", include)
        };
        let tables = if g.names.is_empty() {
            let req = as_table(ApiRequest::get(g.collection_path()));
            let (label, field) = (&self.label_selector, &self.field_selector);
            match g.list_response(ctx, req, label, field) {
                Ok(t) => vec![t],
                Err(e) => {
                    errors.push(e);
                    Vec::new()
                }
            }
        } else {
            self.get_named(ctx, g, as_table, errors)
        };
        tables.into_iter().reduce(|mut all, t| {
            let more = rows(&t).cloned().unwrap_or_default();
            if let Some(arr) = all.get_mut("rows").and_then(|r| r.as_array_mut()) {
                arr.extend(more);
            }
            all
        })
    }

    fn table_options(&self, g: &Group, kind_prefix: bool) -> TableOptions {
        TableOptions {
            wide: self.format == Format::Wide,
            no_headers: self.no_headers,
            with_namespace: self.all_namespaces && g.resource.namespaced,
            show_labels: self.show_labels,
            kind_prefix: kind_prefix.then(|| g.resource.qualified_singular()),
            label_columns: self.label_columns.clone(),
        }
    }
}

fn rows(table: &Value) -> Option<&Vec<Value>> {
    table.get("rows").and_then(|r| r.as_array())
}

/// Rows of several types are told apart by a `kind/` prefix on their names.
fn several_types(groups: &[Group]) -> bool {
    let mut kinds: Vec<String> = groups.iter().map(|g| g.resource.gr()).collect();
    kinds.dedup();
    kinds.len() > 1
}
