#!/usr/bin/env bash
# bench/timex.sh - time-expression benchmarks: TempEval-3 scores (development and held-out
# splits of the TempEval-3 training data), the time of a TempEval-3-size job, and the
# agreement with HeidelTime on Timeline17. Writes rows to bench/results.tsv (dataset,
# metric, value, command), replacing earlier rows of the same dataset and metric. The
# TempEval-3 scores are printed with their 95% bootstrap interval (1000 resamples of the
# documents, `annals eval timex --bootstrap`); the intervals are printed, not written as rows.
#
#   bench/timex.sh [--annals PATH] [--data DIR] [--split fnv1a-mod5|aquaint] [--out DIR]
#                  [--no-results]
#
#   --annals   the binary (default build/annals)
#   --data     the shared data directory (default $ANNALS_SHARED, else ../shared/data)
#   --split    held-out rule: fnv1a-mod5 (default; docs/TEMPORAL.md: a document is held
#              out when the 32-bit FNV-1a hash of its file name is 0 mod 5) or aquaint
#              (AQUAINT held out, TimeBank for development)
#   --out      where system TimeML, reports and the HeidelTime disagreement listing go
#              (default build/bench-timex)
#   --no-results  print the rows without touching bench/results.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
annals=build/annals
data=${ANNALS_SHARED:+$ANNALS_SHARED/data}
data=${data:-../shared/data}
split=fnv1a-mod5
out=build/bench-timex
write_results=1
while [ $# -gt 0 ]; do
  case "$1" in
    --annals) annals=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --split) split=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-results) write_results=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench/timex.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$split" in fnv1a-mod5|aquaint) ;; *) echo "bench/timex.sh: unknown split '$split'" >&2; exit 2 ;; esac
te3=$data/tempeval3-train
t17=$data/timeline17
[ -x "$annals" ] || { echo "bench/timex.sh: $annals not built (make build)" >&2; exit 2; }
[ -d "$te3" ] || { echo "bench/timex.sh: $te3 absent" >&2; exit 2; }

