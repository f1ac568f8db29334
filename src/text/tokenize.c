/*
 * tokenize.c - word tokens with index terms.
 *
 * A token is a maximal run of letters, combining marks and digits (Unicode general
 * categories L*, M*, N*); everything else separates tokens, so "Macron's" gives "Macron"
 * and "s", and "Indo-Pacific" gives "Indo" and "Pacific". ASCII bytes take a table-free
 * fast path; other code points go through utf8proc's category lookup.
 */
#include <string.h>

#include "text.h"

/* ASCII letters and digits: the bytes of a word on the fast path. */
static const unsigned char word_byte[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* Where tokens go: all of them with NUL-terminated terms (annals_text_tokens), or index
 * terms only, packed (text_index_terms). A term's place in terms is an offset until the
 * caller fixes it up. */
typedef struct token_sink {
    text_token_vec *toks;
    buf *terms;
    int index_only;
} token_sink;

static inline int push_token(const token_sink *k, const unsigned char *base,
                             const unsigned char *start, const unsigned char *p, const char *term,
                             size_t tlen, int stop)
{
    if (stop && k->index_only)
        return 0;
    buf *terms = k->terms;
    text_token_vec *toks = k->toks;
    /* TERM_COPY bytes of slack after the term: a short one is copied in one fixed-size move
     * (no libc call); the bytes past it are overwritten by the next term or never read. */
    if (terms->cap - terms->len < tlen + TERM_COPY + 2 && buf_grow(terms, tlen + TERM_COPY + 1) < 0)
        return ANNALS_ENOMEM;
    if (toks->len == toks->cap && VEC_RESERVE(toks, toks->len + 1) < 0)
        return ANNALS_ENOMEM;
    annals_token *tok = &toks->items[toks->len++];
    tok->span.off = (uint32_t)(start - base);
    tok->span.len = (uint32_t)(p - start);
    tok->term = (const char *)(uintptr_t)terms->len;
    tok->term_len = (uint32_t)tlen;
    tok->stop = stop;
    if (tlen <= TERM_COPY)
        memcpy(terms->ptr + terms->len, term, TERM_COPY); /* stem_store keeps the slack */
    else
        memcpy(terms->ptr + terms->len, term, tlen);
    terms->len += tlen;
    if (!k->index_only)
        terms->ptr[terms->len++] = '\0';
    return 0;
}

/* The number of ASCII letters and digits at the start of w (8 bytes readable), at most 8, with
 * their folded bytes (zero-padded) in *key, all from one 8-byte load; a SWAR test marks
 * each ASCII letter or digit byte with 0x80. */
static inline size_t word_group(const unsigned char *w, uint64_t *key)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    const uint64_t ones = 0x0101010101010101ULL, hi = 0x80 * ones;
    uint64_t g;
    memcpy(&g, w, 8);
    uint64_t x = g | 0x20 * ones, lo = x & 0x7F * ones, dlo = g & 0x7F * ones;
    /* 0x80 where 'a' <= lo <= 'z' or '0' <= dlo <= '9' in an ASCII byte (no carries) */
    uint64_t wm =
        ((lo + 0x1F * ones) & ~(lo + 0x05 * ones)) | ((dlo + 0x50 * ones) & ~(dlo + 0x46 * ones));
    uint64_t end = ~(wm & ~g) & hi;
    if (!end) {
        *key = x;
        return 8;
    }
    size_t n = (size_t)__builtin_ctzll(end) >> 3;
    *key = x & ((1ULL << (8 * n)) - 1);
    return n;
#else
    (void)w;
    *key = 0;
    return 0;
#endif
}

/* A word of fewer than 8 bytes at w (8 bytes readable) followed by an ASCII separator: its
 * length, with its folded bytes (letters lowered, zero-padded) in *key (word_group()). 0 for
 * any other word. */
static inline size_t short_word(const unsigned char *w, uint64_t *key)
{
    size_t n = word_group(w, key);
    return n < 8 && w[n] < 0x80 ? n : 0;
}

