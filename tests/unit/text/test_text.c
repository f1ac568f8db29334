/*
 * test_text.c - normalization, sentence splitting and tokens.
 */
#include "unit/test_helpers.h"
#include "annals.h"
#include "text/text.h"
#include "util.h"

static annals_text *open_en(void)
{
    annals_text *t = NULL;
    assert_int_equal(annals_text_open(&t, "en"), 0);
    return t;
}

/* Splits text and compares the sentences with expected (NULL-terminated). */
static void check_split(annals_text *t, const char *text, const char *const *expected)
{
    const annals_span *s;
    size_t n;
    assert_int_equal(annals_text_sentences(t, text, strlen(text), &s, &n), 0);
    size_t want = 0;
    while (expected[want])
        want++;
    for (size_t i = 0; i < n && i < want; i++) {
        char got[512];
        snprintf(got, sizeof(got), "%.*s", (int)s[i].len, text + s[i].off);
        assert_string_equal(got, expected[i]);
    }
    assert_int_equal(n, want);
}

static void test_sentences_news(void **state)
{
    (void)state;
    annals_text *t = open_en();
    check_split(t,
                "The U.S. Secretary of State met Mr. Dupont on Jan. 8 in Paris. They spoke "
                "for an hour.",
                (const char *const[]){"The U.S. Secretary of State met Mr. Dupont on Jan. 8 in "
                                      "Paris.",
                                      "They spoke for an hour.", NULL});
    check_split(t, "Talks resumed in the U.S. The mood was calm.",
                (const char *const[]){"Talks resumed in the U.S.", "The mood was calm.", NULL});
    check_split(t,
                "Bridge reopens after repairs\nThe harbor bridge reopened on Monday, "
                "officials said. \"It is safe,\" said J. R. Ortiz.",
                (const char *const[]){"Bridge reopens after repairs",
                                      "The harbor bridge reopened on Monday, officials said.",
                                      "\"It is safe,\" said J. R. Ortiz.", NULL});
    check_split(t, "Shares rose 3.5 percent to $12.40. Dr. Lee said so!  Really?",
                (const char *const[]){"Shares rose 3.5 percent to $12.40.", "Dr. Lee said so!",
                                      "Really?", NULL});
    check_split(t, "   \n\n  ", (const char *const[]){NULL});
    annals_text_close(t);
}

static void test_long_sentence_is_cut(void **state)
{
    (void)state;
    annals_text *t = open_en();
    buf b = BUF_INIT;
    for (int i = 0; i < 3000; i++)
        assert_int_equal(buf_puts(&b, "word "), 0);
    const annals_span *s;
    size_t n;
    assert_int_equal(annals_text_sentences(t, b.ptr, b.len, &s, &n), 0);
    assert_true(n >= 7);
    for (size_t i = 0; i < n; i++) {
        assert_true(s[i].len <= 2000);
        assert_true(s[i].len > 0);
    }
    buf_free(&b);
    annals_text_close(t);
}

static void test_tokens_terms(void **state)
{
    (void)state;
    annals_text *t = open_en();
    const char *text = "Macron's talks with the Indo-Pacific partners, 2021. Jean-Noël ÉTÉ";
    const annals_token *tok;
    size_t n;
    assert_int_equal(annals_text_tokens(t, text, strlen(text), &tok, &n), 0);
    const char *terms[] = {"macron", "s",       "talk", "with", "the",  "indo",
                           "pacif",  "partner", "2021", "jean", "noel", "ete"};
    assert_int_equal(n, ARRAY_SIZE(terms));
    for (size_t i = 0; i < n; i++)
        assert_string_equal(tok[i].term, terms[i]);
    assert_true(tok[1].stop); /* s */
    assert_true(tok[4].stop); /* the */
    assert_false(tok[0].stop);
    assert_int_equal(tok[0].span.off, 0);
    assert_int_equal(tok[0].span.len, 6);
    char term[64];
    assert_int_equal(annals_text_term(t, "Meetings", 8, term, sizeof(term)), 4);
    assert_string_equal(term, "meet");
    assert_int_equal(annals_text_term(t, "The", 3, term, sizeof(term)), 0);
    annals_text_close(t);
}

/* Terms found in the analyzer's cache are the terms made the first time, whatever the word's
 * length, case, script or the character after it. */
