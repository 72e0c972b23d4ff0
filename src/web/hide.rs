//! The page being hidden (another tab, the tab closing, the phone's screen off) is the last
//! moment it surely runs: the model keeps a snapshot of the cluster then (`Action::Hidden`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::PageContext;
use crate::page::Action;

#[hook]
pub fn use_snapshot_on_hide(page: &PageContext) {
    let dispatch = page.dispatcher();
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let on_hide = Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_none_or(|d| d.hidden());
            if hidden {
                dispatch.dispatch(Action::Hidden);
            }
        });
        if let Some(d) = &document {
            let f = on_hide.as_ref().unchecked_ref();
            let _ = d.add_event_listener_with_callback("visibilitychange", f);
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback("pagehide", f);
            }
        }
        move || {
            if let Some(d) = &document {
                let f = on_hide.as_ref().unchecked_ref();
                let _ = d.remove_event_listener_with_callback("visibilitychange", f);
                if let Some(w) = web_sys::window() {
                    let _ = w.remove_event_listener_with_callback("pagehide", f);
                }
            }
        }
    });
}
