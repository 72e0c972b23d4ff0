//! What both sides of the `ApiRequest`/`ApiResponse` boundary share, as kube-core does for
//! kube-rs: the request and response types and the `Transport` between them, `Status` errors,
//! discovery's resource table, object metadata accessors, selectors, names and patches; plus the
//! edges every layer meets: the `Clock`, the virtual file system and command output.
//! Nothing here knows the store, the simulator or any command.

// `KError`/`Status` carry whole API errors by value: rare and off the hot paths, so boxing them
// would only add noise at every `?`.
#![allow(clippy::result_large_err)]
// Outside tests nothing may unwrap: user input reaches this crate, and a panic kills the page.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod api;
pub mod clock;
pub mod fs;
pub mod http;
pub mod output;
pub mod sort;
pub mod split;
pub mod tar;
