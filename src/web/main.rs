//! The browser entry point (built by Trunk for wasm32). On native targets it does nothing: the CLI
//! is `src/main.rs`.

// Like the library: nothing may unwrap outside tests (src/lib.rs says why).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() {
    #[cfg(target_arch = "wasm32")]
    kubeplay::web::start();
}
