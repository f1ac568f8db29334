/*
 * bootstrap.c - percentile bootstrap intervals of the evaluation scores, resampling units
 * (clusters of items) with replacement (see include/annals/eval_bootstrap.h).
 *
 * Representation: the items are grouped by unit once (units sorted by id, items of a unit
 * in input order); a resample is the list of U drawn unit indexes, U the number of units.
 * The statistic of a resample is computed by the same library functions as the point
 * estimate, over the drawn units' items in draw order; when the items come sorted by unit,
 * a resample that draws every unit once in id order reproduces the point estimate bit for
 * bit. The B values of each measure
 * are kept (B x measures doubles), sorted, and read at the two quantiles.
 *
 * Random numbers: splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), constants as in Vigna's reference code; a draw in [0, U)
 * rejects the top 2^64 mod U values, so every unit is equally likely on every platform.
 * Quantiles: Hyndman & Fan (1996) definition 7 (linear interpolation, numpy's default).
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "annals/eval_bootstrap.h"
#include "util.h"

/* Uniform in [0, n), n > 0. */
static size_t draw(uint64_t *state, size_t n)
{
    uint64_t un = (uint64_t)n, rem = (UINT64_MAX % un + 1) % un; /* 2^64 mod n */
    uint64_t r = rng_splitmix64(state);
    while (rem && r >= (uint64_t)0 - rem)
        r = rng_splitmix64(state);
    return (size_t)(r % un);
}

/* Items grouped by unit: the items of unit u are order[start[u], start[u + 1]). */
typedef struct groups {
    size_t n_units;
    size_t *start;
    size_t *order;
} groups;

typedef struct keyed {
    size_t unit, item;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return a->item < b->item ? -1 : a->item > b->item;
}

static int group(const size_t *units, size_t n, groups *g)
{
    keyed *k = malloc(n * sizeof(*k));
    g->start = malloc((n + 1) * sizeof(*g->start));
    g->order = malloc(n * sizeof(*g->order));
    g->n_units = 0;
    if (!k || !g->start || !g->order) {
        free(k);
        free(g->start);
        free(g->order);
        return ANNALS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){units ? units[i] : i, i};
    qsort(k, n, sizeof(*k), cmp_keyed);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || k[i].unit != k[i - 1].unit)
            g->start[g->n_units++] = i;
        g->order[i] = k[i].item;
    }
    g->start[g->n_units] = n;
    free(k);
    return 0;
}

/* Computes the statistic's n values of the resample drawn[0, g->n_units) into out. */
typedef void (*stat_fn)(const void *ctx, const groups *g, const size_t *drawn, double *out);

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* Definition 7 of Hyndman & Fan on sorted v[0, n). */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static bool options_ok(const annals_bootstrap_options *o)
{
    return o->version >= 1 && o->resamples >= 1 && o->resamples <= ANNALS_BOOTSTRAP_MAX_RESAMPLES &&
           isfinite(o->level) && o->level > 0 && o->level < 1;
}

/* Runs the bootstrap of a statistic with n_values values: low[j] and high[j] get the
 * quantiles of value j. */
static int resample(const groups *g, const annals_bootstrap_options *o, size_t n_values, stat_fn fn,
                    const void *ctx, double *low, double *high)
{
    size_t b_n = o->resamples;
    size_t *drawn = malloc(g->n_units * sizeof(*drawn));
    double *values = malloc(b_n * n_values * sizeof(*values));
    double *one = malloc(n_values * sizeof(*one));
    int rc = ANNALS_ENOMEM;
    if (!drawn || !values || !one)
        goto cleanup;
    uint64_t state = o->seed;
    for (size_t b = 0; b < b_n; b++) {
        for (size_t u = 0; u < g->n_units; u++)
            drawn[u] = draw(&state, g->n_units);
        fn(ctx, g, drawn, one);
        for (size_t j = 0; j < n_values; j++)
            values[j * b_n + b] = one[j];
    }
    double q_lo = (1 - o->level) / 2, q_hi = (1 + o->level) / 2;
    for (size_t j = 0; j < n_values; j++) {
        double *v = values + j * b_n;
        qsort(v, b_n, sizeof(*v), cmp_double);
        low[j] = quantile(v, b_n, q_lo);
        high[j] = quantile(v, b_n, q_hi);
    }
    rc = 0;
cleanup:
    free(drawn);
    free(values);
    free(one);
    return rc;
}

/* ---- TempEval-3 ----------------------------------------------------------------------- */

#define TIMEX_VALUES 10

static void timex_pack(const annals_timex_scores *s, double *v)
{
    const double x[TIMEX_VALUES] = {
        s->strict_p,   s->strict_r,      s->strict_f1, s->relaxed_p,      s->relaxed_r,
        s->relaxed_f1, s->type_accuracy, s->type_f1,   s->value_accuracy, s->value_f1};
    memcpy(v, x, sizeof(x));
}

static void timex_unpack(const double *v, annals_timex_scores *s)
{
    *s = (annals_timex_scores){v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]};
}

/* ctx: the counts summed per unit. */
static void timex_stat(const void *ctx, const groups *g, const size_t *drawn, double *out)
{
    const annals_timex_counts *per_unit = ctx;
    annals_timex_counts sum = {0, 0, 0, 0, 0, 0, 0};
    annals_timex_scores s;
    for (size_t u = 0; u < g->n_units; u++)
        annals_timex_counts_add(&sum, &per_unit[drawn[u]]);
    annals_timex_score(&sum, &s);
    timex_pack(&s, out);
}

