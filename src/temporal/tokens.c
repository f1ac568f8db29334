/*
 * tokens.c - one pass over the bytes of a text window, cutting it into tokens for the
 * time-expression recognizer.
 *
 * Tokens: a word is a run of ASCII letters (short dotted abbreviations such as "p.m." or
 * "U.S." stay one word, dots included); a number is a run of ASCII digits, with thousands
 * groups ("2,000") and decimals ("1.5") folded in and flagged TF_BIGNUM so they are never
 * read as years or days; every other ASCII mark is one punctuation token; a typographic
 * apostrophe or dash counts as its ASCII twin; any other code point or invalid byte becomes
 * an "other" token that breaks patterns. A word of fewer than 8 letters is found, tested and
 * hashed (lex_hash) from one 8-byte load; longer and dotted words are scanned a byte at a time
 * and hashed 8 bytes at a time. Either way the word is looked up in place (bloom filter,
 * length bound, then the lexicon's table: a short word's folded 8-byte group is compared with
 * the slot's in one go, lexicon_find_short, a longer one byte by byte, lexicon_find_folded); no
 * bytes are copied. Room for the window's tokens is reserved once, so a token is written
 * straight into the caller's reused vector.
 * Sentence starts (TF_SENT) are guessed from ". ! ?" before a capital or digit and from
 * blank lines; they only bound the tense search, so a wrong guess costs little.
 */
#include <string.h>

#include "temporal/temporal.h"

#define NUM_CAP 1000000000000LL

/* ASCII letter test without a table: fold to lower case, then one unsigned compare. */
static inline bool letter(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u;
}

/* lex_hash (temporal.h) of the word w[0, n), of which avail bytes may be read: whole 8-byte
 * loads on little-endian machines when they stay inside the text, else a byte at a time. */
static inline uint32_t word_hash(const unsigned char *w, size_t n, size_t avail)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t lower = 0x2020202020202020ULL;
    size_t groups = (n + 7) & ~(size_t)7;
    if (groups <= avail) {
        uint64_t acc = n, g;
        size_t k = 0;
        for (; k + 8 <= n; k += 8) {
            memcpy(&g, w + k, 8);
            acc = lex_hash_step(acc, g | lower);
        }
        if (k < n) {
            memcpy(&g, w + k, 8);
            acc = lex_hash_step(acc, (g | lower) & ((1ULL << (8 * (n - k))) - 1));
        }
        return lex_hash_end(acc);
    }
#else
    (void)avail;
#endif
    return lex_hash(w, n);
}

/* A word of fewer than 8 letters at w (8 bytes readable), unless it has at most 2 letters and
 * is followed by '.' (it may open a dotted abbreviation; a longer run never does): its
 * length, its lex_hash in *h, its folded bytes (letters lowered, zero-padded) in *key and
 * whether it has a lower-case letter in *lower, all from one 8-byte load (a SWAR letter test
 * marks each ASCII letter byte with 0x80). 0 for any other word, which takes another path. */
static inline size_t short_word(const unsigned char *w, uint32_t *h, uint64_t *key, bool *lower)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    const uint64_t ones = 0x0101010101010101ULL, hi = 0x80 * ones;
    uint64_t g;
    memcpy(&g, w, 8);
    uint64_t x = g | 0x20 * ones, lo = x & 0x7F * ones;
    /* 0x80 where 'a' <= lo <= 'z' in an ASCII byte; no carry crosses a byte */
    uint64_t lm = (lo + 0x1F * ones) & ~(lo + 0x05 * ones) & ~g & hi;
    uint64_t end = ~lm & hi;
    if (!end)
        return 0;
    size_t n = (size_t)__builtin_ctzll(end) >> 3;
    if (w[n] == '.' && n <= 2)
        return 0;
    uint64_t keep = (1ULL << (8 * n)) - 1;
    *key = x & keep;
    *h = lex_hash_end(lex_hash_step(n, *key));
    *lower = (g & (lm >> 2) & keep) != 0;
    return n;
#else
    (void)w;
    (void)h;
    (void)key;
    (void)lower;
    return 0;
#endif
}

/* A word of 8 to 15 letters at w (16 bytes readable; never dotted, its first run being longer
 * than 2): its length, its lex_hash in *h and whether it has a lower-case letter in *lower,
 * from two 8-byte loads. 0 for any other word. */
