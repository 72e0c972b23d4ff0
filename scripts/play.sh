#!/usr/bin/env bash
# Set up what is missing (wasm target, trunk, wasm-bindgen-cli, wasm-opt), build the browser
# playground and serve it on 127.0.0.1, printing the URL. Usage: scripts/play.sh [PORT]
# (scripts/cli.sh starts the same playground as a command-line program instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-core.sh
exec ./scripts/serve-web.sh "$@"
