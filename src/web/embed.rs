//! The browser's half of the embed protocol (`page::embed`): whether the page is in a frame, the
//! host page's messages turned into actions, the page's messages posted to it, and the content's
//! height reported when the host sizes the frame to it. What the messages mean is the core's.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};
use yew::prelude::*;

use super::dom::after_paint;
use super::state::Dispatch;
use crate::page::embed::{message, Options, Request};
use crate::page::screen::Seg;
use crate::page::Action;

/// Where the page's messages go: the host frame, and the one origin allowed to hear them.
#[derive(Clone, PartialEq)]
pub struct Link {
    /// `location.origin` of the host page, when the address named it; otherwise "*" (a plain
    /// `<iframe>`: the messages carry only the playground's own output).
    origin: Option<String>,
}

/// The page's parent window, when it is in a frame.
fn parent() -> Option<Window> {
    let w = web_sys::window()?;
    let p = w.parent().ok().flatten()?;
    (!js_sys::Object::is(&p, &w)).then_some(p)
}

/// Whether a host page may be listening.
pub fn framed() -> bool {
    parent().is_some()
}

impl Link {
    pub fn new(options: &Options) -> Link {
        Link {
            origin: options.origin.clone(),
        }
    }

    /// Post `messages` (JSON text) to the host.
    pub fn post(&self, messages: Vec<String>) {
        let Some(parent) = parent() else { return };
        let target = self.origin.as_deref().unwrap_or("*");
        for m in messages {
            if let Ok(value) = js_sys::JSON::parse(&m) {
                let _ = parent.post_message(&value, target);
            }
        }
    }

    /// Whether a message comes from the host frame (and its origin, when one was named).
    fn trusts(&self, e: &MessageEvent) -> bool {
        let from_parent = match (e.source(), parent()) {
            (Some(source), Some(p)) => js_sys::Object::is(&source, &p),
            _ => false,
        };
        from_parent && self.origin.as_ref().is_none_or(|o| *o == e.origin())
    }
}

/// The message's data as JSON text (a host may post objects or strings).
fn data_text(data: &JsValue) -> Option<String> {
    match data.as_string() {
        Some(s) => Some(s),
        None => js_sys::JSON::stringify(data).ok()?.as_string(),
    }
}

/// Read the host page's requests for as long as the page lives.
#[hook]
pub fn use_host_requests(link: Link, dispatch: Dispatch) {
    use_effect_with((), move |_| {
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            if !link.trusts(&e) {
                return;
            }
            let Some(text) = data_text(&e.data()) else {
                return;
            };
            match Request::parse(&text) {
                Ok(Some(request)) => dispatch.dispatch(Action::Host(request)),
                Ok(None) => {}
                Err(refused) => link.post(vec![message::refused(&refused)]),
            }
        });
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "message",
                    on_message.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// When the page grows with its content (`fit`), tell the host its height after every change
/// drawn (`changed` is what may change it).
#[hook]
pub fn use_fit_height(fit: bool, link: Link, changed: Rc<Vec<Seg>>) {
    let last = use_mut_ref(|| 0u32);
    use_effect_with(changed, move |_| {
        if fit {
            let last = last.clone();
            after_paint(move || {
                let height = content_height();
                if height != *last.borrow() {
                    *last.borrow_mut() = height;
                    link.post(vec![message::height(height)]);
                }
            });
        }
    });
}

fn content_height() -> u32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map_or(0, |e| e.scroll_height().max(0) as u32)
}
