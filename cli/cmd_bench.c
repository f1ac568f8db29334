/*
 * cmd_bench.c - `annals bench t17`: the Timeline17 protocol from the raw files.
 *
 * For each topic of timeline17-topics.tsv (beside the data directory): ingest the articles
 * of all its source folders into a fresh in-memory store; each gold timeline of the topic
 * is one task. The system gets the topic's keywords as the query, the gold's first and last
 * date as the window, l = the gold's number of dates and k = round(mean sentences per gold
 * date); nothing else of the gold reaches it. The timeline is scored with tilse's measures
 * (align+ m:1 ROUGE-1/2 = AR-1/AR-2, date F1, concat, agreement) and the tasks are averaged
 * the tilse way (mean P and mean R, then F1).
 *
 * With --loto the date-ranking model is fitted for each topic on the tasks of the other
 * topics only (leave-one-topic-out), as supervised results on Timeline17 are reported; the
 * date learner and the summary setting are chosen per held-out topic on the other topics
 * (nested selection, docs/TIMELINE.md).
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum {
    OPT_DATA = 256,
    OPT_MODEL,
    OPT_LOTO,
    OPT_FORMAT,
    OPT_TOPICS,
    OPT_DUMP,
    OPT_RESULTS,
    OPT_ROUGE,
    OPT_VERBOSE,
    OPT_FIT,
    OPT_SENTENCE_MODEL,
    OPT_DATE_ERRORS,
    OPT_BOOTSTRAP,
    OPT_PAIR,
};

static const cli_option options[] = {
    {"data", OPT_DATA, true},           {"model", OPT_MODEL, true},
    {"loto", OPT_LOTO, false},          {"format", OPT_FORMAT, true},
    {"topics", OPT_TOPICS, true},       {"dump-features", OPT_DUMP, true},
    {"results", OPT_RESULTS, true},     {"rouge-dir", OPT_ROUGE, true},
    {"verbose", OPT_VERBOSE, false},    {"fit-model", OPT_FIT, true},
    {"sentence-model", OPT_SENTENCE_MODEL, false},
    {"date-errors", OPT_DATE_ERRORS, false},
    {"bootstrap", OPT_BOOTSTRAP, true},
    {"pair", OPT_PAIR, true},
    {"help", 'h', false},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals bench t17 [--data DIR] [--model FILE]\n"
            "                        [--loto [--fit-model FILE] [--sentence-model]\n"
            "                                [--pair off|on|nested]]\n"
            "                        [--format text|json]\n"
            "                        [--topics LIST] [--dump-features FILE] [--results FILE]\n"
            "                        [--date-errors] [--bootstrap N]\n\n"
            "Runs the Timeline17 protocol from the raw files: ingest each topic, build each\n"
            "task's timeline (topic keywords, the gold window, l = gold dates, k = mean gold\n"
            "sentences per date), score it with tilse's measures and average over tasks.\n\n"
            "options:\n"
            "  --data DIR           the timeline17 directory (default ../shared/data/timeline17);\n"
            "                       the topic list is DIR/../timeline17-topics.tsv\n"
            "  --model FILE         date-ranking model (default: the built-in one)\n"
            "  --loto               fit the model for each topic on the other topics only;\n"
            "                       the learner and summary setting are chosen on them too\n"
            "  --fit-model FILE     with --loto: write the date model fitted on all topics\n"
            "                       (the shipped default is this file)\n"
            "  --sentence-model     with --loto: score summary sentences with weights fitted\n"
            "                       per fold (ridge regression) instead of the centroid\n"
            "  --pair MODE          with --loto: the pair model of adjacent days (which one\n"
            "                       is the event day) on for every fold (default), off, or\n"
            "                       nested (per fold, when the inner date F1 rises)\n"
            "  --topics LIST        comma-separated topic names (default: all)\n"
            "  --dump-features FILE write every candidate date as a training row for\n"
            "                       'annals train' (group, label, features)\n"
            "  --results FILE       where result rows go (default bench/results.tsv when a\n"
            "                       bench/ directory exists here; '-' for none)\n"
            "  --rouge-dir DIR      ROUGE resources (default DIR/../rouge)\n"
            "  --date-errors        also count the timelines' dates by their distance to the\n"
            "                       nearest reference date (text format)\n"
            "  --bootstrap N        also the 95%% interval of AR-1, AR-2 and date F1 from N\n"
            "                       bootstrap resamples of the topics (a topic's tasks together)\n"
            "  --format text|json   output format (default text)\n"
            "  --verbose            print every skipped input file\n\n"
            "exit codes: 0 scored; 1 no task found; 2 usage error; 4 I/O error\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define DIM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_TOPICS BENCH_MAX_TOPICS

/*
 * The sentence-selection settings that nested leave-one-topic-out selection chooses from
 * (docs/TIMELINE.md). Every other summary constant is fixed a priori.
 */
static const size_t grid_max_terms[] = {20, 30};
static const size_t grid_candidates[] = {60, 200};
static const double grid_mmr[] = {0.7, 0.85};
#define GRID_SIZE (DIM(grid_max_terms) * DIM(grid_candidates) * DIM(grid_mmr))

