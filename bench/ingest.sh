#!/usr/bin/env bash
# bench/ingest.sh - end-to-end ingest speed (read, normalize, split, tag, index, store) into
# a fresh store: Timeline17's articles (all InputDocs) and Reuters-21578 (22 SGML files).
# Reports the median of RUNS runs: MB/s of raw input, documents/s, wall seconds, peak RSS,
# CPU seconds (user + system, both threads) and MB per CPU second. Run it on an otherwise
# idle machine.
#
#   bench/ingest.sh [ANNALS] [--runs N] [--no-results]
set -euo pipefail
cd "$(dirname "$0")/.."
annals=build/annals
runs=3
write=1
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-results) write=0; shift ;;
    *) annals=$1; shift ;;
    esac
done
data=${ANNALS_SHARED:-../shared}/data
[ -d "$data" ] || { echo "bench/ingest.sh: $data is absent" >&2; exit 77; }
. bench/results.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# bench_one DATASET DOCS PATH...
bench_one() {
    local name=$1 docs=$2
    shift 2
    local bytes
    bytes=$(find "$@" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    : >"$tmp/times"
    : >"$tmp/rss"
    : >"$tmp/cpu"
    for _ in $(seq 1 "$runs"); do
        rm -f "$tmp/s.db" "$tmp/s.db-wal" "$tmp/s.db-shm"
        /usr/bin/time -f '%e %M %U %S' -o "$tmp/t" "$annals" ingest -q --store "$tmp/s.db" "$@" \
            >/dev/null 2>"$tmp/err" || [ $? -eq 3 ]
        read -r secs kib user sys < <(tail -n 1 "$tmp/t")
        echo "$secs" >>"$tmp/times"
        echo "$kib" >>"$tmp/rss"
        awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f\n", u + s}' >>"$tmp/cpu"
    done
    local secs kib cpu
    secs=$(median <"$tmp/times")
    kib=$(median <"$tmp/rss")
    cpu=$(median <"$tmp/cpu")
    local cmd="bench/ingest.sh (median of $runs: annals ingest into a fresh store)"
    local mbs dps mbc
    mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.1f", b / 1e6 / s}')
    dps=$(awk -v d="$docs" -v s="$secs" 'BEGIN {printf "%.0f", d / s}')
    mbc=$(awk -v b="$bytes" -v c="$cpu" 'BEGIN {printf "%.1f", b / 1e6 / c}')
    printf '%-22s %8.1f MB %6d docs  %6.2f s  %6.1f MB/s  %7.0f docs/s  peak RSS %.0f MB' \
        "$name" "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$docs" "$secs" "$mbs" "$dps" \
        "$(awk -v k="$kib" 'BEGIN {print k / 1024}')"
    printf '  CPU %.2f s  %.1f MB per CPU-s\n' "$cpu" "$mbc"
    result_row "$name" ingest_input_MB "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')" "$cmd"
    result_row "$name" ingest_documents "$docs" "$cmd"
    result_row "$name" ingest_wall_s "$secs" "$cmd"
    result_row "$name" ingest_MB_per_s "$mbs" "$cmd"
    result_row "$name" ingest_docs_per_s "$dps" "$cmd"
    result_row "$name" ingest_cpu_s "$cpu" "$cmd"
    result_row "$name" ingest_MB_per_cpu_s "$mbc" "$cmd"
    result_row "$name" ingest_peak_rss_MB "$(awk -v k="$kib" 'BEGIN {printf "%.0f", k / 1024}')" "$cmd"
}

t17_docs=$(find "$data"/timeline17/*/InputDocs -type f -size +0 | wc -l)
bench_one timeline17-inputdocs "$t17_docs" "$data"/timeline17/*/InputDocs
reuters_docs=$(grep -c '<REUTERS ' "$data"/reuters21578/*.sgm | awk -F: '{s += $2} END {print s}')
bench_one reuters21578 "$reuters_docs" "$data"/reuters21578/*.sgm
if [ $write -eq 1 ]; then
    results_write
fi
exit 0
