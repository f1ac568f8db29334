/*
 * test_timex_score.c - TempEval-3 time-expression scoring on hand-made alignments with
 * hand-computed scores.
 */
#include "unit/test_helpers.h"

#include <math.h>

#include "annals/eval_timex.h"

#define TX(o, l, ty, v) {{(o), (l)}, "", (ty), (v), "", NULL}

static void assert_near(double a, double b)
{
    if (fabs(a - b) > 1e-9) {
        print_error("%.12f != %.12f\n", a, b);
        fail();
    }
}

/* Four gold, four system: one exact match, one overlap with a wrong value, one exact match
   with a wrong type, one missed, one spurious. */
static void test_mixed_document(void **state)
{
    (void)state;
    const annals_timeml_timex gold[] = {
        TX(0, 5, "DATE", "2020"),
        TX(10, 10, "DURATION", "P1W"),
        TX(30, 4, "DATE", "2020-03"),
        TX(40, 3, "TIME", "T1"),
    };
    const annals_timeml_timex sys[] = {
        TX(50, 2, "DATE", "X"), /* listed first on purpose: input order must not matter */
        TX(0, 5, "DATE", "2020"),
        TX(12, 4, "DURATION", "P7D"),
        TX(30, 4, "SET", "2020-03"),
    };
    annals_timex_counts c = {0, 0, 0, 0, 0, 0, 0};
    annals_timex_pair *pairs = NULL;
    size_t np = 0;
    assert_int_equal(annals_timex_align(gold, 4, sys, 4, &c, &pairs, &np), 0);
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.gold, 4);
    assert_int_equal(c.system, 4);
    assert_int_equal(c.strict, 2);
    assert_int_equal(c.relaxed, 3);
    assert_int_equal(c.type_ok, 2);
    assert_int_equal(c.value_ok, 2);

    /* pairs in text order: G0/S1 strict, G1/S2 relaxed, G2/S3 strict, G3 missed, S0 spurious */
    assert_int_equal(np, 5);
    assert_int_equal(pairs[0].gold, 0);
    assert_int_equal(pairs[0].system, 1);
    assert_int_equal(pairs[0].outcome, ANNALS_TIMEX_STRICT);
    assert_int_equal(pairs[1].gold, 1);
    assert_int_equal(pairs[1].system, 2);
    assert_int_equal(pairs[1].outcome, ANNALS_TIMEX_RELAXED);
    assert_int_equal(pairs[1].value_ok, 0);
    assert_int_equal(pairs[1].type_ok, 1);
    assert_int_equal(pairs[2].outcome, ANNALS_TIMEX_STRICT);
    assert_int_equal(pairs[2].type_ok, 0);
    assert_int_equal(pairs[2].value_ok, 1);
    assert_int_equal(pairs[3].gold, 3);
    assert_int_equal(pairs[3].system, -1);
    assert_int_equal(pairs[3].outcome, ANNALS_TIMEX_MISSED);
    assert_int_equal(pairs[4].gold, -1);
    assert_int_equal(pairs[4].system, 0);
    assert_int_equal(pairs[4].outcome, ANNALS_TIMEX_SPURIOUS);
    free(pairs);

    annals_timex_scores s;
    annals_timex_score(&c, &s);
    assert_near(s.strict_p, 0.5);
    assert_near(s.strict_r, 0.5);
    assert_near(s.strict_f1, 0.5);
    assert_near(s.relaxed_p, 0.75);
    assert_near(s.relaxed_r, 0.75);
    assert_near(s.relaxed_f1, 0.75);
    assert_near(s.type_accuracy, 2.0 / 3.0);
    assert_near(s.type_f1, 0.5);
    assert_near(s.value_accuracy, 2.0 / 3.0);
    assert_near(s.value_f1, 0.5);
}