static void grid_setting(size_t g, annals_tl_summary_options *so)
{
    annals_tl_summary_options d = ANNALS_TL_SUMMARY_OPTIONS_INIT;
    *so = d;
    so->objective = ANNALS_TL_CENTROID;
    so->relevance = 0;
    so->mmr_lambda = grid_mmr[g % DIM(grid_mmr)];
    g /= DIM(grid_mmr);
    so->candidates = grid_candidates[g % DIM(grid_candidates)];
    g /= DIM(grid_candidates);
    so->max_terms = grid_max_terms[g % DIM(grid_max_terms)];
}

static void grid_describe(const annals_tl_summary_options *so, char *out, size_t cap)
{
    snprintf(out, cap, "relevance=%.1f max_terms=%zu candidates=%zu mmr_lambda=%.2f objective=%s",
             so->relevance, so->max_terms, so->candidates, so->mmr_lambda,
             so->objective == ANNALS_TL_CENTROID_OPT ? "centroid-opt" : "centroid");
}

/* The date learners that nested selection chooses from (docs/TIMELINE.md): three
 * learners (the listwise penalty; 0 = the pairwise learner), each with four spreads
 * (select.c; 0 = plain top l). Choice g is learner g % 3 with spread g / 3. */
static const double grid_date_l2[] = {0, 1e-2, 1e-1};
static const double grid_spread[] = {0, 0.1, 0.2, 0.3};
#define DATE_CHOICES (DIM(grid_date_l2) * DIM(grid_spread))
#define DEFAULT_DATE_LEARNER 1 /* when there is nothing to choose on: the listwise default */

/* With --sentence-model: the ridge penalties of the sentence-scoring fit that nested
 * selection chooses from (instead of the grid above). */
static const double grid_l2[] = {1e-3, 1e-2, 1e-1, 1.0};



static bool gold_has(const annals_tls_timeline *g, annals_date d)
{
    for (size_t i = 0; i < g->n_days; i++)
        if (g->days[i].date.year == d.year && g->days[i].date.month == d.month &&
            g->days[i].date.day == d.day)
            return true;
    return false;
}

static void task_options(const task *t, annals_timeline_options *o)
{
    o->dates = t->l;
    o->sentences = t->k;
    o->from = t->from;
    o->to = t->to;
    o->partial = 0;
}

/* Candidate dates of every task as training samples (group = task index). */
static int collect_samples(bench *b, annals_tl_sample **out, size_t *n_out)
{
    annals_tl_sample *s = NULL;
    size_t n = 0;
    for (size_t i = 0; i < b->n_tasks; i++) {
        task *t = &b->tasks[i];
        annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
        task_options(t, &o);
        annals_tl_candidate *c = NULL;
        size_t nc = 0;
        if (annals_timeline_candidates(b->topics[t->topic].store, b->topics[t->topic].keywords,
                                       &o, &c, &nc) < 0) {
            fprintf(stderr, "annals bench: %s: %s\n", t->name,
                    annals_store_errmsg(b->topics[t->topic].store));
            free(s);
            return -1;
        }
        annals_tl_sample *ns = realloc(s, (n + nc + 1) * sizeof(*s));
        if (!ns) {
            free(c);
            free(s);
            return -1;
        }
        s = ns;
        for (size_t j = 0; j < nc; j++) {
            s[n].group = i;
            s[n].label = gold_has(t->gold, c[j].date);
            s[n].date = c[j].date;
            s[n].unsummarizable = c[j].unsummarizable;
            s[n].in_story = c[j].in_story;
            memcpy(s[n].features, c[j].features, sizeof(s[n].features));
            n++;
        }
        free(c);
    }
    *out = s;
    *n_out = n;
    return 0;
}

static int dump_samples(const bench *b, const annals_tl_sample *s, size_t n, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "annals bench: %s: cannot write\n", path);
        return -1;
    }
    fprintf(f, "# group\tlabel\tdate\tusable");
    for (size_t j = 0; j < ANNALS_TL_N_FEATURES; j++)
        fprintf(f, "\t%s", annals_tl_feature_name(j));
    fprintf(f, "\n");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\t%d\t%04d-%02d-%02d\t%d", b->tasks[s[i].group].name, s[i].label,
                s[i].date.year, s[i].date.month, s[i].date.day, !s[i].unsummarizable);
        for (size_t j = 0; j < ANNALS_TL_N_FEATURES; j++)
            fprintf(f, "\t%.6g", s[i].features[j]);
        fprintf(f, "\n");
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* Adds the dates days[0, n) of t's timeline to b->derr by their distance to the nearest
 * reference date. */
static void count_date_errors(bench *b, const task *t, const annals_tls_day *days, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t x = annals_date_to_days(days[i].date), best = INT64_MAX;
        int taken = 0;
        for (size_t g = 0; g < t->l; g++) {
            int64_t gd = annals_date_to_days(t->gold_dates[g]);
            int64_t dist = gd > x ? gd - x : x - gd;
            if (dist < best)
                best = dist;
            for (size_t j = 0; dist == 1 && j < n; j++)
                taken |= annals_date_to_days(days[j].date) == gd;
        }
        b->derr[best == 0   ? DERR_EXACT
                : best == 1 ? (taken ? DERR_DAY_TAKEN : DERR_DAY_ALONE)
                : best == 2 ? DERR_TWO
                : best <= 7 ? DERR_WEEK
                            : DERR_FAR]++;
    }
}

