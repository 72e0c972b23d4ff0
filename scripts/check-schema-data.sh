#!/usr/bin/env bash
# Regenerate the Kubernetes schema data from its pinned sources (scripts/schema-data.py: the
# kubernetes-validate wheel through pip, kubernetes-models through npm, both pinned by hash) and
# fail if it differs from the committed crates/schema/data/k8s-schema.json.zz. The build itself
# never runs this: it embeds the committed file, so it needs nothing but cargo.
# Usage: scripts/check-schema-data.sh [--update]   (--update rewrites the committed file instead)
set -euo pipefail
cd "$(dirname "$0")/.."
committed=crates/schema/data/k8s-schema.json.zz
work=target/schema-packages   # downloads are kept here, so reruns are offline
mkdir -p "$work"
fresh="$work/k8s-schema.json.zz"
python3 scripts/schema-data.py "$fresh" "$work"
if [[ "${1:-}" == "--update" ]]; then
  cp "$fresh" "$committed"
  echo "schema data: $committed rewritten"
  exit 0
fi
# Compare what the files hold, not their bytes: another zlib may compress the same JSON differently.
python3 - "$committed" "$fresh" <<'PY'
import sys, zlib
a, b = (zlib.decompress(open(p, "rb").read()) for p in sys.argv[1:3])
if a != b:
    sys.exit(f"schema data: {sys.argv[1]} differs from what its pinned sources give "
             "(scripts/check-schema-data.sh --update rewrites it; review the diff)")
print(f"schema data: {sys.argv[1]} matches its pinned sources ({len(a)} bytes of JSON)")
PY
