/*
 * cmd_eval_tls.c - `annals eval tls`: scores predicted timelines against reference timelines
 * with tilse's measures on ROUGE-1.5.5 (see docs/EVALUATION.md).
 *
 *   annals eval tls PREDICTED GOLD [GOLD...] [options]
 *   annals eval tls --cases DIR [options]     (DIR/<case>/system.txt vs reference.txt)
 *
 * With --cases, --bootstrap N adds the 95% percentile interval of every F score of the
 * average from N resamples of the cases (include/annals/eval_bootstrap.h).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_ROUGE_DIR = 256, OPT_FORMAT, OPT_MEASURES, OPT_CASES, OPT_BOOTSTRAP };

static const cli_option options[] = {
    {"rouge-dir", OPT_ROUGE_DIR, true}, {"format", OPT_FORMAT, true},
    {"measures", OPT_MEASURES, true},   {"cases", OPT_CASES, true},
    {"bootstrap", OPT_BOOTSTRAP, true}, {"help", 'h', false},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals eval tls PREDICTED GOLD [GOLD...] [options]\n"
            "       annals eval tls --cases DIR [options]\n\n"
            "Scores a predicted timeline against one or more reference timelines with the\n"
            "measures of tilse (Martschat & Markert 2017) on ROUGE-1.5.5 run as the\n"
            "timeline-summarization literature runs it (-n 2 -m -s -t 2 -f A): concat,\n"
            "agreement, align (1:1, date costs), align+ (1:1, date and content costs),\n"
            "align+ m:1 (the AR-1 / AR-2 of the papers), and date precision/recall/F1.\n\n"
            "PREDICTED and GOLD are tilse-format files (a YYYY-MM-DD line, one sentence per\n"
            "line, a line of 32 '-') or annals JSON timelines ({\"timeline\": [{\"date\":\n"
            "\"YYYY-MM-DD\", \"sentences\": [\"...\" or {\"text\": \"...\"}]}]}).\n\n"
            "options:\n"
            "  --cases DIR        score every DIR/<case>/system.txt against\n"
            "                     DIR/<case>/reference.txt; print each case and the average\n"
            "                     (mean precision and mean recall over cases, then F1)\n"
            "  --rouge-dir DIR    ROUGE-1.5.5 resources: smart_common_words.txt and\n"
            "                     wordnet-2.0-exceptions.tsv. Default: $ANNALS_ROUGE_DIR, else\n"
            "                     ../shared/data/rouge from the current directory, else\n"
            "                     shared/data/rouge beside a parent of the executable's directory\n"
            "  --format text|json output format (default text; json has full precision)\n"
            "  --measures LIST    all (default) or a comma-separated list of: concat,\n"
            "                     agreement, align, align+, align+m:1, date\n"
            "  --bootstrap N      with --cases: the 95%% interval of each F score of the\n"
            "                     average from N bootstrap resamples of the cases\n"
            "                     (percentile, fixed seed)\n"
            "  -h, --help         this help\n\n"
            "An empty prediction scores P = R = F = 0 with a warning (the reference tools fail\n"
            "there). Where the optimal 1:1 date assignment is not unique, align and align+ are\n"
            "marked with '*' (text) or listed under \"ties\" (json): another solver may choose\n"
            "another optimum.\n\n"
            "exit codes:\n"
            "  0  scored\n"
            "  1  nothing to score (--cases DIR holds no case)\n"
            "  2  usage error\n"
            "  3  some input was bad and skipped (each problem is one line on stderr)\n"
            "  4  I/O error (a file or the ROUGE resources could not be read)\n");
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_rouge_files(const char *dir)
{
    char p[PATH_MAX];
    int n = snprintf(p, sizeof(p), "%s/smart_common_words.txt", dir);
    return n > 0 && (size_t)n < sizeof(p) && access(p, R_OK) == 0;
}

/* The default ROUGE directory (see usage), into buf; NULL when none is found. */
static const char *find_rouge_dir(char *buf, size_t cap)
{
    const char *env = getenv("ANNALS_ROUGE_DIR");
    if (env && *env)
        return env;
    snprintf(buf, cap, "../shared/data/rouge");
    if (has_rouge_files(buf))
        return buf;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash;
    while ((slash = strrchr(exe, '/')) != NULL && slash != exe) {
        *slash = '\0';
        int k = snprintf(buf, cap, "%s/../shared/data/rouge", exe);
        if (k > 0 && (size_t)k < cap && has_rouge_files(buf))
            return buf;
    }
    return NULL;
}

