//! What a tick or a command left to the simulator goes on in slices, one per turn of the
//! browser's event loop, so keys and paints come in between (see `page::Engine::tick`).

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::state::PageContext;
use crate::page::Action;

/// While the view says work is left, the next slice runs as soon as the browser is free.
#[hook]
pub fn use_slices(page: &PageContext) {
    let dispatch = page.dispatcher();
    use_effect_with(page.view.busy, move |busy| {
        // `body[data-busy]` tells the browser tests and the benchmark when the pods are in.
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-busy", if *busy != 0 { "1" } else { "0" });
        }
        let next = (*busy != 0).then(|| Timeout::new(0, move || dispatch.dispatch(Action::Slice)));
        move || drop(next)
    });
}
