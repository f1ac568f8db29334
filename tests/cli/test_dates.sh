#!/usr/bin/env bash
# annals dates: exit codes, error messages and TimeML round trips. The texts hold no time
# expressions, so the expectations do not depend on what the tagger finds.
set -u
: "${ANNALS:?set ANNALS to the annals binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # name expected actual
  if [ "$2" != "$3" ]; then
    echo "FAIL $1"; echo "--- expected"; printf '%s\n' "$2"; echo "--- got"; printf '%s\n' "$3"
    fails=$((fails + 1))
  fi
}

printf 'The cat sat on the mat & purred <loudly>.\n' > "$tmp/plain.txt"

# --format timeml wraps the text; the TEXT content decodes back to the input
out=$("$ANNALS" dates --dct 2021-10-05 --format timeml "$tmp/plain.txt"); rc=$?
check "timeml wrapper" '<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-10-05" functionInDocument="CREATION_TIME">2021-10-05</TIMEX3></DCT>
<TEXT>The cat sat on the mat &amp; purred &lt;loudly&gt;.
</TEXT>
</TimeML>' "$out"
check "nothing found exit" 1 "$rc"

out=$("$ANNALS" dates --format json < "$tmp/plain.txt"); rc=$?
check "json, stdin, nothing found" "" "$out"
check "json exit" 1 "$rc"

# usage errors
err=$("$ANNALS" dates --dct 2021-02-30 "$tmp/plain.txt" 2>&1); rc=$?
check "impossible dct" "annals dates: --dct must be a real day as YYYY-MM-DD, not '2021-02-30'" "$err"
check "impossible dct exit" 2 "$rc"
"$ANNALS" dates --format xml "$tmp/plain.txt" 2>/dev/null; check "bad format" 2 $?
"$ANNALS" dates a b 2>/dev/null; check "two files" 2 $?
"$ANNALS" dates --timeml "$tmp" 2>/dev/null; check "timeml one dir" 2 $?
"$ANNALS" dates --help >/dev/null; check "help" 0 $?

# I/O error
"$ANNALS" dates "$tmp/absent.txt" 2>/dev/null; check "missing file" 4 $?

# invalid UTF-8 and binary junk: one line each, the rest goes on
printf 'fine line\nbad \xff byte\nnul \001 here\nlast\n' > "$tmp/bad.txt"
err=$("$ANNALS" dates "$tmp/bad.txt" 2>&1 >/dev/null); rc=$?
check "bad lines" "annals dates: $tmp/bad.txt:2: invalid UTF-8; line skipped
annals dates: $tmp/bad.txt:3: control character (binary data?); line skipped" "$err"
check "bad lines exit" 3 "$rc"

# --timeml: a good file (its TIMEX3 in TEXT replaced by the tagger's: none here), a file
# without a DCT (tagged and written anyway), broken markup (skipped)
mkdir -p "$tmp/in/sub" "$tmp/out"
cat > "$tmp/in/good.tml" <<'XML'
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
sed -e 's|<DCT>.*</DCT>|<DCT></DCT>|' "$tmp/in/good.tml" > "$tmp/in/sub/nodct.tml"
printf '<TimeML>\n<TEXT>\nThe <EVENT eid="e1">cat\n</TEXT>\n</TimeML>\n' > "$tmp/in/sub/broken.tml"
printf 'not TimeML\n' > "$tmp/in/notes.txt"
err=$("$ANNALS" dates --timeml "$tmp/in" "$tmp/out" 2>&1); rc=$?
check "timeml dir messages" "annals dates: $tmp/in/sub/broken.tml:4: </TEXT> closes <EVENT> opened on line 3; file skipped
annals dates: $tmp/in/sub/nodct.tml: no creation time (DCT); tagged without a reference date" "$err"
check "timeml dir exit" 3 "$rc"
sed -e 's|<TIMEX3 tid="t1" type="DATE" value="X">the mat</TIMEX3>|the mat|' "$tmp/in/good.tml" > "$tmp/expect.tml"
if ! cmp -s "$tmp/expect.tml" "$tmp/out/good.tml"; then
  echo "FAIL timeml output differs"; diff "$tmp/expect.tml" "$tmp/out/good.tml"; fails=$((fails + 1))
fi
[ -f "$tmp/out/sub/nodct.tml" ] || { echo "FAIL nodct.tml not written"; fails=$((fails + 1)); }
[ ! -e "$tmp/out/sub/broken.tml" ] || { echo "FAIL broken.tml written"; fails=$((fails + 1)); }
[ ! -e "$tmp/out/notes.txt" ] || { echo "FAIL notes.txt written"; fails=$((fails + 1)); }
"$ANNALS" dates --timeml "$tmp/in" "$tmp/in" 2>/dev/null; check "same dirs" 2 $?

# The gold TIMEX3 of the TempEval-3 files, re-scored against themselves, give 100.
shared=${ANNALS_SHARED:-${ANNALS_SRC:-.}/../shared}
te3="$shared/data/tempeval3-train"
if [ -d "$te3" ]; then
  out=$("$ANNALS" eval timex "$te3" "$te3" | sed -n 3,4p)
  check "tempeval3 counts" "gold       1822
system     1822" "$out"
else
  echo "shared data absent: TempEval-3 check skipped"
fi

[ $fails -eq 0 ] && echo "test_dates: ok"
exit $((fails > 0))
