#!/usr/bin/env bash
# Times `scorecard check` and `scorecard build` against Hugo and `cp -r` on
# generated data of N platforms per edition, and writes bench/RESULTS.md.
# See bench/README.md. Knobs (environment):
#   SIZES="100 1000 10000"  platforms per edition to run
#   SEED=1                  generator seed (data is cached by N and seed)
#   RUNS=3                  timed runs per measurement, median reported
#                           (one run only from LARGE=10000 platforms up)
#   HUGO_AS_GIB=16          address-space cap for Hugo, in GiB (prlimit --as)
#   HUGO_GOMEMLIMIT=2GiB    the GOMEMLIMIT of the second Hugo run
#   TIMEOUT=1800            seconds before any one timed command is stopped
#   JOBS=1                  cargo build jobs (the machine is shared)
#   COLD_WAIT=15            seconds each run waits, once settled, for the
#                           memory freed before it to go back to the host
#                           (0 where the kernel has no free page reporting)
#   RESULTS=bench/RESULTS.md
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-"100 1000 10000"}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
LARGE=${LARGE:-10000}
HUGO_AS_GIB=${HUGO_AS_GIB:-16}
HUGO_AS=$((HUGO_AS_GIB * 1024 * 1024 * 1024)) # prlimit takes bytes, no suffix
HUGO_GOMEMLIMIT=${HUGO_GOMEMLIMIT:-2GiB}
TIMEOUT=${TIMEOUT:-1800}
JOBS=${JOBS:-1}
RESULTS=${RESULTS:-$ROOT/bench/RESULTS.md}
COLD_WAIT_DEFAULT=0
[ -d /sys/module/page_reporting ] && COLD_WAIT_DEFAULT=15
COLD_WAIT=${COLD_WAIT:-$COLD_WAIT_DEFAULT}
DATA_ROOT=$ROOT/target/bench-data
WORK=$ROOT/target/bench-work
LOGS=$WORK/logs

say() { printf '%s\n' "$*" >&2; }

# ------------------------------------------------------------------ tools