/* Builds and scores one task's timeline into *sc; with given, on the gold dates. */
static int run_task(bench *b, annals_tls *ev, task *t, const annals_tl_model *model,
                    const annals_tl_summary_options *so, bool given, annals_tls_scores *sc)
{
    topic *tp = &b->topics[t->topic];
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    task_options(t, &o);
    o.model = model;
    if (so)
        o.summary = *so;
    if (given) {
        o.given_dates = t->gold_dates;
        o.n_given_dates = t->l;
    }
    annals_timeline *tl = NULL;
    double t0 = now_s();
    if (annals_timeline_build(tp->store, tp->keywords, &o, &tl) < 0) {
        fprintf(stderr, "annals bench: %s: %s\n", t->name, annals_store_errmsg(tp->store));
        return -1;
    }
    double t1 = now_s();
    if (!given)
        b->t_timeline += t1 - t0;
    annals_tls_day *days = calloc(tl->n_entries ? tl->n_entries : 1, sizeof(*days));
    const char **sents = calloc(tl->n_entries * o.sentences + 1, sizeof(char *));
    int rc = -1;
    if (!days || !sents)
        goto cleanup;
    size_t ns = 0, nd = 0;
    for (size_t i = 0; i < tl->n_entries; i++) {
        const annals_tl_entry *e = &tl->entries[i];
        if (e->date.year == 0)
            continue;
        days[nd].date = e->date;
        days[nd].sentences = &sents[ns];
        days[nd].n_sentences = e->n_sentences;
        for (size_t j = 0; j < e->n_sentences && ns < tl->n_entries * o.sentences; j++)
            sents[ns++] = e->sentences[j].text;
        nd++;
    }
    if (!given)
        count_date_errors(b, t, days, nd);
    annals_tls_timeline pred = {days, nd};
    const annals_tls_timeline *golds[1] = {t->gold};
    if (annals_tls_score(ev, &pred, golds, 1, sc) < 0) {
        fprintf(stderr, "annals bench: %s: scoring failed: %s\n", t->name,
                annals_tls_errmsg(ev));
        goto cleanup;
    }
    if (!given)
        b->t_score += now_s() - t1;
    rc = 0;
cleanup:
    free(days);
    free(sents);
    annals_timeline_free(tl);
    return rc;
}

static void print_scores(FILE *f, bool json, const char *name, size_t l, size_t k,
                         const annals_tls_scores *s, bool last)
{
    const annals_prf *a1 = &s->rouge[ANNALS_TLS_ALIGN_PLUS_M1][0];
    const annals_prf *a2 = &s->rouge[ANNALS_TLS_ALIGN_PLUS_M1][1];
    const annals_prf *c1 = &s->rouge[ANNALS_TLS_CONCAT][0];
    const annals_prf *g1 = &s->rouge[ANNALS_TLS_AGREEMENT][0];
    if (json) {
        fprintf(f,
                "    {\"task\": \"%s\", \"l\": %zu, \"k\": %zu, \"ar1_f\": %.4f, \"ar2_f\": "
                "%.4f, \"date_f1\": %.4f, \"concat_r1_f\": %.4f, \"agreement_r1_f\": %.4f}%s\n",
                name, l, k, a1->f_score, a2->f_score, s->date.f_score, c1->f_score, g1->f_score,
                last ? "" : ",");
    } else {
        fprintf(f, "%-34s %4zu %2zu  %.4f  %.4f  %.4f  %.4f  %.4f\n", name, l, k, a1->f_score,
                a2->f_score, s->date.f_score, c1->f_score, g1->f_score);
    }
}

/* The bootstrap interval of the task average, the tasks of a topic resampled together
 * (they share the topic's articles). */
static int bootstrap_topics(const bench *b, size_t resamples, annals_tls_scores *lo,
                            annals_tls_scores *hi)
{
    annals_tls_scores *s = malloc(b->n_tasks * sizeof(*s));
    size_t *units = malloc(b->n_tasks * sizeof(*units));
    int rc = ANNALS_ENOMEM;
    if (s && units) {
        for (size_t i = 0; i < b->n_tasks; i++) {
            s[i] = b->tasks[i].scores;
            units[i] = b->tasks[i].topic;
        }
        annals_bootstrap_options o = ANNALS_BOOTSTRAP_OPTIONS_INIT;
        o.resamples = resamples;
        rc = annals_bootstrap_tls(s, units, b->n_tasks, &o, lo, hi);
    }
    if (rc < 0)
        fprintf(stderr, "annals bench: bootstrap: %s\n", annals_strerror(rc));
    free(s);
    free(units);
    return rc;
}

