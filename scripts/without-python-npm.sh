#!/usr/bin/env bash
# Run a command with python, pip, npm and node made unusable: each is shadowed on PATH by a stub
# that records the call and fails. The build must not need them (the schema data is committed),
# and this proves it: the command fails if anything it ran reached for one of them.
# Usage: scripts/without-python-npm.sh COMMAND [ARG...]
set -euo pipefail
stubs=$(mktemp -d)
trap 'rm -rf "$stubs"' EXIT
for tool in python python3 pip pip3 npm npx node; do
  printf '#!/bin/sh\necho "%s was called during a build that must not need it" >>"%s/calls"\nexit 127\n' \
    "$tool" "$stubs" >"$stubs/$tool"
  chmod +x "$stubs/$tool"
done
status=0
PATH="$stubs:$PATH" "$@" || status=$?
if [[ -s "$stubs/calls" ]]; then
  cat "$stubs/calls" >&2
  exit 1
fi
exit "$status"
