#!/usr/bin/env bash
# Set up what is missing and start the playground.
# Today this is the native CLI on one fresh simulated cluster (the browser app comes next).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-core.sh
cargo build --release --bin kubeplay
echo "kubeplay: a fresh minikube-like cluster. Type kubectl commands; Ctrl-D quits." >&2
exec ./target/release/kubeplay "$@"
