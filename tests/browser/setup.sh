#!/usr/bin/env bash
# Installs what the browser suite (tests/browser/suite.mjs) needs, when missing:
#   - Debian's chromium (the browser) and poppler-utils (pdftotext, to read the
#     printed PDF), through apt-get;
#   - axe-core and playwright-core, pinned in package-lock.json, through `npm ci`.
# Playwright's own browser download is never used: the suite drives
# /usr/bin/chromium (or $CHROMIUM_PATH).
#
# Usage: bash tests/browser/setup.sh [--no-system]
#   --no-system  do not install Debian packages; only check that they are there
#                (the npm packages are still installed, inside tests/browser).
# Exits 0 when everything is ready, 1 with the reason on stderr otherwise.
# Running it again when everything is there does nothing and takes no time.
set -euo pipefail
cd "$(dirname "$0")"

system=1
for arg in "$@"; do
    case "$arg" in
        --no-system) system=0 ;;
        *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
say() { echo "browser setup: $*" >&2; }
fail() { say "$*"; exit 1; }

# --- Debian packages -------------------------------------------------------
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$system" = 0 ]; then
        fail "missing ${missing[*]} (run bash tests/browser/setup.sh to install)"
    fi
    command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and no apt-get to install them"
    sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "missing ${missing[*]}; installing them needs root"
        sudo=(sudo -n)
    fi
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq || fail "apt-get update failed"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || fail "apt-get install ${missing[*]} failed"
fi

[ -x "$chromium" ] || fail "no Chromium at $chromium"
command -v pdftotext >/dev/null 2>&1 || fail "no pdftotext (Debian package poppler-utils)"
command -v node >/dev/null 2>&1 || fail "no node"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || fail "node $(node --version) is too old: playwright-core needs node 20 or newer"

# --- npm packages -----------------------------------------------------------
# Up to date when every package of the lock file is installed at its version.
up_to_date() {
    node -e '
        const fs = require("fs");
        const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
        for (const [path, entry] of Object.entries(lock.packages)) {
            if (!path) continue;
            const installed = JSON.parse(fs.readFileSync(path + "/package.json", "utf8"));
            if (installed.version !== entry.version) process.exit(1);
        }
    ' 2>/dev/null
}
if ! up_to_date; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null || fail "npm ci failed"
    up_to_date || fail "npm ci did not install the locked versions"
fi
say "ready: $("$chromium" --version 2>/dev/null | head -n 1), node $(node --version)"
