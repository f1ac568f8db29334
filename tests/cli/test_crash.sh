#!/usr/bin/env bash
# Killing an ingest at any moment leaves a store that opens, passes the integrity and
# consistency checks and holds whole documents only; running the same ingest again
# completes it, with the same content as an ingest that was never interrupted.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
mkdir corpus
for d in 01 02 03 04 05 06 07 08 09 10; do
    mkdir -p "corpus/2024-05-$d"
    for i in $(seq 1 60); do
        printf 'Report %s from May %s\nThe harbor authority said on Monday that ferry %s would run again soon. Officials met yesterday and will meet again next week. Traffic on the ring road rose by %s percent last month.\n' \
            "$i" "$d" "$i" "$i" >"corpus/2024-05-$d/r$i.txt"
    done
done

run "clean ingest" 0 -- "$ANNALS" ingest -q --store clean.db corpus
run "clean stats" 0 -- "$ANNALS" stats --store clean.db
want=$(printf '%s\n' "$OUT" | grep -v '^store')

for delay in 0.02 0.05 0.1 0.15 0.2 0.3; do
    rm -f k.db k.db-wal k.db-shm
    "$ANNALS" ingest -q --batch 7 --store k.db corpus >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ -f k.db ]; then
        run "store after kill at ${delay}s passes --check" 0 -- "$ANNALS" stats --store k.db --check
        contains "check ok after kill at ${delay}s" "check             ok" "$OUT"
    fi
    run "resume after kill at ${delay}s" 0 -- "$ANNALS" ingest -q --store k.db corpus
    run "stats after resume at ${delay}s" 0 -- "$ANNALS" stats --store k.db --check
    same "resumed store equals the clean one (${delay}s)" "$want
check             ok" "$(printf '%s\n' "$OUT" | grep -v '^store')"
done
finish
