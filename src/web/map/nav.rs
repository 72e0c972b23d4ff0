//! Arrow keys on the map: up and down move through every object, pod and namespace in reading
//! order, left goes to the owner, right to the first thing it owns, Home and End to the ends.
//! Tab and Enter work as on any button.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What the map's elements that take the focus are marked with.
const NAV: &str = "[data-nav]";

pub fn keydown(e: KeyboardEvent) {
    let Some(body) = e
        .current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
    else {
        return;
    };
    let Some(active) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
    else {
        return;
    };
    let all = focusable(&body);
    let at = all.iter().position(|el| *el == active);
    let target = match (e.key().as_str(), at) {
        ("ArrowDown", Some(k)) => all.get(k + 1).cloned(),
        ("ArrowUp", Some(k)) => k.checked_sub(1).and_then(|k| all.get(k).cloned()),
        ("ArrowDown", None) | ("Home", _) => all.first().cloned(),
        ("ArrowUp", None) | ("End", _) => all.last().cloned(),
        ("ArrowLeft", Some(_)) => owner(&active),
        ("ArrowRight", Some(k)) => all.get(k + 1).filter(|next| inside(&active, next)).cloned(),
        _ => return,
    };
    e.prevent_default();
    if let Some(el) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The map's focusable elements in reading order, leaving out those in folded namespaces.
fn focusable(body: &Element) -> Vec<Element> {
    let Ok(list) = body.query_selector_all(NAV) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|k| list.item(k))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter(visible)
        .collect()
}

/// Shown: not inside a closed `<details>` (its summary excepted).
fn visible(el: &Element) -> bool {
    let mut at = el.parent_element();
    let mut from_summary = el.tag_name().eq_ignore_ascii_case("summary");
    while let Some(p) = at {
        if p.tag_name().eq_ignore_ascii_case("details") {
            if !from_summary && !p.has_attribute("open") {
                return false;
            }
            from_summary = false;
        }
        at = p.parent_element();
    }
    true
}

/// The owner's element: the focusable head of the enclosing item, or the namespace's summary.
fn owner(el: &Element) -> Option<Element> {
    let mine = el.closest("li.map-item, details.map-ns").ok().flatten()?;
    // A pod's own item is its owner's; the object's button is the item's head.
    let head = |item: &Element| item.query_selector(":scope > [data-nav]").ok().flatten();
    if head(&mine).as_ref() != Some(el) {
        return head(&mine);
    }
    let outer = mine
        .parent_element()?
        .closest("li.map-item, details.map-ns")
        .ok()
        .flatten()?;
    head(&outer)
}

/// `next` is within the item `el` heads.
fn inside(el: &Element, next: &Element) -> bool {
    el.closest("li.map-item, details.map-ns")
        .ok()
        .flatten()
        .is_some_and(|item| item.contains(Some(next)) && !el.contains(Some(next)))
}
