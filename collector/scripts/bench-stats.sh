#!/usr/bin/env bash
# The public endpoint's benchmark: /v1/stats p50/p99 for each served window (7, 30, 90, 365
# days) on a store of 24 months (`serve --demo`), alone and under a check load at half of the
# measured capacity; and the check throughput at full load with and without a stats load, in one
# run, side by side.
#
#   collector/scripts/bench-stats.sh            # DURATION=10 seconds per run
#   DURATION=20 collector/scripts/bench-stats.sh
#
# Needs wrk, sqlite3 and python3 (Debian packages; installed when run as root). Load goes to
# 127.0.0.1 only and every run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}        # seconds per run
CONNECTIONS=${CONNECTIONS:-64}  # wrk connections for the full check load
STATS_CONNECTIONS=4             # wrk connections asking for stats
STATS_RATE=${STATS_RATE:-200}   # stats answers/s asked for during the full check load
LUA=collector/scripts/bench-collector.lua
PRODUCT=weave-gitops

if ! command -v wrk >/dev/null || ! command -v sqlite3 >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "install wrk and sqlite3 first" >&2; exit 2; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk sqlite3 >/dev/null
fi

cargo build --release --quiet -p gitops-checkpoint
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/gitops-checkpoint"

work=$(mktemp -d)
server=""
loads=()
cleanup() {
    for l in "${loads[@]}"; do kill "$l" 2>/dev/null || true; done
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --demo --data-dir "$work/data" --listen 127.0.0.1:0 \
    --releases collector/releases.example.toml 2>"$work/log" &
server=$!
for _ in $(seq 600); do
    addr=$(sed -n 's/.*listening address=\([^ ]*\).*/\1/p' "$work/log")
    [ -n "$addr" ] && break
    sleep 0.1
done
[ -n "$addr" ] || { cat "$work/log" >&2; exit 1; }
url="http://$addr"

# A wrk script asking for every window in turn, $STATS_RATE answers/s in all (a public
# endpoint's readers, generously counted: each connection waits between requests).
cat >"$work/stats.lua" <<EOF
local windows = {7, 30, 90, 365}
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", "/v1/stats/$PRODUCT?days=" .. windows[n % #windows + 1])
end
function delay()
  return math.floor($STATS_CONNECTIONS * 1000 / $STATS_RATE)
end
EOF

db="$work/data/checkpoint.sqlite3"
echo "== store: 24 months of made-up counts (serve --demo)"
sqlite3 "$db" "SELECT count(*) || ' buckets over ' || count(DISTINCT day) || ' days, at most ' ||
    (SELECT max(n) FROM (SELECT count(*) AS n FROM checkpoint_buckets GROUP BY day)) || ' a day'
    FROM checkpoint_buckets"
sqlite3 "$db" "SELECT count(*) || ' released cells over ' || count(DISTINCT day) || ' days'
    FROM checkpoint_release_cells"

# checks NAME [RATE]: checks/s over $DURATION s (at RATE checks/s if given); sets $rps.
checks() {
    local out
    out=$(RATE=${2:-} CONNECTIONS=$CONNECTIONS wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "$url")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    printf '%-40s %8.0f checks/s   non-200: %s\n' "$1" "$rps" "$(awk '/Non-2xx/ {print $5}' <<<"$out")"
}

# stats_latency LABEL: p50 and p99 of /v1/stats for each window over $DURATION s each.
stats_latency() {
    for days in 7 30 90 365; do
        local out
        out=$(wrk -t1 -c"$STATS_CONNECTIONS" -d"${DURATION}s" --latency "$url/v1/stats/$PRODUCT?days=$days")
        printf '%-24s days=%-3s %8.0f answers/s   p50 %-8s p99 %-8s non-200: %s\n' "$1" "$days" \
            "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" \
            "$(awk '/^ +50%/ {print $2}' <<<"$out")" "$(awk '/^ +99%/ {print $2}' <<<"$out")" \
            "$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    done
}

echo "== check capacity, alone ($CONNECTIONS connections, wrk on the same cores)"
checks "checks alone"
capacity=$rps
half=$(python3 -c "print(int($capacity / 2))")

echo "== /v1/stats ($STATS_CONNECTIONS connections), alone"
stats_latency "alone"

echo "== /v1/stats under a check load of $half checks/s (half the capacity)"
RATE=$half CONNECTIONS=100 wrk -t1 -c100 -d3600s -s "$LUA" "$url" >/dev/null &
loads+=($!)
sleep 1
stats_latency "under checks"
kill "${loads[-1]}"
wait "${loads[-1]}" 2>/dev/null || true

echo "== check throughput while /v1/stats is asked for all windows at $STATS_RATE answers/s"
wrk -t1 -c"$STATS_CONNECTIONS" -d3600s -s "$work/stats.lua" "$url" >"$work/stats-load.txt" &
loads+=($!)
sleep 1
checks "checks with stats load"
with_stats=$rps
kill -INT "${loads[-1]}"
wait "${loads[-1]}" 2>/dev/null || true
printf '%-40s %8.0f answers/s\n' "stats load" "$(awk '/^Requests\/sec/ {print $2}' "$work/stats-load.txt")"
python3 -c "print(f'check throughput with a stats load / alone: {$with_stats / $capacity:.2f}')"
