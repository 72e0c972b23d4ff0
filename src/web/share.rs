//! Share links in the browser: the page's own address for links to start with, the link copied
//! to the clipboard when one is made, and the question asked before a link replaces work. What
//! a link holds and what opening one does is the model's (`page::share`, `page::sharing`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::dom::confirm;
use super::state::PageContext;
use crate::page::Action;

#[hook]
pub fn use_share(page: &PageContext) {
    let dispatch = page.dispatcher();
    use_effect_with((), move |_| dispatch.dispatch(Action::SetBase(base())));
    let dispatch = page.dispatcher();
    use_effect_with(page.view.share_question, move |question| {
        if let Some(q) = question {
            dispatch.dispatch(Action::ShareAnswer(confirm(q)));
        }
    });
    use_effect_with(page.view.share.clone(), |share| {
        if let Some(s) = share {
            copy(&s.url);
        }
    });
}

/// The page's address without query or fragment (`file:///…/kubeplay.html` too).
fn base() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split(['#', '?'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Put `text` on the clipboard where the browser lets the page (a secure context, after a
/// click); elsewhere the link is still in the terminal to select.
fn copy(text: &str) {
    let Some(w) = web_sys::window() else { return };
    let clipboard = js_sys::Reflect::get(&w, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()))
        .ok();
    let Some(clipboard) = clipboard.filter(JsValue::is_object) else {
        return;
    };
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok();
    let Some(write) = write.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return;
    };
    if let Ok(p) = write.call1(&clipboard, &text.into()) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            // A refusal (no focus, no permission) is not an error of the page.
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
            let _ = p.catch(&ignore);
            ignore.forget();
        }
    }
}