static inline size_t mid_word(const unsigned char *w, uint32_t *h, bool *lower)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    const uint64_t ones = 0x0101010101010101ULL, hi = 0x80 * ones;
    uint64_t g, v;
    memcpy(&g, w, 8);
    memcpy(&v, w + 8, 8);
    uint64_t x = g | 0x20 * ones, lo = x & 0x7F * ones;
    if (((lo + 0x1F * ones) & ~(lo + 0x05 * ones) & ~g & hi) != hi)
        return 0; /* fewer than 8 letters */
    uint64_t y = v | 0x20 * ones, vlo = y & 0x7F * ones;
    uint64_t lm = (vlo + 0x1F * ones) & ~(vlo + 0x05 * ones) & ~v & hi;
    uint64_t end = ~lm & hi;
    if (!end)
        return 0; /* 16 letters or more */
    size_t n = (size_t)__builtin_ctzll(end) >> 3;
    uint64_t keep = (1ULL << (8 * n)) - 1;
    uint64_t acc = lex_hash_step(8 + n, x);
    if (n)
        acc = lex_hash_step(acc, y & keep);
    *h = lex_hash_end(acc);
    *lower = ((g & 0x20 * ones) | (v & (lm >> 2) & keep)) != 0;
    return 8 + n;
#else
    (void)w;
    (void)h;
    (void)lower;
    return 0;
#endif
}

/* Horizontal whitespace and NUL: they only set TF_SPACE on the next token. */
static inline bool blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0;
}

