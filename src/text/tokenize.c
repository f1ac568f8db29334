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

int annals_text_tokens(annals_text *t, const char *text, size_t len, const annals_token **out,
                       size_t *n_out)
{
    t->toks.len = 0;
    buf_clear(&t->terms);
    const unsigned char *base = (const unsigned char *)text;
    const unsigned char *p = base, *end = base + len;
    while (p < end) {
        /* skip separators */
        uint32_t cp;
        size_t n;
        if (*p < 0x80) {
            if (!(ascii_isalpha(*p) || ascii_isdigit(*p))) {
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
        while (p < end) {
            if (*p < 0x80) {
                if (!(ascii_isalpha(*p) || ascii_isdigit(*p)))
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
        annals_token tok;
        tok.span.off = (uint32_t)(start - base);
        tok.span.len = (uint32_t)(p - start);
        tok.term = (const char *)(uintptr_t)t->terms.len; /* fixed up below */
        tok.term_len = (uint32_t)tlen;
        tok.stop = stop;
        if (buf_append(&t->terms, term, tlen) < 0 || buf_putc(&t->terms, '\0') < 0 ||
            VEC_PUSH(&t->toks, tok) < 0)
            return text_error(t, ANNALS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < t->toks.len; i++)
        t->toks.items[i].term = t->terms.ptr + (uintptr_t)t->toks.items[i].term;
    *out = t->toks.items;
    *n_out = t->toks.len;
    return 0;
}
