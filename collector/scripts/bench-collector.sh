#!/usr/bin/env bash
# The collector's benchmark: checks per second on the embedded store and on PostgreSQL, against
# the same server answering a fixed body (`serve --bare`), in one run; p99 latency at a fixed
# 5 000 checks/s; and the resident memory over a long run.
#
#   collector/scripts/bench-collector.sh                # LONG=4000000 checks for the memory run
#   LONG=10000000 DURATION=20 collector/scripts/bench-collector.sh
#
# Needs wrk, PostgreSQL 15 with postgresql-15-hll (Debian packages; installed when run as
# root) and python3. Load goes to 127.0.0.1 only and every run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}        # seconds per throughput run
CONNECTIONS=${CONNECTIONS:-64}  # wrk connections for throughput
RATE=${RATE:-5000}              # checks/s for the latency run
LONG=${LONG:-4000000}           # checks in the memory run
LUA=collector/scripts/bench-collector.lua

if ! command -v wrk >/dev/null || [ ! -e /usr/share/postgresql/15/extension/hll.control ]; then
    [ "$(id -u)" = 0 ] || { echo "install wrk, postgresql and postgresql-15-hll first" >&2; exit 2; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql postgresql-15-hll >/dev/null
fi

cargo build --release --quiet -p gitops-checkpoint
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/gitops-checkpoint"

work=$(mktemp -d)
pg=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    collector/scripts/throwaway-postgres.sh stop "$pg" || true
    rm -rf "$work"
}
trap cleanup EXIT
eval "$(collector/scripts/throwaway-postgres.sh start "$pg")"
pg_url=$GITOPS_CHECKPOINT_TEST_DATABASE
psql -qAt "$pg_url" -c "CREATE DATABASE bench" >/dev/null
pg_url="${pg_url%/*}/bench"

# start_server NAME ARGS…: starts the release binary on a free port; sets $server and $port.
start_server() {
    local name=$1
    shift
    mkdir -p "$work/$name"
    RUST_LOG=info "$bin" serve --listen 127.0.0.1:0 --data-dir "$work/$name" \
        --releases collector/releases.example.toml "$@" 2>"$work/$name.log" &
    server=$!
    for _ in $(seq 100); do
        port=$(grep -so 'address=127.0.0.1:[0-9]*' "$work/$name.log" | cut -d: -f2 || true)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$work/$name.log"; exit 1; }
}

stop_server() {
    kill -TERM "$server"
    wait "$server" || { echo "the collector did not stop cleanly" >&2; exit 1; }
    server=""
}

# throughput NAME: checks/s over $DURATION s, and the answers that were not 200; leaves the
# number of requests in $sent.
throughput() {
    local out
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "http://127.0.0.1:$port")
    local rps bad
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    sent=$(awk '/requests in/ {print $1}' <<<"$out")
    printf '%-24s %8.0f checks/s   non-200: %s\n' "$1" "$rps" "${bad:-0}" >&2
    rps_out=$rps
}

echo "== throughput (${DURATION}s each, $CONNECTIONS connections, wrk on the same 2 cores)" >&2
start_server bare --bare
throughput "bare handler"
bare=$rps_out
stop_server
start_server sqlite
throughput "embedded store (SQLite)"
sqlite=$rps_out
sqlite_sent=$sent
stop_server
sqlite_rows=$("$bin" report --data-dir "$work/sqlite" --min-installs 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["checks"])')
start_server postgres --database "$pg_url"
throughput "PostgreSQL"
postgres=$rps_out
stop_server
python3 - "$bare" "$sqlite" "$postgres" <<'EOF' >&2
import sys
bare, sqlite, pg = map(float, sys.argv[1:])
print(f"ratio to the bare handler: SQLite {sqlite / bare:.2f}, PostgreSQL {pg / bare:.2f}")
EOF
echo "SQLite run: $sqlite_sent requests sent, $sqlite_rows checks stored" >&2

echo "== latency at $RATE checks/s (20 s, 100 connections)" >&2
for store in sqlite postgres; do
    if [ $store = postgres ]; then start_server lat-pg --database "$pg_url"; else start_server lat-sqlite; fi
    out=$(RATE=$RATE CONNECTIONS=100 wrk -t1 -c100 -d20s --latency -s "$LUA" "http://127.0.0.1:$port")
    p50=$(awk '/^ +50%/ {print $2}' <<<"$out")
    p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    printf '%-10s %8.0f checks/s   p50 %s   p99 %s\n' "$store" "$rps" "$p50" "$p99" >&2
    stop_server
done

echo "== memory over $LONG checks (embedded store, full speed)" >&2
start_server long
wrk -t1 -c"$CONNECTIONS" -d3600s -s "$LUA" "http://127.0.0.1:$port" >/dev/null &
load=$!
next=1000000
start=$(date +%s)
printf '%12s %10s %8s\n' checks "RSS (MiB)" seconds >&2
printf '%12s %10s %8s\n' 0 "$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$server/status)" 0 >&2
while :; do
    sleep 0.5
    done_=$(python3 - "$port" <<'EOF'
import sys, urllib.request
text = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics").read().decode()
print(sum(int(l.split()[-1]) for l in text.splitlines()
          if l.startswith('gitops_checkpoint_requests_total{outcome="command"}')
          or l.startswith('gitops_checkpoint_requests_total{outcome="update_check"}')))
EOF
)
    if [ "$done_" -ge "$next" ]; then
        rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$server/status)
        printf '%12s %10s %8s\n' "$done_" "$rss" "$(( $(date +%s) - start ))" >&2
        [ "$next" -ge "$LONG" ] && break
        next=$(( next * 2 > LONG ? LONG : next * 2 ))
    fi
done
kill "$load"
wait "$load" 2>/dev/null || true
stop_server
