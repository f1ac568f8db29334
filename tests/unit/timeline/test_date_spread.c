/*
 * test_date_spread.c - which dates a timeline takes: with a spread (select.c), the spread
 * record of the model file, its nested choice in annals_tl_model_fit_folds, and dates no
 * sentence can summarize giving way to the next ones.
 *
 * The fold data are synthetic: each query has reference days whose feature is high and,
 * next to three of them, a decoy day scored almost as high; only a spread keeps the decoys
 * out of the top l. The store holds invented reports of a depot fire; 20 February is named
 * only in sentences that do not match the query, so it is a candidate without a summary.
 */
#include <math.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"
#include "model_cases.h"

static void picks_with_spread(void **state)
{
    (void)state;
    const double score[] = {5.0, 4.9, 4.0, 1.0, 4.0};
    const int64_t day[] = {10, 11, 20, 30, 40};
    size_t order[5];
    /* no spread: the best scores, ties to the earlier day */
    assert_int_equal(tl_spread_pick(score, day, 5, 3, 0, order), 3);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 2);
    /* a spread of one deviation (about 1.5) pushes day 11 below days 20 and 40 */
    assert_int_equal(tl_spread_pick(score, day, 5, 3, 1.0, order), 3);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 4);
    /* everything taken: every index once */
    assert_int_equal(tl_spread_pick(score, day, 5, 9, 1.0, order), 5);
    int seen[5] = {0};
    for (size_t i = 0; i < 5; i++)
        seen[order[i]]++;
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(seen[i], 1);
    /* days without a date have no neighbours */
    const int64_t none[] = {NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE};
    assert_int_equal(tl_spread_pick(score, none, 5, 2, 5.0, order), 2);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    /* equal scores: no deviation, no penalty */
    const double flat[] = {1, 1, 1};
    const int64_t near[] = {3, 2, 1};
    assert_int_equal(tl_spread_pick(flat, near, 3, 2, 3.0, order), 2);
    assert_int_equal(order[0], 2);
    assert_int_equal(order[1], 1);
    assert_int_equal(tl_spread_pick(flat, near, 0, 2, 3.0, order), 0);
}

static void spread_record(void **state)
{
    (void)state;
    const char *text = "format\tannals-date-model\t1\nweight\tment_docs\t1\nspread\t0.25\n";
    annals_tl_model *m = NULL, *m2 = NULL;
    char err[160];
    assert_int_equal(annals_tl_model_parse(&m, text, strlen(text), err, sizeof(err)), 0);
    assert_true(annals_tl_model_spread(m) == 0.25);
    char *out = NULL;
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_non_null(strstr(out, "spread\t0.25\n"));
    assert_int_equal(annals_tl_model_parse(&m2, out, strlen(out), err, sizeof(err)), 0);
    assert_true(annals_tl_model_spread(m2) == 0.25);
    free(out);
    annals_tl_model_free(m);
    annals_tl_model_free(m2);
    /* no record: no spread, and none written */
    const char *plain = "format\tannals-date-model\t1\n";
    assert_int_equal(annals_tl_model_parse(&m, plain, strlen(plain), err, sizeof(err)), 0);
    assert_true(annals_tl_model_spread(m) == 0);
    assert_int_equal(annals_tl_model_format(m, &out), 0);
    assert_null(strstr(out, "spread"));
    free(out);
    annals_tl_model_free(m);
    static const model_bad_case bad[] = {
        {"format\tannals-date-model\t1\nspread\t-1\n", "line 2: '-1' is not a finite number >= 0"},
        {"format\tannals-date-model\t1\nspread\tinf\n", "is not a finite number >= 0"},
        {"format\tannals-date-model\t1\nspread\n", "line 2: a spread record has two cells"},
        {"format\tannals-date-model\t1\nspread\t1\t2\n", "line 2: a spread record has two"},
        {"format\tannals-date-model\t1\nspread\t1\nspread\t1\n",
         "line 3: the spread record appears twice"},
    };
    check_bad_models(bad, sizeof(bad) / sizeof(bad[0]));
}

#define QUERIES 6
#define PER 18

static void add(annals_tl_sample *s, size_t *n, size_t group, int day, double x, int label)
{
    memset(&s[*n], 0, sizeof(s[*n]));
    s[*n].group = group;
    s[*n].label = label;
    s[*n].features[0] = x;
    s[*n].features[1] = 0.01 * (double)((day * 7 + (int)group) % 5); /* noise */
    s[*n].date = annals_date_from_days(18000 + day);
    (*n)++;
}

