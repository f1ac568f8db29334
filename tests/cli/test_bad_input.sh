#!/usr/bin/env bash
# Bad input never stops an ingest and never loses the good documents: binary files,
# invalid UTF-8, empty files, a 50 MB single-line file, broken JSON lines, an unreadable
# path, a FIFO, impossible dates. One line on stderr per problem; exit code 3.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
mkdir in
printf 'date 2024-05-01\nFerries resumed their crossings of the harbor after the long winter storms.\n' >in/a-good.txt
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00binary junk\x00\x01\x02' >in/b-binary.bin
: >in/c-empty.txt
printf 'date 2024-05-04\nThe caf\xe9 near the harbor reopened \xff\xfe after repairs to its flooded kitchen and terrace.\n' >in/d-latin1.txt
head -c 52428800 /dev/zero | tr '\0' 'a' >in/e-huge-line.txt
printf 'date 2021-02-30\nA report with an impossible date.\n' >in/f-bad-date.txt
printf '%s\n' '{"text": "First wire report about the harbor pilots and their new contract with the port.", "date": "2024-05-08", "id": "w1"}' \
    '{"text": "broken' \
    '[1, 2, 3]' \
    '{"title": "no text"}' \
    '{"text": "Bad date.", "date": "2024-13-45"}' \
    '' \
    '{"text": "Second wire report about the harbor pilots and their new contract with the port.", "id": 2}' >in/g-wire.jsonl
ln -s /nonexistent/file in/h-dangling.txt
printf '   \n\t\n' >in/i-blank.txt
mkfifo in/j-pipe # never opened: a FIFO would block the reader

run "bad input" 3 -- "$ANNALS" ingest --store s.db in
same "summary" \
    "ingested 4, unchanged 0, replaced 0, skipped 11 (4 sentences, N time expressions, 1 without a publication date, 3 invalid UTF-8 sequences replaced)" \
    "$(mask_tagger <<<"$OUT")"
same "one line per problem" "annals ingest: in/b-binary.bin: binary file (not text)
annals ingest: in/c-empty.txt: empty file
annals ingest: in/e-huge-line.txt: document of 50.0 MiB is larger than the 16.0 MiB limit
annals ingest: in/f-bad-date.txt:1: impossible date in header 'date 2021-02-30'
annals ingest: in/g-wire.jsonl:2: not JSON: premature end of input near '\"broken' (column 16)
annals ingest: in/g-wire.jsonl:3: not a JSON object
annals ingest: in/g-wire.jsonl:4: no \"text\" field
annals ingest: in/g-wire.jsonl:5: \"date\" is not an ISO 8601 calendar date: 2024-13-45
annals ingest: in/h-dangling.txt: cannot open: No such file or directory
annals ingest: in/i-blank.txt: empty document
annals ingest: in/j-pipe: not a regular file" "$ERR"

run "good documents are searchable" 0 -- "$ANNALS" timeline --store s.db harbor --dates 5 --sentences 1 --format tilse
same "timeline of the good documents" "2024-05-01
Ferries resumed their crossings of the harbor after the long winter storms.
--------------------------------
2024-05-04
The caf$(printf '\xef\xbf\xbd') near the harbor reopened $(printf '\xef\xbf\xbd\xef\xbf\xbd') after repairs to its flooded kitchen and terrace.
--------------------------------
2024-05-08
First wire report about the harbor pilots and their new contract with the port." "$OUT"

run "store intact" 0 -- "$ANNALS" stats --store s.db --check
contains "check ok" "check             ok" "$OUT"
mkdir -p loop/a
ln -s ../../loop loop/a/back
printf 'date 2024-05-09\nA harbor report inside a directory with a link loop.\n' >loop/r.txt
run "link loop" 3 -- "$ANNALS" ingest --store loop.db loop
contains "link loop reported" "directories nested too deeply (a link loop?)" "$ERR"
contains "link loop: the report is still ingested" "ingested 1," "$OUT"

run "bigger limit accepts the long line" 0 -- "$ANNALS" ingest -q --max-doc-mb 64 --store s.db in/e-huge-line.txt
finish
