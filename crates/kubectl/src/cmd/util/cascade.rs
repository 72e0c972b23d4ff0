//! `--cascade` as DeleteOptions' propagationPolicy (delete, and replace --force).

use crate::error::KError;

/// The propagation policy `--cascade` names, or kubectl's refusal.
pub fn propagation(cascade: &str) -> Result<&'static str, KError> {
    Ok(match cascade {
        "background" | "true" => "Background",
        "orphan" | "false" => "Orphan",
        "foreground" => "Foreground",
        other => {
            return Err(KError::msg(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    })
}
