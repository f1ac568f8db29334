/*
 * timeline.h - the timeline module's internal header.
 *
 * Representation: matching sentences (tl_sent) with their time mentions reduced to date
 * keys. A date key is the day number (days since 1970-01-01) of a complete date, or
 * PARTIAL_BASE + month * 100 + day for a day whose year is unknown.
 */
#ifndef ANNALS_TIMELINE_INTERNAL_H
#define ANNALS_TIMELINE_INTERNAL_H

#include "annals/text.h"
#include "annals/timeline.h"
#include "store/store.h"
#include "util.h"

#define PARTIAL_BASE 100000000
#define NO_DATE INT64_MIN

typedef struct tl_sent {
    int64_t id;
    int64_t doc_id;
    int idx;        /* position in its document */
    double rel;     /* query relevance, 0..1 */
    int64_t pub;    /* date key of the document's publication, NO_DATE when unknown */
    size_t m_first; /* its mentions: keys[m_first .. m_first + m_count) */
    size_t m_count;
} tl_sent;

/* A day named in a matching document (in any of its sentences). */
typedef struct tl_mention {
    int64_t key;
    int64_t doc_id;
    int64_t sentence_id;
} tl_mention;

typedef struct tl_doc {
    int64_t id;
    const char *source;
    const char *title;
    int64_t pub;
} tl_doc;

typedef struct tl_ctx {
    annals_store *store;
    annals_text *text;
    const annals_timeline_options *opts;
    arena *mem;
    VEC(tl_sent) sents;
    VEC(int64_t) keys; /* mention date keys, grouped by sentence */
    VEC(tl_mention) doc_mentions; /* every day named in a matching document */
    hmap docs;         /* doc id (as 8 bytes) -> index in docv */
    VEC(tl_doc) docv;
    size_t n_terms;
} tl_ctx;

static inline int64_t date_key(annals_date d)
{
    if (d.year > 0 && d.month > 0 && d.day > 0)
        return annals_date_to_days(d);
    if (d.year == 0 && d.month > 0 && d.day > 0)
        return PARTIAL_BASE + d.month * 100 + d.day;
    return NO_DATE;
}

static inline annals_date key_date(int64_t key)
{
    if (key >= PARTIAL_BASE) {
        annals_date d = {0, (int)((key - PARTIAL_BASE) / 100), (int)((key - PARTIAL_BASE) % 100)};
        return d;
    }
    return annals_date_from_days(key);
}

/* retrieve.c: fills ctx->sents, ctx->keys and ctx->docv for query. */
int tl_retrieve(tl_ctx *ctx, const char *query);

/* Fetches the texts of n sentences in one query: texts[i] (arena-allocated,
 * NUL-terminated) and spans[i] for ids[i]; a missing sentence gets NULL. */
int tl_sentence_texts(tl_ctx *ctx, const int64_t *ids, size_t n, char **texts,
                      annals_span *spans);

/* The document of a matching sentence. */
static inline const tl_doc *tl_doc_of(const tl_ctx *ctx, int64_t doc_id)
{
    uint64_t *d = hmap_get(&ctx->docs, &doc_id, sizeof(doc_id));
    return d ? &ctx->docv.items[*d] : NULL;
}

/* features.c: the candidate dates (complete dates in the window, and partial dates) with
 * normalized features. */
typedef struct tl_cand_date {
    int64_t key;
    double f[ANNALS_TL_N_FEATURES];
    double score;
} tl_cand_date;
typedef VEC(tl_cand_date) tl_cand_vec;
int tl_date_features(tl_ctx *ctx, tl_cand_vec *full, tl_cand_vec *partial);
int tl_window_contains(const annals_timeline_options *o, int64_t key);

/* summary.c: sentence selection per date, with redundancy against the whole timeline. */
typedef struct tl_summarizer tl_summarizer;
int tl_summarizer_open(tl_summarizer **out, tl_ctx *ctx);
void tl_summarizer_close(tl_summarizer *s);
/* The number of the date's own candidates (sentences naming it, leads of its articles). */
size_t tl_summary_candidates(const tl_ctx *ctx, int64_t key);
/* Chooses up to K sentences for the date key into entry (arena-allocated). */
int tl_summarize(tl_summarizer *s, int64_t key, annals_tl_entry *entry);

#endif
