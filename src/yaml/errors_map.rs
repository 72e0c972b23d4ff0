//! Translating saphyr-parser's errors into the wording and line numbers go-yaml v2 uses, since
//! kubectl users see go-yaml's messages.

use saphyr_parser::ScanError;

use super::error::YamlError;

pub fn map_scan_error(_text: &str, e: &ScanError) -> YamlError {
    let line = e.marker().line();
    YamlError::at(Some(line), e.info().to_string())
}
