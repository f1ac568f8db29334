/*
 * pool.c - the candidate sentences of each timeline date, and what describes them.
 *
 * Candidates of a date: the matching sentences that name it, and the first sentences of
 * matching articles published on it that name no other day ("own" candidates). Leads of
 * articles published the day after that name no other day are candidates too: with
 * next_day 1 only when the date has fewer than K own candidates, with next_day 2 always.
 * At most opts->summary.candidates are kept (own ones first, by query relevance).
 *
 * Every candidate becomes a term-count vector of its content words (stemmed) and gets the
 * sentence features below. The pools of all the timeline's dates are prepared together,
 * so that a term's inverse date frequency (how many of the dates' pools use it) can weigh
 * what is specific to one date against what the whole story repeats (the TF-IDF centroid
 * of Radev et al. 2004, with dates as documents), and the topic's centroid is known. The
 * centroid objective of summary.c weighs terms by their inverse sentence frequency over
 * all prepared candidates instead (sentences as documents, as the vectorizer of news-tls,
 * Ghalandari & Ifrim 2020, counts over a collection's sentences): ln((1 + n) / (1 + sf)) + 1.
 *
 * Representation: vocabulary ids are dense (a hash map from term to id); a sentence is a
 * sorted sparse vector (id, count) with its norm; scratch arrays indexed by term id are
 * kept zero between uses.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

/* First sentences of an article that stand for its report (v1 value, not tuned). */
#define EARLY_SENTENCES 5
/* Pre-score factors that order leads after sentences naming the day when candidates are
 * cut to opts->summary.candidates (v1 values, not tuned). */
#define LEAD_FACTOR 0.7
#define NEXT_DAY_FACTOR 0.5
/* Length features: short and long sentences (the a-priori limits of the centroid
 * summarizer), and the length scale. */
#define SHORT_TERMS 5
#define LONG_TERMS 30
#define LENGTH_SCALE 60.0

enum {
    S_COS_CENTROID, /* cosine to the centroid of the date's candidates */
    S_COS_TFIDF,    /* the same with terms weighted by inverse date frequency */
    S_COS_TOPIC,    /* cosine to the centroid of every date's candidates */
    S_SUPPORT,      /* mean cosine to the date's other candidates */
    S_RELEVANCE,    /* query relevance (normalized BM25) */
    S_FIRST,        /* the first sentence of its article */
    S_EARLY,        /* among the first five */
    S_POSITION,     /* 1 / (1 + position in the article) */
    S_PUB_SAME,     /* its article was published on the date */
    S_PUB_NEXT,     /* ... the day after */
    S_NAMES_DATE,   /* it names the date (day granularity) */
    S_NAMES_OTHER,  /* it names another day */
    S_LENGTH,       /* content words / 60, at most 1 */
    S_SHORT,        /* fewer than 5 content words */
    S_LONG,         /* more than 30 */
};

static const char *const sfeature_names[ANNALS_TL_N_SFEATURES] = {
    "cos_centroid", "cos_tfidf",   "cos_topic", "support",  "relevance",
    "first",        "early",       "position",  "pub_same", "pub_next",
    "names_date",   "names_other", "length",    "short",    "long",
};

const char *annals_tl_sfeature_name(size_t i)
{
    return i < ANNALS_TL_N_SFEATURES ? sfeature_names[i] : NULL;
}

int annals_tl_sfeature_find(const char *name, size_t len)
{
    for (size_t i = 0; i < ANNALS_TL_N_SFEATURES; i++)
        if (strlen(sfeature_names[i]) == len && memcmp(sfeature_names[i], name, len) == 0)
            return (int)i;
    return -1;
}

int tl_candidate_kind(const tl_ctx *ctx, const tl_sent *st, int64_t key, double *pre)
{
    int other = 0;
    for (size_t m = 0; m < st->m_count; m++) {
        int64_t k = ctx->keys.items[st->m_first + m];
        if (k == key) {
            *pre = st->rel;
            return 2;
        }
        if (k < PARTIAL_BASE)
            other = 1;
    }
    if (other || key >= PARTIAL_BASE || st->idx >= EARLY_SENTENCES)
        return 0;
    if (st->pub == key) {
        *pre = LEAD_FACTOR * st->rel;
        return 2;
    }
    if (st->pub == key + 1 && ctx->opts->summary.next_day) {
        *pre = NEXT_DAY_FACTOR * st->rel;
        return 1;
    }
    return 0;
}

