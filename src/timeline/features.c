/*
 * features.c - candidate dates of a query and the features the ranking model weighs.
 *
 * A candidate is a day that a matching sentence names, or that a matching document names
 * anywhere, or on which a matching document was published. The features follow what the
 * literature found to predict the days of reference timelines: how many sentences and
 * documents name the day, and whether they were written before it, on it, within a week
 * after it or later (Tran et al. 2013, Kessler et al. 2012: a day that is still recalled
 * weeks later matters); how many articles appeared on it and the next day, and whether that
 * was a burst against the surrounding fortnight (Ghalandari & Ifrim 2020: publication
 * counts); how relevant the naming sentences are to the query and whether leads name it.
 * Mentions differ in reliability: a written year leaves nothing to guess, a "Tuesday" a
 * week from publication is the resolver's guess of direction, so the documents naming a
 * day are also counted per anchor class (retrieve.c: tl_anchor_of) and the learner weighs
 * each class. A month named as a month is weak evidence for each of its days
 * (month_docs), as CLUST (Ghalandari & Ifrim 2020) lets coarser mentions vote. An event
 * is often named on its day and the next; peak_day and day_share say which of the two the
 * documents favour. Three more views of the same mentions: the days as a graph with an
 * edge from each document's publication day to each day it names, ranked by PageRank
 * (date_rank, Tran et al. 2013); how many outlets (the document's folder) name the day
 * (src_docs); and the best query relevance of a sentence naming it (ment_best), which
 * tells a day that the query's own reports name from one named only in passing.
 *
 * Representation: raw counts are accumulated per date key, then each feature becomes
 * log(1 + count) divided by its largest value among the query's candidates, so it lies in
 * [0, 1] and a model fitted on one corpus size applies to another.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

enum {
    F_MENT_SENTS,     /* matching sentences that name the day */
    F_MENT_DOCS,      /* documents with a matching sentence naming it */
    F_MENT_BEFORE,    /* ... published before the day (announcements) */
    F_MENT_WEEK,      /* ... published 1-7 days after it */
    F_MENT_LATER,     /* ... published more than a week after it */
    F_MENT_SAME,      /* ... published on the day */
    F_PUB_DOCS,       /* matching documents published on the day */
    F_PUB_NEXT,       /* matching documents published the next day */
    F_PUB_BURST,      /* publications on the day against the mean of the 14 around it */
    F_MENT_REL,       /* summed query relevance of the naming sentences */
    F_MENT_LEAD,      /* naming sentences among the first five of their article */
    F_MENT_NEAR,      /* matching sentences naming a day 1-3 days away */
    F_DOCS_ANY,       /* matching documents naming the day in any sentence */
    F_MENT_BURST,     /* ment_docs against the mean of the 14 days around it */
    F_MENT_PEAK,      /* 1 when no day within 3 days has more documents naming it */
    F_LEAD_DOCS,      /* documents naming the day among their first five sentences */
    F_MENT_DAYS,      /* distinct publication days of the documents naming it anywhere */
    F_MENT_SPAN,      /* days from the first to the last of those publications */
    F_ANCH_YEAR,      /* documents with a matching sentence naming it with its year */
    F_ANCH_DAY,       /* ... by its day number, without a year */
    F_ANCH_DEICTIC,   /* ... without a number, within a day of publication */
    F_ANCH_VAGUE,     /* ... without a number, further away */
    F_MONTH_DOCS,     /* matching documents naming the day's month (as a month) */
    F_PEAK_DAY,       /* 1 when neither neighbouring day is named by more documents */
    F_DAY_SHARE,      /* docs_any / docs_any of the day and its two neighbours */
    F_DATE_RANK,      /* PageRank of the day in the graph publication day -> named day */
    F_KERN_DOCS,      /* docs_any of the days within 3, weighted 1, 3/4, 1/2, 1/4 by distance */
    F_SRC_DOCS,       /* distinct outlets (document folders) naming the day */
    F_MENT_BEST,      /* best query relevance of a matching sentence naming the day */
};

static const char *const feature_names[ANNALS_TL_N_FEATURES] = {
    "ment_sents", "ment_docs", "ment_before", "ment_week", "ment_later",
    "ment_same", "pub_docs", "pub_next", "pub_burst", "ment_rel",
    "ment_lead", "ment_near", "docs_any", "ment_burst", "ment_peak",
    "lead_docs", "ment_days", "ment_span", "anch_year", "anch_day",
    "anch_deictic", "anch_vague", "month_docs", "peak_day", "day_share",
    "date_rank", "kern_docs", "src_docs", "ment_best",
};

