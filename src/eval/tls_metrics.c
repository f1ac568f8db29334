/*
 * tls_metrics.c - the evaluator handle and tilse's timeline measures: concat, agreement,
 * align (1:1, date costs), align+ (1:1, date and content costs), align+ m:1, and date
 * precision/recall/F1; plus the dataset average.
 *
 * Each measure follows tilse's TimelineRougeEvaluator (smartschat/tilse, 7cd812f) step by
 * step, including the order in which floating-point sums are formed, so that the numbers
 * agree with the reference tools to the last bits:
 *   - A ROUGE call compares a peer summary with one model per reference timeline (an absent
 *     date is an empty model); counts are ROUGE-1.5.5 "-f A" raw counts (rouge.c).
 *   - align*: costs 1 - 1/(|days apart| + 1), times 1 - approximate ROUGE-1 F1 on
 *     whitespace tokens for align+; precision assigns predicted dates to reference dates,
 *     recall reference dates to predicted ones; hits are weighted by 1/(|days apart| + 1);
 *     an unassigned date adds its n-grams to the denominator only. 1:1 uses the optimal
 *     assignment (assignment.c), m:1 the first minimum of each row.
 *   - Average over tasks: mean P and mean R, then the F1 of the means (tilse Scores).
 * Where the reference tools fail (empty prediction: division by zero, empty matrices) the
 * scores are 0 and the measure is flagged undefined.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

struct annals_tls {
    rouge_ctx rouge;
    bool rouge_ok;
    unsigned measures;
    char errmsg[512];
};

static const char *const MEASURE_NAMES[] = {
    "concat", "agreement", "align_date_costs", "align_date_content_costs",
    "align_date_content_costs_many_to_one", "date",
};
static const char *const MEASURE_SHORT[] = {
    "concat", "agreement", "align", "align+", "align+m:1", "date",
};

const char *annals_tls_measure_name(int m)
{
    return m >= 0 && m <= ANNALS_TLS_DATE ? MEASURE_NAMES[m] : "?";
}

int annals_tls_measure_parse(const char *name)
{
    for (int m = 0; m <= ANNALS_TLS_DATE; m++) {
        if (strcmp(name, MEASURE_NAMES[m]) == 0 || strcmp(name, MEASURE_SHORT[m]) == 0)
            return m;
    }
    if (strcmp(name, "align+ m:1") == 0 || strcmp(name, "ar") == 0)
        return ANNALS_TLS_ALIGN_PLUS_M1;
    return -1;
}

double annals_tls_f1(double p, double r)
{
    if (p + r == 0)
        return 0;
    return 2 * p * r / (p + r); /* tilse: (1 + beta^2) p r / (beta^2 p + r), beta = 1 */
}

int annals_tls_open(annals_tls **out, const annals_tls_options *opts)
{
    *out = NULL;
    annals_tls *ev = calloc(1, sizeof(*ev));
    if (!ev)
        return ANNALS_ENOMEM;
    *out = ev;
    ev->measures = opts ? opts->measures : ANNALS_TLS_ALL_MEASURES;
    if (!opts || !opts->rouge_dir || !*opts->rouge_dir) {
        snprintf(ev->errmsg, sizeof(ev->errmsg), "no ROUGE resource directory given");
        return ANNALS_EINVAL;
    }
    int rc = rouge_ctx_init(&ev->rouge, opts->rouge_dir, ev->errmsg, sizeof(ev->errmsg));
    if (rc < 0) {
        rouge_ctx_free(&ev->rouge);
        if (rc == ANNALS_ENOMEM) {
            free(ev);
            *out = NULL;
        }
        return rc;
    }
    ev->rouge_ok = true;
    return 0;
}

const char *annals_tls_errmsg(const annals_tls *ev)
{
    return ev ? ev->errmsg : "out of memory";
}

void annals_tls_close(annals_tls *ev)
{
    if (!ev)
        return;
    if (ev->rouge_ok)
        rouge_ctx_free(&ev->rouge);
    free(ev);
}

/* ---- normalised timelines ------------------------------------------------------------ */

typedef struct nday {
    int64_t day; /* days since 1970-01-01 */
    const annals_tls_day *src;
} nday;

static int cmp_nday(const void *a, const void *b)
{
    const nday *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    /* the later occurrence wins: order by position, kept last below */
    return x->src < y->src ? -1 : x->src > y->src;
}