int tokens_cut(const lexicon *lx, const char *text, size_t len, size_t start, size_t max,
               token_vec *out, size_t *stop_out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = start;
    unsigned pending = TF_SPACE | TF_SENT; /* flags for the next token */
    size_t first = out->len;
    if (max == 0 || start >= len) {
        *stop_out = start;
        return 0;
    }
    /* At most one token per byte and max per call: room for all of them up front, so a
     * token is written in place without a capacity test. */
    size_t room = len - start < max ? len - start : max;
    size_t half = max / 2;
    bool final_prev = false; /* the last token is a sentence-final ". ! ?" */
    if (out->cap < first + room && VEC_RESERVE(out, first + room) < 0)
        return ANNALS_ENOMEM;
    while (i < len) {
        unsigned char c = s[i];
        if (blank(c)) {
            /* the run of blanks, then straight on with the byte after it */
            pending |= TF_SPACE;
            i++;
            while (i < len && blank(s[i]))
                i++;
            if (i == len)
                break;
            c = s[i];
        }
        if (c == '\n') {
            /* A blank line, or a line break after a sentence-final mark, starts a sentence. */
            if (pending & TF_NEWLINE)
                pending |= TF_SENT;
            if (final_prev)
                pending |= TF_SENT;
            /* Stop at a paragraph end once the window is half full. */
            if ((pending & TF_NEWLINE) && out->len > first && out->len - first >= half)
                break;
            pending |= TF_SPACE | TF_NEWLINE;
            i++;
            continue;
        }
        token *t = &out->items[out->len];
        t->off = (uint32_t)i;
        t->lex = -1;
        t->ndig = 0;
        t->ch = 0;
        t->num = 0;
        t->flags = (uint8_t)(pending & (TF_SPACE | TF_NEWLINE | TF_SENT));
        if (letter(c)) {
            /* The word's end found, its lex_hash taken 8 bytes at a time and the lexicon
             * probed in place with it. */
            size_t j = i, n;
            uint32_t h;
            uint64_t key8;
            bool lower;
            if (i + 8 <= len && (n = short_word(s + i, &h, &key8, &lower)) != 0) {
                t->kind = TK_WORD;
                t->len = (uint32_t)n;
                if (c <= 'Z')
                    t->flags |= TF_CAP;
                if (!lower && n > 1)
                    t->flags |= TF_ALLCAP;
                t->lex = lexicon_find_short(lx, n, h, key8);
                if (t->lex >= 0 && (lx->entries.items[t->lex].flags & LEX_START))
                    t->flags |= TF_START;
                i += n;
                goto token_done;
            }
            if (i + 16 <= len && (n = mid_word(s + i, &h, &lower)) != 0) {
                t->kind = TK_WORD;
                t->len = (uint32_t)n;
                if (c <= 'Z')
                    t->flags |= TF_CAP;
                if (!lower)
                    t->flags |= TF_ALLCAP;
                t->lex = lexicon_find_folded(lx, s + i, n, h);
                if (t->lex >= 0 && (lx->entries.items[t->lex].flags & LEX_START))
                    t->flags |= TF_START;
                i += n;
                goto token_done;
            }
            bool dotted = false;
            unsigned seen = 0; /* OR of the letters: bit 0x20 set once one is lower case */
            for (;;) {
                size_t r0 = j;
                while (j < len && letter(s[j])) {
                    seen |= s[j];
                    j++;
                }
                /* "p.m.", "U.S.": runs of at most two letters joined by dots. */
                if (j - r0 <= 2 && j + 1 < len && s[j] == '.' && letter(s[j + 1]) &&
                    (j + 2 >= len || !letter(s[j + 2]) || s[j + 2] == '.' ||
                     (j + 3 < len && s[j + 3] == '.'))) {
                    j++;
                    dotted = true;
                    continue;
                }
                break;
            }
            if (dotted && j < len && s[j] == '.')
                j++;
            t->kind = TK_WORD;
            t->len = (uint32_t)(j - i);
            if (c <= 'Z')
                t->flags |= TF_CAP;
            if (!(seen & 0x20) && t->len > 1)
                t->flags |= TF_ALLCAP;
            t->lex = lexicon_find_folded(lx, s + i, j - i, word_hash(s + i, j - i, len - i));
            if (t->lex >= 0 && (lx->entries.items[t->lex].flags & LEX_START))
                t->flags |= TF_START;
            i = j;
        } else if (ascii_isdigit(c)) {
            size_t j = i;
            int64_t v = 0;
            while (j < len && ascii_isdigit(s[j])) {
                if (v < NUM_CAP)
                    v = v * 10 + (s[j] - '0');
                j++;
            }
            t->ndig = (uint8_t)(j - i > 255 ? 255 : j - i);
            /* Thousands groups: ",ddd" not followed by another digit. */
            while (j + 3 < len && s[j] == ',' && ascii_isdigit(s[j + 1]) &&
                   ascii_isdigit(s[j + 2]) && ascii_isdigit(s[j + 3]) &&
                   (j + 4 >= len || !ascii_isdigit(s[j + 4])) && t->ndig <= 3) {
                t->flags |= TF_BIGNUM;
                j += 4;
            }
            if (j + 1 < len && s[j] == '.' && ascii_isdigit(s[j + 1])) {
                t->flags |= TF_BIGNUM;
                j++;
                while (j < len && ascii_isdigit(s[j]))
                    j++;
            }
            t->kind = TK_NUM;
            t->flags |= TF_START;
            t->num = v;
            t->len = (uint32_t)(j - i);
            i = j;
        } else if (c < 0x80) {
            t->kind = TK_PUNCT;
            t->ch = (char)c;
            if (c == '\'')
                t->flags |= TF_START;
            t->len = 1;
            i++;
        } else {
            uint32_t cp;
            size_t n = utf8_decode(s + i, s + len, &cp);
            if (cp == 0x2019 || cp == 0x2018) {
                t->kind = TK_PUNCT;
                t->ch = '\'';
                t->flags |= TF_START;
            } else if (cp == 0x2013 || cp == 0x2014) {
                t->kind = TK_PUNCT;
                t->ch = '-';
            } else if (cp == 0xA0) {
                pending |= TF_SPACE;
                i += n;
                continue;
            } else {
                t->kind = TK_OTHER;
            }
            t->len = (uint32_t)n;
            i += n;
        }
    token_done:
        pending = 0;
        /* A capital or digit after a sentence-final mark and a space starts a sentence. */
        if (final_prev && (t->flags & TF_SPACE) && !(t->flags & TF_SENT) &&
            ((t->kind == TK_WORD && (t->flags & TF_CAP)) || t->kind == TK_PUNCT))
            t->flags |= TF_SENT;
        final_prev = t->kind == TK_PUNCT && (t->ch == '.' || t->ch == '!' || t->ch == '?');
        out->len++;
        if ((t->flags & TF_SENT) && out->len - first >= half && out->len - first > 1) {
            /* Cut before a sentence start once the window is half full. */
            out->len--;
            i = t->off;
            break;
        }
        if (out->len - first >= max)
            break;
    }
    *stop_out = i;
    return 0;
}
