#!/usr/bin/env bash
# annals ingest and annals stats: summaries, incremental re-ingest, replacement, stdin,
# usage and store errors, with exact output and exit codes.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
cp -r "$ANNALS_SRC/examples" ex
S=store.db

run "ingest examples" 0 -- "$ANNALS" ingest --store $S ex
same "ingest summary" \
    "ingested 12, unchanged 0, replaced 0, skipped 0 (44 sentences, N time expressions, 1 without a publication date)" \
    "$(mask_tagger <<<"$OUT")"
same "ingest is quiet on stderr" "" "$ERR"

run "re-ingest" 0 -- "$ANNALS" ingest --store $S ex
same "re-ingest is a no-op" \
    "ingested 0, unchanged 12, replaced 0, skipped 0 (0 sentences, 0 time expressions)" "$OUT"

printf 'date 2025-03-11\nA second report says the bridge collapse closed the harbor.\n' \
    >ex/2025-03-11-collapse.txt
run "changed file" 0 -- "$ANNALS" ingest --store $S ex
same "changed file replaces" \
    "ingested 0, unchanged 11, replaced 1, skipped 0 (1 sentences, N time expressions)" \
    "$(mask_tagger <<<"$OUT")"

# a document is known by its canonical path: through a linked directory, a linked file, a
# relative path or "..", the same file is the same document
mkdir -p real/sub && ln -s real linked && ln -s ../real/sub/a.txt real/a-link.txt
printf 'date 2025-04-01\nThe ferry timetable changed.\n' >real/sub/a.txt
run "ingest through a link" 0 -- "$ANNALS" ingest --store keys.db linked
same "through a link" \
    "ingested 1, unchanged 1, replaced 0, skipped 0 (1 sentences, N time expressions)" \
    "$(mask_tagger <<<"$OUT")"
printf 'date 2025-04-01\nThe ferry timetable changed again.\n' >real/sub/a.txt
run "ingest the real directory" 0 -- "$ANNALS" ingest --store keys.db real/sub/../sub ./real
same "same key, new text" \
    "ingested 0, unchanged 2, replaced 1, skipped 0 (1 sentences, N time expressions)" \
    "$(mask_tagger <<<"$OUT")"
run "one key" 0 -- "$ANNALS" stats --store keys.db
contains "one document" "documents         1" "$OUT"

run "stats" 0 -- "$ANNALS" stats --store $S --check
same "stats output" "store             store.db (schema 3)
documents         12 (1 without a publication date)
sentences         40
time expressions  N (N name a day)
text              0.0 MB
published         2025-03-03 .. 2025-09-17
check             ok" "$(mask_tagger <<<"$OUT")"

run "stdin text" 0 -- bash -c "printf 'date 2024-05-01 Ferries resumed on Monday.\n' | '$ANNALS' ingest --store $S -"
same "stdin summary" \
    "ingested 1, unchanged 0, replaced 0, skipped 0 (1 sentences, N time expressions)" \
    "$(mask_tagger <<<"$OUT")"
run "stdin jsonl" 0 -- bash -c "printf '{\"text\": \"Ferries resumed.\", \"date\": \"2024-05-02\"}\n' | '$ANNALS' ingest -q --store $S -"
same "quiet prints nothing" "" "$OUT"

# on a terminal, a progress line (documents/s, MB/s) is drawn on stderr and cleared
if command -v script >/dev/null 2>&1; then
    run "progress on a terminal" 0 -- script -qec "'$ANNALS' ingest --store tty.db ex 2>&1" /dev/null
    contains "progress line" "docs/s" "$OUT"
    contains "summary after progress" "ingested 12" "$OUT"
fi

run "help" 0 -- "$ANNALS" ingest --help
contains "help names the exit codes" "exit codes:" "$OUT"
run "no path" 2 -- "$ANNALS" ingest --store $S
same "no path message" "annals ingest: no PATH given (see 'annals ingest --help')" "$ERR"
run "unknown option" 2 -- "$ANNALS" ingest --bogus x
same "unknown option message" "annals ingest: unknown option '--bogus' (see 'annals ingest --help')" "$ERR"
run "bad batch" 2 -- "$ANNALS" ingest --batch 0 ex
run "store is a directory" 4 -- "$ANNALS" ingest --store ex ex
same "directory store message" "annals ingest: ex: is a directory, not a store" "$ERR"
printf 'this is not a database, just text that is long enough to look like a header......\n' >junk.db
run "store is not sqlite" 4 -- "$ANNALS" ingest --store junk.db ex
contains "not a store message" "junk.db: not an annals store" "$ERR"
run "stats on a missing store" 4 -- "$ANNALS" stats --store missing.db
same "missing store message" "annals stats: missing.db: no such store (run 'annals ingest' first)" "$ERR"
run "top-level help" 0 -- "$ANNALS" --help
contains "help lists ingest" "ingest" "$OUT"
run "unknown command" 2 -- "$ANNALS" frobnicate
same "unknown command message" "annals: unknown command 'frobnicate' (see 'annals --help')" "$ERR"
finish
