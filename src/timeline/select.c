/*
 * select.c - which scored dates a timeline takes, and in what order.
 *
 * Plain top N keeps the N best-scored days. Reference timelines rarely keep a day and the
 * day next to it, while a date model scores the two alike (the same event is reported on
 * both): on Timeline17, half of the wrongly chosen dates of the round-3 model were one day
 * from a reference date that was chosen too (bench/EXPERIMENTS.md, round 4). With a spread
 * the days are taken one at a time, best first, and each taken day lowers the scores of its
 * two neighbours by spread x the standard deviation of the query's scores (scale-free: a
 * model's scores may have any scale). This is a soft form of the diversity that maximal
 * marginal relevance gives sentences (Carbonell & Goldstein 1998), applied to days; the
 * penalty is chosen by nested leave-one-topic-out selection (model_select.c).
 *
 * Representation: indices into the caller's arrays; a scratch array of adjusted scores.
 * Cost O(n log n) without spread, O(n_pick x n) with it.
 */
#include <math.h>
#include <stdlib.h>

#include "timeline.h"

typedef struct ranked {
    double score;
    int64_t day;
    size_t i;
} ranked;

/* Best score first; ties: the earlier day, then the earlier index. */
static int better(const ranked *x, const ranked *y)
{
    if (x->score != y->score)
        return x->score > y->score;
    if (x->day != y->day)
        return x->day < y->day;
    return x->i < y->i;
}

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    return better(x, y) ? -1 : better(y, x) ? 1 : 0;
}

int tl_spread_pick(const double *score, const int64_t *day, size_t n, size_t n_pick,
                   double spread, size_t *order)
{
    if (n_pick > n)
        n_pick = n;
    if (n_pick == 0)
        return 0;
    ranked *r = malloc(n * sizeof(*r));
    if (!r)
        return ANNALS_ENOMEM;
    double mean = 0, var = 0;
    for (size_t i = 0; i < n; i++) {
        r[i].score = score[i];
        r[i].day = day[i];
        r[i].i = i;
        mean += score[i];
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        var += (score[i] - mean) * (score[i] - mean);
    double pen = spread > 0 ? spread * sqrt(var / (double)n) : 0;
    qsort(r, n, sizeof(*r), cmp_ranked);
    if (pen <= 0) {
        for (size_t p = 0; p < n_pick; p++)
            order[p] = r[p].i;
        free(r);
        return (int)n_pick;
    }
    /* r[0, p) taken; r[p, n) the rest with adjusted scores */
    for (size_t p = 0; p < n_pick; p++) {
        size_t best = p;
        for (size_t i = p + 1; i < n; i++)
            if (better(&r[i], &r[best]))
                best = i;
        ranked t = r[p];
        r[p] = r[best];
        r[best] = t;
        order[p] = r[p].i;
        if (r[p].day == NO_DATE)
            continue;
        for (size_t i = p + 1; i < n; i++)
            if (r[i].day != NO_DATE && (r[i].day == r[p].day + 1 || r[i].day == r[p].day - 1))
                r[i].score -= pen;
    }
    free(r);
    return (int)n_pick;
}
