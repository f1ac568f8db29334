/*
 * cmd_train.c - `annals train FEATURES [-o MODEL]`: fits the date-ranking model.
 *
 * FEATURES is a tab-separated table, as `annals bench t17 --dump-features` writes it: a
 * header "group<TAB>label<TAB>FEATURE..." (it may start with "# "), then one candidate date
 * per row: the query it belongs to, 1 when it is a reference date and 0 otherwise, and its
 * feature values. Feature columns are matched by name; features not given are 0. The
 * learner is the listwise one of the built-in model unless --loss pairwise (or blend: the
 * mean of both) is given; --spread and --diversity are copied into the model (the timeline
 * then takes dates one by one, lowering the neighbours of each and rewarding dates spread
 * over the story, src/timeline/select.c). With --pair the model also gets the pair model of
 * adjacent days (which of two neighbouring days is the event day, annals_tl_pair_train);
 * it needs the table's date column (YYYY-MM-DD) and reads the optional usable column (0: no
 * sentence can summarize the date; such dates take no part in the pairs).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
    OPT_OUT = 'o',
    OPT_EPOCHS = 256,
    OPT_NEG,
    OPT_SEED,
    OPT_LOSS,
    OPT_L2,
    OPT_SPREAD,
    OPT_DIV,
    OPT_PAIR
};

static const cli_option options[] = {
    {"output", OPT_OUT, true}, {"epochs", OPT_EPOCHS, true}, {"negatives", OPT_NEG, true},
    {"seed", OPT_SEED, true},  {"loss", OPT_LOSS, true},     {"l2", OPT_L2, true},
    {"spread", OPT_SPREAD, true}, {"diversity", OPT_DIV, true}, {"pair", OPT_PAIR, false},
    {"help", 'h', false},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals train FEATURES [-o MODEL] [--loss listwise|pairwise|blend] [--l2 X]\n"
            "                    [--spread X] [--diversity X] [--epochs N] [--negatives N]\n"
            "                    [--seed N] [--pair]\n\n"
            "Fits the date-ranking model and writes it as a model file: listwise (softmax\n"
            "cross-entropy of each query's candidate dates against its relevant ones, the\n"
            "default) or pairwise (logistic ranking of relevant against irrelevant dates).\n"
            "FEATURES: a header 'group<TAB>label<TAB>FEATURE...' then one row per candidate\n"
            "date ('annals bench t17 --dump-features FILE' writes one); optional columns\n"
            "'date' (YYYY-MM-DD) and 'usable' (0 or 1) say which day it is and whether a\n"
            "sentence can summarize it.\n\n"
            "options:\n"
            "  -o, --output MODEL   write the model here (default: standard output)\n"
            "      --loss L         listwise (default), pairwise, or blend (the mean of the\n"
            "                       two, each scaled to unit length)\n"
            "      --l2 X           penalty (default: listwise 0.01, pairwise 0.0001)\n"
            "      --spread X       write 'spread X' into the model: a taken date lowers its\n"
            "                       neighbours by X score deviations (default 0)\n"
            "      --diversity X    write 'diversity X' into the model: dates are taken with\n"
            "                       a reward of weight X for spreading them over the tenths\n"
            "                       of the story's span (default 0: off)\n"
            "      --epochs N       listwise: at most N descent steps (default 2000);\n"
            "                       pairwise: passes over the relevant dates (default 100)\n"
            "      --negatives N    pairwise: irrelevant dates drawn per relevant one and pass\n"
            "                       (default 20)\n"
            "      --seed N         pairwise: sampling seed (default 1)\n"
            "      --pair           also fit the pair model of adjacent days (which of two\n"
            "                       neighbouring days is the event day; l2 1.0) and write\n"
            "                       its 'pair' records; needs the date column\n\n"
            "exit codes: 0 trained; 1 nothing to learn; 2 usage error; 3 bad rows skipped\n"
            "            (the model is still written); 4 I/O error\n");
}

typedef struct table {
    annals_tl_sample *rows;
    size_t n, cap;
    char **groups; /* distinct group names, index = sample group */
    int has_date;  /* the header has a date column */
    size_t n_groups;
    int col[64];   /* feature index of each column after the label, or COL_DATE, COL_USABLE */
    size_t n_cols;
    long bad;
} table;

#define COL_DATE (-2)
#define COL_USABLE (-3)

static size_t group_id(table *t, const char *name)
{
    /* rows arrive grouped; look back a little before adding a new name */
    for (size_t i = t->n_groups; i-- > 0;)
        if (strcmp(t->groups[i], name) == 0)
            return i;
    char **g = realloc(t->groups, (t->n_groups + 1) * sizeof(char *));
    if (!g)
        return SIZE_MAX;
    t->groups = g;
    t->groups[t->n_groups] = strdup(name);
    return t->groups[t->n_groups] ? t->n_groups++ : SIZE_MAX;
}

