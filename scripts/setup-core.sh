#!/usr/bin/env bash
# Install what the checks need and is missing: rustfmt and clippy; python3 with pip and npm, which
# the build does not need (the schema data is committed) but the tests do: check-schema-data.sh
# regenerates that data from its pinned packages, and the browser tests serve the page with
# python3. Present tools are left alone.
set -euo pipefail
command -v cargo >/dev/null || { echo "cargo is required (install rustup first)" >&2; exit 1; }
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
missing=()
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3 python3-pip)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
