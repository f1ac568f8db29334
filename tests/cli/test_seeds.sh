#!/usr/bin/env bash
# The seed reports: two dated meetings of Blinken and Macron and an undated one that says
# "on January 8". The timeline shows the dated entries from the right reports, then the
# partial date, and names the undated document.
. "$(dirname "$0")/lib.sh"
shared_or_skip seeds
cd "$TMP" || exit 1
run "ingest seeds" 0 -- "$ANNALS" ingest --store s.db "$SHARED/seeds"
contains "seeds summary" "ingested 3, unchanged 0, replaced 0, skipped 0" "$OUT"
contains "one undated" "1 without a publication date" "$OUT"
run "timeline" 0 -- "$ANNALS" timeline --store s.db "Blinken Macron"
dates=$(printf '%s\n' "$OUT" | grep -E '^([0-9?]{4})-[0-9]{2}-[0-9]{2}  ' | cut -c1-10 | tr '\n' ' ')
same "entries in order" "2021-10-05 2024-04-02 ????-01-08 " "$dates"
contains "partial date in words" "????-01-08  January 8, year unknown" "$OUT"
# every sentence of an entry comes from the right report
entry_sources() {
    printf '%s\n' "$OUT" | awk -v d="$1" '/^[0-9?][0-9?][0-9?][0-9?]-[0-9][0-9]-[0-9][0-9]  /{on = ($1 == d)} on && /^    \[/' |
        sed -E 's/^    \[.*\/([^/]*), bytes .*/\1/' | sort -u | tr '\n' ' '
}
same "2021 entry from the 2021 report" "000_155bc5161f056af4.txt " "$(entry_sources 2021-10-05)"
same "2024 entry from the 2024 report" "001_2928e92e240a864f.txt " "$(entry_sources 2024-04-02)"
same "partial entry from the undated report" "002_539e7326dfbc18e1.txt " "$(entry_sources '????-01-08')"
contains "names the undated document" "Without a publication date (1):" "$OUT"
contains "undated document path" "002_539e7326dfbc18e1.txt" "$(printf '%s\n' "$OUT" | tail -1)"
contains "the January 8 sentence" "on January 8, Blinken and Macron discussed" "$OUT"

run "json" 0 -- "$ANNALS" timeline --store s.db "Blinken Macron" --format json
contains "json partial flag" '"date": "XXXX-01-08", "partial": true' "$OUT"
run "no partial" 0 -- "$ANNALS" timeline --store s.db "Blinken Macron" --no-partial --format tilse
same "tilse has the two dated entries" "2021-10-05 2024-04-02 " \
    "$(printf '%s\n' "$OUT" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | tr '\n' ' ')"
finish
