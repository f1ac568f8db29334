/*
 * sentences.c - sentence splitting for news text.
 *
 * UAX #29 sentence boundaries (breaks.c: ASCII rules, ICU for other text) are byte offsets.
 * Those rules break after every "U.S." or "Jan." followed by a capital, so boundaries after
 * an abbreviation from resources/<lang>/abbreviations are undone: always for titles, months and the
 * like; for abbreviations that may end a sentence ("U.S.", "Inc.") only when the next word is not a
 * sentence starter. Single capital initials ("J. Smith") are joined too. A line break always
 * ends a sentence (headlines, one-sentence-per-line corpora). Sentences longer than
 * TEXT_MAX_SENTENCE bytes are cut at the last white space before the limit.
 */
#include <string.h>

#include "text.h"

static int is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v' || c == '\r';
}

/* Trims [s, e) of ASCII white space and U+00A0 at both ends. */
static void trim(const char *text, size_t *s, size_t *e)
{
    while (*s < *e) {
        unsigned char c = (unsigned char)text[*s];
        if (is_space_byte(c))
            (*s)++;
        else if (c == 0xC2 && *s + 1 < *e && (unsigned char)text[*s + 1] == 0xA0)
            *s += 2;
        else
            break;
    }
    while (*e > *s) {
        unsigned char c = (unsigned char)text[*e - 1];
        if (is_space_byte(c))
            (*e)--;
        else if (c == 0xA0 && *e >= *s + 2 && (unsigned char)text[*e - 2] == 0xC2)
            *e -= 2;
        else
            break;
    }
}

/* The abbreviation kind of the word that ends [s, e), or 0. */
static int ending_abbrev(const annals_text *t, const char *text, size_t s, size_t e)
{
    if (e <= s || text[e - 1] != '.')
        return 0;
    size_t w = e;
    while (w > s && !is_space_byte((unsigned char)text[w - 1]))
        w--;
    /* drop opening punctuation such as ( or a quote */
    while (w < e && (text[w] == '(' || text[w] == '"' || text[w] == '\'' || text[w] == '['))
        w++;
    size_t n = e - w;
    if (n == 0)
        return 0;
    const uint64_t *k = hmap_get(&t->abbrev, text + w, n);
    if (k)
        return (int)*k;
    /* single capital initial: "J." */
    if (n == 2 && text[w] >= 'A' && text[w] <= 'Z')
        return ABBREV_TITLE;
    return 0;
}

/* 1 when the first word of [s, e) is a sentence starter. */
static int starts_sentence(const annals_text *t, const char *text, size_t s, size_t e)
{
    size_t w = s;
    while (w < e && (ascii_isalpha((unsigned char)text[w]) || text[w] == '\''))
        w++;
    if (w == s)
        return 1; /* a quote, digit or symbol: keep ICU's boundary */
    return hmap_get(&t->starters, text + s, w - s) != NULL;
}

static int push(annals_text *t, size_t s, size_t e)
{
    annals_span sp = {(uint32_t)s, (uint32_t)(e - s)};
    return VEC_PUSH(&t->sents, sp);
}

/* Pushes [s, e), cut into pieces of at most TEXT_MAX_SENTENCE bytes. */
static int push_bounded(annals_text *t, const char *text, size_t s, size_t e)
{
    while (e - s > TEXT_MAX_SENTENCE) {
        size_t cut = s + TEXT_MAX_SENTENCE;
        size_t c = cut;
        while (c > s + TEXT_MAX_SENTENCE / 2 && !is_space_byte((unsigned char)text[c]))
            c--;
        if (c <= s + TEXT_MAX_SENTENCE / 2) {
            c = cut; /* no space: cut on a UTF-8 boundary */
            while (c > s && ((unsigned char)text[c] & 0xC0) == 0x80)
                c--;
        }
        size_t ps = s, pe = c;
        trim(text, &ps, &pe);
        if (pe > ps && push(t, ps, pe) < 0)
            return ANNALS_ENOMEM;
        s = c;
        while (s < e && is_space_byte((unsigned char)text[s]))
            s++;
    }
    trim(text, &s, &e);
    if (e > s && push(t, s, e) < 0)
        return ANNALS_ENOMEM;
    return 0;
}

int annals_text_sentences(annals_text *t, const char *text, size_t len, const annals_span **out,
                          size_t *n_out)
{
    t->sents.len = 0;
    *out = NULL;
    *n_out = 0;
    if (len == 0)
        return 0;
    if (len > INT32_MAX)
        return text_error(t, ANNALS_EINVAL, "text longer than 2 GiB");
    int rc = text_breaks(t, text, len, 0);
    if (rc < 0)
        return rc;

    size_t start = 0; /* start of the sentence being built */
    size_t prev = 0;
    for (size_t bi = 0; bi < t->bounds.len; prev = t->bounds.items[bi], bi++) {
        size_t b = t->bounds.items[bi];
        size_t seg_s = prev, seg_e = b;
        trim(text, &seg_s, &seg_e);
        if (b < len) {
            /* Decide whether to undo the boundary at b. */
            size_t next_s = b, next_e = len;
            while (next_s < len && is_space_byte((unsigned char)text[next_s]) &&
                   text[next_s] != '\n')
                next_s++;
            int newline = 0;
            for (size_t i = seg_e; i < next_s && !newline; i++)
                newline = text[i] == '\n';
            if (next_s < len && text[next_s] == '\n')
                newline = 1;
            int kind = newline ? 0 : ending_abbrev(t, text, seg_s, seg_e);
            if (kind == ABBREV_FINAL && starts_sentence(t, text, next_s, next_e))
                kind = 0;
            if (kind)
                continue; /* join with the next segment */
        }
        if (push_bounded(t, text, start, b) < 0)
            return text_error(t, ANNALS_ENOMEM, "out of memory");
        start = b;
    }
    if (start < len && push_bounded(t, text, start, len) < 0)
        return text_error(t, ANNALS_ENOMEM, "out of memory");
    *out = t->sents.items;
    *n_out = t->sents.len;
    return 0;
}
