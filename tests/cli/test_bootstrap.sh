#!/usr/bin/env bash
# --bootstrap N of annals eval timex on hand-made TimeML files (one document gives a
# zero-width interval at the point estimate; three documents give lo <= point <= hi with
# lo < hi, in text and JSON, the same on every run), of annals eval tls --cases on two
# hand-made cases (the bounds are the two cases' scores), and of annals bench t17 on two
# topics when Timeline17 is present; bad resample counts are usage errors.
. "$(dirname "$0")/lib.sh"
head='<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-03-04" functionInDocument="CREATION_TIME">2020-03-04</TIMEX3></DCT>
<TEXT>'
tail='</TEXT>
</TimeML>'
mkdir -p "$TMP/gold" "$TMP/sys"
# a: one exact match, one overlap (strict 1/2, relaxed 2/2)
printf '%s\nTalks ended <TIMEX3 tid="t1" type="DATE" value="2020-03-03">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.\n%s\n' "$head" "$tail" >"$TMP/gold/a.tml"
printf '%s\nTalks ended <TIMEX3 tid="t1" type="DATE" value="2020-03-03">yesterday</TIMEX3> after three <TIMEX3 tid="t2" type="DURATION" value="P3D">days</TIMEX3>.\n%s\n' "$head" "$tail" >"$TMP/sys/a.tml"
# b: everything right
printf '%s\nIn <TIMEX3 tid="t1" type="DATE" value="1998">1998</TIMEX3> and <TIMEX3 tid="t2" type="DATE" value="1999">1999</TIMEX3>.\n%s\n' "$head" "$tail" >"$TMP/gold/b.tml"
cp "$TMP/gold/b.tml" "$TMP/sys/b.tml"
# c: one missed, one spurious
printf '%s\nOn <TIMEX3 tid="t1" type="DATE" value="2020-03-02">Monday</TIMEX3> they met.\n%s\n' "$head" "$tail" >"$TMP/gold/c.tml"
printf '%s\nOn Monday <TIMEX3 tid="t1" type="DATE" value="X">they</TIMEX3> met.\n%s\n' "$head" "$tail" >"$TMP/sys/c.tml"

# lo point hi of "ci NAME" lines, as three numbers
ci() { printf '%s\n' "$OUT" | awk -v n="ci $1" 'index($0, n " ") == 1 { print $(NF-2), $(NF-1), $NF }'; }

run "one document" 0 -- "$ANNALS" eval timex "$TMP/gold/a.tml" "$TMP/sys/a.tml" --bootstrap 200
contains "interval header" "95% CI     200 bootstrap resamples of 1 document (percentile)" "$OUT"
same "one document: strict interval is the point" "50.00 50.00 50.00" "$(ci strict)"
same "one document: relaxed interval is the point" "100.00 100.00 100.00" "$(ci relaxed)"

run "three documents" 0 -- "$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --bootstrap 1000
first=$OUT
same "usual table unchanged" "strict      60.00   60.00   60.00" "$(printf '%s\n' "$OUT" | grep '^strict ')"
for m in strict relaxed value type; do
    read -r point lo hi <<<"$(ci "$m" | awk '{ print $1, $2, $3 }')"
    awk -v p="$point" -v l="$lo" -v h="$hi" 'BEGIN { exit !(l <= p && p <= h && l < h) }' \
        && pass || fail "$m: expected lo <= point <= hi and lo < hi, got '$lo' '$point' '$hi'"
done
run "same result on a second run" 0 -- "$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --bootstrap 1000
same "deterministic" "$first" "$OUT"

run "json" 0 -- "$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --bootstrap 1000 --format json
contains "json bootstrap member" '"bootstrap":{"resamples":1000,"units":"documents","n_units":3,"level":0.95,"strict_f1":[' "$OUT"
if command -v jq >/dev/null; then
    same "json interval holds the point" true \
        "$(printf '%s' "$OUT" | jq '.bootstrap.strict_f1[0] <= .strict.f1 and .strict.f1 <= .bootstrap.strict_f1[1]')"
fi

run "without --bootstrap no interval" 0 -- "$ANNALS" eval timex "$TMP/gold" "$TMP/sys"
same "no ci lines" "" "$(printf '%s\n' "$OUT" | grep -E '^(ci |95% CI)')"

for bad in 0 x -3 1.5 1000001; do
    run "--bootstrap $bad" 2 -- "$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --bootstrap "$bad"
    contains "--bootstrap $bad message" "--bootstrap" "$ERR"
done
run "--bootstrap without a value" 2 -- "$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --bootstrap

# eval tls --cases: case a scores 0.5 date F1 and 0.8 AR-1 F (one date of two is one day off),
# case b is perfect; P = R inside each case, so with two units the bounds are the two cases.
sep=--------------------------------
mkdir -p "$TMP/rouge" "$TMP/cases/a" "$TMP/cases/b"
printf 'the\nof\n' >"$TMP/rouge/smart_common_words.txt"
printf 'geese\tgoose\n' >"$TMP/rouge/wordnet-2.0-exceptions.tsv"
printf '2020-01-01\nAlpha beta gamma.\n%s\n2020-01-03\nDelta epsilon.\n%s\n' $sep $sep \
    >"$TMP/cases/a/reference.txt"