#define LEAD_SENTENCES 5
#define BURST_RADIUS 7
#define KERNEL_RADIUS 3
#define RANK_DAMPING 0.85
#define RANK_ROUNDS 40

const char *annals_tl_feature_name(size_t i)
{
    return i < ANNALS_TL_N_FEATURES ? feature_names[i] : NULL;
}

int annals_tl_feature_find(const char *name, size_t len)
{
    for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
        if (strlen(feature_names[i]) == len && memcmp(feature_names[i], name, len) == 0)
            return (int)i;
    return -1;
}

int tl_window_contains(const annals_timeline_options *o, int64_t key)
{
    if (key >= PARTIAL_BASE)
        return 1;
    if (o->from.year && key < annals_date_to_days(o->from))
        return 0;
    if (o->to.year && key > annals_date_to_days(o->to))
        return 0;
    return 1;
}

typedef struct acc {
    hmap index; /* date key -> position in raw */
    VEC(tl_cand_date) raw;
} acc;

static tl_cand_date *slot_of(acc *a, int64_t key, int create)
{
    uint64_t *slot;
    if (!create) {
        slot = hmap_get(&a->index, &key, sizeof(key));
        return slot ? &a->raw.items[*slot] : NULL;
    }
    bool inserted;
    if (hmap_upsert(&a->index, &key, sizeof(key), a->raw.len, &slot, &inserted) < 0)
        return NULL;
    if (inserted) {
        tl_cand_date c;
        memset(&c, 0, sizeof(c));
        c.key = key;
        if (VEC_PUSH(&a->raw, c) < 0)
            return NULL;
    }
    return &a->raw.items[*slot];
}

/* (date, document) pairs, for counting documents rather than sentences. */
typedef struct pair {
    int64_t key, doc;
    int lead;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* (key, anchor, doc) order: documents per date and anchor class. */
static int cmp_pair_anchor(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->lead != y->lead)
        return x->lead - y->lead;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Sorts pairs[0, n) by cmp and adds 1 to feature (+ the pair's lead field when by_lead) of
 * each distinct pair's date: documents (or outlets) per date. -1 when out of memory. */
static int count_distinct(acc *a, pair *pairs, size_t n, int (*cmp)(const void *, const void *),
                          int feature, int by_lead)
{
    if (n)
        qsort(pairs, n, sizeof(pair), cmp);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && cmp(&pairs[i], &pairs[i - 1]) == 0)
            continue;
        tl_cand_date *c = slot_of(a, pairs[i].key, 1);
        if (!c)
            return -1;
        c->f[feature + (by_lead ? pairs[i].lead : 0)] += 1;
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int date_ish(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '_' || p[i] == '.'))
            return 0;
    return 1;
}

size_t tl_outlet_len(const char *source)
{
    size_t n = source ? strlen(source) : 0;
    /* the file name goes, then folders that are only a date or a number */
    while (n > 0 && source[n - 1] != '/')
        n--;
    while (n > 0) {
        size_t end = n - 1; /* the '/' */
        size_t start = end;
        while (start > 0 && source[start - 1] != '/')
            start--;
        if (!date_ish(source + start, end - start))
            return end;
        n = start;
    }
    return 0;
}

static int64_t outlet_id(const char *source)
{
    size_t n = tl_outlet_len(source);
    uint64_t h = 14695981039346656037ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)source[i]) * 1099511628211ULL;
    return (int64_t)(h >> 1);
}

/*
 * PageRank over the days (Tran et al. 2013): each matching document adds, for every day
 * it names in any sentence other than its publication day, an edge of weight 1 from its
 * publication day to the named day. Damping RANK_DAMPING, RANK_ROUNDS rounds from the
 * uniform vector, the rank of days without out-edges spread over all days. The feature is
 * the rank times the number of days (1 on average).
 */
