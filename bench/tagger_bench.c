/*
 * tagger_bench.c - speed of the time-expression tagger, and its agreement with HeidelTime.
 *
 * FILE lists may also come one path a line on standard input (no FILE arguments).
 *   tagger_bench speed FILE...        reads every file into memory, then tags each one
 *                                     (reference date from a YYYY-MM-DD folder in its path)
 *                                     and prints MB/s of the tagging alone, best of 3 runs
 *   tagger_bench heideltime FILE...   FILE: HeidelTime TimeML outputs (Timeline17
 *                                     time_annotated/); tags the same text and prints how
 *                                     many HeidelTime expressions we overlap and with the
 *                                     same value; with -v also every disagreement
 * Built by bench/tagger.sh against the library of an existing build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annals/temporal.h"

typedef struct doc {
    char *text;
    size_t len;
    annals_date dct;
} doc;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

/* The first YYYY-MM-DD path component. */
static annals_date path_date(const char *p)
{
    annals_date d = {0, 0, 0};
    for (const char *s = p; *s; s++) {
        if ((s == p || s[-1] == '/') && strlen(s) >= 10 && s[4] == '-' && s[7] == '-' &&
            (s[10] == '/' || s[10] == '\0') && annals_date_parse_iso(&d, s, 10) == 0)
            return d;
    }
    return d;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int speed(int argc, char **argv)
{
    doc *docs = calloc((size_t)argc, sizeof(doc));
    size_t total = 0;
    int nd = 0;
    for (int i = 0; i < argc; i++) {
        doc *d = &docs[nd];
        d->text = slurp(argv[i], &d->len);
        if (!d->text) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            continue;
        }
        d->dct = path_date(argv[i]);
        total += d->len;
        nd++;
    }
    annals_tagger *t;
    if (annals_tagger_open(&t, NULL) < 0)
        return 4;
    double best = 1e30;
    size_t found = 0;
    for (int run = 0; run < 3; run++) {
        double t0 = now_s();
        found = 0;
        for (int i = 0; i < nd; i++) {
            const annals_timex *x;
            size_t n;
            annals_tagger_tag(t, docs[i].text, docs[i].len, docs[i].dct.year ? &docs[i].dct : NULL,
                              &x, &n);
            found += n;
        }
        double dt = now_s() - t0;
        if (dt < best)
            best = dt;
    }
    printf("files\t%d\nbytes\t%zu\nexpressions\t%zu\nseconds\t%.3f\nMB/s\t%.1f\n", nd, total, found,
           best, total / 1e6 / best);
    annals_tagger_close(t);
    for (int i = 0; i < nd; i++)
        free(docs[i].text);
    free(docs);
    return 0;
}

typedef struct hx {
    size_t off, len;
    char value[48];
} hx;

static int heideltime(int argc, char **argv, int verbose)
{
    annals_tagger *t;
    if (annals_tagger_open(&t, NULL) < 0)
        return 4;
    long h_total = 0, ours = 0, overlap = 0, same = 0;
    size_t cap = 0;
    hx *hs = NULL;
    char *plain = NULL;
    for (int i = 0; i < argc; i++) {
        size_t len;
        char *src = slurp(argv[i], &len);
        if (!src)
            continue;
        plain = realloc(plain, len + 1);
        if (cap < len / 8 + 16) {
            cap = len / 8 + 16;
            hs = realloc(hs, cap * sizeof(hx));
        }
        const char *body = strstr(src, "<TimeML>");
        const char *end = body ? strstr(body, "</TimeML>") : NULL;
        if (!body || !end) {
            free(src);
            continue;
        }
        size_t pn = 0, nh = 0;
        hx open = {0, 0, ""};
        for (const char *p = body + 8; p < end;) {
            if (*p == '<') {
                const char *gt = memchr(p, '>', (size_t)(end - p));
                if (!gt)
                    break;
                if (strncmp(p, "<TIMEX3", 7) == 0) {
                    open.off = pn;
                    const char *v = strstr(p, "value=\"");
                    open.value[0] = '\0';
                    if (v && v < gt) {
                        v += 7;
                        size_t k = 0;
                        while (v + k < gt && v[k] != '"' && k + 1 < sizeof(open.value))
                            k++;
                        memcpy(open.value, v, k);
                        open.value[k] = '\0';
                    }
                } else if (strncmp(p, "</TIMEX3", 8) == 0 && nh < cap) {
                    open.len = pn - open.off;
                    hs[nh++] = open;
                }
                p = gt + 1;
            } else {
                plain[pn++] = *p++;
            }
        }
        annals_date dct = path_date(argv[i]);
        const annals_timex *x;
        size_t n;
        annals_tagger_tag(t, plain, pn, dct.year ? &dct : NULL, &x, &n);
        h_total += (long)nh;
        ours += (long)n;
        size_t j = 0;
        for (size_t k = 0; k < nh; k++) {
            while (j < n && x[j].span.off + x[j].span.len <= hs[k].off)
                j++;
            if (j < n && x[j].span.off < hs[k].off + hs[k].len) {
                overlap++;
                if (strcmp(x[j].value, hs[k].value) == 0)
                    same++;
                else if (verbose)
                    printf("VALUE\t%s\t[%.*s]\theideltime %s\tours %s\n", argv[i], (int)hs[k].len,
                           plain + hs[k].off, hs[k].value, x[j].value);
            } else if (verbose) {
                printf("MISS\t%s\t[%.*s]\t%s\n", argv[i], (int)hs[k].len, plain + hs[k].off,
                       hs[k].value);
            }
        }
        free(src);
    }
    printf("heideltime\t%ld\nours\t%ld\noverlapping\t%ld (%.3f of heideltime)\n"
           "same value\t%ld (%.3f of overlapping)\n",
           h_total, ours, overlap, h_total ? (double)overlap / h_total : 0, same,
           overlap ? (double)same / overlap : 0);
    free(hs);
    free(plain);
    annals_tagger_close(t);
    return 0;
}

/* Paths from stdin, one a line, when none are given on the command line. */
static char **stdin_paths(int *argc, char **argv)
{
    if (*argc > 0)
        return argv;
    size_t cap = 1024, n = 0;
    char **v = malloc(cap * sizeof(char *));
    char line[4096];
    while (v && fgets(line, sizeof(line), stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0])
            continue;
        if (n == cap) {
            char **nv = realloc(v, (cap *= 2) * sizeof(char *));
            if (!nv)
                break;
            v = nv;
        }
        v[n++] = strdup(line);
    }
    *argc = (int)n;
    return v;
}

int main(int argc, char **argv)
{
    int n;
    if (argc >= 2 && strcmp(argv[1], "speed") == 0) {
        n = argc - 2;
        return speed(n, stdin_paths(&n, argv + 2));
    }
    if (argc >= 3 && strcmp(argv[1], "heideltime") == 0 && strcmp(argv[2], "-v") == 0) {
        n = argc - 3;
        return heideltime(n, stdin_paths(&n, argv + 3), 1);
    }
    if (argc >= 2 && strcmp(argv[1], "heideltime") == 0) {
        n = argc - 2;
        return heideltime(n, stdin_paths(&n, argv + 2), 0);
    }
    fprintf(stderr, "usage: tagger_bench speed FILE... | heideltime [-v] FILE...\n");
    return 2;
}