# 32-bit FNV-1a of a string (bytes), as in docs/TEMPORAL.md
fnv1a() {
  local s=$1 h=2166136261 i c
  for ((i = 0; i < ${#s}; i++)); do
    printf -v c '%d' "'${s:i:1}"
    h=$(( ((h ^ c) * 16777619) & 0xFFFFFFFF ))
  done
  echo $h
}

held_out() { # relative path -> 0 when held out
  local rel=$1
  case "$split" in
    fnv1a-mod5) [ $(( $(fnv1a "$(basename "$rel")") % 5 )) -eq 0 ] ;;
    aquaint) [[ "$rel" == AQUAINT/* ]] ;;
  esac
}

rm -rf "$out"
mkdir -p "$out/gold-dev" "$out/gold-heldout" "$out/time20"
abs_te3=$(cd "$te3" && pwd)
ndev=0; nheld=0
while IFS= read -r rel; do
  if held_out "$rel"; then part=heldout; nheld=$((nheld + 1)); else part=dev; ndev=$((ndev + 1)); fi
  mkdir -p "$out/gold-$part/$(dirname "$rel")"
  ln -s "$abs_te3/$rel" "$out/gold-$part/$rel"
done < <(cd "$te3" && find . -name '*.tml' | sed 's|^\./||' | LC_ALL=C sort)
echo "split $split: $ndev development, $nheld held-out documents"

. bench/results.sh
add_row() { result_row "$@"; printf '%-28s %-16s %s\n' "$1" "$2" "$3"; }

json_get() { # json path: integers as they are, fractions with four decimals
  local v
  v=$(jq -r "$2" <<<"$1")
  case "$2" in .documents) echo "$v" ;; *) printf '%.4f\n' "$v" ;; esac
}

for part in dev heldout; do
  cmd_tag="annals dates --timeml GOLD_$part SYS_$part"
  "$annals" dates --timeml "$out/gold-$part" "$out/sys-$part" 2>"$out/dates-$part.err" || {
    rc=$?; [ $rc -eq 3 ] || { cat "$out/dates-$part.err" >&2; exit 1; }; }
  set +e
  json=$("$annals" eval timex "$out/gold-$part" "$out/sys-$part" --format json --bootstrap 1000)
  rc=$?
  set -e
  [ $rc -le 3 ] || { echo "bench/timex.sh: eval failed ($rc)" >&2; exit 1; }
  "$annals" eval timex "$out/gold-$part" "$out/sys-$part" --bootstrap 1000 \
    > "$out/eval-$part.txt" || true
  cmd="bench/timex.sh --split $split ($cmd_tag; annals eval timex GOLD_$part SYS_$part)"
  ds="tempeval3-train-$part"
  add_row "$ds" documents "$(json_get "$json" .documents)" "$cmd"
  add_row "$ds" timex_strict_f1 "$(json_get "$json" '.strict.f1')" "$cmd"
  add_row "$ds" timex_relaxed_f1 "$(json_get "$json" '.relaxed.f1')" "$cmd"
  add_row "$ds" timex_value_f1 "$(json_get "$json" '.value.f1')" "$cmd"
  add_row "$ds" timex_type_f1 "$(json_get "$json" '.type.f1')" "$cmd"
  for m in strict relaxed value type; do
    printf '%-28s %-16s [%.4f, %.4f]  95%% CI, 1000 bootstrap resamples of the documents\n' \
      "$ds" "timex_${m}_f1" $(jq -r ".bootstrap.${m}_f1[]" <<<"$json")
  done
done

# (2) a TempEval-3-size job: 20 documents, process start included
(cd "$out/gold-dev" && find . -name '*.tml' | LC_ALL=C sort | head -20) | while IFS= read -r rel; do
  ln -s "$abs_te3/${rel#./}" "$out/time20/$(basename "$rel")"
done
timecmd="$annals dates --timeml $out/time20 $out/time20-out"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 20 --export-json "$out/time20.json" \
    --prepare "rm -rf $out/time20-out" "$timecmd" >/dev/null 2>&1 || true
  mean=$(jq -r '.results[0].mean' "$out/time20.json")
  how="hyperfine -N --warmup 3 --runs 20"
else
  runs=20; start=$(date +%s%N)
  for ((i = 0; i < runs; i++)); do rm -rf "$out/time20-out"; $timecmd 2>/dev/null || true; done
  mean=$(awk -v ns=$(( $(date +%s%N) - start )) -v r=$runs 'BEGIN { printf "%.6f", ns / r / 1e9 }')
  how="loop of 20 runs"
fi
add_row tempeval3-20docs dates_timeml_seconds "$(printf '%.4f' "$mean")" \
  "$how 'annals dates --timeml DIR_OF_20_TE3_DOCS OUT'"

# (3) agreement with HeidelTime on Timeline17 (HeidelTime as the reference)
if [ -d "$t17" ]; then
  set +e
  json=$("$annals" eval timex --heideltime "$t17" --format json 2>"$out/heideltime.err")
  "$annals" eval timex --heideltime "$t17" --verbose 2>/dev/null | grep '^MISMATCH' \
    > "$out/heideltime-disagreements.tsv"
  set -e
  cmd="annals eval timex --heideltime \$ANNALS_SHARED/data/timeline17 --format json"
  add_row timeline17-heideltime documents "$(json_get "$json" .documents)" "$cmd"
  add_row timeline17-heideltime agree_strict_f1 "$(json_get "$json" '.strict.f1')" "$cmd"
  add_row timeline17-heideltime agree_relaxed_f1 "$(json_get "$json" '.relaxed.f1')" "$cmd"
  add_row timeline17-heideltime agree_value_f1 "$(json_get "$json" '.value.f1')" "$cmd"
  add_row timeline17-heideltime agree_value_accuracy "$(json_get "$json" '.value.accuracy')" "$cmd"
  echo "disagreements: $out/heideltime-disagreements.tsv ($(wc -l < "$out/heideltime-disagreements.tsv") lines)"
else
  echo "timeline17 absent: HeidelTime agreement skipped"
fi

if [ $write_results -eq 1 ]; then results_write; fi