static int date_rank(acc *a, const tl_ctx *ctx)
{
    size_t n = a->raw.len;
    if (n == 0)
        return 0;
    typedef struct edge {
        uint32_t from, to;
    } edge;
    VEC(edge) e = VEC_INIT;
    double *out = calloc(n, sizeof(double));
    double *r = malloc(n * sizeof(double));
    double *nr = malloc(n * sizeof(double));
    int rc = 0;
    if (!out || !r || !nr)
        goto nomem;
    for (size_t i = 0; i < ctx->doc_mentions.len; i++) {
        const tl_mention *m = &ctx->doc_mentions.items[i];
        const tl_doc *d = tl_doc_of(ctx, m->doc_id);
        if (m->boundary || !d || d->pub == NO_DATE || d->pub == m->key)
            continue;
        uint64_t *f = hmap_get(&a->index, &d->pub, sizeof(d->pub));
        uint64_t *t = hmap_get(&a->index, &m->key, sizeof(m->key));
        if (!f || !t)
            continue;
        edge x = {(uint32_t)*f, (uint32_t)*t};
        if (VEC_PUSH(&e, x) < 0)
            goto nomem;
        out[x.from] += 1;
    }
    for (size_t i = 0; i < n; i++)
        r[i] = 1.0 / (double)n;
    for (int round = 0; round < RANK_ROUNDS; round++) {
        double dangling = 0;
        for (size_t i = 0; i < n; i++)
            dangling += out[i] > 0 ? 0 : r[i];
        double base = ((1 - RANK_DAMPING) + RANK_DAMPING * dangling) / (double)n;
        for (size_t i = 0; i < n; i++)
            nr[i] = base;
        for (size_t i = 0; i < e.len; i++)
            nr[e.items[i].to] += RANK_DAMPING * r[e.items[i].from] / out[e.items[i].from];
        double *tmp = r;
        r = nr;
        nr = tmp;
    }
    for (size_t i = 0; i < n; i++)
        a->raw.items[i].f[F_DATE_RANK] = r[i] * (double)n;
    goto done;
nomem:
    rc = ANNALS_ENOMEM;
done:
    VEC_FREE(&e);
    free(out);
    free(r);
    free(nr);
    return rc;
}

