#!/usr/bin/env bash
# The single-file build: dist-single/kubeplay.html, the whole playground (page, style, loader and
# wasm) in one file that works opened from disk or dropped into an intranet or LMS that takes one
# file. Builds the page first (release, offline) unless SKIP_BUILD=1; prints the file's size.
# Usage: scripts/build-single.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/web-setup.sh --no-browser
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
[[ "${SKIP_BUILD:-0}" == 1 ]] || trunk build --release --offline
mkdir -p dist-single
cargo run -q --bin kubeplay-single -- dist dist-single/kubeplay.html
gz=$(gzip -9 -c dist-single/kubeplay.html | wc -c)
echo "dist-single/kubeplay.html: $(( $(stat -c %s dist-single/kubeplay.html) / 1024 )) KB ($(( gz / 1024 )) KB gzip)"
