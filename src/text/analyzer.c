/*
 * analyzer.c - opening and closing an annals_text analyzer, and term making (case folding
 * plus Snowball stemming) shared by the tokenizer and the store's FTS5 tokenizer.
 *
 * Stems are memoized per analyzer: news vocabulary is Zipfian, so a small map of folded
 * word -> (stem, stop-word flag) saves most calls into the stemmer and the stop-word
 * lookup. The map is dropped when it grows past STEM_CACHE_MAX entries, which bounds memory
 * on adversarial input. In front of it sits a cache of 16,384 short words with their keys
 * inline, 2-way set-associative (8,192 sets of two slots, one 64-byte line each, least
 * recently used slot replaced): the common words of a language fit in its 512 KiB, so most
 * tokens cost one cache line instead of a probe chain plus a key in the map's arena, and two
 * hot words whose hashes meet keep a slot each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "text.h"

#define STEM_CACHE_MAX 100000

int text_error(annals_text *t, int code, const char *msg)
{
    snprintf(t->errmsg, sizeof(t->errmsg), "%s", msg);
    return code;
}

static int load_words(hmap *m, const char *name, int with_kind)
{
    const annals_resource *r = resource_find(name);
    if (!r)
        return ANNALS_EINVAL;
    for (size_t i = 0; i < r->rows; i++) {
        const char *w = r->cells[i * r->cols];
        uint64_t v = 1;
        if (with_kind && r->cols > 1) {
            const char *k = r->cells[i * r->cols + 1];
            v = strcmp(k, "title") == 0   ? ABBREV_TITLE
                : strcmp(k, "month") == 0 ? ABBREV_MONTH
                : strcmp(k, "final") == 0 ? ABBREV_FINAL
                                          : ABBREV_OTHER;
        }
        if (hmap_put(m, w, strlen(w), v) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

int annals_text_open(annals_text **out, const char *lang)
{
    *out = NULL;
    if (!lang)
        lang = "en";
    if (strlen(lang) >= 8)
        return ANNALS_EINVAL;
    annals_text *t = calloc(1, sizeof(*t));
    if (!t)
        return ANNALS_ENOMEM;
    int rc = 0;
    snprintf(t->lang, sizeof(t->lang), "%s", lang);
    hmap_init(&t->stop);
    hmap_init(&t->abbrev);
    hmap_init(&t->starters);
    hmap_init(&t->stems);
    size_t cache_bytes = ((size_t)1 << TERM_CACHE_BITS) * sizeof(term_slot);
    t->term_cache = aligned_alloc(64, cache_bytes);
    if (t->term_cache)
        memset(t->term_cache, 0, cache_bytes);
    if (!t->term_cache) {
        rc = ANNALS_ENOMEM;
        goto fail;
    }
    char name[32];
    snprintf(name, sizeof(name), "%s/stopwords", lang);
    if ((rc = load_words(&t->stop, name, 0)) < 0)
        goto fail;
    snprintf(name, sizeof(name), "%s/abbreviations", lang);
    if ((rc = load_words(&t->abbrev, name, 1)) < 0)
        goto fail;
    snprintf(name, sizeof(name), "%s/sentence_starters", lang);
    if ((rc = load_words(&t->starters, name, 0)) < 0)
        goto fail;
    /* Snowball names English "english" (Porter 2). */
    t->stemmer = sb_stemmer_new(strcmp(lang, "en") == 0 ? "english" : lang, "UTF_8");
    if (!t->stemmer) {
        rc = ANNALS_EINVAL;
        goto fail;
    }
    UErrorCode status = U_ZERO_ERROR;
    t->brk = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &status);
    if (U_FAILURE(status)) {
        rc = ANNALS_EINVAL;
        goto fail;
    }
    *out = t;
    return 0;
fail:
    annals_text_close(t);
    return rc;
}

void annals_text_close(annals_text *t)
{
    if (!t)
        return;
    if (t->brk)
        ubrk_close(t->brk);
    if (t->ut)
        utext_close(t->ut);
    if (t->stemmer)
        sb_stemmer_delete(t->stemmer);
    hmap_free(&t->stop);
    hmap_free(&t->abbrev);
    hmap_free(&t->starters);
    hmap_free(&t->stems);
    free(t->term_cache);
    buf_free(&t->stem_store);
    VEC_FREE(&t->sents);
    VEC_FREE(&t->bounds);
    VEC_FREE(&t->toks);
    buf_free(&t->terms);
    buf_free(&t->fold);
    free(t);
}

const char *annals_text_errmsg(const annals_text *t)
{
    return t->errmsg;
}

int text_is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return ascii_isalpha((int)cp) || ascii_isdigit((int)cp);
    if (cp == UTF8_INVALID || cp == 0xFFFD)
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

