/*
 * test_pair_model.c - the pair model of adjacent days (pair_model.c: annals_tl_pair_train),
 * its use at date selection (select.c: tl_pick with pair scores), its records in the model
 * file and its fold-wise fit (annals_tl_model_fit_folds with a pair mode).
 *
 * The fit is checked on hand-made pairs whose answer is known in closed form: one pair with
 * the difference e_0 minimizes log(1 + e^-w) + w^2 / 2, whose minimum solves w = 1 / (1 +
 * e^w), w = 0.40115...
 */
#include <math.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"
#include "model_cases.h"

static annals_tl_sample sample(size_t group, int day, int label, double f0, double f1)
{
    annals_tl_sample s;
    memset(&s, 0, sizeof(s));
    s.group = group;
    s.label = label;
    s.features[0] = f0;
    s.features[1] = f1;
    s.date = annals_date_from_days(18000 + day);
    return s;
}

/* The root of w = 1 / (1 + e^w), by bisection. */
static double one_pair_optimum(void)
{
    double lo = 0, hi = 1;
    for (int i = 0; i < 60; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid < 1.0 / (1.0 + exp(mid)))
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void fits_known_pairs(void **state)
{
    (void)state;
    double w[ANNALS_TL_N_FEATURES];
    /* one training pair: the reference day 10 with f0 = 1 against day 11 with f0 = 0; the
     * rest is not training data: day 20/21 both references, day 30/31 neither, day 40 and
     * 42 not adjacent, day 50/51 in different groups, day 60/61 with 61 unsummarizable,
     * day 70 without a date */
    annals_tl_sample s[14];
    size_t n = 0;
    s[n++] = sample(0, 11, 0, 0.0, 0.5);
    s[n++] = sample(0, 10, 1, 1.0, 0.5);
    s[n++] = sample(0, 20, 1, 0.0, 1.0);
    s[n++] = sample(0, 21, 1, 1.0, 0.0);
    s[n++] = sample(0, 30, 0, 0.0, 1.0);
    s[n++] = sample(0, 31, 0, 1.0, 0.0);
    s[n++] = sample(0, 40, 1, 0.0, 1.0);
    s[n++] = sample(0, 42, 0, 1.0, 0.0);
    s[n++] = sample(0, 50, 1, 0.0, 1.0);
    s[n++] = sample(1, 51, 0, 1.0, 0.0);
    s[n++] = sample(1, 60, 1, 0.0, 1.0);
    s[n] = sample(1, 61, 0, 1.0, 0.0);
    s[n++].unsummarizable = 1;
    s[n] = sample(1, 0, 0, 1.0, 0.0);
    memset(&s[n++].date, 0, sizeof(annals_date));
    assert_int_equal(annals_tl_pair_train(s, n, 1.0, w), 0);
    double opt = one_pair_optimum();
    assert_true(fabs(opt - 0.40115) < 1e-4);
    assert_true(fabs(w[0] - opt) < 1e-5);
    for (size_t f = 1; f < ANNALS_TL_N_FEATURES; f++)
        assert_true(w[f] == 0);
    /* the same pair in the other order: the same fit (antisymmetric, no orientation) */
    annals_tl_sample t = s[0];
    s[0] = s[1];
    s[1] = t;
    double w2[ANNALS_TL_N_FEATURES];
    assert_int_equal(annals_tl_pair_train(s, n, 1.0, w2), 0);
    assert_true(fabs(w2[0] - w[0]) < 1e-12);
    /* the reference day after its neighbour: the same difference, the same weight */
    s[0] = sample(0, 11, 1, 1.0, 0.5);
    s[1] = sample(0, 10, 0, 0.0, 0.5);
    assert_int_equal(annals_tl_pair_train(s, n, 1.0, w2), 0);
    assert_true(fabs(w2[0] - w[0]) < 1e-12);
    /* a smaller penalty, a larger weight */
    assert_int_equal(annals_tl_pair_train(s, n, 0.1, w2), 0);
    assert_true(w2[0] > w[0] + 0.5);
    /* two pairs opposite in f0 cancel there; both say f1 is the event day's, so f1 takes
     * the one-pair optimum (the mean loss of two equal terms) */
    annals_tl_sample u[4] = {sample(0, 1, 1, 1.0, 1.0), sample(0, 2, 0, 0.0, 0.0),
                             sample(0, 5, 1, 0.0, 1.0), sample(0, 6, 0, 1.0, 0.0)};
    assert_int_equal(annals_tl_pair_train(u, 4, 1.0, w2), 0);
    assert_true(fabs(w2[0]) < 1e-9);
    assert_true(fabs(w2[1] - opt) < 1e-5);
    /* nothing to learn from: EINVAL and zero weights */
    assert_int_equal(annals_tl_pair_train(s + 2, 2, 1.0, w2), ANNALS_EINVAL);
    assert_true(w2[0] == 0);
    assert_int_equal(annals_tl_pair_train(NULL, 0, 1.0, w2), ANNALS_EINVAL);
}

static void swaps_to_event_day(void **state)
{
    (void)state;
    /* day 100 scores best, its neighbour 101 has the higher pair score: 101 is taken first
     * and 100 stays available; day 200 is third */
    const double score[3] = {5.0, 4.0, 3.0};
    const int64_t day[3] = {100, 101, 200};
    const double pair[3] = {0.0, 1.0, 0.0};
    size_t order[3];
    assert_int_equal(tl_pick(score, pair, day, NULL, 3, 3, 0, 0, order), 3);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 0); /* its neighbour taken: nothing left to swap with */
    assert_int_equal(order[2], 2);
    /* with a spread the taken day lowers its neighbour, which is the day it replaced */
    assert_int_equal(tl_pick(score, pair, day, NULL, 3, 2, 3.0, 0, order), 2);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    /* equal pair scores: no swap, the same as without pair scores */
    const double flat[3] = {0.5, 0.5, 0.5};
    size_t plain[3];
    assert_int_equal(tl_pick(score, flat, day, NULL, 3, 3, 0.2, 0, order), 3);
    assert_int_equal(tl_pick(score, NULL, day, NULL, 3, 3, 0.2, 0, plain), 3);
    for (size_t p = 0; p < 3; p++)
        assert_int_equal(order[p], plain[p]);
    /* both neighbours beat the day: the higher pair score; on a tie the earlier day */
    const double s4[4] = {5.0, 1.0, 1.0, 0.0};
    const int64_t d4[4] = {100, 99, 101, 300};
    const double p4[4] = {0.0, 0.3, 0.6, 9.0};
    assert_int_equal(tl_pick(s4, p4, d4, NULL, 4, 1, 0, 0, order), 1);
    assert_int_equal(order[0], 2);
    const double t4[4] = {0.0, 0.6, 0.6, 9.0};
    assert_int_equal(tl_pick(s4, t4, d4, NULL, 4, 1, 0, 0, order), 1);
    assert_int_equal(order[0], 1);
    /* a day two days away is no neighbour; a day without a date has none */
    const int64_t far[3] = {100, 102, NO_DATE};
    assert_int_equal(tl_pick(score, pair, far, NULL, 3, 1, 0, 0, order), 1);
    assert_int_equal(order[0], 0);
    /* with the diversity reward the swap works the same way */
    assert_int_equal(tl_pick(score, pair, day, NULL, 3, 1, 0, 1.0, order), 1);
    assert_int_equal(order[0], 1);
}

