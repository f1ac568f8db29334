/*
 * summary.c - choosing the sentences of each timeline date from its prepared pool (pool.c).
 *
 * Scores, by objective:
 *   ANNALS_TL_LEARNED       the dot product of the model's sentence weights with the
 *                           candidate's features (pool.c), rescaled to [0, 1] within the
 *                           date; the centroid's when the model has no sentence weights;
 *   ANNALS_TL_CENTROID      relevance x query relevance + (1 - relevance) x cosine to the
 *                           centroid of the date's candidates, the centroid summarizer of
 *                           DATEWISE (Ghalandari & Ifrim 2020), x length_penalty outside
 *                           min_terms..max_terms content words. As in news-tls, a sentence
 *                           is its term counts x inverse sentence frequency (pool.c,
 *                           tl_sentence_idf) scaled to unit length, the centroid is the sum
 *                           of those unit vectors; redundancy keeps the count vectors;
 *   ANNALS_TL_CENTROID_OPT  each pick maximizes the cosine of the summary's summed vector
 *                           to the centroid (a monotone coverage objective in the spirit of
 *                           Lin & Bilmes 2011).
 * Picks are greedy by maximal marginal relevance (Carbonell & Goldstein 1998) against every
 * sentence already in the timeline; near-duplicates of a chosen sentence are never picked,
 * and the first sentence of a date is one of its own when it has one (a next-day report
 * never pushes out the day's own report).
 *
 * Representation: redundancy uses an inverted index from term id to the chosen sentences
 * that contain it, so a candidate meets only the chosen sentences it shares a word with,
 * and each is compared once per date, not once per pick.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

int tl_summarizer_open(tl_summarizer **out, tl_ctx *ctx, const annals_tl_model *model)
{
    tl_summarizer *s = calloc(1, sizeof(*s));
    if (!s)
        return ANNALS_ENOMEM;
    s->ctx = ctx;
    s->model = model;
    hmap_init(&s->vocab);
    hmap_init(&s->pool_of);
    *out = s;
    return 0;
}

void tl_summarizer_close(tl_summarizer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->post.len; i++)
        VEC_FREE(&s->post.items[i]);
    VEC_FREE(&s->post);
    VEC_FREE(&s->pools);
    VEC_FREE(&s->chosen_norm);
    VEC_FREE(&s->dot);
    VEC_FREE(&s->touched);
    VEC_FREE(&s->dense);
    VEC_FREE(&s->sum);
    VEC_FREE(&s->idf);
    VEC_FREE(&s->topic);
    VEC_FREE(&s->sidf);
    VEC_FREE(&s->cen);
    hmap_free(&s->vocab);
    hmap_free(&s->pool_of);
    free(s);
}

/* The largest cosine of c to the chosen sentences with id >= from, merged into c->red. */
static int redundancy(tl_summarizer *s, tl_cand *c, uint32_t from)
{
    if (c->v.norm == 0)
        return 0;
    while (s->dot.len < s->chosen_norm.len)
        if (VEC_PUSH(&s->dot, 0.0) < 0)
            return ANNALS_ENOMEM;
    s->touched.len = 0;
    for (size_t i = 0; i < c->v.n; i++) {
        const tl_posting_vec *p = &s->post.items[c->v.t[i].id];
        /* postings are in chosen order; skip the ones already accounted for */
        size_t lo = 0, hi = p->len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (p->items[mid].chosen < from)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t j = lo; j < p->len; j++) {
            uint32_t ch = p->items[j].chosen;
            if (s->dot.items[ch] == 0 && VEC_PUSH(&s->touched, ch) < 0)
                return ANNALS_ENOMEM;
            s->dot.items[ch] += (double)c->v.t[i].w * p->items[j].w;
        }
    }
    for (size_t i = 0; i < s->touched.len; i++) {
        uint32_t ch = s->touched.items[i];
        double cs = s->dot.items[ch] / (c->v.norm * s->chosen_norm.items[ch]);
        if (cs > c->red)
            c->red = cs;
        s->dot.items[ch] = 0;
    }
    return 0;
}