const char *text_term(annals_text *t, const char *word, size_t len, size_t *len_out, int *stop_out)
{
    buf_clear(&t->fold);
    int ascii = 1;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)word[i] >= 0x80) {
            ascii = 0;
            break;
        }
    }
    if (ascii) {
        if (buf_grow(&t->fold, len) < 0)
            return NULL;
        for (size_t i = 0; i < len; i++)
            t->fold.ptr[i] = (char)ascii_lower((unsigned char)word[i]);
        t->fold.len = len;
        t->fold.ptr[len] = '\0';
    } else {
        utf8proc_uint8_t *folded = NULL;
        utf8proc_ssize_t n = utf8proc_map(
            (const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &folded,
            UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_STRIPMARK);
        if (n < 0) {
            free(folded);
            return NULL;
        }
        int rc = buf_append(&t->fold, folded, (size_t)n);
        free(folded);
        if (rc < 0)
            return NULL;
    }
    if (t->fold.len == 0)
        return NULL;
    uint32_t h = 0;
    term_slot *slot = NULL;
    if (t->fold.len <= TERM_SLOT_KEY) {
        char key[TERM_KEY_PAD] = {0};
        memcpy(key, t->fold.ptr, t->fold.len);
        h = term_key_hash(key, t->fold.len);
        term_slot *set = text_term_set(t, h);
        for (int way = 0; way < 2; way++) {
            slot = &set[way];
            if (slot->hash == h && slot->klen == t->fold.len &&
                memcmp(slot->key, t->fold.ptr, t->fold.len) == 0) {
                if (way)
                    slot = text_term_promote(set);
                *stop_out = slot->stop;
                *len_out = slot->stem_len;
                return t->stem_store.ptr + slot->stem_off;
            }
        }
        /* a miss: the less recently used slot goes, the other moves second */
        set[1] = set[0];
        slot = &set[0];
    }
    /* map value: stem offset << 17 | stop << 16 | stem length */
    uint64_t *cached = hmap_get(&t->stems, t->fold.ptr, t->fold.len);
    uint64_t v;
    if (cached) {
        v = *cached;
    } else {
        int stop = hmap_get(&t->stop, t->fold.ptr, t->fold.len) != NULL;
        const sb_symbol *stem = sb_stemmer_stem(t->stemmer, (const sb_symbol *)t->fold.ptr,
                                                (int)(t->fold.len > 0xFFFF ? 0xFFFF : t->fold.len));
        size_t slen = stem ? (size_t)sb_stemmer_length(t->stemmer) : t->fold.len;
        if (!stem)
            stem = (const sb_symbol *)t->fold.ptr;
        if (slen > 0xFFFF)
            slen = 0xFFFF;
        if (t->stems.len >= STEM_CACHE_MAX) {
            hmap_free(&t->stems);
            hmap_init(&t->stems);
            buf_clear(&t->stem_store);
            memset(t->term_cache, 0, ((size_t)1 << TERM_CACHE_BITS) * sizeof(term_slot));
        }
        size_t off = t->stem_store.len;
        v = ((uint64_t)off << 17) | ((uint64_t)stop << 16) | slen;
        if (buf_append(&t->stem_store, stem, slen) < 0 || buf_putc(&t->stem_store, '\0') < 0 ||
            buf_grow(&t->stem_store, TERM_COPY) < 0 ||
            hmap_put(&t->stems, t->fold.ptr, t->fold.len, v) < 0)
            return NULL;
    }
    if (slot && (v >> 17) <= UINT32_MAX) {
        slot->hash = h;
        slot->klen = (uint8_t)t->fold.len;
        slot->stop = (uint8_t)((v >> 16) & 1);
        slot->stem_len = (uint16_t)(v & 0xFFFF);
        slot->stem_off = (uint32_t)(v >> 17);
        memset(slot->key, 0, sizeof(slot->key)); /* zero padding: compared whole */
        memcpy(slot->key, t->fold.ptr, t->fold.len);
    }
    *stop_out = (int)((v >> 16) & 1);
    *len_out = (size_t)(v & 0xFFFF);
    return t->stem_store.ptr + (v >> 17);
}

size_t annals_text_term(annals_text *t, const char *word, size_t len, char *out, size_t cap)
{
    /* Only the first word of the input counts. */
    const unsigned char *p = (const unsigned char *)word, *end = p + len;
    const unsigned char *start = NULL, *stop_at = end;
    while (p < end) {
        uint32_t cp;
        size_t n = utf8_decode(p, end, &cp);
        if (text_is_word_cp(cp)) {
            if (!start)
                start = p;
        } else if (start) {
            stop_at = p;
            break;
        }
        p += n;
    }
    if (!start || cap == 0)
        return 0;
    size_t tlen;
    int stop = 0;
    const char *term = text_term(t, (const char *)start, (size_t)(stop_at - start), &tlen, &stop);
    if (!term || stop)
        return 0;
    if (tlen >= cap)
        tlen = cap - 1;
    memcpy(out, term, tlen);
    out[tlen] = '\0';
    return tlen;
}
