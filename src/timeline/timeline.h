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

/*
 * How a mention fixes its day, read from its text and its document's publication date
 * (language-neutral: only digits and distances are looked at). A written year leaves
 * nothing to guess; a day number without a year leaves the year (and with it the
 * direction) to the resolver; a mention without digits ("yesterday", "Tuesday", "that
 * day") is deictic when it lands within a day of publication and a guess of direction or
 * an anaphor otherwise.
 */
typedef enum tl_anchor {
    TL_ANCHOR_YEAR = 0, /* a four-digit run equal to the day's year */
    TL_ANCHOR_DAY,      /* a number equal to the day of the month, no year */
    TL_ANCHOR_DEICTIC,  /* no such number, within one day of publication */
    TL_ANCHOR_VAGUE,    /* no such number, further away (or no publication date) */
    TL_N_ANCHORS
} tl_anchor;

/* The anchor class of a mention of key (a date key) written as text[0, len) in a document
 * published on pub (a date key or NO_DATE). */
int tl_anchor_of(const unsigned char *text, size_t len, int64_t key, int64_t pub);

/* boundary.c: the boundary words of language lang (resources/<lang>/boundary_words.tsv)
 * into words (initialized here; an empty map when the language has no list). */
int tl_boundary_words_load(hmap *words, const char *lang);
/* 1 when the mention starting at byte start of text is a boundary mention ("until July
 * 5"): the word right before it, with only blanks between, folded to lower case, is one of
 * words; else 0. */
int tl_boundary_of(const hmap *words, const unsigned char *text, size_t start);

/* A day named in a matching document (in any of its sentences). */
typedef struct tl_mention {
    int64_t key;
    int64_t doc_id;
    int64_t sentence_id;
    uint32_t start, len; /* its bytes in the document's text */
    int anchor; /* a tl_anchor */
    int boundary; /* 1 = a boundary mention (boundary.c) */
} tl_mention;

/* A month named in a matching document: months since year 0 (year * 12 + month - 1). */
typedef struct tl_month_mention {
    int64_t month;
    int64_t doc_id;
} tl_month_mention;

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
    VEC(uint8_t) anchors; /* the tl_anchor of each of keys */
    VEC(uint8_t) bounds;  /* 1 when that mention of keys is a boundary mention */
    hmap boundary_words;  /* the language's boundary words (boundary.c) */
    VEC(tl_mention) doc_mentions; /* every day named in a matching document */
    VEC(tl_month_mention) months; /* every month named in a matching document */
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

/* timeline.c: sets ctx up for store and opts (arena mem) / frees what it holds. */
int tl_ctx_open(tl_ctx *ctx, annals_store *store, const annals_timeline_options *opts,
                arena *mem);
void tl_ctx_close(tl_ctx *ctx);

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
/* The outlet of a document: the length of the prefix of its source (path or key) left
 * when the file name and the folders that are only a date or a number ("2010-04-20",
 * "2010") are cut off, without the last '/'; 0 when nothing is left. */
size_t tl_outlet_len(const char *source);
/* timeline.c: opts->given_dates as candidates (complete, in the window, each once). */
int tl_given_dates(const annals_timeline_options *o, tl_cand_vec *full);

/* pool.c: each date's candidate sentences, as term vectors with the sentence features. */
typedef struct tl_term {
    uint32_t id;
    float w;
} tl_term;

typedef struct tl_svec {
    tl_term *t; /* sorted by id */
    size_t n;
    double norm;
} tl_svec;

typedef struct tl_cand {
    size_t sent;  /* index in ctx->sents; SIZE_MAX once chosen or dropped */
    int own;      /* sort key: 1 = sorts with the day's own candidates */
    int next;     /* 1 = a next-day lead */
    double pre;   /* relevance-based pre-score */
    double score; /* the selection score */
    double red;   /* largest cosine to a chosen sentence */
    size_t len;   /* content words */
    char *text;
    annals_span span;
    tl_svec v;
    double f[ANNALS_TL_N_SFEATURES];
} tl_cand;

typedef struct tl_pool {
    int64_t key;
    tl_cand *c;   /* arena-allocated */
    size_t n;
    size_t n_own; /* the date's own candidates before the cut */
} tl_pool;

typedef VEC(size_t) tl_size_vec;

typedef VEC(double) tl_dvec;

typedef struct tl_posting {
    uint32_t chosen;
    float w;
} tl_posting;
typedef VEC(tl_posting) tl_posting_vec;

