#!/usr/bin/env bash
# Builds the collector's image from packaging/Containerfile: a static binary for
# x86_64-unknown-linux-musl (rustup's target and Debian's musl-tools, for SQLite's C code), put
# alone in a build context, then `podman build` (or buildah, with BUILDER=buildah).
# Usage: packaging/build-image.sh [TAG]   (default gitops-checkpoint:VERSION of the crate)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' collector/Cargo.toml | head -1)
tag=${1:-gitops-checkpoint:$version}
target=x86_64-unknown-linux-musl
target_dir=${CARGO_TARGET_DIR:-target}

CC_x86_64_unknown_linux_musl=${CC_x86_64_unknown_linux_musl:-musl-gcc} \
    cargo build --release --locked --target "$target" -p gitops-checkpoint --bin gitops-checkpoint
binary="$target_dir/$target/release/gitops-checkpoint"
if readelf -l "$binary" | grep -q "Requesting program interpreter"; then
    echo "$binary is not a static binary: it asks for a dynamic loader" >&2
    exit 1
fi
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$binary" "$context/gitops-checkpoint"
strip "$context/gitops-checkpoint"
"${BUILDER:-podman}" build -f packaging/Containerfile -t "$tag" "$context"