static bool timex_consistent(const annals_timex_counts *c)
{
    return c->strict <= c->relaxed && c->relaxed <= c->gold && c->relaxed <= c->system &&
           c->type_ok <= c->relaxed && c->value_ok <= c->relaxed;
}

/* a += b unless a field would overflow. */
static bool add_checked(annals_timex_counts *a, const annals_timex_counts *b)
{
    const size_t x[] = {b->docs, b->gold, b->system};
    const size_t y[] = {a->docs, a->gold, a->system};
    for (size_t i = 0; i < 3; i++)
        if (x[i] > SIZE_MAX - y[i])
            return false;
    annals_timex_counts_add(a, b); /* the other fields are at most gold */
    return true;
}

int annals_bootstrap_timex(const annals_timex_counts *docs, const size_t *units, size_t n,
                           const annals_bootstrap_options *opts, annals_timex_scores *low_out,
                           annals_timex_scores *high_out)
{
    const annals_bootstrap_options defaults = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    const annals_bootstrap_options *o = opts ? opts : &defaults;
    if (n == 0 || !options_ok(o))
        return ANNALS_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!timex_consistent(&docs[i]))
            return ANNALS_EINVAL;
    groups g;
    int rc = group(units, n, &g);
    if (rc < 0)
        return rc;
    annals_timex_counts *per_unit = calloc(g.n_units, sizeof(*per_unit));
    if (!per_unit) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    /* A resample sums n_units unit totals: each total must fit n_units times. */
    size_t most = 0;
    for (size_t u = 0; u < g.n_units; u++) {
        for (size_t i = g.start[u]; i < g.start[u + 1]; i++) {
            if (!add_checked(&per_unit[u], &docs[g.order[i]])) {
                rc = ANNALS_EINVAL;
                goto cleanup;
            }
        }
        const annals_timex_counts *c = &per_unit[u];
        size_t m = c->docs > c->gold ? c->docs : c->gold;
        m = m > c->system ? m : c->system;
        most = m > most ? m : most;
    }
    if (most > SIZE_MAX / g.n_units) {
        rc = ANNALS_EINVAL;
        goto cleanup;
    }
    double lo[TIMEX_VALUES], hi[TIMEX_VALUES];
    rc = resample(&g, o, TIMEX_VALUES, timex_stat, per_unit, lo, hi);
    if (rc == 0) {
        timex_unpack(lo, low_out);
        timex_unpack(hi, high_out);
    }
cleanup:
    free(per_unit);
    free(g.start);
    free(g.order);
    return rc;
}

/* ---- tilse averages --------------------------------------------------------------------- */

/* Per measure and order: P, R, F; then date P, R, F. */
#define TLS_VALUES (ANNALS_TLS_N_MEASURES * 2 * 3 + 3)

static void tls_pack(const annals_tls_scores *s, double *v)
{
    size_t k = 0;
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++) {
        for (int o = 0; o < 2; o++) {
            v[k++] = s->rouge[m][o].precision;
            v[k++] = s->rouge[m][o].recall;
            v[k++] = s->rouge[m][o].f_score;
        }
    }
    v[k++] = s->date.precision;
    v[k++] = s->date.recall;
    v[k] = s->date.f_score;
}

static void tls_unpack(const double *v, unsigned skipped, annals_tls_scores *s)
{
    size_t k = 0;
    memset(s, 0, sizeof(*s));
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++)
        for (int o = 0; o < 2; o++, k += 3)
            s->rouge[m][o] = (annals_prf){v[k], v[k + 1], v[k + 2]};
    s->date = (annals_prf){v[k], v[k + 1], v[k + 2]};
    s->skipped = skipped;
}

/* ctx: the tasks, indexed by item. */
static void tls_stat(const void *ctx, const groups *g, const size_t *drawn, double *out)
{
    const annals_tls_scores *tasks = ctx;
    annals_tls_average avg;
    annals_tls_scores s;
    annals_tls_average_init(&avg);
    for (size_t u = 0; u < g->n_units; u++)
        for (size_t i = g->start[drawn[u]]; i < g->start[drawn[u] + 1]; i++)
            annals_tls_average_add(&avg, &tasks[g->order[i]]);
    annals_tls_average_get(&avg, &s);
    tls_pack(&s, out);
}

int annals_bootstrap_tls(const annals_tls_scores *tasks, const size_t *units, size_t n,
                         const annals_bootstrap_options *opts, annals_tls_scores *low_out,
                         annals_tls_scores *high_out)
{
    const annals_bootstrap_options defaults = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    const annals_bootstrap_options *o = opts ? opts : &defaults;
    if (n == 0 || !options_ok(o))
        return ANNALS_EINVAL;
    unsigned skipped = 0;
    for (size_t i = 0; i < n; i++) {
        double v[TLS_VALUES];
        tls_pack(&tasks[i], v);
        for (size_t j = 0; j < TLS_VALUES; j++)
            if (!isfinite(v[j]))
                return ANNALS_EINVAL;
        skipped |= tasks[i].skipped;
    }
    groups g;
    int rc = group(units, n, &g);
    if (rc < 0)
        return rc;
    double lo[TLS_VALUES], hi[TLS_VALUES];
    rc = resample(&g, o, TLS_VALUES, tls_stat, tasks, lo, hi);
    if (rc == 0) {
        tls_unpack(lo, skipped, low_out);
        tls_unpack(hi, skipped, high_out);
    }
    free(g.start);
    free(g.order);
    return rc;
}
