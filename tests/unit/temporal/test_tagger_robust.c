/*
 * test_tagger_robust.c - the tagger on hostile input: a 50 MB line, NUL bytes, invalid
 * UTF-8, truncated sequences at the end, and reuse of one handle across calls.
 * Every span must lie inside the input; expressions inside junk must still be found.
 */
#include "unit/test_helpers.h"

#include "annals/temporal.h"

static void check_spans(const annals_timex *x, size_t n, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        assert_true((size_t)x[i].span.off + x[i].span.len <= len);
        assert_true(x[i].span.len > 0);
        assert_true(x[i].value[0] != '\0');
        if (i > 0)
            assert_true(x[i].span.off >= x[i - 1].span.off + x[i - 1].span.len);
    }
}

static void test_huge_line(void **state)
{
    (void)state;
    annals_tagger *t;
    assert_int_equal(annals_tagger_open(&t, NULL), 0);
    const size_t len = 50u << 20;
    char *s = malloc(len);
    assert_non_null(s);
    /* One line of filler words with a date every 1 MB and no sentence end. */
    for (size_t i = 0; i < len; i++)
        s[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 5);
    const char date[] = " on March 3, 2011 ";
    size_t planted = 0;
    for (size_t off = 1000; off + sizeof(date) < len; off += 1u << 20, planted++)
        memcpy(s + off, date, sizeof(date) - 1);
    annals_date dct = {2011, 3, 10};
    const annals_timex *x;
    size_t n;
    assert_int_equal(annals_tagger_tag(t, s, len, &dct, &x, &n), 0);
    check_spans(x, n, len);
    assert_int_equal(n, planted);
    assert_string_equal(x[0].value, "2011-03-03");
    free(s);
    annals_tagger_close(t);
}

static void test_binary_junk(void **state)
{
    (void)state;
    annals_tagger *t;
    assert_int_equal(annals_tagger_open(&t, NULL), 0);
    static const char junk[] = "\xff\xfe\x00\x01 Oct.\x00 5 \xc3\x28 \xed\xa0\x80 yesterday "
                               "\xe2\x80\x99 1999-12-31 \xf0\x9f\x98";
    const annals_timex *x;
    size_t n;
    annals_date dct = {2021, 10, 5};
    assert_int_equal(annals_tagger_tag(t, junk, sizeof(junk) - 1, &dct, &x, &n), 0);
    check_spans(x, n, sizeof(junk) - 1);
    int found_yesterday = 0, found_iso = 0;
    for (size_t i = 0; i < n; i++) {
        found_yesterday |= strcmp(x[i].value, "2021-10-04") == 0;
        found_iso |= strcmp(x[i].value, "1999-12-31") == 0;
    }
    assert_true(found_yesterday && found_iso);
    /* Every prefix of the junk, so each truncation point is tried. */
    for (size_t l = 0; l < sizeof(junk) - 1; l++) {
        char *copy = malloc(l ? l : 1);
        memcpy(copy, junk, l);
        assert_int_equal(annals_tagger_tag(t, copy, l, NULL, &x, &n), 0);
        check_spans(x, n, l);
        free(copy);
    }
    /* Invalid reference dates count as unknown. */
    annals_date bad = {2021, 2, 30};
    assert_int_equal(annals_tagger_tag(t, "yesterday", 9, &bad, &x, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(x[0].value, "XXXX-XX-XX");
    annals_tagger_close(t);
    annals_tagger_close(NULL);
}

static void test_unknown_language(void **state)
{
    (void)state;
    annals_tagger *t = NULL;
    annals_tagger_options o = ANNALS_TAGGER_OPTIONS_INIT;
    o.lang = "xx";
    assert_int_equal(annals_tagger_open(&t, &o), ANNALS_EINVAL);
    assert_null(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_unknown_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
