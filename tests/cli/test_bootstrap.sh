#!/usr/bin/env bash
# annals eval timex --bootstrap on hand-made TimeML files: one document gives a zero-width
# interval at the point estimate; three documents give lo <= point <= hi with lo < hi, in
# text and JSON, the same on every run; bad resample counts are usage errors.
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
finish
