//! `kubectl events -w`. kubectl watches without listing first, so the server sends every event
//! it has, in its own order (not sorted), then each new or updated one; kubectl prints each as it
//! comes and flushes its tabwriter after each, so only the header and the first row are aligned
//! together and every later row is aligned on its own. The front end keeps polling through the
//! same mechanism as `get -w` (a row per event whose resourceVersion moved).

use serde_json::Value;

use super::{printer, EventsOptions};
use crate::error::KError;
use crate::printers::{self, Format};
use crate::Ctx;
use kubeplay_core::output::{WatchRow, WatchSpec};

impl EventsOptions {
    pub(super) fn start_watch(&self, ctx: &mut Ctx, events: &[Value]) -> Result<(), KError> {
        let now = ctx.api.clock().unwrap_or_default();
        let mut seen = Vec::with_capacity(events.len() + 1);
        // The header comes with the first event: a watch that starts empty prints it on the
        // poll that brings one (a row of its own, seen from then on).
        if let (Some(h), false) = (
            self.header().filter(|_| self.format.is_none()),
            events.is_empty(),
        ) {
            seen.push(WatchRow {
                key: "events/header".into(),
                resource_version: String::new(),
                row: printer::table(Vec::new(), Some(h)),
            });
        }
        let mut text = String::new();
        for (i, e) in events.iter().enumerate() {
            let row = self.watch_row(ctx, e, now, i > 0);
            if i == 0 && self.format.is_none() {
                let rows = printer::rows(std::slice::from_ref(e), now, self.all_namespaces);
                text.push_str(&printer::table(rows, self.header()));
            } else {
                text.push_str(&row);
            }
            let md = |k: &str| {
                e.pointer(&format!("/metadata/{k}"))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            seen.push(WatchRow {
                key: format!("events/{}/{}", md("namespace"), md("name")),
                resource_version: md("resourceVersion"),
                // Later arrivals always follow a first object.
                row: self.watch_row(ctx, e, now, true),
            });
        }
        ctx.print(text);
        ctx.out.watch = Some(WatchSpec {
            args: Vec::new(),
            seen,
            forward: None,
        });
        Ok(())
    }

    /// One event as the printer writes it alone; the YAML printer puts `---` before every
    /// object but the first.
    fn watch_row(
        &self,
        ctx: &mut Ctx,
        e: &Value,
        now: kubeplay_core::clock::Time,
        later: bool,
    ) -> String {
        match &self.format {
            None => printer::table(
                printer::rows(std::slice::from_ref(e), now, self.all_namespaces),
                None,
            ),
            Some(Format::Yaml) => {
                let doc = kubeplay_yaml::to_yaml(&kubeplay_core::api::meta::sorted(e));
                if later {
                    format!("---\n{doc}")
                } else {
                    doc
                }
            }
            Some(Format::Json) => printers::to_json(e),
            Some(Format::Name) => String::new(),
            Some(Format::JsonPath(t)) => printers::jsonpath_print(t, e).unwrap_or_default(),
            Some(other) => {
                printers::template_print(ctx.fs, other, std::slice::from_ref(e), false, false)
                    .unwrap_or_default()
            }
        }
    }
}
