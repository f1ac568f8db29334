/*
 * timeline.c - from matching sentences to dated entries.
 *
 * Date ranking: features.c describes every candidate date by how it is mentioned and
 * published; the date model (model.c) scores them. Complete dates inside the window compete
 * for the N places; days whose year is unknown are ranked the same way but kept apart as
 * partial entries.
 *
 * Summaries: a date's candidates are the matching sentences that name it, plus the first
 * sentences of matching articles published on it or the next day that name no other day.
 * Candidates are scored by closeness (cosine of term counts) to the centroid of all
 * candidates of the date (the centroid summarizer of DATEWISE, Ghalandari & Ifrim 2020),
 * with a penalty for sentences of fewer than 5 or more than 30 content words, and picked
 * greedily with maximal marginal relevance against
 * every sentence already chosen for the timeline (Carbonell & Goldstein 1998), so the
 * same report is not repeated on two dates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define MAX_CANDIDATES 60
#define EARLY_SENTENCES 5
#define MMR_LAMBDA 0.7
/* Chosen on Timeline17 (bench/EXPERIMENTS.md): the query relevance adds nothing once every
 * candidate matches the query; the centroid alone ranks candidates best. */
#define REL_WEIGHT 0.0
#define MIN_TERMS 5
#define MAX_TERMS 30
#define LENGTH_PENALTY 0.3
#define DUPLICATE_COSINE 0.8

typedef struct cand {
    size_t sent; /* index in ctx->sents */
    double score;
    char *text;
    annals_span span;
    VEC(uint32_t) terms; /* sorted term ids, repeated by count */
} cand;

typedef VEC(cand *) cand_vec;

struct timeline_impl {
    annals_timeline pub;
    arena mem;
};