typedef struct run {
    annals_tls *ev;
    bool json;
    unsigned measures;
    size_t problems;
    bool io_error;
    size_t bootstrap; /* resamples; 0: no interval */
} run;

static void warn_cb(void *ctx, const char *name, size_t line, const char *msg)
{
    (void)ctx;
    if (line)
        fprintf(stderr, "annals eval tls: %s:%zu: %s\n", name, line, msg);
    else
        fprintf(stderr, "annals eval tls: %s: %s\n", name, msg);
}

static annals_tls_timeline *load(run *r, const char *path)
{
    annals_tls_read_options o = ANNALS_TLS_READ_OPTIONS_INIT;
    o.warn = warn_cb;
    annals_tls_timeline *tl = NULL;
    size_t problems = 0;
    int rc = annals_tls_timeline_read(&tl, path, &o, &problems);
    r->problems += problems;
    if (rc == ANNALS_EIO) {
        fprintf(stderr, "annals eval tls: %s: cannot read file\n", path);
        r->io_error = true;
    } else if (rc == ANNALS_EPARSE) {
        fprintf(stderr, "annals eval tls: %s: not a readable timeline; skipped\n", path);
        r->problems++;
    } else if (rc < 0) {
        fprintf(stderr, "annals eval tls: %s: %s\n", path, annals_strerror(rc));
        r->io_error = true;
    }
    return tl;
}

static const char *const SHORT[] = {"concat", "agreement", "align", "align+", "align+m:1",
                                    "date"};

static void print_prf_json(const annals_prf *p)
{
    printf("{\"precision\": %.17g, \"recall\": %.17g, \"f_score\": %.17g}", p->precision,
           p->recall, p->f_score);
}

static void print_scores_json(const run *r, const annals_tls_scores *s, bool per_case,
                              const char *indent)
{
    printf("{\n%s  \"scores\": {", indent);
    bool first = true;
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++) {
        if (!(r->measures & (1u << m)))
            continue;
        printf("%s\n%s    \"%s\": {\"rouge_1\": ", first ? "" : ",", indent,
               annals_tls_measure_name(m));
        print_prf_json(&s->rouge[m][0]);
        printf(", \"rouge_2\": ");
        print_prf_json(&s->rouge[m][1]);
        printf("}");
        first = false;
    }
    if (r->measures & (1u << ANNALS_TLS_DATE)) {
        printf("%s\n%s    \"date\": ", first ? "" : ",", indent);
        print_prf_json(&s->date);
    }
    printf("\n%s  }", indent);
    if (per_case) {
        const unsigned *masks[2] = {&s->undefined, &s->ties};
        const char *names[2] = {"undefined", "ties"};
        for (int k = 0; k < 2; k++) {
            printf(",\n%s  \"%s\": [", indent, names[k]);
            bool f = true;
            for (int m = 0; m <= ANNALS_TLS_DATE; m++) {
                if (*masks[k] & (1u << m)) {
                    printf("%s\"%s\"", f ? "" : ", ", annals_tls_measure_name(m));
                    f = false;
                }
            }
            printf("]");
        }
        if (r->measures & (1u << ANNALS_TLS_CONCAT))
            printf(",\n%s  \"concat_raw_counts\": {\"rouge_1_h_count\": %llu, "
                   "\"rouge_1_p_count\": %llu, \"rouge_1_m_count\": %llu, \"rouge_2_h_count\": "
                   "%llu, \"rouge_2_p_count\": %llu, \"rouge_2_m_count\": %llu}",
                   indent, (unsigned long long)s->concat_counts[0][0],
                   (unsigned long long)s->concat_counts[0][1],
                   (unsigned long long)s->concat_counts[0][2],
                   (unsigned long long)s->concat_counts[1][0],
                   (unsigned long long)s->concat_counts[1][1],
                   (unsigned long long)s->concat_counts[1][2]);
        printf(",\n%s  \"n_system_dates\": %zu, \"n_reference_dates\": %zu, "
               "\"n_system_sents\": %zu",
               indent, s->n_pred_dates, s->n_ref_dates, s->n_pred_sents);
    }
    printf("\n%s}", indent);
}

