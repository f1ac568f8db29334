/*
 * test_date_evidence.c - the date features of round 5: outlets naming a day (src_docs and
 * the outlet of a source path), the best query relevance of a naming sentence (ment_best),
 * PageRank in the graph publication day -> named day (date_rank) and the kernel-smoothed
 * document count (kern_docs).
 *
 * A small store of invented reports about a flood: two outlets ("wire", "daily") name
 * 4 June 2021, one names 10 June 2021 with fewer query words.
 */
#include <unistd.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"

static const test_doc docs[] = {
    {"wire/2021-06-05/a", "2021-06-05", "The flood reached the river town on June 4, 2021.\n"},
    {"daily/2021-06-06/b", "2021-06-06", "The flood of June 4 closed the river bridge.\n"},
    {"wire/2021-06-12/c", "2021-06-12", "A flood warning was issued on June 10, 2021.\n"},
};

TEST_STORE_FIXTURE("evidence")

static size_t outlet(const char *source, const char *want)
{
    size_t n = tl_outlet_len(source);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(source, want, n);
    return n;
}

static void outlet_of_sources(void **state)
{
    (void)state;
    outlet("data/storm_wire/InputDocs/2010-04-20/1622.htm.txt", "data/storm_wire/InputDocs");
    outlet("news/2010/04/x.txt", "news");
    outlet("/srv/daily/a.txt", "/srv/daily");
    outlet("a", "");
    outlet("2010-04-20/a.txt", "");
    outlet("", "");
    assert_int_equal(tl_outlet_len(NULL), 0);
}

static const annals_tl_candidate *find(const annals_tl_candidate *c, size_t n, int m, int d)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].date.year == 2021 && c[i].date.month == m && c[i].date.day == d)
            return &c[i];
    fail_msg("no candidate 2021-%02d-%02d", m, d);
    return NULL;
}

static double feature(const annals_tl_candidate *c, const char *name)
{
    int f = annals_tl_feature_find(name, strlen(name));
    assert_true(f >= 0);
    return c->features[f];
}

static void evidence_features(void **state)
{
    (void)state;
    annals_tl_candidate *c = NULL;
    size_t n = 0;
    assert_int_equal(annals_timeline_candidates(store, "flood river", NULL, &c, &n), 0);
    const annals_tl_candidate *june4 = find(c, n, 6, 4), *june10 = find(c, n, 6, 10);
    const annals_tl_candidate *june5 = find(c, n, 6, 5), *june12 = find(c, n, 6, 12);
    /* two outlets name 4 June, one names 10 June */
    assert_true(feature(june4, "src_docs") > feature(june10, "src_docs"));
    assert_true(feature(june10, "src_docs") > 0);
    assert_true(feature(june5, "src_docs") == 0);
    /* 4 June is named by sentences with both query words, 10 June by one with one */
    assert_true(feature(june4, "ment_best") > feature(june10, "ment_best"));
    assert_true(feature(june10, "ment_best") > 0);
    /* two publication days point at 4 June, one at 10 June */
    assert_true(feature(june4, "date_rank") > feature(june10, "date_rank"));
    assert_true(feature(june10, "date_rank") > feature(june5, "date_rank"));
    /* 5 June lies one day from 4 June (two documents), 12 June two days from 10 June (one) */
    assert_true(feature(june5, "kern_docs") > feature(june12, "kern_docs"));
    assert_true(feature(june4, "kern_docs") > feature(june5, "kern_docs"));
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
            assert_true(c[i].features[f] >= 0 && c[i].features[f] <= 1);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outlet_of_sources),
        cmocka_unit_test(evidence_features),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
