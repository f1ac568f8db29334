/*
 * timeline.c - from matching sentences to dated entries.
 *
 * Date ranking: features.c describes every candidate date by how it is mentioned and
 * published; the date model (model.c) scores them. Complete dates inside the window compete
 * for the N places; days whose year is unknown are ranked the same way but kept apart as
 * partial entries.
 *
 * Summaries (summary.c): each date's sentences are chosen from its candidates by closeness
 * to their centroid, without repeating what the timeline already says. Dates with the
 * fewest candidates of their own choose first. With opts->given_dates the ranking is
 * skipped and exactly those dates are summarized.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

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

/* The model of opts, or the built-in one into *own. */
static int load_model(tl_ctx *ctx, const annals_tl_model **model, annals_tl_model **own)
{
    *own = NULL;
    *model = ctx->opts->model;
    if (*model)
        return 0;
    int rc = annals_tl_model_default(own);
    if (rc < 0) {
        snprintf(ctx->store->errmsg, sizeof(ctx->store->errmsg),
                 "the built-in date model is missing or broken");
        return rc;
    }
    *model = *own;
    return 0;
}

void tl_story_span(const tl_ctx *ctx, int64_t *first, int64_t *last)
{
    *first = *last = NO_DATE;
    for (size_t i = 0; i < ctx->docv.len; i++) {
        int64_t p = ctx->docv.items[i].pub;
        if (p == NO_DATE)
            continue;
        if (*first == NO_DATE || p < *first)
            *first = p;
        if (*last == NO_DATE || p > *last)
            *last = p;
    }
}

/* Puts the n dates the timeline takes (select.c, with the model's spread, diversity weight
 * and pair model) first in v (sorted best first), in the order taken. */
static int take_dates(const tl_ctx *ctx, tl_cand_vec *v, size_t n, const annals_tl_model *model)
{
    double spread = annals_tl_model_spread(model), diversity = annals_tl_model_diversity(model);
    int has_pair = annals_tl_model_has_pair(model);
    if ((spread <= 0 && diversity <= 0 && !has_pair) || v->len < 2 || n == 0)
        return 0;
    double *pair = has_pair ? malloc(v->len * sizeof(double)) : NULL;
    double *score = malloc(v->len * sizeof(double));
    int64_t *day = malloc(v->len * sizeof(int64_t));
    size_t *order = malloc(v->len * sizeof(size_t));
    tl_cand_date *taken = malloc(v->len * sizeof(tl_cand_date));
    unsigned char *used = calloc(v->len, 1);
    unsigned char *story = malloc(v->len);
    int rc = ANNALS_ENOMEM;
    if (!score || !day || !order || !taken || !used || !story || (has_pair && !pair))
        goto cleanup;
    int64_t first, last;
    tl_story_span(ctx, &first, &last);
    for (size_t i = 0; i < v->len; i++) {
        score[i] = v->items[i].score;
        if (pair)
            pair[i] = annals_tl_model_pair_score(model, v->items[i].f);
        day[i] = v->items[i].key;
        story[i] = first != NO_DATE && day[i] >= first && day[i] <= last;
    }
    rc = tl_pick(score, pair, day, story, v->len, n, spread, diversity, order);
    if (rc < 0)
        goto cleanup;
    size_t k = 0;
    for (size_t p = 0; p < (size_t)rc; p++) {
        taken[k++] = v->items[order[p]];
        used[order[p]] = 1;
    }
    for (size_t i = 0; i < v->len; i++)
        if (!used[i])
            taken[k++] = v->items[i];
    memcpy(v->items, taken, v->len * sizeof(tl_cand_date));
    rc = 0;
cleanup:
    free(pair);
    free(score);
    free(day);
    free(order);
    free(taken);
    free(used);
    free(story);
    return rc;
}

/* Removes the dates that no sentence can summarize (tl_dates_usable): a timeline could only
 * drop them, so the next-ranked date takes their place; the features keep counting them.
 * With flags, nothing is removed: flags[i] = 1 when v's date i is usable. */