static void test_tokens_cached(void **state)
{
    (void)state;
    annals_text *t = NULL;
    assert_int_equal(annals_text_open(&t, "en"), 0);
    static const char text[] =
        "The MEETINGS meetings Meetings, of 2024 and internationalizations\xc3\xa9 "
        "counterrevolutionaries counterrevolutionary caf\xc3\xa9s Caf\xc3\xa9 "
        "meeting\xe2\x80\x94meeting x9 9x the";
    const annals_token *tok;
    size_t n1, n2;
    assert_int_equal(annals_text_tokens(t, text, sizeof(text) - 1, &tok, &n1), 0);
    char first[64][40];
    annals_span spans[64];
    int stops[64];
    assert_true(n1 > 10 && n1 <= 64);
    for (size_t i = 0; i < n1; i++) {
        snprintf(first[i], sizeof(first[i]), "%s", tok[i].term);
        spans[i] = tok[i].span;
        stops[i] = tok[i].stop;
    }
    for (int round = 0; round < 2; round++) {
        assert_int_equal(annals_text_tokens(t, text, sizeof(text) - 1, &tok, &n2), 0);
        assert_int_equal(n1, n2);
        for (size_t i = 0; i < n1; i++) {
            assert_string_equal(first[i], tok[i].term);
            assert_int_equal(strlen(tok[i].term), tok[i].term_len);
            assert_int_equal(spans[i].off, tok[i].span.off);
            assert_int_equal(spans[i].len, tok[i].span.len);
            assert_int_equal(stops[i], tok[i].stop);
        }
    }
    /* "MEETINGS" and "meetings" share a term; "the" is a stop word */
    assert_string_equal(tok[1].term, tok[2].term);
    assert_string_equal(tok[1].term, "meet");
    assert_true(tok[0].stop);
    annals_text_close(t);
}

/* Index terms are the tokens less stop words, with the same spans and terms. */
static void test_index_terms(void **state)
{
    (void)state;
    annals_text *t = NULL;
    assert_int_equal(annals_text_open(&t, "en"), 0);
    static const char text[] = "The ministers of the EU met in Br\xc3\xbcssel on Monday, and "
                               "they were internationalizing counterrevolutionaries' plans.";
    text_token_vec idx = VEC_INIT;
    buf chars = BUF_INIT;
    assert_int_equal(text_index_terms(t, text, sizeof(text) - 1, &idx, &chars), 0);
    const annals_token *tok;
    size_t n, kept = 0;
    assert_int_equal(annals_text_tokens(t, text, sizeof(text) - 1, &tok, &n), 0);
    for (size_t i = 0; i < n; i++) {
        if (tok[i].stop)
            continue;
        assert_true(kept < idx.len);
        const annals_token *k = &idx.items[kept++];
        assert_int_equal(k->span.off, tok[i].span.off);
        assert_int_equal(k->span.len, tok[i].span.len);
        assert_int_equal(k->term_len, tok[i].term_len);
        assert_memory_equal(chars.ptr + (uintptr_t)k->term, tok[i].term, tok[i].term_len);
    }
    assert_int_equal(kept, idx.len);
    assert_true(kept > 5 && kept < n);
    VEC_FREE(&idx);
    buf_free(&chars);
    annals_text_close(t);
}

static void test_normalize(void **state)
{
    (void)state;
    char *out;
    size_t len, bad;
    /* invalid byte, NUL, CRLF, decomposed e + combining acute */
    const char in[] = "a\xff"
                      "b\0c\r\nd\re\xcc\x81";
    assert_int_equal(annals_text_normalize(in, sizeof(in) - 1, &out, &len, &bad), 0);
    assert_int_equal(bad, 2);
    assert_string_equal(out, "a\xef\xbf\xbd"
                             "b\xef\xbf\xbd"
                             "c\nd\n\xc3\xa9");
    free(out);
    assert_int_equal(annals_text_normalize("", 0, &out, &len, &bad), 0);
    assert_int_equal(len, 0);
    assert_string_equal(out, "");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences_news), cmocka_unit_test(test_long_sentence_is_cut),
        cmocka_unit_test(test_tokens_terms),   cmocka_unit_test(test_tokens_cached),
        cmocka_unit_test(test_normalize),      cmocka_unit_test(test_index_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