static void print_scores_text(const run *r, const annals_tls_scores *s)
{
    if (r->measures & ((1u << ANNALS_TLS_N_MEASURES) - 1))
        printf("%-10s %9s %9s %9s %9s %9s %9s\n", "measure", "R1-P", "R1-R", "R1-F", "R2-P",
               "R2-R", "R2-F");
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++) {
        if (!(r->measures & (1u << m)))
            continue;
        char name[16];
        snprintf(name, sizeof(name), "%s%s", SHORT[m], (s->ties & (1u << m)) ? "*" : "");
        printf("%-10s %9.5f %9.5f %9.5f %9.5f %9.5f %9.5f\n", name, s->rouge[m][0].precision,
               s->rouge[m][0].recall, s->rouge[m][0].f_score, s->rouge[m][1].precision,
               s->rouge[m][1].recall, s->rouge[m][1].f_score);
    }
    if (r->measures & (1u << ANNALS_TLS_DATE))
        printf("%-10s %9s %9s %9s\n%-10s %9.5f %9.5f %9.5f\n", "", "P", "R", "F", "date",
               s->date.precision, s->date.recall, s->date.f_score);
}

static void note_empty(const char *pred_name, const annals_tls_scores *s)
{
    if (s->n_pred_dates == 0)
        fprintf(stderr, "annals eval tls: %s: empty prediction; its scores are 0\n", pred_name);
    else if (s->undefined)
        fprintf(stderr, "annals eval tls: %s: some scores are undefined (no n-grams or no "
                        "dates on one side); they are reported as 0\n",
                pred_name);
}

/* The bootstrap interval of the average of cases[0, n): each case is its own unit. */
static int print_interval(run *r, const annals_tls_scores *cases, size_t n)
{
    annals_tls_scores lo, hi;
    annals_bootstrap_options o = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    o.resamples = r->bootstrap;
    int rc = annals_bootstrap_tls(cases, NULL, n, &o, &lo, &hi);
    if (rc < 0) {
        fprintf(stderr, "annals eval tls: bootstrap: %s\n", annals_strerror(rc));
        r->io_error = true;
        return rc;
    }
    if (r->json) {
        printf(",\n  \"bootstrap\": {\"resamples\": %zu, \"units\": \"cases\", \"n_units\": %zu, "
               "\"level\": 0.95, \"f_score\": {",
               r->bootstrap, n);
        bool first = true;
        for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++) {
            if (!(r->measures & (1u << m)))
                continue;
            printf("%s\n    \"%s\": {\"rouge_1\": [%.17g, %.17g], \"rouge_2\": [%.17g, %.17g]}",
                   first ? "" : ",", annals_tls_measure_name(m), lo.rouge[m][0].f_score,
                   hi.rouge[m][0].f_score, lo.rouge[m][1].f_score, hi.rouge[m][1].f_score);
            first = false;
        }
        if (r->measures & (1u << ANNALS_TLS_DATE))
            printf("%s\n    \"date\": [%.17g, %.17g]", first ? "" : ",", lo.date.f_score,
                   hi.date.f_score);
        printf("\n  }}");
        return 0;
    }
    printf("\n95%% CI of F (%zu bootstrap resamples of %zu cases, percentile):\n", r->bootstrap,
           n);
    if (r->measures & ((1u << ANNALS_TLS_N_MEASURES) - 1))
        printf("%-10s %9s %9s %9s %9s\n", "measure", "R1-F lo", "R1-F hi", "R2-F lo",
               "R2-F hi");
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++)
        if (r->measures & (1u << m))
            printf("%-10s %9.5f %9.5f %9.5f %9.5f\n", SHORT[m], lo.rouge[m][0].f_score,
                   hi.rouge[m][0].f_score, lo.rouge[m][1].f_score, hi.rouge[m][1].f_score);
    if (r->measures & (1u << ANNALS_TLS_DATE))
        printf("%-10s %9s %9s\n%-10s %9.5f %9.5f\n", "", "F lo", "F hi", "date",
               lo.date.f_score, hi.date.f_score);
    return 0;
}

static int exit_code(const run *r)
{
    if (r->io_error)
        return EXIT_IOERR;
    return r->problems ? EXIT_BADINPUT : EXIT_OK;
}

