//! `--local` and `--dry-run=client`: the patch applied here, to the object from its file (or
//! as the server has it), as kubectl's `getPatchedJSON` does.

use serde_json::Value;

use super::PatchType;
use crate::error::KError;
use crate::resources::Info;
use kubeplay_core::api::patch;

/// The patched object and whether it differs from the one read.
pub fn patch(info: &Info, patch_type: PatchType, p: &Value) -> Result<(Value, bool), KError> {
    let original = match (&info.live, &info.file) {
        (Some(live), _) => live.clone(),
        (None, Some(f)) => f.value.clone(),
        (None, None) => Value::Null,
    };
    let mut obj = original.clone();
    match patch_type {
        PatchType::Json => patch::json_patch(&mut obj, p).map_err(KError::msg)?,
        PatchType::Merge => patch::merge_patch(&mut obj, p),
        PatchType::Strategic => {
            let r = &info.resource;
            // Only built-in kinds have the Go types strategic merge needs.
            if crate::client_schema()
                .lookup(&r.group, &r.version, &r.kind)
                .is_none()
            {
                return Err(KError::msg(format!(
                    "strategic merge patch is not supported for {}, Kind={} locally, try --type merge",
                    r.api_version(),
                    r.kind
                )));
            }
            let schema = crate::cmd::util::three_way::list_schema(r);
            patch::strategic_merge_with(&mut obj, p, &schema)
        }
    }
    let changed = obj != original;
    Ok((obj, changed))
}