typedef struct tl_summarizer {
    tl_ctx *ctx;
    const annals_tl_model *model; /* sentence weights, when it has them (borrowed) */
    hmap vocab;                   /* term -> id */
    VEC(tl_pool) pools;
    hmap pool_of;                 /* date key -> index in pools */
    VEC(tl_posting_vec) post;     /* term id -> chosen sentences containing it */
    tl_dvec chosen_norm;
    tl_dvec dot;                  /* scratch: dot product per chosen sentence */
    VEC(uint32_t) touched;
    tl_dvec dense;                /* scratch, by term id: zero between uses */
    tl_dvec sum;
    tl_dvec idf;                  /* by term id, over the prepared dates */
    tl_dvec topic;                /* summed term counts of every prepared candidate */
    tl_dvec sidf;                 /* by term id: inverse sentence frequency over every
                                     prepared candidate (the centroid objective's weights) */
    tl_dvec cen;                  /* scratch, by term id: the date's tf-idf centroid */
} tl_summarizer;

/* Gathers, vectorizes and describes the candidates of each date key (each once); called
 * once per summarizer. */
int tl_pools_prepare(tl_summarizer *s, const int64_t *keys, size_t n);
/* ok[i] = 1 when keys[i] has at least one candidate sentence (a date without any cannot
 * be summarized), else 0. */
int tl_dates_usable(const tl_ctx *ctx, const int64_t *keys, size_t n, unsigned char *ok);
/* s->sidf: each term's smoothed inverse sentence frequency over the candidates of all
 * prepared pools, ln((1 + n) / (1 + sf)) + 1 (0 for terms no candidate uses); called by
 * tl_pools_prepare. */
void tl_sentence_idf(tl_summarizer *s);
/* The prepared pool of key, or NULL. */
tl_pool *tl_pool_find(tl_summarizer *s, int64_t key);
/* Grows the scratch arrays to the vocabulary's size. */
int tl_fit_vocab(tl_summarizer *s);

/* summary.c: sentence selection per date, with redundancy against the whole timeline. */
int tl_summarizer_open(tl_summarizer **out, tl_ctx *ctx, const annals_tl_model *model);
void tl_summarizer_close(tl_summarizer *s);
/* Is the sentence a candidate of key: 2 = own, 1 = next-day lead, 0 = no; *pre its
 * relevance-based pre-score. */
int tl_candidate_kind(const tl_ctx *ctx, const tl_sent *st, int64_t key, double *pre);
/* c->score of every candidate of pool = the cosine of its tf-idf vector (counts x s->sidf,
 * unit length) to the sum of the pool's unit tf-idf vectors. */
void tl_tfidf_closeness(tl_summarizer *s, tl_pool *pool);
/* Chooses up to k sentences for the prepared date key into entry (arena-allocated). */
int tl_summarize(tl_summarizer *s, int64_t key, size_t k, annals_tl_entry *entry);

/* model.c: a copy of m with another spread (malloc'ed; NULL when out of memory). */
annals_tl_model *tl_model_copy(const annals_tl_model *m, double spread);
/* model.c: the mean of the date weights of the non-NULL models of ms[0, n), with the spread
 * of the first (no sentence weights; malloc'ed; NULL when there is none or out of memory). */
annals_tl_model *tl_model_average(annals_tl_model *const *ms, size_t n);
/* model.c: sets the model's diversity weight (>= 0; see annals_tl_model_diversity). */
void tl_model_set_diversity(annals_tl_model *m, double lambda);

/* select.c: the order in which a timeline takes n_pick of n scored days: order[0 ..
 * min(n, n_pick)) (indices into score and day). The best score first; with spread > 0 each
 * taken day lowers the scores of the days one day away from it by spread x the standard
 * deviation of the n scores (ties: the earlier day). day[i] = NO_DATE has no neighbours.
 * Returns the number taken, or ANNALS_ENOMEM. */
int tl_spread_pick(const double *score, const int64_t *day, size_t n, size_t n_pick,
                   double spread, size_t *order);
/* As tl_spread_pick; with lambda > 0 the days are taken by the greedy gain of the diversity
 * reward over tenths of the span of the days with in_story[i] set (NULL: every dated day);
 * the others gain their weight alone (select.c). With pair scores (NULL: none), a day about
 * to be taken gives way to an untaken neighbour one day away with a higher pair score (the
 * pair model's event day; select.c). */
int tl_pick(const double *score, const double *pair, const int64_t *day,
            const unsigned char *in_story, size_t n, size_t n_pick, double spread, double lambda,
            size_t *order);
/* timeline.c: the first and last publication day of the query's matching documents
 * (NO_DATE, NO_DATE when none has one). */
void tl_story_span(const tl_ctx *ctx, int64_t *first, int64_t *last);

/* model.c: full-batch gradient descent on the ANNALS_TL_N_FEATURES weights w, from w as
 * given: objective(w, grad, ctx) returns the objective at w and writes its gradient; the
 * step starts at rate and is halved whenever a step raises the objective (the step is taken
 * back), until the objective falls by less than tol in a step or after max_steps
 * evaluations. Deterministic. The listwise learner and the pair model share it. */
void tl_descend(double *w, double (*objective)(const double *w, double *grad, void *ctx),
                void *ctx, double rate, unsigned max_steps, double tol);

/* model.c: the model's sentence weights, or NULL when it has none. */
const double *tl_model_sentence_weights(const annals_tl_model *m);

#endif
