/*
 * cmd_eval_timex.c - `annals eval timex`: TempEval-3 scores of TimeML time expressions,
 * and the agreement of the tagger with HeidelTime on Timeline17.
 *
 *   annals eval timex GOLD SYSTEM [--verbose] [--format text|json] [--bootstrap N]
 *   annals eval timex --heideltime T17_DIR [--verbose] [--format text|json] [--bootstrap N]
 *
 * GOLD and SYSTEM are two TimeML files or two directories whose .tml/.timeml files are
 * paired by relative path. In HeidelTime mode every time_annotated/<date>/<id>.txt.timeml
 * of T17_DIR (HeidelTime's output) is the reference, and the tagger's output on
 * InputDocs/<date>/<id>.htm.txt, with the folder date as reference date, is scored
 * against it. The two texts differ only in whitespace; spans are carried over by
 * counting the non-space bytes before them. Measures: see include/annals/eval_timex.h.
 * --bootstrap N adds 95% percentile intervals of the F1 measures from N resamples of the
 * scored documents (include/annals/eval_bootstrap.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

enum { OPT_VERBOSE = 256, OPT_FORMAT, OPT_HEIDELTIME, OPT_BOOTSTRAP };

static const cli_option options[] = {
    {"verbose", 'v', false},
    {"format", OPT_FORMAT, true},
    {"heideltime", OPT_HEIDELTIME, true},
    {"bootstrap", OPT_BOOTSTRAP, true},
    {"help", 'h', false},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals eval timex GOLD SYSTEM [--verbose] [--format text|json]\n"
            "                         [--bootstrap N]\n"
            "       annals eval timex --heideltime T17_DIR [--verbose] [--format text|json]\n"
            "                         [--bootstrap N]\n\n"
            "Scores the TIMEX3 of SYSTEM against GOLD as the TempEval-3 toolkit does: strict\n"
            "and relaxed extent P/R/F1, type and value accuracy and F1 (accuracy x relaxed F1).\n"
            "GOLD and SYSTEM are TimeML files or directories (files paired by relative path).\n"
            "--heideltime scores the tagger on Timeline17 articles against HeidelTime's\n"
            "time_annotated/ output (agreement, HeidelTime taken as the reference).\n\n"
            "  --verbose        per-file counts and every mismatch (tab-separated lines:\n"
            "                   MISMATCH file line kind gold_text gold_type gold_value\n"
            "                   system_text system_type system_value)\n"
            "  --format text    percentages with two decimals, as the toolkit prints (default)\n"
            "  --format json    one JSON object, fractions in [0, 1]\n"
            "  --bootstrap N    after the scores, the 95%% interval of each F1 from N\n"
            "                   bootstrap resamples of the documents (percentile, fixed seed)\n\n"
            "exit: 0 ok, 1 no document scored, 2 usage, 3 some file skipped, 4 I/O error\n");
}

typedef struct run {
    bool verbose;
    bool json;
    int worst; /* exit code so far */
    annals_timex_counts total;
    bool first_file;
    size_t bootstrap;          /* resamples; 0: no interval */
    annals_timex_counts *docs; /* with bootstrap: the counts of every scored document */
    size_t *units;             /* with --heideltime: each document's folder (its unit) */
    size_t n_docs, cap_docs;
    size_t unit;   /* the unit of the documents scored next */
    char **topics; /* with --heideltime: the folder names seen, unit i = topics[i] */
    size_t n_topics;
} run;

/* Keeps one document's counts for the bootstrap. */
static int keep_doc(run *r, const annals_timex_counts *c)
{
    if (r->n_docs == r->cap_docs) {
        size_t cap = r->cap_docs ? 2 * r->cap_docs : 256;
        annals_timex_counts *d = realloc(r->docs, cap * sizeof(*d));
        if (!d)
            return ANNALS_ENOMEM;
        r->docs = d;
        size_t *u = realloc(r->units, cap * sizeof(*u));
        if (!u)
            return ANNALS_ENOMEM;
        r->units = u;
        r->cap_docs = cap;
    }
    r->units[r->n_docs] = r->unit;
    r->docs[r->n_docs++] = *c;
    return 0;
}

