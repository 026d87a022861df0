#!/usr/bin/env bash
# Builds both Debian packages (`cargo xtask deb`) and checks them without installing anything:
# their contents, the extracted binaries' --version, an extracted man page, the service unit
# (systemd-analyze verify and its security score), the Kubernetes manifests parse as YAML, and
# the two `cargo install --locked --path …` lines into throwaway roots.
# Needs cargo-deb, dpkg-deb, man (man-db), systemd-analyze and python3 with PyYAML.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cargo xtask deb
for package in gitops-feedback gitops-checkpoint; do
    deb=$(ls target/debian/"$package"_*.deb)
    dpkg-deb --contents "$deb" > "$scratch/$package.contents"
    dpkg-deb --info "$deb" >/dev/null
    dpkg -x "$deb" "$scratch/$package"
done

expect() { # package path…: each path is in the package
    local package=$1; shift
    for path in "$@"; do
        grep -q " \./$path\$" "$scratch/$package.contents" || { echo "$package lacks $path" >&2; exit 1; }
    done
}
expect gitops-feedback usr/bin/gitops usr/share/man/man1/gitops.1.gz \
    usr/share/man/man1/gitops-telemetry-send.1.gz \
    usr/share/bash-completion/completions/gitops usr/share/zsh/vendor-completions/_gitops \
    usr/share/fish/vendor_completions.d/gitops.fish \
    usr/share/doc/gitops-feedback/examples/config.example.toml
expect gitops-checkpoint usr/bin/gitops-checkpoint usr/share/man/man1/gitops-checkpoint.1.gz \
    usr/share/man/man1/gitops-checkpoint-serve.1.gz \
    usr/share/bash-completion/completions/gitops-checkpoint \
    usr/share/zsh/vendor-completions/_gitops-checkpoint \
    usr/share/fish/vendor_completions.d/gitops-checkpoint.fish \
    usr/lib/systemd/system/gitops-checkpoint.service etc/gitops-checkpoint/checkpoint.toml \
    usr/share/doc/gitops-checkpoint/examples/checkpoint.example.toml \
    usr/share/doc/gitops-checkpoint/examples/releases.example.toml
if grep -q "checkpoint" "$scratch/gitops-feedback.contents"; then
    echo "gitops-feedback holds a file of gitops-checkpoint" >&2; exit 1
fi
# Upgrades keep the data: no maintainer script names the state directory.
dpkg-deb -e target/debian/gitops-checkpoint_*.deb "$scratch/control"
if grep -rqs "/var/lib" "$scratch/control"; then
    echo "a maintainer script touches /var/lib" >&2; exit 1
fi

"$scratch/gitops-feedback/usr/bin/gitops" --version
"$scratch/gitops-checkpoint/usr/bin/gitops-checkpoint" --version
for page in gitops.1.gz gitops-telemetry-send.1.gz; do
    MANWIDTH=80 man -l "$scratch/gitops-feedback/usr/share/man/man1/$page" | grep -q "EXIT STATUS"
done
MANWIDTH=80 man -l "$scratch/gitops-checkpoint/usr/share/man/man1/gitops-checkpoint.1.gz" \
    | grep -q "ENVIRONMENT"

# The unit, verified with ExecStart pointing at the extracted binary (verify wants it to exist).
unit="$scratch/gitops-checkpoint.service"
sed "s|/usr/bin/gitops-checkpoint|$scratch/gitops-checkpoint/usr/bin/gitops-checkpoint|" \
    packaging/gitops-checkpoint.service > "$unit"
# --man=no: the unit's man pages are in the package, not installed here.
systemd-analyze verify --man=no "$unit"
score=$(systemd-analyze security --offline=yes "$unit" | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
echo "security exposure: $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.5) }' || { echo "exposure $score > 2.5" >&2; exit 1; }

# The Kubernetes manifests: YAML that parses, each with a kind (no cluster schema here).
python3 - packaging/kubernetes/*.yaml <<'PY'
import sys, yaml
for name in sys.argv[1:]:
    for doc in yaml.safe_load_all(open(name)):
        assert doc and "kind" in doc, f"{name}: a document without kind"
print("kubernetes manifests parse:", len(sys.argv) - 1, "files")
PY

# The set-up's install lines, into throwaway roots.
for path in . collector; do
    cargo install --locked --quiet --path "$path" --root "$scratch/root" --target-dir target
done
"$scratch/root/bin/gitops" --version
"$scratch/root/bin/gitops-checkpoint" --version
echo "packaging checks passed"
