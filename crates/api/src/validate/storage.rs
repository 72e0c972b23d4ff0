//! PersistentVolumeClaim specs.

use serde_json::Value;

use super::pod::quantity;
use super::{arr, Errs};

const ACCESS_MODES: &[&str] = &[
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

pub fn pvc(obj: &Value, e: &mut Errs) {
    let spec = obj.get("spec");
    let modes = arr(spec, "accessModes");
    if modes.is_empty() {
        e.required_detail("spec.accessModes", "at least 1 access mode is required");
    }
    for m in modes {
        let m = m.as_str().unwrap_or("");
        if !ACCESS_MODES.contains(&m) {
            e.unsupported("spec.accessModes", m, ACCESS_MODES);
        }
    }
    match spec.and_then(|s| s.pointer("/resources/requests/storage")) {
        None => e.required("spec.resources[storage]"),
        Some(q) => {
            if quantity(q).is_some_and(|n| n <= 0.0) {
                let text = match q {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                e.invalid(
                    "spec.resources[storage]",
                    &text,
                    "must be greater than zero",
                );
            }
        }
    }
    match spec
        .and_then(|s| s.get("volumeMode"))
        .and_then(|v| v.as_str())
    {
        None | Some("Block") | Some("Filesystem") => {}
        Some(other) => e.unsupported("spec.volumeMode", other, &["Block", "Filesystem"]),
    }
}