static void pair_records(void **state)
{
    (void)state;
    const char *text = "format\tannals-date-model\t1\nweight\tment_docs\t1\n"
                       "pair\tment_docs\t-0.5\npair\tpub_docs\t0.25\n";
    annals_tl_model *m = NULL;
    char err[160];
    assert_int_equal(annals_tl_model_parse(&m, text, strlen(text), err, sizeof(err)), 0);
    assert_int_equal(annals_tl_model_has_pair(m), 1);
    double x[ANNALS_TL_N_FEATURES] = {0};
    x[annals_tl_feature_find("ment_docs", 9)] = 1.0;
    x[annals_tl_feature_find("pub_docs", 8)] = 2.0;
    assert_true(annals_tl_model_pair_score(m, x) == 0.0);
    x[annals_tl_feature_find("pub_docs", 8)] = 4.0;
    assert_true(annals_tl_model_pair_score(m, x) == 0.5);
    assert_true(annals_tl_model_score(m, x) == 1.0); /* the date score is apart */
    char *out = NULL;
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_non_null(strstr(out, "pair\tment_docs\t-0.5\n"));
    assert_non_null(strstr(out, "pair\tpub_docs\t0.25\n"));
    annals_tl_model *m2 = NULL;
    assert_int_equal(annals_tl_model_parse(&m2, out, strlen(out), err, sizeof(err)), 0);
    assert_true(annals_tl_model_pair_score(m2, x) == 0.5);
    free(out);
    annals_tl_model_free(m2);
    /* removed: no pair records, a pair score of 0 */
    annals_tl_model_set_pair(m, NULL);
    assert_int_equal(annals_tl_model_has_pair(m), 0);
    assert_true(annals_tl_model_pair_score(m, x) == 0);
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_null(strstr(out, "pair"));
    free(out);
    annals_tl_model_free(m);
    /* the built-in model has them (round 10) */
    assert_int_equal(annals_tl_model_default(&m), 0);
    assert_int_equal(annals_tl_model_has_pair(m), 1);
    annals_tl_model_free(m);
    static const model_bad_case bad[] = {
        {"format\tannals-date-model\t1\npair\tnope\t1\n", "line 2: unknown feature 'nope'"},
        {"format\tannals-date-model\t1\npair\tment_docs\t1\n#\npair\tment_docs\t2\n",
         "line 4: pair feature 'ment_docs' is given twice"},
        {"format\tannals-date-model\t1\npair\tment_docs\tinf\n",
         "line 2: 'inf' is not a finite number"},
        {"format\tannals-date-model\t1\npair\tment_docs\tnan\n",
         "line 2: 'nan' is not a finite number"},
        {"format\tannals-date-model\t1\npair\tment_docs\n", "line 2: a pair record has three"},
        {"format\tannals-date-model\t1\npair\tcos_tfidf\t1\n",
         "line 2: unknown feature 'cos_tfidf'"},
        {"pair\tment_docs\t1\n", "line 1: not a date model"},
    };
    check_bad_models(bad, sizeof(bad) / sizeof(bad[0]));
}

