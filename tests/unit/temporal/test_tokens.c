/*
 * test_tokens.c - the tagger's tokenizer (src/temporal/tokens.c) against a plain reference:
 * the straightforward one-byte-at-a-time cutter it replaced (a lower-case copy of each word
 * looked up in the lexicon's hash map), kept here verbatim in spirit. On random texts built
 * from lexicon words in mixed case, dotted abbreviations, numbers with groups and decimals,
 * punctuation, typographic marks, NBSP, invalid bytes, blank lines and long words, both must
 * give the same tokens (every field) and the same stop offset, for several window sizes.
 */
#include "unit/test_helpers.h"

#include "temporal/temporal.h"
#include "util.h"

#define NUM_CAP 1000000000000LL

/* The reference cutter. */
static int ref_cut(const lexicon *lx, const char *text, size_t len, size_t start, size_t max,
               token_vec *out, size_t *stop_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = start;
    unsigned pending = TF_SPACE | TF_SENT; /* flags for the next token */
    size_t first = out->len;
    char low[64];
    while (i < len) {
        unsigned char c = s[i];
        if (out->len - first >= max)
            break;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0) {
            pending |= TF_SPACE;
            i++;
            continue;
        }
        if (c == '\n') {
            /* A blank line, or a line break after a sentence-final mark, starts a sentence. */
            if (pending & TF_NEWLINE)
                pending |= TF_SENT;
            if (out->len > first) {
                const token *p = &out->items[out->len - 1];
                if (p->kind == TK_PUNCT && (p->ch == '.' || p->ch == '!' || p->ch == '?'))
                    pending |= TF_SENT;
                /* Stop at a paragraph end once the window is half full. */
                if ((pending & TF_NEWLINE) && out->len - first >= max / 2)
                    break;
            }
            pending |= TF_SPACE | TF_NEWLINE;
            i++;
            continue;
        }
        token t;
        memset(&t, 0, sizeof(t));
        t.off = (uint32_t)i;
        t.lex = -1;
        t.flags = (uint8_t)(pending & (TF_SPACE | TF_NEWLINE | TF_SENT));
        if (ascii_isalpha(c)) {
            size_t j = i, run = 0, nlow = 0;
            bool dotted = false, allcap = true;
            for (;;) {
                while (j < len && ascii_isalpha(s[j])) {
                    if (s[j] >= 'a')
                        allcap = false;
                    char lc = (char)ascii_lower(s[j]);
                    if (nlow < sizeof(low))
                        low[nlow] = lc;
                    nlow++;
                    j++;
                    run++;
                }
                /* "p.m.", "U.S.": runs of at most two letters joined by dots. */
                if (run <= 2 && j + 1 < len && s[j] == '.' && ascii_isalpha(s[j + 1]) &&
                    (j + 2 >= len || !ascii_isalpha(s[j + 2]) || s[j + 2] == '.' ||
                     (j + 3 < len && s[j + 3] == '.'))) {
                    if (nlow < sizeof(low))
                        low[nlow] = '.';
                    nlow++;
                    j++;
                    run = 0;
                    dotted = true;
                    continue;
                }
                break;
            }
            if (dotted && j < len && s[j] == '.') {
                if (nlow < sizeof(low))
                    low[nlow] = '.';
                nlow++;
                j++;
            }
            t.kind = TK_WORD;
            t.len = (uint32_t)(j - i);
            if (c <= 'Z')
                t.flags |= TF_CAP;
            if (allcap && t.len > 1)
                t.flags |= TF_ALLCAP;
            if (nlow <= sizeof(low) &&
                lexicon_maybe(lx, lex_hash((const unsigned char *)low, nlow)))
                t.lex = lexicon_find(lx, low, nlow);
            i = j;
        } else if (ascii_isdigit(c)) {
            size_t j = i;
            int64_t v = 0;
            while (j < len && ascii_isdigit(s[j])) {
                if (v < NUM_CAP)
                    v = v * 10 + (s[j] - '0');
                j++;
            }
            t.ndig = (uint8_t)(j - i > 255 ? 255 : j - i);
            /* Thousands groups: ",ddd" not followed by another digit. */
            while (j + 3 < len + 0 && s[j] == ',' && ascii_isdigit(s[j + 1]) &&
                   ascii_isdigit(s[j + 2]) && ascii_isdigit(s[j + 3]) &&
                   (j + 4 >= len || !ascii_isdigit(s[j + 4])) && t.ndig <= 3) {
                t.flags |= TF_BIGNUM;
                j += 4;
            }
            if (j + 1 < len && s[j] == '.' && ascii_isdigit(s[j + 1])) {
                t.flags |= TF_BIGNUM;
                j++;
                while (j < len && ascii_isdigit(s[j]))
                    j++;
            }
            t.kind = TK_NUM;
            t.num = v;
            t.len = (uint32_t)(j - i);
            i = j;
        } else if (c < 0x80) {
            t.kind = TK_PUNCT;
            t.ch = (char)c;
            t.len = 1;
            i++;
        } else {
            uint32_t cp;
            size_t n = utf8_decode(s + i, s + len, &cp);
            if (cp == 0x2019 || cp == 0x2018) {
                t.kind = TK_PUNCT;
                t.ch = '\'';
            } else if (cp == 0x2013 || cp == 0x2014) {
                t.kind = TK_PUNCT;
                t.ch = '-';
            } else if (cp == 0xA0) {
                pending |= TF_SPACE;
                i += n;
                continue;
            } else {
                t.kind = TK_OTHER;
            }
            t.len = (uint32_t)n;
            i += n;
        }
        pending = 0;
        if (t.lex >= 0 ? (lx->entries.items[t.lex].flags & LEX_START) != 0
                       : t.kind == TK_NUM || (t.kind == TK_PUNCT && t.ch == '\''))
            t.flags |= TF_START;
        /* A capital or digit after a sentence-final mark and a space starts a sentence. */
        if (out->len > first && (t.flags & TF_SPACE) && !(t.flags & TF_SENT)) {
            const token *p = &out->items[out->len - 1];
            if (p->kind == TK_PUNCT && (p->ch == '.' || p->ch == '!' || p->ch == '?') &&
                ((t.kind == TK_WORD && (t.flags & TF_CAP)) || t.kind == TK_PUNCT))
                t.flags |= TF_SENT;
        }
        if (VEC_PUSH(out, t) < 0)
            return ANNALS_ENOMEM;
        if (out->len - first >= max / 2 && (t.flags & TF_SENT) && out->len - first > 1) {
            /* Cut before a sentence start once the window is half full. */
            out->len--;
            i = t.off;
            break;
        }
    }
    *stop_out = i;
    return 0;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* Appends one random piece: mostly words (lexicon words in random case), some numbers,
 * punctuation and odd bytes. */