static int cmp_cand(const void *a, const void *b)
{
    const tl_cand *x = a, *y = b;
    if (x->own != y->own)
        return x->own ? -1 : 1;
    if (x->pre != y->pre)
        return x->pre > y->pre ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

static int cmp_term(const void *a, const void *b)
{
    const tl_term *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

int tl_fit_vocab(tl_summarizer *s)
{
    while (s->post.len < s->vocab.len) {
        tl_posting_vec empty = VEC_INIT;
        if (VEC_PUSH(&s->post, empty) < 0 || VEC_PUSH(&s->dense, 0.0) < 0 ||
            VEC_PUSH(&s->sum, 0.0) < 0 || VEC_PUSH(&s->idf, 0.0) < 0 ||
            VEC_PUSH(&s->topic, 0.0) < 0 || VEC_PUSH(&s->sidf, 0.0) < 0 ||
            VEC_PUSH(&s->cen, 0.0) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

/* The sparse term-count vector of c->text (content words only). */
static int vectorize(tl_summarizer *s, tl_cand *c)
{
    const annals_token *tok;
    size_t n;
    if (annals_text_tokens(s->ctx->text, c->text, strlen(c->text), &tok, &n) < 0)
        return ANNALS_ENOMEM;
    tl_term *t = arena_alloc(s->ctx->mem, (n ? n : 1) * sizeof(*t));
    if (!t)
        return ANNALS_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (tok[i].stop)
            continue;
        uint64_t *slot;
        if (hmap_upsert(&s->vocab, tok[i].term, tok[i].term_len, s->vocab.len, &slot, NULL) < 0)
            return ANNALS_ENOMEM;
        t[m].id = (uint32_t)*slot;
        t[m].w = 1;
        m++;
    }
    c->len = m;
    if (m)
        qsort(t, m, sizeof(*t), cmp_term);
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u > 0 && t[u - 1].id == t[i].id)
            t[u - 1].w += 1;
        else
            t[u++] = t[i];
    }
    double nn = 0;
    for (size_t i = 0; i < u; i++)
        nn += (double)t[i].w * t[i].w;
    c->v.t = t;
    c->v.n = u;
    c->v.norm = sqrt(nn);
    return 0;
}

/* The sentences that may be candidates of some date: by the days they name, and (leads
 * only) by their publication day. */
typedef struct sent_index {
    hmap by_key; /* date key -> index in lists */
    VEC(tl_size_vec) lists;
} sent_index;

static int index_add(sent_index *ix, int64_t key, size_t sent)
{
    uint64_t *slot;
    bool inserted;
    if (hmap_upsert(&ix->by_key, &key, sizeof(key), ix->lists.len, &slot, &inserted) < 0)
        return ANNALS_ENOMEM;
    if (inserted) {
        tl_size_vec empty = VEC_INIT;
        if (VEC_PUSH(&ix->lists, empty) < 0)
            return ANNALS_ENOMEM;
    }
    tl_size_vec *l = &ix->lists.items[*slot];
    if (l->len && l->items[l->len - 1] == sent) /* a sentence naming a day twice */
        return 0;
    return VEC_PUSH(l, sent);
}

static const tl_size_vec *index_get(const sent_index *ix, int64_t key)
{
    uint64_t *slot = hmap_get(&ix->by_key, &key, sizeof(key));
    return slot ? &ix->lists.items[*slot] : NULL;
}

static void index_free(sent_index *ix)
{
    for (size_t i = 0; i < ix->lists.len; i++)
        VEC_FREE(&ix->lists.items[i]);
    VEC_FREE(&ix->lists);
    hmap_free(&ix->by_key);
}

static int index_build(const tl_ctx *ctx, sent_index *mention, sent_index *lead)
{
    for (size_t i = 0; i < ctx->sents.len; i++) {
        const tl_sent *st = &ctx->sents.items[i];
        for (size_t m = 0; m < st->m_count; m++)
            if (index_add(mention, ctx->keys.items[st->m_first + m], i) < 0)
                return ANNALS_ENOMEM;
        if (st->idx < EARLY_SENTENCES && st->pub != NO_DATE && index_add(lead, st->pub, i) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Gathers, cuts, fetches and vectorizes the candidates of key into pool; the sentences
 * that can be its candidates are those naming it and the leads published on it or the
 * day after. */
static int gather(tl_summarizer *s, const sent_index *mention, const sent_index *lead, int64_t key,
                  tl_pool *pool)
{
    tl_ctx *ctx = s->ctx;
    const annals_tl_summary_options *so = &ctx->opts->summary;
    VEC(tl_cand) cs = VEC_INIT;
    int64_t *ids = NULL;
    char **texts = NULL;
    annals_span *spans = NULL;
    int rc = 0;
    size_t own = 0;
    pool->key = key;
    pool->c = NULL;
    pool->n = 0;
    pool->n_own = 0;
    tl_size_vec maybe = VEC_INIT;
    const tl_size_vec *src[3] = {index_get(mention, key),
                                 key < PARTIAL_BASE ? index_get(lead, key) : NULL,
                                 key < PARTIAL_BASE ? index_get(lead, key + 1) : NULL};
    for (int l = 0; l < 3; l++)
        for (size_t j = 0; src[l] && j < src[l]->len; j++)
            if ((rc = VEC_PUSH(&maybe, src[l]->items[j])) < 0)
                goto done;
    if (maybe.len)
        qsort(maybe.items, maybe.len, sizeof(size_t), cmp_size);
    for (size_t q = 0; q < maybe.len; q++) {
        if (q > 0 && maybe.items[q] == maybe.items[q - 1])
            continue;
        size_t i = maybe.items[q];
        tl_cand c;
        memset(&c, 0, sizeof(c));
        int kind = tl_candidate_kind(ctx, &ctx->sents.items[i], key, &c.pre);
        if (!kind)
            continue;
        c.sent = i;
        c.own = kind == 2 || so->next_day == 2;
        c.next = kind == 1;
        own += kind == 2;
        if ((rc = VEC_PUSH(&cs, c)) < 0)
            goto done;
    }
    pool->n_own = own;
    if (cs.len)
        qsort(cs.items, cs.len, sizeof(tl_cand), cmp_cand);
    if (own >= ctx->opts->sentences && so->next_day != 2) /* next-day leads stay out */
        cs.len = own;
    if (cs.len > so->candidates)
        cs.len = so->candidates;
    if (cs.len == 0)
        goto done;
    ids = malloc(cs.len * sizeof(*ids));
    texts = malloc(cs.len * sizeof(*texts));
    spans = malloc(cs.len * sizeof(*spans));
    pool->c = arena_alloc(ctx->mem, cs.len * sizeof(tl_cand));
    if (!ids || !texts || !spans || !pool->c) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < cs.len; i++)
        ids[i] = ctx->sents.items[cs.items[i].sent].id;
    if ((rc = tl_sentence_texts(ctx, ids, cs.len, texts, spans)) < 0)
        goto done;
    for (size_t i = 0; i < cs.len; i++) {
        tl_cand *c = &cs.items[i];
        c->text = texts[i];
        c->span = spans[i];
        if (!c->text) {
            rc = store_error(ctx->store, ANNALS_EDB, "reading a sentence");
            goto done;
        }
        if ((rc = vectorize(s, c)) < 0)
            goto done;
    }
    memcpy(pool->c, cs.items, cs.len * sizeof(tl_cand));
    pool->n = cs.len;
done:
    free(ids);
    free(texts);
    free(spans);
    VEC_FREE(&cs);
    VEC_FREE(&maybe);
    return rc;
}

static double cosine_dense(const tl_svec *v, const double *dense, const double *idf, double dnorm)
{
    if (v->norm == 0 || dnorm == 0)
        return 0;
    double dot = 0, nn = 0;
    for (size_t t = 0; t < v->n; t++) {
        double w = v->t[t].w * (idf ? idf[v->t[t].id] : 1.0);
        dot += w * dense[v->t[t].id];
        nn += w * w;
    }
    return nn > 0 ? dot / (sqrt(nn) * dnorm) : 0;
}

/* The features of every candidate of pool; dense and sum are zero on entry and exit. */
static void describe(tl_summarizer *s, tl_pool *pool, double topic_norm)
{
    const tl_ctx *ctx = s->ctx;
    double *dense = s->dense.items, *sum = s->sum.items, *idf = s->idf.items;
    /* dense: the centroid's counts; sum: the sum of the unit vectors */
    for (size_t i = 0; i < pool->n; i++) {
        const tl_svec *v = &pool->c[i].v;
        for (size_t t = 0; t < v->n; t++) {
            dense[v->t[t].id] += v->t[t].w;
            if (v->norm > 0)
                sum[v->t[t].id] += v->t[t].w / v->norm;
        }
    }
    double cnorm = 0, tnorm = 0;
    for (size_t i = 0; i < pool->n; i++) { /* each distinct term once: marked by negation */
        const tl_svec *v = &pool->c[i].v;
        for (size_t t = 0; t < v->n; t++) {
            uint32_t id = v->t[t].id;
            if (dense[id] > 0) {
                cnorm += dense[id] * dense[id];
                tnorm += dense[id] * idf[id] * dense[id] * idf[id];
                dense[id] = -dense[id];
            }
        }
    }
    for (size_t i = 0; i < pool->n; i++)
        for (size_t t = 0; t < pool->c[i].v.n; t++) {
            uint32_t id = pool->c[i].v.t[t].id;
            if (dense[id] < 0)
                dense[id] = -dense[id];
        }
    cnorm = sqrt(cnorm);
    tnorm = sqrt(tnorm);
    for (size_t i = 0; i < pool->n; i++) {
        tl_cand *c = &pool->c[i];
        const tl_sent *st = &ctx->sents.items[c->sent];
        double *f = c->f;
        memset(f, 0, sizeof(c->f));
        f[S_COS_CENTROID] = cosine_dense(&c->v, dense, NULL, cnorm);
        /* the tf-idf centroid is dense x idf: weigh the sentence by idf twice */
        double dot = 0, nn = 0;
        for (size_t t = 0; t < c->v.n; t++) {
            double w = c->v.t[t].w * idf[c->v.t[t].id];
            dot += w * dense[c->v.t[t].id] * idf[c->v.t[t].id];
            nn += w * w;
        }
        f[S_COS_TFIDF] = nn > 0 && tnorm > 0 ? dot / (sqrt(nn) * tnorm) : 0;
        f[S_COS_TOPIC] = cosine_dense(&c->v, s->topic.items, NULL, topic_norm);
        if (pool->n > 1 && c->v.norm > 0) {
            double u = 0;
            for (size_t t = 0; t < c->v.n; t++)
                u += c->v.t[t].w * sum[c->v.t[t].id];
            f[S_SUPPORT] = (u / c->v.norm - 1.0) / (double)(pool->n - 1);
        }
        f[S_RELEVANCE] = st->rel;
        f[S_FIRST] = st->idx == 0;
        f[S_EARLY] = st->idx < EARLY_SENTENCES;
        f[S_POSITION] = 1.0 / (1.0 + st->idx);
        f[S_PUB_SAME] = st->pub == pool->key;
        f[S_PUB_NEXT] = st->pub != NO_DATE && st->pub == pool->key + 1;
        for (size_t m = 0; m < st->m_count; m++) {
            int64_t k = ctx->keys.items[st->m_first + m];
            if (k == pool->key)
                f[S_NAMES_DATE] = 1;
            else
                f[S_NAMES_OTHER] = 1;
        }
        f[S_LENGTH] = c->len > LENGTH_SCALE ? 1.0 : (double)c->len / LENGTH_SCALE;
        f[S_SHORT] = c->len < SHORT_TERMS;
        f[S_LONG] = c->len > LONG_TERMS;
    }
    for (size_t i = 0; i < pool->n; i++)
        for (size_t t = 0; t < pool->c[i].v.n; t++) {
            dense[pool->c[i].v.t[t].id] = 0;
            sum[pool->c[i].v.t[t].id] = 0;
        }
}

int tl_dates_usable(const tl_ctx *ctx, const int64_t *keys, size_t n, unsigned char *ok)
{
    sent_index mention, lead;
    memset(&mention, 0, sizeof(mention));
    memset(&lead, 0, sizeof(lead));
    hmap_init(&mention.by_key);
    hmap_init(&lead.by_key);
    int rc = index_build(ctx, &mention, &lead);
    for (size_t i = 0; i < n && rc == 0; i++) {
        int64_t key = keys[i];
        const tl_size_vec *src[3] = {index_get(&mention, key),
                                     key < PARTIAL_BASE ? index_get(&lead, key) : NULL,
                                     key < PARTIAL_BASE ? index_get(&lead, key + 1) : NULL};
        ok[i] = 0;
        for (int l = 0; l < 3 && !ok[i]; l++)
            for (size_t j = 0; src[l] && j < src[l]->len && !ok[i]; j++) {
                double pre;
                ok[i] = tl_candidate_kind(ctx, &ctx->sents.items[src[l]->items[j]], key, &pre) != 0;
            }
        ok[i] &= ctx->opts->summary.candidates > 0;
    }
    index_free(&mention);
    index_free(&lead);
    return rc;
}

tl_pool *tl_pool_find(tl_summarizer *s, int64_t key)
{
    uint64_t *slot = hmap_get(&s->pool_of, &key, sizeof(key));
    return slot ? &s->pools.items[*slot] : NULL;
}

int tl_pools_prepare(tl_summarizer *s, const int64_t *keys, size_t n)
{
    sent_index mention, lead;
    memset(&mention, 0, sizeof(mention));
    memset(&lead, 0, sizeof(lead));
    hmap_init(&mention.by_key);
    hmap_init(&lead.by_key);
    int rc = index_build(s->ctx, &mention, &lead);
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (tl_pool_find(s, keys[i]))
            continue;
        tl_pool pool;
        if ((rc = gather(s, &mention, &lead, keys[i], &pool)) < 0)
            break;
        if (hmap_put(&s->pool_of, &keys[i], sizeof(keys[i]), s->pools.len) < 0 ||
            VEC_PUSH(&s->pools, pool) < 0)
            rc = ANNALS_ENOMEM;
    }
    index_free(&mention);
    index_free(&lead);
    if (rc < 0)
        return rc;
    if ((rc = tl_fit_vocab(s)) < 0)
        return rc;
    /* date frequency of each term (dense marks the last pool that counted it), the
     * topic's summed vector */
    double *df = s->idf.items, *mark = s->dense.items, *topic = s->topic.items;
    for (size_t p = 0; p < s->pools.len; p++) {
        const tl_pool *pool = &s->pools.items[p];
        for (size_t i = 0; i < pool->n; i++)
            for (size_t t = 0; t < pool->c[i].v.n; t++) {
                uint32_t id = pool->c[i].v.t[t].id;
                topic[id] += pool->c[i].v.t[t].w;
                if (mark[id] != (double)(p + 1)) {
                    mark[id] = (double)(p + 1);
                    df[id] += 1;
                }
            }
    }
    double np = (double)s->pools.len, topic_norm = 0;
    for (size_t id = 0; id < s->idf.len; id++) {
        mark[id] = 0;
        df[id] = df[id] > 0 ? log(1.0 + np / df[id]) : 0; /* now the idf */
        topic_norm += topic[id] * topic[id];
    }
    topic_norm = sqrt(topic_norm);
    for (size_t p = 0; p < s->pools.len; p++)
        describe(s, &s->pools.items[p], topic_norm);
    tl_sentence_idf(s);
    return 0;
}

void tl_sentence_idf(tl_summarizer *s)
{
    double *sf = s->sidf.items, n = 0;
    for (size_t p = 0; p < s->pools.len; p++) {
        const tl_pool *pool = &s->pools.items[p];
        for (size_t i = 0; i < pool->n; i++) {
            n += 1;
            for (size_t t = 0; t < pool->c[i].v.n; t++) /* each term once per vector */
                sf[pool->c[i].v.t[t].id] += 1;
        }
    }
    for (size_t id = 0; id < s->sidf.len; id++)
        sf[id] = sf[id] > 0 ? log((1.0 + n) / (1.0 + sf[id])) + 1.0 : 0;
}
