# lib.sh - shared by the CLI tests: run annals, compare exact output and exit codes.
#
#   . "$(dirname "$0")/lib.sh"
#   run NAME EXPECTED_CODE -- annals ARGS...   (stdout in $OUT, stderr in $ERR)
#   same NAME "expected text" "$OUT"
#   finish                                     (prints "N passed, N failed"; exits 1 on failure)
#
# $ANNALS is the binary under test; $ANNALS_SHARED the shared data directory (may be absent);
# $ANNALS_SRC the source tree.
set -u
: "${ANNALS:?ANNALS must name the annals binary}"
ANNALS_SRC=${ANNALS_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0
OUT=""
ERR=""
CODE=0

pass() { PASSED=$((PASSED + 1)); }
fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL: $1" >&2
}

# run NAME EXPECTED_CODE -- COMMAND...
run() {
    local name=$1 want=$2
    shift 3
    "$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null
    CODE=$?
    OUT=$(cat "$TMP/.out")
    ERR=$(cat "$TMP/.err")
    if [ "$CODE" -eq "$want" ]; then
        pass
    else
        fail "$name: exit code $CODE, expected $want"
        echo "  stdout: $OUT" | head -20 >&2
        echo "  stderr: $ERR" | head -20 >&2
    fi
}

# same NAME EXPECTED ACTUAL
same() {
    if [ "$2" == "$3" ]; then
        pass
    else
        fail "$1: output differs"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -30 >&2
    fi
}

# contains NAME NEEDLE HAYSTACK
contains() {
    if printf '%s' "$3" | grep -qF -- "$2"; then
        pass
    else
        fail "$1: '$2' not found"
        printf '%s\n' "$3" | head -20 >&2
    fi
}

# Replaces the counts that depend on the time-expression tagger (it has its own tests).
mask_tagger() {
    sed -E 's/[0-9]+ time expressions/N time expressions/; s/time expressions  [0-9]+/time expressions  N/; s/\([0-9]+ name a day\)/(N name a day)/'
}

shared_or_skip() {
    local d=${ANNALS_SHARED:-$ANNALS_SRC/../shared}
    if [ ! -d "$d/$1" ]; then
        echo "skipped: $d/$1 is absent"
        exit 77
    fi
    SHARED=$d
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
