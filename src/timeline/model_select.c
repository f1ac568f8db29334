/*
 * model_select.c - fitting the date and sentence models fold by fold, with the learner
 * chosen by nested cross-validation.
 *
 * The queries (tasks) are split into folds (topics). For each held-out fold f, and once with
 * no fold held out, every candidate learner is scored by an inner leave-one-fold-out loop
 * over the other folds: fitted on every fold but f and g, it ranks g's candidates. The best
 * learner is then fitted on every fold but f. Nothing of fold f reaches its choice.
 *   Date models: a learner is a set of training options; its inner score is the date F1 of
 *   the l dates each query's timeline would take (select.c, with the learner's spread;
 *   mean precision and mean recall over queries, then F1). A model fitted without folds
 *   {f, g} serves both fold f (scoring g) and fold g (scoring f): the folds' pairs are
 *   fitted once each, and learners that differ only in spread share one fit. The model of
 *   fold f is the mean of the chosen learner's inner fits (bagging over the other folds:
 *   each fitted without f and one more fold), which lowers the variance of the weights.
 *   The pair model of adjacent days (pair_model.c) is fitted on the same folds as the date
 *   model it joins: always, or (nested) when the inner date F1 of the chosen learner and
 *   diversity weight rises with the inner pair models, each fitted without f and the scored
 *   fold (a third stage, off on ties; round 10).
 *   Sentence weights: a learner is a ridge penalty; its inner score is the mean target of
 *   the best-scored candidate of each date. Ridge statistics add up over folds, so every
 *   fit is a sum of per-fold statistics and a small solve.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

/* Diversity weights of the second stage (0: off), decided before their run (round 8a). */
static const double div_grid[] = {0, 0.25, 0.5, 1.0};
#define N_DIV (sizeof(div_grid) / sizeof(div_grid[0]))

/* Copies the samples of the folds other than skip1 and skip2 into scratch; their number. */
static size_t samples_without(const annals_tl_sample *s, size_t n,
                              const annals_tl_query_info *q, annals_tl_sample *scratch,
                              size_t skip1, size_t skip2)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t f = q[s[i].group].fold;
        if (f != skip1 && f != skip2)
            scratch[m++] = s[i];
    }
    return m;
}

/* The model fitted on the samples of the folds other than skip1 and skip2 (scratch holds
 * them), or NULL when they leave nothing to learn. */
static annals_tl_model *fit_without(const annals_tl_sample *s, size_t n,
                                    const annals_tl_query_info *q, annals_tl_sample *scratch,
                                    size_t skip1, size_t skip2, const annals_tl_train_options *to,
                                    int *nomem)
{
    size_t m = samples_without(s, n, q, scratch, skip1, skip2);
    annals_tl_model *model = NULL;
    if (annals_tl_model_train(&model, scratch, m, to, NULL, 0) == ANNALS_ENOMEM)
        *nomem = 1;
    return model;
}

/* The pair weights fitted on the samples of the folds other than skip1 and skip2 into w
 * (scratch as for fit_without); 1 when there are such weights, 0 when those folds have no
 * pair to learn from, ANNALS_ENOMEM. */
static int pair_without(const annals_tl_sample *s, size_t n, const annals_tl_query_info *q,
                        annals_tl_sample *scratch, size_t skip1, size_t skip2, double l2,
                        double *w)
{
    size_t m = samples_without(s, n, q, scratch, skip1, skip2);
    int rc = annals_tl_pair_train(scratch, m, l2, w);
    return rc == ANNALS_ENOMEM ? rc : rc == 0;
}

/* Adds the precision and recall of the l dates a timeline takes from one query's samples
 * s[0, n) to *p, *r, with the pair weights pw (NULL: none) (score, pscore, day, order, map:
 * scratch of n). */
static int date_pr(const annals_tl_sample *s, size_t n, const annals_tl_query_info *q,
                   const annals_tl_model *model, double lambda, const double *pw, double *score,
                   double *pscore, int64_t *day, unsigned char *story, size_t *order,
                   size_t *map, double *p, double *r)
{
    size_t m = 0; /* the samples a timeline can take: s[map[0, m)] */
    for (size_t i = 0; i < n; i++)
        if (!s[i].unsummarizable) {
            map[m] = i;
            score[m] = annals_tl_model_score(model, s[i].features);
            pscore[m] = 0;
            for (size_t k = 0; pw && k < ANNALS_TL_N_FEATURES; k++)
                pscore[m] += pw[k] * s[i].features[k];
            day[m] = s[i].date.year > 0 ? annals_date_to_days(s[i].date) : NO_DATE;
            story[m] = s[i].in_story != 0;
            m++;
        }
    int taken = tl_pick(score, pw ? pscore : NULL, day, story, m, q->l,
                        annals_tl_model_spread(model), lambda, order);
    if (taken < 0)
        return taken;
    size_t hit = 0;
    for (size_t c = 0; c < (size_t)taken; c++)
        hit += s[map[order[c]]].label > 0;
    *p += taken ? (double)hit / (double)taken : 0;
    *r += q->gold ? (double)hit / (double)q->gold : 0;
    return 0;
}

