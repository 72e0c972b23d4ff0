#!/usr/bin/env bash
# Build the playground (release), serve it on a free 127.0.0.1 port and run the browser tests in
# headless Chromium. Screenshots land in target/browser-artifacts/. A browser that cannot run is a
# failure, never a skip. Usage: scripts/browser-test.sh [test-name-filter]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/web-setup.sh
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"

[[ -x /usr/bin/chromium ]] || { echo "browser tests: /usr/bin/chromium is missing" >&2; exit 1; }
command -v node >/dev/null || { echo "browser tests: node is missing" >&2; exit 1; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  trunk build --release --offline
fi
[[ -f dist/index.html ]] || { echo "browser tests: dist/index.html was not built" >&2; exit 1; }
# The single-file build, from the same dist/ (tests/browser/share.test.mjs opens it from disk).
SKIP_BUILD=1 ./scripts/build-single.sh
# The embedding example, served beside the build as scripts/serve-web.sh serves it.
mkdir -p dist/examples && cp -r examples/embed dist/examples/

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

rm -rf target/browser-artifacts
mkdir -p target/browser-artifacts
BASE_URL="http://127.0.0.1:$port/" ARTIFACTS=target/browser-artifacts \
  node tests/browser/playground.test.mjs "$@"
