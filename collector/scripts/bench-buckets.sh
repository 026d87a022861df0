#!/usr/bin/env bash
# The bucket bound's benchmark: N checks (default 10 000 000) with random valid versions and
# random signatures, against N checks over a fixed set of 100 buckets (also with random
# signatures), each on a fresh collector with its SQLite store, in one run, side by side.
# Prints, for each, the checks/s, the collector's resident memory at the end and at its peak,
# and the size of its store (database and WAL) once everything is written.
#
#   collector/scripts/bench-buckets.sh              # N=10000000
#   N=1000000 collector/scripts/bench-buckets.sh
#
# Needs wrk and python3 (wrk is a Debian package; installed when run as root). Load goes to
# 127.0.0.1 only and every run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-10000000}
CONNECTIONS=${CONNECTIONS:-64}
LUA=collector/scripts/bench-buckets.lua

if ! command -v wrk >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "install wrk first" >&2; exit 2; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --quiet -p gitops-checkpoint
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/gitops-checkpoint"

work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

metric() {
    curl -s "$url/metrics" | awk -v m="gitops_checkpoint_$1" '$1 == m {print $2}'
}

# run MODE: a fresh collector, N checks of MODE, then its figures once everything is written.
run() {
    local mode=$1 data="$work/$1"
    "$bin" serve --data-dir "$data" --listen 127.0.0.1:0 2>"$work/$mode.log" &
    server=$!
    local addr=""
    for _ in $(seq 600); do
        addr=$(sed -n 's/.*listening address=\([^ ]*\).*/\1/p' "$work/$mode.log")
        [ -n "$addr" ] && break
        sleep 0.1
    done
    [ -n "$addr" ] || { cat "$work/$mode.log" >&2; exit 1; }
    url="http://$addr"
    local started rps load answered counted
    started=$(date +%s.%N)
    # wrk's thread stops after N answers (the script), but wrk itself waits out -d: it is
    # stopped here once the collector has answered N.
    MODE=$mode COUNT="$N" wrk -t1 -c"$CONNECTIONS" -d3600s -s "$LUA" "$url" >"$work/$mode.wrk" &
    load=$!
    while kill -0 "$load" 2>/dev/null; do
        answered=$(metric 'requests_total{outcome="command"}')
        [ "${answered:-0}" -ge "$N" ] && break
        sleep 0.2
    done
    rps=$(awk -v s="$started" -v n="$answered" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", n / (e - s)}')
    kill -INT "$load" 2>/dev/null || true
    wait "$load" 2>/dev/null || true
    # Everything answered and counted is written before the figures are read.
    sleep 1.5
    for _ in $(seq 600); do
        counted=$(metric checks_written_total)
        [ "$(metric pending_buckets)" = 0 ] && [ "$(metric queued_batches)" = 0 ] && break
        sleep 0.5
    done
    local rss hwm size buckets
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
    hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
    size=$(du -sk "$data" | cut -f1)
    buckets=$(metric day_buckets)
    printf '%-7s %9s answered %8s checks/s  written %9s  buckets today %7s  RSS %6d MiB (peak %6d MiB)  store %6d MiB  non-2xx: %s\n' \
        "$mode" "$answered" "$rps" "$counted" "$buckets" $((rss / 1024)) $((hwm / 1024)) $((size / 1024)) \
        "$(awk '/Non-2xx/ {print $5}' "$work/$mode.wrk")"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    echo "$mode $rss $hwm $size" >>"$work/figures"
}

run fixed
run random
awk '{rss[$1] = $2; hwm[$1] = $3; size[$1] = $4}
    END {printf "random / fixed: RSS %.2f×, peak %.2f×, store %.2f×\n",
        rss["random"] / rss["fixed"], hwm["random"] / hwm["fixed"], size["random"] / size["fixed"]}' "$work/figures"
