/*
 * test_sentence_model.c - the sentence-scoring fit, its training samples, and fold-wise
 * fitting with nested choice (src/timeline/sentence_fit.c, model_select.c).
 *
 * Synthetic regressions with known answers: targets that are a fixed linear function of
 * two features plus a per-date offset must give those two weights back (the offset is
 * removed by centering within each date), whether the statistics are added at once or per
 * part. Training samples come from a small store of invented reports: the candidate that
 * repeats the reference summary of its day must get the highest target, and the features
 * must lie where their definitions put them. Fold-wise fitting must reject malformed input,
 * fit one model per fold plus one on all, and leave a fold with nothing to learn empty.
 */
#include <math.h>
#include <unistd.h>

#include "annals.h"
#include "unit/test_helpers.h"

static uint64_t rng = 777;

static double uniform(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0;
}

enum { GROUPS = 30, PER = 12 };

/* target = 2 f0 - f3 + an offset per group (+ a little noise) */
static void synthetic(annals_tl_ssample *s, double noise)
{
    for (size_t g = 0, n = 0; g < GROUPS; g++) {
        double offset = 5 * uniform();
        for (size_t i = 0; i < PER; i++, n++) {
            memset(&s[n], 0, sizeof(s[n]));
            s[n].group = g;
            for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
                s[n].features[f] = uniform();
            s[n].target = 2 * s[n].features[0] - s[n].features[3] + offset +
                          noise * (uniform() - 0.5);
        }
    }
}

static void ridge_recovers_weights(void **state)
{
    (void)state;
    static annals_tl_ssample s[GROUPS * PER];
    synthetic(s, 0);
    annals_tl_sstats all, a, b;
    annals_tl_sstats_init(&all);
    annals_tl_sstats_add(&all, s, GROUPS * PER);
    double w[ANNALS_TL_N_SFEATURES];
    assert_int_equal(annals_tl_sstats_solve(&all, 1e-9, w), 0);
    for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++) {
        double want = f == 0 ? 2 : f == 3 ? -1 : 0;
        if (fabs(w[f] - want) > 1e-4)
            fail_msg("weight %zu: %g, expected %g", f, w[f], want);
    }
    /* statistics of two parts (split at a group boundary) add up to the whole */
    annals_tl_sstats_init(&a);
    annals_tl_sstats_init(&b);
    annals_tl_sstats_add(&a, s, 10 * PER);
    annals_tl_sstats_add(&b, s + 10 * PER, (GROUPS - 10) * PER);
    annals_tl_sstats_merge(&a, &b);
    double w2[ANNALS_TL_N_SFEATURES];
    assert_int_equal(annals_tl_sstats_solve(&a, 1e-9, w2), 0);
    for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
        assert_true(fabs(w[f] - w2[f]) < 1e-9);
    /* a stronger penalty shrinks the weights */
    assert_int_equal(annals_tl_sstats_solve(&all, 1.0, w2), 0);
    assert_true(w2[0] > 0 && w2[0] < w[0]);
    /* no samples, or no penalty: nothing to solve */
    annals_tl_sstats empty;
    annals_tl_sstats_init(&empty);
    assert_int_equal(annals_tl_sstats_solve(&empty, 1e-3, w2), ANNALS_EINVAL);
    assert_int_equal(annals_tl_sstats_solve(&all, 0, w2), ANNALS_EINVAL);
    /* the top target under the true weights beats the one under reversed weights */
    double rev[ANNALS_TL_N_SFEATURES];
    for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
        rev[f] = -w[f];
    assert_true(annals_tl_sentence_top_target(s, GROUPS * PER, w) >
                annals_tl_sentence_top_target(s, GROUPS * PER, rev));
    assert_true(annals_tl_sentence_top_target(s, 0, w) == 0);
}

static void sentence_folds(void **state)
{
    (void)state;
    static annals_tl_ssample s[GROUPS * PER];
    static size_t fold[GROUPS * PER];
    synthetic(s, 0.1);
    for (size_t i = 0; i < GROUPS * PER; i++)
        fold[i] = s[i].group / 10; /* three folds of ten dates */
    const double l2[] = {1e-4, 10};
    double w[4 * ANNALS_TL_N_SFEATURES];
    size_t chosen[4];
    assert_int_equal(annals_tl_sentence_fit_folds(s, GROUPS * PER, fold, 3, l2, 2, w, chosen), 0);
    for (size_t f = 0; f < 4; f++) {
        assert_int_equal(chosen[f], 0); /* the weak penalty ranks better on this data */
        assert_true(fabs(w[f * ANNALS_TL_N_SFEATURES] - 2) < 0.1);
        assert_true(fabs(w[f * ANNALS_TL_N_SFEATURES + 3] + 1) < 0.1);
    }
    /* a fold whose samples are not contiguous, an unknown fold, no penalty to choose */
    fold[0] = 2;
    assert_int_equal(annals_tl_sentence_fit_folds(s, GROUPS * PER, fold, 3, l2, 2, w, chosen),
                     ANNALS_EINVAL);
    fold[0] = 7;
    assert_int_equal(annals_tl_sentence_fit_folds(s, GROUPS * PER, fold, 3, l2, 2, w, chosen),
                     ANNALS_EINVAL);
    fold[0] = 0;
    assert_int_equal(annals_tl_sentence_fit_folds(s, GROUPS * PER, fold, 3, l2, 0, w, chosen),
                     ANNALS_EINVAL);
}

