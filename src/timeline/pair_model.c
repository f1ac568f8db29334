/*
 * pair_model.c - the pair model: of two candidate days one day apart, which one is the day
 * of the event?
 *
 * An event is reported on its day and the next, and the date model scores both alike: it
 * ranks days across a whole story with one linear score and cannot specialise in the local
 * choice between a day and its neighbour (bench/EXPERIMENTS.md, round 10: of the dates one
 * day from a reference date, a third sit next to a reference date the timeline did not
 * take). The pair model is a second linear score for exactly that choice: logistic
 * regression without intercept on the feature difference of two adjacent candidates of the
 * same query of which exactly one is a reference date (Bradley-Terry with linear
 * strengths). Without an intercept the model is antisymmetric: P(a over b) = 1 - P(b over
 * a), so each pair enters once, as (reference - other) with label 1.
 *
 * Representation: the pairs as index pairs into the samples; the fit is full-batch
 * gradient descent on the mean loss plus l2 / 2 |w|^2, step 2, halved when a step raises
 * the objective (the step is taken back), until it falls by less than PAIR_TOL (at most
 * PAIR_STEPS steps): the listwise learner's descent (model.c, tl_descend). Deterministic.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define PAIR_STEPS 2000
#define PAIR_TOL 1e-9
#define PAIR_RATE 2.0

typedef struct dated {
    size_t group;
    int64_t day;
    size_t i;
} dated;

static int cmp_dated(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct pair_ctx {
    const double *diff; /* n_pairs x ANNALS_TL_N_FEATURES */
    size_t n_pairs;
    double l2;
} pair_ctx;

/* The objective at w and its gradient into grad. */
static double objective(const double *w, double *grad, void *ctx)
{
    const pair_ctx *c = ctx;
    const double *diff = c->diff;
    const size_t nf = ANNALS_TL_N_FEATURES, n_pairs = c->n_pairs;
    const double l2 = c->l2;
    double loss = 0;
    memset(grad, 0, nf * sizeof(double));
    for (size_t p = 0; p < n_pairs; p++) {
        const double *d = diff + p * nf;
        double z = 0;
        for (size_t f = 0; f < nf; f++)
            z += w[f] * d[f];
        /* log(1 + e^-z), stable for both signs; d/dz = -1 / (1 + e^z) */
        loss += z > 0 ? log1p(exp(-z)) : -z + log1p(exp(z));
        double g = -1.0 / (1.0 + exp(z)) / (double)n_pairs;
        for (size_t f = 0; f < nf; f++)
            grad[f] += g * d[f];
    }
    loss /= (double)n_pairs;
    for (size_t f = 0; f < nf; f++) {
        loss += 0.5 * l2 * w[f] * w[f];
        grad[f] += l2 * w[f];
    }
    return loss;
}

int annals_tl_pair_train(const annals_tl_sample *samples, size_t n, double l2, double *w)
{
    const size_t nf = ANNALS_TL_N_FEATURES;
    memset(w, 0, nf * sizeof(double));
    dated *v = malloc((n ? n : 1) * sizeof(*v));
    VEC(double) diff = VEC_INIT;
    int rc = ANNALS_ENOMEM;
    if (!v)
        goto cleanup;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const annals_tl_sample *s = &samples[i];
        if (s->unsummarizable || !annals_date_valid(s->date.year, s->date.month, s->date.day))
            continue;
        v[m].group = s->group;
        v[m].day = annals_date_to_days(s->date);
        v[m].i = i;
        m++;
    }
    if (m)
        qsort(v, m, sizeof(*v), cmp_dated);
    size_t n_pairs = 0;
    for (size_t k = 0; k + 1 < m; k++) {
        if (v[k].group != v[k + 1].group || v[k + 1].day != v[k].day + 1)
            continue;
        const annals_tl_sample *a = &samples[v[k].i], *b = &samples[v[k + 1].i];
        if ((a->label > 0) == (b->label > 0))
            continue; /* both or neither reference dates: no answer to learn */
        if (b->label > 0) {
            const annals_tl_sample *t = a;
            a = b;
            b = t;
        }
        for (size_t f = 0; f < nf; f++)
            if (VEC_PUSH(&diff, a->features[f] - b->features[f]) < 0)
                goto cleanup;
        n_pairs++;
    }
    if (n_pairs == 0) {
        rc = ANNALS_EINVAL;
        goto cleanup;
    }
    pair_ctx c = {diff.items, n_pairs, l2};
    tl_descend(w, objective, &c, PAIR_RATE, PAIR_STEPS, PAIR_TOL);
    rc = 0;
cleanup:
    free(v);
    VEC_FREE(&diff);
    return rc;
}
