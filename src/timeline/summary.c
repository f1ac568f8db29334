/*
 * summary.c - choosing the sentences of each timeline date.
 *
 * Candidates of a date: the matching sentences that name it, and the first sentences of
 * matching articles published on it that name no other day ("own" candidates). Leads of
 * articles published the day after that name no other day are candidates too: with
 * next_day 1 only when the date has fewer than K own candidates, with next_day 2 always,
 * but the first sentence of a date is always one of its own when it has one (a next-day
 * report never pushes out the day's own report).
 * Candidates are kept by query relevance (own ones first), turned into term-count vectors
 * (content words, stemmed) and compared with the centroid of the date's candidates, the
 * centroid summarizer of DATEWISE (Ghalandari & Ifrim 2020):
 *   ANNALS_TL_CENTROID      each sentence scores its cosine to the centroid; picks are
 *                           greedy by maximal marginal relevance (Carbonell & Goldstein
 *                           1998) against every sentence already in the timeline;
 *   ANNALS_TL_CENTROID_OPT  each pick maximizes the cosine of the summary's summed vector
 *                           to the centroid (a monotone coverage objective in the spirit of
 *                           Lin & Bilmes 2011), again with the timeline-wide redundancy term.
 * Sentences with fewer than min_terms or more than max_terms content words are penalized
 * (ROUGE is computed on whole sentences), and near-duplicates of a chosen sentence are
 * never picked.
 *
 * Representation: vocabulary ids are dense (a hash map from term to id); a sentence is a
 * sorted sparse vector (id, count) with its norm. Redundancy uses an inverted index from
 * term id to the chosen sentences that contain it, so a candidate meets only the chosen
 * sentences it shares a word with, and each is compared once per date, not once per pick.
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

typedef struct term_w {
    uint32_t id;
    float w;
} term_w;

typedef struct svec {
    term_w *t;
    size_t n;
    double norm;
} svec;

typedef struct cand {
    size_t sent;  /* index in ctx->sents */
    int own;      /* sort key: 1 = sorts with the day's own candidates */
    int next;     /* 1 = a next-day lead */
    double pre;   /* relevance-based pre-score */
    double score; /* relevance/centroid score with the length penalty */
    double red;   /* largest cosine to a chosen sentence */
    size_t len;   /* content words */
    char *text;
    annals_span span;
    svec v;
} cand;

typedef struct posting {
    uint32_t chosen;
    float w;
} posting;
typedef VEC(posting) posting_vec;

struct tl_summarizer {
    tl_ctx *ctx;
    hmap vocab;          /* term -> id */
    VEC(posting_vec) post; /* term id -> chosen sentences containing it */
    VEC(double) chosen_norm;
    VEC(double) dot;     /* scratch: dot product per chosen sentence */
    VEC(uint32_t) touched;
    VEC(double) dense;   /* scratch: the centroid by term id */
    VEC(double) sum;     /* scratch: the summary's summed vector by term id */
};

int tl_summarizer_open(tl_summarizer **out, tl_ctx *ctx)
{
    tl_summarizer *s = calloc(1, sizeof(*s));
    if (!s)
        return ANNALS_ENOMEM;
    s->ctx = ctx;
    hmap_init(&s->vocab);
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
    VEC_FREE(&s->chosen_norm);
    VEC_FREE(&s->dot);
    VEC_FREE(&s->touched);
    VEC_FREE(&s->dense);
    VEC_FREE(&s->sum);
    hmap_free(&s->vocab);
    free(s);
}

static int cmp_term(const void *a, const void *b)
{
    const term_w *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->own != y->own)
        return x->own ? -1 : 1;
    if (x->pre != y->pre)
        return x->pre > y->pre ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

