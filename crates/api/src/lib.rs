//! The fake kube-apiserver: discovery, REST verbs, admission, metav1.Status errors and server-side
//! Table rendering. It is reached only through `ApiRequest`/`ApiResponse`.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub use kubeplay_core::api::{discovery, meta, names, patch, request, selector, status};

pub mod admission;
pub mod auth;
mod commit;
pub mod convert;
pub mod crd;
pub mod defaults;
mod ephemeral;
mod eviction;
pub mod graceful;
pub mod openapi;
pub mod path;
pub mod rng;
pub mod server;
pub mod ssa;
pub mod store;
pub mod table;
mod token;
pub mod validate;

pub use discovery::{Discovery, ResourceInfo};
pub use request::{ApiRequest, ApiResponse, Method, Transport};
pub use server::ApiServer;
pub use status::Status;
