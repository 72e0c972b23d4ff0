//! The playground page's views: the terminal, the editor whose tabs are the files `-f` reads, and
//! a live view of the cluster, drawing the model in `crate::page` (which holds everything else
//! and is tested natively) and turning events into its `Action`s. Only this module touches the
//! browser: localStorage, the clock, performance marks, the DOM.

mod app;
mod clock;
mod cluster_view;
mod detail;
mod dom;
mod editor;
mod embed;
mod exam;
mod header;
mod lesson;
mod map;
mod share;
mod state;
mod storage;
mod terminal;

/// A performance mark, so the timing script can say where the time to a usable prompt goes.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Mount the page on `#app` (the loader shown until now is replaced).
pub fn start() {
    mark("kubeplay:start");
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    yew::Renderer::<app::App>::with_root(root).render();
}
