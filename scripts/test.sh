#!/usr/bin/env bash
# Set up what is missing and run every check: formatting, lints, unit, transcript and
# integration tests. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-core.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test (benchmarks included: each runs once in test mode)"
cargo test --workspace --all-targets
echo "== web setup and wasm32 clippy"
./scripts/web-setup.sh
cargo clippy --target wasm32-unknown-unknown --lib --bin kubeplay-web -- -D warnings
echo "== browser tests (headless Chromium; a browser that cannot run fails the run)"
./scripts/browser-test.sh