/* Sorted, de-duplicated days of tl (the later of two equal dates wins). */
static int normalise(const annals_tls_timeline *tl, nday **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (tl->n_days == 0)
        return 0;
    nday *d = malloc(tl->n_days * sizeof(nday));
    if (!d)
        return ANNALS_ENOMEM;
    for (size_t i = 0; i < tl->n_days; i++) {
        annals_date dt = tl->days[i].date;
        if (!annals_date_valid(dt.year, dt.month, dt.day)) {
            free(d);
            return ANNALS_EINVAL;
        }
        d[i].day = annals_date_to_days(dt);
        d[i].src = &tl->days[i];
    }
    qsort(d, tl->n_days, sizeof(nday), cmp_nday);
    size_t k = 0;
    for (size_t i = 0; i < tl->n_days; i++) {
        if (k > 0 && d[k - 1].day == d[i].day)
            d[k - 1] = d[i];
        else
            d[k++] = d[i];
    }
    *out = d;
    *n_out = k;
    return 0;
}

/* ---- scoring ------------------------------------------------------------------------- */

typedef struct pair_counts {
    bool done;
    rouge_counts c[2];
} pair_counts;

typedef struct job {
    annals_tls *ev;
    size_t np, nr, ng;
    nday *pred;
    int64_t *ref_days;        /* union of the references' dates, sorted */
    rouge_summary *psum;      /* np */
    rouge_summary *gsum;      /* ng x nr */
    const rouge_summary **models; /* scratch: ng */
    pair_counts *cache;       /* np x nr */
    rouge_summary empty;
} job;

static void set_prf(annals_prf *o, double p, double r)
{
    o->precision = p;
    o->recall = r;
    o->f_score = annals_tls_f1(p, r);
}

static const rouge_summary *const *models_at(job *j, size_t ri)
{
    for (size_t g = 0; g < j->ng; g++)
        j->models[g] = ri == SIZE_MAX ? &j->empty : &j->gsum[g * j->nr + ri];
    return j->models;
}

/* Counts of predicted day pi (SIZE_MAX: empty) against the references at ri (SIZE_MAX: none). */
static void counts(job *j, size_t pi, size_t ri, rouge_counts c[2])
{
    pair_counts *pc = pi != SIZE_MAX && ri != SIZE_MAX ? &j->cache[pi * j->nr + ri] : NULL;
    if (pc && pc->done) {
        c[0] = pc->c[0];
        c[1] = pc->c[1];
        return;
    }
    const rouge_summary *peer = pi == SIZE_MAX ? &j->empty : &j->psum[pi];
    const rouge_summary *const *models = models_at(j, ri);
    for (int o = 0; o < 2; o++)
        c[o] = rouge_score(peer, models, j->ng, o + 1);
    if (pc) {
        pc->c[0] = c[0];
        pc->c[1] = c[1];
        pc->done = true;
    }
}

static double date_weight(int64_t a, int64_t b)
{
    int64_t d = a > b ? a - b : b - a;
    return 1.0 / (double)(d + 1);
}

static void score_agreement(job *j, annals_tls_scores *out)
{
    uint64_t pn[2] = {0, 0}, pd[2] = {0, 0}, rn[2] = {0, 0}, rd[2] = {0, 0};
    size_t a = 0, b = 0;
    while (a < j->np || b < j->nr) {
        size_t pi = SIZE_MAX, ri = SIZE_MAX;
        if (b >= j->nr || (a < j->np && j->pred[a].day < j->ref_days[b])) {
            pi = a++;
        } else if (a >= j->np || j->ref_days[b] < j->pred[a].day) {
            ri = b++;
        } else {
            pi = a++;
            ri = b++;
        }
        rouge_counts c[2];
        counts(j, pi, ri, c);
        for (int o = 0; o < 2; o++) {
            if (pi != SIZE_MAX) {
                pn[o] += c[o].h;
                pd[o] += c[o].p;
            }
            if (ri != SIZE_MAX) {
                rn[o] += c[o].h;
                rd[o] += c[o].m;
            }
        }
    }
    for (int o = 0; o < 2; o++)
        set_prf(&out->rouge[ANNALS_TLS_AGREEMENT][o], pd[o] ? (double)pn[o] / (double)pd[o] : 0,
                rd[o] ? (double)rn[o] / (double)rd[o] : 0);
}

/* The np x nr cost matrix (content costs when content is set). */
static int cost_matrix(job *j, bool content, double **out)
{
    double *c = malloc(j->np * j->nr * sizeof(double));
    if (!c)
        return ANNALS_ENOMEM;
    for (size_t pi = 0; pi < j->np; pi++) {
        for (size_t ri = 0; ri < j->nr; ri++) {
            int64_t d = j->pred[pi].day - j->ref_days[ri];
            if (d < 0)
                d = -d;
            double date_factor = 1 - 1 / (double)(d + 1);
            if (content) {
                double approx = rouge_approx_f1(&j->psum[pi], models_at(j, ri), j->ng);
                date_factor = date_factor * (1 - approx);
            }
            c[pi * j->nr + ri] = date_factor;
        }
    }
    *out = c;
    return 0;
}

