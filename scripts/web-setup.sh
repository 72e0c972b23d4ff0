#!/usr/bin/env bash
# Install what the browser playground needs, skipping whatever is already there:
#   the wasm32 target, trunk and wasm-bindgen-cli (pinned, with cargo install),
#   wasm-opt (npm's binaryen) and playwright-core (npm) into tools/node_modules,
#   Debian's chromium and chromium-driver (apt-get) for the browser tests.
# Usage: scripts/web-setup.sh [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_OPT_VERSION=132
browser=1
[[ "${1:-}" == "--no-browser" ]] && browser=0

export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
say() { echo "web-setup: $*" >&2; }
sudo_apt() {
  local sudo=""
  [[ $(id -u) != 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}


command -v cargo >/dev/null || { say "cargo is required (install rustup first)"; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install --locked trunk --version "=$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --locked wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" ||
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

need_npm=0
tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION" || need_npm=1
[[ -d tools/node_modules/playwright-core ]] || need_npm=1
if [[ $need_npm == 1 ]]; then
  if ! command -v npm >/dev/null; then
    say "installing nodejs and npm (apt-get)"
    sudo_apt install nodejs npm
  fi
  say "installing wasm-opt (npm binaryen) and playwright-core into tools/node_modules"
  (cd tools && npm ci --no-audit --no-fund)
fi

if [[ $browser == 1 ]] && { [[ ! -x /usr/bin/chromium ]] || [[ ! -x /usr/bin/chromedriver ]]; }; then
  say "installing chromium and chromium-driver (apt-get)"
  sudo_apt chromium chromium-driver
fi
say "ready"
