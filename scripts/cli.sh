#!/usr/bin/env bash
# The same playground on the command line: build and start the native CLI on one fresh simulated
# cluster (commands on standard input, `-c CMD`, `--profile k3s`, `serve --port N`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-core.sh
cargo build --release --bin kubeplay
echo "kubeplay: a fresh minikube-like cluster. Type kubectl commands; Ctrl-D quits." >&2
exec ./target/release/kubeplay "$@"
