/*
 * test_boundary_mentions.c - the signal word of a day mention and the boundary mentions it
 * marks ("until July 5" against "on July 5"), on an invented text with the English list.
 */
#include <string.h>

#include "annals.h"
#include "timeline/timeline.h"
#include "unit/test_helpers.h"

static const char text[] = "Talks ran from 3 May until\n5 May; Until Friday, SINCE\t2 June. "
                           "They met on 4 May, by (6 May) and before: 8 May, "
                           "and to-7 May. Fromage 9 May, by the 10 May vote.";

/* Is the mention that starts at the first occurrence of day in text a boundary mention. */
static int boundary_at(const hmap *words, const char *day)
{
    const char *p = strstr(text, day);
    assert_non_null(p);
    return tl_boundary_of(words, (const unsigned char *)text, (size_t)(p - text));
}

static void marks_boundary_mentions(void **state)
{
    (void)state;
    hmap words;
    assert_int_equal(tl_boundary_words_load(&words, "en"), 0);
    assert_true(boundary_at(&words, "3 May"));   /* from */
    assert_true(boundary_at(&words, "5 May"));   /* until, across a line break */
    assert_true(boundary_at(&words, "Friday"));  /* Until: folded to lower case */
    assert_true(boundary_at(&words, "2 June"));  /* SINCE, across a tab */
    assert_false(boundary_at(&words, "4 May"));  /* on: the day of an event */
    assert_false(boundary_at(&words, "6 May"));  /* by, but "(" in between */
    assert_false(boundary_at(&words, "8 May"));  /* before, but ":" in between */
    assert_false(boundary_at(&words, "7 May"));  /* to, but "-" in between */
    assert_false(boundary_at(&words, "9 May"));  /* "Fromage" is not "from" */
    assert_false(boundary_at(&words, "10 May")); /* the signal word is "the" */
    /* the start of the text has no signal word */
    assert_false(tl_boundary_of(&words, (const unsigned char *)text, 0));
    hmap_free(&words);
}

static void language_without_list(void **state)
{
    (void)state;
    hmap words;
    assert_int_equal(tl_boundary_words_load(&words, "xx"), 0);
    const char *p = strstr(text, "3 May");
    assert_false(tl_boundary_of(&words, (const unsigned char *)text, (size_t)(p - text)));
    hmap_free(&words);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(marks_boundary_mentions),
        cmocka_unit_test(language_without_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
