//! kubeplay: a Kubernetes cluster that lives in a browser tab.
//!
//! This top crate wires the layers (one crate each, under `crates/`; see `ARCHITECTURE.md`)
//! into a `Playground`, and holds the two edges: the native CLI with `kubeplay serve`, and the
//! browser page: its model (`page`, built everywhere and tested natively) and its views (`web`,
//! wasm only). The layers are re-exported under their old names so that tests, benchmarks and
//! the page say `kubeplay::api`, `kubeplay::kubectl`, ...

#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: whatever a user types reaches this crate, and a panic
// kills the page. (`tests/no_panic.rs` feeds it mangled input to catch the other panics.)
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub use kubeplay_api as api;
pub use kubeplay_api::store;
pub use kubeplay_cluster as cluster;
pub use kubeplay_cluster::profile;
pub use kubeplay_core::{clock, fs, output};
pub use kubeplay_kubectl as kubectl;
pub use kubeplay_schema as schema;
pub use kubeplay_shell as shell;
pub use kubeplay_sim as sim;
pub use kubeplay_yaml as yaml;

#[cfg(not(target_arch = "wasm32"))]
pub mod editor;
pub mod exercise;
pub mod page;
pub mod playground;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
#[cfg(target_arch = "wasm32")]
pub mod web;
