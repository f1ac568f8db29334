/*
 * test_timeline_summary.c - sentence selection rules on a small store built here.
 *
 * Invented reports. A hurricane reported on its own day in one short article, and at more
 * length the next day without naming the day: the day's entry must come from the day's own
 * report. A flood on two days where one sentence names both days and is the only sentence
 * of the later day: the later day must keep it and the earlier day take another.
 * Also: given dates are summarized as given (outside the window or repeated ones dropped),
 * the summary options change what is chosen, and the objectives keep the rules (the learned
 * one with a model that has sentence weights, and without: then it is the centroid's).
 */
#include <unistd.h>

#include "annals.h"
#include "unit/test_helpers.h"

static const test_doc docs[] = {
    {"h1", "2021-06-01", "A hurricane reached the harbour town tonight.\n"},
    {"h2", "2021-06-02", "Hurricane damage repair crews cleared roofs and roads all morning.\n"
                         "Hurricane repair crews said damage to roofs and roads was heavy.\n"
                         "Repair crews counted hurricane damage to roofs, roads and cars.\n"},
    {"f1", "2021-07-07", "The flood of July 4 and the flood of July 6 closed the river road.\n"},
    {"f2", "2021-07-05", "On July 4 the flood closed the river road near the old mill.\n"
                         "The flood on July 4 closed the river road and the bridge.\n"},
};

TEST_STORE_FIXTURE("summary")

/* A model whose sentence weights favour sentences close to the centroid and naming the day. */
static annals_tl_model *sentence_model(void)
{
    static const char text[] = "format\tannals-date-model\t1\n"
                               "sentence\tcos_centroid\t1\n"
                               "sentence\tnames_date\t0.5\n"
                               "sentence\tshort\t-0.2\n";
    annals_tl_model *m = NULL;
    char err[128];
    assert_int_equal(annals_tl_model_parse(&m, text, sizeof(text) - 1, err, sizeof(err)), 0);
    return m;
}

static annals_date day(const char *iso)
{
    annals_date d;
    assert_int_equal(annals_date_parse_iso(&d, iso, strlen(iso)), 0);
    return d;
}

static bool same_day(annals_date a, annals_date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static void own_report_first(void **state)
{
    (void)state;
    annals_date given[1] = {day("2021-06-01")};
    annals_tl_model *m = sentence_model();
    for (int objective = 0; objective < 4; objective++) {
        annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
        o.sentences = 1;
        o.given_dates = given;
        o.n_given_dates = 1;
        o.summary.objective = objective < 3 ? objective : ANNALS_TL_LEARNED;
        o.model = objective == 3 ? m : NULL;
        o.summary.min_terms = 0; /* the day's report is short */
        annals_timeline *tl = NULL;
        assert_int_equal(annals_timeline_build(store, "hurricane", &o, &tl), 0);
        assert_int_equal(tl->n_entries, 1);
        assert_true(same_day(tl->entries[0].date, given[0]));
        assert_int_equal(tl->entries[0].n_sentences, 1);
        assert_string_equal(tl->entries[0].sentences[0].source, "h1");
        annals_timeline_free(tl);
    }
    annals_tl_model_free(m);
    /* with two sentences asked for, the next day's reports fill in after the day's own */
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    o.sentences = 2;
    o.given_dates = given;
    o.n_given_dates = 1;
    o.summary.min_terms = 0;
    annals_timeline *tl = NULL;
    assert_int_equal(annals_timeline_build(store, "hurricane", &o, &tl), 0);
    assert_int_equal(tl->n_entries, 1);
    assert_int_equal(tl->entries[0].n_sentences, 2);
    bool own = false, next = false;
    for (size_t i = 0; i < 2; i++) {
        own |= strcmp(tl->entries[0].sentences[i].source, "h1") == 0;
        next |= strcmp(tl->entries[0].sentences[i].source, "h2") == 0;
    }
    assert_true(own && next);
    annals_timeline_free(tl);
    /* and never when next-day leads are switched off */
    o.summary.next_day = 0;
    assert_int_equal(annals_timeline_build(store, "hurricane", &o, &tl), 0);
    assert_int_equal(tl->n_entries, 1);
    assert_int_equal(tl->entries[0].n_sentences, 1);
    annals_timeline_free(tl);
}

static void no_entry_starves(void **state)
{
    (void)state;
    annals_date given[2] = {day("2021-07-04"), day("2021-07-06")};
    annals_tl_model *m = sentence_model();
    for (int objective = 0; objective < 4; objective++) {
        annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
        o.sentences = 1;
        o.given_dates = given;
        o.n_given_dates = 2;
        o.summary.objective = objective < 3 ? objective : ANNALS_TL_LEARNED;
        o.model = objective == 3 ? m : NULL;
        annals_timeline *tl = NULL;
        assert_int_equal(annals_timeline_build(store, "flood", &o, &tl), 0);
        assert_int_equal(tl->n_entries, 2);
        assert_true(same_day(tl->entries[0].date, given[0]));
        assert_true(same_day(tl->entries[1].date, given[1]));
        assert_int_equal(tl->entries[0].n_sentences, 1);
        assert_int_equal(tl->entries[1].n_sentences, 1);
        assert_string_equal(tl->entries[0].sentences[0].source, "f2");
        assert_string_equal(tl->entries[1].sentences[0].source, "f1");
        annals_timeline_free(tl);
    }
    annals_tl_model_free(m);
}

static void given_dates_respect_window(void **state)
{
    (void)state;
    annals_date given[4] = {day("2021-07-04"), day("2021-07-04"), day("2021-07-06"),
                            {2021, 2, 30}};
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    o.given_dates = given;
    o.n_given_dates = 4;
    o.to = day("2021-07-05");
    annals_timeline *tl = NULL;
    assert_int_equal(annals_timeline_build(store, "flood", &o, &tl), 0);
    assert_int_equal(tl->n_entries, 1);
    assert_true(same_day(tl->entries[0].date, given[0]));
    assert_true(tl->entries[0].n_sentences >= 1);
    annals_timeline_free(tl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(own_report_first),
        cmocka_unit_test(no_entry_starves),
        cmocka_unit_test(given_dates_respect_window),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
