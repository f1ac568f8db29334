# results.sh - sourced by the benchmark scripts: collect rows, then write them into
# bench/results.tsv (dataset, metric, value, command), replacing rows with the same dataset
# and metric and keeping all others.
#
#   . bench/results.sh
#   result_row DATASET METRIC VALUE COMMAND
#   results_write            # or results_print
RESULT_ROWS=()

result_row() {
    RESULT_ROWS+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4")
}

results_print() {
    printf '%s\n' "${RESULT_ROWS[@]}"
}

results_write() {
    local file=${1:-bench/results.tsv} tmp
    tmp=$(mktemp)
    {
        head -1 "$file"
        tail -n +2 "$file" | while IFS= read -r line; do
            local key keep=1
            key=$(cut -f1,2 <<<"$line")
            for r in "${RESULT_ROWS[@]}"; do
                [ "$(cut -f1,2 <<<"$r")" = "$key" ] && keep=0 && break
            done
            if [ $keep -eq 1 ]; then printf '%s\n' "$line"; fi
        done
        results_print
    } >"$tmp"
    mv "$tmp" "$file"
    echo "$file updated (${#RESULT_ROWS[@]} rows)"
}
