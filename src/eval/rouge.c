/*
 * rouge.c - ROUGE-1.5.5's text preparation and ROUGE-1/2 raw counts, as the
 * timeline-summarization literature runs it (-n 2 -m -s -t 2 -f A, SEE input files).
 *
 * Per sentence (shared/data/rouge/README.md spells out each step): the text up to the first
 * '<' (the SEE reader's ([^<]+)), ASCII lower-cased; '^' counts as the token "circ" (the
 * wrapper writes it as "&circ;"); every byte outside [A-Za-z0-9-] separates tokens and '-'
 * becomes its own token, which the "starts with [a-z0-9]" filter drops. So the tokens are
 * the maximal [a-z0-9] runs. A token in the SMART stop list is removed; a token longer than 3
 * bytes is replaced by its WordNet exception base when it has one, else by its Porter stem
 * (porter_rouge.c). The sentences of a summary are joined, so bigrams cross sentences.
 *
 * Tokens map to 32-bit ids through a vocabulary on the context (surface form -> id, and stem
 * -> id so that forms with one stem share an id). N-gram multisets are sorted key arrays.
 *
 * Sources: Lin (2004), ROUGE-1.5.5.pl; tilse's util.compute_rouge_approximation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

#define STOP_ID UINT64_MAX /* vocabulary value of a stop word */

static int load_lines(const char *dir, const char *file, char **data, size_t *len, char *err,
                      size_t errlen)
{
    char path[4096];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, file);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        snprintf(err, errlen, "ROUGE directory path too long");
        return ANNALS_EINVAL;
    }
    int rc = read_file(path, data, len);
    if (rc == ANNALS_ENOMEM) {
        snprintf(err, errlen, "out of memory reading %s", path);
        return rc;
    }
    if (rc < 0) {
        snprintf(err, errlen, "cannot read %s (ROUGE resources; pass --rouge-dir DIR)", path);
        return ANNALS_EIO;
    }
    return 0;
}

/* Calls fn on each line of data (without "\r\n"); stops on a negative return. */
static int each_line(char *data, size_t len, int (*fn)(rouge_ctx *, char *, size_t, size_t),
                     rouge_ctx *r)
{
    size_t lineno = 0;
    char *p = data, *end = data + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        size_t n = (size_t)(e - p);
        if (n && p[n - 1] == '\r')
            n--;
        lineno++;
        int rc = fn(r, p, n, lineno);
        if (rc < 0)
            return rc;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

static int add_stop(rouge_ctx *r, char *s, size_t n, size_t lineno)
{
    (void)lineno;
    if (n == 0)
        return 0;
    return hmap_put(&r->stop, s, n, 1);
}

static int add_exception(rouge_ctx *r, char *s, size_t n, size_t lineno)
{
    if (n == 0)
        return 0;
    char *tab = memchr(s, '\t', n);
    (void)lineno;
    if (!tab)
        return ANNALS_EPARSE;
    size_t klen = (size_t)(tab - s);
    const char *base = tab + 1;
    size_t blen = n - klen - 1;
    char *copy = arena_strndup(&r->strings, base, blen);
    if (!copy || VEC_PUSH(&r->except_base, copy) < 0)
        return ANNALS_ENOMEM;
    return hmap_put(&r->except, s, klen, r->except_base.len - 1);
}

int rouge_ctx_init(rouge_ctx *r, const char *dir, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r));
    hmap_init(&r->stop);
    hmap_init(&r->except);
    hmap_init(&r->vocab);
    hmap_init(&r->stems);
    hmap_init(&r->raw);
    arena_init(&r->strings);
    char *data = NULL;
    size_t len = 0;
    int rc = load_lines(dir, "smart_common_words.txt", &data, &len, err, errlen);
    if (rc < 0)
        goto cleanup;
    rc = each_line(data, len, add_stop, r);
    free(data);
    data = NULL;
    if (rc < 0)
        goto cleanup;
    rc = load_lines(dir, "wordnet-2.0-exceptions.tsv", &data, &len, err, errlen);
    if (rc < 0)
        goto cleanup;
    rc = each_line(data, len, add_exception, r);
    if (rc == ANNALS_EPARSE)
        snprintf(err, errlen, "%s/wordnet-2.0-exceptions.tsv: a line without a tab", dir);
    if (rc < 0)
        goto cleanup;
    if (r->stop.len == 0 || r->except.len == 0) {
        snprintf(err, errlen, "%s: empty ROUGE resource file", dir);
        rc = ANNALS_EPARSE;
    }
cleanup:
    free(data);
    if (rc == ANNALS_ENOMEM)
        snprintf(err, errlen, "out of memory");
    return rc;
}

