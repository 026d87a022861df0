#!/usr/bin/env bash
# Times the real `gitops` binary (the speed targets) and prints medians and ratios:
#   1. `gitops telemetry record` against `gitops --version` of the same build, with an empty
#      queue and with 10 000 pending events;
#   2. `record` with CHECKPOINT_DISABLE=1;
#   3. `gitops telemetry send` of 1 000, 10 000 and 100 000 events to a loopback keep-alive
#      checkpoint server (the cost per event should be flat), and of 10 000 against curl with
#      the same URL list and the same server;
#   4. the peak memory of `gitops telemetry pending --json` with 100 000 pending events.
# Needs hyperfine, jq, curl and python3 (for the loopback server). Nothing leaves 127.0.0.1; every
# run uses its own temporary GITOPS_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine jq python3 curl; do
    command -v "$tool" >/dev/null || { echo "bench-binary: $tool is needed (apt install $tool)" >&2; exit 2; }
done

cargo build --release --quiet
bin="$PWD/target/release/gitops"
work="$(mktemp -d)"
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# A home with consent granted and no automatic sending; $2 pending events.
make_home() {
    local home="$1" pending="$2" endpoint="${3:-https://checkpoint-api.weave.works}"
    mkdir -p "$home"
    printf '[telemetry]\nconsent = "granted"\nauto_send = false\nmax_pending = 100000\nsignature = "random"\nendpoint = "%s"\n' \
        "$endpoint" >"$home/config.toml"
    GITOPS_HOME="$home" "$bin" telemetry record -- get app
    python3 - "$home/data/pending.jsonl" "$pending" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
line = json.loads(open(path).read().splitlines()[0])
with open(path, "w") as f:
    for i in range(n):
        line["id"] = f"{i:012x}"
        f.write(json.dumps(line, separators=(",", ":")) + "\n")
PY
}

median() { jq -r ".results[$2].median * 1000" "$1"; }

echo "== record vs --version (median of many runs, warm cache) =="
for pending in 0 10000; do
    home="$work/home-$pending"
    make_home "$home" "$pending"
    # Each run appends; keep the queue near its size by restoring it before every run.
    cp "$home/data/pending.jsonl" "$work/queue-$pending"
    hyperfine --shell=none --warmup 20 --runs 300 --export-json "$work/r-$pending.json" \
        --prepare "cp $work/queue-$pending $home/data/pending.jsonl" \
        "env GITOPS_HOME=$home $bin --version" \
        "env GITOPS_HOME=$home $bin telemetry record --cli-version 0.6.2 -- add cluster --dry-run" \
        >/dev/null
    base=$(median "$work/r-$pending.json" 0)
    rec=$(median "$work/r-$pending.json" 1)
    printf 'pending %6d: --version %.2f ms, record %.2f ms, record adds %.2f ms (ratio %.2f)\n' \
        "$pending" "$base" "$rec" "$(echo "$rec - $base" | bc -l)" "$(echo "$rec / $base" | bc -l)"
done

echo "== record with CHECKPOINT_DISABLE=1 =="
home="$work/home-0"
hyperfine --shell=none --warmup 20 --runs 300 --export-json "$work/off.json" \
    "env GITOPS_HOME=$home $bin --version" \
    "env GITOPS_HOME=$home CHECKPOINT_DISABLE=1 $bin telemetry record -- add cluster" >/dev/null
base=$(median "$work/off.json" 0)
off=$(median "$work/off.json" 1)
printf -- '--version %.2f ms, disabled record %.2f ms (ratio %.2f)\n' "$base" "$off" "$(echo "$off / $base" | bc -l)"

echo "== send to a loopback keep-alive server =="
port_file="$work/port"
python3 - "$port_file" <<'PY' &
import http.server, sys
body = b'{"product":"weave-gitops","current_version":"0.6.2","outdated":false,"alerts":[]}'
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def do_GET(self):
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
server_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
for n in 1000 10000 100000; do
    home="$work/send-$n"
    make_home "$home" "$n" "http://127.0.0.1:$port"
    took=$(seconds env GITOPS_HOME="$home" "$bin" telemetry send)
    left=$(wc -l <"$home/data/pending.jsonl")
    printf '%6d events in %.3f s = %.1f µs/event (%d left pending)\n' \
        "$n" "$took" "$(echo "$took * 1000000 / $n" | bc -l)" "$left"
done
home="$work/send-curl"
make_home "$home" 10000 "http://127.0.0.1:$port"
cp "$home/data/pending.jsonl" "$work/queue-curl"
GITOPS_HOME="$home" "$bin" telemetry send --dry-run | awk -v p="$port" '/^GET /{print "url = \"http://127.0.0.1:" p $2 "\""}' >"$work/urls"
for run in 1 2 3; do
    cp "$work/queue-curl" "$home/data/pending.jsonl"
    ours=$(seconds env GITOPS_HOME="$home" "$bin" telemetry send)
    theirs=$(seconds curl -s -K "$work/urls")
    printf 'run %d: send of 10 000 %.3f s, curl %.3f s (ratio %.2f)\n' "$run" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)"
done

echo "== pending --json with 100 000 events =="
make_home "$work/list" 100000
/usr/bin/time -f 'peak RSS %M KiB, %e s' env GITOPS_HOME="$work/list" "$bin" telemetry pending --json >/dev/null