/* Learners a and b fit the same weights (they differ at most in spread). */
static int same_fit(const annals_tl_train_options *a, const annals_tl_train_options *b)
{
    return a->loss == b->loss && a->epochs == b->epochs && a->negatives == b->negatives &&
           a->rate == b->rate && a->l2 == b->l2 && a->seed == b->seed;
}

/* Scratch arrays of one query's timeline (n each). */
typedef struct pick_scratch {
    double *score, *pscore;
    int64_t *day;
    unsigned char *story;
    size_t *order, *map;
} pick_scratch;

/* The inner date F1 of learner l for held-out fold f (nf: none held out) with diversity
 * weight lambda: each other query scored by the model fitted without its fold and f, with
 * the pair weights pw[(row * nf + g) * ANNALS_TL_N_FEATURES] fitted without the same folds
 * when pw and has_pw[row * nf + g] (pw NULL: no pair model); -1 when no query can be
 * scored, -2 when out of memory. */
static double inner_f1(const annals_tl_sample *s, const size_t *first,
                       const annals_tl_query_info *q, size_t n_queries, size_t nf, size_t ng,
                       annals_tl_model *const *pair, size_t f, size_t l, double lambda,
                       const double *pw, const unsigned char *has_pw, const pick_scratch *ps)
{
    double p = 0, r = 0;
    size_t queries = 0;
    for (size_t i = 0; i < n_queries; i++) {
        size_t g = q[i].fold;
        size_t row = f < nf ? f : g; /* no fold held out: the model without g */
        const annals_tl_model *m = g == f ? NULL : pair[(row * nf + g) * ng + l];
        if (!m)
            continue;
        const double *w = pw && has_pw[row * nf + g] ? pw + (row * nf + g) * ANNALS_TL_N_FEATURES
                                                     : NULL;
        if (date_pr(s + first[i], first[i + 1] - first[i], &q[i], m, lambda, w, ps->score,
                    ps->pscore, ps->day, ps->story, ps->order, ps->map, &p, &r) < 0)
            return -2;
        queries++;
    }
    if (!queries)
        return -1;
    p /= (double)queries;
    r /= (double)queries;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

int annals_tl_model_fit_folds(const annals_tl_sample *s, size_t n, const annals_tl_query_info *q,
                              size_t n_queries, size_t n_folds,
                              const annals_tl_train_options *learners, size_t n_learners,
                              size_t fallback, const annals_tl_fold_options *fo,
                              annals_tl_model **models, size_t *chosen)
{
    annals_tl_fold_options fo_default = ANNALS_TL_FOLD_OPTIONS_INIT;
    if (!fo)
        fo = &fo_default;
    size_t nf = n_folds, ng = n_learners;
    for (size_t f = 0; f <= nf; f++)
        models[f] = NULL;
    if (ng == 0 || fallback >= ng)
        return ANNALS_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (s[i].group >= n_queries || q[s[i].group].fold >= nf ||
            (i > 0 && s[i].group < s[i - 1].group))
            return ANNALS_EINVAL;
    /* pair[(f * nf + g) * ng + l]: learner l fitted without folds f and g (f == g: without f) */
    annals_tl_model **pair = calloc(nf * nf * ng + 1, sizeof(*pair));
    annals_tl_sample *scratch = malloc((n ? n : 1) * sizeof(*scratch));
    size_t *first = calloc(n_queries + 1, sizeof(size_t));
    pick_scratch ps;
    ps.score = malloc((n ? n : 1) * sizeof(double));
    ps.pscore = malloc((n ? n : 1) * sizeof(double));
    ps.day = malloc((n ? n : 1) * sizeof(int64_t));
    ps.order = malloc((n ? n : 1) * sizeof(size_t));
    ps.map = malloc((n ? n : 1) * sizeof(size_t));
    ps.story = malloc(n ? n : 1);
    annals_tl_model **inner = calloc(nf + 1, sizeof(*inner));
    double *div_of = calloc(nf + 1, sizeof(double));
    double *inner_best = calloc(nf + 1, sizeof(double)); /* the chosen learner's inner F1 */
    /* pair weights: pw[(f * nf + g) * N] fitted without folds f and g (nested mode), the
     * last row [nf * nf] the weights of the model being finished */
    double *pw = calloc(nf * nf + 1, ANNALS_TL_N_FEATURES * sizeof(double));
    unsigned char *has_pw = calloc(nf * nf + 1, 1), *pair_of = calloc(nf + 1, 1);
    int rc = ANNALS_ENOMEM, nomem = 0;
    if (!pair || !scratch || !first || !ps.score || !ps.pscore || !ps.day || !ps.order ||
        !ps.map || !inner || !div_of || !ps.story || !pw || !has_pw || !pair_of || !inner_best)
        goto done;
    for (size_t i = 0, k = 0; i < n_queries; i++) { /* query i: s[first[i], first[i + 1]) */
        first[i] = k;
        while (k < n && s[k].group == i)
            k++;
        first[i + 1] = k;
    }
    for (size_t f = 0; f < nf; f++)
        for (size_t g = f; g < nf; g++)
            for (size_t l = 0; l < ng; l++) {
                size_t e = 0; /* an earlier learner with the same fit: copy its weights */
                while (e < l && !same_fit(&learners[e], &learners[l]))
                    e++;
                const annals_tl_model *twin = e < l ? pair[(f * nf + g) * ng + e] : NULL;
                annals_tl_model *m = NULL;
                if (twin) {
                    if (!(m = tl_model_copy(twin, learners[l].spread > 0 ? learners[l].spread
                                                                          : 0)))
                        goto done;
                } else if (e == l) {
                    m = fit_without(s, n, q, scratch, f, g, &learners[l], &nomem);
                }
                if (nomem)
                    goto done;
                pair[(f * nf + g) * ng + l] = m;
                if (g != f)
                    pair[(g * nf + f) * ng + l] = m;
            }
    for (size_t f = 0; f <= nf; f++) {
        double best = -1;
        chosen[f] = fallback; /* when no learner can be scored */
        for (size_t l = 0; l < ng; l++) {
            double f1 = inner_f1(s, first, q, n_queries, nf, ng, pair, f, l, 0, NULL, NULL, &ps);
            if (f1 < -1)
                goto done;
            if (f1 > best + 1e-12) {
                best = f1;
                chosen[f] = l;
            }
        }
        div_of[f] = 0; /* the diversity weight of fold f: off unless it helps */
        for (size_t t = 1; t < N_DIV && best >= 0; t++) {
            double f1 = inner_f1(s, first, q, n_queries, nf, ng, pair, f, chosen[f],
                                 div_grid[t], NULL, NULL, &ps);
            if (f1 < -1)
                goto done;
            if (f1 > best + 1e-12) {
                best = f1;
                div_of[f] = div_grid[t];
            }
        }
        inner_best[f] = best;
    }
    /* the pair model: always, or when the inner date F1 rises with it (off on ties) */
    if (fo->pair == ANNALS_TL_PAIR_NESTED) {
        for (size_t f = 0; f < nf; f++)
            for (size_t g = f; g < nf; g++) {
                double *w = pw + (f * nf + g) * ANNALS_TL_N_FEATURES;
                int got = pair_without(s, n, q, scratch, f, g, fo->pair_l2, w);
                if (got < 0)
                    goto done;
                has_pw[f * nf + g] = has_pw[g * nf + f] = (unsigned char)got;
                if (g != f)
                    memcpy(pw + (g * nf + f) * ANNALS_TL_N_FEATURES, w,
                           ANNALS_TL_N_FEATURES * sizeof(double));
            }
        for (size_t f = 0; f <= nf; f++) {
            if (inner_best[f] < 0)
                continue;
            double f1 = inner_f1(s, first, q, n_queries, nf, ng, pair, f, chosen[f], div_of[f],
                                 pw, has_pw, &ps);
            if (f1 < -1)
                goto done;
            pair_of[f] = f1 > inner_best[f] + 1e-12;
        }
    } else if (fo->pair == ANNALS_TL_PAIR_ON) {
        memset(pair_of, 1, nf + 1);
    }
    /* fold f's model: the mean of the chosen learner's inner fits (without f and each other
     * fold g; none held out: without each g), the fit without f when there are none */
    for (size_t f = 0; f <= nf; f++) {
        size_t k = 0;
        for (size_t g = 0; g < nf; g++) {
            size_t row = f < nf ? f : g;
            inner[g] = g == f ? NULL : pair[(row * nf + g) * ng + chosen[f]];
            k += inner[g] != NULL;
        }
        if (k > 0 && !(models[f] = tl_model_average(inner, nf)))
            goto done;
    }
    for (size_t f = 0; f < nf; f++) { /* already fitted without f */
        if (!models[f]) {
            models[f] = pair[(f * nf + f) * ng + chosen[f]];
            pair[(f * nf + f) * ng + chosen[f]] = NULL;
        }
    }
    if (!models[nf])
        models[nf] = fit_without(s, n, q, scratch, SIZE_MAX, SIZE_MAX, &learners[chosen[nf]],
                                 &nomem);
    for (size_t f = 0; f <= nf; f++) {
        if (!models[f])
            continue;
        tl_model_set_diversity(models[f], div_of[f]);
        if (!pair_of[f])
            continue;
        /* the pair weights fitted on the folds of the date model: every fold but f */
        double *w = pw + nf * nf * ANNALS_TL_N_FEATURES;
        int got = pair_without(s, n, q, scratch, f < nf ? f : SIZE_MAX, SIZE_MAX, fo->pair_l2, w);
        if (got < 0)
            goto done;
        if (got)
            annals_tl_model_set_pair(models[f], w);
    }
    rc = nomem ? ANNALS_ENOMEM : 0;
done:
    if (pair)
        for (size_t f = 0; f < nf; f++)
            for (size_t g = f; g < nf; g++)
                for (size_t l = 0; l < ng; l++)
                    annals_tl_model_free(pair[(f * nf + g) * ng + l]);
    free(pair);
    free(scratch);
    free(first);
    free(ps.score);
    free(ps.pscore);
    free(ps.day);
    free(ps.order);
    free(ps.map);
    free(inner);
    free(div_of);
    free(ps.story);
    free(pw);
    free(has_pw);
    free(pair_of);
    free(inner_best);
    if (rc < 0)
        for (size_t f = 0; f <= nf; f++) {
            annals_tl_model_free(models[f]);
            models[f] = NULL;
        }
    return rc;
}

/* The statistics of every fold but skip1 and skip2. */
static void stats_without(const annals_tl_sstats *per_fold, size_t nf, size_t skip1, size_t skip2,
                          annals_tl_sstats *out)
{
    annals_tl_sstats_init(out);
    for (size_t k = 0; k < nf; k++)
        if (k != skip1 && k != skip2)
            annals_tl_sstats_merge(out, &per_fold[k]);
}

int annals_tl_sentence_fit_folds(const annals_tl_ssample *s, size_t n, const size_t *fold,
                                 size_t n_folds, const double *l2, size_t n_l2, double *weights,
                                 size_t *chosen)
{
    size_t nf = n_folds;
    if (n_l2 == 0)
        return ANNALS_EINVAL;
    annals_tl_sstats *per_fold = malloc((nf ? nf : 1) * sizeof(*per_fold));
    size_t *lo = calloc(nf + 1, sizeof(size_t)), *hi = calloc(nf + 1, sizeof(size_t));
    if (!per_fold || !lo || !hi) {
        free(per_fold);
        free(lo);
        free(hi);
        return ANNALS_ENOMEM;
    }
    int rc = 0;
    for (size_t f = 0; f < nf; f++) {
        annals_tl_sstats_init(&per_fold[f]);
        lo[f] = hi[f] = 0;
    }
    /* each fold's samples are contiguous: s[lo[f], hi[f]) */
    for (size_t i = 0; i < n; i++) {
        if (fold[i] >= nf || (i > 0 && fold[i] != fold[i - 1] && hi[fold[i]] > 0)) {
            rc = ANNALS_EINVAL;
            goto done;
        }
        if (hi[fold[i]] == 0)
            lo[fold[i]] = i;
        hi[fold[i]] = i + 1;
    }
    for (size_t f = 0; f < nf; f++)
        annals_tl_sstats_add(&per_fold[f], s + lo[f], hi[f] - lo[f]);
    for (size_t f = 0; f <= nf; f++) {
        double best = -INFINITY;
        chosen[f] = 0;
        for (size_t l = 0; l < n_l2; l++) {
            double sum = 0;
            size_t cnt = 0;
            for (size_t g = 0; g < nf; g++) {
                if (g == f || hi[g] == lo[g])
                    continue;
                annals_tl_sstats st;
                double w[ANNALS_TL_N_SFEATURES];
                stats_without(per_fold, nf, f, g, &st);
                if (annals_tl_sstats_solve(&st, l2[l], w) < 0)
                    continue;
                sum += annals_tl_sentence_top_target(s + lo[g], hi[g] - lo[g], w);
                cnt++;
            }
            if (cnt && sum / (double)cnt > best + 1e-12) {
                best = sum / (double)cnt;
                chosen[f] = l;
            }
        }
        annals_tl_sstats st;
        stats_without(per_fold, nf, f, f, &st);
        double *w = weights + f * ANNALS_TL_N_SFEATURES;
        if (annals_tl_sstats_solve(&st, l2[chosen[f]], w) < 0)
            memset(w, 0, ANNALS_TL_N_SFEATURES * sizeof(double));
    }
done:
    free(per_fold);
    free(lo);
    free(hi);
    return rc;
}
