#!/usr/bin/env bash
# What durable answers cost: checks/s of a base commit's collector against this tree's, side by
# side in one run, on the embedded store. Every check is valid and counted (each of its own
# installation). The base is built from a git worktree of BASE; this tree's collector runs once
# per flush interval in FLUSH_INTERVALS. The servers run at once and are loaded in turn, ROUNDS
# times each (interleaved, so a slower or busier moment of the machine falls on all of them);
# the medians are printed, with each one's ratio to the base, and the checks the store holds
# against those answered 200 (equal: every check is counted).
#
#   collector/scripts/bench-durable.sh                 # BASE: where this branch left main
#   collector/scripts/bench-durable.sh main            # any commit
#   ROUNDS=7 DURATION=10 CONNECTIONS=256 FLUSH_INTERVALS="10ms 0s 50ms" collector/scripts/bench-durable.sh
#
# Needs git, wrk, sqlite3 and python3 (Debian packages; installed when run as root). Load goes
# to 127.0.0.1 only and every run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

BASE=${1:-$(git merge-base HEAD main)}
DURATION=${DURATION:-10}                 # seconds per run
ROUNDS=${ROUNDS:-5}                      # runs per server
CONNECTIONS=${CONNECTIONS:-64}           # wrk connections
FLUSH_INTERVALS=${FLUSH_INTERVALS:-"10ms 0s"}
RELEASES=collector/releases.example.toml

if ! command -v wrk >/dev/null || ! command -v sqlite3 >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "install wrk and sqlite3 first" >&2; exit 2; }
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk sqlite3 >/dev/null
fi

target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
work=$(mktemp -d)
servers=()
cleanup() {
    for s in "${servers[@]}"; do kill "$s" 2>/dev/null && wait "$s" 2>/dev/null || true; done
    git worktree remove --force "$work/base" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Both builds share the target directory (the dependencies are built once). The two trees'
# own crates get the same artifact names there, and cargo would take the other tree's as fresh:
# they are cleaned before each build, and each binary is copied out after it.
build() {
    cargo clean --release --quiet -p gitops-checkpoint -p gitops-checkpoint-protocol
    cargo build --release --quiet -p gitops-checkpoint
}
base_commit=$(git rev-parse --short "$BASE")
git worktree add --quiet --detach "$work/base" "$base_commit"
(cd "$work/base" && CARGO_TARGET_DIR="$target" build)
cp "$target/release/gitops-checkpoint" "$work/base.bin"
build
cp "$target/release/gitops-checkpoint" "$work/head.bin"
cmp -s "$work/base.bin" "$work/head.bin" && { echo "the base and this tree built the same binary" >&2; exit 1; }
head_commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- collector protocol || echo '+changes')"

# Every check a fresh installation: the day's cap on installations (1 000 000 by default, past
# which a new one is answered but not counted, at once) raised out of reach, so every check of
# every run is counted.
printf '[limits]\nmax_installs_per_day = 100000000\n' >"$work/checkpoint.toml"

# start NAME BINARY [ARGS…]: a collector on its own data directory; sets $addr.
start() {
    local name=$1 bin=$2
    shift 2
    "$bin" serve --config "$work/checkpoint.toml" --data-dir "$work/$name" --listen 127.0.0.1:0 \
        --releases "$RELEASES" "$@" 2>"$work/$name.log" &
    servers+=($!)
    addr=""
    for _ in $(seq 600); do
        addr=$(sed -n 's/.*listening address=\([^ ]*\).*/\1/p' "$work/$name.log")
        [ -n "$addr" ] && break
        sleep 0.1
    done
    [ -n "$addr" ] || { cat "$work/$name.log" >&2; exit 1; }
}

# Valid command checks, each with a fresh random signature (so each is counted: one
# installation's contribution bound is never reached), over a few versions and platforms.
cat >"$work/checks.lua" <<'EOF'
local versions = {"0.35.0", "0.36.1", "0.37.0", "0.38.0"}
local platforms = {{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"}}
local pairs_ = {{"get", "app"}, {"create", "dashboard"}, {"delete", "terraform"}}
math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
local n = 0
function request()
  n = n + 1
  local p = pairs_[n % #pairs_ + 1]
  local pl = platforms[n % #platforms + 1]
  local sig = string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff),
    math.random(0, 0xffff), math.random(0, 0xfff), math.random(0, 0xfff), n)
  return wrk.format("GET", string.format(
    "/v1/check/weave-gitops?arch=%s&flag_command=%s&flag_object=%s&flag_rc=no&os=%s&signature=%s&version=%s",
    pl[2], p[2], p[1], pl[1], sig, versions[n % #versions + 1]))
end
EOF

names=(base)
declare -A url
start base "$work/base.bin"
url[base]="http://$addr"
for f in $FLUSH_INTERVALS; do
    names+=("head-$f")
    start "head-$f" "$work/head.bin" --flush-interval "$f"
    url["head-$f"]="http://$addr"
done

echo "== $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections, wrk on the same cores"
echo "   base: $base_commit    head: $head_commit"
declare -A runs answered
for round in $(seq "$ROUNDS"); do
    for name in "${names[@]}"; do
        out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/checks.lua" --latency "${url[$name]}")
        rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
        total=$(awk '/requests in/ {print $1}' <<<"$out")
        bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
        printf 'round %s  %-14s %8.0f checks/s   p50 %-8s p99 %-8s non-200: %s\n' "$round" "$name" "$rps" \
            "$(awk '/^ +50%/ {print $2}' <<<"$out")" "$(awk '/^ +99%/ {print $2}' <<<"$out")" "${bad:-0}"
        runs[$name]="${runs[$name]:-} $rps"
        answered[$name]=$(( ${answered[$name]:-0} + total - ${bad:-0} ))
    done
done

# Stop every server (SIGTERM: the base writes what it holds), then read each store.
for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done
for s in "${servers[@]}"; do wait "$s" 2>/dev/null || true; done
servers=()

echo "== medians"
base_median=""
for name in "${names[@]}"; do
    median=$(python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" ${runs[$name]})
    [ -n "$base_median" ] || base_median=$median
    stored=$(sqlite3 "$work/$name/checkpoint.sqlite3" "SELECT coalesce(sum(checks), 0) FROM checkpoint_buckets")
    python3 -c "
import sys
name, median, base, answered, stored = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f'{name:<14} {median:8.0f} checks/s  {median / base:5.2f} x base   answered 200: {answered}  stored: {stored}')
" "$name" "$median" "$base_median" "${answered[$name]}" "$stored"
done
