/*
 * timex_score.c - TempEval-3 scoring of time expressions (see include/annals/eval_timex.h).
 *
 * The official toolkit first renames the system's TIMEX3 ids after the gold ones they
 * overlap (TimeML-Normalizer), then counts per document: a relaxed match is a gold id
 * found among the system ids, a strict match one whose text is also identical; type and
 * value are compared on relaxed matches; precision divides by the number of system
 * expressions, recall by the number of gold ones, and the totals are summed over all
 * documents before dividing. This file does the same with an explicit one-to-one
 * alignment of spans, so a system expression that overlaps two gold ones counts once.
 *
 * Source: N. UzZaman et al., "SemEval-2013 Task 1: TempEval-3", section 5.1, and the
 * TempEval-3 evaluation toolkit (evaluation-entities/evaluate_entities.py).
 */
#include <stdlib.h>
#include <string.h>

#include "annals/eval_timex.h"
#include "util.h"

static bool overlaps(annals_span a, annals_span b)
{
    return a.len && b.len && a.off < b.off + b.len && b.off < a.off + a.len;
}

static bool same_span(annals_span a, annals_span b)
{
    return a.len && a.off == b.off && a.len == b.len;
}

/* Sorting indexes by span (offset, then length, then index for stability). */
typedef struct sort_item {
    annals_span span;
    size_t index;
} sort_item;

static int cmp_item(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    if (a->span.off != b->span.off)
        return a->span.off < b->span.off ? -1 : 1;
    if (a->span.len != b->span.len)
        return a->span.len < b->span.len ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static sort_item *sorted(const annals_timeml_timex *x, size_t n)
{
    sort_item *s = malloc((n ? n : 1) * sizeof(*s));
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++)
        s[i] = (sort_item){x[i].span, i};
    qsort(s, n, sizeof(*s), cmp_item);
    return s;
}

static bool str_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static int cmp_pair_pos(const annals_timex_pair *a, const annals_timex_pair *b,
                        const annals_timeml_timex *gold, const annals_timeml_timex *sys)
{
    uint32_t pa = a->gold >= 0 ? gold[a->gold].span.off : sys[a->system].span.off;
    uint32_t pb = b->gold >= 0 ? gold[b->gold].span.off : sys[b->system].span.off;
    if (pa != pb)
        return pa < pb ? -1 : 1;
    /* at the same position gold-side lines come first, then by index */
    long ka = a->gold >= 0 ? a->gold : (1L << 30) + a->system;
    long kb = b->gold >= 0 ? b->gold : (1L << 30) + b->system;
    return ka < kb ? -1 : ka > kb;
}

int annals_timex_align(const annals_timeml_timex *gold, size_t n_gold,
                       const annals_timeml_timex *sys, size_t n_sys, annals_timex_counts *counts,
                       annals_timex_pair **pairs_out, size_t *n_pairs_out)
{
    int rc = 0;
    sort_item *g = sorted(gold, n_gold), *s = sorted(sys, n_sys);
    long *sys_taken = calloc(n_sys ? n_sys : 1, sizeof(long)); /* gold index + 1, or 0 */
    annals_timex_pair *pairs = NULL;
    size_t np = 0;
    if (pairs_out) {
        *pairs_out = NULL;
        *n_pairs_out = 0;
    }
    if (!g || !s || !sys_taken) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    if (pairs_out && !(pairs = malloc((n_gold + n_sys + 1) * sizeof(*pairs)))) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    annals_timex_counts c = {1, n_gold, n_sys, 0, 0, 0, 0};
    size_t first = 0; /* system expressions before it end before every later gold start */
    for (size_t i = 0; i < n_gold; i++) {
        annals_span gs = g[i].span;
        while (first < n_sys && s[first].span.off + s[first].span.len <= gs.off)
            first++;
        long pick = -1;
        /* candidates are sorted by offset: scan those that start before the gold end */
        for (size_t j = first; j < n_sys && s[j].span.off < gs.off + gs.len; j++) {
            if (sys_taken[j] || !overlaps(gs, s[j].span))
                continue;
            if (same_span(gs, s[j].span)) {
                pick = (long)j;
                break;
            }
            if (pick < 0)
                pick = (long)j;
        }
        annals_timex_pair p = {(long)g[i].index, -1, ANNALS_TIMEX_MISSED, 0, 0};
        if (pick >= 0) {
            sys_taken[pick] = (long)i + 1;
            const annals_timeml_timex *gx = &gold[g[i].index], *sx = &sys[s[pick].index];
            p.system = (long)s[pick].index;
            p.outcome = same_span(gs, s[pick].span) ? ANNALS_TIMEX_STRICT : ANNALS_TIMEX_RELAXED;
            p.type_ok = str_eq(gx->type, sx->type);
            p.value_ok = str_eq(gx->value, sx->value);
            c.relaxed++;
            c.strict += p.outcome == ANNALS_TIMEX_STRICT;
            c.type_ok += (size_t)p.type_ok;
            c.value_ok += (size_t)p.value_ok;
        }
        if (pairs)
            pairs[np++] = p;
    }
    if (pairs) {
        for (size_t j = 0; j < n_sys; j++) {
            if (!sys_taken[j])
                pairs[np++] = (annals_timex_pair){-1, (long)s[j].index, ANNALS_TIMEX_SPURIOUS, 0,
                                                  0};
        }
        /* insertion sort keeps it simple and stable; documents hold tens of expressions */
        for (size_t a = 1; a < np; a++) {
            annals_timex_pair x = pairs[a];
            size_t b = a;
            while (b > 0 && cmp_pair_pos(&pairs[b - 1], &x, gold, sys) > 0) {
                pairs[b] = pairs[b - 1];
                b--;
            }
            pairs[b] = x;
        }
        *pairs_out = pairs;
        *n_pairs_out = np;
        pairs = NULL;
    }
    annals_timex_counts_add(counts, &c);
cleanup:
    free(g);
    free(s);
    free(sys_taken);
    free(pairs);
    return rc;
}

void annals_timex_counts_add(annals_timex_counts *a, const annals_timex_counts *b)
{
    a->docs += b->docs;
    a->gold += b->gold;
    a->system += b->system;
    a->strict += b->strict;
    a->relaxed += b->relaxed;
    a->type_ok += b->type_ok;
    a->value_ok += b->value_ok;
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2.0 * p * r / (p + r) : 0.0;
}

void annals_timex_score(const annals_timex_counts *c, annals_timex_scores *out)
{
    memset(out, 0, sizeof(*out));
    if (c->gold == 0 && c->system == 0) {
        /* the toolkit's convention for an empty evaluation */
        out->strict_f1 = out->relaxed_f1 = 1.0;
        out->type_accuracy = out->type_f1 = out->value_accuracy = out->value_f1 = 1.0;
        return;
    }
    out->strict_p = ratio(c->strict, c->system);
    out->strict_r = ratio(c->strict, c->gold);
    out->strict_f1 = f1(out->strict_p, out->strict_r);
    out->relaxed_p = ratio(c->relaxed, c->system);
    out->relaxed_r = ratio(c->relaxed, c->gold);
    out->relaxed_f1 = f1(out->relaxed_p, out->relaxed_r);
    out->type_accuracy = ratio(c->type_ok, c->relaxed);
    out->value_accuracy = ratio(c->value_ok, c->relaxed);
    out->type_f1 = out->type_accuracy * out->relaxed_f1;
    out->value_f1 = out->value_accuracy * out->relaxed_f1;
}
