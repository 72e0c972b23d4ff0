#!/usr/bin/env bash
# The playground's release sizes (wasm raw and gzip, JS, CSS) and the time from navigation to a
# usable prompt in headless Chromium (median of 5 cold loads from a local server).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/web-setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
[[ "${SKIP_BUILD:-0}" == 1 ]] || trunk build --release --offline

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%8.1f KB", b / 1024 }'; }
row() { printf "%-5s %s  raw %s  gzip %s\n" "$1" "$(basename "$2")" "$(kb "$(size "$2")")" "$(kb "$(gz "$2")")"; }

for f in dist/*.wasm; do row wasm "$f"; done
for f in dist/*.js; do row js "$f"; done
for f in dist/*.css; do row css "$f"; done
row html dist/index.html

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done
BASE_URL="http://127.0.0.1:$port/" RUNS="${RUNS:-5}" node tests/browser/timing.mjs