static int score_pair(run *r, const char *pred_path, const char *const *gold_paths, size_t ng)
{
    annals_tls_timeline *pred = load(r, pred_path);
    annals_tls_timeline **golds = calloc(ng, sizeof(*golds));
    int code = EXIT_OK;
    if (!golds) {
        fprintf(stderr, "annals eval tls: out of memory\n");
        annals_tls_timeline_free(pred);
        return EXIT_IOERR;
    }
    size_t loaded = 0;
    for (size_t i = 0; i < ng; i++) {
        golds[loaded] = load(r, gold_paths[i]);
        if (golds[loaded])
            loaded++;
    }
    if (!pred || loaded == 0) {
        code = r->io_error ? EXIT_IOERR : EXIT_BADINPUT;
        goto cleanup;
    }
    annals_tls_scores s;
    int rc = annals_tls_score(r->ev, pred, (const annals_tls_timeline *const *)golds, loaded, &s);
    if (rc < 0) {
        fprintf(stderr, "annals eval tls: %s\n", annals_tls_errmsg(r->ev));
        code = EXIT_IOERR;
        goto cleanup;
    }
    note_empty(pred_path, &s);
    if (r->json) {
        print_scores_json(r, &s, true, "");
        printf("\n");
    } else {
        print_scores_text(r, &s);
    }
    code = exit_code(r);
cleanup:
    annals_tls_timeline_free(pred);
    for (size_t i = 0; i < loaded; i++)
        annals_tls_timeline_free(golds[i]);
    free(golds);
    return code;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int score_cases(run *r, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "annals eval tls: %s: cannot open directory\n", dir);
        return EXIT_IOERR;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[PATH_MAX];
        int k = snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        if (k < 0 || (size_t)k >= sizeof(p) || !is_dir(p))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **t = realloc(names, cap * sizeof(char *));
            if (!t)
                break;
            names = t;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(char *), cmp_str);

    annals_tls_average avg;
    annals_tls_average_init(&avg);
    size_t scored = 0;
    annals_tls_scores *kept = NULL; /* with --bootstrap: every scored case */
    if (r->bootstrap && n && !(kept = malloc(n * sizeof(*kept)))) {
        fprintf(stderr, "annals eval tls: out of memory\n");
        r->io_error = true;
        n = 0;
    }
    if (r->json)
        printf("{\n  \"cases\": {");
    else
        printf("%-52s %9s %9s %9s %6s\n", "case", "AR1-F", "AR2-F", "date-F", "dates");
    for (size_t i = 0; i < n; i++) {
        char sp[PATH_MAX], rp[PATH_MAX];
        int k1 = snprintf(sp, sizeof(sp), "%s/%s/system.txt", dir, names[i]);
        int k2 = snprintf(rp, sizeof(rp), "%s/%s/reference.txt", dir, names[i]);
        if (k1 < 0 || (size_t)k1 >= sizeof(sp) || k2 < 0 || (size_t)k2 >= sizeof(rp) ||
            access(sp, F_OK) != 0 || access(rp, F_OK) != 0) {
            fprintf(stderr, "annals eval tls: %s/%s: no system.txt or reference.txt; skipped\n",
                    dir, names[i]);
            r->problems++;
            continue;
        }
        annals_tls_timeline *pred = load(r, sp), *gold = load(r, rp);
        if (pred && gold) {
            annals_tls_scores s;
            const annals_tls_timeline *g[1] = {gold};
            if (annals_tls_score(r->ev, pred, g, 1, &s) < 0) {
                fprintf(stderr, "annals eval tls: %s: %s\n", names[i], annals_tls_errmsg(r->ev));
                r->problems++;
            } else {
                note_empty(sp, &s);
                annals_tls_average_add(&avg, &s);
                if (kept)
                    kept[scored] = s;
                if (r->json) {
                    printf("%s\n    \"%s\": ", scored ? "," : "", names[i]);
                    print_scores_json(r, &s, true, "    ");
                } else {
                    const annals_prf *ar = s.rouge[ANNALS_TLS_ALIGN_PLUS_M1];
                    printf("%-52s %9.5f %9.5f %9.5f %6zu\n", names[i], ar[0].f_score,
                           ar[1].f_score, s.date.f_score, s.n_pred_dates);
                }
                scored++;
            }
        }
        annals_tls_timeline_free(pred);
        annals_tls_timeline_free(gold);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    annals_tls_scores a;
    annals_tls_average_get(&avg, &a);
    if (r->json) {
        printf("%s},\n  \"n_cases\": %zu,\n  \"average\": ", scored ? "\n  " : "", scored);
        print_scores_json(r, &a, false, "  ");
        if (kept && scored)
            print_interval(r, kept, scored);
        printf("\n}\n");
    } else {
        printf("\naverage over %zu cases (mean P and mean R, then F1):\n", scored);
        print_scores_text(r, &a);
        if (kept && scored)
            print_interval(r, kept, scored);
    }
    free(kept);
    if (scored == 0 && !r->io_error && !r->problems) {
        fprintf(stderr, "annals eval tls: %s: no cases found\n", dir);
        return EXIT_NOTHING;
    }
    return exit_code(r);
}

