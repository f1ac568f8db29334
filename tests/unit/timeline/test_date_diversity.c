/*
 * test_date_diversity.c - taking dates with a diversity reward over the tenths of the
 * candidates' span (select.c: tl_pick) and the diversity record of the model file.
 *
 * Synthetic scores: ten days in a row at the start of a span with high scores, and one day
 * at its end with a lower score; the reward brings the late day in once the first tenth holds
 * enough weight, unless the late day lies outside the story.
 */
#include <math.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"
#include "model_cases.h"

static void picks_with_diversity(void **state)
{
    (void)state;
    double score[11];
    int64_t day[11];
    for (int i = 0; i < 10; i++) {
        score[i] = 5.0 - 0.1 * i;
        day[i] = 1000 + i;
    }
    score[10] = 3.5;
    day[10] = 1100;
    size_t order[11], plain[11];
    /* weight 0: the spread pick */
    assert_int_equal(tl_pick(score, NULL, day, NULL, 11, 3, 0.2, 0, order), 3);
    assert_int_equal(tl_spread_pick(score, day, 11, 3, 0.2, plain), 3);
    for (size_t p = 0; p < 3; p++)
        assert_int_equal(order[p], plain[p]);
    /* weight 5: the first day; then day 1001 (gain 0.905 + 5 x (sqrt 1.905 - 1) = 2.81
     * against 0.223 + 5 x sqrt 0.223 = 2.59 for the late day); then the late day, not day
     * 1002 (0.819 + 5 x (sqrt 2.724 - sqrt 1.905) = 2.17) */
    assert_int_equal(tl_pick(score, NULL, day, NULL, 11, 3, 0, 5.0, order), 3);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 10);
    /* a small weight keeps the early days */
    assert_int_equal(tl_pick(score, NULL, day, NULL, 11, 3, 0, 0.25, order), 3);
    assert_int_equal(order[2], 2);
    /* the late day outside the story: no reward for it, and the parts are cut over the ten
     * early days (one day each), so the third early day comes in */
    unsigned char story[11];
    for (int i = 0; i < 11; i++)
        story[i] = i < 10;
    assert_int_equal(tl_pick(score, NULL, day, story, 11, 3, 0, 5.0, order), 3);
    assert_int_equal(order[2], 2);
    /* every day in the story: as without flags */
    story[10] = 1;
    assert_int_equal(tl_pick(score, NULL, day, story, 11, 3, 0, 5.0, order), 3);
    assert_int_equal(order[2], 10);
    /* more asked than there are; days without a date take part without a reward */
    int64_t none[3] = {NO_DATE, NO_DATE, 1000};
    const double s3[3] = {1.0, 2.0, 0.5};
    assert_int_equal(tl_pick(s3, NULL, none, NULL, 3, 9, 0, 1.0, order), 3);
    assert_int_equal(order[0], 1); /* gain 1 */
    assert_int_equal(order[1], 2); /* 0.223 + sqrt 0.223 = 0.69 over 0.37 undated */
    assert_int_equal(order[2], 0);
}

static void diversity_record(void **state)
{
    (void)state;
    const char *text = "format\tannals-date-model\t1\nweight\tment_docs\t1\ndiversity\t0.25\n";
    annals_tl_model *m = NULL;
    char err[160];
    assert_int_equal(annals_tl_model_parse(&m, text, strlen(text), err, sizeof(err)), 0);
    assert_true(annals_tl_model_diversity(m) == 0.25);
    char *out = NULL;
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_non_null(strstr(out, "diversity\t0.25\n"));
    annals_tl_model *m2 = NULL;
    assert_int_equal(annals_tl_model_parse(&m2, out, strlen(out), err, sizeof(err)), 0);
    assert_true(annals_tl_model_diversity(m2) == 0.25);
    free(out);
    annals_tl_model_free(m2);
    tl_model_set_diversity(m, -1);
    assert_true(annals_tl_model_diversity(m) == 0);
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_null(strstr(out, "diversity"));
    free(out);
    annals_tl_model_free(m);
    static const model_bad_case bad[] = {
        {"format\tannals-date-model\t1\ndiversity\t-1\n", "line 2: '-1' is not a finite"},
        {"format\tannals-date-model\t1\ndiversity\n", "line 2: a diversity record has two"},
        {"format\tannals-date-model\t1\ndiversity\t1\ndiversity\t1\n",
         "line 3: the diversity record appears twice"},
        {"format\tannals-date-model\t1\nspread\t1\ndiversity\t1\nspread\t1\n",
         "line 4: the spread record appears twice"},
    };
    check_bad_models(bad, sizeof(bad) / sizeof(bad[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picks_with_diversity),
        cmocka_unit_test(diversity_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
