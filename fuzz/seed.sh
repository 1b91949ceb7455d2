#!/usr/bin/env bash
# Seeds corpus/check_file with the base fixture's files, each after the byte
# that names its kind (the order of scorecard::load::Kind::ALL).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check_file
base=../tests/fixtures/base
kind=0
for file in scorecard.toml editions/2026/edition.toml editions/2026/framework.toml \
  editions/2026/platforms/ex-a/platform.toml editions/2026/platforms/ex-a/findings.toml \
  pages/about.md; do
  { printf "\\x$(printf %02x "$kind")"; cat "$base/$file"; } > "corpus/check_file/seed-$kind"
  kind=$((kind + 1))
done