/* Alignment is one to one: a second overlapping system expression is spurious. */
static void test_one_to_one(void **state)
{
    (void)state;
    const annals_timeml_timex gold[] = {TX(0, 10, "DATE", "A")};
    const annals_timeml_timex sys[] = {TX(0, 3, "DATE", "A"), TX(5, 3, "DATE", "A")};
    annals_timex_counts c = {0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(annals_timex_align(gold, 1, sys, 2, &c, NULL, NULL), 0);
    assert_int_equal(c.relaxed, 1);
    assert_int_equal(c.strict, 0);
    annals_timex_scores s;
    annals_timex_score(&c, &s);
    assert_near(s.relaxed_p, 0.5);
    assert_near(s.relaxed_r, 1.0);
    assert_near(s.relaxed_f1, 2.0 / 3.0);
    assert_near(s.strict_f1, 0.0);
    assert_near(s.value_f1, 2.0 / 3.0);

    /* one system expression over two gold ones matches the first only */
    const annals_timeml_timex gold2[] = {TX(0, 4, "DATE", "A"), TX(5, 4, "DATE", "B")};
    const annals_timeml_timex sys2[] = {TX(0, 9, "DATE", "B")};
    annals_timex_counts c2 = {0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(annals_timex_align(gold2, 2, sys2, 1, &c2, NULL, NULL), 0);
    assert_int_equal(c2.relaxed, 1);
    assert_int_equal(c2.value_ok, 0);
}

/* An identical span is preferred over an earlier overlapping one. */
static void test_prefers_exact(void **state)
{
    (void)state;
    const annals_timeml_timex gold[] = {TX(0, 10, "DATE", "A")};
    const annals_timeml_timex sys[] = {TX(0, 4, "DATE", "A"), TX(0, 10, "DATE", "A")};
    annals_timex_counts c = {0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(annals_timex_align(gold, 1, sys, 2, &c, NULL, NULL), 0);
    assert_int_equal(c.strict, 1);
    assert_int_equal(c.relaxed, 1);
}

/* Touching spans do not overlap; empty spans never match. */
static void test_boundaries(void **state)
{
    (void)state;
    const annals_timeml_timex gold[] = {TX(0, 5, "DATE", "A"), TX(20, 0, "DATE", "B")};
    const annals_timeml_timex sys[] = {TX(5, 3, "DATE", "A"), TX(20, 0, "DATE", "B")};
    annals_timex_counts c = {0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(annals_timex_align(gold, 2, sys, 2, &c, NULL, NULL), 0);
    assert_int_equal(c.relaxed, 0);
    assert_int_equal(c.gold, 2);
    assert_int_equal(c.system, 2);
}

/* Counts are summed over documents before dividing (micro average). */
static void test_micro_average(void **state)
{
    (void)state;
    const annals_timeml_timex a[] = {TX(0, 4, "DATE", "A")};
    const annals_timeml_timex b[] = {TX(0, 4, "DATE", "A"), TX(9, 4, "DATE", "B"),
                                     TX(20, 2, "DATE", "C")};
    annals_timex_counts c = {0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(annals_timex_align(a, 1, a, 1, &c, NULL, NULL), 0);
    assert_int_equal(annals_timex_align(b, 3, NULL, 0, &c, NULL, NULL), 0);
    assert_int_equal(c.docs, 2);
    annals_timex_scores s;
    annals_timex_score(&c, &s);
    assert_near(s.relaxed_p, 1.0);
    assert_near(s.relaxed_r, 0.25);
    assert_near(s.relaxed_f1, 0.4);
    assert_near(s.value_accuracy, 1.0);
    assert_near(s.value_f1, 0.4);
}

/* The toolkit's conventions for empty evaluations. */
static void test_empty(void **state)
{
    (void)state;
    annals_timex_counts none = {1, 0, 0, 0, 0, 0, 0};
    annals_timex_scores s;
    annals_timex_score(&none, &s);
    assert_near(s.relaxed_f1, 1.0);
    assert_near(s.value_f1, 1.0);
    annals_timex_counts missed = {1, 3, 0, 0, 0, 0, 0};
    annals_timex_score(&missed, &s);
    assert_near(s.relaxed_p, 0.0);
    assert_near(s.relaxed_f1, 0.0);
    assert_near(s.value_accuracy, 0.0);
    assert_near(s.value_f1, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_document), cmocka_unit_test(test_one_to_one),
        cmocka_unit_test(test_prefers_exact),  cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_micro_average),  cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