static int add_chosen(tl_summarizer *s, const tl_cand *c)
{
    uint32_t id = (uint32_t)s->chosen_norm.len;
    if (VEC_PUSH(&s->chosen_norm, c->v.norm > 0 ? c->v.norm : 1) < 0)
        return ANNALS_ENOMEM;
    for (size_t i = 0; i < c->v.n; i++) {
        tl_posting p = {id, c->v.t[i].w};
        if (VEC_PUSH(&s->post.items[c->v.t[i].id], p) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

/* 1 / the length of c's tf-idf vector (0 when it has none). */
static double tfidf_inv(const tl_summarizer *s, const tl_cand *c)
{
    double n = 0;
    for (size_t t = 0; t < c->v.n; t++) {
        double w = c->v.t[t].w * s->sidf.items[c->v.t[t].id];
        n += w * w;
    }
    return n > 0 ? 1.0 / sqrt(n) : 0;
}

/* c->score = the cosine of each candidate's tf-idf vector to the date's tf-idf centroid (the
 * sum of the candidates' unit tf-idf vectors); s->cen is zero on entry and exit. */
void tl_tfidf_closeness(tl_summarizer *s, tl_pool *pool)
{
    double *cen = s->cen.items, *idf = s->sidf.items;
    for (size_t i = 0; i < pool->n; i++) {
        tl_cand *c = &pool->c[i];
        double inv = tfidf_inv(s, c);
        for (size_t t = 0; t < c->v.n; t++)
            cen[c->v.t[t].id] += c->v.t[t].w * idf[c->v.t[t].id] * inv;
    }
    double cn = 0;
    for (size_t i = 0; i < pool->n; i++) /* each distinct term once: marked by negation */
        for (size_t t = 0; t < pool->c[i].v.n; t++) {
            uint32_t id = pool->c[i].v.t[t].id;
            if (cen[id] > 0) {
                cn += cen[id] * cen[id];
                cen[id] = -cen[id];
            }
        }
    cn = sqrt(cn);
    for (size_t i = 0; i < pool->n; i++) {
        tl_cand *c = &pool->c[i];
        double inv = tfidf_inv(s, c), dot = 0;
        for (size_t t = 0; t < c->v.n; t++) /* cen is negated here */
            dot -= c->v.t[t].w * idf[c->v.t[t].id] * inv * cen[c->v.t[t].id];
        c->score = inv > 0 && cn > 0 ? dot / cn : 0;
    }
    for (size_t i = 0; i < pool->n; i++)
        for (size_t t = 0; t < pool->c[i].v.n; t++)
            cen[pool->c[i].v.t[t].id] = 0;
}

/* The selection score of every candidate of pool. */
static void score_pool(tl_summarizer *s, tl_pool *pool)
{
    const annals_tl_summary_options *so = &s->ctx->opts->summary;
    const double *w = so->objective == ANNALS_TL_LEARNED && s->model
                          ? tl_model_sentence_weights(s->model)
                          : NULL;
    if (w) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < pool->n; i++) {
            double v = 0;
            for (size_t f = 0; f < ANNALS_TL_N_SFEATURES; f++)
                v += w[f] * pool->c[i].f[f];
            pool->c[i].score = v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        for (size_t i = 0; i < pool->n; i++) {
            tl_cand *c = &pool->c[i];
            c->score = hi > lo ? (c->score - lo) / (hi - lo) : 1.0;
            if (c->len < so->min_terms || c->len > so->max_terms)
                c->score *= so->length_penalty;
        }
        return;
    }
    tl_tfidf_closeness(s, pool);
    for (size_t i = 0; i < pool->n; i++) {
        tl_cand *c = &pool->c[i];
        c->score = so->relevance * c->pre + (1 - so->relevance) * c->score;
        if (c->len < so->min_terms || c->len > so->max_terms)
            c->score *= so->length_penalty;
    }
}

int tl_summarize(tl_summarizer *s, int64_t key, size_t k, annals_tl_entry *entry)
{
    tl_ctx *ctx = s->ctx;
    const annals_tl_summary_options *so = &ctx->opts->summary;
    int rc = 0;
    entry->n_sentences = 0;
    tl_pool *pool = tl_pool_find(s, key);
    if (!pool || pool->n == 0)
        return 0;
    tl_cand *cs = pool->c;
    size_t n = pool->n;
    if ((rc = tl_fit_vocab(s)) < 0)
        return rc;
    /* the centroid, dense by term id */
    double *dense = s->dense.items, *sum = s->sum.items;
    double cnorm = 0, snorm2 = 0, sdotc = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < cs[i].v.n; t++)
            dense[cs[i].v.t[t].id] += cs[i].v.t[t].w;
    for (size_t i = 0; i < n; i++) /* each distinct term once: sum[] marks it */
        for (size_t t = 0; t < cs[i].v.n; t++) {
            uint32_t id = cs[i].v.t[t].id;
            if (sum[id] == 0) {
                cnorm += dense[id] * dense[id];
                sum[id] = 1;
            }
        }
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < cs[i].v.n; t++)
            sum[cs[i].v.t[t].id] = 0;
    cnorm = sqrt(cnorm);
    score_pool(s, pool);
    for (size_t i = 0; i < n; i++) {
        cs[i].red = 0;
        if ((rc = redundancy(s, &cs[i], 0)) < 0)
            goto clear;
    }

    annals_tl_sentence *out = arena_alloc(ctx->mem, (k ? k : 1) * sizeof(*out));
    if (!out) {
        rc = ANNALS_ENOMEM;
        goto clear;
    }
    entry->sentences = out;
    uint32_t first_new = (uint32_t)s->chosen_norm.len;
    /* the first sentence of a day is its own when it has one that is not a duplicate */
    int own_left = 0;
    for (size_t i = 0; i < n; i++)
        own_left |= !cs[i].next && cs[i].red < so->duplicate_cosine;
    while (entry->n_sentences < k) {
        double best = -1e300;
        size_t pick = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            tl_cand *c = &cs[i];
            if (c->sent == SIZE_MAX || (c->next && entry->n_sentences == 0 && own_left))
                continue;
            if (entry->n_sentences > 0 && (rc = redundancy(s, c, first_new)) < 0)
                goto clear;
            if (c->red >= so->duplicate_cosine) {
                c->sent = SIZE_MAX; /* a near-duplicate of a chosen sentence */
                continue;
            }
            double gain = c->score;
            if (so->objective == ANNALS_TL_CENTROID_OPT) {
                /* cosine of (summary + c) to the centroid */
                double sv = 0, vc = 0;
                for (size_t t = 0; t < c->v.n; t++) {
                    sv += c->v.t[t].w * sum[c->v.t[t].id];
                    vc += c->v.t[t].w * dense[c->v.t[t].id];
                }
                double n2 = snorm2 + 2 * sv + c->v.norm * c->v.norm;
                gain = n2 > 0 && cnorm > 0 ? (sdotc + vc) / (sqrt(n2) * cnorm) : 0;
                if (c->len < so->min_terms || c->len > so->max_terms)
                    gain *= so->length_penalty;
            }
            double mmr = so->mmr_lambda * gain - (1 - so->mmr_lambda) * c->red;
            if (mmr > best) {
                best = mmr;
                pick = i;
            }
        }
        if (pick == SIZE_MAX)
            break;
        tl_cand *c = &cs[pick];
        first_new = (uint32_t)s->chosen_norm.len;
        if ((rc = add_chosen(s, c)) < 0)
            goto clear;
        double sv = 0, vc = 0;
        for (size_t t = 0; t < c->v.n; t++) {
            sv += c->v.t[t].w * sum[c->v.t[t].id];
            vc += c->v.t[t].w * dense[c->v.t[t].id];
        }
        snorm2 += 2 * sv + c->v.norm * c->v.norm;
        sdotc += vc;
        for (size_t t = 0; t < c->v.n; t++)
            sum[c->v.t[t].id] += c->v.t[t].w;
        const tl_sent *st = &ctx->sents.items[c->sent];
        const tl_doc *doc = tl_doc_of(ctx, st->doc_id);
        annals_tl_sentence *o = &out[entry->n_sentences++];
        o->text = c->text;
        o->doc_id = st->doc_id;
        o->sentence_id = st->id;
        o->span = c->span;
        o->source = doc ? doc->source : "";
        o->title = doc ? doc->title : NULL;
        o->pub = !doc || doc->pub == NO_DATE ? (annals_date){0, 0, 0} : key_date(doc->pub);
        c->sent = SIZE_MAX;
    }
clear:
    /* leave the scratch arrays zero for the next date */
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < cs[i].v.n; t++) {
            dense[cs[i].v.t[t].id] = 0;
            sum[cs[i].v.t[t].id] = 0;
        }
    return rc;
}
