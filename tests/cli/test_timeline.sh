#!/usr/bin/env bash
# annals timeline: exact output on a tiny corpus, formats, window, exit codes.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
mkdir in
printf 'date 2024-03-04\nThe harbor ferry stopped running on Monday after a storm.\n' >in/one.txt
printf 'date 2024-03-09\nThe harbor ferry returned to service on Saturday.\n' >in/two.txt
printf 'Dock workers said the harbor ferry would be repainted on March 20.\n' >in/undated.txt
run "ingest" 0 -- "$ANNALS" ingest -q --store s.db in

run "text" 0 -- "$ANNALS" timeline --store s.db harbor ferry --sentences 1
same "text output" "harbor ferry: 2 dates, 1 partial, from 3 matching sentences

2024-03-04  Monday, March 4, 2024
  * The harbor ferry stopped running on Monday after a storm.
    [in/one.txt, bytes 0-57]

2024-03-09  Saturday, March 9, 2024
  * The harbor ferry returned to service on Saturday.
    [in/two.txt, bytes 0-49]

????-03-20  March 20, year unknown
  * Dock workers said the harbor ferry would be repainted on March 20.
    [in/undated.txt, bytes 0-66]

Without a publication date (1):
  in/undated.txt" "$OUT"

run "window" 0 -- "$ANNALS" timeline --store s.db "harbor ferry" --from 2024-03-05 --to 2024-03-31 --no-partial --format tilse
same "tilse in the window" "2024-03-09
The harbor ferry returned to service on Saturday." "$OUT"

run "markdown" 0 -- "$ANNALS" timeline --store s.db ferry --dates 1 --sentences 1 --no-partial --format markdown
contains "markdown heading" "## 2024-03-" "$OUT"

run "json" 0 -- "$ANNALS" timeline --store s.db ferry --format json --no-partial
contains "json source and span" '"source": "in/one.txt", "doc_id": 1, "sentence_id": 1, "span": [0, 57], "published": "2024-03-04"' "$OUT"

# a model file with a spread record loads; a bad spread is bad input with its line
printf 'format\tannals-date-model\t1\nweight\tment_docs\t1\nweight\tpub_docs\t1\nspread\t0.5\n' >m.tsv
run "model with spread" 0 -- "$ANNALS" timeline --store s.db ferry --model m.tsv --dates 2 --no-partial --format tilse
same "spread model output" "2024-03-04
The harbor ferry stopped running on Monday after a storm.
--------------------------------
2024-03-09
The harbor ferry returned to service on Saturday." "$OUT"
printf 'format\tannals-date-model\t1\nspread\t-2\n' >bad.tsv
run "bad spread" 3 -- "$ANNALS" timeline --store s.db ferry --model bad.tsv
same "bad spread message" "annals timeline: bad.tsv: line 2: '-2' is not a finite number >= 0" "$ERR"

run "nothing matches" 1 -- "$ANNALS" timeline --store s.db volcano
same "nothing message" "annals timeline: nothing matched 'volcano'" "$ERR"
run "only stop words" 2 -- "$ANNALS" timeline --store s.db "the of and"
same "stop words message" "annals timeline: the query has no searchable word" "$ERR"
run "bad date" 2 -- "$ANNALS" timeline --store s.db ferry --from 2024-02-30
same "bad date message" "annals timeline: --from must be a calendar date YYYY-MM-DD, not '2024-02-30'" "$ERR"
run "bad format" 2 -- "$ANNALS" timeline --store s.db ferry --format xml
run "no query" 2 -- "$ANNALS" timeline --store s.db
run "missing store" 4 -- "$ANNALS" timeline --store nope.db ferry
run "help" 0 -- "$ANNALS" timeline --help
contains "help lists formats" "text|json|tilse|markdown" "$OUT"
finish
