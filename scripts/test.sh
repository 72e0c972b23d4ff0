#!/usr/bin/env bash
# Set up what is missing and run every check: formatting, lints, unit, transcript and
# integration tests. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-core.sh

echo "== schema data matches its pinned sources"
./scripts/check-schema-data.sh
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== the CLI builds with python, pip and npm out of reach"
./scripts/without-python-npm.sh cargo build --workspace
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test (benchmarks included: each runs once in test mode)"
cargo test --workspace --all-targets
echo "== every bundled exercise passes its own solutions"
cargo run -q --bin kubeplay -- exercise check examples/exercises
echo "== web setup"
./scripts/web-setup.sh
echo "== the page builds with python, pip and npm out of reach"
./scripts/without-python-npm.sh cargo build --target wasm32-unknown-unknown --bin kubeplay-web
echo "== wasm32 clippy"
cargo clippy --target wasm32-unknown-unknown --workspace --lib --bin kubeplay-web -- -D warnings
echo "== browser tests (headless Chromium; a browser that cannot run fails the run)"
./scripts/browser-test.sh
