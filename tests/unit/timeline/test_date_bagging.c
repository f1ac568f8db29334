/*
 * test_date_bagging.c - the date model of a fold as the mean of the inner fits
 * (tl_model_average, annals_tl_model_fit_folds).
 *
 * The fold data are synthetic: per query, reference days with a high first feature and
 * other days with a low one, the second feature varying by query, so that fits without
 * different folds differ and their mean can be told apart from any single fit.
 */
#include <math.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"

static annals_tl_model *parse(const char *text)
{
    annals_tl_model *m = NULL;
    char err[128];
    assert_int_equal(annals_tl_model_parse(&m, text, strlen(text), err, sizeof(err)), 0);
    return m;
}

static void averages_weights(void **state)
{
    (void)state;
    annals_tl_model *a = parse("format\tannals-date-model\t1\nweight\tment_docs\t1\n"
                               "weight\tment_sents\t-2\nspread\t0.3\n");
    annals_tl_model *b = parse("format\tannals-date-model\t1\nweight\tment_docs\t3\n");
    annals_tl_model *ms[3] = {a, NULL, b};
    annals_tl_model *m = tl_model_average(ms, 3);
    assert_non_null(m);
    assert_true(fabs(annals_tl_model_weight(m, 1) - 2.0) < 1e-12); /* ment_docs */
    assert_true(fabs(annals_tl_model_weight(m, 0) + 1.0) < 1e-12); /* ment_sents */
    assert_true(annals_tl_model_weight(m, 2) == 0);
    assert_true(annals_tl_model_spread(m) == 0.3); /* the first model's */
    annals_tl_model_free(m);
    annals_tl_model *none[2] = {NULL, NULL};
    assert_null(tl_model_average(none, 2));
    assert_null(tl_model_average(none, 0));
    annals_tl_model_free(a);
    annals_tl_model_free(b);
}

#define QUERIES 8
#define FOLDS 4
#define PER 12

static void fold_model_is_mean_of_inner_fits(void **state)
{
    (void)state;
    annals_tl_sample s[QUERIES * PER];
    annals_tl_query_info q[QUERIES];
    size_t n = 0;
    for (size_t g = 0; g < QUERIES; g++) {
        for (int d = 0; d < PER; d++) {
            memset(&s[n], 0, sizeof(s[n]));
            s[n].group = g;
            s[n].label = d % 3 == 0;
            s[n].features[0] = s[n].label ? 0.8 - 0.05 * (double)g : 0.2 + 0.01 * (double)d;
            s[n].features[1] = 0.1 * (double)((d * 5 + (int)g) % 7);
            s[n].date = annals_date_from_days(18000 + 10 * d);
            n++;
        }
        q[g].fold = g % FOLDS;
        q[g].l = 4;
        q[g].gold = 4;
    }
    annals_tl_train_options to = ANNALS_TL_TRAIN_OPTIONS_INIT;
    annals_tl_model *models[FOLDS + 1];
    size_t chosen[FOLDS + 1];
    assert_int_equal(annals_tl_model_fit_folds(s, n, q, QUERIES, FOLDS, &to, 1, 0, NULL, models,
                                               chosen),
                     0);
    annals_tl_sample sub[QUERIES * PER];
    for (size_t f = 0; f <= FOLDS; f++) {
        assert_non_null(models[f]);
        assert_int_equal(chosen[f], 0);
        /* the inner fits, by hand: without f and g (f == FOLDS: without g) */
        double mean[2] = {0, 0};
        size_t k = 0;
        for (size_t g = 0; g < FOLDS; g++) {
            if (g == f)
                continue;
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (q[s[i].group].fold != f && q[s[i].group].fold != g)
                    sub[m++] = s[i];
            annals_tl_model *fit = NULL;
            assert_int_equal(annals_tl_model_train(&fit, sub, m, &to, NULL, 0), 0);
            mean[0] += annals_tl_model_weight(fit, 0);
            mean[1] += annals_tl_model_weight(fit, 1);
            k++;
            annals_tl_model_free(fit);
        }
        for (size_t i = 0; i < 2; i++)
            assert_true(fabs(annals_tl_model_weight(models[f], i) - mean[i] / (double)k) <
                        1e-9);
        annals_tl_model_free(models[f]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(averages_weights),
        cmocka_unit_test(fold_model_is_mean_of_inner_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