/* Assigns rows to columns of cost (nr x nc): optimally (1:1) or each row to its first minimum. */
static int assign(const double *cost, size_t nr, size_t nc, bool one_to_one, size_t *rows,
                  size_t *cols, bool *tie)
{
    if (one_to_one)
        return lsap_solve(cost, nr, nc, rows, cols, tie);
    *tie = false;
    for (size_t i = 0; i < nr; i++) {
        size_t best = 0;
        for (size_t k = 1; k < nc; k++) {
            if (cost[i * nc + k] < cost[i * nc + best])
                best = k;
        }
        rows[i] = i;
        cols[i] = best;
    }
    return (int)nr;
}

static int score_align(job *j, int measure, const double *pcost, const double *rcost,
                       annals_tls_scores *out)
{
    bool one_to_one = measure != ANNALS_TLS_ALIGN_PLUS_M1;
    size_t np = j->np, nr = j->nr, most = np > nr ? np : nr;
    size_t *rows = malloc(most * sizeof(size_t)), *cols = malloc(most * sizeof(size_t));
    unsigned char *matched = calloc(most, 1);
    int rc = 0;
    if (!rows || !cols || !matched) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    double pnum[2] = {0, 0}, rnum[2] = {0, 0};
    uint64_t pden[2] = {0, 0}, rden[2] = {0, 0};
    bool tie_p, tie_r;
    rouge_counts c[2];

    /* precision: predicted dates (rows) -> reference dates */
    int k = assign(pcost, np, nr, one_to_one, rows, cols, &tie_p);
    if (k < 0) {
        rc = k;
        goto cleanup;
    }
    for (int t = 0; t < k; t++) {
        counts(j, rows[t], cols[t], c);
        double w = date_weight(j->pred[rows[t]].day, j->ref_days[cols[t]]);
        for (int o = 0; o < 2; o++) {
            pnum[o] += w * (double)c[o].h;
            pden[o] += c[o].p;
        }
        matched[rows[t]] = 1;
    }
    for (size_t pi = 0; pi < np; pi++) {
        if (matched[pi])
            continue;
        counts(j, pi, SIZE_MAX, c);
        for (int o = 0; o < 2; o++) {
            pnum[o] += (double)c[o].h;
            pden[o] += c[o].p;
        }
    }

    /* recall: reference dates (rows) -> predicted dates */
    memset(matched, 0, most);
    k = assign(rcost, nr, np, one_to_one, rows, cols, &tie_r);
    if (k < 0) {
        rc = k;
        goto cleanup;
    }
    for (int t = 0; t < k; t++) {
        counts(j, cols[t], rows[t], c);
        double w = date_weight(j->pred[cols[t]].day, j->ref_days[rows[t]]);
        for (int o = 0; o < 2; o++) {
            rnum[o] += w * (double)c[o].h;
            rden[o] += c[o].m;
        }
        matched[rows[t]] = 1;
    }
    for (size_t ri = 0; ri < nr; ri++) {
        if (matched[ri])
            continue;
        counts(j, SIZE_MAX, ri, c);
        for (int o = 0; o < 2; o++) {
            rnum[o] += (double)c[o].h;
            rden[o] += c[o].m;
        }
    }
    for (int o = 0; o < 2; o++)
        set_prf(&out->rouge[measure][o], pden[o] ? pnum[o] / (double)pden[o] : 0,
                rden[o] ? rnum[o] / (double)rden[o] : 0);
    if (tie_p || tie_r)
        out->ties |= 1u << measure;
cleanup:
    free(rows);
    free(cols);
    free(matched);
    return rc;
}

