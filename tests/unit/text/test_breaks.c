/*
 * test_breaks.c - the ASCII sentence-boundary rules give ICU's boundaries.
 *
 * Random texts over an alphabet that holds every ASCII Sentence_Break class plus a few
 * non-ASCII characters (so paragraphs go both ways, and runs of them go to ICU together)
 * are split with ICU alone and with the mixed path; the boundary lists must be equal.
 */
#include "unit/test_helpers.h"
#include "annals.h"
#include "text/text.h"

/* clang-format off */
static const char *const pieces[] = {
    ".", ".", ".", "!", "?", " ", " ", " ", "\t", "\n", "\n", "\r", "\"", "'", "(", ")", "[",
    "]", ",", "-", ":", ";", "a", "b", "x", "A", "B", "Z", "7", "0", "$", "#", "U.S.", "Mr.",
    "\x01", "\x7f",
    "\xc3\xa9",     /* e acute: Lower */
    "\xe2\x80\x99", /* right single quotation mark: Close */
    "\xe2\x80\xa9", /* paragraph separator: Sep */
    "\xc2\x85",     /* next line: Sep */
    "\xe3\x80\x82", /* ideographic full stop: STerm */
};
/* clang-format on */

/* A deterministic generator: the same texts on every run. */
static uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void compare(annals_text *t, const char *text, size_t len)
{
    assert_int_equal(text_breaks(t, text, len, 1), 0);
    size_t n = t->bounds.len;
    uint32_t want[512];
    assert_true(n <= 512);
    memcpy(want, t->bounds.items, n * sizeof(*want));
    assert_int_equal(text_breaks(t, text, len, 0), 0);
    if (t->bounds.len != n || memcmp(want, t->bounds.items, n * sizeof(*want)) != 0)
        fail_msg("boundaries differ from ICU's on \"%.*s\"", (int)len, text);
}

static void test_ascii_rules_match_icu(void **state)
{
    (void)state;
    annals_text *t = NULL;
    assert_int_equal(annals_text_open(&t, "en"), 0);
    uint32_t seed = 12345;
    char text[400];
    for (int round = 0; round < 30000; round++) {
        size_t len = 0;
        size_t n = 1 + next_rand(&seed) % 60;
        /* a third of the texts are ASCII only, so whole texts take the fast path */
        size_t alphabet = round % 3 == 0 ? ARRAY_SIZE(pieces) - 5 : ARRAY_SIZE(pieces);
        for (size_t i = 0; i < n; i++) {
            const char *p = pieces[next_rand(&seed) % alphabet];
            size_t pl = strlen(p);
            memcpy(text + len, p, pl);
            len += pl;
        }
        compare(t, text, len);
    }
    /* runs that need SB8's look-ahead over many characters */
    static const char *const fixed[] = {
        "He left at 5 p.m. (local time) and was fine.",
        "Etc.  \"  ( 123 ) -- and so on. Then it ended",
        "A.\n\nB. c. D.E.F.G.",
        "end.)   'x' Next.",
        "",
    };
    for (size_t i = 0; fixed[i][0]; i++)
        compare(t, fixed[i], strlen(fixed[i]));
    annals_text_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_rules_match_icu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
