//! What `top pod` and `top node` share: whether the server offers the metrics API, reading its
//! quantities, and kubectl's top table (`NAME CPU(cores) ...`, cells like `12m` and `34Mi`).

use serde_json::Value;

use crate::error::KError;
use crate::printers::table::tabwrite;
use crate::Ctx;
use kubeplay_core::api::quantity::Quantity;
use kubeplay_core::api::ApiRequest;

pub const GROUP_VERSION: &str = "/apis/metrics.k8s.io/v1beta1";

/// `SupportedMetricsAPIVersionAvailable` over the server's groups, else kubectl's error.
pub fn require_api(ctx: &mut Ctx) -> Result<(), KError> {
    let groups = ctx.call(ApiRequest::get("/apis"))?;
    let found = groups
        .get("groups")
        .and_then(|g| g.as_array())
        .into_iter()
        .flatten()
        .filter(|g| g.get("name").and_then(|n| n.as_str()) == Some("metrics.k8s.io"))
        .flat_map(|g| {
            g.get("versions")
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        })
        .any(|v| v.get("version").and_then(|v| v.as_str()) == Some("v1beta1"));
    match found {
        true => Ok(()),
        false => Err(KError::msg("Metrics API not available")),
    }
}

/// Millicores and bytes of a `usage` (or `allocatable`) map, as kubectl reads them (rounded up).
pub fn usage(list: Option<&Value>) -> (i128, i128) {
    let q = |k: &str| {
        list.and_then(|l| l.get(k))
            .and_then(|v| v.as_str())
            .and_then(Quantity::parse)
    };
    (
        q("cpu").map_or(0, |q| q.milli_value()),
        q("memory").map_or(0, |q| q.value()),
    )
}

pub fn cpu_cell(millis: i128) -> String {
    format!("{millis}m")
}

pub fn memory_cell(bytes: i128) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

/// `--sort-by`'s check, shared by both subcommands.
pub fn check_sort_by(sort_by: &str) -> Result<(), KError> {
    match sort_by {
        "" | "cpu" | "memory" => Ok(()),
        _ => Err(KError::msg("--sort-by accepts only cpu or memory")),
    }
}

/// Rows under a header (unless --no-headers). Every cell is followed by a tab in kubectl's
/// printer, so the last column is padded too: an empty last cell keeps that.
pub fn table(header: Option<Vec<String>>, rows: Vec<Vec<String>>) -> String {
    let mut all: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    all.extend(header);
    all.extend(rows);
    for r in &mut all {
        r.push(String::new());
    }
    tabwrite(&all)
}