static void print_interval(FILE *f, bool json, const bench *b, size_t resamples,
                           const annals_tls_scores *lo, const annals_tls_scores *hi)
{
    const annals_prf *l1 = &lo->rouge[ANNALS_TLS_ALIGN_PLUS_M1][0];
    const annals_prf *h1 = &hi->rouge[ANNALS_TLS_ALIGN_PLUS_M1][0];
    const annals_prf *l2 = &lo->rouge[ANNALS_TLS_ALIGN_PLUS_M1][1];
    const annals_prf *h2 = &hi->rouge[ANNALS_TLS_ALIGN_PLUS_M1][1];
    size_t units = 0; /* topics with a task */
    for (size_t ti = 0; ti < b->n_topics; ti++) {
        size_t i = 0;
        while (i < b->n_tasks && b->tasks[i].topic != ti)
            i++;
        units += i < b->n_tasks;
    }
    if (json)
        fprintf(f,
                "  ,\"bootstrap\": {\"resamples\": %zu, \"units\": \"topics\", \"n_units\": "
                "%zu, \"level\": 0.95, \"ar1_f\": [%.4f, %.4f], \"ar2_f\": [%.4f, %.4f], "
                "\"date_f1\": [%.4f, %.4f]}\n",
                resamples, units, l1->f_score, h1->f_score, l2->f_score, h2->f_score,
                lo->date.f_score, hi->date.f_score);
    else
        fprintf(f,
                "95%% CI (%zu bootstrap resamples of %zu topics, percentile): AR-1 [%.4f, "
                "%.4f], AR-2 [%.4f, %.4f], date F1 [%.4f, %.4f]\n",
                resamples, units, l1->f_score, h1->f_score, l2->f_score, h2->f_score,
                lo->date.f_score, hi->date.f_score);
}

/* Replaces this run's rows in the results file, keeping every other row. */
static void write_results(const char *path, const char *command, const char *dataset,
                          const annals_tls_scores *avg, const bench *b, double total)
{
    const results_row rows[] = {
        {"ar1_f", avg->rouge[ANNALS_TLS_ALIGN_PLUS_M1][0].f_score, 4},
        {"ar2_f", avg->rouge[ANNALS_TLS_ALIGN_PLUS_M1][1].f_score, 4},
        {"date_f1", avg->date.f_score, 4},
        {"concat_r1_f", avg->rouge[ANNALS_TLS_CONCAT][0].f_score, 4},
        {"concat_r2_f", avg->rouge[ANNALS_TLS_CONCAT][1].f_score, 4},
        {"agreement_r1_f", avg->rouge[ANNALS_TLS_AGREEMENT][0].f_score, 4},
        {"agreement_r2_f", avg->rouge[ANNALS_TLS_AGREEMENT][1].f_score, 4},
        {"seconds_ingest_and_tag", b->t_ingest, 2},
        {"seconds_features", b->t_features, 2},
        {"seconds_train", b->t_train, 2},
        {"seconds_select", b->t_select, 2},
        {"seconds_timeline", b->t_timeline, 2},
        {"seconds_scoring", b->t_score, 2},
        {"seconds_total", total, 2},
    };
    results_replace(path, dataset, command, rows, sizeof(rows) / sizeof(rows[0]));
}

/* The date model of every fold (own[n_topics]: none held out), the learner chosen per fold
 * by nested selection (annals_tl_model_fit_folds); a fold with nothing to learn from gets
 * the built-in model. */
static int fit_dates(bench *b, const annals_tl_sample *s, size_t n, int pair,
                     annals_tl_model **own, size_t *fold_learner, char *err, size_t err_len)
{
    annals_tl_train_options learners[DATE_CHOICES];
    for (size_t g = 0; g < DATE_CHOICES; g++) {
        annals_tl_train_options lw = ANNALS_TL_TRAIN_OPTIONS_INIT;
        annals_tl_train_options pw = ANNALS_TL_TRAIN_PAIRWISE_INIT;
        double l2 = grid_date_l2[g % DIM(grid_date_l2)];
        learners[g] = l2 > 0 ? lw : pw;
        if (l2 > 0)
            learners[g].l2 = l2;
        learners[g].spread = grid_spread[g / DIM(grid_date_l2)];
    }
    annals_tl_query_info *q = malloc((b->n_tasks ? b->n_tasks : 1) * sizeof(*q));
    size_t chosen[MAX_TOPICS + 1];
    if (!q) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < b->n_tasks; i++) {
        q[i].fold = b->tasks[i].topic;
        q[i].l = b->tasks[i].l;
        q[i].gold = b->tasks[i].gold->n_days;
    }
    annals_tl_fold_options fo = ANNALS_TL_FOLD_OPTIONS_INIT;
    fo.pair = pair;
    int rc = annals_tl_model_fit_folds(s, n, q, b->n_tasks, b->n_topics, learners,
                                       DATE_CHOICES, DEFAULT_DATE_LEARNER, &fo, own, chosen);
    free(q);
    if (rc < 0) {
        snprintf(err, err_len, "fitting the date models failed (%d)", rc);
        return -1;
    }
    for (size_t ti = 0; ti <= b->n_topics; ti++) {
        fold_learner[ti] = chosen[ti];
        if (!own[ti]) {
            fprintf(stderr, "annals bench: held out %s: nothing to learn from; using the "
                            "built-in model\n",
                    ti < b->n_topics ? b->topics[ti].name : "(none)");
            if (annals_tl_model_default(&own[ti]) < 0) {
                snprintf(err, err_len, "the built-in date model is missing or broken");
                return -1;
            }
        }
    }
    return 0;
}

