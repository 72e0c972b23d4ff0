#!/usr/bin/env bash
# Validation speed, ours against kubernetes-validate, on the same 1,000-object manifest in one run.
#   scripts/bench-validate.sh            criterion bench (release profile) + kubernetes-validate
#   PROFILE=dev scripts/bench-validate.sh   the same with an unoptimised build (quicker to build;
#                                           our number is then pessimistic)
# The bench writes the manifest it times; kubernetes-validate (the PyPI version scripts/schema-data.py
# pins, installed into a venv under target/) validates that file, strictly, against Kubernetes 1.32,
# timed in-process so interpreter start-up is not counted against it.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE="${PROFILE:-bench}"
VERSION="$(sed -n 's/^WHEEL_VERSION = "\(.*\)"$/\1/p' scripts/schema-data.py)"
VENV="target/kubernetes-validate-$VERSION"
MANIFEST="$PWD/target/bench-validate-1000.yaml"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet "kubernetes-validate==$VERSION"
fi

KUBEPLAY_BENCH_MANIFEST="$MANIFEST" cargo bench --quiet --profile "$PROFILE" --bench validate -- \
    --noplot >&2
ours_ns="$(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
print(e["mean"]["point_estimate"])
' target/criterion/validate/1000\ objects/new/estimates.json)"

theirs_s="$("$VENV/bin/python" - "$MANIFEST" <<'PY'
import sys, time, warnings
import yaml
import kubernetes_validate
warnings.simplefilter("ignore")
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kubernetes_validate.validate(docs[0], "1.32.0", strict=True)  # load the schema cache once
start = time.perf_counter()
errors = 0
for d in docs:
    try:
        kubernetes_validate.validate(d, "1.32.0", strict=True)
    except Exception:
        errors += 1
elapsed = time.perf_counter() - start
print(f"{elapsed:.6f}")
print(f"kubernetes-validate: {len(docs)} documents, {errors} rejected", file=sys.stderr)
PY
)"

python3 - "$ours_ns" "$theirs_s" "$PROFILE" <<'PY'
import sys
ours = float(sys.argv[1]) / 1e9
theirs = float(sys.argv[2])
print(f"kubeplay ({sys.argv[3]} profile): {ours * 1000:.2f} ms for 1,000 objects")
print(f"kubernetes-validate:         {theirs * 1000:.2f} ms for 1,000 objects")
print(f"ratio: {theirs / ours:.0f}x")
PY