static void date_folds(void **state)
{
    (void)state;
    enum { QUERIES = 12, CANDS = 25 };
    static annals_tl_sample s[QUERIES * CANDS];
    annals_tl_query_info q[QUERIES];
    size_t n = 0;
    for (size_t g = 0; g < QUERIES; g++) {
        q[g].fold = g / 4; /* three folds */
        q[g].l = 5;
        q[g].gold = 5;
        for (size_t i = 0; i < CANDS; i++, n++) {
            memset(&s[n], 0, sizeof(s[n]));
            s[n].group = g;
            s[n].label = i < 5;
            s[n].features[1] = s[n].label ? 0.6 + 0.4 * uniform() : 0.55 * uniform();
            s[n].features[4] = uniform();
        }
    }
    annals_tl_train_options learners[2] = {ANNALS_TL_TRAIN_OPTIONS_INIT,
                                           ANNALS_TL_TRAIN_PAIRWISE_INIT};
    annals_tl_model *models[4];
    size_t chosen[4];
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 3, learners, 2, 0, NULL, models,
                                               chosen),
                     0);
    for (size_t f = 0; f < 4; f++) {
        assert_non_null(models[f]);
        assert_true(chosen[f] < 2);
        assert_true(annals_tl_model_weight(models[f], 1) > 0);
        annals_tl_model_free(models[f]);
    }
    /* one fold: nothing to learn from without it, no learner can be scored (the fallback) */
    for (size_t g = 0; g < QUERIES; g++)
        q[g].fold = 0;
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 1, learners, 2, 1, NULL, models,
                                               chosen),
                     0);
    assert_null(models[0]);
    assert_non_null(models[1]);
    assert_int_equal(chosen[0], 1);
    annals_tl_model_free(models[1]);
    /* groups out of order, a fold out of range, a fallback out of range */
    s[0].group = 3;
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 1, learners, 2, 0, NULL, models,
                                               chosen),
                     ANNALS_EINVAL);
    s[0].group = 0;
    q[0].fold = 5;
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 1, learners, 2, 0, NULL, models,
                                               chosen),
                     ANNALS_EINVAL);
    q[0].fold = 0;
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 1, learners, 2, 2, NULL, models,
                                               chosen),
                     ANNALS_EINVAL);
}

static const test_doc docs[] = {
    {"a1", "2022-03-10", "The dam on the valley river broke after days of rain.\n"
                         "Rescue boats reached the flooded valley villages by the river.\n"
                         "Officials said the valley river flood was the worst in decades.\n"},
    {"a2", "2022-03-11", "On March 10 the river dam broke and the valley flooded.\n"
                         "A spokesman for the river authority declined to comment.\n"},
    {"a3", "2022-03-14", "Repairs to the river dam began on Monday in the valley.\n"},
};

static void samples_from_store(void **state)
{
    (void)state;
    char path[64];
    annals_store *store = NULL;
    test_store_path(path, sizeof(path), "sentmodel");
    assert_int_equal(test_build_store(path, docs, sizeof(docs) / sizeof(docs[0]), &store), 0);
    const char *ref1[] = {"The dam on the valley river broke after days of rain."};
    const char *ref2[] = {"Repairs to the river dam began."};
    annals_tl_reference refs[3] = {
        {{2022, 3, 10}, ref1, 1},
        {{2022, 2, 30}, ref1, 1}, /* an impossible date: no samples */
        {{2022, 3, 14}, ref2, 1},
    };
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    o.sentences = 1;
    annals_tl_ssample *s = NULL;
    size_t n = 0;
    assert_int_equal(annals_timeline_sentence_samples(store, "river", &o, refs, 3, 100, &s, &n),
                     0);
    assert_true(n >= 4);
    size_t best = SIZE_MAX, on_10 = 0, on_14 = 0;
    int names = annals_tl_sfeature_find("names_date", 10);
    int first = annals_tl_sfeature_find("first", 5);
    assert_true(names >= 0 && first >= 0);
    for (size_t i = 0; i < n; i++) {
        assert_true(s[i].group == 100 || s[i].group == 102);
        for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
            assert_true(s[i].features[f] >= -1e-9 && s[i].features[f] <= 1 + 1e-9);
        if (s[i].group == 100) {
            on_10++;
            if (best == SIZE_MAX || s[i].target > s[best].target)
                best = i;
        } else {
            on_14++;
        }
    }
    assert_true(on_10 >= 3 && on_14 >= 1);
    /* the candidate repeating the reference: the first sentence of a1, not naming the day */
    assert_true(s[best].features[first] == 1);
    assert_true(s[best].features[names] == 0);
    /* samples of one date are contiguous */
    for (size_t i = 1; i < n; i++)
        assert_true(s[i].group >= s[i - 1].group);
    free(s);
    /* a query with no searchable word */
    assert_int_equal(annals_timeline_sentence_samples(store, "the", &o, refs, 3, 0, &s, &n),
                     ANNALS_EINVAL);
    annals_store_close(store);
    test_remove_store(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ridge_recovers_weights),
        cmocka_unit_test(sentence_folds),
        cmocka_unit_test(date_folds),
        cmocka_unit_test(samples_from_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
