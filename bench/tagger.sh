#!/usr/bin/env bash
# bench/tagger.sh - speed of the time-expression tagger on all Timeline17 article text, and
# its agreement with HeidelTime's annotations of the same articles.
#   bench/tagger.sh [BUILD_DIR] [SHARED_DIR]      (defaults: build, ../shared)
# Compiles bench/tagger_bench.c against BUILD_DIR/libannals_core.a (build it first with
# `make build`), then prints the tab-separated numbers recorded in bench/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=${2:-${ANNALS_SHARED:-../shared}}
t17="$shared/data/timeline17"
[ -d "$t17" ] || { echo "bench/tagger.sh: no Timeline17 under $shared/data" >&2; exit 77; }
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/tagger_bench.c "$build/libannals_core.a" \
  $(pkg-config --libs sqlite3 libutf8proc icu-uc jansson) -lstemmer -lm -o "$build/tagger_bench"
echo "== speed: tagger alone on $t17/*/InputDocs/*/*.txt"
find "$t17" -path '*/InputDocs/*' -name '*.txt' | sort | "$build/tagger_bench" speed
echo "== agreement with HeidelTime ($t17/*/time_annotated)"
find "$t17" -path '*/time_annotated/*' -name '*.timeml' | sort | "$build/tagger_bench" heideltime
