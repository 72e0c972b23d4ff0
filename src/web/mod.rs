//! The playground page: the core (shell, kubectl, cluster) running in the tab as WebAssembly, with
//! a terminal, an editor whose tabs are the files `-f` reads, and a live view of the cluster.
//! Everything the page shows comes from the same `Playground` the CLI drives.

mod app;
mod clock;
mod cluster_view;
mod complete;
mod detail;
mod editor;
mod engine;
mod field_help;
mod files;
mod markers;
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
