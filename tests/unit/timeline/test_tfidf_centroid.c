/*
 * test_tfidf_centroid.c - the centroid objective's weights (pool.c, tl_sentence_idf) and its
 * closeness scores (summary.c, tl_tfidf_closeness) on hand-made pools.
 *
 * Representation: two pools of term-count vectors over four terms, built here without a
 * store; the expected values are computed again in the test, densely and from the
 * definitions (smoothed inverse sentence frequency over all candidates; unit tf-idf vectors
 * summed into the date's centroid; cosine to it).
 */
#include <math.h>
#include <string.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"

#define N_TERMS 4

/* pool A: three candidates; pool B: two (one of them with no content word) */
static tl_term a0[] = {{0, 3}};
static tl_term a1[] = {{0, 1}, {1, 1}};
static tl_term a2[] = {{1, 1}, {2, 2}};
static tl_term b0[] = {{0, 1}, {3, 1}};

static void set_vec(tl_cand *c, tl_term *t, size_t n)
{
    memset(c, 0, sizeof(*c));
    c->v.t = t;
    c->v.n = n;
    double nn = 0;
    for (size_t i = 0; i < n; i++)
        nn += (double)t[i].w * t[i].w;
    c->v.norm = sqrt(nn);
}

static tl_summarizer *make(tl_cand *ca, tl_cand *cb)
{
    tl_summarizer *s = NULL;
    assert_int_equal(tl_summarizer_open(&s, NULL, NULL), 0);
    static const char *const names[N_TERMS] = {"storm", "harbour", "roof", "bridge"};
    for (size_t i = 0; i < N_TERMS; i++)
        assert_int_equal(hmap_put(&s->vocab, names[i], strlen(names[i]), i), 0);
    assert_int_equal(tl_fit_vocab(s), 0);
    set_vec(&ca[0], a0, 1);
    set_vec(&ca[1], a1, 2);
    set_vec(&ca[2], a2, 2);
    set_vec(&cb[0], b0, 2);
    set_vec(&cb[1], NULL, 0);
    tl_pool pa = {1, ca, 3, 3}, pb = {2, cb, 2, 2};
    assert_int_equal(VEC_PUSH(&s->pools, pa), 0);
    assert_int_equal(VEC_PUSH(&s->pools, pb), 0);
    return s;
}

static void sentence_idf(void **state)
{
    (void)state;
    tl_cand ca[3], cb[2];
    tl_summarizer *s = make(ca, cb);
    tl_sentence_idf(s);
    /* 5 candidates; "storm" in 3, "harbour" in 2, "roof" and "bridge" in 1 */
    assert_true(fabs(s->sidf.items[0] - (log(6.0 / 4.0) + 1)) < 1e-12);
    assert_true(fabs(s->sidf.items[1] - (log(6.0 / 3.0) + 1)) < 1e-12);
    assert_true(fabs(s->sidf.items[2] - (log(6.0 / 2.0) + 1)) < 1e-12);
    assert_true(fabs(s->sidf.items[3] - (log(6.0 / 2.0) + 1)) < 1e-12);
    /* rarer terms weigh more, and every weight is at least 1 */
    assert_true(s->sidf.items[2] > s->sidf.items[1]);
    assert_true(s->sidf.items[1] > s->sidf.items[0]);
    assert_true(s->sidf.items[0] >= 1.0);
    tl_summarizer_close(s);
}

/* The cosine of c to the sum of pool's unit tf-idf vectors, densely. */
static double expected(const tl_summarizer *s, const tl_pool *pool, const tl_cand *c)
{
    double cen[N_TERMS] = {0}, x[N_TERMS] = {0};
    for (size_t i = 0; i < pool->n; i++) {
        double v[N_TERMS] = {0}, n = 0;
        for (size_t t = 0; t < pool->c[i].v.n; t++)
            v[pool->c[i].v.t[t].id] = pool->c[i].v.t[t].w * s->sidf.items[pool->c[i].v.t[t].id];
        for (size_t t = 0; t < N_TERMS; t++)
            n += v[t] * v[t];
        for (size_t t = 0; n > 0 && t < N_TERMS; t++)
            cen[t] += v[t] / sqrt(n);
    }
    for (size_t t = 0; t < c->v.n; t++)
        x[c->v.t[t].id] = c->v.t[t].w * s->sidf.items[c->v.t[t].id];
    double dot = 0, nx = 0, nc = 0;
    for (size_t t = 0; t < N_TERMS; t++) {
        dot += x[t] * cen[t];
        nx += x[t] * x[t];
        nc += cen[t] * cen[t];
    }
    return nx > 0 && nc > 0 ? dot / sqrt(nx * nc) : 0;
}

static void closeness(void **state)
{
    (void)state;
    tl_cand ca[3], cb[2];
    tl_summarizer *s = make(ca, cb);
    tl_sentence_idf(s);
    for (size_t p = 0; p < 2; p++) {
        tl_pool *pool = &s->pools.items[p];
        tl_tfidf_closeness(s, pool);
        for (size_t i = 0; i < pool->n; i++) {
            double e = expected(s, pool, &pool->c[i]);
            assert_true(fabs(pool->c[i].score - e) < 1e-12);
            assert_true(pool->c[i].score >= 0 && pool->c[i].score <= 1 + 1e-12);
        }
        for (size_t t = 0; t < N_TERMS; t++) /* the scratch centroid is left zero */
            assert_true(s->cen.items[t] == 0);
    }
    /* a sentence without content words scores 0 */
    assert_true(s->pools.items[1].c[1].score == 0);
    /* pool A: the sentence sharing a term with each other candidate is the closest; the
     * sentence of the repeated common word alone is not, though it has the most words */
    const tl_cand *c = s->pools.items[0].c;
    assert_true(c[1].score > c[0].score);
    assert_true(c[1].score > c[2].score);
    tl_summarizer_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sentence_idf),
        cmocka_unit_test(closeness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