static int score_concat(job *j, annals_tls_scores *out)
{
    u32_vec ids = VEC_INIT;
    rouge_summary pc = {0};
    rouge_summary *gc = calloc(j->ng, sizeof(rouge_summary));
    const rouge_summary **gp = calloc(j->ng, sizeof(*gp));
    int rc = 0;
    if (!gc || !gp) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    for (size_t pi = 0; pi < j->np; pi++) {
        const rouge_summary *s = &j->psum[pi];
        if (s->n_ids && (rc = VEC_RESERVE(&ids, ids.len + s->n_ids)) < 0)
            goto cleanup;
        for (size_t t = 0; t < s->n_ids; t++)
            ids.items[ids.len++] = s->ids[t];
    }
    if ((rc = rouge_summary_from_ids(ids.items, ids.len, &pc)) < 0)
        goto cleanup;
    for (size_t g = 0; g < j->ng; g++) {
        ids.len = 0;
        for (size_t ri = 0; ri < j->nr; ri++) {
            const rouge_summary *s = &j->gsum[g * j->nr + ri];
            if (s->n_ids && (rc = VEC_RESERVE(&ids, ids.len + s->n_ids)) < 0)
                goto cleanup;
            for (size_t t = 0; t < s->n_ids; t++)
                ids.items[ids.len++] = s->ids[t];
        }
        if ((rc = rouge_summary_from_ids(ids.items, ids.len, &gc[g])) < 0)
            goto cleanup;
        gp[g] = &gc[g];
    }
    for (int o = 0; o < 2; o++) {
        rouge_counts c = rouge_score(&pc, gp, j->ng, o + 1);
        out->concat_counts[o][0] = c.h;
        out->concat_counts[o][1] = c.p;
        out->concat_counts[o][2] = c.m;
        if (c.p == 0 || c.m == 0)
            out->undefined |= 1u << ANNALS_TLS_CONCAT;
        set_prf(&out->rouge[ANNALS_TLS_CONCAT][o], c.p ? (double)c.h / (double)c.p : 0,
                c.m ? (double)c.h / (double)c.m : 0);
    }
cleanup:
    VEC_FREE(&ids);
    rouge_summary_free(&pc);
    if (gc) {
        for (size_t g = 0; g < j->ng; g++)
            rouge_summary_free(&gc[g]);
    }
    free(gc);
    free(gp);
    return rc;
}