APT_UPDATED=0
install() {
    if [ "$APT_UPDATED" = 0 ]; then
        say "installing $*: apt-get update first"
        apt-get update -qq >&2
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
[ -x /usr/bin/time ] || install time
command -v hugo >/dev/null || install hugo
command -v prlimit >/dev/null || install util-linux
command -v timeout >/dev/null || install coreutils

say "building scorecard and the generator (release, -j $JOBS)"
cargo build --release -j "$JOBS" --bin scorecard --example gen-data >&2
SCORECARD=$ROOT/target/release/scorecard
GEN=$ROOT/target/release/examples/gen-data

mkdir -p "$DATA_ROOT" "$WORK" "$LOGS"

# ------------------------------------------------------------------ measuring

# settle DIR...: before a timed run, writes out what is pending and, where
# allowed (root), drops the page cache and reads DIR... (the run's inputs)
# back in. Every run then starts alike: inputs in memory, nothing else. It
# matters on a file system without a journal (this machine's ext4): there
# the kernel passes over the inodes deleted in the last minutes while it
# still caches their blocks, so a run that makes thousands of files just
# after `rm -rf` of the last run's output spent seconds more in the kernel.
# Then it waits COLD_WAIT seconds: on a VM whose balloon reports free pages
# to the host (this one), memory freed in the last seconds is still the
# guest's and cheap to take again, while memory free for longer must be
# faulted in on the host first (dd wrote 1.2 GB in 0.27 s just after 1.3 GB
# were freed, in 2.25 s twelve seconds later). Without the wait, the first
# of three runs paid that and the next two, reusing the memory of the run
# before, did not; a 10,000-platform run, larger than anything freed
# before it, always pays it. With it, every run starts from memory handed
# back, as far as the wait reaches: 15 s cover the 1.3 GB a 1,000-platform
# build or dd frees, not the 2.4 GB before cp's second run nor Hugo's 9 GB
# heap, whose later runs stay partly warm (in their favour).
settle() {
    sync
    [ -w /proc/sys/vm/drop_caches ] || return 0
    echo 1 >/proc/sys/vm/drop_caches
    local dir
    for dir in "$@"; do
        find "$dir" -type f -print0 | xargs -0r cat >/dev/null
    done
    sleep "$COLD_WAIT"
}

# measure NAME CMD...: settles (see above, with the inputs in WARM) and runs
# CMD under /usr/bin/time -v; sets
#   M_SECONDS (wall, from the clock), M_CPU (user + system seconds), M_USER
#   and M_SYS (each alone),
#   M_RSS_MB (peak RSS of the largest process), M_STATUS (exit
#   status), M_OUTCOME ("ok", "killed (memory)", "timed out", "failed (…)").
# Never fails itself.
measure() {
    local name=$1
    shift
    local log=$LOGS/$name.log stats=$LOGS/$name.time
    # shellcheck disable=SC2086 # WARM is a list of folders
    settle ${WARM:-}
    local start end status=0
    start=$(date +%s%N)
    /usr/bin/time -v -o "$stats" timeout --signal=KILL "$TIMEOUT" "$@" >"$log" 2>&1 || status=$?
    end=$(date +%s%N)
    M_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    M_RSS_MB=$(awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$stats" 2>/dev/null)
    M_RSS_MB=${M_RSS_MB:-?}
    M_CPU=$(awk -F': ' '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$stats" 2>/dev/null)
    M_USER=$(awk -F': ' '/User time/ { printf "%.2f", $2 }' "$stats" 2>/dev/null)
    M_SYS=$(awk -F': ' '/System time/ { printf "%.2f", $2 }' "$stats" 2>/dev/null)
    M_STATUS=$status
    if [ "$status" = 0 ]; then
        M_OUTCOME=ok
    elif grep -qiE 'out of memory|cannot allocate memory|memory limit' "$log"; then
        M_OUTCOME="killed (memory)"
    elif [ "$status" = 137 ] && awk -v s="$M_SECONDS" -v t="$TIMEOUT" 'BEGIN { exit !(s >= t - 1) }'; then
        M_OUTCOME="timed out"
    elif [ "$status" = 137 ]; then
        # SIGKILL before the time-out: the kernel's OOM killer.
        M_OUTCOME="killed (memory)"
    else
        M_OUTCOME="failed (exit $status)"
    fi
    say "  $name: $M_OUTCOME, ${M_SECONDS} s (CPU ${M_CPU} s), peak RSS ${M_RSS_MB} MB"
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$M_OUTCOME" "$M_SECONDS" "$M_CPU" \
        "${M_USER:-?}" "${M_SYS:-?}" "$M_RSS_MB" >>"$WORK/raw.md"
}

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# largest of the arguments
largest() { printf '%s\n' "$@" | sort -g | tail -n 1; }
# a / b to two decimals, or "–"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "–" }'; }

# repeat TIMES NAME CMD...: measure TIMES times, removing OUT_DIR (if set)
# before each run; sets R_SECONDS, R_CPU, R_USER and R_SYS (medians), R_RSS_MB (largest),
# R_OUTCOME (ok, or the first failure).
repeat() {
    local times=$1 name=$2
    shift 2
    local secs=() cpu=() user=() sys=() rss=() i
    R_OUTCOME=ok
    for ((i = 1; i <= times; i++)); do
        [ -n "${OUT_DIR:-}" ] && rm -rf "$OUT_DIR"
        measure "$name-$i" "$@"
        if [ "$M_OUTCOME" != ok ]; then
            R_OUTCOME=$M_OUTCOME
            R_SECONDS=$M_SECONDS
            R_CPU=$M_CPU
            R_USER=$M_USER
            R_SYS=$M_SYS
            R_RSS_MB=$M_RSS_MB
            return
        fi
        secs+=("$M_SECONDS")
        cpu+=("$M_CPU")
        user+=("$M_USER")
        sys+=("$M_SYS")
        rss+=("$M_RSS_MB")
    done
    R_SECONDS=$(median "${secs[@]}")
    R_CPU=$(median "${cpu[@]}")
    R_USER=$(median "${user[@]}")
    R_SYS=$(median "${sys[@]}")
    R_RSS_MB=$(largest "${rss[@]}")
}

# ------------------------------------------------------------------ data

# generated KIND N: the cached data folder (KIND=data) or Hugo site (KIND=hugo)
generated() {
    local kind=$1 n=$2
    local dir=$DATA_ROOT/n$n-s$SEED/$kind
    if [ ! -e "$dir/.complete" ]; then
        rm -rf "$dir" "$dir.partial"
        local flag=--out
        [ "$kind" = hugo ] && flag=--hugo
        say "  generating the $kind for N=$n (seed $SEED)"
        "$GEN" --platforms "$n" --seed "$SEED" "$flag" "$dir.partial" >&2
        mv "$dir.partial" "$dir"
        touch "$dir/.complete"
    fi
    printf '%s\n' "$dir"
}

# ------------------------------------------------------------------ runs

: >"$WORK/raw.md"
ROWS=()
NOTES=()
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for n in $SIZES; do
    say "N=$n platforms per edition"
    runs=$RUNS
    [ "$n" -ge "$LARGE" ] && runs=1
    need_mb=$((n * 4))
    free_mb=$(df -Pm "$ROOT/target" | awk 'NR == 2 { print $4 }')
    if [ "$free_mb" -lt "$need_mb" ]; then
        NOTES+=("N=$n skipped: about $need_mb MB of disk needed, $free_mb MB free.")
        say "  skipped: not enough disk"
        continue
    fi
    data=$(generated data "$n")
    hugo_src=$(generated hugo "$n")
    site=$WORK/site-$n
    copy=$WORK/copy-$n
    hugo_out=$WORK/hugo-$n

    # check without its memo (every file parsed), then with the memo that a
    # first check writes beside the data folder (only changed files parsed).
    memo=$(dirname "$data")/.scorecard-check.json
    rm -f "$memo"
    WARM=$data OUT_DIR='' repeat "$runs" "n$n-check-no-memo" "$SCORECARD" check --no-memo --data "$data"
    cold_s=$R_SECONDS
    [ "$R_OUTCOME" = ok ] || cold_s=$R_OUTCOME
    "$SCORECARD" check --data "$data" >/dev/null 2>&1 || true
    WARM="$data $memo" OUT_DIR='' repeat "$runs" "n$n-check" "$SCORECARD" check --data "$data"
    check_s=$R_SECONDS check_outcome=$R_OUTCOME

    WARM=$data OUT_DIR=$site repeat "$runs" "n$n-build" "$SCORECARD" build --data "$data" --out "$site"
    build_s=$R_SECONDS build_cpu=$R_CPU build_rss=$R_RSS_MB build_outcome=$R_OUTCOME
    build_user=$R_USER build_sys=$R_SYS
    if [ "$build_outcome" != ok ]; then
        ROWS+=("| $n | – | – | $cold_s | $check_s | $build_outcome | – | – | – | – | – | – | – | $build_rss | – | – |")
        NOTES+=("N=$n: scorecard build $build_outcome (see target/bench-work/logs/n$n-build-*.log).")
        # A build stopped half-way leaves its staging folder beside the output.
        rm -rf "$site" "$WORK/.site-$n.partial-"*
        continue
    fi
    pages=$(find "$site" -name '*.html' | wc -l)
    site_mb=$(du -sm "$site" | cut -f1)

    WARM=$site OUT_DIR=$copy repeat "$runs" "n$n-cp" cp -r "$site" "$copy"
    cp_s=$R_SECONDS
    rm -rf "$copy" "$site"
    # The machine's own cost of writing as many bytes, into one file: no
    # program that writes the site can do with less. How it grows from
    # 1,000 to 10,000 platforms tells the machine's part in the build's.
    OUT_DIR=$WORK/dd-$n repeat "$runs" "n$n-dd" \
        dd if=/dev/zero of="$WORK/dd-$n" bs=1M count="$site_mb" status=none
    dd_s=$R_SECONDS
    rm -f "$WORK/dd-$n"

    WARM=$hugo_src OUT_DIR=$hugo_out repeat "$runs" "n$n-hugo" \
        env -u GOMEMLIMIT prlimit --as="$HUGO_AS" hugo --quiet -s "$hugo_src" -d "$hugo_out"
    hugo_s=$R_SECONDS hugo_cpu=$R_CPU hugo_rss=$R_RSS_MB hugo_outcome=$R_OUTCOME
    hugo_pages=–
    [ "$hugo_outcome" = ok ] && hugo_pages=$(find "$hugo_out" -name '*.html' | wc -l)
    rm -rf "$hugo_out"
    WARM=$hugo_src OUT_DIR=$hugo_out repeat 1 "n$n-hugo-gomemlimit" \
        env GOMEMLIMIT="$HUGO_GOMEMLIMIT" prlimit --as="$HUGO_AS" hugo --quiet -s "$hugo_src" -d "$hugo_out"
    capped_s=$R_SECONDS capped_rss=$R_RSS_MB capped_outcome=$R_OUTCOME
    rm -rf "$hugo_out"

    hugo_cell=$hugo_s
    [ "$hugo_outcome" = ok ] || hugo_cell="$hugo_outcome after $hugo_s s"
    capped_cell="$capped_s s, $capped_rss MB"
    [ "$capped_outcome" = ok ] || capped_cell="$capped_outcome after $capped_s s"
    sc_hugo=–
    [ "$hugo_outcome" = ok ] && sc_hugo=$(ratio "$build_s" "$hugo_s")
    [ "$hugo_outcome" = ok ] || [ "$capped_outcome" != ok ] || sc_hugo="$(ratio "$build_s" "$capped_s") (vs capped)"
    pps=$(awk -v p="$pages" -v s="$build_s" 'BEGIN { printf "%.0f", p / s }')
    [ "$check_outcome" = ok ] || check_s="$check_outcome"
    ROWS+=("| $n | $pages | $site_mb | $cold_s | $check_s | $build_s | $hugo_cell | $capped_cell | $cp_s | $sc_hugo | $(ratio "$build_s" "$cp_s") | $build_cpu | $hugo_cpu | $build_rss | $hugo_rss | $pps |")
    NOTES+=("N=$n: writing the output's $site_mb MB into one file (\`dd\`) took $dd_s s.")
    NOTES+=("N=$n: Hugo wrote $hugo_pages HTML pages from $(find "$hugo_src/content" -name '*.md' | wc -l) markdown files ($(du -sm "$hugo_src/content" | cut -f1) MB); the data folder is $(du -sm "$data" | cut -f1) MB in $(find "$data" -type f | wc -l) files.")
    declare "BUILD_$n=$build_s" "USER_$n=$build_user" "SYS_$n=$build_sys" "RSS_$n=$build_rss" "CHECK_$n=$check_s" "COLD_$n=$cold_s" "CP_$n=$cp_s" "DD_$n=$dd_s" \
        "HUGO_$n=$hugo_s" "HUGOOK_$n=$hugo_outcome" "CAPPED_$n=$capped_s" "CAPPEDOK_$n=$capped_outcome"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ targets

yes_no() { awk "BEGIN { exit !($1) }" && echo met || echo "not met"; }
TARGETS=()
if [ -n "${BUILD_1000:-}" ]; then
    if [ "$HUGOOK_1000" = ok ]; then
        r=$(ratio "$BUILD_1000" "$HUGO_1000")
        TARGETS+=("- 1,000: scorecard/Hugo $r < 0.5: $(yes_no "$r < 0.5")")
    elif [ "$CAPPEDOK_1000" = ok ]; then
        r=$(ratio "$BUILD_1000" "$CAPPED_1000")
        TARGETS+=("- 1,000: scorecard/Hugo: Hugo without GOMEMLIMIT $HUGOOK_1000; against Hugo with GOMEMLIMIT=$HUGO_GOMEMLIMIT $r < 0.5: $(yes_no "$r < 0.5")")
    else
        TARGETS+=("- 1,000: scorecard/Hugo: Hugo $HUGOOK_1000 (with GOMEMLIMIT=$HUGO_GOMEMLIMIT: $CAPPEDOK_1000), no ratio")
    fi
    r=$(ratio "$BUILD_1000" "$CP_1000")
    TARGETS+=("- 1,000: scorecard/cp $r < 3: $(yes_no "$r < 3")")
    TARGETS+=("- 1,000: peak RSS $RSS_1000 MB < 256 MB: $(yes_no "$RSS_1000 < 256")")
    TARGETS+=("- 1,000: check $CHECK_1000 s < 0.5 s: $(yes_no "$CHECK_1000 < 0.5") (from its memo; without one, every file parsed: $COLD_1000 s, $(yes_no "$COLD_1000 < 0.5"))")
fi
if [ -n "${BUILD_1000:-}" ] && [ -n "${BUILD_10000:-}" ]; then
    r=$(ratio "$BUILD_10000" "$BUILD_1000")
    TARGETS+=("- 10,000: build takes ${r}× the 1,000 time, ≤ 11×: $(yes_no "$r <= 11")")
    # Where the growth is: the build's own work (user CPU), the kernel's
    # (system CPU: creating and writing the files), and the I/O floor's.
    TARGETS+=("  (user CPU $(ratio "$USER_10000" "$USER_1000")×, system CPU $(ratio "$SYS_10000" "$SYS_1000")×; \`cp -r\` of the output took $(ratio "$CP_10000" "$CP_1000")×, and \`dd\` of as many bytes $(ratio "$DD_10000" "$DD_1000")×: $DD_10000 s against $DD_1000 s)")
    TARGETS+=("- 10,000: peak RSS $RSS_10000 MB < 1024 MB: $(yes_no "$RSS_10000 < 1024")")
fi

# ------------------------------------------------------------------ report

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
    echo "# Benchmark results"
    echo
    echo "Written by \`bench/run.sh\` (see bench/README.md); the newest run replaces this file."
    echo
    echo "## Machine"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $cpu, nproc $(nproc); memory $mem"
    echo "- load average before / after: $LOAD_BEFORE / $LOAD_AFTER (the machine is shared)"
    echo "- $("$SCORECARD" --version) (commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')), $(rustc --version)"
    echo "- $(hugo version | cut -d' ' -f1-2), $(cp --version | head -n 1), kernel $(uname -r)"
    settled="page cache warm"
    [ -w /proc/sys/vm/drop_caches ] && settled="before each run, page cache dropped, the run's inputs read back in, then a wait of $COLD_WAIT s for freed memory to go back to the host"
    echo "- seed $SEED; median of $RUNS runs (1 run from $LARGE platforms up); $settled"
    echo
    echo "## Results"
    echo
    echo "N is platforms per edition (two editions; the latest is also built at the root)."
    echo "Times are wall seconds. Hugo runs under \`prlimit --as\` ($HUGO_AS_GIB GiB), first with GOMEMLIMIT"
    echo "unset, then once with GOMEMLIMIT=$HUGO_GOMEMLIMIT. Ratios are scorecard build time over"
    echo "the other tool's time (lower is better for scorecard). CPU is user + system seconds, which"
    echo "other processes on a shared machine disturb less than wall time."
    echo
    echo "| N | pages (html) | output MB | check s, no memo | check s, memo | scorecard build s | Hugo s | Hugo GOMEMLIMIT=$HUGO_GOMEMLIMIT | cp -r s | scorecard/Hugo | scorecard/cp | scorecard CPU s | Hugo CPU s | scorecard peak RSS MB | Hugo peak RSS MB | pages/s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    if [ "${#TARGETS[@]}" -gt 0 ]; then
        echo "## Targets"
        echo
        printf '%s\n' "${TARGETS[@]}"
        echo
    fi
    if [ "${#NOTES[@]}" -gt 0 ]; then
        echo "## Notes"
        echo
        printf -- '- %s\n' "${NOTES[@]}"
        echo
    fi
    echo "## Every timed run"
    echo
    echo "| run | outcome | wall s | CPU s | user s | system s | peak RSS MB |"
    echo "|---|---|---|---|---|---|---|"
    cat "$WORK/raw.md"
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
say ""
sed -n '/^## Results/,/^## Every timed run/p' "$RESULTS" | sed '$d'
say "written to ${RESULTS#"$ROOT"/}"