static void piece(buf *b, const lexicon *lx)
{
    static const char *const bits[] = {
        " ", " ", " ", "  ", "\n", "\n\n", "\t", ". ", ", ", "! ", "? ", ".", "'", "-", "$",
        ":", "/", "%", "p.m.", "U.S.", "a.m", "e.g.", "A.B.C.", "x.y", "\xe2\x80\x99",
        "\xe2\x80\x93", "\xe2\x80\x94", "\xc2\xa0", "\xc3\xa9t\xc3\xa9", "\xff", "\xe2\x80",
        "1,000", "2,000,000", "1.5", "12,34", "3:30", "1990s", "'90s", "2010-01-12",
        "5th", "21st", "\r\n", "\v", "\f", "", "Zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
        "zzzzzzzzzzzzzzzzzzzzzzzzzz"};
    uint32_t k = rnd(10);
    if (k < 6 && lx->entries.len) {
        /* a lexicon word, in lower, upper or title case */
        const hmap_entry *e;
        do {
            e = &lx->words.slots[rnd((uint32_t)lx->words.cap)];
        } while (!e->hash);
        uint32_t cs = rnd(3);
        for (size_t i = 0; i < e->klen; i++) {
            char c = e->key[i];
            if (cs == 1 || (cs == 2 && i == 0))
                c = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
            buf_putc(b, c);
        }
    } else if (k < 7) {
        char num[32];
        int n = snprintf(num, sizeof(num), "%u", rnd(4) ? rnd(3000) : rnd(4000000000u));
        buf_append(b, num, (size_t)n);
    } else if (k < 8) {
        /* a random ASCII word */
        uint32_t n = 1 + rnd(9);
        for (uint32_t i = 0; i < n; i++)
            buf_putc(b, (char)((rnd(2) ? 'a' : 'A') + rnd(26)));
    } else {
        const char *s = bits[rnd((uint32_t)ARRAY_SIZE(bits))];
        buf_append(b, s, strlen(s));
    }
}