static int drop_unusable(tl_ctx *ctx, tl_cand_vec *v, unsigned char *flags)
{
    if (v->len == 0)
        return 0;
    int64_t *keys = malloc(v->len * sizeof(int64_t));
    unsigned char *ok = malloc(v->len);
    int rc = ANNALS_ENOMEM;
    if (keys && ok) {
        for (size_t i = 0; i < v->len; i++)
            keys[i] = v->items[i].key;
        if ((rc = tl_dates_usable(ctx, keys, v->len, ok)) == 0) {
            size_t k = 0;
            for (size_t i = 0; i < v->len; i++) {
                if (flags)
                    flags[i] = ok[i];
                else if (ok[i])
                    v->items[k++] = v->items[i];
            }
            if (!flags)
                v->len = k;
        }
    }
    free(keys);
    free(ok);
    return rc;
}

/* Scores every candidate date with the model and sorts each list best first. */
static int rank_dates(tl_ctx *ctx, const annals_tl_model *model, tl_cand_vec *full,
                      tl_cand_vec *partial)
{
    int rc;
    if ((rc = tl_date_features(ctx, full, partial)) < 0)
        return rc;
    for (int pass = 0; pass < 2; pass++) {
        tl_cand_vec *v = pass ? partial : full;
        for (size_t i = 0; i < v->len; i++)
            v->items[i].score = annals_tl_model_score(model, v->items[i].f);
        if (v->len)
            qsort(v->items, v->len, sizeof(tl_cand_date), cmp_cand_date_desc);
    }
    return 0;
}

typedef struct order {
    size_t entry;
    int own; /* 1 when the date has more than K candidates of its own */
} order;

static int cmp_order(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->own != y->own)
        return x->own < y->own ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The given dates as candidates (in the window, each once). */
