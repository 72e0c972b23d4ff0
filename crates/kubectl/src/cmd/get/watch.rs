//! `kubectl get -w` after its first listing. A real kubectl holds a watch stream open; here the
//! front end polls instead: every poll re-runs the same `get` (through the API like any command)
//! and prints a row for each object whose resourceVersion moved, that appeared, or that is gone.
//! Each row is aligned on its own, as kubectl flushes its tabwriter after every watch event.

use serde_json::Value;

use crate::printers::table::{table_rows, tabwrite, TableOptions};
use crate::Session;
use kubeplay_core::api::Transport;
use kubeplay_core::fs::Fs;
use kubeplay_core::output::{Output, WatchRow, WatchSpec};

/// One watch row per row of a server-side Table (fetched with includeObject=Metadata).
pub fn rows(table: &Value, opts: &TableOptions, gr: &str) -> Vec<WatchRow> {
    let mut opts = opts.clone();
    opts.no_headers = true;
    let Some(all) = table.get("rows").and_then(|r| r.as_array()) else {
        return Vec::new();
    };
    all.iter()
        .map(|row| {
            let md = row.pointer("/object/metadata");
            let field = |f: &str| {
                md.and_then(|m| m.get(f))
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let mut one = table.clone();
            if let Some(m) = one.as_object_mut() {
                m.insert("rows".into(), Value::Array(vec![row.clone()]));
            }
            WatchRow {
                key: format!("{gr}/{}/{}", field("namespace"), field("name")),
                resource_version: field("resourceVersion"),
                row: tabwrite(&table_rows(&one, &opts)),
            }
        })
        .collect()
}

/// Re-lists and prints what changed since `spec.seen`, which it then replaces. A failing poll
/// (say the namespace went away) prints nothing and keeps the previous view.
pub fn poll(
    session: &mut Session,
    spec: &mut WatchSpec,
    api: &mut dyn Transport,
    fs: &mut dyn Fs,
) -> Output {
    let mut out = Output::new();
    let now = crate::run(session, &spec.args, api, fs, None);
    let Some(fresh) = now.watch else {
        return out;
    };
    for new in &fresh.seen {
        let changed = spec
            .seen
            .iter()
            .find(|old| old.key == new.key)
            .is_none_or(|old| old.resource_version != new.resource_version);
        if changed {
            out.out(&new.row);
        }
    }
    for old in &spec.seen {
        if !fresh.seen.iter().any(|n| n.key == old.key) {
            out.out(&old.row);
        }
    }
    spec.seen = fresh.seen;
    out
}
