//! The few things the views ask of the browser beyond drawing.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Whether text is selected on the page (Ctrl-C then copies instead of interrupting).
pub fn has_selection() -> bool {
    web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .and_then(|s| s.to_string().as_string())
        .is_some_and(|s| !s.is_empty())
}

/// Ask the user to confirm; false when the browser cannot ask.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// Run `f` once the browser has painted what was just rendered: a timeout queued from an animation
/// frame runs after that frame.
pub fn after_paint(f: impl FnOnce() + 'static) {
    type Job = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;
    let later = |f: Box<dyn FnOnce()>| gloo_timers::callback::Timeout::new(0, f).forget();
    let job: Job = Rc::new(RefCell::new(Some(Box::new(f))));
    let queued = job.clone();
    let frame = Closure::once_into_js(move || {
        if let Some(f) = queued.borrow_mut().take() {
            later(f);
        }
    });
    let asked =
        web_sys::window().is_some_and(|w| w.request_animation_frame(frame.unchecked_ref()).is_ok());
    if !asked {
        if let Some(f) = job.borrow_mut().take() {
            later(f);
        }
    }
}

/// The prompt is usable: let tests and the timing script know.
pub fn mark_ready() {
    let Some(w) = web_sys::window() else { return };
    let ms = w.performance().map(|p| p.now()).unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&w, &"__kubeplayReady".into(), &ms.into());
    if let Some(body) = w.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-ready", "1");
    }
}

/// The page address's query and fragment (`?exercise=...#...`), as typed.
pub fn location() -> String {
    let Some(l) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        l.search().unwrap_or_default(),
        l.hash().unwrap_or_default()
    )
}

/// Replace the address's query and fragment with `query` (nothing for ""), without a reload or
/// a history entry.
pub fn set_query(query: &str) {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        );
    }
}
