/*
 * results.c - rows of a benchmark results file (bench/results.tsv).
 *
 * Representation: a tab-separated file with the header "dataset metric value command" and
 * one measured number per row. A run replaces its own rows (same dataset and command) where
 * the first of them stood, or appends them, and keeps every other row in its place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* True when line (with its newline) is a row of dataset measured by command. */
static bool own_row(const char *line, size_t n, const char *dataset, const char *command)
{
    size_t dl = strlen(dataset), cl = strlen(command);
    if (n < dl + cl + 3 || strncmp(line, dataset, dl) != 0 || line[dl] != '\t')
        return false;
    if (line[n - 1] == '\n')
        n--;
    return n > cl && line[n - cl - 1] == '\t' && memcmp(line + n - cl, command, cl) == 0;
}

int results_replace(const char *path, const char *dataset, const char *command,
                    const results_row *rows, size_t n_rows)
{
    char *keep = NULL;
    size_t len = 0, cap = 0, at = (size_t)-1;
    int rc = -1;
    FILE *f = fopen(path, "r");
    if (f) {
        char *line = NULL;
        size_t line_cap = 0;
        ssize_t n;
        while ((n = getline(&line, &line_cap, f)) > 0) {
            if (own_row(line, (size_t)n, dataset, command)) {
                if (at == (size_t)-1)
                    at = len;
                continue;
            }
            if (len + (size_t)n + 1 > cap) {
                cap = (len + (size_t)n + 1) * 2;
                char *g = realloc(keep, cap);
                if (!g) {
                    free(line);
                    fclose(f);
                    goto cleanup;
                }
                keep = g;
            }
            memcpy(keep + len, line, (size_t)n);
            len += (size_t)n;
        }
        free(line);
        fclose(f);
    }
    f = fopen(path, "w");
    if (!f)
        goto cleanup;
    if (len == 0)
        fputs("dataset\tmetric\tvalue\tcommand\n", f);
    if (at == (size_t)-1)
        at = len;
    if (at)
        fwrite(keep, 1, at, f);
    for (size_t i = 0; i < n_rows; i++)
        fprintf(f, "%s\t%s\t%.*f\t%s\n", dataset, rows[i].metric, rows[i].decimals,
                rows[i].value, command);
    if (len > at)
        fwrite(keep + at, 1, len - at, f);
    rc = fclose(f) == 0 ? 0 : -1;
cleanup:
    if (rc != 0)
        fprintf(stderr, "annals: %s: cannot write the results\n", path);
    free(keep);
    return rc;
}
