#!/usr/bin/env bash
# Runs the property tests of every parser that reads what someone else wrote (the config file,
# queue lines through the real sender, the checkpoint answer, the command line) with many more
# cases than CI does, and prints how many ran. Not part of CI: it takes minutes.
#   scripts/fuzz-properties.sh [cases per property, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
started=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --quiet --test properties -- --test-threads 1 2>&1 | tail -3
PROPTEST_CASES="$cases" cargo test --release --quiet --lib nothing_outside_the_vocabulary 2>&1 | tail -3
echo "5 properties x $cases cases in $(( $(date +%s) - started )) s"
