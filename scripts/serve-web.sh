#!/usr/bin/env bash
# Set up what is missing, build the playground for the browser (release, offline) and serve it on
# 127.0.0.1. Usage: scripts/serve-web.sh [PORT]   (default 8080; Ctrl-C stops the server)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8080}"
./scripts/web-setup.sh --no-browser
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
trunk build --release --offline
# The embedding example (docs/embedding.md), at /examples/embed/ beside the build.
mkdir -p dist/examples && cp -r examples/embed dist/examples/
echo
echo "kubeplay is served at http://127.0.0.1:$port/  (Ctrl-C to stop)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
