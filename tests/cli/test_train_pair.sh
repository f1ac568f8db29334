#!/usr/bin/env bash
# annals train --pair on a tiny synthetic table with date and usable columns: in every query
# the reference day has the higher pub_docs and its next day the higher ment_docs, so the
# pair model must weigh pub_docs above ment_docs; the model it writes has one pair record
# per feature and loads again; a table without a date column, a bad date and a bad usable
# value are reported.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
{
    printf '# group\tlabel\tdate\tusable\tment_docs\tpub_docs\n'
    for g in q1 q2 q3; do
        printf '%s\t1\t2020-01-10\t1\t0.6\t0.9\n%s\t0\t2020-01-11\t1\t0.8\t0.2\n' $g $g
        printf '%s\t1\t2020-02-01\t1\t0.5\t0.7\n%s\t0\t2020-02-02\t1\t0.7\t0.1\n' $g $g
        printf '%s\t0\t2020-03-05\t0\t0.9\t0.0\n%s\t0\t2020-03-01\t1\t0.1\t0.1\n' $g $g
    done
} >"$tmp/f.tsv"
"$ANNALS" train "$tmp/f.tsv" --pair -o "$tmp/m.tsv" 2>"$tmp/err" ||
    fail "train --pair: $(cat "$tmp/err")"
n=$(grep -c '^pair	' "$tmp/m.tsv")
[ "$n" -gt 20 ] || fail "pair records: $n"
m=$(awk -F'\t' '$1=="pair" && $2=="ment_docs"{print $3}' "$tmp/m.tsv")
p=$(awk -F'\t' '$1=="pair" && $2=="pub_docs"{print $3}' "$tmp/m.tsv")
awk -v m="$m" -v p="$p" 'BEGIN{exit !(p > 0 && p > m)}' || fail "pair weights ment $m pub $p"
# the written model loads in the timeline command (an empty store: nothing found, exit 1;
# a model that does not parse gives 3)
"$ANNALS" ingest -s "$tmp/s.db" /dev/null >/dev/null 2>&1
"$ANNALS" timeline -s "$tmp/s.db" --model "$tmp/m.tsv" "anything" >/dev/null 2>"$tmp/err2"
rc=$?
[ $rc = 0 ] || [ $rc = 1 ] || fail "the model did not load ($rc): $(cat "$tmp/err2")"
printf 'format\tannals-date-model\t1\npair\tnope\t1\n' >"$tmp/badm.tsv"
"$ANNALS" timeline -s "$tmp/s.db" --model "$tmp/badm.tsv" "anything" >/dev/null 2>"$tmp/err2"
[ $? = 3 ] || fail "a bad pair record loaded"
grep -q "line 2: unknown feature 'nope'" "$tmp/err2" || fail "bad pair message: $(cat "$tmp/err2")"
# without --pair: no pair records, the same date weights
"$ANNALS" train "$tmp/f.tsv" -o "$tmp/n.tsv" 2>/dev/null || fail "train without --pair"
grep -q '^pair' "$tmp/n.tsv" && fail "pair records without --pair"
cmp -s <(grep '^weight' "$tmp/m.tsv") <(grep '^weight' "$tmp/n.tsv") ||
    fail "date weights differ"
# --pair without a date column is a usage error
printf 'group\tlabel\tment_docs\nq\t1\t0.5\nq\t0\t0.1\n' >"$tmp/nodate.tsv"
"$ANNALS" train "$tmp/nodate.tsv" --pair >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "no date column"
grep -q 'needs a date column' "$tmp/err" || fail "no date message: $(cat "$tmp/err")"
# a bad date and a bad usable value: reported with the line, skipped, exit 3
{
    cat "$tmp/f.tsv"
    printf 'q1\t0\t2020-02-30\t1\t0.1\t0.1\nq1\t0\t2020-04-01\t2\t0.1\t0.1\n'
} >"$tmp/bad.tsv"
"$ANNALS" train "$tmp/bad.tsv" --pair -o "$tmp/b.tsv" 2>"$tmp/err"; rc=$?
[ $rc = 3 ] || fail "bad rows: exit $rc"
grep -q "bad.tsv:20: '2020-02-30' is not a date" "$tmp/err" || fail "bad date: $(cat "$tmp/err")"
grep -q 'bad.tsv:21: usable is 0 or 1' "$tmp/err" || fail "bad usable: $(cat "$tmp/err")"
# a repeated date column is rejected in the header
printf 'group\tlabel\tdate\tdate\n' >"$tmp/dd.tsv"
"$ANNALS" train "$tmp/dd.tsv" >/dev/null 2>"$tmp/err"; [ $? = 3 ] || fail "repeated date column"
grep -q 'the date column appears twice' "$tmp/err" || fail "repeated date message"
# no adjacent pair with exactly one reference date: nothing to learn
printf 'group\tlabel\tdate\tment_docs\nq\t1\t2020-01-01\t0.5\nq\t0\t2020-01-05\t0.1\n' \
    >"$tmp/np.tsv"
"$ANNALS" train "$tmp/np.tsv" --pair >/dev/null 2>"$tmp/err"
[ $? = 1 ] || fail "no pair: $(cat "$tmp/err")"
echo ok