static int parse_header(table *t, char *line, const char *path)
{
    if (line[0] == '#')
        line += line[1] == ' ' ? 2 : 1;
    char *save = NULL;
    char *c = strtok_r(line, "\t", &save);
    if (!c || strcmp(c, "group") != 0 || !(c = strtok_r(NULL, "\t", &save)) ||
        strcmp(c, "label") != 0) {
        fprintf(stderr, "annals train: %s:1: the header must start with group<TAB>label\n", path);
        return -1;
    }
    while ((c = strtok_r(NULL, "\t", &save))) {
        if (t->n_cols >= 64) {
            fprintf(stderr, "annals train: %s:1: too many columns\n", path);
            return -1;
        }
        int f = strcmp(c, "date") == 0     ? COL_DATE
                : strcmp(c, "usable") == 0 ? COL_USABLE
                                           : annals_tl_feature_find(c, strlen(c));
        for (size_t i = 0; f < -1 && i < t->n_cols; i++)
            if (t->col[i] == f) {
                fprintf(stderr, "annals train: %s:1: the %s column appears twice\n", path, c);
                return -1;
            }
        if (f == COL_DATE)
            t->has_date = 1;
        if (f == -1) {
            fprintf(stderr, "annals train: %s:1: unknown feature '%s'\n", path, c);
            return -1;
        }
        t->col[t->n_cols++] = f;
    }
    return 0;
}

static int parse_row(table *t, char *line, const char *path, long ln)
{
    annals_tl_sample s;
    memset(&s, 0, sizeof(s));
    char *save = NULL;
    char *group = strtok_r(line, "\t", &save);
    char *label = strtok_r(NULL, "\t", &save);
    if (!group || !label || (strcmp(label, "0") != 0 && strcmp(label, "1") != 0)) {
        fprintf(stderr, "annals train: %s:%ld: expected group<TAB>label (0 or 1)<TAB>values; "
                        "row skipped\n", path, ln);
        return 1;
    }
    s.label = label[0] == '1';
    size_t i = 0;
    char *c;
    while ((c = strtok_r(NULL, "\t", &save))) {
        if (i < t->n_cols && t->col[i] == COL_DATE) {
            if (annals_date_parse_iso(&s.date, c, strlen(c)) < 0 ||
                !annals_date_valid(s.date.year, s.date.month, s.date.day)) {
                fprintf(stderr, "annals train: %s:%ld: '%s' is not a date (YYYY-MM-DD); row "
                                "skipped\n", path, ln, c);
                return 1;
            }
            i++;
            continue;
        }
        if (i < t->n_cols && t->col[i] == COL_USABLE) {
            if (strcmp(c, "0") != 0 && strcmp(c, "1") != 0) {
                fprintf(stderr, "annals train: %s:%ld: usable is 0 or 1; row skipped\n", path,
                        ln);
                return 1;
            }
            s.unsummarizable = c[0] == '0';
            i++;
            continue;
        }
        char *end;
        errno = 0;
        double v = strtod(c, &end);
        if (i >= t->n_cols || *end || errno || !isfinite(v)) {
            fprintf(stderr, "annals train: %s:%ld: %s; row skipped\n", path, ln,
                    i >= t->n_cols ? "more values than header columns"
                                   : "a value is not a finite number");
            return 1;
        }
        s.features[t->col[i++]] = v;
    }
    if (i != t->n_cols) {
        fprintf(stderr, "annals train: %s:%ld: %zu values, the header has %zu; row skipped\n",
                path, ln, i, t->n_cols);
        return 1;
    }
    s.group = group_id(t, group);
    if (s.group == SIZE_MAX)
        return -1;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        annals_tl_sample *r = realloc(t->rows, cap * sizeof(*r));
        if (!r)
            return -1;
        t->rows = r;
        t->cap = cap;
    }
    t->rows[t->n++] = s;
    return 0;
}