static void compare(const lexicon *lx, const char *text, size_t len, size_t max)
{
    token_vec a = VEC_INIT, b = VEC_INIT;
    size_t pos_a = 0, pos_b = 0;
    for (int round = 0; round < 100000 && pos_a < len; round++) {
        size_t stop_a, stop_b;
        a.len = b.len = 0;
        assert_int_equal(tokens_cut(lx, text, len, pos_a, max, &a, &stop_a), 0);
        assert_int_equal(ref_cut(lx, text, len, pos_b, max, &b, &stop_b), 0);
        assert_int_equal(stop_a, stop_b);
        assert_int_equal(a.len, b.len);
        for (size_t i = 0; i < a.len; i++) {
            const token *x = &a.items[i], *y = &b.items[i];
            assert_int_equal(x->off, y->off);
            assert_int_equal(x->len, y->len);
            assert_int_equal(x->kind, y->kind);
            assert_int_equal(x->flags, y->flags);
            assert_int_equal(x->ndig, y->ndig);
            assert_int_equal(x->ch, y->ch);
            assert_int_equal(x->lex, y->lex);
            assert_true(x->num == y->num);
        }
        if (stop_a <= pos_a)
            break;
        pos_a = pos_b = stop_a;
    }
    VEC_FREE(&a);
    VEC_FREE(&b);
}

static void test_random_texts(void **state)
{
    (void)state;
    lexicon lx;
    char err[128];
    assert_int_equal(lexicon_load(&lx, "en", err, sizeof(err)), 0);
    buf b = {0};
    size_t words_found = 0;
    for (int n = 0; n < 3000; n++) {
        buf_clear(&b);
        uint32_t pieces = 1 + rnd(n % 10 == 0 ? 3000 : 60);
        for (uint32_t p = 0; p < pieces; p++)
            piece(&b, &lx);
        static const size_t maxes[] = {1, 2, 3, 7, 64, 4096};
        for (size_t m = 0; m < ARRAY_SIZE(maxes); m++)
            compare(&lx, b.ptr ? b.ptr : "", b.len, maxes[m]);
        /* the random texts do reach the lexicon */
        token_vec v = VEC_INIT;
        size_t stop;
        assert_int_equal(tokens_cut(&lx, b.ptr ? b.ptr : "", b.len, 0, 4096, &v, &stop), 0);
        for (size_t i = 0; i < v.len; i++)
            words_found += v.items[i].lex >= 0;
        VEC_FREE(&v);
    }
    assert_true(words_found > 1000);
    buf_free(&b);
    lexicon_free(&lx);
}

/* A token is written in place: a window may end exactly at the end of the text. */
static void test_edges(void **state)
{
    (void)state;
    lexicon lx;
    char err[128];
    assert_int_equal(lexicon_load(&lx, "en", err, sizeof(err)), 0);
    static const char *const texts[] = {"", "a", "May", "p.m", "p.m.", "U.S", "1,000", "1,00",
                                        "5.", "2010", "\xe2\x80", "\n", " \n\n X", "Jan."};
    for (size_t k = 0; k < ARRAY_SIZE(texts); k++) {
        for (size_t max = 0; max < 4; max++)
            compare(&lx, texts[k], strlen(texts[k]), max);
    }
    lexicon_free(&lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_texts),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
