#!/usr/bin/env bash
# The performance figures of the playground in one table, beside the figures before the work on
# them (benches/baseline.txt). Not part of the test suite: machines are noisy, so nothing here
# passes or fails, it only measures.
#   native: the criterion benches listed in benches/bench-ids.txt (their medians);
#   page:   tests/browser/bench.mjs in headless Chromium on the release build (medians of RUNS);
#   others: every benches/figures-*.txt line `name<TAB>before<TAB>after<TAB>unit`.
# Usage: scripts/bench.sh            everything (RUNS=5)
#        NATIVE=0 scripts/bench.sh   the page only;  PAGE=0 the native figures only;
#        SKIP_BUILD=1                use the page already built in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
now="$(mktemp)"
trap 'rm -f "$now"' EXIT

if [[ "${NATIVE:-1}" != 0 ]]; then
  # Each bench named in bench-ids.txt runs once, only for the ids listed.
  for bench in $(grep -v '^#' benches/bench-ids.txt | cut -f1 | sort -u); do
    filter="$(grep -v '^#' benches/bench-ids.txt | awk -F'\t' -v b="$bench" '$1 == b { print $2 }' |
      python3 -c 'import re, sys; print("|".join("^" + re.escape(l.rstrip("\n")) + "$" for l in sys.stdin))')"
    cargo bench --quiet --bench "$bench" -- --noplot "$filter" >&2
  done
  # Criterion keeps each result's id in its benchmark.json beside estimates.json.
  python3 - benches/bench-ids.txt >>"$now" <<'PY'
import glob, json, os, sys
by_id = {}
for path in glob.glob("target/criterion/**/new/benchmark.json", recursive=True):
    with open(path) as f:
        by_id[json.load(f)["full_id"]] = os.path.join(os.path.dirname(path), "estimates.json")
for line in open(sys.argv[1]):
    if line.startswith("#") or not line.strip():
        continue
    _, cid, name = line.rstrip("\n").split("\t")
    if cid in by_id:
        with open(by_id[cid]) as f:
            ms = json.load(f)["median"]["point_estimate"] / 1e6
        print(f"{name}\t{ms:.1f}\tms")
    else:
        print(f"{name}\t-\tms")
PY
fi

if [[ "${PAGE:-1}" != 0 ]]; then
  ./scripts/web-setup.sh >&2
  export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    trunk build --release --offline >&2
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; rm -f "$now"' EXIT
  for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
    sleep 0.1
  done
  BASE_URL="http://127.0.0.1:$port/" RUNS="$RUNS" node tests/browser/bench.mjs >>"$now"
fi

# One table: the baseline, then each figure measured now; other engineers' figures files after.
python3 - benches/baseline.txt "$now" benches/figures-*.txt <<'PY'
import sys
def rows(path):
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        return []
    return [l.split("\t") for l in lines if l.strip() and not l.startswith("#")]
base = {r[0]: (r[1], r[2]) for r in rows(sys.argv[1]) if len(r) >= 3}
table = []
for r in rows(sys.argv[2]):
    if len(r) >= 3:
        table.append((r[0], base.get(r[0], ("-",))[0], r[1], r[2]))
measured = {t[0] for t in table}
for name, (value, unit) in base.items():
    if name not in measured:
        table.append((name, value, "(not run)", unit))
for path in sys.argv[3:]:
    for r in rows(path):
        if len(r) >= 4:
            table.append((r[0], r[1], r[2], r[3]))
head = ("figure", "before", "now", "unit")
widths = [max(len(str(t[i])) for t in table + [head]) for i in range(4)]
fmt = lambda t: f"{t[0]:<{widths[0]}}  {t[1]:>{widths[1]}}  {t[2]:>{widths[2]}}  {t[3]}"
print(fmt(head))
print("-" * (sum(widths) + 10))
for t in table:
    print(fmt(t))
PY
