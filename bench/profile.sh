#!/usr/bin/env bash
# Profiles `scorecard build` on generated data with callgrind and prints the
# hot spots. Usage: bench/profile.sh [N [build|check]] (platforms per edition,
# default 300; the command to profile, default build).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
COMMAND=${2:-build}
SEED=${SEED:-1}
JOBS=${JOBS:-1}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }

# Release code with line tables, apart from the normal release build.
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    cargo build --release -j "$JOBS" --target-dir target/profiling --bin scorecard --example gen-data >&2
BIN=target/profiling/release

DATA=target/bench-data/n$N-s$SEED/data
if [ ! -e "$DATA/.complete" ]; then
    rm -rf "$DATA" "$DATA.partial"
    "$BIN/examples/gen-data" --platforms "$N" --seed "$SEED" --out "$DATA.partial"
    mv "$DATA.partial" "$DATA" && touch "$DATA/.complete"
fi

OUT=target/profiling/out-$N-$COMMAND
mkdir -p "$OUT"
rm -rf "$OUT/site"
args=(check --no-memo --data "$DATA")
[ "$COMMAND" = build ] && args=(build --data "$DATA" --out "$OUT/site")
# One rayon thread: the instruction counts are the same, and easier to read.
RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" \
    "$BIN/scorecard" "${args[@]}" 2>"$OUT/valgrind.log"
rm -rf "$OUT/site"

# `head` closes the pipe early: that is not a failure.
set +o pipefail
echo "== inclusive (function and everything it calls)"
callgrind_annotate --inclusive=yes --auto=no "$OUT/callgrind.out" 2>/dev/null | head -n 80
echo "== exclusive (the function's own instructions)"
callgrind_annotate --auto=no "$OUT/callgrind.out" 2>/dev/null | head -n 50
echo "callgrind data: $OUT/callgrind.out (open with kcachegrind or callgrind_annotate)"
