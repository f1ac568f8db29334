#!/usr/bin/env bash
# annals eval timex on hand-made TimeML files with hand-computed TempEval-3 scores.
# Nothing here depends on the tagger.
. "$(dirname "$0")/lib.sh"
head='<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-03-04" functionInDocument="CREATION_TIME">2020-03-04</TIMEX3></DCT>
<TEXT>'
mkdir -p "$TMP/gold/sub" "$TMP/sys/sub"
cat > "$TMP/gold/a.tml" <<XML
$head
Talks ended <TIMEX3 tid="t1" type="DATE" value="2020-03-03">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.
They resume <TIMEX3 tid="t3" type="DATE" value="2020-03-09">next Monday</TIMEX3> &amp; go on.
</TEXT>
</TimeML>
XML
# exact, relaxed ("days"), exact with a wrong value, one spurious
cat > "$TMP/sys/a.tml" <<XML
$head
Talks ended <TIMEX3 tid="t1" type="DATE" value="2020-03-03">yesterday</TIMEX3> after three <TIMEX3 tid="t2" type="DURATION" value="P3D">days</TIMEX3>.
<TIMEX3 tid="t9" type="DATE" value="X">They</TIMEX3> resume <TIMEX3 tid="t3" type="DATE" value="2020-03-10">next Monday</TIMEX3> &amp; go on.
</TEXT>
</TimeML>
XML
cat > "$TMP/gold/sub/b.tml" <<XML
$head
In <TIMEX3 tid="t1" type="DATE" value="1998">1998</TIMEX3> nothing.
</TEXT>
</TimeML>
XML
cat > "$TMP/sys/sub/b.tml" <<XML
$head
In 1998 nothing.
</TEXT>
</TimeML>
XML

# gold 4, system 4, strict 2, relaxed 3, type 3, value 2:
# strict P = R = 2/4; relaxed P = R = 3/4; value acc 2/3, F1 2/3 * 3/4 = 1/2; type acc 1, F1 3/4
out=$("$ANNALS" eval timex "$TMP/gold" "$TMP/sys"); rc=$?
same "text report" "reference  gold
documents  2
gold       4
system     4
               F1       P       R
strict      50.00   50.00   50.00
relaxed     75.00   75.00   75.00
               F1     acc
value       50.00   66.67
type        75.00  100.00" "$out"
same "exit 0" 0 "$rc"

out=$("$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --format json)
same "json report" '{"reference":"gold","documents":2,"gold":4,"system":4,"strict_matches":2,"relaxed_matches":3,"type_matches":3,"value_matches":2,"strict":{"p":0.500000,"r":0.500000,"f1":0.500000},"relaxed":{"p":0.750000,"r":0.750000,"f1":0.750000},"type":{"accuracy":1.000000,"f1":0.750000},"value":{"accuracy":0.666667,"f1":0.500000}}' "$out"

out=$("$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --verbose | grep -v '^[a-z ]')
same "verbose listing" "FILE	a.tml	gold 3	system 4	strict 2	relaxed 3	type 3	value 2
MISMATCH	a.tml	5	extent	three days	DURATION	P3D	days	DURATION	P3D
MISMATCH	a.tml	6	spurious	-	-	-	They	DATE	X
MISMATCH	a.tml	6	value	next Monday	DATE	2020-03-09	next Monday	DATE	2020-03-10
FILE	sub/b.tml	gold 1	system 0	strict 0	relaxed 0	type 0	value 0
MISMATCH	sub/b.tml	5	missed	1998	DATE	1998	-	-	-" "$out"

# two single files
out=$("$ANNALS" eval timex "$TMP/gold/sub/b.tml" "$TMP/gold/sub/b.tml" | sed -n 6p)
same "identical files" "strict     100.00  100.00  100.00" "$out"

# a missing system file counts its gold as missed, and says so
rm "$TMP/sys/sub/b.tml"
err=$("$ANNALS" eval timex "$TMP/gold" "$TMP/sys" 2>&1 >/dev/null); rc=$?
same "missing system file" "annals eval timex: $TMP/sys/sub/b.tml: no system file; its 1 gold expressions count as missed" "$err"
same "missing system file exit" 3 "$rc"

# a system file whose text differs is skipped
sed 's/nothing/something/' "$TMP/gold/sub/b.tml" > "$TMP/sys/sub/b.tml"
err=$("$ANNALS" eval timex "$TMP/gold" "$TMP/sys" 2>&1 >/dev/null); rc=$?
same "text differs" "annals eval timex: $TMP/sys/sub/b.tml: the text inside <TEXT> differs from the gold file's; file skipped" "$err"
same "text differs exit" 3 "$rc"

# broken markup in a system file
printf '%s\nIn <TIMEX3 tid="t1">1998 nothing.\n</TEXT>\n</TimeML>\n' "$head" > "$TMP/sys/sub/b.tml"
err=$("$ANNALS" eval timex "$TMP/gold" "$TMP/sys" 2>&1 >/dev/null); rc=$?
same "broken markup" "annals eval timex: $TMP/sys/sub/b.tml:6: </TEXT> closes <TIMEX3> opened on line 5; file skipped" "$err"
same "broken markup exit" 3 "$rc"

# usage errors
"$ANNALS" eval timex "$TMP/gold" 2>/dev/null; same "one argument" 2 $?
"$ANNALS" eval timex "$TMP/gold" "$TMP/sys/a.tml" 2>/dev/null; same "dir and file" 2 $?
"$ANNALS" eval timex "$TMP/gold" "$TMP/sys" --format xml 2>/dev/null; same "bad format" 2 $?
mkdir "$TMP/empty1" "$TMP/empty2"
"$ANNALS" eval timex "$TMP/empty1" "$TMP/empty2" >/dev/null 2>&1; same "nothing scored" 1 $?

finish