int cmd_train(int argc, char **argv)
{
    const char *in = NULL, *out_path = NULL;
    annals_tl_train_options to = ANNALS_TL_TRAIN_OPTIONS_INIT;
    long epochs = -1, negatives = -1, seed = -1;
    bool pair = false;
    double l2 = -1;
    cli_args a;
    args_init(&a, argc, argv);
    const char *arg;
    int key;
    long v;
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case 0:
            if (in) {
                fprintf(stderr, "annals train: one FEATURES file only\n");
                return EXIT_USAGE;
            }
            in = arg;
            break;
        case OPT_OUT: out_path = arg; break;
        case OPT_EPOCHS:
            if (!parse_count("train", "--epochs", arg, 100000, &v))
                return EXIT_USAGE;
            epochs = v;
            break;
        case OPT_NEG:
            if (!parse_count("train", "--negatives", arg, 100000, &v))
                return EXIT_USAGE;
            negatives = v;
            break;
        case OPT_SEED:
            if (!parse_count("train", "--seed", arg, 2147483647L, &v))
                return EXIT_USAGE;
            seed = v;
            break;
        case OPT_LOSS:
            if (strcmp(arg, "pairwise") == 0) {
                annals_tl_train_options pw = ANNALS_TL_TRAIN_PAIRWISE_INIT;
                to = pw;
            } else if (strcmp(arg, "blend") == 0) {
                to.loss = ANNALS_TL_BLEND;
            } else if (strcmp(arg, "listwise") != 0) {
                fprintf(stderr, "annals train: unknown loss '%s' (listwise, pairwise, blend)\n",
                        arg);
                return EXIT_USAGE;
            }
            break;
        case OPT_L2:
            if (!parse_nonneg("train", "--l2", arg, &l2))
                return EXIT_USAGE;
            break;
        case OPT_SPREAD:
            if (!parse_nonneg("train", "--spread", arg, &to.spread))
                return EXIT_USAGE;
            break;
        case OPT_DIV:
            if (!parse_nonneg("train", "--diversity", arg, &to.diversity))
                return EXIT_USAGE;
            break;
        case OPT_PAIR: pair = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (epochs >= 0)
        to.epochs = (unsigned)epochs;
    if (negatives >= 0)
        to.negatives = (unsigned)negatives;
    if (seed >= 0)
        to.seed = (uint64_t)seed;
    if (l2 >= 0)
        to.l2 = l2;
    if (!in) {
        fprintf(stderr, "annals train: no FEATURES file given (see 'annals train --help')\n");
        return EXIT_USAGE;
    }
    FILE *f = fopen(in, "r");
    if (!f) {
        fprintf(stderr, "annals train: %s: cannot read\n", in);
        return EXIT_IOERR;
    }
    table t;
    memset(&t, 0, sizeof(t));
    int code = EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long ln = 0;
    bool header = false;
    annals_tl_model *m = NULL;
    char *text = NULL;
    while ((len = getline(&line, &cap, f)) != -1) {
        ln++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (len == 0)
            continue;
        if ((size_t)len != strlen(line)) {
            fprintf(stderr, "annals train: %s:%ld: a NUL byte; row skipped\n", in, ln);
            t.bad++;
            continue;
        }
        if (!header) {
            if (parse_header(&t, line, in) < 0) {
                code = EXIT_BADINPUT;
                goto cleanup;
            }
            header = true;
            continue;
        }
        if (line[0] == '#')
            continue;
        int r = parse_row(&t, line, in, ln);
        if (r < 0) {
            fprintf(stderr, "annals train: out of memory\n");
            code = EXIT_IOERR;
            goto cleanup;
        }
        t.bad += r;
    }
    if (pair && !t.has_date) {
        fprintf(stderr, "annals train: %s: --pair needs a date column\n", in);
        code = EXIT_USAGE;
        goto cleanup;
    }
    char err[256];
    int rc = annals_tl_model_train(&m, t.rows, t.n, &to, err, sizeof(err));
    if (rc == ANNALS_EINVAL) {
        fprintf(stderr, "annals train: %s: %s\n", in, err);
        code = EXIT_NOTHING;
        goto cleanup;
    }
    if (rc == 0 && pair) {
        double pw[ANNALS_TL_N_FEATURES];
        rc = annals_tl_pair_train(t.rows, t.n, ANNALS_TL_PAIR_L2, pw);
        if (rc == ANNALS_EINVAL) {
            fprintf(stderr, "annals train: %s: no two adjacent dates of a group with exactly "
                            "one relevant: no pair model to learn\n", in);
            code = EXIT_NOTHING;
            goto cleanup;
        }
        if (rc == 0)
            annals_tl_model_set_pair(m, pw);
    }
    if (rc < 0 || annals_tl_model_format(m, &text) < 0) {
        fprintf(stderr, "annals train: out of memory\n");
        code = EXIT_IOERR;
        goto cleanup;
    }
    FILE *o = out_path ? fopen(out_path, "w") : stdout;
    if (!o || fputs(text, o) < 0 || (out_path && fclose(o) != 0)) {
        fprintf(stderr, "annals train: %s: cannot write the model\n",
                out_path ? out_path : "standard output");
        code = EXIT_IOERR;
        goto cleanup;
    }
    fprintf(stderr, "annals train: %zu samples in %zu groups%s%ld bad rows skipped\n", t.n,
            t.n_groups, t.bad ? "; " : ", ", t.bad);
    if (t.bad)
        code = EXIT_BADINPUT;
cleanup:
    fclose(f);
    free(line);
    free(text);
    annals_tl_model_free(m);
    for (size_t i = 0; i < t.n_groups; i++)
        free(t.groups[i]);
    free(t.groups);
    free(t.rows);
    return code;
}
