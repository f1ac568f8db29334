#!/usr/bin/env bash
# annals bench t17 on one small topic (haiti: one source, one task): the protocol runs end
# to end, prints a task row and the average, writes the result rows, and a LOTO run on two
# topics trains on the other one (and writes the model fitted on both, and runs with learned
# sentence scoring). Skips when the Timeline17 data is absent.
set -u
data="${ANNALS_SHARED:-../shared}/data/timeline17"
if [ ! -d "$data/haiti_bbc" ] || [ ! -f "$data/../timeline17-topics.tsv" ]; then
    echo "skip: Timeline17 data not found under $data"; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$ANNALS" bench t17 --data "$data" --topics haiti --results "$tmp/r.tsv" >"$tmp/out" 2>"$tmp/err" \
    || fail "bench exited $?: $(cat "$tmp/err")"
grep -q '^haiti_bbc/bbc ' "$tmp/out" || fail "no task row: $(cat "$tmp/out")"
grep -q '^average' "$tmp/out" || fail "no average row"
grep -q 'ingest+tag' "$tmp/out" || fail "no stage timings"
# date F1 of the single task is a number in (0, 1]
f1=$(awk '/^haiti_bbc\/bbc /{print $6}' "$tmp/out")
awk -v f="$f1" 'BEGIN{exit !(f > 0 && f <= 1)}' || fail "date F1 '$f1' out of range"
[ "$(head -1 "$tmp/r.tsv")" = "$(printf 'dataset\tmetric\tvalue\tcommand')" ] || fail "results header"
grep -q "^timeline17-insample	ar1_f	0\.[0-9]*	annals bench t17 --topics haiti$" "$tmp/r.tsv" || fail "ar1 row"
# running again replaces its rows in place instead of appending; other rows stay
printf 'other\tar1_f\t0.5\tsomething else\n' >>"$tmp/r.tsv"
"$ANNALS" bench t17 --data "$data" --topics haiti --results "$tmp/r.tsv" >/dev/null 2>&1
[ "$(grep -c 'ar1_f.*annals bench' "$tmp/r.tsv")" = 1 ] || fail "rows duplicated"
[ "$(grep -c seconds_total "$tmp/r.tsv")" = 1 ] || fail "timing rows duplicated"
[ "$(tail -1 "$tmp/r.tsv")" = "$(printf 'other\tar1_f\t0.5\tsomething else')" ] \
    || fail "other rows moved or lost: $(cat "$tmp/r.tsv")"

# --date-errors: the timeline's dates by distance to the nearest reference date; the exact
# ones and the total agree with the task's date F1 (2 x exact / (dates + l))
"$ANNALS" bench t17 --data "$data" --topics haiti --date-errors --results - >"$tmp/de" 2>"$tmp/err" \
    || fail "--date-errors exited $?: $(cat "$tmp/err")"
line=$(grep '^dates by distance to the nearest reference date: ' "$tmp/de") \
    || fail "no date-error line: $(cat "$tmp/de")"
field() { echo "$line" | sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p"; }
exact=$(field exact); one=$(field 'one day'); taken=$(field 'taken too'); two=$(field 'two days')
week=$(field '3-7 days'); far=$(field 'or more')
n=$((exact + one + two + week + far))
l=$(awk '/^haiti_bbc\/bbc /{print $2}' "$tmp/de")
f1=$(awk '/^haiti_bbc\/bbc /{print $6}' "$tmp/de")
[ "$taken" -le "$one" ] && [ "$n" -ge 1 ] && [ "$n" -le "$l" ] || fail "date errors: $line (l $l)"
awk -v e="$exact" -v n="$n" -v l="$l" -v f="$f1" \
    'BEGIN{d = 2 * e / (n + l) - f; exit !(d < 0.00006 && d > -0.00006)}' \
    || fail "date errors $line do not give the date F1 $f1 (l $l)"

"$ANNALS" bench t17 --data "$data" --topics haiti,mj --loto --format json --results - \
    --fit-model "$tmp/fit.tsv" >"$tmp/j" 2>"$tmp/err" || fail "loto exited $?: $(cat "$tmp/err")"
grep -q '"loto": true' "$tmp/j" || fail "json loto flag"
grep -q '"task": "MJ_bbc/bbc.co.uk"' "$tmp/j" || fail "json task"
# the date learner and the summary setting are chosen per held-out topic on the other one
grep -q '"held_out": "haiti", "summary": "date model .*; relevance=' "$tmp/j" \
    || fail "json selected setting: $(cat "$tmp/j")"
grep -q '"held_out": "mj", "summary": "date model .*; relevance=' "$tmp/j" \
    || fail "json selected setting"
# the model fitted on both topics is a model file the bench loads
grep -q '^format	annals-date-model	1$' "$tmp/fit.tsv" || fail "fitted model file"
"$ANNALS" bench t17 --data "$data" --topics haiti --model "$tmp/fit.tsv" --results - \
    >/dev/null 2>"$tmp/err" || fail "bench with the fitted model: $(cat "$tmp/err")"
# learned sentence scoring instead of the centroid grid
"$ANNALS" bench t17 --data "$data" --topics haiti,mj --loto --sentence-model --format json \
    --results - >"$tmp/j2" 2>"$tmp/err" || fail "sentence model exited $?: $(cat "$tmp/err")"
grep -q '"held_out": "mj", "summary": "date model .*; learned sentence weights l2=' "$tmp/j2" \
    || fail "json sentence model: $(cat "$tmp/j2")"

# usage errors
"$ANNALS" bench t17 --data "$data" --loto --model x >/dev/null 2>&1; [ $? = 2 ] || fail "--loto --model"
"$ANNALS" bench t17 --data "$data" --sentence-model >/dev/null 2>&1; [ $? = 2 ] \
    || fail "--sentence-model without --loto"
"$ANNALS" bench t17 --data "$data" --fit-model "$tmp/x" >/dev/null 2>&1; [ $? = 2 ] \
    || fail "--fit-model without --loto"
"$ANNALS" bench nope >/dev/null 2>&1; [ $? = 2 ] || fail "unknown benchmark"
"$ANNALS" bench t17 --data "$tmp/none" >/dev/null 2>&1; [ $? = 4 ] || fail "missing data dir"
echo ok
