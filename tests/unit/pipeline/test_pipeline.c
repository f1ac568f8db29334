/*
 * test_pipeline.c - ingest of in-memory documents: new, unchanged, replaced, undated;
 * publication dates from directory names.
 */
#include "unit/test_helpers.h"
#include "pipeline/pipeline.h"

static char path[64];

static int teardown(void **state)
{
    (void)state;
    test_remove_store(path);
    return 0;
}

static int problems;
static void on_problem(void *ctx, const char *p, long line, const char *why)
{
    (void)ctx;
    (void)p;
    (void)line;
    (void)why;
    problems++;
}

static void test_incremental(void **state)
{
    (void)state;
    test_store_path(path, sizeof(path), "pipeline");
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    annals_ingest_options o = ANNALS_INGEST_OPTIONS_INIT;
    o.on_problem = on_problem;
    annals_ingest *ing = NULL;
    assert_int_equal(annals_ingest_open(&ing, s, &o), 0);
    const char *a = "date 2024-05-01\nThe ferry resumed today. It had stopped last week.\n";
    const char *a2 = "date 2024-05-01\nThe ferry resumed today after repairs.\n";
    const char *u = "The ferry was repainted.\n";
    assert_int_equal(annals_ingest_buffer(ing, "k/a", a, strlen(a), NULL), 0);
    assert_int_equal(annals_ingest_buffer(ing, "k/u", u, strlen(u), NULL), 0);
    assert_int_equal(annals_ingest_buffer(ing, "k/a", a, strlen(a), NULL), 0);
    assert_int_equal(annals_ingest_buffer(ing, "k/a", a2, strlen(a2), NULL), 0);
    assert_int_equal(annals_ingest_buffer(ing, "k/e", "  \n", 3, NULL), 0);
    assert_int_equal(annals_ingest_finish(ing), 0);
    annals_ingest_counts c;
    annals_ingest_counts_get(ing, &c);
    assert_int_equal(c.ingested, 2);
    assert_int_equal(c.unchanged, 1);
    assert_int_equal(c.replaced, 1);
    assert_int_equal(c.skipped, 1);
    assert_int_equal(c.undated, 1);
    assert_int_equal(c.sentences, 4);
    assert_int_equal(problems, 1);
    annals_ingest_close(ing);
    annals_store_stats st;
    assert_int_equal(annals_store_stats_get(s, &st), 0);
    assert_int_equal(st.documents, 2);
    assert_int_equal(st.sentences, 2);
    assert_int_equal(st.undated_documents, 1);
    assert_int_equal(annals_store_check(s), 0);
    annals_store_close(s);
}

static void test_date_from_path(void **state)
{
    (void)state;
    annals_date d = pipeline_date_from_path("/data/t17/bpoil/InputDocs/2010-04-22/1.htm.txt");
    assert_int_equal(d.year, 2010);
    assert_int_equal(d.month, 4);
    assert_int_equal(d.day, 22);
    d = pipeline_date_from_path("/data/2010-04-22/sub/x.txt");
    assert_int_equal(d.day, 22);
    d = pipeline_date_from_path("/data/2010-04-22.txt");
    assert_int_equal(d.year, 0);
    d = pipeline_date_from_path("/data/2010-02-30/x.txt");
    assert_int_equal(d.year, 0);
    d = pipeline_date_from_path("x.txt");
    assert_int_equal(d.year, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_incremental, teardown),
        cmocka_unit_test(test_date_from_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
