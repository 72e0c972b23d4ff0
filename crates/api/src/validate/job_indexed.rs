//! What a Job's completion mode allows, as v1.32's batch validation checks it: an Indexed Job
//! needs `completions` and stays within the index limits; `backoffLimitPerIndex` and
//! `maxFailedIndexes` need Indexed mode.

use serde_json::Value;

use super::Errs;

const MAX_PARALLELISM: i64 = 100_000;
const MAX_FAILED_INDEXES: i64 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;
const PARALLELISM_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_FAILED_FOR_HIGH_COMPLETIONS: i64 = 10_000;

pub fn check(spec: Option<&Value>, path: &str, e: &mut Errs) {
    let int = |k: &str| spec.and_then(|s| s.get(k)).and_then(|v| v.as_i64());
    let (completions, parallelism) = (int("completions"), int("parallelism"));
    let (per_index, max_failed) = (int("backoffLimitPerIndex"), int("maxFailedIndexes"));
    if max_failed.is_some() && per_index.is_none() {
        e.required_detail(
            &format!("{path}.backoffLimitPerIndex"),
            "when maxFailedIndexes is specified",
        );
    }
    let mode = spec
        .and_then(|s| s.get("completionMode"))
        .and_then(|v| v.as_str());
    let field = |k: &str| format!("{path}.{k}");
    match mode {
        None | Some("NonIndexed") => {
            if let Some(b) = per_index {
                e.invalid_raw(
                    &field("backoffLimitPerIndex"),
                    &b.to_string(),
                    "requires indexed completion mode",
                );
            }
            if let Some(m) = max_failed {
                e.invalid_raw(
                    &field("maxFailedIndexes"),
                    &m.to_string(),
                    "requires indexed completion mode",
                );
            }
        }
        Some("Indexed") => {
            if completions.is_none() {
                e.required_detail(&field("completions"), "when completion mode is Indexed");
            }
            if let Some(p) = parallelism.filter(|p| *p > MAX_PARALLELISM) {
                e.invalid_raw(
                    &field("parallelism"),
                    &p.to_string(),
                    &format!("must be less than or equal to {MAX_PARALLELISM} when completion mode is Indexed"),
                );
            }
            if let (Some(c), Some(m)) = (completions, max_failed) {
                if m > c {
                    e.invalid_raw(
                        &field("maxFailedIndexes"),
                        &m.to_string(),
                        "must be less than or equal to completions",
                    );
                }
            }
            if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_INDEXES) {
                e.invalid_raw(
                    &field("maxFailedIndexes"),
                    &m.to_string(),
                    &format!("must be less than or equal to {MAX_FAILED_INDEXES}"),
                );
            }
            if completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT) && per_index.is_some() {
                high_completions(parallelism, max_failed, path, e);
            }
        }
        Some(other) => e.unsupported(&field("completionMode"), other, &["NonIndexed", "Indexed"]),
    }
}

/// More than 100,000 completions with a per-index back-off limit need tighter bounds.
fn high_completions(parallelism: Option<i64>, max_failed: Option<i64>, path: &str, e: &mut Errs) {
    let tail = format!(
        "when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
    );
    if max_failed.is_none() {
        e.required_detail(
            &format!("{path}.maxFailedIndexes"),
            &format!("must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"),
        );
    }
    if let Some(p) = parallelism.filter(|p| *p > PARALLELISM_FOR_HIGH_COMPLETIONS) {
        e.invalid_raw(
            &format!("{path}.parallelism"),
            &p.to_string(),
            &format!("must be less than or equal to {PARALLELISM_FOR_HIGH_COMPLETIONS} {tail}"),
        );
    }
    if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_FOR_HIGH_COMPLETIONS) {
        e.invalid_raw(
            &format!("{path}.maxFailedIndexes"),
            &m.to_string(),
            &format!("must be less than or equal to {MAX_FAILED_FOR_HIGH_COMPLETIONS} {tail}"),
        );
    }
}