void rouge_ctx_free(rouge_ctx *r)
{
    hmap_free(&r->stop);
    hmap_free(&r->except);
    hmap_free(&r->vocab);
    hmap_free(&r->stems);
    hmap_free(&r->raw);
    VEC_FREE(&r->except_base);
    arena_free(&r->strings);
    free(r->scratch);
    r->scratch = NULL;
}

/* The id of the lower-cased token t[0,n): STOP_ID for a stop word. */
static int token_id(rouge_ctx *r, const char *t, size_t n, uint64_t *id)
{
    const uint64_t *v = hmap_get(&r->vocab, t, n);
    if (v) {
        *id = *v;
        return 0;
    }
    const char *form = t;
    size_t flen = n;
    if (hmap_get(&r->stop, t, n)) {
        *id = STOP_ID;
        return hmap_put(&r->vocab, t, n, STOP_ID);
    }
    if (n > 3) {
        const uint64_t *e = hmap_get(&r->except, t, n);
        if (e) {
            form = r->except_base.items[*e];
            flen = strlen(form);
        } else if (n <= PORTER_ROUGE_MAX) {
            if (r->scratch_cap < n + 1) {
                char *p = realloc(r->scratch, PORTER_ROUGE_MAX + 1);
                if (!p)
                    return ANNALS_ENOMEM;
                r->scratch = p;
                r->scratch_cap = PORTER_ROUGE_MAX + 1;
            }
            flen = porter_rouge_stem(t, n, r->scratch);
            form = r->scratch;
        }
    }
    uint64_t *slot;
    bool inserted;
    int rc = hmap_upsert(&r->stems, form, flen, r->stems.len, &slot, &inserted);
    if (rc < 0)
        return rc;
    if (*slot > UINT32_MAX)
        return ANNALS_ENOMEM; /* more than 4 billion distinct stems */
    *id = *slot;
    return hmap_put(&r->vocab, t, n, *id);
}