printf '2020-01-01\nAlpha beta gamma.\n%s\n2020-01-02\nDelta epsilon.\n%s\n' $sep $sep \
    >"$TMP/cases/a/system.txt"
cp "$TMP/cases/a/reference.txt" "$TMP/cases/b/reference.txt"
cp "$TMP/cases/a/reference.txt" "$TMP/cases/b/system.txt"
run "eval tls --cases --bootstrap" 0 -- "$ANNALS" eval tls --cases "$TMP/cases" \
    --rouge-dir "$TMP/rouge" --bootstrap 1000
contains "tls interval header" "95% CI of F (1000 bootstrap resamples of 2 cases, percentile):" "$OUT"
same "tls AR interval" "align+m:1    0.80000   1.00000   0.83333   1.00000" \
    "$(printf '%s\n' "$OUT" | grep '^align+m:1' | tail -1)"
same "tls date interval" "date         0.50000   1.00000" \
    "$(printf '%s\n' "$OUT" | grep '^date' | tail -1)"
run "eval tls pair --bootstrap" 2 -- "$ANNALS" eval tls "$TMP/cases/a/system.txt" \
    "$TMP/cases/a/reference.txt" --rouge-dir "$TMP/rouge" --bootstrap 10
run "eval tls --bootstrap 0" 2 -- "$ANNALS" eval tls --cases "$TMP/cases" --bootstrap 0

# eval timex --heideltime on a hand-made tree of two folders: the units are the folders.
ht() { # folder date id text annotated
    mkdir -p "$TMP/t17/$1/InputDocs/$2" "$TMP/t17/$1/time_annotated/$2"
    printf '%s\n' "$4" >"$TMP/t17/$1/InputDocs/$2/$3.htm.txt"
    printf '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n%s\n</TimeML>\n' \
        "$5" >"$TMP/t17/$1/time_annotated/$2/$3.txt.timeml"
}
ht a_one 2020-03-04 1 'Talks ended yesterday.' \
    'Talks ended <TIMEX3 tid="t1" type="DATE" value="2020-03-03">yesterday</TIMEX3>.'
ht a_one 2020-03-05 2 'They met on Monday.' \
    'They met on <TIMEX3 tid="t1" type="DATE" value="2020-03-02">Monday</TIMEX3>.'
ht b_two 2020-03-04 3 'Talks ended yesterday and resumed today.' \
    'Talks ended yesterday and resumed <TIMEX3 tid="t1" type="DATE" value="2020-03-04">today</TIMEX3>.'
run "heideltime --bootstrap" 0 -- "$ANNALS" eval timex --heideltime "$TMP/t17" --bootstrap 100
contains "heideltime units are folders" "95% CI     100 bootstrap resamples of 2 folders (percentile)" "$OUT"
run "heideltime --bootstrap json" 0 -- "$ANNALS" eval timex --heideltime "$TMP/t17" \
    --bootstrap 100 --format json
contains "heideltime json units" '"units":"folders","n_units":2' "$OUT"

# bench t17 on two topics when Timeline17 is present: the interval line comes after the
# average, and every other line stays as it is without --bootstrap.
t17=${ANNALS_SHARED:-$ANNALS_SRC/../shared}/data/timeline17
if [ -d "$t17/haiti_bbc" ] && [ -f "$t17/../timeline17-topics.tsv" ]; then
    run "bench t17 --bootstrap" 0 -- "$ANNALS" bench t17 --data "$t17" --topics haiti,mj \
        --results - --bootstrap 200
    with=$OUT
    line=$(printf '%s\n' "$with" | grep '^95% CI (200 bootstrap resamples of 2 topics, percentile): ')
    same "bench interval after the average" "$line" \
        "$(printf '%s\n' "$with" | grep -A2 '^average' | tail -1)"
    printf '%s\n' "$line" | tr -d '[],' | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^0\./) v[n++] = $i }
        END { exit !(n == 6 && v[0] <= v[1] && v[2] <= v[3] && v[4] <= v[5]) }' \
        && pass || fail "bench interval bounds: $line"
    run "bench t17 without" 0 -- "$ANNALS" bench t17 --data "$t17" --topics haiti,mj --results -
    same "bench output otherwise unchanged" "$(printf '%s\n' "$OUT" | grep -v seconds)" \
        "$(printf '%s\n' "$with" | grep -v -e seconds -e '^95% CI')"
    run "bench t17 --bootstrap x" 2 -- "$ANNALS" bench t17 --data "$t17" --bootstrap x
else
    echo "Timeline17 absent: bench t17 --bootstrap not tested"
fi
finish
