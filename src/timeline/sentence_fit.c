/*
 * sentence_fit.c - training data and the fit of the sentence-scoring weights.
 *
 * A training sample is a candidate sentence of a date (pool.c gathers and describes it)
 * with a target: how much it overlaps the date's reference summary, the F1 of clipped
 * content-word unigram counts plus the F1 of clipped content-word bigram counts (stemmed,
 * stop words removed: the way ROUGE-1/2 count, Lin 2004, with the engine's own analyzer).
 *
 * The weights are a ridge regression of the target on the features, both centered within
 * each date, so the model learns which of a date's candidates are better, not which dates
 * are easier. The regression is kept as sufficient statistics (X'X, X'y, n), which add up
 * over disjoint sample sets: leave-one-topic-out folds sum per-topic statistics instead of
 * revisiting the samples.
 *
 * Representation: a sentence's n-grams are a sorted array of 64-bit keys (a unigram is its
 * term id, a bigram is (first id + 1) << 32 | second id).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define N ANNALS_TL_N_SFEATURES

/*
 * The target is a sentence's marginal gain in the timeline's ROUGE F. With H matching
 * n-grams of Lp predicted and Lg reference ones, F = 2H / (Lp + Lg), and a sentence with h
 * matches among l n-grams changes it by about (2h - F l) / (Lp + Lg): a match is worth one,
 * an n-gram costs F / 2. Samples come from reference dates, but only about a share q of a
 * timeline's dates are right (its date precision), and matches elsewhere are rare: a match
 * found on a reference date is worth q, so the cost per n-gram is F / (2 q). The operating
 * point is that of the centroid summarizer under leave-one-topic-out before this model
 * (AR-1 F 0.12, AR-2 F 0.04, date precision 0.55; fixed a priori, not tuned).
 */
#define DATE_PRECISION 0.55
#define COST_UNIGRAM (0.12 / (2 * DATE_PRECISION))
#define COST_BIGRAM (0.04 / (2 * DATE_PRECISION))

typedef VEC(uint64_t) key_vec;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Appends the unigram and bigram keys of text's content words to uni and bi. */
static int ngrams(annals_text *text, hmap *vocab, const char *s, key_vec *uni, key_vec *bi)
{
    const annals_token *tok;
    size_t n;
    if (annals_text_tokens(text, s, strlen(s), &tok, &n) < 0)
        return ANNALS_ENOMEM;
    uint64_t prev = UINT64_MAX;
    for (size_t i = 0; i < n; i++) {
        if (tok[i].stop)
            continue;
        uint64_t *slot;
        if (hmap_upsert(vocab, tok[i].term, tok[i].term_len, vocab->len, &slot, NULL) < 0)
            return ANNALS_ENOMEM;
        uint64_t id = *slot;
        if (VEC_PUSH(uni, id) < 0)
            return ANNALS_ENOMEM;
        if (prev != UINT64_MAX && VEC_PUSH(bi, ((prev + 1) << 32) | id) < 0)
            return ANNALS_ENOMEM;
        prev = id;
    }
    return 0;
}

static void sort_keys(key_vec *v)
{
    if (v->len > 1)
        qsort(v->items, v->len, sizeof(uint64_t), cmp_u64);
}

/* The clipped overlap (shared n-grams, each counted at most as often as in either) of two
 * sorted multisets. */
static size_t overlap(const key_vec *a, const key_vec *b)
{
    size_t i = 0, j = 0, hit = 0;
    while (i < a->len && j < b->len) {
        if (a->items[i] < b->items[j]) {
            i++;
        } else if (a->items[i] > b->items[j]) {
            j++;
        } else {
            hit++;
            i++;
            j++;
        }
    }
    return hit;
}