int rouge_tokenize(rouge_ctx *r, const char *sent, size_t len, u32_vec *ids)
{
    const char *lt = memchr(sent, '<', len);
    if (lt)
        len = (size_t)(lt - sent);
    char tok[256];
    size_t i = 0;
    while (i < len) {
        unsigned char ch = (unsigned char)sent[i];
        if (ch == '^') {
            uint64_t id;
            int rc = token_id(r, "circ", 4, &id);
            if (rc < 0)
                return rc;
            if (id != STOP_ID && VEC_PUSH(ids, (uint32_t)id) < 0)
                return ANNALS_ENOMEM;
            i++;
            continue;
        }
        if (!ascii_isalpha(ch) && !ascii_isdigit(ch)) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && (ascii_isalpha((unsigned char)sent[i]) ||
                           ascii_isdigit((unsigned char)sent[i])))
            i++;
        size_t n = i - start;
        char *lower = tok;
        char *heap = NULL;
        if (n > sizeof(tok)) {
            heap = malloc(n);
            if (!heap)
                return ANNALS_ENOMEM;
            lower = heap;
        }
        for (size_t k = 0; k < n; k++)
            lower[k] = (char)ascii_lower((unsigned char)sent[start + k]);
        uint64_t id;
        int rc = token_id(r, lower, n, &id);
        free(heap);
        if (rc < 0)
            return rc;
        if (id != STOP_ID && VEC_PUSH(ids, (uint32_t)id) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int rouge_summary_from_ids(const uint32_t *ids, size_t n, rouge_summary *out)
{
    memset(out, 0, sizeof(*out));
    if (n == 0)
        return 0;
    out->ids = malloc(n * sizeof(uint32_t));
    out->gram[0].keys = malloc(n * sizeof(uint64_t));
    out->gram[1].keys = n > 1 ? malloc((n - 1) * sizeof(uint64_t)) : NULL;
    if (!out->ids || !out->gram[0].keys || (n > 1 && !out->gram[1].keys)) {
        rouge_summary_free(out);
        return ANNALS_ENOMEM;
    }
    memcpy(out->ids, ids, n * sizeof(uint32_t));
    out->n_ids = n;
    for (size_t i = 0; i < n; i++)
        out->gram[0].keys[i] = ids[i];
    out->gram[0].len = n;
    for (size_t i = 0; i + 1 < n; i++)
        out->gram[1].keys[i] = (uint64_t)ids[i] << 32 | ids[i + 1];
    out->gram[1].len = n - 1;
    qsort(out->gram[0].keys, out->gram[0].len, sizeof(uint64_t), cmp_u64);
    if (out->gram[1].len)
        qsort(out->gram[1].keys, out->gram[1].len, sizeof(uint64_t), cmp_u64);
    return 0;
}

/* tilse drops a token when `token in string.punctuation` holds: a substring test, so "(" and
 * also "()" or "<=>" go, while "--" stays. */
static bool is_punct_substring(const unsigned char *t, size_t n)
{
    static const char PUNCT[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    size_t m = sizeof(PUNCT) - 1;
    for (size_t i = 0; n <= m && i + n <= m; i++) {
        if (memcmp(PUNCT + i, t, n) == 0)
            return true;
    }
    return false;
}

/* Whitespace tokens of s as Python's str.split() finds them, minus the punctuation tokens
 * tilse drops, as ids in r->raw. */
static int raw_tokens(rouge_ctx *r, const char *s, size_t len, u64_vec *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    const unsigned char *start = NULL;
    while (1) {
        uint32_t cp = 0;
        size_t used = p < end ? utf8_decode(p, end, &cp) : 0;
        bool space = p >= end || (cp != UTF8_INVALID && py_isspace(cp));
        if (space && start && !is_punct_substring(start, (size_t)(p - start))) {
            uint64_t *slot;
            bool inserted;
            int rc = hmap_upsert(&r->raw, start, (size_t)(p - start), r->raw.len, &slot,
                                 &inserted);
            if (rc < 0)
                return rc;
            if (VEC_PUSH(out, *slot) < 0)
                return ANNALS_ENOMEM;
            start = NULL;
        } else if (space) {
            start = NULL;
        } else if (!start) {
            start = p;
        }
        if (p >= end)
            break;
        p += used;
    }
    return 0;
}

int rouge_summary_build(rouge_ctx *r, const char *const *sents, size_t n, rouge_summary *out)
{
    u32_vec ids = VEC_INIT;
    u64_vec raw = VEC_INIT;
    int rc = 0;
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        if (!sents[i])
            continue;
        size_t len = strlen(sents[i]);
        rc = rouge_tokenize(r, sents[i], len, &ids);
        if (rc < 0)
            goto cleanup;
        rc = raw_tokens(r, sents[i], len, &raw);
        if (rc < 0)
            goto cleanup;
    }
    rc = rouge_summary_from_ids(ids.items, ids.len, out);
    if (rc < 0)
        goto cleanup;
    if (raw.len) {
        qsort(raw.items, raw.len, sizeof(uint64_t), cmp_u64);
        out->raw.keys = raw.items;
        out->raw.len = raw.len;
        raw.items = NULL;
    }
cleanup:
    VEC_FREE(&ids);
    VEC_FREE(&raw);
    if (rc < 0)
        rouge_summary_free(out);
    return rc;
}

void rouge_summary_free(rouge_summary *s)
{
    free(s->gram[0].keys);
    free(s->gram[1].keys);
    free(s->raw.keys);
    free(s->ids);
    memset(s, 0, sizeof(*s));
}

uint64_t ngrams_overlap(const ngrams *a, const ngrams *b)
{
    size_t i = 0, j = 0;
    uint64_t hits = 0;
    while (i < a->len && j < b->len) {
        if (a->keys[i] < b->keys[j]) {
            i++;
        } else if (a->keys[i] > b->keys[j]) {
            j++;
        } else {
            hits++;
            i++;
            j++;
        }
    }
    return hits;
}

rouge_counts rouge_score(const rouge_summary *peer, const rouge_summary *const *models,
                         size_t n_models, int order)
{
    rouge_counts c = {0, 0, 0};
    const ngrams *pg = &peer->gram[order - 1];
    for (size_t i = 0; i < n_models; i++) {
        const ngrams *mg = &models[i]->gram[order - 1];
        c.h += ngrams_overlap(pg, mg);
        c.m += mg->len;
        c.p += pg->len;
    }
    return c;
}

double rouge_approx_f1(const rouge_summary *pred, const rouge_summary *const *refs,
                       size_t n_refs)
{
    uint64_t match = 0, ref_total = 0;
    for (size_t i = 0; i < n_refs; i++) {
        match += ngrams_overlap(&pred->raw, &refs[i]->raw);
        ref_total += refs[i]->raw.len;
    }
    uint64_t prec_denom = (uint64_t)n_refs * pred->raw.len;
    double precision = prec_denom == 0 ? 0.0 : (double)match / (double)prec_denom;
    double recall = ref_total == 0 ? 0.0 : (double)match / (double)ref_total;
    if (precision + recall == 0)
        return 0.0;
    return 2 * precision * recall / (precision + recall);
}
