//! YAML streams -> JSON documents with line/column spans, read with the YAML 1.1 rules Kubernetes
//! inherits from go-yaml v2, and the emitter that writes YAML exactly as kubectl `-o yaml` does.
//!
//! Reading follows kubectl's pipeline: a stream starting with `{` is a sequence of JSON values
//! (Go `encoding/json` errors); otherwise it is cut at `---` lines and each document is parsed on
//! its own (so error line numbers count from the document's first line), empty documents skipped.
//! Duplicate keys are accepted and the last one wins, which is what real kubectl 1.32 does (it
//! sends the last value to the server without a warning). saphyr-parser does the parsing; where it
//! is stricter or looser than go-yaml, `repair` and `source` bring it in line.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod analyze;
mod emit;
mod error;
mod errors_map;
mod go_float;
mod json;
mod key_order;
mod keys;
mod limits;
mod load;
mod repair;
mod resolve;
mod scalars;
mod source;
mod split;

#[cfg(test)]
mod bounds_tests;
#[cfg(test)]
mod emit_tests;
#[cfg(test)]
mod errors_tests;
#[cfg(test)]
mod tests;

use serde_json::Value;

pub use emit::to_yaml;
pub use error::{ErrorKind, YamlError};
pub use key_order::natural_cmp;
pub use limits::{MAX_DEPTH, MAX_INPUT_BYTES};
pub use resolve::{resolve_plain, Resolved};

/// Where a node starts in the stream (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub value: Value,
    /// Every node's path (`spec.containers[0].image`; the root is ``) and where it starts (at its
    /// `&anchor`/`!tag` if it has one). Empty for JSON documents.
    pub spans: Vec<(String, Span)>,
    /// Line of the stream where the document's text begins.
    pub start_line: usize,
}

/// All non-empty documents of a stream, or the first error, as kubectl's decoder reports it.
pub fn parse_documents(text: &str) -> Result<Vec<Document>, YamlError> {
    parse_stream(text)?.into_iter().collect()
}

/// Each document's outcome separately, for callers that, like kubectl, act on the documents before
/// a broken one. The outer error is for failures that stop the whole stream (size, separators).
pub fn parse_stream(text: &str) -> Result<Vec<Result<Document, YamlError>>, YamlError> {
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(YamlError::at(
            None,
            format!(
                "input of {} bytes exceeds the limit of {} bytes",
                text.len(),
                limits::MAX_INPUT_BYTES
            ),
        ));
    }
    if json::looks_like_json(text) {
        return Ok(parse_json_stream(text));
    }
    let mut out = Vec::new();
    for chunk in split::split(text)? {
        match load::load_document(chunk.text, chunk.start_line) {
            Ok(Some(loaded)) if !loaded.value.is_null() => out.push(Ok(Document {
                value: loaded.value,
                spans: loaded.spans,
                start_line: chunk.start_line,
            })),
            Ok(_) => {}
            Err(e) => {
                out.push(Err(e));
                // kubectl's decoder stops at the first broken document.
                break;
            }
        }
    }
    Ok(out)
}

fn parse_json_stream(text: &str) -> Vec<Result<Document, YamlError>> {
    let (pieces, error) = json::split_values(text);
    let mut out = Vec::new();
    for piece in pieces {
        let raw = text.get(piece.start..piece.end).unwrap_or("");
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Null) => {}
            Ok(mut value) => {
                json::normalize_numbers(&mut value);
                out.push(Ok(Document {
                    value,
                    spans: Vec::new(),
                    start_line: piece.line,
                }));
            }
            Err(e) => {
                out.push(Err(YamlError::split(format!("json: {e}"))));
                return out;
            }
        }
    }
    if let Some(e) = error {
        out.push(Err(e));
    }
    out
}
