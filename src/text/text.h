/*
 * text.h - the text module's internal header.
 *
 * The analyzer (struct annals_text) is shared by normalize.c, sentences.c, tokenize.c and the
 * SQLite FTS5 tokenizer in the store, so the same folding and stemming index documents and
 * parse queries.
 */
#ifndef ANNALS_TEXT_INTERNAL_H
#define ANNALS_TEXT_INTERNAL_H

#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "annals/text.h"
#include "util.h"

struct sb_stemmer;

/* Longest sentence kept whole; longer runs without a boundary are cut at white space. */
#define TEXT_MAX_SENTENCE 2000

/* One slot of the analyzer's term cache (see analyzer.c): a folded word of at most
 * TERM_SLOT_KEY bytes with its stem's place in stem_store. 32 bytes, half a cache line: the
 * cache is 2-way set-associative, a set being two slots in one 64-byte line, the more recently
 * used first. */
#define TERM_SLOT_KEY 20
#define TERM_CACHE_BITS 14
typedef struct term_slot {
    uint32_t hash;
    uint32_t stem_off;
    uint16_t stem_len;
    uint8_t klen; /* 0: empty */
    uint8_t stop;
    char key[TERM_SLOT_KEY]; /* zero after klen bytes */
} term_slot;

/* Terms of at most TERM_COPY bytes are copied TERM_COPY bytes at a time (tokenize.c):
 * stem_store keeps at least that many bytes allocated after its last byte. */
#define TERM_COPY 16

typedef VEC(annals_token) text_token_vec;

enum abbrev_kind {
    ABBREV_TITLE = 1, /* never ends a sentence */
    ABBREV_MONTH = 2,
    ABBREV_OTHER = 3,
    ABBREV_FINAL = 4, /* may end a sentence */
};

struct annals_text {
    char errmsg[160];
    char lang[8];
    UBreakIterator *brk;
    UText *ut;
    struct sb_stemmer *stemmer;
    hmap stop;     /* folded stop words */
    hmap abbrev;   /* abbreviation -> abbrev_kind */
    hmap starters; /* sentence starters after a "final" abbreviation */
    hmap stems;    /* folded word -> offset+1 of its stem in stem_store */
    buf stem_store;
    term_slot *term_cache; /* 1 << TERM_CACHE_BITS slots in front of stems, 64-byte aligned */
    VEC(annals_span) sents;
    VEC(uint32_t) bounds; /* sentence boundaries (breaks.c) */
    text_token_vec toks;
    buf terms; /* the terms of the last tokens call, NUL-separated */
    buf fold;  /* scratch */
};

/* Sets t's message and returns code. */
int text_error(annals_text *t, int code, const char *msg);

/* Folds and stems word into t->fold; returns the term (borrowed) and its length, or NULL
 * when word has no letters or digits. *stop_out says whether it is a stop word. */
const char *text_term(annals_text *t, const char *word, size_t len, size_t *len_out, int *stop_out);

/* The term cache's hash of a folded word of n <= TERM_SLOT_KEY bytes held zero-padded in
 * key[0, TERM_KEY_PAD): a multiply-xor chain over its 8-byte groups seeded with n, so that
 * tokenize.c gets it for a short word straight from the 8 bytes it loaded. Never 0. */
#define TERM_KEY_PAD 24
#define TERM_HASH_K 0x9E3779B97F4A7C15ULL
static inline uint32_t term_hash_end(uint64_t acc)
{
    acc ^= acc >> 31;
    acc *= TERM_HASH_K;
    uint32_t h = (uint32_t)(acc >> 32);
    return h ? h : 1; /* 0 marks an empty slot */
}

static inline uint32_t term_key_hash(const char *key, size_t n)
{
    uint64_t acc = n, g;
    for (size_t k = 0; k < n; k += 8) {
        memcpy(&g, key + k, 8);
        acc = (acc ^ g) * TERM_HASH_K;
    }
    return term_hash_end(acc);
}

/* The term cache set (two slots) for a folded word with hash h (term_key_hash). */
static inline term_slot *text_term_set(annals_text *t, uint32_t h)
{
    return &t->term_cache[(h & ((1u << (TERM_CACHE_BITS - 1)) - 1)) * 2];
}

/* A hit in the second slot of set: the two slots swap places, so that the slot a new word
 * replaces (the second) holds the one used less recently. Returns the hit's new place. */
static inline term_slot *text_term_promote(term_slot *set)
{
    term_slot tmp = set[0];
    set[0] = set[1];
    set[1] = tmp;
    return &set[0];
}

/* Appends the index terms of text (its tokens less stop words, as annals_text_tokens() makes
 * them) to toks, their characters to chars without separators. Spans are relative to text;
 * each token's term is its byte offset in chars cast to a pointer, for the caller to turn
 * into one once chars stops moving. Returns 0 or ANNALS_ENOMEM. */
int text_index_terms(annals_text *t, const char *text, size_t len, text_token_vec *toks,
                     buf *chars);

/* annals_text_normalize() of in[0, len) appended to out (NUL-terminated after it): the same
 * bytes, without a copy of its own. Returns 0 or ANNALS_ENOMEM (out keeps what it had and
 * possibly part of the text). */
int text_normalize_append(const char *in, size_t len, buf *out, size_t *n_invalid_out);

/* UAX #29 sentence boundaries of text into t->bounds: every one after 0, the last being len
 * (breaks.c). icu_only: ICU's iterator for all of it, bypassing the ASCII rules. */
int text_breaks(annals_text *t, const char *text, size_t len, int icu_only);

/* 1 when the code point is part of a word (letter, mark or digit). */
int text_is_word_cp(uint32_t cp);

#endif
