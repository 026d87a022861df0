#!/usr/bin/env bash
# Checks the packaging without installing anything on the machine:
# - both Debian packages (`cargo xtask deb`): their contents, their control files, the
#   extracted binaries' --version, the extracted man pages under man -l, the bash completions;
# - the extracted collector run as the unit runs it (its ExecStart, the packaged config):
#   READY=1 on NOTIFY_SOCKET, JSON logs, /healthz, SIGHUP, STOPPING=1 and exit 0 on SIGTERM;
# - the unit: systemd-analyze verify, and its security exposure at most 2.5;
# - the Kubernetes manifests: both kustomizations built and validated against the schemas;
# - the image (packaging/build-image.sh with podman), run with a read-only root, /healthz.
# Needs on PATH: cargo-deb, dpkg-deb, man (man-db), systemd-analyze, podman and runc, kubectl
# (for `kubectl kustomize`) and kubernetes-validate; .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
collector_pid=
container=
cleanup() {
    if [ -n "$collector_pid" ]; then kill "$collector_pid" 2>/dev/null || true; fi
    if [ -n "$container" ]; then podman rm -f "$container" >/dev/null 2>&1 || true; fi
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "packaging: $*" >&2; exit 1; }

# A free loopback port.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# GET http://127.0.0.1:PORT/healthz, retried for up to 10 s; prints the body.
healthz() {
    python3 - "$1" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2) as r:
            print(r.status, r.read().decode().strip())
            sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("no answer on /healthz")
PY
}

## The packages.
cargo xtask deb | tee "$scratch/debs"
for package in gitops-feedback gitops-checkpoint; do
    deb=$(grep "/${package}_.*\.deb$" "$scratch/debs") || fail "no package $package was built"
    dpkg-deb --contents "$deb" > "$scratch/$package.contents"
    mkdir -p "$scratch/$package.control"
    dpkg-deb --control "$deb" "$scratch/$package.control"
    dpkg -x "$deb" "$scratch/$package"
    echo "$deb: $(grep -c . "$scratch/$package.contents") entries"
done

expect() { # package path…: each path is a file of the package
    local package=$1; shift
    for path in "$@"; do
        grep -q " \./$path\$" "$scratch/$package.contents" || fail "$package lacks $path"
    done
}
expect gitops-feedback usr/bin/gitops usr/share/man/man1/gitops.1.gz \
    usr/share/man/man1/gitops-telemetry-send.1.gz \
    usr/share/bash-completion/completions/gitops usr/share/zsh/vendor-completions/_gitops \
    usr/share/fish/vendor_completions.d/gitops.fish \
    usr/share/doc/gitops-feedback/examples/config.example.toml \
    usr/share/doc/gitops-feedback/copyright
expect gitops-checkpoint usr/bin/gitops-checkpoint usr/share/man/man1/gitops-checkpoint.1.gz \
    usr/share/man/man1/gitops-checkpoint-serve.1.gz \
    usr/share/man/man1/gitops-checkpoint-report.1.gz \
    usr/share/bash-completion/completions/gitops-checkpoint \
    usr/share/zsh/vendor-completions/_gitops-checkpoint \
    usr/share/fish/vendor_completions.d/gitops-checkpoint.fish \
    etc/gitops-checkpoint/checkpoint.toml \
    usr/share/doc/gitops-checkpoint/examples/checkpoint.example.toml \
    usr/share/doc/gitops-checkpoint/examples/releases.example.toml \
    usr/share/doc/gitops-checkpoint/copyright
