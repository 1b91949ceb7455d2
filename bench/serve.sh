#!/usr/bin/env bash
# Times `scorecard serve`'s rebuilds after edits to one findings file of
# generated data, while a browser (curl) shows that platform's report: from
# the save until the reloaded page has changed, and as serve itself reports
# them ("reloaded 1 open page(s) in T ms", "rebuilt N of M files in T ms").
# Usage: bench/serve.sh [N [rationale|rating]] (platforms per edition,
# default 1000, or `example` for a copy of the example data; what to edit,
# default rationale). EDITS (4) edits are made,
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

WORK=
if [ "$N" = example ]; then
    # The example data, copied: a governance findings file of its chat app.
    WORK=$(mktemp -d)
    cp -r data "$WORK/data"
    DATA=$WORK/data
    PLATFORM=$DATA/editions/2026/platforms/example-chat
    FILE=$PLATFORM/findings/governance.toml
else
    DATA=target/bench-data/n$N-s$SEED/data
    if [ ! -e "$DATA/.complete" ]; then
        rm -rf "$DATA" "$DATA.partial"
        "$BIN/examples/gen-data" --platforms "$N" --seed "$SEED" --out "$DATA.partial" >&2
        mv "$DATA.partial" "$DATA" && touch "$DATA/.complete"
    fi
    # The first platform's third action of the newest edition.
    PLATFORM=$(find "$DATA/editions/2026/platforms" -mindepth 1 -maxdepth 1 -type d | sort | sed -n 1p)
    FILE=$PLATFORM/action-03.toml
fi
SLUG=$(basename "$PLATFORM")
PAGE=/platforms/$SLUG/
SAVED=$(mktemp)
LOG=$(mktemp)
EVENTS=$(mktemp)
cp "$FILE" "$SAVED"
"$BIN/scorecard" serve --data "$DATA" --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
LISTENER=
restore() {
    cp "$SAVED" "$FILE"
    [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
    kill -INT "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -f "$SAVED" "$LOG" "$EVENTS"
    [ -z "$WORK" ] || rm -rf "$WORK"
}
trap restore EXIT

# until COUNT PATTERN FILE: waits (at most 10 minutes) until FILE has COUNT
# lines matching PATTERN.
until_lines() {
    for _ in $(seq 1 60000); do
        [ "$(grep -c "$2" "$3")" -ge "$1" ] && return 0
        kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
        sleep 0.01
    done
    echo "no $1 lines of $2 in $3" >&2
    exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

until_lines 1 '^rebuilt ' "$LOG"
# A browser showing the edited platform's report: it listens for reloads.
curl -sN "http://127.0.0.1:$PORT/__scorecard/events?page=$PAGE" >"$EVENTS" &
LISTENER=$!
until_lines 1 '^: connected' "$EVENTS"
BEFORE=$(curl -s "http://127.0.0.1:$PORT$PAGE" | md5sum)
SEEN=()
for i in $(seq 1 "$EDITS"); do
    start=$(now_ms)
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
    # What the browser does: on the reload event, fetch the page again.
    until_lines "$i" '^data: ' "$EVENTS"
    AFTER=$(curl -s "http://127.0.0.1:$PORT$PAGE" | md5sum)
    shown=$(($(now_ms) - start))
    [ "$AFTER" != "$BEFORE" ] || { echo "edit $i: the reloaded page did not change" >&2; exit 1; }
    BEFORE=$AFTER
    # Then a click to the overview, which a rating edit changes too: if it
    # is not rewritten yet, the request waits for it, and it goes first.
    clicked=$(now_ms)
    curl -s "http://127.0.0.1:$PORT/" >/dev/null
    overview=$(($(now_ms) - clicked))
    SEEN+=("edit $i: the open page showed the edit $shown ms after the save; then the overview took $overview ms")
    until_lines $((i + 1)) '^rebuilt ' "$LOG"
    sleep 0.5 # past the watcher's debounce, so that edits are not merged
done
echo "$N platforms per edition, $EDIT edits of ${FILE#"$DATA"/}, $PAGE open:"
printf '%s\n' "${SEEN[@]}"
echo "serve's own report (the first build, then one reload and one rebuild per edit):"
grep -E '^(rebuilt|reloaded) ' "$LOG"