int tl_given_dates(const annals_timeline_options *o, tl_cand_vec *full)
{
    for (size_t i = 0; i < o->n_given_dates; i++) {
        const annals_date *g = &o->given_dates[i];
        if (!annals_date_valid(g->year, g->month, g->day))
            continue;
        int64_t key = date_key(o->given_dates[i]);
        if (key == NO_DATE || key >= PARTIAL_BASE || !tl_window_contains(o, key))
            continue;
        int dup = 0;
        for (size_t j = 0; j < full->len && !dup; j++)
            dup = full->items[j].key == key;
        if (dup)
            continue;
        tl_cand_date c;
        memset(&c, 0, sizeof(c));
        c.key = key;
        if (VEC_PUSH(full, c) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

int tl_ctx_open(tl_ctx *ctx, annals_store *store, const annals_timeline_options *opts,
                arena *mem)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->store = store;
    ctx->opts = opts;
    ctx->mem = mem;
    hmap_init(&ctx->docs);
    int rc = tl_boundary_words_load(&ctx->boundary_words, store->lang);
    return rc < 0 ? rc : annals_text_open(&ctx->text, store->lang);
}

void tl_ctx_close(tl_ctx *ctx)
{
    VEC_FREE(&ctx->sents);
    VEC_FREE(&ctx->keys);
    VEC_FREE(&ctx->anchors);
    VEC_FREE(&ctx->bounds);
    hmap_free(&ctx->boundary_words);
    VEC_FREE(&ctx->months);
    VEC_FREE(&ctx->doc_mentions);
    VEC_FREE(&ctx->docv);
    hmap_free(&ctx->docs);
    annals_text_close(ctx->text);
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
    tl_summarizer *sum = NULL;
    tl_cand_vec full = VEC_INIT, partial = VEC_INIT;
    const annals_tl_model *model = NULL;
    annals_tl_model *own_model = NULL;
    int64_t *keys = NULL;
    int rc = tl_ctx_open(&ctx, store, opts, &impl->mem);
    if (rc < 0 || (rc = load_model(&ctx, &model, &own_model)) < 0 ||
        (rc = tl_summarizer_open(&sum, &ctx, model)) < 0)
        goto done;
    impl->pub.query = arena_strndup(&impl->mem, query, strlen(query));
    if ((rc = tl_retrieve(&ctx, query)) < 0)
        goto done;
    impl->pub.n_matches = ctx.sents.len;
    if (opts->given_dates) {
        if ((rc = tl_given_dates(opts, &full)) < 0)
            goto done;
    } else if ((rc = rank_dates(&ctx, model, &full, &partial)) < 0 ||
               (rc = drop_unusable(&ctx, &full, NULL)) < 0 ||
               (rc = drop_unusable(&ctx, &partial, NULL)) < 0 ||
               (rc = take_dates(&ctx, &full, opts->dates, model)) < 0) {
        goto done;
    }
    if (full.len > opts->dates && !opts->given_dates)
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
    keys = malloc((n ? n : 1) * sizeof(*keys));
    if (!keys) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        keys[i] = i < full.len ? full.items[i].key : partial.items[i - full.len].key;
    if ((rc = tl_pools_prepare(sum, keys, n)) < 0)
        goto done;
    /* Dates with at most K candidates of their own choose first, so a date is not left
     * empty because a better-provided one took its only sentences; the others follow in
     * date order. */
    order *ord = malloc((n ? n : 1) * sizeof(*ord));
    if (!ord) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const tl_cand_date *cd = i < full.len ? &full.items[i] : &partial.items[i - full.len];
        ord[i].entry = i;
        const tl_pool *pool = tl_pool_find(sum, cd->key);
        ord[i].own = pool && pool->n_own > opts->sentences;
        memset(&entries[i], 0, sizeof(entries[i]));
        entries[i].date = key_date(cd->key);
        entries[i].score = cd->score;
    }
    if (n)
        qsort(ord, n, sizeof(*ord), cmp_order);
    for (size_t i = 0; i < n; i++) {
        size_t j = ord[i].entry;
        int64_t key = j < full.len ? full.items[j].key : partial.items[j - full.len].key;
        if ((rc = tl_summarize(sum, key, opts->sentences, &entries[j])) < 0) {
            free(ord);
            goto done;
        }
    }
    free(ord);
    size_t e = 0;
    for (size_t i = 0; i < n; i++)
        if (entries[i].n_sentences > 0)
            entries[e++] = entries[i];
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
    tl_summarizer_close(sum);
    annals_tl_model_free(own_model);
    free(keys);
    VEC_FREE(&full);
    VEC_FREE(&partial);
    tl_ctx_close(&ctx);
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
    tl_cand_vec full = VEC_INIT, partial = VEC_INIT;
    const annals_tl_model *model = NULL;
    annals_tl_model *own_model = NULL;
    int rc = tl_ctx_open(&ctx, store, opts, &mem);
    if (rc < 0 || (rc = load_model(&ctx, &model, &own_model)) < 0)
        goto done;
    if ((rc = tl_retrieve(&ctx, query)) < 0 ||
        (rc = rank_dates(&ctx, model, &full, &partial)) < 0)
        goto done;
    annals_tl_candidate *v = malloc((full.len ? full.len : 1) * sizeof(*v));
    unsigned char *ok = malloc(full.len ? full.len : 1);
    if (!v || !ok || (rc = drop_unusable(&ctx, &full, ok)) < 0) {
        free(v);
        free(ok);
        rc = rc < 0 ? rc : ANNALS_ENOMEM;
        goto done;
    }
    int64_t first, last;
    tl_story_span(&ctx, &first, &last);
    for (size_t i = 0; i < full.len; i++) {
        int64_t key = full.items[i].key;
        v[i].in_story = first != NO_DATE && key >= first && key <= last;
        v[i].date = key_date(full.items[i].key);
        memcpy(v[i].features, full.items[i].f, sizeof(v[i].features));
        v[i].score = full.items[i].score;
        v[i].unsummarizable = !ok[i];
    }
    free(ok);
    *out = v;
    *n_out = full.len;
done:
    annals_tl_model_free(own_model);
    VEC_FREE(&full);
    VEC_FREE(&partial);
    tl_ctx_close(&ctx);
    arena_free(&mem);
    return rc;
}