static void score_dates(job *j, annals_tls_scores *out)
{
    size_t both = 0, a = 0, b = 0;
    while (a < j->np && b < j->nr) {
        if (j->pred[a].day < j->ref_days[b]) {
            a++;
        } else if (j->ref_days[b] < j->pred[a].day) {
            b++;
        } else {
            both++;
            a++;
            b++;
        }
    }
    if (j->np == 0 || j->nr == 0)
        out->undefined |= 1u << ANNALS_TLS_DATE;
    set_prf(&out->date, j->np ? (double)both / (double)j->np : 0,
            j->nr ? (double)both / (double)j->nr : 0);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int annals_tls_score(annals_tls *ev, const annals_tls_timeline *pred,
                     const annals_tls_timeline *const *golds, size_t n_golds,
                     annals_tls_scores *out)
{
    memset(out, 0, sizeof(*out));
    if (!ev->rouge_ok || !pred || n_golds == 0) {
        snprintf(ev->errmsg, sizeof(ev->errmsg), "%s",
                 !ev->rouge_ok ? "ROUGE resources not loaded" : "no reference timeline");
        return ANNALS_EINVAL;
    }
    job j = {0};
    j.ev = ev;
    j.ng = n_golds;
    nday **gd = calloc(n_golds, sizeof(nday *));
    size_t *gn = calloc(n_golds, sizeof(size_t));
    double *pcost = NULL, *rcost = NULL;
    int rc = 0;
    if (!gd || !gn) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    rc = normalise(pred, &j.pred, &j.np);
    for (size_t g = 0; rc == 0 && g < n_golds; g++)
        rc = normalise(golds[g], &gd[g], &gn[g]);
    if (rc == ANNALS_EINVAL) {
        snprintf(ev->errmsg, sizeof(ev->errmsg), "a timeline has an incomplete or invalid date");
        goto cleanup;
    }
    if (rc < 0)
        goto cleanup;

    /* the union of the references' dates */
    size_t total = 0;
    for (size_t g = 0; g < n_golds; g++)
        total += gn[g];
    j.ref_days = malloc((total ? total : 1) * sizeof(int64_t));
    if (!j.ref_days) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    for (size_t g = 0; g < n_golds; g++)
        for (size_t i = 0; i < gn[g]; i++)
            j.ref_days[j.nr++] = gd[g][i].day;
    qsort(j.ref_days, j.nr, sizeof(int64_t), cmp_i64);
    size_t u = 0;
    for (size_t i = 0; i < j.nr; i++) {
        if (u == 0 || j.ref_days[u - 1] != j.ref_days[i])
            j.ref_days[u++] = j.ref_days[i];
    }
    j.nr = u;

    /* prepared summaries */
    j.psum = calloc(j.np ? j.np : 1, sizeof(rouge_summary));
    size_t n_gsum = j.ng * j.nr, n_cache = j.np * j.nr;
    j.gsum = calloc(n_gsum > 0 ? n_gsum : 1, sizeof(rouge_summary));
    j.models = calloc(j.ng, sizeof(*j.models));
    j.cache = calloc(n_cache > 0 ? n_cache : 1, sizeof(pair_counts));
    if (!j.psum || !j.gsum || !j.models || !j.cache) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < j.np; i++) {
        const annals_tls_day *d = j.pred[i].src;
        out->n_pred_sents += d->n_sentences;
        rc = rouge_summary_build(&ev->rouge, d->sentences, d->n_sentences, &j.psum[i]);
        if (rc < 0)
            goto cleanup;
    }
    for (size_t g = 0; g < n_golds; g++) {
        size_t ri = 0;
        for (size_t i = 0; i < gn[g]; i++) {
            while (j.ref_days[ri] != gd[g][i].day)
                ri++;
            const annals_tls_day *d = gd[g][i].src;
            rc = rouge_summary_build(&ev->rouge, d->sentences, d->n_sentences,
                                     &j.gsum[g * j.nr + ri]);
            if (rc < 0)
                goto cleanup;
        }
    }
    out->n_pred_dates = j.np;
    out->n_ref_dates = j.nr;

    unsigned want = ev->measures;
    out->skipped = ANNALS_TLS_ALL_MEASURES & ~want;
    if (want & (1u << ANNALS_TLS_CONCAT) && (rc = score_concat(&j, out)) < 0)
        goto cleanup;
    if (want & (1u << ANNALS_TLS_AGREEMENT))
        score_agreement(&j, out);
    if (want & (1u << ANNALS_TLS_DATE))
        score_dates(&j, out);
    bool empty = j.np == 0 || j.nr == 0;
    for (int m = ANNALS_TLS_ALIGN; m <= ANNALS_TLS_ALIGN_PLUS_M1; m++) {
        if (!(want & (1u << m)))
            continue;
        if (empty) {
            out->undefined |= 1u << m;
            continue;
        }
        bool content = m != ANNALS_TLS_ALIGN;
        free(pcost);
        free(rcost);
        pcost = rcost = NULL;
        if ((rc = cost_matrix(&j, content, &pcost)) < 0)
            goto cleanup;
        rcost = malloc(j.np * j.nr * sizeof(double));
        if (!rcost) {
            rc = ANNALS_ENOMEM;
            goto cleanup;
        }
        for (size_t pi = 0; pi < j.np; pi++)
            for (size_t ri = 0; ri < j.nr; ri++)
                rcost[ri * j.np + pi] = pcost[pi * j.nr + ri];
        if ((rc = score_align(&j, m, pcost, rcost, out)) < 0)
            goto cleanup;
    }
cleanup:
    if (rc == ANNALS_ENOMEM)
        snprintf(ev->errmsg, sizeof(ev->errmsg), "out of memory");
    free(pcost);
    free(rcost);
    if (j.psum) {
        for (size_t i = 0; i < j.np; i++)
            rouge_summary_free(&j.psum[i]);
    }
    if (j.gsum) {
        for (size_t i = 0; i < j.ng * j.nr; i++)
            rouge_summary_free(&j.gsum[i]);
    }
    free(j.psum);
    free(j.gsum);
    free(j.models);
    free(j.cache);
    free(j.ref_days);
    free(j.pred);
    if (gd) {
        for (size_t g = 0; g < n_golds; g++)
            free(gd[g]);
    }
    free(gd);
    free(gn);
    return rc;
}

/* ---- averaging ----------------------------------------------------------------------- */

void annals_tls_average_init(annals_tls_average *avg)
{
    memset(avg, 0, sizeof(*avg));
}

void annals_tls_average_add(annals_tls_average *avg, const annals_tls_scores *s)
{
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++) {
        for (int o = 0; o < 2; o++) {
            avg->sum_p[m][o] += s->rouge[m][o].precision;
            avg->sum_r[m][o] += s->rouge[m][o].recall;
        }
    }
    avg->sum_p[ANNALS_TLS_DATE][0] += s->date.precision;
    avg->sum_r[ANNALS_TLS_DATE][0] += s->date.recall;
    avg->skipped |= s->skipped;
    avg->n++;
}

void annals_tls_average_get(const annals_tls_average *avg, annals_tls_scores *out)
{
    memset(out, 0, sizeof(*out));
    out->skipped = avg->skipped;
    if (avg->n == 0)
        return;
    double n = (double)avg->n;
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++)
        for (int o = 0; o < 2; o++)
            set_prf(&out->rouge[m][o], avg->sum_p[m][o] / n, avg->sum_r[m][o] / n);
    set_prf(&out->date, avg->sum_p[ANNALS_TLS_DATE][0] / n, avg->sum_r[ANNALS_TLS_DATE][0] / n);
}
