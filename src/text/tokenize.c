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
        /* Fast path: a short ASCII word followed by an ASCII separator (or the end), folded
         * and hashed in one pass, found in the term cache. */
        char folded[TERM_SLOT_KEY] = {0}; /* zero-padded like the slots' keys */
        uint32_t h = HASH_FNV_INIT;
        size_t k = 0;
        while (p < end && word_byte[*p] && k < TERM_SLOT_KEY) {
            unsigned char c = (unsigned char)(*p++ | 0x20); /* letters lowered, digits kept */
            folded[k++] = (char)c;
            h = hash_fnv_step(h, c);
        }
        if (p == end || (*p < 0x80 && !word_byte[*p])) {
            h = hmap_hash_end(h);
            const term_slot *slot = text_term_slot(t, h);
            if (slot->hash == h && slot->klen == k &&
                memcmp(slot->key, folded, TERM_SLOT_KEY) == 0) {
                if (push_token(sink, base, start, p, t->stem_store.ptr + slot->stem_off,
                               slot->stem_len, slot->stop) < 0)
                    return text_error(t, ANNALS_ENOMEM, "out of memory");
                continue;
            }
        }
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