int annals_timeline_sentence_samples(annals_store *store, const char *query,
                                     const annals_timeline_options *opts,
                                     const annals_tl_reference *refs, size_t n_refs,
                                     size_t first_group, annals_tl_ssample **out, size_t *n_out)
{
    annals_timeline_options o =
        opts ? *opts : (annals_timeline_options)ANNALS_TIMELINE_OPTIONS_INIT;
    o.given_dates = NULL;
    o.n_given_dates = 0;
    *out = NULL;
    *n_out = 0;
    arena mem;
    arena_init(&mem);
    tl_ctx ctx;
    tl_summarizer *sum = NULL;
    hmap vocab;
    hmap_init(&vocab);
    key_vec ru = VEC_INIT, rb = VEC_INIT, cu = VEC_INIT, cb = VEC_INIT;
    VEC(annals_tl_ssample) samples = VEC_INIT;
    int64_t *keys = malloc((n_refs ? n_refs : 1) * sizeof(*keys));
    int rc = keys ? tl_ctx_open(&ctx, store, &o, &mem) : ANNALS_ENOMEM;
    if (!keys) {
        memset(&ctx, 0, sizeof(ctx));
        goto done;
    }
    if (rc < 0 || (rc = tl_summarizer_open(&sum, &ctx, NULL)) < 0 ||
        (rc = tl_retrieve(&ctx, query)) < 0)
        goto done;
    size_t nk = 0;
    for (size_t i = 0; i < n_refs; i++) {
        const annals_date *d = &refs[i].date;
        if (annals_date_valid(d->year, d->month, d->day) && d->year > 0)
            keys[nk++] = date_key(*d);
    }
    if ((rc = tl_pools_prepare(sum, keys, nk)) < 0)
        goto done;
    for (size_t i = 0; i < n_refs; i++) {
        const annals_date *d = &refs[i].date;
        if (!annals_date_valid(d->year, d->month, d->day) || d->year <= 0)
            continue;
        tl_pool *pool = tl_pool_find(sum, date_key(*d));
        if (!pool || pool->n == 0)
            continue;
        ru.len = rb.len = 0;
        for (size_t j = 0; j < refs[i].n_sentences; j++)
            if (refs[i].sentences[j] &&
                (rc = ngrams(ctx.text, &vocab, refs[i].sentences[j], &ru, &rb)) < 0)
                goto done;
        sort_keys(&ru);
        sort_keys(&rb);
        for (size_t c = 0; c < pool->n; c++) {
            cu.len = cb.len = 0;
            if ((rc = ngrams(ctx.text, &vocab, pool->c[c].text, &cu, &cb)) < 0)
                goto done;
            sort_keys(&cu);
            sort_keys(&cb);
            annals_tl_ssample smp;
            smp.group = first_group + i;
            smp.target = (double)overlap(&cu, &ru) - COST_UNIGRAM * (double)cu.len +
                         (double)overlap(&cb, &rb) - COST_BIGRAM * (double)cb.len;
            memcpy(smp.features, pool->c[c].f, sizeof(smp.features));
            if ((rc = VEC_PUSH(&samples, smp)) < 0)
                goto done;
        }
        pool->n = 0; /* a repeated reference date gets its samples once */
    }
    *out = samples.items;
    *n_out = samples.len;
    samples.items = NULL;
done:
    VEC_FREE(&samples);
    VEC_FREE(&ru);
    VEC_FREE(&rb);
    VEC_FREE(&cu);
    VEC_FREE(&cb);
    hmap_free(&vocab);
    tl_summarizer_close(sum);
    tl_ctx_close(&ctx);
    arena_free(&mem);
    free(keys);
    return rc;
}

void annals_tl_sstats_init(annals_tl_sstats *st)
{
    memset(st, 0, sizeof(*st));
}

void annals_tl_sstats_add(annals_tl_sstats *st, const annals_tl_ssample *s, size_t n)
{
    for (size_t g0 = 0; g0 < n;) {
        size_t g1 = g0;
        while (g1 < n && s[g1].group == s[g0].group)
            g1++;
        double mx[N] = {0}, my = 0, cnt = (double)(g1 - g0);
        for (size_t i = g0; i < g1; i++) {
            for (size_t f = 0; f < N; f++)
                mx[f] += s[i].features[f];
            my += s[i].target;
        }
        for (size_t f = 0; f < N; f++)
            mx[f] /= cnt;
        my /= cnt;
        for (size_t i = g0; i < g1; i++) {
            double x[N];
            for (size_t f = 0; f < N; f++)
                x[f] = s[i].features[f] - mx[f];
            double y = s[i].target - my;
            for (size_t a = 0; a < N; a++) {
                st->xy[a] += x[a] * y;
                for (size_t b = 0; b < N; b++)
                    st->xx[a * N + b] += x[a] * x[b];
            }
        }
        st->n += cnt;
        g0 = g1;
    }
}

void annals_tl_sstats_merge(annals_tl_sstats *a, const annals_tl_sstats *b)
{
    for (size_t i = 0; i < N * N; i++)
        a->xx[i] += b->xx[i];
    for (size_t i = 0; i < N; i++)
        a->xy[i] += b->xy[i];
    a->n += b->n;
}

int annals_tl_sstats_solve(const annals_tl_sstats *st, double l2, double w[N])
{
    if (st->n <= 0 || !(l2 > 0))
        return ANNALS_EINVAL;
    double m[N][N + 1];
    for (size_t a = 0; a < N; a++) {
        for (size_t b = 0; b < N; b++)
            m[a][b] = st->xx[a * N + b] / st->n + (a == b ? l2 : 0);
        m[a][N] = st->xy[a] / st->n;
    }
    /* Gaussian elimination with partial pivoting; the matrix is positive definite */
    for (size_t c = 0; c < N; c++) {
        size_t p = c;
        for (size_t r = c + 1; r < N; r++)
            if (fabs(m[r][c]) > fabs(m[p][c]))
                p = r;
        if (p != c)
            for (size_t k = 0; k <= N; k++) {
                double t = m[c][k];
                m[c][k] = m[p][k];
                m[p][k] = t;
            }
        for (size_t r = c + 1; r < N; r++) {
            double q = m[r][c] / m[c][c];
            for (size_t k = c; k <= N; k++)
                m[r][k] -= q * m[c][k];
        }
    }
    for (size_t c = N; c-- > 0;) {
        double v = m[c][N];
        for (size_t k = c + 1; k < N; k++)
            v -= m[c][k] * w[k];
        w[c] = v / m[c][c];
    }
    return 0;
}

double annals_tl_sentence_top_target(const annals_tl_ssample *s, size_t n, const double *w)
{
    double total = 0;
    size_t groups = 0;
    for (size_t g0 = 0; g0 < n;) {
        size_t g1 = g0, best = g0;
        double bs = -INFINITY;
        while (g1 < n && s[g1].group == s[g0].group) {
            double v = 0;
            for (size_t f = 0; f < N; f++)
                v += w[f] * s[g1].features[f];
            if (v > bs) {
                bs = v;
                best = g1;
            }
            g1++;
        }
        total += s[best].target;
        groups++;
        g0 = g1;
    }
    return groups ? total / (double)groups : 0;
}
