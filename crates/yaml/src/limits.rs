//! Bounds on what the YAML reader accepts, so a pasted document can neither hang the page nor exhaust
//! its memory.

/// Largest stream accepted, in bytes. The API server refuses request bodies of about this size too
/// (3 MiB), so nothing larger could ever be stored.
pub const MAX_INPUT_BYTES: usize = 3 * 1024 * 1024;

/// Deepest nesting of mappings and sequences. Real manifests stay below 20 levels.
pub const MAX_DEPTH: usize = 500;

/// Hard ceiling on nodes produced for one document, aliases expanded.
pub const MAX_DECODED_NODES: u64 = 5_000_000;

/// go-yaml's rule for "billion laughs" protection: the share of nodes that came from alias
/// expansion may not exceed this ratio, which tightens as documents grow.
pub fn allowed_alias_ratio(decoded: u64) -> f64 {
    const SMALL: f64 = 400_000.0;
    const LARGE: f64 = 4_000_000.0;
    let d = decoded as f64;
    if d <= SMALL {
        0.99
    } else if d >= LARGE {
        0.10
    } else {
        0.99 - 0.89 * ((d - SMALL) / (LARGE - SMALL))
    }
}

/// True when the counts seen so far mean the document is an alias bomb.
pub fn excessive_aliasing(decoded: u64, aliased: u64) -> bool {
    if decoded > MAX_DECODED_NODES {
        return true;
    }
    aliased > 100
        && decoded > 1000
        && (aliased as f64 / decoded as f64) > allowed_alias_ratio(decoded)
}
