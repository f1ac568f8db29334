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
 * With a diversity weight lambda > 0 (tl_pick) the days are taken greedily by a gain that
 * rewards a spread over time: the span of the candidate days inside the story (the caller's
 * flags: the days from the first to the last publication of the query's matching
 * documents) is cut into DIV_BINS equal parts, each day has a weight r = exp(its adjusted
 * score - the best score) (the model's scores read as logits: ListNet fits them as such),
 * and a day gains r + lambda x
 * (sqrt(R + r) - sqrt(R)), R being the weight already taken in its part; the days outside
 * the story (history named in passing, announced dates) gain r alone. This is the
 * diversity reward over a partition of Lin & Bilmes (2011), with a partition of time; it
 * answers the crowding of predicted dates into the first part of a story's span
 * (bench/EXPERIMENTS.md, round 7a, diagnostic 66).
 *
 * With pair scores (the pair model, pair_model.c; round 10) the greedy pick asks one more
 * question before it takes day d: of d and an untaken neighbour n (one day away, a
 * candidate the caller passed, so one with a candidate sentence), which is the day of the
 * event? When P(n rather than d) = sigmoid(pair[n] - pair[d]) > 0.5, that is pair[n] >
 * pair[d], n is taken instead (of two such neighbours the one with the higher pair score;
 * ties: the earlier day); d stays available for later picks, and the spread and the
 * diversity reward apply to the day actually taken.
 *
 * Representation: indices into the caller's arrays; a scratch array of adjusted scores.
 * Cost O(n log n) without spread, O(n_pick x n) with it or with the diversity reward.
 */
#include <math.h>
#include <stdlib.h>

#include "timeline.h"

/* Parts of the candidates' span for the diversity reward (the tenths of diagnostic 66). */
#define DIV_BINS 10

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

/* The part of the span [lo, hi] that day d falls in; DIV_BINS: no part (no reward). */
static size_t part_of(int64_t d, int64_t lo, int64_t hi)
{
    if (d == NO_DATE || d < lo || d > hi)
        return DIV_BINS;
    return (size_t)((double)(d - lo) * DIV_BINS / (double)(hi - lo + 1));
}

/* The untaken neighbour of candidate d that the pair scores prefer to d, or d itself. */
static size_t event_day(const double *pair, const int64_t *day, const unsigned char *taken,
                        size_t n, size_t d)
{
    size_t best = d;
    if (day[d] == NO_DATE)
        return d;
    for (size_t i = 0; i < n; i++) {
        if (taken[i] || day[i] == NO_DATE || (day[i] != day[d] - 1 && day[i] != day[d] + 1))
            continue;
        if (pair[i] > pair[best] ||
            (best != d && pair[i] == pair[best] && day[i] < day[best]))
            best = i;
    }
    return best;
}

int tl_pick(const double *score, const double *pair, const int64_t *day,
            const unsigned char *in_story, size_t n, size_t n_pick, double spread, double lambda,
            size_t *order)
{
    if (lambda <= 0 && !pair)
        return tl_spread_pick(score, day, n, n_pick, spread, order);
    if (n_pick > n)
        n_pick = n;
    if (n_pick == 0)
        return 0;
    double *adj = malloc(n * sizeof(double));
    unsigned char *taken = calloc(n, 1);
    if (!adj || !taken) {
        free(adj);
        free(taken);
        return ANNALS_ENOMEM;
    }
    double mean = 0, var = 0, top = score[0];
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        adj[i] = score[i];
        mean += score[i];
        if (score[i] > top)
            top = score[i];
        if (day[i] != NO_DATE && (!in_story || in_story[i])) {
            lo = day[i] < lo ? day[i] : lo;
            hi = day[i] > hi ? day[i] : hi;
        }
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        var += (score[i] - mean) * (score[i] - mean);
    double pen = spread > 0 ? spread * sqrt(var / (double)n) : 0;
    double mass[DIV_BINS + 1] = {0}; /* [DIV_BINS]: days without a part, no reward */
    size_t p = 0;
    for (; p < n_pick; p++) {
        size_t best = SIZE_MAX;
        double best_gain = 0;
        for (size_t i = 0; i < n; i++) {
            if (taken[i])
                continue;
            /* without the reward the adjusted score itself (exp would tie far-off scores) */
            double r = exp(adj[i] - top);
            size_t b = in_story && !in_story[i] ? DIV_BINS : part_of(day[i], lo, hi);
            double gain = lambda > 0 ? r : adj[i];
            if (b < DIV_BINS && lambda > 0)
                gain += lambda * (sqrt(mass[b] + r) - sqrt(mass[b]));
            if (best == SIZE_MAX || gain > best_gain ||
                (gain == best_gain && (day[i] < day[best] || (day[i] == day[best] && i < best)))) {
                best = i;
                best_gain = gain;
            }
        }
        if (best == SIZE_MAX)
            break;
        if (pair)
            best = event_day(pair, day, taken, n, best);
        order[p] = best;
        taken[best] = 1;
        if (day[best] == NO_DATE)
            continue;
        size_t b = in_story && !in_story[best] ? DIV_BINS : part_of(day[best], lo, hi);
        mass[b] += exp(adj[best] - top);
        if (pen > 0)
            for (size_t i = 0; i < n; i++)
                if (!taken[i] && day[i] != NO_DATE &&
                    (day[i] == day[best] + 1 || day[i] == day[best] - 1))
                    adj[i] -= pen;
    }
    free(adj);
    free(taken);
    return (int)p;
}