/* Sets the unit of the next documents to the Timeline17 folder (bpoil_bbc, ...) named by
 * the first len bytes of name, adding it when new; ANNALS_ENOMEM. */
static int set_folder(run *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->n_topics; i++)
        if (strlen(r->topics[i]) == len && memcmp(r->topics[i], name, len) == 0) {
            r->unit = i;
            return 0;
        }
    char **t = realloc(r->topics, (r->n_topics + 1) * sizeof(*t));
    if (!t)
        return ANNALS_ENOMEM;
    r->topics = t;
    if (!(t[r->n_topics] = strndup(name, len)))
        return ANNALS_ENOMEM;
    r->unit = r->n_topics++;
    return 0;
}

static void note(run *r, int code)
{
    if (code > r->worst)
        r->worst = code;
}

static int slurp(const char *path, char **out, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ANNALS_EIO;
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap + 1);
    int rc = 0;
    while (p) {
        size_t n = fread(p + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
        if (len == cap) {
            char *q = cap > ((size_t)1 << 31) ? NULL : realloc(p, cap * 2 + 1);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
    }
    if (!p)
        rc = ANNALS_ENOMEM;
    else if (ferror(f))
        rc = ANNALS_EIO;
    fclose(f);
    if (rc < 0) {
        free(p);
        return rc;
    }
    p[len] = '\0';
    *out = p;
    *len_out = len;
    return 0;
}

/* Prints s[0, n) with tabs and line breaks as spaces (one field of a TSV line). */
static void put_field(const char *s, size_t n)
{
    putchar('\t');
    for (size_t i = 0; i < n; i++)
        putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

static unsigned line_at(const char *text, uint32_t off)
{
    unsigned line = 1;
    for (uint32_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/*
 * Scores one document: gold and sys spans are in the same text. line_doc, when not NULL,
 * gives line numbers of the gold file; otherwise lines are counted in text.
 */
static int score_doc(run *r, const char *name, const char *text,
                     const annals_timeml_doc *line_doc, const annals_timeml_timex *gold,
                     size_t ng, const annals_timeml_timex *sys, size_t ns)
{
    annals_timex_counts c = {0, 0, 0, 0, 0, 0, 0};
    annals_timex_pair *pairs = NULL;
    size_t np = 0;
    if (annals_timex_align(gold, ng, sys, ns, &c, r->verbose ? &pairs : NULL, &np) < 0) {
        fprintf(stderr, "annals eval timex: out of memory\n");
        return ANNALS_ENOMEM;
    }
    if (r->bootstrap && keep_doc(r, &c) < 0) {
        fprintf(stderr, "annals eval timex: out of memory\n");
        free(pairs);
        return ANNALS_ENOMEM;
    }
    annals_timex_counts_add(&r->total, &c);
    if (r->verbose && r->json) {
        printf("%s{\"file\":\"", r->first_file ? "" : ",");
        for (const char *p = name; *p; p++)
            printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
        printf("\",\"gold\":%zu,\"system\":%zu,\"strict\":%zu,\"relaxed\":%zu,"
               "\"type_ok\":%zu,\"value_ok\":%zu}",
               c.gold, c.system, c.strict, c.relaxed, c.type_ok, c.value_ok);
        r->first_file = false;
    } else if (r->verbose) {
        printf("FILE\t%s\tgold %zu\tsystem %zu\tstrict %zu\trelaxed %zu\ttype %zu\tvalue %zu\n",
               name, c.gold, c.system, c.strict, c.relaxed, c.type_ok, c.value_ok);
        for (size_t i = 0; i < np; i++) {
            const annals_timex_pair *p = &pairs[i];
            char kind[32] = "";
            if (p->outcome == ANNALS_TIMEX_MISSED)
                strcpy(kind, "missed");
            else if (p->outcome == ANNALS_TIMEX_SPURIOUS)
                strcpy(kind, "spurious");
            else {
                if (p->outcome == ANNALS_TIMEX_RELAXED)
                    strcat(kind, "extent,");
                if (!p->type_ok)
                    strcat(kind, "type,");
                if (!p->value_ok)
                    strcat(kind, "value,");
                if (!*kind)
                    continue;
                kind[strlen(kind) - 1] = '\0';
            }
            const annals_timeml_timex *g = p->gold >= 0 ? &gold[p->gold] : NULL;
            const annals_timeml_timex *s = p->system >= 0 ? &sys[p->system] : NULL;
            uint32_t off = g ? g->span.off : s->span.off;
            printf("MISMATCH\t%s\t%u\t%s", name,
                   line_doc ? annals_timeml_line(line_doc, off) : line_at(text, off), kind);
            if (g) {
                put_field(text + g->span.off, g->span.len);
                printf("\t%s\t%s", g->type, g->value);
            } else {
                printf("\t-\t-\t-");
            }
            if (s) {
                put_field(text + s->span.off, s->span.len);
                printf("\t%s\t%s", s->type, s->value);
            } else {
                printf("\t-\t-\t-");
            }
            putchar('\n');
        }
    }
    free(pairs);
    return 0;
}

static annals_timeml_doc *load(run *r, const char *path, unsigned flags)
{
    char *raw = NULL;
    size_t len = 0;
    int rc = slurp(path, &raw, &len);
    if (rc < 0) {
        fprintf(stderr, "annals eval timex: %s: cannot read: %s\n", path,
                rc == ANNALS_ENOMEM ? "out of memory" : strerror(errno));
        note(r, EXIT_IOERR);
        return NULL;
    }
    annals_timeml_options opts = ANNALS_TIMEML_OPTIONS_INIT;
    opts.flags = flags;
    annals_timeml_doc *d = NULL;
    rc = annals_timeml_read(&d, raw, len, &opts);
    free(raw);
    if (rc < 0) {
        if (d)
            fprintf(stderr, "annals eval timex: %s:%u: %s; file skipped\n", path,
                    annals_timeml_errline(d), annals_timeml_errmsg(d));
        else
            fprintf(stderr, "annals eval timex: %s: out of memory\n", path);
        note(r, d ? EXIT_BADINPUT : EXIT_IOERR);
        annals_timeml_close(d);
        return NULL;
    }
    return d;
}

/* Scores one gold file against one system file. */
static void eval_pair(run *r, const char *name, const char *gold_path, const char *sys_path)
{
    annals_timeml_doc *g = load(r, gold_path, 0), *s = NULL;
    if (!g)
        return;
    size_t ng, ns = 0, gl, sl;
    const annals_timeml_timex *gx = annals_timeml_timexes(g, &ng), *sx = NULL;
    const char *gt = annals_timeml_text(g, &gl);
    struct stat st;
    if (stat(sys_path, &st) < 0) {
        fprintf(stderr, "annals eval timex: %s: no system file; its %zu gold expressions "
                        "count as missed\n", sys_path, ng);
        note(r, EXIT_BADINPUT);
    } else if (!(s = load(r, sys_path, 0))) {
        goto cleanup;
    } else {
        const char *st_text = annals_timeml_text(s, &sl);
        if (sl != gl || memcmp(gt, st_text, gl) != 0) {
            fprintf(stderr, "annals eval timex: %s: the text inside <TEXT> differs from the "
                            "gold file's; file skipped\n", sys_path);
            note(r, EXIT_BADINPUT);
            goto cleanup;
        }
        sx = annals_timeml_timexes(s, &ns);
    }
    if (score_doc(r, name, gt, g, gx, ng, sx, ns) < 0)
        note(r, EXIT_IOERR);
cleanup:
    annals_timeml_close(g);
    annals_timeml_close(s);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static void eval_dirs(run *r, const char *gold_dir, const char *sys_dir)
{
    char **gp = NULL, **sp = NULL;
    size_t ng = 0, ns = 0;
    if (annals_timeml_list(gold_dir, &gp, &ng) < 0 || annals_timeml_list(sys_dir, &sp, &ns) < 0) {
        fprintf(stderr, "annals eval timex: cannot list %s or %s\n", gold_dir, sys_dir);
        note(r, EXIT_IOERR);
        goto cleanup;
    }
    for (size_t i = 0; i < ng; i++) {
        char *g = join(gold_dir, gp[i]), *s = join(sys_dir, gp[i]);
        if (g && s)
            eval_pair(r, gp[i], g, s);
        else
            note(r, EXIT_IOERR);
        free(g);
        free(s);
    }
    /* both lists are sorted: walk them together to find system files without gold */
    for (size_t i = 0, j = 0; j < ns; j++) {
        while (i < ng && strcmp(gp[i], sp[j]) < 0)
            i++;
        if (i < ng && strcmp(gp[i], sp[j]) == 0)
            continue;
        fprintf(stderr, "annals eval timex: %s/%s: no gold file; not scored\n", sys_dir, sp[j]);
        note(r, EXIT_BADINPUT);
    }
cleanup:
    annals_timeml_list_free(gp, ng);
    annals_timeml_list_free(sp, ns);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* count[i] = number of non-space bytes in s[0, i), for i in [0, n]. */
static uint32_t *nonspace_counts(const char *s, size_t n)
{
    uint32_t *c = malloc((n + 1) * sizeof(*c));
    if (!c)
        return NULL;
    c[0] = 0;
    for (size_t i = 0; i < n; i++)
        c[i + 1] = c[i] + !is_space(s[i]);
    return c;
}

/* Scores the tagger on one Timeline17 article against HeidelTime's annotation of it. */
static void eval_heideltime_file(run *r, annals_tagger *t, const char *t17, const char *rel)
{
    /* rel is <topic>/time_annotated/<date>/<id>.txt.timeml */
    char *tml_path = join(t17, rel), *art_path = NULL, *art = NULL;
    annals_timeml_doc *h = NULL;
    uint32_t *hc = NULL, *apos = NULL;
    annals_timeml_timex *gold = NULL, *sys = NULL;
    size_t art_len = 0;
    const char *ta = strstr(rel, "/time_annotated/");
    const char *date = ta ? ta + 16 : NULL;
    const char *slash = date ? strchr(date, '/') : NULL;
    size_t rl = strlen(rel);
    annals_date dct;
    if (!tml_path || !ta || !slash || rl < 12 || strchr(slash + 1, '/') ||
        strcmp(rel + rl - 11, ".txt.timeml") != 0 ||
        annals_date_parse_iso(&dct, date, (size_t)(slash - date)) < 0) {
        if (tml_path) /* not a Timeline17 annotation file: not counted */
            goto cleanup;
        note(r, EXIT_IOERR);
        goto cleanup;
    }
    size_t al = strlen(t17) + rl + 16;
    if (!(art_path = malloc(al)) ||
        (r->bootstrap && set_folder(r, rel, strcspn(rel, "/")) < 0)) {
        note(r, EXIT_IOERR);
        goto cleanup;
    }
    snprintf(art_path, al, "%s/%.*s/InputDocs/%.*s.htm.txt", t17, (int)(ta - rel), rel,
             (int)(rl - 11 - (size_t)(date - rel)), date);
    if (slurp(art_path, &art, &art_len) < 0) {
        fprintf(stderr, "annals eval timex: %s: cannot read the article: %s; skipped\n", art_path,
                strerror(errno));
        note(r, EXIT_BADINPUT);
        goto cleanup;
    }
    if (!(h = load(r, tml_path, ANNALS_TIMEML_LENIENT | ANNALS_TIMEML_ROOT_TEXT)))
        goto cleanup;
    size_t hl, nh, nt;
    const char *ht = annals_timeml_text(h, &hl);
    const annals_timeml_timex *hx = annals_timeml_timexes(h, &nh);
    /* the non-space bytes of both texts must agree */
    hc = nonspace_counts(ht, hl);
    apos = malloc((art_len + 1) * sizeof(*apos));
    if (!hc || !apos) {
        note(r, EXIT_IOERR);
        goto cleanup;
    }
    size_t na = 0, k = 0;
    bool same = true;
    for (size_t i = 0; i < art_len; i++) {
        if (is_space(art[i]))
            continue;
        apos[na++] = (uint32_t)i;
    }
    for (size_t i = 0; i < hl && same; i++) {
        if (is_space(ht[i]))
            continue;
        same = k < na && art[apos[k]] == ht[i];
        k++;
    }
    if (!same || k != na) {
        fprintf(stderr, "annals eval timex: %s: text differs from %s beyond whitespace; "
                        "skipped\n", tml_path, art_path);
        note(r, EXIT_BADINPUT);
        goto cleanup;
    }
    gold = calloc(nh ? nh : 1, sizeof(*gold));
    if (!gold) {
        note(r, EXIT_IOERR);
        goto cleanup;
    }
    for (size_t i = 0; i < nh; i++) {
        uint32_t k0 = hc[hx[i].span.off], k1 = hc[hx[i].span.off + hx[i].span.len];
        gold[i] = hx[i];
        gold[i].span = k1 > k0 ? (annals_span){apos[k0], apos[k1 - 1] + 1 - apos[k0]}
                               : (annals_span){k0 < na ? apos[k0] : (uint32_t)art_len, 0};
    }
    const annals_timex *tx;
    if (annals_tagger_tag(t, art, art_len, &dct, &tx, &nt) < 0 ||
        !(sys = calloc(nt ? nt : 1, sizeof(*sys)))) {
        note(r, EXIT_IOERR);
        goto cleanup;
    }
    for (size_t i = 0; i < nt; i++)
        sys[i] = (annals_timeml_timex){tx[i].span, "", annals_timex_type_name(tx[i].type),
                                       tx[i].value, tx[i].mod, NULL};
    /* the report names the article, whose lines the listing counts */
    if (score_doc(r, art_path + strlen(t17) + 1, art, NULL, gold, nh, sys, nt) < 0)
        note(r, EXIT_IOERR);
cleanup:
    free(tml_path);
    free(art_path);
    free(art);
    free(hc);
    free(apos);
    free(gold);
    free(sys);
    annals_timeml_close(h);
}

static void eval_heideltime(run *r, const char *t17)
{
    char **paths = NULL;
    size_t n = 0;
    annals_tagger *t = NULL;
    if (annals_timeml_list(t17, &paths, &n) < 0) {
        fprintf(stderr, "annals eval timex: %s: cannot list the directory\n", t17);
        note(r, EXIT_IOERR);
        return;
    }
    if (annals_tagger_open(&t, NULL) < 0) {
        fprintf(stderr, "annals eval timex: cannot open the tagger\n");
        note(r, EXIT_IOERR);
    } else {
        for (size_t i = 0; i < n; i++)
            eval_heideltime_file(r, t, t17, paths[i]);
    }
    annals_tagger_close(t);
    annals_timeml_list_free(paths, n);
}

/*
 * The bootstrap intervals of the four F1 measures into lo and hi; 1 when there are none
 * to print (no --bootstrap, no document), 0 when computed, -1 after a message.
 */
static int intervals(const run *r, annals_timex_scores *lo, annals_timex_scores *hi)
{
    if (!r->bootstrap || r->n_docs == 0)
        return 1;
    annals_bootstrap_options o = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    o.resamples = r->bootstrap;
    int rc = annals_bootstrap_timex(r->docs, r->topics ? r->units : NULL, r->n_docs, &o, lo, hi);
    if (rc < 0) {
        fprintf(stderr, "annals eval timex: bootstrap: %s\n", annals_strerror(rc));
        return -1;
    }
    return 0;
}

static void print_interval_json(const char *name, double lo, double hi)
{
    printf(",\"%s\":[%.6f,%.6f]", name, lo, hi);
}

/* Prints the scores (and intervals); returns -1 when the intervals failed. */
static int report(const run *r, const char *reference)
{
    annals_timex_scores s, lo, hi;
    const annals_timex_counts *c = &r->total;
    annals_timex_score(c, &s);
    int ci = intervals(r, &lo, &hi);
    if (r->json) {
        printf("%s\"reference\":\"%s\",\"documents\":%zu,\"gold\":%zu,\"system\":%zu,"
               "\"strict_matches\":%zu,\"relaxed_matches\":%zu,\"type_matches\":%zu,"
               "\"value_matches\":%zu,",
               r->verbose ? "],\n" : "{", reference, c->docs, c->gold, c->system, c->strict,
               c->relaxed, c->type_ok, c->value_ok);
        printf("\"strict\":{\"p\":%.6f,\"r\":%.6f,\"f1\":%.6f},"
               "\"relaxed\":{\"p\":%.6f,\"r\":%.6f,\"f1\":%.6f},"
               "\"type\":{\"accuracy\":%.6f,\"f1\":%.6f},"
               "\"value\":{\"accuracy\":%.6f,\"f1\":%.6f}",
               s.strict_p, s.strict_r, s.strict_f1, s.relaxed_p, s.relaxed_r, s.relaxed_f1,
               s.type_accuracy, s.type_f1, s.value_accuracy, s.value_f1);
        if (ci == 0) {
            printf(",\"bootstrap\":{\"resamples\":%zu,\"units\":\"%s\",\"n_units\":%zu,"
                   "\"level\":0.95",
                   r->bootstrap, r->topics ? "folders" : "documents",
                   r->topics ? r->n_topics : r->n_docs);
            print_interval_json("strict_f1", lo.strict_f1, hi.strict_f1);
            print_interval_json("relaxed_f1", lo.relaxed_f1, hi.relaxed_f1);
            print_interval_json("value_f1", lo.value_f1, hi.value_f1);
            print_interval_json("type_f1", lo.type_f1, hi.type_f1);
            printf("}");
        }
        printf("}\n");
        return ci < 0 ? -1 : 0;
    }
    printf("reference  %s\n", reference);
    printf("documents  %zu\ngold       %zu\nsystem     %zu\n", c->docs, c->gold, c->system);
    printf("%-9s%8s%8s%8s\n", "", "F1", "P", "R");
    printf("%-9s%8.2f%8.2f%8.2f\n", "strict", 100 * s.strict_f1, 100 * s.strict_p,
           100 * s.strict_r);
    printf("%-9s%8.2f%8.2f%8.2f\n", "relaxed", 100 * s.relaxed_f1, 100 * s.relaxed_p,
           100 * s.relaxed_r);
    printf("%-9s%8s%8s\n", "", "F1", "acc");
    printf("%-9s%8.2f%8.2f\n", "value", 100 * s.value_f1, 100 * s.value_accuracy);
    printf("%-9s%8.2f%8.2f\n", "type", 100 * s.type_f1, 100 * s.type_accuracy);
    if (ci != 0)
        return ci < 0 ? -1 : 0;
    size_t units = r->topics ? r->n_topics : r->n_docs;
    printf("95%% CI     %zu bootstrap resample%s of %zu %s%s (percentile)\n", r->bootstrap,
           r->bootstrap == 1 ? "" : "s", units, r->topics ? "folder" : "document",
           units == 1 ? "" : "s");
    printf("%-11s%8s%8s%8s\n", "", "F1", "low", "high");
    const char *names[4] = {"ci strict", "ci relaxed", "ci value", "ci type"};
    const double v[4][3] = {{s.strict_f1, lo.strict_f1, hi.strict_f1},
                            {s.relaxed_f1, lo.relaxed_f1, hi.relaxed_f1},
                            {s.value_f1, lo.value_f1, hi.value_f1},
                            {s.type_f1, lo.type_f1, hi.type_f1}};
    for (size_t i = 0; i < 4; i++)
        printf("%-11s%8.2f%8.2f%8.2f\n", names[i], 100 * v[i][0], 100 * v[i][1], 100 * v[i][2]);
    return 0;
}

int cmd_eval_timex(int argc, char **argv)
{
    cli_args a;
    const char *arg, *pos[2] = {NULL, NULL}, *heideltime = NULL;
    size_t n_pos = 0;
    int key;
    run r = {.worst = EXIT_OK, .first_file = true};
    long resamples;
    args_init(&a, argc, argv);
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case 0:
            if (n_pos == 2) {
                fprintf(stderr, "annals eval timex: too many arguments\n");
                return EXIT_USAGE;
            }
            pos[n_pos++] = arg;
            break;
        case 'v':
            r.verbose = true;
            break;
        case OPT_FORMAT:
            if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0) {
                fprintf(stderr, "annals eval timex: --format is text or json, not '%s'\n", arg);
                return EXIT_USAGE;
            }
            r.json = strcmp(arg, "json") == 0;
            break;
        case OPT_HEIDELTIME:
            heideltime = arg;
            break;
        case OPT_BOOTSTRAP:
            if (!parse_range("eval timex", "--bootstrap", arg, 1,
                             ANNALS_BOOTSTRAP_MAX_RESAMPLES, &resamples))
                return EXIT_USAGE;
            r.bootstrap = (size_t)resamples;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            return EXIT_USAGE;
        }
    }
    struct stat gs, ss;
    if (heideltime) {
        if (n_pos) {
            fprintf(stderr, "annals eval timex: --heideltime takes no GOLD or SYSTEM\n");
            return EXIT_USAGE;
        }
        if (stat(heideltime, &gs) < 0 || !S_ISDIR(gs.st_mode)) {
            fprintf(stderr, "annals eval timex: %s: not a directory\n", heideltime);
            return EXIT_USAGE;
        }
    } else if (n_pos != 2) {
        fprintf(stderr, "annals eval timex: needs GOLD and SYSTEM (see --help)\n");
        return EXIT_USAGE;
    } else if (stat(pos[0], &gs) < 0 || stat(pos[1], &ss) < 0 ||
               S_ISDIR(gs.st_mode) != S_ISDIR(ss.st_mode)) {
        fprintf(stderr, "annals eval timex: GOLD and SYSTEM must both be files or both "
                        "directories\n");
        return EXIT_USAGE;
    }
    if (r.verbose && r.json)
        printf("{\"files\":[");
    if (heideltime)
        eval_heideltime(&r, heideltime);
    else if (S_ISDIR(gs.st_mode))
        eval_dirs(&r, pos[0], pos[1]);
    else
        eval_pair(&r, pos[0], pos[0], pos[1]);
    if (report(&r, heideltime ? "heideltime" : "gold") < 0)
        note(&r, EXIT_IOERR);
    free(r.docs);
    free(r.units);
    for (size_t i = 0; i < r.n_topics; i++)
        free(r.topics[i]);
    free(r.topics);
    if (fflush(stdout) != 0)
        return EXIT_IOERR;
    if (r.total.docs == 0 && r.worst < EXIT_NOTHING) {
        fprintf(stderr, "annals eval timex: no document was scored\n");
        return EXIT_NOTHING;
    }
    return r.worst;
}