static bool parse_measures(const char *s, unsigned *out)
{
    if (strcmp(s, "all") == 0) {
        *out = ANNALS_TLS_ALL_MEASURES;
        return true;
    }
    unsigned mask = 0;
    char *copy = strdup(s);
    if (!copy)
        return false;
    bool ok = true;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        int m = annals_tls_measure_parse(tok);
        if (m < 0) {
            fprintf(stderr, "annals eval tls: unknown measure '%s' (see --help)\n", tok);
            ok = false;
            break;
        }
        mask |= 1u << m;
    }
    free(copy);
    *out = mask;
    return ok && mask != 0;
}

int cmd_eval_tls(int argc, char **argv)
{
    cli_args a;
    args_init(&a, argc, argv);
    a.cmd = "eval tls";
    const char *rouge_dir = NULL, *cases = NULL, *arg;
    const char **pos = calloc((size_t)argc + 1, sizeof(char *));
    size_t npos = 0;
    run r = {NULL, false, ANNALS_TLS_ALL_MEASURES, 0, false, 0};
    int code = EXIT_OK, key;
    long resamples;
    if (!pos)
        return EXIT_IOERR;
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case 0:
            pos[npos++] = arg;
            break;
        case OPT_ROUGE_DIR:
            rouge_dir = arg;
            break;
        case OPT_CASES:
            cases = arg;
            break;
        case OPT_BOOTSTRAP:
            if (!parse_range("eval tls", "--bootstrap", arg, 1,
                             ANNALS_BOOTSTRAP_MAX_RESAMPLES, &resamples)) {
                code = EXIT_USAGE;
                goto done;
            }
            r.bootstrap = (size_t)resamples;
            break;
        case OPT_FORMAT:
            if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0) {
                fprintf(stderr, "annals eval tls: --format is text or json, not '%s'\n", arg);
                code = EXIT_USAGE;
                goto done;
            }
            r.json = strcmp(arg, "json") == 0;
            break;
        case OPT_MEASURES:
            if (!parse_measures(arg, &r.measures)) {
                if (r.measures == 0)
                    fprintf(stderr, "annals eval tls: --measures needs at least one measure\n");
                code = EXIT_USAGE;
                goto done;
            }
            break;
        case 'h':
            usage(stdout);
            goto done;
        default:
            code = EXIT_USAGE;
            goto done;
        }
    }
    if (cases ? npos != 0 : npos < 2) {
        fprintf(stderr, cases ? "annals eval tls: --cases takes no file arguments\n"
                              : "annals eval tls: need PREDICTED and at least one GOLD "
                                "(see 'annals eval tls --help')\n");
        code = EXIT_USAGE;
        goto done;
    }
    if (r.bootstrap && !cases) {
        fprintf(stderr, "annals eval tls: --bootstrap needs --cases (one prediction has no "
                        "sample to resample)\n");
        code = EXIT_USAGE;
        goto done;
    }
    char found[PATH_MAX];
    if (!rouge_dir)
        rouge_dir = find_rouge_dir(found, sizeof(found));
    if (!rouge_dir) {
        fprintf(stderr, "annals eval tls: ROUGE resources not found; pass --rouge-dir DIR "
                        "(a directory with smart_common_words.txt and "
                        "wordnet-2.0-exceptions.tsv) or set ANNALS_ROUGE_DIR\n");
        code = EXIT_IOERR;
        goto done;
    }
    annals_tls_options o = ANNALS_TLS_OPTIONS_INIT;
    o.rouge_dir = rouge_dir;
    o.measures = r.measures;
    int rc = annals_tls_open(&r.ev, &o);
    if (rc < 0) {
        fprintf(stderr, "annals eval tls: %s\n", annals_tls_errmsg(r.ev));
        code = EXIT_IOERR;
        goto done;
    }
    code = cases ? score_cases(&r, cases) : score_pair(&r, pos[0], pos + 1, npos - 1);
done:
    annals_tls_close(r.ev);
    free(pos);
    return code;
}