static int tokenize(annals_text *t, const char *text, size_t len, const token_sink *sink)
{
    const unsigned char *base = (const unsigned char *)text;
    const unsigned char *p = base, *end = base + len;
    while (p < end) {
        /* skip separators */
        uint32_t cp;
        size_t n;
        if (*p < 0x80) {
            if (!word_byte[*p]) {
                p++;
                continue;
            }
        } else {
            n = utf8_decode(p, end, &cp);
            if (!text_is_word_cp(cp)) {
                p += n;
                continue;
            }
        }
        const unsigned char *start = p;
        /* Fastest path: a word of fewer than 8 bytes followed by an ASCII separator, folded
         * and hashed from one 8-byte load, found in the term cache (a slot's key is
         * zero-padded, so its first 8 bytes are the whole key). */
        uint64_t key8;
        size_t k;
        if (end - p >= 8 && (k = short_word(p, &key8)) != 0) {
            uint32_t h = term_hash_end(((uint64_t)k ^ key8) * TERM_HASH_K);
            term_slot *set = text_term_set(t, h), *slot = set;
            uint64_t slot8;
            memcpy(&slot8, slot->key, 8);
            p += k;
            if (!(slot->hash == h && slot->klen == k && slot8 == key8)) {
                slot = &set[1];
                memcpy(&slot8, slot->key, 8);
                if (!(slot->hash == h && slot->klen == k && slot8 == key8))
                    goto general;
                slot = text_term_promote(set);
            }
            if (push_token(sink, base, start, p, t->stem_store.ptr + slot->stem_off, slot->stem_len,
                           slot->stop) < 0)
                return text_error(t, ANNALS_ENOMEM, "out of memory");
            p++; /* the ASCII separator short_word() found after the word */
            continue;
        }
        /* Fast path: a short ASCII word followed by an ASCII separator (or the end), folded
         * in one pass (8 bytes at a time while 8 are left), found in the term cache. */
        char folded[TERM_KEY_PAD] = {0}; /* zero-padded like the slots' keys */
        k = 0;
        while (k + 8 <= TERM_KEY_PAD && end - p >= 8) {
            size_t got = word_group(p, &key8);
            memcpy(folded + k, &key8, 8);
            k += got;
            p += got;
            if (got < 8)
                break;
        }
        while (p < end && word_byte[*p] && k < TERM_SLOT_KEY)
            folded[k++] = (char)(*p++ | 0x20); /* letters lowered, digits kept */
        if (k <= TERM_SLOT_KEY && (p == end || (*p < 0x80 && !word_byte[*p]))) {
            uint32_t h = term_key_hash(folded, k);
            term_slot *set = text_term_set(t, h), *slot = NULL;
            if (set[0].hash == h && set[0].klen == k &&
                memcmp(set[0].key, folded, TERM_SLOT_KEY) == 0)
                slot = set;
            else if (set[1].hash == h && set[1].klen == k &&
                     memcmp(set[1].key, folded, TERM_SLOT_KEY) == 0)
                slot = text_term_promote(set);
            if (slot) {
                if (push_token(sink, base, start, p, t->stem_store.ptr + slot->stem_off,
                               slot->stem_len, slot->stop) < 0)
                    return text_error(t, ANNALS_ENOMEM, "out of memory");
                continue;
            }
        }
    general:
        /* General path: any length, any script. */
        while (p < end) {
            if (*p < 0x80) {
                if (!word_byte[*p])
                    break;
                p++;
                continue;
            }
            n = utf8_decode(p, end, &cp);
            if (!text_is_word_cp(cp))
                break;
            p += n;
        }
        size_t tlen;
        int stop = 0;
        const char *term = text_term(t, (const char *)start, (size_t)(p - start), &tlen, &stop);
        if (!term)
            continue;
        if (push_token(sink, base, start, p, term, tlen, stop) < 0)
            return text_error(t, ANNALS_ENOMEM, "out of memory");
    }
    return 0;
}

int text_index_terms(annals_text *t, const char *text, size_t len, text_token_vec *toks, buf *chars)
{
    token_sink k = {toks, chars, 1};
    return tokenize(t, text, len, &k);
}

int annals_text_tokens(annals_text *t, const char *text, size_t len, const annals_token **out,
                       size_t *n_out)
{
    t->toks.len = 0;
    buf_clear(&t->terms);
    token_sink k = {&t->toks, &t->terms, 0};
    int rc = tokenize(t, text, len, &k);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < t->toks.len; i++)
        t->toks.items[i].term = t->terms.ptr + (uintptr_t)t->toks.items[i].term;
    *out = t->toks.items;
    *n_out = t->toks.len;
    return 0;
}
