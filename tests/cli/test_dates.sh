#!/usr/bin/env bash
# annals dates: exit codes, error messages and TimeML round trips. The texts hold no time
# expressions, so the expectations do not depend on what the tagger finds.
. "$(dirname "$0")/lib.sh"

printf 'The cat sat on the mat & purred <loudly>.\n' > "$TMP/plain.txt"

# --format timeml wraps the text; the TEXT content decodes back to the input
out=$("$ANNALS" dates --dct 2021-10-05 --format timeml "$TMP/plain.txt"); rc=$?
same "timeml wrapper" '<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-10-05" functionInDocument="CREATION_TIME">2021-10-05</TIMEX3></DCT>
<TEXT>The cat sat on the mat &amp; purred &lt;loudly&gt;.
</TEXT>
</TimeML>' "$out"
same "nothing found exit" 1 "$rc"

out=$("$ANNALS" dates --format json < "$TMP/plain.txt"); rc=$?
same "json, stdin, nothing found" "" "$out"
same "json exit" 1 "$rc"

# usage errors
err=$("$ANNALS" dates --dct 2021-02-30 "$TMP/plain.txt" 2>&1); rc=$?
same "impossible dct" "annals dates: --dct must be a real day as YYYY-MM-DD, not '2021-02-30'" "$err"
same "impossible dct exit" 2 "$rc"
"$ANNALS" dates --format xml "$TMP/plain.txt" 2>/dev/null; same "bad format" 2 $?
"$ANNALS" dates a b 2>/dev/null; same "two files" 2 $?
"$ANNALS" dates --timeml "$TMP" 2>/dev/null; same "timeml one dir" 2 $?
"$ANNALS" dates --help >/dev/null; same "help" 0 $?

# I/O error
"$ANNALS" dates "$TMP/absent.txt" 2>/dev/null; same "missing file" 4 $?

# invalid UTF-8 and binary junk: one line each, the rest goes on
printf 'fine line\nbad \xff byte\nnul \001 here\nlast\n' > "$TMP/bad.txt"
err=$("$ANNALS" dates "$TMP/bad.txt" 2>&1 >/dev/null); rc=$?
same "bad lines" "annals dates: $TMP/bad.txt:2: invalid UTF-8; line skipped
annals dates: $TMP/bad.txt:3: control character (binary data?); line skipped" "$err"
same "bad lines exit" 3 "$rc"

# --timeml: a good file (its TIMEX3 in TEXT replaced by the tagger's: none here), a file
# without a DCT (tagged and written anyway), broken markup (skipped)
mkdir -p "$TMP/in/sub" "$TMP/out"
cat > "$TMP/in/good.tml" <<'XML'
<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
The <EVENT eid="e1" class="OCCURRENCE">cat</EVENT> sat on <TIMEX3 tid="t1" type="DATE" value="X">the mat</TIMEX3> &amp; purred.
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0" />
</TimeML>
XML
sed -e 's|<DCT>.*</DCT>|<DCT></DCT>|' "$TMP/in/good.tml" > "$TMP/in/sub/nodct.tml"
printf '<TimeML>\n<TEXT>\nThe <EVENT eid="e1">cat\n</TEXT>\n</TimeML>\n' > "$TMP/in/sub/broken.tml"
printf 'not TimeML\n' > "$TMP/in/notes.txt"
err=$("$ANNALS" dates --timeml "$TMP/in" "$TMP/out" 2>&1); rc=$?
same "timeml dir messages" "annals dates: $TMP/in/sub/broken.tml:4: </TEXT> closes <EVENT> opened on line 3; file skipped
annals dates: $TMP/in/sub/nodct.tml: no creation time (DCT); tagged without a reference date" "$err"
same "timeml dir exit" 3 "$rc"
sed -e 's|<TIMEX3 tid="t1" type="DATE" value="X">the mat</TIMEX3>|the mat|' "$TMP/in/good.tml" > "$TMP/expect.tml"
same "timeml output" "$(cat "$TMP/expect.tml")" "$(cat "$TMP/out/good.tml")"
same "nodct.tml written" yes "$([ -f "$TMP/out/sub/nodct.tml" ] && echo yes)"
same "broken.tml not written" no "$([ -e "$TMP/out/sub/broken.tml" ] && echo yes || echo no)"
same "notes.txt not written" no "$([ -e "$TMP/out/notes.txt" ] && echo yes || echo no)"
"$ANNALS" dates --timeml "$TMP/in" "$TMP/in" 2>/dev/null; same "same dirs" 2 $?

# The gold TIMEX3 of the TempEval-3 files, re-scored against themselves, give 100.
shared=${ANNALS_SHARED:-${ANNALS_SRC:-.}/../shared}
te3="$shared/data/tempeval3-train"
if [ -d "$te3" ]; then
  out=$("$ANNALS" eval timex "$te3" "$te3" | sed -n 3,4p)
  same "tempeval3 counts" "gold       1822
system     1822" "$out"
else
  echo "shared data absent: TempEval-3 same skipped"
fi

finish
