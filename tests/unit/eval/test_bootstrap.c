/*
 * test_bootstrap.c - bootstrap intervals on hand-made counts and scores whose intervals are
 * known: identical units (zero width, equal to the point), one unit holding every item
 * (zero width: items of a unit move together), two units (bounds are the two per-unit
 * values), determinism, and rejected inputs.
 */
#include "unit/test_helpers.h"

#include <math.h>

#include "annals/eval_bootstrap.h"

/* gold, system, strict, relaxed, type_ok, value_ok of one document */
static annals_timex_counts doc(size_t g, size_t s, size_t st, size_t rel, size_t ty, size_t va)
{
    return (annals_timex_counts){1, g, s, st, rel, ty, va};
}

static void assert_near(double a, double b)
{
    if (fabs(a - b) > 1e-12) {
        print_error("%.17g != %.17g\n", a, b);
        fail();
    }
}

static void assert_timex_equal(const annals_timex_scores *a, const annals_timex_scores *b)
{
    assert_memory_equal(a, b, sizeof(*a));
}

static void test_timex_identical_units(void **state)
{
    (void)state;
    annals_timex_counts d[6], sum = {0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < 6; i++) {
        d[i] = doc(7, 5, 3, 4, 4, 2);
        annals_timex_counts_add(&sum, &d[i]);
    }
    annals_timex_scores point, lo, hi;
    annals_timex_score(&sum, &point);
    assert_int_equal(annals_bootstrap_timex(d, NULL, 6, NULL, &lo, &hi), 0);
    assert_timex_equal(&lo, &point);
    assert_timex_equal(&hi, &point);
    assert_true(point.strict_f1 > 0 && point.strict_f1 < 1);
}

/* Documents that differ, all in one unit: every resample is the whole sample. */
static void test_timex_one_unit(void **state)
{
    (void)state;
    const annals_timex_counts d[3] = {doc(4, 4, 4, 4, 4, 4), doc(5, 2, 0, 1, 0, 0),
                                      doc(3, 6, 1, 3, 2, 1)};
    const size_t units[3] = {42, 42, 42};
    annals_timex_counts sum = {0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < 3; i++)
        annals_timex_counts_add(&sum, &d[i]);
    annals_timex_scores point, lo, hi;
    annals_timex_score(&sum, &point);
    assert_int_equal(annals_bootstrap_timex(d, units, 3, NULL, &lo, &hi), 0);
    assert_timex_equal(&lo, &point);
    assert_timex_equal(&hi, &point);
    /* the same documents as their own units do move */
    assert_int_equal(annals_bootstrap_timex(d, NULL, 3, NULL, &lo, &hi), 0);
    assert_true(lo.strict_f1 < point.strict_f1 && point.strict_f1 < hi.strict_f1);
}

/*
 * Two units, A (two documents) and B (one). A resample is AA, AB or BB; every F1 of the
 * pooled counts is 2 x matches / (gold + system), a mediant, so it lies between A's and B's.
 * With 1000 resamples each of AA and BB comes about 250 times, far more than the 25 below
 * the 2.5% quantile: the bounds are exactly the per-unit values.
 */
static void test_timex_two_units(void **state)
{
    (void)state;
    const annals_timex_counts d[3] = {doc(4, 4, 4, 4, 4, 4), doc(2, 2, 1, 2, 2, 2),
                                      doc(5, 3, 1, 2, 1, 0)};
    const size_t units[3] = {7, 9, 7};
    annals_timex_counts a = {0, 0, 0, 0, 0, 0, 0}, b = {0, 0, 0, 0, 0, 0, 0};
    annals_timex_counts_add(&a, &d[0]);
    annals_timex_counts_add(&a, &d[2]);
    annals_timex_counts_add(&b, &d[1]);
    annals_timex_scores sa, sb, lo, hi;
    annals_timex_score(&a, &sa);
    annals_timex_score(&b, &sb);
    assert_int_equal(annals_bootstrap_timex(d, units, 3, NULL, &lo, &hi), 0);
    const double pairs[][4] = {
        {sa.strict_f1, sb.strict_f1, lo.strict_f1, hi.strict_f1},
        {sa.relaxed_f1, sb.relaxed_f1, lo.relaxed_f1, hi.relaxed_f1},
        {sa.value_f1, sb.value_f1, lo.value_f1, hi.value_f1},
        {sa.type_f1, sb.type_f1, lo.type_f1, hi.type_f1},
    };
    for (size_t k = 0; k < 4; k++) {
        double mn = fmin(pairs[k][0], pairs[k][1]), mx = fmax(pairs[k][0], pairs[k][1]);
        assert_true(mn < mx);
        assert_true(pairs[k][2] == mn);
        assert_true(pairs[k][3] == mx);
    }
}