#define QUERIES 6

static void fits_pairs_per_fold(void **state)
{
    (void)state;
    /* each query: three reference days, each with a decoy neighbour the date feature f0
     * scores a little higher; f1 marks the reference day of each adjacent pair */
    annals_tl_sample s[QUERIES * 9];
    annals_tl_query_info q[QUERIES];
    size_t n = 0;
    for (size_t g = 0; g < QUERIES; g++) {
        for (int d = 0; d < 30; d += 10) {
            s[n++] = sample(g, d, 1, 0.9, 1.0);
            s[n++] = sample(g, d + 1, 0, 1.0, 0.0);
        }
        for (int d = 50; d < 80; d += 10)
            s[n++] = sample(g, d, 0, 0.2, 1.0);
        q[g].fold = g % 3;
        q[g].l = 3;
        q[g].gold = 3;
    }
    annals_tl_train_options to = ANNALS_TL_TRAIN_OPTIONS_INIT;
    annals_tl_fold_options fo = ANNALS_TL_FOLD_OPTIONS_INIT;
    annals_tl_model *off[4], *on[4], *nested[4];
    size_t ch[4];
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 3, &to, 1, 0, &fo, off, ch), 0);
    fo.pair = ANNALS_TL_PAIR_ON;
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 3, &to, 1, 0, &fo, on, ch), 0);
    fo.pair = ANNALS_TL_PAIR_NESTED;
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, 3, &to, 1, 0, &fo, nested, ch),
                     0);
    for (size_t f = 0; f <= 3; f++) {
        assert_int_equal(annals_tl_model_has_pair(off[f]), 0);
        assert_int_equal(annals_tl_model_has_pair(on[f]), 1);
        /* the pair model prefers f1 (the reference day) to f0 (its louder decoy) */
        double ref[ANNALS_TL_N_FEATURES] = {0.9, 1.0}, decoy[ANNALS_TL_N_FEATURES] = {1.0, 0};
        assert_true(annals_tl_model_pair_score(on[f], ref) >
                    annals_tl_model_pair_score(on[f], decoy));
        /* the date weights do not depend on the pair mode */
        for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++) {
            assert_true(annals_tl_model_weight(on[f], i) == annals_tl_model_weight(off[f], i));
            assert_true(annals_tl_model_weight(nested[f], i) ==
                        annals_tl_model_weight(off[f], i));
        }
        /* nested: on exactly when it is on with the same weights as ON */
        if (annals_tl_model_has_pair(nested[f]))
            assert_true(annals_tl_model_pair_score(nested[f], ref) ==
                        annals_tl_model_pair_score(on[f], ref));
        annals_tl_model_free(off[f]);
        annals_tl_model_free(on[f]);
        annals_tl_model_free(nested[f]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fits_known_pairs),
        cmocka_unit_test(swaps_to_event_day),
        cmocka_unit_test(pair_records),
        cmocka_unit_test(fits_pairs_per_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
