#!/usr/bin/env bash
# The web page's benchmark: time to serve /{product}?days=365 from a store of 24 months
# (`serve --demo` seeds 730 closed days), cold (first request, nothing rendered yet) and cached
# (rendered answers reused), against /v1/stats for the same window in the same run.
#
#   collector/scripts/bench-web.sh            # N=200 cached requests of each
#   N=1000 collector/scripts/bench-web.sh
#
# Needs curl and python3. Requests go to 127.0.0.1 only; the server is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-200}
PRODUCT=weave-gitops

cargo build --release --quiet -p gitops-checkpoint
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/gitops-checkpoint"

work=$(mktemp -d)
"$bin" serve --demo --data-dir "$work" --listen 127.0.0.1:0 2>"$work/log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do
    addr=$(sed -n 's/.*listening address=\([^ ]*\).*/\1/p' "$work/log")
    [ -n "$addr" ] && break
    sleep 0.1
done
[ -n "$addr" ] || { cat "$work/log" >&2; exit 1; }

# Seconds for one GET of $1, printed as milliseconds.
once() { curl -s -o /dev/null -w '%{time_total}\n' "http://$addr$1" | python3 -c 'import sys; print(f"{float(sys.stdin.read())*1000:.2f}")'; }
# The median milliseconds of N GETs of $1 (keep-alive off: one connection each, as curl does).
median() {
    for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "http://$addr$1"; done |
        python3 -c 'import sys,statistics; v=[float(l) for l in sys.stdin]; print(f"{statistics.median(v)*1000:.2f}")'
}
size() { curl -s "http://$addr$1" | wc -c; }

page="/$PRODUCT?days=365"
json="/v1/stats/$PRODUCT?days=365"
echo "store: $(grep -o 'checks=[0-9]*' "$work/log") over 730 days"
echo "page  $page: cold $(once "$page") ms, cached median $(median "$page") ms over $N, $(size "$page") bytes"
echo "json  $json: first $(once "$json") ms, median $(median "$json") ms over $N, $(size "$json") bytes"