int tl_date_features(tl_ctx *ctx, tl_cand_vec *full, tl_cand_vec *partial)
{
    acc a;
    hmap_init(&a.index);
    a.raw.items = NULL;
    a.raw.len = a.raw.cap = 0;
    VEC(pair) sp = VEC_INIT, dp = VEC_INIT, ap = VEC_INIT, mp = VEC_INIT, op = VEC_INIT;
    hmap pubs; /* date key -> matching documents published on it */
    hmap_init(&pubs);
    hmap month_docs; /* month index -> documents naming it */
    hmap_init(&month_docs);
    int rc = 0;
    tl_cand_date *c;

    /* sentence-level counts */
    for (size_t i = 0; i < ctx->sents.len; i++) {
        const tl_sent *s = &ctx->sents.items[i];
        for (size_t m = 0; m < s->m_count; m++) {
            if (ctx->bounds.items[s->m_first + m])
                continue; /* a boundary mention does not name the day as an event's */
            int64_t key = ctx->keys.items[s->m_first + m];
            if (!(c = slot_of(&a, key, 1)))
                goto nomem;
            c->f[F_MENT_SENTS] += 1;
            c->f[F_MENT_REL] += s->rel;
            c->f[F_MENT_LEAD] += s->idx < LEAD_SENTENCES;
            if (s->rel > c->f[F_MENT_BEST])
                c->f[F_MENT_BEST] = s->rel;
            pair p = {key, s->doc_id, s->idx < LEAD_SENTENCES};
            pair q = {key, s->doc_id, ctx->anchors.items[s->m_first + m]};
            if (VEC_PUSH(&sp, p) < 0 || VEC_PUSH(&ap, q) < 0)
                goto nomem;
        }
    }
    /* documents per anchor class: each (day, class, document) once */
    if (count_distinct(&a, ap.items, ap.len, cmp_pair_anchor, F_ANCH_YEAR, 1) < 0)
        goto nomem;
    /* documents naming a month: each (month, document) once */
    for (size_t i = 0; i < ctx->months.len; i++) {
        pair p = {ctx->months.items[i].month, ctx->months.items[i].doc_id, 0};
        if (VEC_PUSH(&mp, p) < 0)
            goto nomem;
    }
    if (mp.len)
        qsort(mp.items, mp.len, sizeof(pair), cmp_pair);

    /* documents naming the day in any sentence */
    for (size_t i = 0; i < ctx->doc_mentions.len; i++) {
        if (ctx->doc_mentions.items[i].boundary)
            continue;
        pair p = {ctx->doc_mentions.items[i].key, ctx->doc_mentions.items[i].doc_id,
                  ctx->doc_mentions.items[i].anchor == TL_ANCHOR_YEAR};
        const tl_doc *d = tl_doc_of(ctx, p.doc);
        pair o = {p.key, outlet_id(d ? d->source : NULL), 0};
        if (VEC_PUSH(&dp, p) < 0 || VEC_PUSH(&op, o) < 0)
            goto nomem;
    }
    /* distinct outlets per day: each (day, outlet) once */
    if (count_distinct(&a, op.items, op.len, cmp_pair, F_SRC_DOCS, 0) < 0)
        goto nomem;
    if (sp.len)
        qsort(sp.items, sp.len, sizeof(pair), cmp_pair);
    if (dp.len)
        qsort(dp.items, dp.len, sizeof(pair), cmp_pair);
    for (size_t i = 0; i < sp.len; i++) {
        int first = !(i > 0 && cmp_pair(&sp.items[i], &sp.items[i - 1]) == 0);
        /* a document counts once for lead_docs, at its first leading mention */
        int lead_seen = 0;
        for (size_t j = i; j-- > 0 && cmp_pair(&sp.items[j], &sp.items[i]) == 0;)
            lead_seen |= sp.items[j].lead;
        if (sp.items[i].lead && !lead_seen) {
            if (!(c = slot_of(&a, sp.items[i].key, 1)))
                goto nomem;
            c->f[F_LEAD_DOCS] += 1;
        }
        if (!first)
            continue;
        int64_t key = sp.items[i].key;
        if (!(c = slot_of(&a, key, 1)))
            goto nomem;
        c->f[F_MENT_DOCS] += 1;
        const tl_doc *d = tl_doc_of(ctx, sp.items[i].doc);
        if (!d || d->pub == NO_DATE || key >= PARTIAL_BASE)
            continue;
        int64_t lag = d->pub - key;
        if (lag < 0)
            c->f[F_MENT_BEFORE] += 1;
        else if (lag == 0)
            c->f[F_MENT_SAME] += 1;
        else if (lag <= 7)
            c->f[F_MENT_WEEK] += 1;
        else
            c->f[F_MENT_LATER] += 1;
    }
    /* dp sorted by (key, doc): per key, the publication days of its documents */
    for (size_t i = 0; i < dp.len;) {
        size_t j = i;
        while (j < dp.len && dp.items[j].key == dp.items[i].key)
            j++;
        if (!(c = slot_of(&a, dp.items[i].key, 1)))
            goto nomem;
        VEC(int64_t) days = VEC_INIT;
        for (size_t q = i; q < j; q++) {
            if (q > i && dp.items[q].doc == dp.items[q - 1].doc)
                continue;
            c->f[F_DOCS_ANY] += 1;
            const tl_doc *d = tl_doc_of(ctx, dp.items[q].doc);
            if (d && d->pub != NO_DATE && VEC_PUSH(&days, d->pub) < 0) {
                VEC_FREE(&days);
                goto nomem;
            }
        }
        if (days.len) {
            qsort(days.items, days.len, sizeof(int64_t), cmp_i64);
            size_t distinct = 0;
            for (size_t q = 0; q < days.len; q++)
                distinct += q == 0 || days.items[q] != days.items[q - 1];
            c->f[F_MENT_DAYS] = (double)distinct;
            c->f[F_MENT_SPAN] = (double)(days.items[days.len - 1] - days.items[0]);
        }
        VEC_FREE(&days);
        i = j;
    }
    /* publications */
    for (size_t i = 0; i < ctx->docv.len; i++) {
        int64_t key = ctx->docv.items[i].pub;
        if (key == NO_DATE)
            continue;
        uint64_t *slot;
        if (hmap_upsert(&pubs, &key, sizeof(key), 0, &slot, NULL) < 0)
            goto nomem;
        (*slot)++;
        if (!(c = slot_of(&a, key, 1)))
            goto nomem;
        c->f[F_PUB_DOCS] += 1;
    }
    for (size_t i = 0; i < mp.len; i++) {
        if (i > 0 && cmp_pair(&mp.items[i], &mp.items[i - 1]) == 0)
            continue;
        uint64_t *slot;
        if (hmap_upsert(&month_docs, &mp.items[i].key, sizeof(int64_t), 0, &slot, NULL) < 0)
            goto nomem;
        (*slot)++;
    }
    if (date_rank(&a, ctx) < 0)
        goto nomem;
    for (size_t i = 0; i < a.raw.len; i++) {
        c = &a.raw.items[i];
        if (c->key >= PARTIAL_BASE)
            continue;
        annals_date day = key_date(c->key);
        int64_t month = (int64_t)day.year * 12 + day.month - 1;
        uint64_t *md = hmap_get(&month_docs, &month, sizeof(month));
        c->f[F_MONTH_DOCS] = md ? (double)*md : 0;
        int64_t next = c->key + 1;
        uint64_t *n = hmap_get(&pubs, &next, sizeof(next));
        c->f[F_PUB_NEXT] = n ? (double)*n : 0;
        double around = 0;
        for (int64_t dd = -BURST_RADIUS; dd <= BURST_RADIUS; dd++) {
            int64_t k = c->key + dd;
            uint64_t *v = dd ? hmap_get(&pubs, &k, sizeof(k)) : NULL;
            around += v ? (double)*v : 0;
        }
        around /= 2 * BURST_RADIUS;
        c->f[F_PUB_BURST] = c->f[F_PUB_DOCS] / (1.0 + around);
        double near = 0;
        for (int64_t dd = -3; dd <= 3; dd++) {
            int64_t k = c->key + dd;
            const tl_cand_date *o = dd ? slot_of(&a, k, 0) : NULL;
            near += o ? o->f[F_MENT_SENTS] : 0;
        }
        c->f[F_MENT_NEAR] = near;
        double mnear = 0;
        int peak = 1;
        for (int64_t dd = -BURST_RADIUS; dd <= BURST_RADIUS; dd++) {
            int64_t k = c->key + dd;
            const tl_cand_date *o = dd ? slot_of(&a, k, 0) : NULL;
            double v = o ? o->f[F_DOCS_ANY] : 0;
            mnear += o ? o->f[F_MENT_DOCS] : 0;
            if (dd >= -3 && dd <= 3 && v > c->f[F_DOCS_ANY])
                peak = 0;
        }
        c->f[F_MENT_BURST] = c->f[F_MENT_DOCS] / (1.0 + mnear / (2 * BURST_RADIUS));
        c->f[F_MENT_PEAK] = peak && c->f[F_DOCS_ANY] > 0;
        const tl_cand_date *prev = slot_of(&a, c->key - 1, 0), *next_c = slot_of(&a, c->key + 1, 0);
        double dprev = prev ? prev->f[F_DOCS_ANY] : 0, dnext = next_c ? next_c->f[F_DOCS_ANY] : 0;
        double own = c->f[F_DOCS_ANY];
        c->f[F_PEAK_DAY] = own > 0 && own >= dprev && own >= dnext;
        c->f[F_DAY_SHARE] = own > 0 ? own / (own + dprev + dnext) : 0;
        double kern = 0;
        for (int64_t dd = -KERNEL_RADIUS; dd <= KERNEL_RADIUS; dd++) {
            int64_t k = c->key + dd;
            const tl_cand_date *o = slot_of(&a, k, 0);
            double w = 1.0 - (double)(dd < 0 ? -dd : dd) / (KERNEL_RADIUS + 1);
            kern += o ? w * o->f[F_DOCS_ANY] : 0;
        }
        c->f[F_KERN_DOCS] = kern;
    }
    /* split, keep the window, normalize per list */
    for (size_t i = 0; i < a.raw.len; i++) {
        c = &a.raw.items[i];
        if (!tl_window_contains(ctx->opts, c->key))
            continue;
        if (VEC_PUSH(c->key >= PARTIAL_BASE ? partial : full, *c) < 0)
            goto nomem;
    }
    for (int pass = 0; pass < 2; pass++) {
        tl_cand_vec *v = pass ? partial : full;
        double mx[ANNALS_TL_N_FEATURES] = {0};
        for (size_t i = 0; i < v->len; i++)
            for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++) {
                v->items[i].f[f] = log1p(v->items[i].f[f]);
                if (v->items[i].f[f] > mx[f])
                    mx[f] = v->items[i].f[f];
            }
        for (size_t i = 0; i < v->len; i++)
            for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
                v->items[i].f[f] = mx[f] > 0 ? v->items[i].f[f] / mx[f] : 0;
    }
    goto done;
nomem:
    rc = ANNALS_ENOMEM;
done:
    VEC_FREE(&a.raw);
    hmap_free(&a.index);
    hmap_free(&pubs);
    hmap_free(&month_docs);
    VEC_FREE(&ap);
    VEC_FREE(&mp);
    VEC_FREE(&op);
    VEC_FREE(&sp);
    VEC_FREE(&dp);
    return rc;
}
