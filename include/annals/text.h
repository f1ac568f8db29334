/*
 * annals/text.h - text preparation: UTF-8 repair and NFC, sentence splitting, tokens.
 *
 * An analyzer (annals_text) holds the ICU sentence-break iterator, the Snowball stemmer
 * and the language's stop words and abbreviations. Sentences and tokens are spans into the
 * caller's buffer; token terms are case-folded (Unicode full case folding) and stemmed.
 */
#ifndef ANNALS_TEXT_H
#define ANNALS_TEXT_H

#include "common.h"

typedef struct annals_text annals_text;

/* One token: its bytes in the text and its index term. */
typedef struct annals_token {
    annals_span span;
    const char *term; /* case-folded, stemmed, NUL-terminated; borrowed (see below) */
    uint32_t term_len;
    int stop;         /* 1 for a stop word (its term is still filled in) */
} annals_token;

/*
 * Opens an analyzer for lang ("en"). *out is owned by the caller and freed with
 * annals_text_close(). Returns 0, ANNALS_ENOMEM, or ANNALS_EINVAL (unknown language, ICU or
 * stemmer unavailable).
 */
int annals_text_open(annals_text **out, const char *lang);
void annals_text_close(annals_text *t);
const char *annals_text_errmsg(const annals_text *t);

/*
 * Repairs and normalizes text: every invalid UTF-8 sequence becomes U+FFFD, NUL bytes
 * become U+FFFD, CR LF and lone CR become LF, the result is in Unicode NFC.
 * *out is malloc'ed, NUL-terminated and owned by the caller (free()); *n_invalid_out (may be
 * NULL) counts replaced sequences. Returns 0 or ANNALS_ENOMEM.
 */
int annals_text_normalize(const char *in, size_t len, char **out, size_t *out_len,
                          size_t *n_invalid_out);

/*
 * Splits text into sentences: ICU sentence boundaries (UAX #29) corrected with the
 * language's abbreviation list; a line break always ends a sentence unless the options
 * below say otherwise. Spans are trimmed of surrounding white space; empty ones are dropped.
 * *out is owned by t and valid until the next call on t.
 */
int annals_text_sentences(annals_text *t, const char *text, size_t len, const annals_span **out,
                          size_t *n_out);

/*
 * Tokens of text: maximal runs of letters, marks and digits. *out and the terms are owned
 * by t and valid until the next annals_text_tokens() call on t.
 */
int annals_text_tokens(annals_text *t, const char *text, size_t len, const annals_token **out,
                       size_t *n_out);

/*
 * The index term of one word (fold + stem) into buf of size cap (NUL-terminated, truncated
 * to fit). Returns the term's length, or 0 for a stop word or a word with no letters or
 * digits.
 */
size_t annals_text_term(annals_text *t, const char *word, size_t len, char *buf, size_t cap);

#endif
