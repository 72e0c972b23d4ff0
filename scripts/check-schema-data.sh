#!/usr/bin/env bash
# Regenerate the Kubernetes schema data from its pinned sources (scripts/schema-data.py: the
# kubernetes-validate wheel through pip, kubernetes-models through npm, both pinned by hash) and
# fail if it differs from the committed crates/schema/data/kubernetes-RELEASE.json.zz files, one
# per release the profiles run. The build itself never runs this: it embeds the committed files,
# so it needs nothing but cargo.
# Usage: scripts/check-schema-data.sh [--update]   (--update rewrites the committed files instead)
#        scripts/check-schema-data.sh --add v1.33.0   (adds a release's file)
set -euo pipefail
cd "$(dirname "$0")/.."
data=crates/schema/data
work=target/schema-packages   # downloads are kept here, so reruns are offline
mkdir -p "$work"
if [[ "${1:-}" == "--add" ]]; then
  python3 scripts/schema-data.py "${2:?a release, e.g. v1.33.0}" "$data/kubernetes-$2.json.zz" "$work"
  echo "schema data: $data/kubernetes-$2.json.zz written"
  exit 0
fi
shopt -s nullglob
files=("$data"/kubernetes-v*.json.zz)
(( ${#files[@]} )) || { echo "schema data: no $data/kubernetes-RELEASE.json.zz file" >&2; exit 1; }
for committed in "${files[@]}"; do
  release="$(basename "$committed" .json.zz)"
  release="${release#kubernetes-}"
  fresh="$work/kubernetes-$release.json.zz"
  python3 scripts/schema-data.py "$release" "$fresh" "$work"
  if [[ "${1:-}" == "--update" ]]; then
    cp "$fresh" "$committed"
    echo "schema data: $committed rewritten"
    continue
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
done