/* Grows the dense scratch arrays and the posting lists to the vocabulary's size. */
static int fit_vocab(tl_summarizer *s)
{
    while (s->post.len < s->vocab.len) {
        posting_vec empty = VEC_INIT;
        if (VEC_PUSH(&s->post, empty) < 0 || VEC_PUSH(&s->dense, 0.0) < 0 ||
            VEC_PUSH(&s->sum, 0.0) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

/* The sparse term-count vector of c->text (content words only). */
static int vectorize(tl_summarizer *s, cand *c)
{
    const annals_token *tok;
    size_t n;
    if (annals_text_tokens(s->ctx->text, c->text, strlen(c->text), &tok, &n) < 0)
        return ANNALS_ENOMEM;
    term_w *t = arena_alloc(s->ctx->mem, (n ? n : 1) * sizeof(*t));
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

/* The largest cosine of c to the chosen sentences with id >= from, merged into c->red. */
static int redundancy(tl_summarizer *s, cand *c, uint32_t from)
{
    if (c->v.norm == 0)
        return 0;
    while (s->dot.len < s->chosen_norm.len)
        if (VEC_PUSH(&s->dot, 0.0) < 0)
            return ANNALS_ENOMEM;
    s->touched.len = 0;
    for (size_t i = 0; i < c->v.n; i++) {
        const posting_vec *p = &s->post.items[c->v.t[i].id];
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

static int add_chosen(tl_summarizer *s, const cand *c)
{
    uint32_t id = (uint32_t)s->chosen_norm.len;
    if (VEC_PUSH(&s->chosen_norm, c->v.norm > 0 ? c->v.norm : 1) < 0)
        return ANNALS_ENOMEM;
    for (size_t i = 0; i < c->v.n; i++) {
        posting p = {id, c->v.t[i].w};
        if (VEC_PUSH(&s->post.items[c->v.t[i].id], p) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

/* Is the sentence a candidate of key; 2 = own, 1 = next-day lead, 0 = no. */
static int candidate_kind(const tl_ctx *ctx, const tl_sent *st, int64_t key, double *pre)
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

size_t tl_summary_candidates(const tl_ctx *ctx, int64_t key)
{
    size_t n = 0;
    for (size_t i = 0; i < ctx->sents.len; i++) {
        double pre;
        n += candidate_kind(ctx, &ctx->sents.items[i], key, &pre) == 2;
    }
    return n;
}

int tl_summarize(tl_summarizer *s, int64_t key, annals_tl_entry *entry)
{
    tl_ctx *ctx = s->ctx;
    const annals_tl_summary_options *so = &ctx->opts->summary;
    size_t k = ctx->opts->sentences;
    VEC(cand) cs = VEC_INIT;
    int64_t *ids = NULL;
    char **texts = NULL;
    annals_span *spans = NULL;
    int rc = 0;
    size_t own = 0;
    entry->n_sentences = 0;
    for (size_t i = 0; i < ctx->sents.len; i++) {
        cand c;
        memset(&c, 0, sizeof(c));
        int kind = candidate_kind(ctx, &ctx->sents.items[i], key, &c.pre);
        if (!kind)
            continue;
        c.sent = i;
        c.own = kind == 2 || so->next_day == 2;
        c.next = kind == 1;
        own += kind == 2;
        if ((rc = VEC_PUSH(&cs, c)) < 0)
            goto done;
    }
    if (cs.len)
        qsort(cs.items, cs.len, sizeof(cand), cmp_cand);
    if (own >= k && so->next_day != 2) /* enough of the day's own: next-day leads stay out */
        cs.len = own;
    if (cs.len > so->candidates)
        cs.len = so->candidates;
    if (cs.len == 0)
        goto done;
    ids = malloc(cs.len * sizeof(*ids));
    texts = malloc(cs.len * sizeof(*texts));
    spans = malloc(cs.len * sizeof(*spans));
    if (!ids || !texts || !spans) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < cs.len; i++)
        ids[i] = ctx->sents.items[cs.items[i].sent].id;
    if ((rc = tl_sentence_texts(ctx, ids, cs.len, texts, spans)) < 0)
        goto done;
    for (size_t i = 0; i < cs.len; i++) {
        cand *c = &cs.items[i];
        c->text = texts[i];
        c->span = spans[i];
        if (!c->text) {
            rc = store_error(ctx->store, ANNALS_EDB, "reading a sentence");
            goto done;
        }
        if ((rc = vectorize(s, c)) < 0)
            goto done;
    }
    if ((rc = fit_vocab(s)) < 0)
        goto done;
    /* the centroid, dense by term id */
    double *dense = s->dense.items, *sum = s->sum.items;
    double cnorm = 0, snorm2 = 0, sdotc = 0;
    for (size_t i = 0; i < cs.len; i++)
        for (size_t t = 0; t < cs.items[i].v.n; t++)
            dense[cs.items[i].v.t[t].id] += cs.items[i].v.t[t].w;
    for (size_t i = 0; i < cs.len; i++) /* each distinct term once: sum[] marks it */
        for (size_t t = 0; t < cs.items[i].v.n; t++) {
            uint32_t id = cs.items[i].v.t[t].id;
            if (sum[id] == 0) {
                cnorm += dense[id] * dense[id];
                sum[id] = 1;
            }
        }
    for (size_t i = 0; i < cs.len; i++)
        for (size_t t = 0; t < cs.items[i].v.n; t++)
            sum[cs.items[i].v.t[t].id] = 0;
    cnorm = sqrt(cnorm);
    for (size_t i = 0; i < cs.len; i++) {
        cand *c = &cs.items[i];
        double dot = 0;
        for (size_t t = 0; t < c->v.n; t++)
            dot += c->v.t[t].w * dense[c->v.t[t].id];
        double cosc = c->v.norm > 0 && cnorm > 0 ? dot / (c->v.norm * cnorm) : 0;
        c->score = so->relevance * c->pre + (1 - so->relevance) * cosc;
        if (c->len < so->min_terms || c->len > so->max_terms)
            c->score *= so->length_penalty;
        if ((rc = redundancy(s, c, 0)) < 0)
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
    for (size_t i = 0; i < cs.len; i++)
        own_left |= !cs.items[i].next && cs.items[i].red < so->duplicate_cosine;
    while (entry->n_sentences < k) {
        double best = -1e300;
        size_t pick = SIZE_MAX;
        for (size_t i = 0; i < cs.len; i++) {
            cand *c = &cs.items[i];
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
        cand *c = &cs.items[pick];
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
    for (size_t i = 0; i < cs.len; i++)
        for (size_t t = 0; t < cs.items[i].v.n; t++) {
            s->dense.items[cs.items[i].v.t[t].id] = 0;
            s->sum.items[cs.items[i].v.t[t].id] = 0;
        }
done:
    free(ids);
    free(texts);
    free(spans);
    VEC_FREE(&cs);
    return rc;
}
