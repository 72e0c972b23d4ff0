//! kubeplay: a Kubernetes cluster that lives in a browser tab.
//!
//! The layers, top to bottom (see `ARCHITECTURE.md`): `shell` -> `kubectl` -> (`ApiRequest`) ->
//! `api` -> `store`, with `sim` running controllers on a caller-supplied `clock`, and `yaml` as the
//! parser/emitter every layer shares. Nothing here depends on the web; `src/web` (wasm only) sits on
//! top.

// `KError` and `Status` carry whole API errors by value: they are rare and off the hot paths, so
// boxing them would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: whatever a user types reaches most of this crate, and a panic
// kills the page. (`tests/no_panic.rs` feeds it mangled input to catch the other panics.)
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod api;
pub mod clock;
pub mod cluster;
pub mod fs;
pub mod kubectl;
pub mod output;
pub mod playground;
pub mod profile;
pub mod schema;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod shell;
pub mod sim;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod yaml;
