/*
 * test_timeline_rank.c - date ranking and sentence selection on a small store built here.
 *
 * Invented reports: a flood that several articles date to 9 March 2020 (written on the day
 * and in the days after), a follow-up on 1 May, and an unrelated budget story that names
 * 1 April many times. For the query "flood" the ranking must put 9 March first, must not
 * offer 1 April at all (no matching sentence names it), must respect the window, and each
 * entry's sentences must match the query and name or report the day without repeats.
 */
#include <unistd.h>

#include "annals.h"
#include "unit/test_helpers.h"

static const test_doc docs[] = {
    {"a", "2020-03-09", "Flood waters covered the lower valley on March 9, 2020.\n"
                        "Residents left their homes as the river rose during the flood.\n"
                        "The mayor called the flood the worst in a century.\n"},
    {"b", "2020-03-10", "The flood of March 9, 2020 destroyed two bridges.\n"
                        "Engineers said the flood defences failed near the mill.\n"},
    {"c", "2020-03-12", "Insurers counted the cost of the March 9, 2020 flood.\n"
                        "Farmers said the flood ruined the spring planting.\n"},
    {"d", "2020-05-02", "A report published on May 1, 2020 blamed the flood on blocked drains.\n"
                        "The flood inquiry will continue next year.\n"},
    {"e", "2020-04-01", "The budget was approved on April 1, 2020.\n"
                        "Ministers praised the budget of April 1, 2020.\n"
                        "On April 1, 2020 the budget passed its final vote.\n"},
};

TEST_STORE_FIXTURE("rank")

static bool is(annals_date d, int y, int m, int day)
{
    return d.year == y && d.month == m && d.day == day;
}

static void ranks_dates(void **state)
{
    (void)state;
    annals_tl_candidate *c = NULL;
    size_t n = 0;
    assert_int_equal(annals_timeline_candidates(store, "flood", NULL, &c, &n), 0);
    assert_true(n >= 2);
    assert_true(is(c[0].date, 2020, 3, 9));
    for (size_t i = 0; i < n; i++) {
        assert_false(is(c[i].date, 2020, 4, 1));
        if (i)
            assert_true(c[i].score <= c[i - 1].score);
        for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
            assert_true(c[i].features[f] >= 0 && c[i].features[f] <= 1);
    }
    free(c);
    /* the window keeps the March dates out */
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    annals_date_parse_iso(&o.from, "2020-04-15", 10);
    assert_int_equal(annals_timeline_candidates(store, "flood", &o, &c, &n), 0);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++)
        assert_true(c[i].date.month >= 4);
    free(c);
    /* a query with no searchable word */
    assert_int_equal(annals_timeline_candidates(store, "the of", NULL, &c, &n), ANNALS_EINVAL);
}

static void selects_sentences(void **state)
{
    (void)state;
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    o.dates = 2;
    o.sentences = 2;
    annals_timeline *tl = NULL;
    assert_int_equal(annals_timeline_build(store, "flood", &o, &tl), 0);
    assert_true(tl->n_entries >= 1 && tl->n_entries <= 2);
    bool march = false;
    for (size_t i = 0; i < tl->n_entries; i++) {
        const annals_tl_entry *e = &tl->entries[i];
        assert_true(e->n_sentences >= 1 && e->n_sentences <= 2);
        if (i)
            assert_true(annals_date_to_days(e->date) > annals_date_to_days(tl->entries[i - 1].date));
        march |= is(e->date, 2020, 3, 9);
        for (size_t j = 0; j < e->n_sentences; j++) {
            const annals_tl_sentence *s = &e->sentences[j];
            assert_non_null(strstr(s->text, "flood") ? s->text : strstr(s->text, "Flood"));
            assert_null(strstr(s->text, "budget"));
            assert_int_equal(strlen(s->text), s->span.len);
            for (size_t k = 0; k < j; k++)
                assert_true(s->sentence_id != e->sentences[k].sentence_id);
        }
    }
    assert_true(march);
    annals_timeline_free(tl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_dates),
        cmocka_unit_test(selects_sentences),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
