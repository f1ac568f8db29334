#!/usr/bin/env bash
# Checks that #include lines respect the one-way module order of docs/ARCHITECTURE.md:
#   util <- text <- temporal
#   util <- text <- store, ingest
#   pipeline  uses util text temporal store ingest
#   timeline  uses util text temporal store
#   eval      uses util text temporal store ingest pipeline timeline
# cli/ (and server/) include only annals.h (plus libc and system headers).
set -u
cd "$(dirname "$0")/.."
declare -A allowed=(
  [util]="util"
  [text]="util text"
  [temporal]="util text temporal"
  [store]="util text store"
  [ingest]="util text ingest"
  [pipeline]="util text temporal store ingest pipeline"
  [timeline]="util text temporal store timeline"
  [eval]="util text temporal store ingest pipeline timeline eval"
)
bad=0
for dir in src/*/; do
  mod=$(basename "$dir")
  if [ -z "${allowed[$mod]+x}" ]; then
    echo "src/$mod: module not listed in tools/check_includes.sh"; bad=1; continue
  fi
  while IFS=: read -r file line inc; do
    target=$(echo "$inc" | sed -n 's/.*#include "\([a-z]*\)\/.*/\1/p')
    [ -z "$target" ] && continue
    [ "$target" = annals ] && continue
    case " ${allowed[$mod]} " in
      *" $target "*) ;;
      *) echo "$file:$line: $mod may not include $target/"; bad=1 ;;
    esac
  done < <(grep -n '#include "' "$dir"*.c "$dir"*.h 2>/dev/null)
done
while IFS=: read -r file line inc; do
  case "$inc" in
    *'"annals.h"'*|*'"cli.h"'*) ;;
    *) echo "$file:$line: cli/ may include only annals.h and cli.h"; bad=1 ;;
  esac
done < <(grep -n '#include "' cli/*.c cli/*.h 2>/dev/null)
[ $bad -eq 0 ] && echo "include order ok"
exit $bad