static void test_timex_deterministic(void **state)
{
    (void)state;
    annals_timex_counts d[20];
    for (size_t i = 0; i < 20; i++)
        d[i] = doc(3 + i % 4, 2 + i % 5, i % 2, 1 + i % 2, i % 2, i % 2);
    annals_timex_scores lo1, hi1, lo2, hi2, lo3, hi3;
    annals_bootstrap_options o = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    assert_int_equal(annals_bootstrap_timex(d, NULL, 20, &o, &lo1, &hi1), 0);
    assert_int_equal(annals_bootstrap_timex(d, NULL, 20, NULL, &lo2, &hi2), 0);
    assert_timex_equal(&lo1, &lo2);
    assert_timex_equal(&hi1, &hi2);
    o.seed = 12345;
    assert_int_equal(annals_bootstrap_timex(d, NULL, 20, &o, &lo3, &hi3), 0);
    assert_true(memcmp(&lo1, &lo3, sizeof(lo1)) != 0 || memcmp(&hi1, &hi3, sizeof(hi1)) != 0);
    /* a narrower level gives a narrower (or equal) interval */
    o.seed = ANNALS_BOOTSTRAP_SEED;
    o.level = 0.5;
    assert_int_equal(annals_bootstrap_timex(d, NULL, 20, &o, &lo3, &hi3), 0);
    assert_true(lo3.strict_f1 >= lo1.strict_f1 && hi3.strict_f1 <= hi1.strict_f1);
    assert_true(hi3.strict_f1 - lo3.strict_f1 < hi1.strict_f1 - lo1.strict_f1);
}

static void test_timex_invalid(void **state)
{
    (void)state;
    annals_timex_counts d[2] = {doc(3, 3, 1, 2, 1, 1), doc(1, 1, 1, 1, 1, 1)};
    annals_timex_scores lo, hi, untouched;
    memset(&untouched, 0x5a, sizeof(untouched));
    lo = hi = untouched;
    annals_bootstrap_options o = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    assert_int_equal(annals_bootstrap_timex(d, NULL, 0, NULL, &lo, &hi), ANNALS_EINVAL);
    o.resamples = 0;
    assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    o.resamples = ANNALS_BOOTSTRAP_MAX_RESAMPLES + 1;
    assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    o.resamples = 10;
    const double bad_levels[] = {0, 1, -0.5, 1.5, NAN, INFINITY};
    for (size_t i = 0; i < sizeof(bad_levels) / sizeof(bad_levels[0]); i++) {
        o.level = bad_levels[i];
        assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    }
    o.level = 0.95;
    d[1].strict = 2; /* more strict than relaxed matches */
    assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    d[1] = doc(1, 1, 1, 1, 2, 1); /* more type matches than matches */
    assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    d[1] = doc(SIZE_MAX / 2 + 1, 1, 0, 0, 0, 0); /* two of these overflow */
    assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    assert_timex_equal(&lo, &untouched);
    assert_timex_equal(&hi, &untouched);
    d[1] = doc(1, 1, 1, 1, 1, 1);
    o.resamples = 1; /* the smallest valid B: both bounds are the one resample's value */
    assert_int_equal(annals_bootstrap_timex(d, NULL, 2, &o, &lo, &hi), 0);
    assert_timex_equal(&lo, &hi);
}

/* A task with precision p and recall r on every measure (ROUGE-2 at half of them). */
static annals_tls_scores task(double p, double r)
{
    annals_tls_scores s;
    memset(&s, 0, sizeof(s));
    for (int m = 0; m < ANNALS_TLS_N_MEASURES; m++) {
        s.rouge[m][0] = (annals_prf){p, r, annals_tls_f1(p, r)};
        s.rouge[m][1] = (annals_prf){p / 2, r / 2, annals_tls_f1(p / 2, r / 2)};
    }
    s.date = (annals_prf){r, p, annals_tls_f1(r, p)};
    return s;
}

static annals_tls_scores tls_point(const annals_tls_scores *t, size_t n)
{
    annals_tls_average avg;
    annals_tls_scores out;
    annals_tls_average_init(&avg);
    for (size_t i = 0; i < n; i++)
        annals_tls_average_add(&avg, &t[i]);
    annals_tls_average_get(&avg, &out);
    return out;
}

static void test_tls_identical_units(void **state)
{
    (void)state;
    /* three topics of two tasks each, every topic the same two tasks */
    const annals_tls_scores t[6] = {task(0.1, 0.3),   task(0.25, 0.05), task(0.1, 0.3),
                                    task(0.25, 0.05), task(0.1, 0.3),   task(0.25, 0.05)};
    const size_t units[6] = {0, 0, 1, 1, 2, 2};
    annals_tls_scores point = tls_point(t, 6), lo, hi;
    assert_int_equal(annals_bootstrap_tls(t, units, 6, NULL, &lo, &hi), 0);
    assert_memory_equal(&lo, &point, sizeof(point));
    assert_memory_equal(&hi, &point, sizeof(point));
    /* the same tasks as units of their own do move */
    assert_int_equal(annals_bootstrap_tls(t, NULL, 6, NULL, &lo, &hi), 0);
    const annals_prf *l = &lo.rouge[ANNALS_TLS_ALIGN_PLUS_M1][0];
    const annals_prf *h = &hi.rouge[ANNALS_TLS_ALIGN_PLUS_M1][0];
    const annals_prf *p = &point.rouge[ANNALS_TLS_ALIGN_PLUS_M1][0];
    assert_true(l->precision < p->precision && p->precision < h->precision);
}

