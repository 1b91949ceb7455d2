#!/usr/bin/env bash
# Times `scorecard serve`'s rebuilds after edits to one findings file of
# generated data, as serve itself reports them ("rebuilt N of M files in T
# ms"). Usage: bench/serve.sh [N [rationale|rating]] (platforms per edition,
# default 1000; what to edit, default rationale). EDITS (4) edits are made,
# each once the previous rebuild is reported; the file is restored after.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
EDIT=${2:-rationale}
SEED=${SEED:-1}
EDITS=${EDITS:-4}
JOBS=${JOBS:-1}
PORT=${PORT:-18111}

cargo build --release -j "$JOBS" --bin scorecard --example gen-data >&2
BIN=target/release

DATA=target/bench-data/n$N-s$SEED/data
if [ ! -e "$DATA/.complete" ]; then
    rm -rf "$DATA" "$DATA.partial"
    "$BIN/examples/gen-data" --platforms "$N" --seed "$SEED" --out "$DATA.partial" >&2
    mv "$DATA.partial" "$DATA" && touch "$DATA/.complete"
fi

# The first platform's third action of the newest edition.
PLATFORM=$(find "$DATA/editions/2026/platforms" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)
FILE=$PLATFORM/action-03.toml
SAVED=$(mktemp)
LOG=$(mktemp)
cp "$FILE" "$SAVED"
"$BIN/scorecard" serve --data "$DATA" --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
restore() {
    cp "$SAVED" "$FILE"
    kill -INT "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -f "$SAVED" "$LOG"
}
trap restore EXIT

# rebuilds N: waits (at most 10 minutes) until serve has reported N builds.
rebuilds() {
    for _ in $(seq 1 6000); do
        [ "$(grep -c '^rebuilt ' "$LOG")" -ge "$1" ] && return 0
        kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
        sleep 0.1
    done
    echo "serve did not report build $1" >&2
    exit 1
}

rebuilds 1
for i in $(seq 1 "$EDITS"); do
    case $EDIT in
        # A rationale edit: the same ratings, so no rank moves.
        rationale) sed -i "0,/rationale = \"\"\"/s//rationale = \"\"\"Edit $i. /" "$FILE" ;;
        # A rating edit, back and forth: ranks move.
        rating)
            if [ $((i % 2)) = 1 ]; then to=full; else to=none; fi
            sed -i "0,/rating = \"[a-z_]*\"/s//rating = \"$to\"/" "$FILE"
            ;;
        *) echo "what to edit: rationale or rating" >&2; exit 2 ;;
    esac
    rebuilds $((i + 1))
    sleep 0.5 # past the watcher's debounce, so that edits are not merged
done
echo "$N platforms per edition, $EDIT edits of ${FILE#"$DATA"/}:"
grep '^rebuilt ' "$LOG"
