/*
 * test_date_anchor.c - how a mention fixes its day (anchor classes) and the date features
 * built on them (anch_year, anch_day, anch_deictic, anch_vague, month_docs).
 *
 * The classifier is tested on invented mention texts; the features on a small store of
 * invented reports about a storm: one names 4 June 2021 with its year, one by its day
 * number, one as "yesterday" the day after, one as "Friday" a week later, and two name
 * June 2021 as a month.
 */
#include <unistd.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"

static const test_doc docs[] = {
    {"a", "2021-06-05", "The storm flattened the harbour on June 4, 2021.\n"},
    {"b", "2021-06-06", "The storm of June 4 flattened the harbour.\n"},
    {"c", "2021-06-05", "The storm hit the harbour yesterday.\n"},
    {"d", "2021-06-11", "Divers searched the harbour after the storm on Friday last week.\n"},
    {"e", "2021-06-20", "The storm made June 2021 the wettest month on record.\n"},
    {"f", "2021-07-01", "In June 2021 the storm cost the harbour its pier.\n"},
};

TEST_STORE_FIXTURE("anchor")

static int64_t day(int y, int m, int d)
{
    annals_date x = {y, m, d};
    return annals_date_to_days(x);
}

static int anchor(const char *text, int64_t key, int64_t pub)
{
    return tl_anchor_of((const unsigned char *)text, strlen(text), key, pub);
}

static void classifies_mentions(void **state)
{
    (void)state;
    int64_t d = day(2021, 6, 4);
    assert_int_equal(anchor("June 4, 2021", d, day(2021, 6, 5)), TL_ANCHOR_YEAR);
    assert_int_equal(anchor("4 June 2021", d, NO_DATE), TL_ANCHOR_YEAR);
    assert_int_equal(anchor("2021-06-04", d, d), TL_ANCHOR_YEAR);
    /* a four-digit number that is not the day's year is no written year */
    assert_int_equal(anchor("June 4 at 1200", d, day(2021, 8, 1)), TL_ANCHOR_DAY);
    assert_int_equal(anchor("June 4", d, day(2021, 8, 1)), TL_ANCHOR_DAY);
    assert_int_equal(anchor("the 4th", d, day(2021, 6, 4)), TL_ANCHOR_DAY);
    /* no number equal to the day: deictic within a day of publication, vague beyond */
    assert_int_equal(anchor("yesterday", d, day(2021, 6, 5)), TL_ANCHOR_DEICTIC);
    assert_int_equal(anchor("tomorrow", d, day(2021, 6, 3)), TL_ANCHOR_DEICTIC);
    assert_int_equal(anchor("today", d, d), TL_ANCHOR_DEICTIC);
    assert_int_equal(anchor("Friday", d, day(2021, 6, 11)), TL_ANCHOR_VAGUE);
    assert_int_equal(anchor("that day", d, NO_DATE), TL_ANCHOR_VAGUE);
    assert_int_equal(anchor("at 10:30", d, day(2021, 6, 9)), TL_ANCHOR_VAGUE);
    assert_int_equal(anchor("", d, d), TL_ANCHOR_DEICTIC);
    /* a day whose year is unknown */
    int64_t partial = PARTIAL_BASE + 6 * 100 + 4;
    assert_int_equal(anchor("June 4", partial, day(2021, 6, 5)), TL_ANCHOR_DAY);
    assert_int_equal(anchor("then", partial, day(2021, 6, 5)), TL_ANCHOR_VAGUE);
    /* long digit runs do not overflow */
    assert_int_equal(anchor("99999999999999999999 4", d, NO_DATE), TL_ANCHOR_DAY);
}

static double feature(const annals_tl_candidate *c, const char *name)
{
    int f = annals_tl_feature_find(name, strlen(name));
    assert_true(f >= 0);
    return c->features[f];
}

static void anchor_features(void **state)
{
    (void)state;
    annals_tl_candidate *c = NULL;
    size_t n = 0;
    assert_int_equal(annals_timeline_candidates(store, "storm", NULL, &c, &n), 0);
    const annals_tl_candidate *june4 = NULL, *july1 = NULL;
    for (size_t i = 0; i < n; i++) {
        if (c[i].date.year == 2021 && c[i].date.month == 6 && c[i].date.day == 4)
            june4 = &c[i];
        if (c[i].date.year == 2021 && c[i].date.month == 7 && c[i].date.day == 1)
            july1 = &c[i];
    }
    assert_non_null(june4);
    assert_non_null(july1);
    /* one document per class names 4 June; the tagger's reading of "Friday last week" may
     * land elsewhere, so only the three unambiguous classes are required */
    assert_true(feature(june4, "anch_year") > 0);
    assert_true(feature(june4, "anch_day") > 0);
    assert_true(feature(june4, "anch_deictic") > 0);
    /* the month named as a month by two documents; July by none */
    assert_true(feature(june4, "month_docs") > 0);
    assert_true(feature(july1, "month_docs") == 0);
    assert_true(feature(july1, "anch_year") == 0);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classifies_mentions),
        cmocka_unit_test(anchor_features),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