static void chooses_spread_nested(void **state)
{
    (void)state;
    annals_tl_sample s[QUERIES * PER];
    annals_tl_query_info q[QUERIES];
    size_t n = 0;
    for (size_t g = 0; g < QUERIES; g++) {
        for (int d = 0; d < 30; d += 10) {
            add(s, &n, g, d, 1.0, 1);      /* reference day */
            add(s, &n, g, d + 1, 0.95, 0); /* its decoy neighbour */
        }
        for (int d = 40; d < 70; d += 10)
            add(s, &n, g, d, 0.6, 1); /* weaker reference days, apart */
        for (int d = 70; d < 79; d++)
            add(s, &n, g, d, 0.3, 0);
        q[g].fold = g % 3;
        q[g].l = 6;
        q[g].gold = 6;
    }
    assert_int_equal(n, QUERIES * PER);
    annals_tl_train_options learners[2] = {ANNALS_TL_TRAIN_OPTIONS_INIT,
                                           ANNALS_TL_TRAIN_OPTIONS_INIT};
    learners[1].spread = 2.0;
    annals_tl_model *models[4];
    size_t chosen[4];
    assert_int_equal(
        annals_tl_model_fit_folds(s, n, q, QUERIES, 3, learners, 2, 0, NULL, models, chosen), 0);
    for (size_t f = 0; f <= 3; f++) {
        assert_non_null(models[f]);
        assert_int_equal(chosen[f], 1);
        assert_true(annals_tl_model_spread(models[f]) == 2.0);
        assert_true(annals_tl_model_weight(models[f], 0) > 0);
    }
    /* the two learners fit the same weights: the copy of a fold's model with spread 0 is
     * what a spread-0 fit gives */
    annals_tl_model *plain[4];
    size_t ch[4];
    assert_int_equal(
        annals_tl_model_fit_folds(s, n, q, QUERIES, 3, learners, 1, 0, NULL, plain, ch), 0);
    for (size_t f = 0; f <= 3; f++) {
        for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
            assert_true(annals_tl_model_weight(plain[f], i) ==
                        annals_tl_model_weight(models[f], i));
        assert_true(annals_tl_model_spread(plain[f]) == 0);
        annals_tl_model_free(plain[f]);
        annals_tl_model_free(models[f]);
    }
}

static const test_doc docs[] = {
    {"a", "2022-03-01",
     "The fire destroyed the depot on March 1, 2022.\n"
     "Its owners had met the council on February 20, 2022.\n"},
    {"b", "2022-03-02",
     "Crews were still at the fire on March 2, 2022.\n"
     "The council vote of February 20, 2022 was close.\n"},
    {"c", "2022-03-09",
     "Police said the fire was arson.\n"
     "The depot was sold on February 20, 2022.\n"},
    {"d", "2022-03-20", "An inquiry into the fire opened on March 20, 2022.\n"},
};

static void skips_unsummarizable(void **state)
{
    (void)state;
    char path[64];
    annals_store *store = NULL;
    test_store_path(path, sizeof(path), "spread");
    assert_int_equal(test_build_store(path, docs, sizeof(docs) / sizeof(docs[0]), &store), 0);
    annals_tl_candidate *c = NULL;
    size_t n = 0, usable = 0;
    int feb20 = 0;
    assert_int_equal(annals_timeline_candidates(store, "fire", NULL, &c, &n), 0);
    for (size_t i = 0; i < n; i++) {
        int is_feb20 = c[i].date.month == 2 && c[i].date.day == 20;
        feb20 |= is_feb20;
        if (c[i].unsummarizable != is_feb20)
            fail_msg("%04d-%02d-%02d: unsummarizable %d", c[i].date.year, c[i].date.month,
                     c[i].date.day, c[i].unsummarizable);
        usable += !c[i].unsummarizable;
    }
    assert_true(feb20);
    free(c);
    /* a timeline of all usable dates has that many entries, none on 20 February */
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    o.dates = usable;
    o.sentences = 1;
    annals_timeline *tl = NULL;
    assert_int_equal(annals_timeline_build(store, "fire", &o, &tl), 0);
    assert_int_equal(tl->n_entries, usable);
    for (size_t i = 0; i < tl->n_entries; i++)
        assert_false(tl->entries[i].date.month == 2);
    annals_timeline_free(tl);
    annals_store_close(store);
    test_remove_store(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picks_with_spread),
        cmocka_unit_test(spread_record),
        cmocka_unit_test(chooses_spread_nested),
        cmocka_unit_test(skips_unsummarizable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