/* Sentence-scoring samples of every task on its gold dates, in task order. */
static int sentence_samples(bench *b, annals_tl_ssample **out, size_t *n_out, char *err,
                            size_t err_len)
{
    annals_tl_ssample *all = NULL;
    size_t n = 0, group = 0;
    for (size_t i = 0; i < b->n_tasks; i++) {
        task *t = &b->tasks[i];
        topic *tp = &b->topics[t->topic];
        annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
        task_options(t, &o);
        annals_tl_reference *refs = calloc(t->gold->n_days, sizeof(*refs));
        if (!refs)
            goto nomem;
        for (size_t j = 0; j < t->gold->n_days; j++) {
            refs[j].date = t->gold->days[j].date;
            refs[j].sentences = (const char *const *)t->gold->days[j].sentences;
            refs[j].n_sentences = t->gold->days[j].n_sentences;
        }
        annals_tl_ssample *s = NULL;
        size_t ns = 0;
        int rc = annals_timeline_sentence_samples(tp->store, tp->keywords, &o, refs,
                                                  t->gold->n_days, group, &s, &ns);
        free(refs);
        group += t->gold->n_days;
        if (rc < 0) {
            snprintf(err, err_len, "%s: %s", t->name, annals_store_errmsg(tp->store));
            free(all);
            return -1;
        }
        annals_tl_ssample *na = realloc(all, (n + ns + 1) * sizeof(*na));
        if (!na) {
            free(s);
            goto nomem;
        }
        all = na;
        if (ns)
            memcpy(all + n, s, ns * sizeof(*s));
        n += ns;
        free(s);
    }
    *out = all;
    *n_out = n;
    return 0;
nomem:
    free(all);
    snprintf(err, err_len, "out of memory");
    return -1;
}

/* Fits the sentence weights of every fold into own[] (nested choice of the penalty,
 * annals_tl_sentence_fit_folds). */
static int fit_sentences(bench *b, annals_tl_model **own, double *fold_l2, char *err,
                         size_t err_len)
{
    annals_tl_ssample *s = NULL;
    size_t n = 0;
    if (sentence_samples(b, &s, &n, err, err_len) < 0)
        return -1;
    /* the topic of each sample (tasks, hence samples, are in topic order) */
    size_t *fold = malloc((n ? n : 1) * sizeof(size_t));
    double *w = malloc((b->n_topics + 1) * ANNALS_TL_N_SFEATURES * sizeof(double));
    size_t chosen[MAX_TOPICS + 1];
    int rc = -1;
    if (!fold || !w) {
        snprintf(err, err_len, "out of memory");
        goto done;
    }
    size_t group_end = 0, k = 0;
    for (size_t i = 0; i < b->n_tasks; i++) {
        group_end += b->tasks[i].gold->n_days;
        while (k < n && s[k].group < group_end)
            fold[k++] = b->tasks[i].topic;
    }
    if (annals_tl_sentence_fit_folds(s, n, fold, b->n_topics, grid_l2, DIM(grid_l2), w,
                                     chosen) < 0) {
        snprintf(err, err_len, "fitting the sentence weights failed");
        goto done;
    }
    for (size_t ti = 0; ti <= b->n_topics; ti++) {
        fold_l2[ti] = grid_l2[chosen[ti]];
        if (own[ti])
            annals_tl_model_set_sentences(own[ti], w + ti * ANNALS_TL_N_SFEATURES);
    }
    rc = 0;
done:
    free(fold);
    free(w);
    free(s);
    return rc;
}

/* Nested selection of the centroid summary setting (see bench_t17). */
static int select_summary(bench *b, annals_tls *ev, annals_tl_summary_options *fold_so)
{
    for (size_t g = 0; g < GRID_SIZE; g++) {
        annals_tl_summary_options so;
        grid_setting(g, &so);
        for (size_t i = 0; i < b->n_tasks; i++) {
            annals_tls_scores sc;
            if (run_task(b, ev, &b->tasks[i], NULL, &so, true, &sc) < 0)
                return -1;
            b->tasks[i].sel[g] = sc.rouge[ANNALS_TLS_ALIGN_PLUS_M1][0].f_score +
                                sc.rouge[ANNALS_TLS_ALIGN_PLUS_M1][1].f_score;
        }
    }
    for (size_t ti = 0; ti <= b->n_topics && ti <= MAX_TOPICS; ti++) {
        /* ti == n_topics: no topic held out */
        double best = -1;
        size_t fold_g = SIZE_MAX;
        for (size_t g = 0; g < GRID_SIZE; g++) {
            double sum = 0;
            size_t n = 0;
            for (size_t i = 0; i < b->n_tasks; i++)
                if (b->tasks[i].topic != ti) {
                    sum += b->tasks[i].sel[g];
                    n++;
                }
            if (n && sum / (double)n > best + 1e-12) {
                best = sum / (double)n;
                fold_g = g;
            }
        }
        if (fold_g != SIZE_MAX)
            grid_setting(fold_g, &fold_so[ti]);
    }
    return 0;
}