# Every man page the xtask wrote for a binary is in its package, and no other.
for binary in gitops gitops-checkpoint; do
    package=$binary; [ "$binary" = gitops ] && package=gitops-feedback
    for page in packaging/generated/man/"$binary"/*.1; do
        expect "$package" "usr/share/man/man1/$(basename "$page").gz"
    done
    pages=$(grep -c " \./usr/share/man/man1/.*\.1\.gz$" "$scratch/$package.contents")
    [ "$pages" -eq "$(find packaging/generated/man/"$binary" -name '*.1' | wc -l)" ] \
        || fail "$package has $pages man pages, the xtask wrote another number"
done
if grep -q "checkpoint" "$scratch/gitops-feedback.contents"; then
    fail "gitops-feedback holds a file of gitops-checkpoint"
fi
# The unit shipped is the one checked below.
unit_path=$(grep -o '\./[a-z/]*systemd/system/gitops-checkpoint\.service$' "$scratch/gitops-checkpoint.contents") \
    || fail "gitops-checkpoint lacks its systemd unit"
cmp "$scratch/gitops-checkpoint/$unit_path" packaging/gitops-checkpoint.service
# The config is a conffile (an upgrade keeps the administrator's changes). An upgrade restarts
# a running service, an install starts nothing; no maintainer script names the state
# directory or removes a file.
grep -qx /etc/gitops-checkpoint/checkpoint.toml "$scratch/gitops-checkpoint.control/conffiles" \
    || fail "checkpoint.toml is not a conffile"
grep -q "deb-systemd-invoke try-restart gitops-checkpoint.service" \
    "$scratch/gitops-checkpoint.control/postinst" || fail "an upgrade does not restart the service"
if grep -q "deb-systemd-invoke start" "$scratch/gitops-checkpoint.control/postinst"; then
    fail "installing the package starts the service"
fi
for script in "$scratch"/gitops-checkpoint.control/{preinst,postinst,prerm,postrm}; do
    [ -e "$script" ] || continue
    if grep -Eq "/var/lib/(private/)?gitops-checkpoint|STATE_DIRECTORY|\brm " "$script"; then
        fail "$(basename "$script") touches the data directory"
    fi
done

## The extracted binaries, pages and completions.
"$scratch/gitops-feedback/usr/bin/gitops" --version
"$scratch/gitops-checkpoint/usr/bin/gitops-checkpoint" --version
page() { # file section: man -l renders the page, with that section
    MANWIDTH=80 man -l "$1" > "$scratch/page.txt" 2>/dev/null
    grep -q "^$2" "$scratch/page.txt" || fail "$(basename "$1") has no $2 under man -l"
}
man1=$scratch/gitops-feedback/usr/share/man/man1
page "$man1/gitops.1.gz" "EXIT STATUS"
page "$man1/gitops-telemetry-send.1.gz" "SYNOPSIS"
man1=$scratch/gitops-checkpoint/usr/share/man/man1
page "$man1/gitops-checkpoint.1.gz" "ENVIRONMENT"
page "$man1/gitops-checkpoint-serve.1.gz" "OPTIONS"
for binary in gitops gitops-checkpoint; do
    package=$binary; [ "$binary" = gitops ] && package=gitops-feedback
    bash -c "source '$scratch/$package/usr/share/bash-completion/completions/$binary' && complete -p $binary" \
        | grep -q "$binary\$" || fail "the bash completion of $binary does not register"
done

## The collector as the unit runs it: its ExecStart, with the package's files in the scratch
## directory in place of /usr/bin, /etc and the state directory, on a free port.
root=$scratch/gitops-checkpoint
mkdir -p "$scratch/state"
exec_start=$(sed -n 's/^ExecStart=//p' packaging/gitops-checkpoint.service)
read -r -a command <<<"$(sed -e "s|/usr/bin/|$root/usr/bin/|" -e "s|/etc/|$root/etc/|" \
    -e "s|/var/lib/gitops-checkpoint|$scratch/state|" <<<"$exec_start")"
port=$(free_port)
notify=$scratch/notify.sock
python3 - "$notify" > "$scratch/notify.txt" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
while True:
    message = s.recv(4096).decode()
    print(message, flush=True)
    if "STOPPING=1" in message:
        break
PY
listener=$!
for _ in $(seq 50); do [ -S "$notify" ] && break; sleep 0.1; done
NOTIFY_SOCKET=$notify "${command[@]}" --listen "127.0.0.1:$port" 2> "$scratch/collector.log" &
collector_pid=$!
for _ in $(seq 100); do grep -q "READY=1" "$scratch/notify.txt" && break; sleep 0.1; done
grep -q "READY=1" "$scratch/notify.txt" || fail "no READY=1 from the collector: $(cat "$scratch/collector.log")"
healthz "$port" | grep -qx "200 ok" || fail "/healthz is not 200 ok"
kill -HUP "$collector_pid"
sleep 1
kill -0 "$collector_pid" || fail "the collector died on SIGHUP: $(cat "$scratch/collector.log")"
kill -TERM "$collector_pid"
wait "$collector_pid" || fail "the collector exited $? on SIGTERM: $(cat "$scratch/collector.log")"
collector_pid=
wait "$listener"
grep -q "STOPPING=1" "$scratch/notify.txt" || fail "no STOPPING=1 from the collector"
[ -e "$scratch/state/checkpoint.sqlite3" ] || fail "no database in the state directory"
# Every log line is a JSON object; "listening" among them.
python3 - "$scratch/collector.log" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
messages = [l.get("fields", {}).get("message") for l in lines]
assert "listening" in messages, messages
print(f"collector under the unit's command line: READY=1, /healthz 200, SIGHUP, STOPPING=1, {len(lines)} JSON log lines")
PY

## The unit, verified with ExecStart pointing at the extracted binary (verify wants it to
## exist); --man=no: its man pages are in the package, not installed here.
unit=$scratch/gitops-checkpoint.service
sed "s|/usr/bin/gitops-checkpoint|$root/usr/bin/gitops-checkpoint|" \
    packaging/gitops-checkpoint.service > "$unit"
# verify warns of an unknown key or a bad value and still exits 0: any word from it fails.
systemd-analyze verify --man=no "$unit" > "$scratch/verify.txt" 2>&1 || fail "systemd-analyze verify: $(cat "$scratch/verify.txt")"
[ ! -s "$scratch/verify.txt" ] || fail "systemd-analyze verify: $(cat "$scratch/verify.txt")"
systemd-analyze security --offline=yes "$unit" > "$scratch/security.txt" || true
score=$(sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p' "$scratch/security.txt")
echo "systemd-analyze security: $score"
awk -v s="${score% *}" 'BEGIN { exit !(s != "" && s <= 2.5) }' || fail "exposure '$score' is over 2.5"

## The Kubernetes manifests: what Flux's kustomize-controller would build from each
## kustomization, validated against the Kubernetes schemas (strict: no unknown fields).
for overlay in sqlite postgres; do
    kubectl kustomize "packaging/kubernetes/$overlay" > "$scratch/$overlay.yaml"
    kubernetes-validate --strict --quiet "$scratch/$overlay.yaml" || fail "packaging/kubernetes/$overlay does not validate"
    kinds=$(sed -n 's/^kind: //p' "$scratch/$overlay.yaml" | sort | paste -sd ' ')
    echo "packaging/kubernetes/$overlay: $kinds valid"
done
grep -q "kind: PersistentVolumeClaim" "$scratch/postgres.yaml" && fail "the postgres overlay keeps the volume"
grep -q "GITOPS_CHECKPOINT_DATABASE" "$scratch/postgres.yaml" || fail "the postgres overlay has no database URL"

## The image, built and run as the manifests run it: read-only root, non-root, /data a volume.
tag=localhost/gitops-checkpoint:check-$$
packaging/build-image.sh "$tag"
mkdir -p "$scratch/data"
chown 65532:65532 "$scratch/data"
port=$(free_port)
# runc rather than Debian's default crun, which refuses hybrid cgroup hierarchies; limits no
# higher than the caller's, for hosts where root cannot raise its own (podman asks for more).
hard_nofile=$(ulimit -Hn)
container=$(podman run -d --runtime runc --ulimit "nofile=$hard_nofile:$hard_nofile" \
    --ulimit nproc=32768:32768 --read-only --network host -v "$scratch/data:/data" "$tag" \
    serve --listen "127.0.0.1:$port" --data-dir /data --log-format json)
healthz "$port" | grep -qx "200 ok" || fail "the image does not answer /healthz: $(podman logs "$container" 2>&1)"
[ "$(podman inspect -f '{{.Config.User}}' "$tag")" = 65532:65532 ] || fail "the image runs as root"
podman stop -t 20 "$container" >/dev/null
[ "$(podman inspect -f '{{.State.ExitCode}}' "$container")" = 0 ] \
    || fail "the image's collector did not stop cleanly: $(podman logs "$container" 2>&1)"
[ -e "$scratch/data/checkpoint.sqlite3" ] || fail "the image wrote no database in /data"
podman rm "$container" >/dev/null
container=
echo "image $tag: $(podman image inspect -f '{{.Size}}' "$tag") bytes, /healthz 200 with a read-only root"
podman rmi "$tag" >/dev/null
echo "packaging checks passed"