static int cmp_cand_date_desc(const void *a, const void *b)
{
    const tl_cand_date *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_cand_date_key(const void *a, const void *b)
{
    const tl_cand_date *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_cand_desc(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

/* Scores every candidate date with the model and sorts each list best first. */
static int rank_dates(tl_ctx *ctx, tl_cand_vec *full, tl_cand_vec *partial)
{
    annals_tl_model *own = NULL;
    const annals_tl_model *model = ctx->opts->model;
    int rc;
    if (!model) {
        if ((rc = annals_tl_model_default(&own)) < 0) {
            snprintf(ctx->store->errmsg, sizeof(ctx->store->errmsg),
                     "the built-in date model is missing or broken");
            return rc;
        }
        model = own;
    }
    if ((rc = tl_date_features(ctx, full, partial)) < 0)
        goto done;
    for (int pass = 0; pass < 2; pass++) {
        tl_cand_vec *v = pass ? partial : full;
        for (size_t i = 0; i < v->len; i++)
            v->items[i].score = annals_tl_model_score(model, v->items[i].f);
        if (v->len)
            qsort(v->items, v->len, sizeof(tl_cand_date), cmp_cand_date_desc);
    }
done:
    annals_tl_model_free(own);
    return rc;
}

/* Term ids of text (non-stop terms), sorted. */
static int vectorize(tl_ctx *ctx, hmap *vocab, cand *c)
{
    const annals_token *tok;
    size_t n;
    if (annals_text_tokens(ctx->text, c->text, strlen(c->text), &tok, &n) < 0)
        return ANNALS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (tok[i].stop)
            continue;
        uint64_t *slot;
        if (hmap_upsert(vocab, tok[i].term, tok[i].term_len, vocab->len, &slot, NULL) < 0 ||
            VEC_PUSH(&c->terms, (uint32_t)*slot) < 0)
            return ANNALS_ENOMEM;
    }
    if (c->terms.len)
        qsort(c->terms.items, c->terms.len, sizeof(uint32_t), cmp_u32);
    return 0;
}

/* Cosine of two sorted term-id multisets. */
static double cosine(const cand *a, const cand *b)
{
    double dot = 0, na = 0, nb = 0;
    size_t i = 0, j = 0;
    /* counts by runs */
    while (i < a->terms.len || j < b->terms.len) {
        uint32_t ta = i < a->terms.len ? a->terms.items[i] : UINT32_MAX;
        uint32_t tb = j < b->terms.len ? b->terms.items[j] : UINT32_MAX;
        uint32_t t = ta < tb ? ta : tb;
        double ca = 0, cb = 0;
        while (i < a->terms.len && a->terms.items[i] == t) {
            ca++;
            i++;
        }
        while (j < b->terms.len && b->terms.items[j] == t) {
            cb++;
            j++;
        }
        dot += ca * cb;
        na += ca * ca;
        nb += cb * cb;
    }
    return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}

static int names_other_day(const tl_ctx *ctx, const tl_sent *s, int64_t key)
{
    for (size_t m = 0; m < s->m_count; m++) {
        int64_t k = ctx->keys.items[s->m_first + m];
        if (k != key && k < PARTIAL_BASE)
            return 1;
    }
    return 0;
}

static int names_day(const tl_ctx *ctx, const tl_sent *s, int64_t key)
{
    for (size_t m = 0; m < s->m_count; m++)
        if (ctx->keys.items[s->m_first + m] == key)
            return 1;
    return 0;
}

/* Chooses up to K sentences for the date key; appends them to entry. chosen holds every
 * sentence already in the timeline (for redundancy). */
static int summarize(tl_ctx *ctx, int64_t key, hmap *vocab, cand_vec *chosen,
                     annals_tl_entry *entry)
{
    size_t k = ctx->opts->sentences;
    VEC(cand) cs = VEC_INIT;
    int rc = 0;
    for (size_t i = 0; i < ctx->sents.len; i++) {
        const tl_sent *s = &ctx->sents.items[i];
        double score;
        if (names_day(ctx, s, key))
            score = s->rel;
        else if ((s->pub == key || s->pub == key + 1) && key < PARTIAL_BASE &&
                 s->idx < EARLY_SENTENCES && !names_other_day(ctx, s, key))
            score = (s->pub == key ? 0.7 : 0.5) * s->rel;
        else
            continue;
        cand c;
        memset(&c, 0, sizeof(c));
        c.sent = i;
        c.score = score;
        if ((rc = VEC_PUSH(&cs, c)) < 0)
            goto done;
    }
    if (cs.len)
        qsort(cs.items, cs.len, sizeof(cand), cmp_cand_desc);
    if (cs.len > MAX_CANDIDATES)
        cs.len = MAX_CANDIDATES;
    cand centroid;
    memset(&centroid, 0, sizeof(centroid));
    {
        int64_t ids[MAX_CANDIDATES];
        char *texts[MAX_CANDIDATES];
        annals_span spans[MAX_CANDIDATES];
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
            if ((rc = vectorize(ctx, vocab, c)) < 0)
                goto done;
            for (size_t t = 0; t < c->terms.len; t++)
                if ((rc = VEC_PUSH(&centroid.terms, c->terms.items[t])) < 0)
                    goto done;
        }
    }
    if (centroid.terms.len)
        qsort(centroid.terms.items, centroid.terms.len, sizeof(uint32_t), cmp_u32);
    for (size_t i = 0; i < cs.len; i++) {
        cand *c = &cs.items[i];
        c->score = REL_WEIGHT * c->score + (1 - REL_WEIGHT) * cosine(c, &centroid);
        /* very short or very long sentences make poor summaries (and cost precision) */
        if (c->terms.len < MIN_TERMS || c->terms.len > MAX_TERMS)
            c->score *= LENGTH_PENALTY;
    }
    VEC_FREE(&centroid.terms);

    annals_tl_sentence *out = arena_alloc(ctx->mem, (k ? k : 1) * sizeof(*out));
    if (!out) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    entry->sentences = out;
    entry->n_sentences = 0;
    int *used = calloc(cs.len ? cs.len : 1, sizeof(int));
    if (!used) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    while (entry->n_sentences < k) {
        double best = -1e300;
        size_t pick = SIZE_MAX;
        for (size_t i = 0; i < cs.len; i++) {
            if (used[i])
                continue;
            double red = 0;
            for (size_t j = 0; j < chosen->len; j++) {
                double c = cosine(&cs.items[i], chosen->items[j]);
                if (c > red)
                    red = c;
            }
            if (red >= DUPLICATE_COSINE) {
                used[i] = 1;
                continue;
            }
            double mmr = MMR_LAMBDA * cs.items[i].score - (1 - MMR_LAMBDA) * red;
            if (mmr > best) {
                best = mmr;
                pick = i;
            }
        }
        if (pick == SIZE_MAX)
            break;
        used[pick] = 1;
        cand *c = &cs.items[pick];
        /* keep the candidate's vector alive for later redundancy checks */
        cand *keep = arena_alloc(ctx->mem, sizeof(cand));
        if (!keep) {
            rc = ANNALS_ENOMEM;
            free(used);
            goto done;
        }
        *keep = *c;
        memset(&c->terms, 0, sizeof(c->terms));
        if ((rc = VEC_PUSH(chosen, keep)) < 0) {
            VEC_FREE(&keep->terms);
            free(used);
            goto done;
        }
        const tl_sent *s = &ctx->sents.items[c->sent];
        uint64_t *d = hmap_get(&ctx->docs, &s->doc_id, sizeof(s->doc_id));
        const tl_doc *doc = &ctx->docv.items[*d];
        annals_tl_sentence *o = &out[entry->n_sentences++];
        o->text = c->text;
        o->doc_id = s->doc_id;
        o->sentence_id = s->id;
        o->span = c->span;
        o->source = doc->source;
        o->title = doc->title;
        o->pub = doc->pub == NO_DATE ? (annals_date){0, 0, 0} : key_date(doc->pub);
    }
    free(used);
done:
    for (size_t i = 0; i < cs.len; i++)
        VEC_FREE(&cs.items[i].terms);
    VEC_FREE(&cs);
    return rc;
}

int annals_timeline_build(annals_store *store, const char *query,
                          const annals_timeline_options *opts, annals_timeline **out)
{
    annals_timeline_options defaults = ANNALS_TIMELINE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    struct timeline_impl *impl = calloc(1, sizeof(*impl));
    if (!impl)
        return ANNALS_ENOMEM;
    arena_init(&impl->mem);
    tl_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.store = store;
    ctx.opts = opts;
    ctx.mem = &impl->mem;
    hmap_init(&ctx.docs);
    hmap vocab;
    hmap_init(&vocab);
    tl_cand_vec full = VEC_INIT, partial = VEC_INIT;
    cand_vec chosen = VEC_INIT;
    int rc = annals_text_open(&ctx.text, store->lang);
    if (rc < 0)
        goto done;
    impl->pub.query = arena_strndup(&impl->mem, query, strlen(query));
    if ((rc = tl_retrieve(&ctx, query)) < 0)
        goto done;
    impl->pub.n_matches = ctx.sents.len;
    if ((rc = rank_dates(&ctx, &full, &partial)) < 0)
        goto done;
    if (full.len > opts->dates)
        full.len = opts->dates;
    if (!opts->partial)
        partial.len = 0;
    if (partial.len > opts->dates)
        partial.len = opts->dates;
    if (full.len)
        qsort(full.items, full.len, sizeof(tl_cand_date), cmp_cand_date_key);
    if (partial.len)
        qsort(partial.items, partial.len, sizeof(tl_cand_date), cmp_cand_date_key);
    size_t n = full.len + partial.len;
    annals_tl_entry *entries = arena_alloc(&impl->mem, (n ? n : 1) * sizeof(*entries));
    if (!entries) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    size_t e = 0;
    for (size_t pass = 0; pass < 2; pass++) {
        tl_cand_vec *v = pass == 0 ? &full : &partial;
        for (size_t i = 0; i < v->len; i++) {
            annals_tl_entry *en = &entries[e];
            memset(en, 0, sizeof(*en));
            en->date = key_date(v->items[i].key);
            en->score = v->items[i].score;
            if ((rc = summarize(&ctx, v->items[i].key, &vocab, &chosen, en)) < 0)
                goto done;
            if (en->n_sentences > 0)
                e++;
        }
    }
    impl->pub.entries = entries;
    impl->pub.n_entries = e;
    size_t nund = 0;
    for (size_t d = 0; d < ctx.docv.len; d++)
        nund += ctx.docv.items[d].pub == NO_DATE;
    const char **und = arena_alloc(&impl->mem, (nund ? nund : 1) * sizeof(char *));
    if (!und) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    nund = 0;
    for (size_t d = 0; d < ctx.docv.len; d++)
        if (ctx.docv.items[d].pub == NO_DATE)
            und[nund++] = ctx.docv.items[d].source;
    impl->pub.undated_sources = und;
    impl->pub.n_undated = nund;
done:
    for (size_t i = 0; i < chosen.len; i++)
        VEC_FREE(&chosen.items[i]->terms);
    VEC_FREE(&chosen);
    VEC_FREE(&full);
    VEC_FREE(&partial);
    VEC_FREE(&ctx.sents);
    VEC_FREE(&ctx.keys);
    VEC_FREE(&ctx.doc_mentions);
    VEC_FREE(&ctx.docv);
    hmap_free(&ctx.docs);
    hmap_free(&vocab);
    annals_text_close(ctx.text);
    if (rc < 0) {
        arena_free(&impl->mem);
        free(impl);
        return rc;
    }
    *out = &impl->pub;
    return 0;
}

void annals_timeline_free(annals_timeline *tl)
{
    if (!tl)
        return;
    struct timeline_impl *impl = (struct timeline_impl *)tl;
    arena_free(&impl->mem);
    free(impl);
}

int annals_timeline_candidates(annals_store *store, const char *query,
                               const annals_timeline_options *opts, annals_tl_candidate **out,
                               size_t *n_out)
{
    annals_timeline_options defaults = ANNALS_TIMELINE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    *n_out = 0;
    arena mem;
    arena_init(&mem);
    tl_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.store = store;
    ctx.opts = opts;
    ctx.mem = &mem;
    hmap_init(&ctx.docs);
    tl_cand_vec full = VEC_INIT, partial = VEC_INIT;
    int rc = annals_text_open(&ctx.text, store->lang);
    if (rc < 0)
        goto done;
    if ((rc = tl_retrieve(&ctx, query)) < 0 || (rc = rank_dates(&ctx, &full, &partial)) < 0)
        goto done;
    annals_tl_candidate *v = malloc((full.len ? full.len : 1) * sizeof(*v));
    if (!v) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < full.len; i++) {
        v[i].date = key_date(full.items[i].key);
        memcpy(v[i].features, full.items[i].f, sizeof(v[i].features));
        v[i].score = full.items[i].score;
    }
    *out = v;
    *n_out = full.len;
done:
    VEC_FREE(&full);
    VEC_FREE(&partial);
    VEC_FREE(&ctx.sents);
    VEC_FREE(&ctx.keys);
    VEC_FREE(&ctx.doc_mentions);
    VEC_FREE(&ctx.docv);
    hmap_free(&ctx.docs);
    annals_text_close(ctx.text);
    arena_free(&mem);
    return rc;
}
