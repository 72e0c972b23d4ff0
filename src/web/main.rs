//! The browser entry point (built by Trunk for wasm32). On native targets it does nothing: the CLI
//! is `src/main.rs`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    kubeplay::web::start();
}
