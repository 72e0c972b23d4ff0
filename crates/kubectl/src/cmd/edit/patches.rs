//! The patch an edit sends (kubectl's `visitToPatch`): a two-way strategic merge patch for
//! built-in kinds, a JSON merge patch for custom ones, refused when the edit changed what
//! names the object.

use serde_json::Value;

use crate::cmd::util::three_way::{merge_diff, three_way};
use crate::error::KError;
use crate::resources::Info;

/// The patch taking `original` to `edited`, and its media type.
pub fn two_way(
    info: &Info,
    original: &Value,
    edited: &Value,
) -> Result<(Value, &'static str), KError> {
    for field in ["/apiVersion", "/kind", "/metadata/name"] {
        if original.pointer(field) != edited.pointer(field) {
            return Err(KError::msg(
                "At least one of apiVersion, kind and name was changed",
            ));
        }
    }
    let r = &info.resource;
    let built_in = crate::client_schema()
        .lookup(&r.group, &r.version, &r.kind)
        .is_some();
    // Deleting everything `original` has and `edited` drops, changing what differs: the two-way
    // patch is the three-way one with the original as both the last configuration and live.
    let patch = three_way(original, edited, original);
    Ok(match built_in {
        true => (patch, "application/strategic-merge-patch+json"),
        false => (
            kubeplay_core::api::meta::sorted(&merge_diff(original, edited)),
            "application/merge-patch+json",
        ),
    })
}
