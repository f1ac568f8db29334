#!/usr/bin/env bash
# test_eval_tls.sh - `annals eval tls` end to end: exact output and exit codes on small
# timelines written here, then --cases on the shared test vectors when present.
set -u
ANNALS=${ANNALS:?path to the annals binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected actual
    if [ "$2" != "$3" ]; then
        echo "FAIL $1"; echo "--- expected"; echo "$2"; echo "--- got"; echo "$3"; fail=1
    fi
}
sep=--------------------------------

# our own tiny ROUGE resources
mkdir "$tmp/rouge"
printf 'the\nof\n' > "$tmp/rouge/smart_common_words.txt"
printf 'geese\tgoose\n' > "$tmp/rouge/wordnet-2.0-exceptions.tsv"

printf '2020-01-01\nAlpha beta gamma.\n%s\n2020-01-03\nDelta epsilon.\n%s\n' $sep $sep \
    > "$tmp/gold.txt"
printf '2020-01-01\nAlpha beta gamma.\n%s\n2020-01-02\nDelta epsilon.\n%s\n' $sep $sep \
    > "$tmp/pred.txt"
cat > "$tmp/pred.json" <<'JSON'
{"timeline": [{"date": "2020-01-01", "sentences": [{"text": "Alpha beta gamma."}]},
              {"date": "2020-01-02", "sentences": ["Delta epsilon."]}]}
JSON

want='measure         R1-P      R1-R      R1-F      R2-P      R2-R      R2-F
concat       1.00000   1.00000   1.00000   1.00000   1.00000   1.00000
agreement    0.60000   0.60000   0.60000   0.66667   0.66667   0.66667
align        0.80000   0.80000   0.80000   0.83333   0.83333   0.83333
align+       0.80000   0.80000   0.80000   0.83333   0.83333   0.83333
align+m:1    0.80000   0.80000   0.80000   0.83333   0.83333   0.83333
                   P         R         F
date         0.50000   0.50000   0.50000'
got=$("$ANNALS" eval tls "$tmp/pred.txt" "$tmp/gold.txt" --rouge-dir "$tmp/rouge"); rc=$?
check "text output" "$want" "$got"; check "exit 0" 0 $rc
got=$("$ANNALS" eval tls "$tmp/pred.json" "$tmp/gold.txt" --rouge-dir "$tmp/rouge"); rc=$?
check "json input gives the same scores" "$want" "$got"; check "exit 0 (json)" 0 $rc

got=$("$ANNALS" eval tls "$tmp/pred.txt" "$tmp/gold.txt" --rouge-dir "$tmp/rouge" \
      --measures align+m:1,date --format json | tr -d ' \n'); rc=$?
want='{"scores":{"align_date_content_costs_many_to_one":{"rouge_1":{"precision":0.80000000000000004,"recall":0.80000000000000004,"f_score":0.80000000000000016},"rouge_2":{"precision":0.83333333333333337,"recall":0.83333333333333337,"f_score":0.83333333333333337}},"date":{"precision":0.5,"recall":0.5,"f_score":0.5}},"undefined":[],"ties":[],"n_system_dates":2,"n_reference_dates":2,"n_system_sents":2}'
check "json output" "$want" "$got"; check "exit 0 (json output)" 0 $rc

# empty prediction: zeros and one warning line
: > "$tmp/empty.txt"
got=$("$ANNALS" eval tls "$tmp/empty.txt" "$tmp/gold.txt" --rouge-dir "$tmp/rouge" \
      --measures date 2>"$tmp/err"); rc=$?
check "empty prediction" '                   P         R         F
date         0.00000   0.00000   0.00000' "$got"
check "empty prediction exit" 0 $rc
check "empty prediction warning" 1 "$(grep -c 'empty prediction' "$tmp/err")"

# bad input: an impossible date and invalid UTF-8 are reported and skipped -> exit 3
printf '2020-02-30\nx\n%s\n2020-01-01\nAlpha \xff beta gamma.\nAlpha beta gamma.\n%s\n' $sep $sep \
    > "$tmp/bad.txt"
"$ANNALS" eval tls "$tmp/bad.txt" "$tmp/gold.txt" --rouge-dir "$tmp/rouge" >/dev/null 2>"$tmp/err"
check "bad input exit" 3 $?
check "bad input messages" 3 "$(grep -c 'bad.txt:' "$tmp/err")"

# usage errors and I/O errors
"$ANNALS" eval tls "$tmp/pred.txt" >/dev/null 2>&1; check "one file is a usage error" 2 $?
"$ANNALS" eval tls a b --format xml >/dev/null 2>&1; check "bad --format" 2 $?
"$ANNALS" eval tls a b --measures nope >/dev/null 2>&1; check "bad --measures" 2 $?
"$ANNALS" eval tls --help | grep -q -- '--rouge-dir'; check "help documents --rouge-dir" 0 $?
"$ANNALS" eval tls "$tmp/pred.txt" "$tmp/gold.txt" --rouge-dir "$tmp/none" 2>"$tmp/err" >/dev/null
check "missing ROUGE dir exit" 4 $?
grep -q -- '--rouge-dir' "$tmp/err"; check "missing ROUGE dir names --rouge-dir" 0 $?
"$ANNALS" eval tls "$tmp/nofile.txt" "$tmp/gold.txt" --rouge-dir "$tmp/rouge" >/dev/null 2>&1
check "unreadable file exit" 4 $?

# --cases: one case of our own, and an empty directory
mkdir -p "$tmp/cases/c1" "$tmp/nocases"
cp "$tmp/pred.txt" "$tmp/cases/c1/system.txt"; cp "$tmp/gold.txt" "$tmp/cases/c1/reference.txt"
got=$("$ANNALS" eval tls --cases "$tmp/cases" --rouge-dir "$tmp/rouge" | head -2); rc=$?
check "--cases" 'case                                                     AR1-F     AR2-F    date-F  dates
c1                                                     0.80000   0.83333   0.50000      2' "$got"
"$ANNALS" eval tls --cases "$tmp/nocases" --rouge-dir "$tmp/rouge" >/dev/null 2>&1
check "--cases without cases" 1 $?

# the shared test vectors
shared=${ANNALS_SHARED:-${ANNALS_SRC:-.}/../shared}
if [ -d "$shared/data/tls-testvectors/cases" ] && [ -d "$shared/data/rouge" ]; then
    out=$("$ANNALS" eval tls --cases "$shared/data/tls-testvectors/cases" \
          --rouge-dir "$shared/data/rouge" 2>/dev/null); rc=$?
    check "test vectors exit" 0 $rc
    check "test vectors: 34 cases" 1 "$(echo "$out" | grep -c '^average over 34 cases')"
    check "edge_identical scores 1" 1 \
        "$(echo "$out" | grep -c '^edge_identical  *1.00000   1.00000   1.00000')"
else
    echo "shared test vectors absent: --cases on them skipped"
fi

[ $fail -eq 0 ] && echo "eval tls: all checks passed"
exit $fail