/*
 * Two topics, the second better in both precision and recall (means 0.15/0.15 against
 * 0.3/0.4). A resample's mean P and mean R lie between the topics' and F1 grows with both,
 * so every bound is the worse or the better topic's value (AA and BB each come about 250
 * times in 1000), up to the rounding of sums of different lengths.
 */
static void test_tls_two_units(void **state)
{
    (void)state;
    const annals_tls_scores t[3] = {task(0.1, 0.2), task(0.3, 0.4), task(0.2, 0.1)};
    const size_t units[3] = {1, 0, 1};
    const annals_tls_scores worse_tasks[2] = {t[0], t[2]};
    annals_tls_scores worse = tls_point(worse_tasks, 2), better = tls_point(t + 1, 1), lo, hi;
    assert_int_equal(annals_bootstrap_tls(t, units, 3, NULL, &lo, &hi), 0);
    for (int m = 0; m <= ANNALS_TLS_N_MEASURES; m++) {
        for (int o = 0; o < (m < ANNALS_TLS_N_MEASURES ? 2 : 1); o++) {
            const annals_prf *w = m < ANNALS_TLS_N_MEASURES ? &worse.rouge[m][o] : &worse.date;
            const annals_prf *b = m < ANNALS_TLS_N_MEASURES ? &better.rouge[m][o] : &better.date;
            const annals_prf *l = m < ANNALS_TLS_N_MEASURES ? &lo.rouge[m][o] : &lo.date;
            const annals_prf *h = m < ANNALS_TLS_N_MEASURES ? &hi.rouge[m][o] : &hi.date;
            assert_true(w->f_score < b->f_score);
            assert_near(l->precision, w->precision);
            assert_near(h->precision, b->precision);
            assert_near(l->recall, w->recall);
            assert_near(h->recall, b->recall);
            assert_near(l->f_score, w->f_score);
            assert_near(h->f_score, b->f_score);
        }
    }
}

static void test_tls_units_null_means_own(void **state)
{
    (void)state;
    annals_tls_scores t[12], lo1, hi1, lo2, hi2;
    size_t units[12];
    for (size_t i = 0; i < 12; i++) {
        t[i] = task(0.05 + 0.02 * (double)(i % 5), 0.1 + 0.03 * (double)(i % 4));
        units[i] = 100 + i;
    }
    assert_int_equal(annals_bootstrap_tls(t, NULL, 12, NULL, &lo1, &hi1), 0);
    assert_int_equal(annals_bootstrap_tls(t, units, 12, NULL, &lo2, &hi2), 0);
    assert_memory_equal(&lo1, &lo2, sizeof(lo1));
    assert_memory_equal(&hi1, &hi2, sizeof(hi1));
}

static void test_tls_invalid(void **state)
{
    (void)state;
    annals_tls_scores t[2] = {task(0.1, 0.2), task(0.2, 0.1)}, lo, hi;
    assert_int_equal(annals_bootstrap_tls(t, NULL, 0, NULL, &lo, &hi), ANNALS_EINVAL);
    t[1].rouge[ANNALS_TLS_CONCAT][1].recall = NAN;
    assert_int_equal(annals_bootstrap_tls(t, NULL, 2, NULL, &lo, &hi), ANNALS_EINVAL);
    t[1] = task(0.2, 0.1);
    t[0].date.precision = INFINITY;
    assert_int_equal(annals_bootstrap_tls(t, NULL, 2, NULL, &lo, &hi), ANNALS_EINVAL);
    t[0] = task(0.1, 0.2);
    annals_bootstrap_options o = ANNALS_BOOTSTRAP_OPTIONS_INIT;
    o.resamples = 0;
    assert_int_equal(annals_bootstrap_tls(t, NULL, 2, &o, &lo, &hi), ANNALS_EINVAL);
    o.resamples = 1000;
    assert_int_equal(annals_bootstrap_tls(t, NULL, 2, &o, &lo, &hi), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timex_identical_units),
        cmocka_unit_test(test_timex_one_unit),
        cmocka_unit_test(test_timex_two_units),
        cmocka_unit_test(test_timex_deterministic),
        cmocka_unit_test(test_timex_invalid),
        cmocka_unit_test(test_tls_identical_units),
        cmocka_unit_test(test_tls_two_units),
        cmocka_unit_test(test_tls_units_null_means_own),
        cmocka_unit_test(test_tls_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
