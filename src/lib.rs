//! kubeplay: a Kubernetes cluster that lives in a browser tab.
//!
//! The layers, top to bottom (see `ARCHITECTURE.md`): `shell` -> `kubectl` -> (`ApiRequest`) ->
//! `api` -> `store`, with `sim` running controllers on a caller-supplied `clock`, and `yaml` as the
//! parser/emitter every layer shares. Nothing here depends on the web; `src/web` (wasm only) sits on
//! top.

pub mod api;
pub mod clock;
pub mod cluster;
pub mod fs;
pub mod kubectl;
pub mod output;
pub mod profile;
pub mod shell;
pub mod sim;
pub mod store;
pub mod yaml;
