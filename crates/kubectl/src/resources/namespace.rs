//! Which namespace an object goes to, and kubectl's refusal of one outside an explicit `-n`.

use serde_json::Value;

use crate::error::KError;
use kubeplay_core::api::discovery::ResourceInfo;
use kubeplay_core::api::meta;

/// kubectl's refusal of an object outside the namespace it was told to work in.
pub fn namespace_mismatch(given: &str, expected: &str) -> String {
    format!(
        "the namespace from the provided object \"{given}\" does not match the namespace \"{expected}\". You must pass '--namespace={given}' to perform this operation."
    )
}

/// The namespace an object from a file goes to (filled into it), or kubectl's error when the
/// file names another namespace than an explicit `-n`.
pub fn file_namespace(
    info: &ResourceInfo,
    obj: &mut Value,
    default_ns: &str,
    enforce: bool,
) -> Result<Option<String>, KError> {
    if !info.namespaced {
        return Ok(None);
    }
    let given = meta::namespace(obj).to_string();
    if enforce && !given.is_empty() && given != default_ns {
        return Err(KError::msg(namespace_mismatch(&given, default_ns)));
    }
    let ns = if given.is_empty() {
        default_ns.to_string()
    } else {
        given
    };
    meta::set_str(obj, &["metadata", "namespace"], &ns);
    Ok(Some(ns))
}
