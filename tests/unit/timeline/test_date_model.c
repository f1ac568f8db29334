/*
 * test_date_model.c - the date-ranking learner and the model file format.
 *
 * A synthetic ranking problem with a known answer: in every group the relevant items are
 * the ones with a high value of one feature, while a second feature is pure noise; the
 * learner (listwise and pairwise) must put every relevant item above every irrelevant one,
 * and give the same model on the same data. The model file (with and without sentence
 * weights) must survive a format/parse round trip, and malformed files must fail with a line
 * number.
 */
#include <math.h>

#include "unit/test_helpers.h"
#include "model_cases.h"
#include "annals/timeline.h"

static uint64_t rng = 12345;

static double uniform(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void learns_synthetic_ranking(void **state)
{
    (void)state;
    enum { GROUPS = 20, PER = 30 };
    static annals_tl_sample s[GROUPS * PER];
    size_t n = 0;
    for (size_t g = 0; g < GROUPS; g++) {
        for (size_t i = 0; i < PER; i++, n++) {
            memset(&s[n], 0, sizeof(s[n]));
            s[n].group = g;
            s[n].label = i < 5;
            s[n].features[1] = s[n].label ? 0.6 + 0.4 * uniform() : 0.55 * uniform();
            s[n].features[4] = uniform(); /* noise */
        }
    }
    annals_tl_train_options lw = ANNALS_TL_TRAIN_OPTIONS_INIT, pw = ANNALS_TL_TRAIN_PAIRWISE_INIT;
    for (int loss = 0; loss < 2; loss++) {
        const annals_tl_train_options *to = loss ? &pw : &lw;
        annals_tl_model *m = NULL;
        char err[128];
        assert_int_equal(annals_tl_model_train(&m, s, n, to, err, sizeof(err)), 0);
        assert_true(annals_tl_model_weight(m, 1) > 0);
        assert_true(fabs(annals_tl_model_weight(m, 4)) < annals_tl_model_weight(m, 1) / 3);
        for (size_t g = 0; g < GROUPS; g++) {
            double worst_pos = 1e300, best_neg = -1e300;
            for (size_t i = g * PER; i < (g + 1) * PER; i++) {
                double sc = annals_tl_model_score(m, s[i].features);
                if (s[i].label && sc < worst_pos)
                    worst_pos = sc;
                if (!s[i].label && sc > best_neg)
                    best_neg = sc;
            }
            assert_true(worst_pos > best_neg);
        }
        /* the same data (and seed) gives the same model */
        annals_tl_model *m2 = NULL;
        assert_int_equal(annals_tl_model_train(&m2, s, n, to, err, sizeof(err)), 0);
        for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
            assert_true(annals_tl_model_weight(m, f) == annals_tl_model_weight(m2, f));
        annals_tl_model_free(m);
        annals_tl_model_free(m2);
    }
}

/* A large penalty makes the fixed step overshoot; the learner must still converge (before
 * the step was halved on a rise of the objective, the weights grew without bound). The
 * exact minimum of the penalized loss at a big l2 is near the mean gradient at w = 0 over
 * l2, so the informative feature keeps a small positive weight. The blend learner ranks as
 * well as its parts. */
static void converges_with_large_penalty(void **state)
{
    (void)state;
    enum { GROUPS = 10, PER = 20 };
    static annals_tl_sample s[GROUPS * PER];
    size_t n = 0;
    for (size_t g = 0; g < GROUPS; g++)
        for (size_t i = 0; i < PER; i++, n++) {
            memset(&s[n], 0, sizeof(s[n]));
            s[n].group = g;
            s[n].label = i < 4;
            for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
                s[n].features[f] = uniform(); /* dense features: a large curvature */
            s[n].features[2] = s[n].label ? 0.7 + 0.3 * uniform() : 0.6 * uniform();
        }
    const double l2s[] = {1, 10, 100};
    for (size_t k = 0; k < sizeof(l2s) / sizeof(l2s[0]); k++) {
        annals_tl_train_options to = ANNALS_TL_TRAIN_OPTIONS_INIT;
        to.l2 = l2s[k];
        annals_tl_model *m = NULL;
        char err[128];
        assert_int_equal(annals_tl_model_train(&m, s, n, &to, err, sizeof(err)), 0);
        double w2 = annals_tl_model_weight(m, 2);
        assert_true(isfinite(w2) && w2 > 0 && w2 < 1);
        for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
            if (f != 2)
                assert_true(fabs(annals_tl_model_weight(m, f)) < w2);
        annals_tl_model_free(m);
    }
    annals_tl_train_options bl = ANNALS_TL_TRAIN_OPTIONS_INIT;
    bl.loss = ANNALS_TL_BLEND;
    bl.spread = 0.3;
    annals_tl_model *m = NULL;
    assert_int_equal(annals_tl_model_train(&m, s, n, &bl, NULL, 0), 0);
    assert_true(annals_tl_model_weight(m, 2) > 0);
    assert_true(annals_tl_model_spread(m) == 0.3);
    double len = 0;
    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
        len += annals_tl_model_weight(m, f) * annals_tl_model_weight(m, f);
    assert_true(sqrt(len) <= 1.0 + 1e-9); /* the mean of two unit vectors */
    annals_tl_model_free(m);
}

static void nothing_to_learn(void **state)
{
    (void)state;
    annals_tl_sample s[3];
    memset(s, 0, sizeof(s));
    s[0].label = s[1].label = s[2].label = 1; /* no irrelevant sample */
    annals_tl_model *m = NULL;
    char err[128] = "";
    assert_int_equal(annals_tl_model_train(&m, s, 3, NULL, err, sizeof(err)), ANNALS_EINVAL);
    assert_null(m);
    assert_non_null(strstr(err, "nothing to learn"));
}

static void round_trip(void **state)
{
    (void)state;
    const char *text = "# comment\n"
                       "format\tannals-date-model\t1\n"
                       "weight\tment_docs\t0.75\n"
                       "weight\tpub_burst\t-1.5e-3\r\n"
                       "\n"
                       "weight\tdocs_any\t2\n";
    annals_tl_model *m = NULL, *m2 = NULL;
    char err[128];
    assert_int_equal(annals_tl_model_parse(&m, text, strlen(text), err, sizeof(err)), 0);
    int docs = annals_tl_feature_find("ment_docs", 9);
    int burst = annals_tl_feature_find("pub_burst", 9);
    assert_true(docs >= 0 && burst >= 0);
    assert_true(annals_tl_model_weight(m, (size_t)docs) == 0.75);
    assert_true(annals_tl_model_weight(m, (size_t)burst) == -1.5e-3);
    char *out = NULL;
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_int_equal(annals_tl_model_parse(&m2, out, strlen(out), err, sizeof(err)), 0);
    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
        assert_true(annals_tl_model_weight(m, f) == annals_tl_model_weight(m2, f));
    free(out);
    /* no sentence weights: all zero, and none written */
    assert_true(annals_tl_model_sentence_weight(m, 0) == 0);
    annals_tl_model_free(m2);
    /* sentence weights round trip, and can be removed */
    double sw[ANNALS_TL_N_SFEATURES];
    for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
        sw[f] = 0.25 * (double)f - 1;
    annals_tl_model_set_sentences(m, sw);
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_non_null(strstr(out, "sentence\tcos_tfidf\t"));
    assert_int_equal(annals_tl_model_parse(&m2, out, strlen(out), err, sizeof(err)), 0);
    for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
        assert_true(annals_tl_model_sentence_weight(m2, f) == sw[f]);
    assert_true(annals_tl_model_weight(m2, (size_t)docs) == 0.75);
    free(out);
    annals_tl_model_set_sentences(m, NULL);
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_null(strstr(out, "sentence\t"));
    free(out);
    assert_int_equal(annals_tl_sfeature_find("support", 7), 3);
    assert_string_equal(annals_tl_sfeature_name(3), "support");
    assert_null(annals_tl_sfeature_name(ANNALS_TL_N_SFEATURES));
    assert_int_equal(annals_tl_sfeature_find("nope", 4), -1);
    annals_tl_model_free(m);
    annals_tl_model_free(m2);
    /* the built-in model parses */
    assert_int_equal(annals_tl_model_default(&m), 0);
    annals_tl_model_free(m);
}

static void malformed(void **state)
{
    (void)state;
    static const model_bad_case cases[] = {
        {"", "line 0: not a date model"},
        {"weight\tment_docs\t1\n", "line 1: not a date model"},
        {"format\tannals-date-model\t2\n", "line 1: unsupported model format"},
        {"format\tannals-date-model\t1\nweight\tnope\t1\n", "line 2: unknown feature 'nope'"},
        {"format\tannals-date-model\t1\nweight\tment_docs\tx1\n", "line 2: 'x1' is not a finite"},
        {"format\tannals-date-model\t1\nweight\tment_docs\tnan\n", "is not a finite number"},
        {"format\tannals-date-model\t1\nweight\tment_docs\n", "line 2: a weight record has"},
        {"format\tannals-date-model\t1\nweight\tment_docs\t1\nweight\tment_docs\t2\n",
         "line 3: feature 'ment_docs' is given twice"},
        {"format\tannals-date-model\t1\nbias\t1\n", "line 2: unknown record 'bias'"},
        {"format\tannals-date-model\t1\nweight\tment_docs\t1\tx\n", "line 2: too many cells"},
        {"format\tannals-date-model\t1\nsentence\tment_docs\t1\n",
         "line 2: unknown sentence feature 'ment_docs'"},
        {"format\tannals-date-model\t1\nsentence\tlength\n", "line 2: a sentence record has"},
        {"format\tannals-date-model\t1\nsentence\tlength\t1\nsentence\tlength\t1\n",
         "line 3: feature 'length' is given twice"},
        {"format\tannals-date-model\t1\nsentence\tlength\tinf\n", "is not a finite number"},
    };
    check_bad_models(cases, sizeof(cases) / sizeof(cases[0]));
    const char bin[] = "format\tannals-date-model\t1\nweight\0\n";
    annals_tl_model *m = NULL;
    char err[160];
    assert_int_equal(annals_tl_model_parse(&m, bin, sizeof(bin) - 1, err, sizeof(err)),
                     ANNALS_EPARSE);
    assert_non_null(strstr(err, "line 2: a NUL byte"));
    assert_int_equal(annals_tl_model_read(&m, "/nonexistent/model.tsv", err, sizeof(err)),
                     ANNALS_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(learns_synthetic_ranking),
        cmocka_unit_test(converges_with_large_penalty),
        cmocka_unit_test(nothing_to_learn),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
