//! The map in words, a line per object or group, indented by ownership: the text alternative for
//! screen readers and for copying.

use std::fmt::Write;

use super::objects::fill;
use super::view::{Item, MapView, PodGroup};
use crate::page::words::Words;

/// A group of at most this many pods is named pod by pod; a bigger one only counted.
const NAMED_PODS: usize = 10;

pub fn text(view: &MapView, w: &Words) -> String {
    let mut out = String::new();
    for ns in &view.namespaces {
        let _ = writeln!(out, "namespace {}", ns.name);
        for sec in &ns.sections {
            let _ = writeln!(out, "  {}", sec.title);
            for it in &sec.items {
                item(&mut out, it, 2, w);
            }
            if let Some(g) = &sec.pods {
                pods(&mut out, g, 2, w);
            }
        }
    }
    for node in &view.nodes {
        item(&mut out, node, 0, w);
    }
    if out.is_empty() {
        out.push_str(w.map_empty);
        out.push('\n');
    }
    out
}

fn item(out: &mut String, it: &Item, depth: usize, w: &Words) {
    let pad = "  ".repeat(depth);
    let name = if it.name.is_empty() {
        w.map_unscheduled.to_string()
    } else {
        format!("{} {}", it.kind.name(), it.name)
    };
    let _ = write!(out, "{pad}{name}");
    if !it.summary.is_empty() {
        let _ = write!(out, ": {}", it.summary);
    }
    if !it.note.is_empty() {
        let _ = write!(out, " ({})", it.note);
    }
    out.push('\n');
    for child in &it.children {
        item(out, child, depth + 1, w);
    }
    if let Some(g) = &it.pods {
        pods(out, g, depth + 1, w);
    }
}

/// `3 pods: 2 Running, 1 Pending`, then each pod when there are few.
fn pods(out: &mut String, g: &PodGroup, depth: usize, w: &Words) {
    let pad = "  ".repeat(depth);
    let counts: Vec<String> = g
        .counts
        .iter()
        .map(|c| format!("{} {}", c.n, c.status))
        .collect();
    let _ = writeln!(out, "{pad}{}: {}", g.title(w), counts.join(", "));
    if g.total <= NAMED_PODS {
        for r in &g.rows {
            let _ = write!(out, "{pad}  pod {}: {} {}", r.name, r.status, r.ready);
            if r.restarts > 0 {
                let _ = write!(out, ", {}", fill(w.map_restarts, &[&r.restarts]));
            }
            out.push('\n');
        }
    }
}