static void describe_fold(const annals_tl_summary_options *so, double l2, size_t learner,
                          const annals_tl_model *m, char *out, size_t cap)
{
    char sum[160];
    if (so->objective == ANNALS_TL_LEARNED)
        snprintf(sum, sizeof(sum), "learned sentence weights l2=%g candidates=%zu", l2,
                 so->candidates);
    else
        grid_describe(so, sum, sizeof(sum));
    double date_l2 = grid_date_l2[learner % DIM(grid_date_l2)];
    double spread = grid_spread[learner / DIM(grid_date_l2)];
    double diversity = m ? annals_tl_model_diversity(m) : 0;
    char lw[40] = "pairwise", sp[24] = "", dv[28] = "";
    if (date_l2 > 0)
        snprintf(lw, sizeof(lw), "listwise l2=%g", date_l2);
    if (spread > 0)
        snprintf(sp, sizeof(sp), " spread=%g", spread);
    if (diversity > 0)
        snprintf(dv, sizeof(dv), " diversity=%g", diversity);
    snprintf(out, cap, "date model %s%s%s%s; %s", lw, sp, dv,
             m && annals_tl_model_has_pair(m) ? " pair" : "", sum);
}

static int bench_t17(int argc, char **argv)
{
    bench b;
    memset(&b, 0, sizeof(b));
    b.data = "../shared/data/timeline17";
    b.grid_size = GRID_SIZE;
    const char *model_path = NULL, *topics = NULL, *dump = NULL, *results = NULL;
    const char *rouge = NULL, *fit_path = NULL;
    bool loto = false, json = false, sentence_model = false, date_errors = false;
    long resamples = 0;
    int pair = ANNALS_TL_PAIR_ON; /* round 10, bench/EXPERIMENTS.md 102 */
    bool pair_given = false;
    cli_args a;
    args_init(&a, argc, argv);
    a.cmd = "bench t17";
    const char *arg;
    int key;
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case OPT_DATA: b.data = arg; break;
        case OPT_MODEL: model_path = arg; break;
        case OPT_LOTO: loto = true; break;
        case OPT_TOPICS: topics = arg; break;
        case OPT_DUMP: dump = arg; break;
        case OPT_RESULTS: results = arg; break;
        case OPT_ROUGE: rouge = arg; break;
        case OPT_VERBOSE: b.verbose = true; break;
        case OPT_FIT: fit_path = arg; break;
        case OPT_SENTENCE_MODEL: sentence_model = true; break;
        case OPT_DATE_ERRORS: date_errors = true; break;
        case OPT_BOOTSTRAP:
            if (!parse_range("bench t17", "--bootstrap", arg, 1,
                             ANNALS_BOOTSTRAP_MAX_RESAMPLES, &resamples))
                return EXIT_USAGE;
            break;
        case OPT_PAIR:
            pair = strcmp(arg, "on") == 0       ? ANNALS_TL_PAIR_ON
                   : strcmp(arg, "nested") == 0 ? ANNALS_TL_PAIR_NESTED
                   : strcmp(arg, "off") == 0    ? ANNALS_TL_PAIR_OFF
                                                : -1;
            pair_given = true;
            if (pair < 0) {
                fprintf(stderr, "annals bench: unknown --pair mode '%s' (off, on, nested)\n",
                        arg);
                return EXIT_USAGE;
            }
            break;
        case OPT_FORMAT:
            if (strcmp(arg, "json") == 0)
                json = true;
            else if (strcmp(arg, "text") != 0) {
                fprintf(stderr, "annals bench: unknown format '%s' (text, json)\n", arg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        case 0:
            fprintf(stderr, "annals bench t17: unexpected argument '%s'\n", arg);
            return EXIT_USAGE;
        default: return EXIT_USAGE;
        }
    }
    if ((fit_path || sentence_model || pair_given) && !loto) {
        fprintf(stderr,
                "annals bench t17: --fit-model, --sentence-model and --pair need --loto\n");
        return EXIT_USAGE;
    }
    if (loto && model_path) {
        fprintf(stderr, "annals bench t17: --loto fits its own models; drop --model\n");
        return EXIT_USAGE;
    }
    /* the command line that produced the rows, as written to results.tsv */
    char command[1024];
    snprintf(command, sizeof(command), "annals bench t17%s%s%s%s%s%s", loto ? " --loto" : "",
             model_path ? " --model " : "", model_path ? model_path : "",
             topics ? " --topics " : "", topics ? topics : "",
             pair == ANNALS_TL_PAIR_OFF      ? " --pair off"
             : pair == ANNALS_TL_PAIR_NESTED ? " --pair nested"
                                             : "");
    char rouge_buf[PATH_MAX];
    if (!rouge) {
        snprintf(rouge_buf, sizeof(rouge_buf), "%s/../rouge", b.data);
        rouge = rouge_buf;
    }
    int code = EXIT_OK;
    annals_tl_model *fixed = NULL, *own[MAX_TOPICS + 1] = {NULL};
    annals_tls *ev = NULL;
    annals_tl_sample *samples = NULL;
    size_t n_samples = 0;
    char err[256];
    if (model_path && annals_tl_model_read(&fixed, model_path, err, sizeof(err)) < 0) {
        fprintf(stderr, "annals bench: %s\n", err);
        return EXIT_IOERR;
    }
    annals_tls_options eo = ANNALS_TLS_OPTIONS_INIT;
    eo.rouge_dir = rouge;
    if (annals_tls_open(&ev, &eo) < 0) {
        fprintf(stderr, "annals bench: %s\n", ev ? annals_tls_errmsg(ev) : "out of memory");
        code = EXIT_IOERR;
        goto cleanup;
    }
    if (bench_read_topics(&b, topics) < 0) {
        code = EXIT_IOERR;
        goto cleanup;
    }
    double t_start = now_s();
    for (size_t i = 0; i < b.n_topics; i++) {
        double t0 = now_s();
        if (bench_ingest_topic(&b, &b.topics[i]) < 0) {
            code = EXIT_IOERR;
            goto cleanup;
        }
        b.t_ingest += now_s() - t0;
        char *save = NULL, *dirs = strdup(b.topics[i].dirs);
        for (char *dir = strtok_r(dirs, " ", &save); dir; dir = strtok_r(NULL, " ", &save))
            bench_add_tasks(&b, i, dir);
        free(dirs);
    }
    if (b.n_tasks == 0) {
        fprintf(stderr, "annals bench: no task found under %s\n", b.data);
        code = EXIT_NOTHING;
        goto cleanup;
    }
    if (loto || dump) {
        double t0 = now_s();
        if (collect_samples(&b, &samples, &n_samples) < 0) {
            code = EXIT_IOERR;
            goto cleanup;
        }
        b.t_features = now_s() - t0;
        if (dump && dump_samples(&b, samples, n_samples, dump) < 0) {
            code = EXIT_IOERR;
            goto cleanup;
        }
    }
    size_t fold_date[MAX_TOPICS + 1];
    if (loto) {
        double t0 = now_s();
        if (fit_dates(&b, samples, n_samples, pair, own, fold_date, err, sizeof(err)) < 0) {
            fprintf(stderr, "annals bench: %s\n", err);
            code = EXIT_IOERR;
            goto cleanup;
        }
        b.t_train = now_s() - t0;
    }
    /* Nested selection of the summary setting: every grid setting summarizes every task on
     * its gold dates (labels of the training topics are fair game inside a fold); for each
     * held-out topic the setting with the best mean AR-1 F + AR-2 F over the other topics'
     * tasks is used. Entry n_topics is the same choice over all topics (the shipped
     * default).
     * With --sentence-model the summaries are scored by sentence weights instead: ridge
     * regression on the candidates of the other topics' gold dates, its penalty chosen by
     * an inner leave-one-topic-out loop over those topics (mean target of the best-scored
     * candidate per date). */
    annals_tl_summary_options fold_so[MAX_TOPICS + 1];
    double fold_l2[MAX_TOPICS + 1];
    for (size_t i = 0; i <= MAX_TOPICS; i++) {
        annals_tl_summary_options d = ANNALS_TL_SUMMARY_OPTIONS_INIT;
        fold_so[i] = d;
        fold_l2[i] = 0;
    }
    if (loto && sentence_model) {
        double t0 = now_s();
        if (fit_sentences(&b, own, fold_l2, err, sizeof(err)) < 0) {
            fprintf(stderr, "annals bench: %s\n", err);
            code = EXIT_IOERR;
            goto cleanup;
        }
        for (size_t i = 0; i <= MAX_TOPICS; i++)
            fold_so[i].objective = ANNALS_TL_LEARNED;
        b.t_select = now_s() - t0;
    } else if (loto) {
        double t0 = now_s();
        if (select_summary(&b, ev, fold_so) < 0) {
            code = EXIT_IOERR;
            goto cleanup;
        }
        b.t_select = now_s() - t0;
    }
    if (fit_path) {
        char *text = NULL;
        FILE *mf = NULL;
        if (!own[b.n_topics] || annals_tl_model_format(own[b.n_topics], &text) < 0 ||
            !(mf = fopen(fit_path, "w")) || fputs(text, mf) < 0 || fclose(mf) != 0) {
            fprintf(stderr, "annals bench: %s: cannot write the model\n", fit_path);
            free(text);
            code = EXIT_IOERR;
            goto cleanup;
        }
        free(text);
    }
    annals_tls_average avg;
    annals_tls_average_init(&avg);
    FILE *out = stdout;
    if (json)
        fprintf(out, "{\n  \"dataset\": \"timeline17\",\n  \"loto\": %s,\n  \"tasks\": [\n",
                loto ? "true" : "false");
    else
        fprintf(out, "%-34s %4s %2s  %-6s  %-6s  %-6s  %-6s  %-6s\n", "task", "l", "k", "AR-1",
                "AR-2", "dateF1", "cc-R1", "agr-R1");
    for (size_t i = 0; i < b.n_tasks; i++) {
        task *t = &b.tasks[i];
        const annals_tl_model *m = loto ? own[t->topic] : fixed;
        if (run_task(&b, ev, t, m, loto ? &fold_so[t->topic] : NULL, false, &t->scores) < 0) {
            code = EXIT_IOERR;
            goto cleanup;
        }
        annals_tls_average_add(&avg, &t->scores);
        print_scores(out, json, t->name, t->l, t->k, &t->scores, i + 1 == b.n_tasks);
    }
    annals_tls_scores mean, ci_lo, ci_hi;
    annals_tls_average_get(&avg, &mean);
    if (resamples && bootstrap_topics(&b, (size_t)resamples, &ci_lo, &ci_hi) < 0) {
        code = EXIT_IOERR;
        goto cleanup;
    }
    double total = now_s() - t_start;
    if (json) {
        fprintf(out, "  ],\n  \"average\":\n");
        print_scores(out, true, "average", 0, 0, &mean, true);
        if (resamples)
            print_interval(out, true, &b, (size_t)resamples, &ci_lo, &ci_hi);
        if (loto) {
            fprintf(out, "  ,\"selected\": [\n");
            for (size_t ti = 0; ti <= b.n_topics; ti++) {
                char d[200];
                describe_fold(&fold_so[ti], fold_l2[ti], fold_date[ti], own[ti], d, sizeof(d));
                fprintf(out, "    {\"held_out\": \"%s\", \"summary\": \"%s\"}%s\n",
                        ti < b.n_topics ? b.topics[ti].name : "(none)", d,
                        ti < b.n_topics ? "," : "");
            }
            fprintf(out, "  ]\n");
        }
        fprintf(out,
                "  ,\"seconds\": {\"ingest_and_tag\": %.3f, \"features\": %.3f, \"train\": "
                "%.3f, \"select\": %.3f, \"timeline\": %.3f, \"scoring\": %.3f, \"total\": "
                "%.3f},\n  \"skipped_inputs\": %ld\n}\n",
                b.t_ingest, b.t_features, b.t_train, b.t_select, b.t_timeline, b.t_score, total,
                b.skipped);
    } else {
        print_scores(out, false, "average (mean P, mean R, F1)", 0, 0, &mean, true);
        fprintf(out, "AR-1 P %.4f R %.4f, AR-2 P %.4f R %.4f, date P %.4f R %.4f\n",
                mean.rouge[ANNALS_TLS_ALIGN_PLUS_M1][0].precision,
                mean.rouge[ANNALS_TLS_ALIGN_PLUS_M1][0].recall,
                mean.rouge[ANNALS_TLS_ALIGN_PLUS_M1][1].precision,
                mean.rouge[ANNALS_TLS_ALIGN_PLUS_M1][1].recall, mean.date.precision,
                mean.date.recall);
        if (resamples)
            print_interval(out, false, &b, (size_t)resamples, &ci_lo, &ci_hi);
        if (date_errors) {
            const size_t *e = b.derr;
            fprintf(out,
                    "dates by distance to the nearest reference date: exact %zu, one day %zu "
                    "(the reference date taken too %zu), two days %zu, 3-7 days %zu, 8 or "
                    "more %zu\n",
                    e[DERR_EXACT], e[DERR_DAY_TAKEN] + e[DERR_DAY_ALONE], e[DERR_DAY_TAKEN],
                    e[DERR_TWO], e[DERR_WEEK], e[DERR_FAR]);
        }
        if (loto) {
            fprintf(out, "\nselected on the other topics (date model: %zu learners; summary: "
                    "%zu settings):\n", (size_t)DATE_CHOICES,
                    sentence_model ? DIM(grid_l2) : (size_t)GRID_SIZE);
            for (size_t ti = 0; ti <= b.n_topics; ti++) {
                char d[200];
                describe_fold(&fold_so[ti], fold_l2[ti], fold_date[ti], own[ti], d, sizeof(d));
                fprintf(out, "  held out %-8s %s\n",
                        ti < b.n_topics ? b.topics[ti].name : "(none)", d);
            }
        }
        fprintf(out,
                "\n%zu tasks, %zu topics%s; seconds: ingest+tag %.2f, features %.2f, train "
                "%.2f, select %.2f, timeline %.2f, scoring %.2f, total %.2f\n",
                b.n_tasks, b.n_topics, loto ? ", leave-one-topic-out" : "", b.t_ingest,
                b.t_features, b.t_train, b.t_select, b.t_timeline, b.t_score, total);
        if (b.skipped)
            fprintf(out, "%ld input files skipped (--verbose lists them)\n", b.skipped);
    }
    if (!results) {
        struct stat st;
        if (stat("bench", &st) == 0 && S_ISDIR(st.st_mode))
            results = "bench/results.tsv";
    }
    if (results && strcmp(results, "-") != 0)
        write_results(results, command,
                      loto ? "timeline17-loto"
                           : model_path ? "timeline17-model" : "timeline17-insample",
                      &mean, &b, total);
cleanup:
    for (size_t i = 0; i <= MAX_TOPICS; i++)
        annals_tl_model_free(own[i]);
    annals_tl_model_free(fixed);
    free(samples);
    for (size_t i = 0; i < b.n_tasks; i++) {
        annals_tls_timeline_free(b.tasks[i].gold);
        free(b.tasks[i].gold_dates);
        free(b.tasks[i].sel);
    }
    free(b.tasks);
    for (size_t i = 0; i < b.n_topics; i++) {
        annals_store_close(b.topics[i].store);
        free(b.topics[i].name);
        free(b.topics[i].dirs);
        free(b.topics[i].keywords);
    }
    free(b.topics);
    annals_tls_close(ev);
    return code;
}

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "t17") != 0) {
        fprintf(stderr, "annals bench: expected a benchmark name: t17 (see 'annals bench "
                        "--help')\n");
        return EXIT_USAGE;
    }
    return bench_t17(argc - 1, argv + 1);
}
