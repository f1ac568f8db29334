#!/usr/bin/env bash
# annals train on a tiny synthetic feature table: the relevant rows have a high ment_docs,
# so the fitted model (listwise by default, and pairwise) must weigh it positively; the model file it writes must load in
# annals bench/timeline form (checked through a second training run's identical output);
# bad rows are reported with their line and give exit 3.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
{
    printf '# group\tlabel\tment_docs\tpub_docs\n'
    for g in q1 q2 q3; do
        printf '%s\t1\t0.9\t0.5\n%s\t1\t0.8\t0.1\n' $g $g
        printf '%s\t0\t0.2\t0.5\n%s\t0\t0.1\t0.1\n%s\t0\t0.3\t0.4\n' $g $g $g
    done
} >"$tmp/f.tsv"
"$ANNALS" train "$tmp/f.tsv" -o "$tmp/m.tsv" 2>"$tmp/err" || fail "train exited $?: $(cat "$tmp/err")"
grep -q '^format	annals-date-model	1$' "$tmp/m.tsv" || fail "no format record"
w=$(awk -F'\t' '$1=="weight" && $2=="ment_docs"{print $3}' "$tmp/m.tsv")
awk -v w="$w" 'BEGIN{exit !(w > 0.5)}' || fail "ment_docs weight $w not positive enough"
grep -q '15 samples in 3 groups' "$tmp/err" || fail "summary: $(cat "$tmp/err")"
"$ANNALS" train "$tmp/f.tsv" >"$tmp/m2.tsv" 2>/dev/null || fail "train to stdout"
cmp -s "$tmp/m.tsv" "$tmp/m2.tsv" || fail "training is not reproducible"

# the pairwise learner also ranks ment_docs first; unknown losses and bad penalties are usage
"$ANNALS" train "$tmp/f.tsv" --loss pairwise -o "$tmp/p.tsv" 2>/dev/null || fail "pairwise"
w=$(awk -F'\t' '$1=="weight" && $2=="ment_docs"{print $3}' "$tmp/p.tsv")
awk -v w="$w" 'BEGIN{exit !(w > 0.5)}' || fail "pairwise ment_docs weight $w"
cmp -s "$tmp/m.tsv" "$tmp/p.tsv" && fail "the losses gave the same model"
"$ANNALS" train "$tmp/f.tsv" --loss nope >/dev/null 2>&1; [ $? = 2 ] || fail "--loss nope"
"$ANNALS" train "$tmp/f.tsv" --l2 -1 >/dev/null 2>&1; [ $? = 2 ] || fail "--l2 -1"
"$ANNALS" train "$tmp/f.tsv" --l2 x >/dev/null 2>&1; [ $? = 2 ] || fail "--l2 x"

# the blend ranks ment_docs first too; --spread is written into the model
"$ANNALS" train "$tmp/f.tsv" --loss blend --spread 0.2 -o "$tmp/b.tsv" 2>/dev/null || fail "blend"
w=$(awk -F'\t' '$1=="weight" && $2=="ment_docs"{print $3}' "$tmp/b.tsv")
awk -v w="$w" 'BEGIN{exit !(w > 0.3)}' || fail "blend ment_docs weight $w"
grep -q '^spread	0.2$' "$tmp/b.tsv" || fail "no spread record"
grep -q '^spread' "$tmp/m.tsv" && fail "a spread record without --spread"
"$ANNALS" train "$tmp/f.tsv" --diversity 0.25 -o "$tmp/d.tsv" 2>/dev/null || fail "diversity"
grep -q '^diversity	0.25$' "$tmp/d.tsv" || fail "no diversity record"
grep -q '^diversity' "$tmp/m.tsv" && fail "a diversity record without --diversity"
"$ANNALS" train "$tmp/f.tsv" --diversity x >/dev/null 2>&1; [ $? = 2 ] || fail "--diversity x"
"$ANNALS" train "$tmp/f.tsv" --spread -1 >/dev/null 2>&1; [ $? = 2 ] || fail "--spread -1"

# a bad row: reported with its line, skipped, exit 3
{ cat "$tmp/f.tsv"; printf 'q1\t1\tnot-a-number\t0\n'; } >"$tmp/bad.tsv"
"$ANNALS" train "$tmp/bad.tsv" -o "$tmp/m3.tsv" 2>"$tmp/err"; rc=$?
[ $rc = 3 ] || fail "bad row: exit $rc"
grep -q 'bad.tsv:17: a value is not a finite number' "$tmp/err" || fail "message: $(cat "$tmp/err")"
# an unknown feature in the header, a table with nothing to learn, usage, missing file
printf 'group\tlabel\tnope\n' >"$tmp/h.tsv"
"$ANNALS" train "$tmp/h.tsv" >/dev/null 2>"$tmp/err"; [ $? = 3 ] || fail "unknown feature"
grep -q "unknown feature 'nope'" "$tmp/err" || fail "unknown feature message"
printf 'group\tlabel\tment_docs\nq\t1\t0.5\n' >"$tmp/one.tsv"
"$ANNALS" train "$tmp/one.tsv" >/dev/null 2>&1; [ $? = 1 ] || fail "nothing to learn"
"$ANNALS" train >/dev/null 2>&1; [ $? = 2 ] || fail "no file"
"$ANNALS" train "$tmp/missing.tsv" >/dev/null 2>&1; [ $? = 4 ] || fail "missing file"
echo ok
