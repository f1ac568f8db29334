/*
 * test_cases.c - runs every table in tests/cases/ (every .tsv there) through the tagger.
 *
 * Table format (also at the top of each table): one case a line, tab-separated,
 *   id  reference-date  input  expected
 * reference-date is YYYY-MM-DD or "-" for unknown. expected is "-" when nothing may be
 * found, else items separated by " ; ", each "TEXT|TYPE|VALUE" or "TEXT|TYPE|VALUE|MOD":
 * TEXT is the exact substring of the input (found left to right, after the previous
 * item), TYPE and VALUE the TIMEX3 type and value. The tagger's output must be exactly
 * the expected list. Lines starting with '#' and empty lines are skipped.
 * Reads the tables from the source tree (the test's working directory); every failing
 * case is printed with its file and id before the test fails.
 */
#include <dirent.h>

#include "unit/test_helpers.h"

#include "annals/temporal.h"
#include "util.h"

#define CASES_DIR "tests/cases"

typedef struct expect {
    uint32_t off, len;
    char type[12], value[48], mod[16];
} expect;

/* Splits line at tabs into at most n fields (in place). Returns the field count. */
static int split_tabs(char *line, char **f, int n)
{
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < n; p++) {
        if (*p == '\t') {
            *p = '\0';
            f[k++] = p + 1;
        }
    }
    return k;
}

static int parse_expected(const char *input, char *spec, expect *ex, int max, char *why, size_t wn)
{
    if (strcmp(spec, "-") == 0)
        return 0;
    int n = 0;
    size_t from = 0;
    char *item = spec;
    while (item && *item) {
        char *next = strstr(item, " ; ");
        if (next) {
            *next = '\0';
            next += 3;
        }
        char *parts[4] = {NULL, NULL, NULL, NULL};
        int np = 0;
        parts[np++] = item;
        for (char *p = item; *p && np < 4; p++) {
            if (*p == '|') {
                *p = '\0';
                parts[np++] = p + 1;
            }
        }
        if (np < 3 || n == max) {
            snprintf(why, wn, "bad expected item '%s'", item);
            return -1;
        }
        const char *hit = strstr(input + from, parts[0]);
        if (!hit) {
            snprintf(why, wn, "'%s' is not in the input", parts[0]);
            return -1;
        }
        expect *e = &ex[n++];
        e->off = (uint32_t)(hit - input);
        e->len = (uint32_t)strlen(parts[0]);
        snprintf(e->type, sizeof(e->type), "%s", parts[1]);
        snprintf(e->value, sizeof(e->value), "%s", parts[2]);
        snprintf(e->mod, sizeof(e->mod), "%s", np > 3 ? parts[3] : "");
        from = e->off + e->len;
        item = next;
    }
    return n;
}

static int run_table(annals_tagger *t, const char *path, int *cases)
{
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0) {
        printf("%s: cannot read\n", path);
        return 1;
    }
    int failures = 0, lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *f[4];
        if (split_tabs(line, f, 4) != 4) {
            printf("%s: '%s': needs 4 tab-separated fields\n", path, line);
            failures++;
            continue;
        }
        (*cases)++;
        annals_date dct = {0, 0, 0};
        if (strcmp(f[1], "-") != 0 && annals_date_parse_iso(&dct, f[1], strlen(f[1])) < 0) {
            printf("%s %s: bad reference date %s\n", path, f[0], f[1]);
            failures++;
            continue;
        }
        expect ex[16];
        char why[160];
        int ne = parse_expected(f[2], f[3], ex, 16, why, sizeof(why));
        if (ne < 0) {
            printf("%s %s: %s\n", path, f[0], why);
            failures++;
            continue;
        }
        const annals_timex *x;
        size_t nx;
        assert_int_equal(annals_tagger_tag(t, f[2], strlen(f[2]), dct.year ? &dct : NULL, &x, &nx),
                         0);
        int ok = (size_t)ne == nx;
        for (int i = 0; ok && i < ne; i++) {
            ok = x[i].span.off == ex[i].off && x[i].span.len == ex[i].len &&
                 strcmp(annals_timex_type_name(x[i].type), ex[i].type) == 0 &&
                 strcmp(x[i].value, ex[i].value) == 0 && strcmp(x[i].mod, ex[i].mod) == 0;
        }
        if (!ok) {
            failures++;
            printf("FAIL %s %s: %s\n  got:", path, f[0], f[2]);
            for (size_t i = 0; i < nx; i++)
                printf(" [%.*s|%s|%s%s%s]", (int)x[i].span.len, f[2] + x[i].span.off,
                       annals_timex_type_name(x[i].type), x[i].value, x[i].mod[0] ? "|" : "",
                       x[i].mod);
            printf("\n");
        }
    }
    free(data);
    return failures;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_case_tables(void **state)
{
    (void)state;
    annals_tagger *t;
    assert_int_equal(annals_tagger_open(&t, NULL), 0);
    DIR *d = opendir(CASES_DIR);
    assert_non_null(d);
    char *names[64];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nn < 64) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".tsv") == 0)
            names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)nn, sizeof(char *), cmp_str);
    int failures = 0, cases = 0;
    for (int i = 0; i < nn; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", CASES_DIR, names[i]);
        int before = cases;
        int f = run_table(t, path, &cases);
        printf("%-48s %4d cases %3d failed\n", path, cases - before, f);
        failures += f;
        free(names[i]);
    }
    annals_tagger_close(t);
    printf("%d cases, %d failed\n", cases, failures);
    assert_true(nn >= 6);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_case_tables)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
