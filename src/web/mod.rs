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
mod hide;
mod idb;
mod lesson;
mod map;
mod share;
mod slices;
mod state;
mod storage;
mod terminal;
mod time;

/// A performance mark, so the timing script can say where the time to a usable prompt goes.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Mount the page on `#app` (the loader shown until now is replaced), once the cluster's
/// snapshot is read from IndexedDB, which answers only later: the engine restores from it.
pub fn start() {
    mark("kubeplay:start");
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    let options = crate::page::embed::Options::from_url(&dom::location());
    let prefix = options.storage_prefix(embed::framed());
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(prefix) = prefix {
            idb::preload(&format!("{prefix}{}", crate::page::storage::SNAPSHOT)).await;
        }
        yew::Renderer::<app::App>::with_root(root).render();
    });
}
