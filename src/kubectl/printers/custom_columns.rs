//! `-o custom-columns=HEADER:.json.path,...`. Interim stub until the full implementation lands.

use serde_json::Value;

use crate::kubectl::error::KError;

pub fn print(spec: &str, objs: &[Value], no_headers: bool) -> Result<String, KError> {
    let _ = (spec, objs, no_headers);
    Err(KError::msg("custom-columns is not implemented yet"))
}
