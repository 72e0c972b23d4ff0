//! The map of the cluster, as a trainer draws it on a whiteboard: workloads with their owner chain,
//! Services with the endpoints they found, Ingresses to Services, what pods use, and pods on their
//! nodes. Built from the store's objects through the engine's query after an action and on the
//! heartbeat, and only when the store's resourceVersion (or the map's options or language) moved;
//! the view draws the `MapView` it leaves.

mod build;
mod config;
mod objects;
pub use objects::fill;
mod pods;
mod services;
mod text;
mod view;
mod workloads;

#[cfg(test)]
mod tests;

use std::rc::Rc;

pub use view::{
    ClusterTab, Count, Health, Item, Kind, MapOptions, MapView, NamespaceMap, PodGroup, PodRow,
    Section, MAX_ROWS,
};

use super::action::Action;
use super::model::Page;
use super::view::update;
use super::words::{words, Lang};

/// A namespace name longer than this is no namespace (the filter's input is bounded).
const MAX_NAMESPACE: usize = 253;

/// The cluster pane's tab and the map's options, and what the shown map was built from.
#[derive(Default)]
pub struct MapState {
    pub tab: ClusterTab,
    pub options: MapOptions,
    built: Option<(u64, MapOptions, Lang)>,
}

impl Page {
    /// The cluster pane's tab, or the map's filters.
    pub(super) fn map_action(&mut self, action: Action) {
        match action {
            Action::ClusterTab(tab) => {
                self.map.tab = tab;
                self.view.cluster_tab = tab;
            }
            Action::MapOptions(mut options) => {
                if options
                    .namespace
                    .as_ref()
                    .is_some_and(|n| n.len() > MAX_NAMESPACE)
                {
                    options.namespace = None;
                }
                self.map.options = options;
            }
            _ => {}
        }
    }

    /// Build the map again if the cluster, the options or the language changed since.
    pub(super) fn fetch_map(&mut self) {
        let key = (
            self.engine.resource_version(),
            self.map.options.clone(),
            self.lang,
        );
        if self.view.map.is_some() && self.map.built.as_ref() == Some(&key) {
            return;
        }
        let (options, w) = (key.1.clone(), words(self.lang));
        // As the tables are: the store as it stands, between the slices of the simulator's work.
        let map = self.engine.peek(|cluster| {
            let store = cluster.api.store();
            let objects = objects::Objects::of(store, options.namespace.as_deref());
            build::build(&objects, &options, w)
        });
        self.map.built = Some(key);
        match &mut self.view.map {
            Some(slot) => update(slot, map),
            None => self.view.map = Some(Rc::new(map)),
        }
    }
}

/// One pod's row (timing tests).
#[cfg(test)]
pub fn row_of(pod: &serde_json::Value) -> PodRow {
    pods::row(pod)
}

/// The map of a store as it is, for benchmarks and tests outside the page.
pub fn of_store(store: &crate::store::Store, options: &MapOptions, lang: Lang) -> MapView {
    let objects = objects::Objects::of(store, options.namespace.as_deref());
    build::build(&objects, options, words(lang))
}
