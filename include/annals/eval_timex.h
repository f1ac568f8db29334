/*
 * annals/eval_timex.h - scoring time expressions against a gold standard, with the
 * measures of the TempEval-3 evaluation toolkit (UzZaman et al. 2013, TE3-evaluation.py,
 * timex part).
 *
 * Per document, gold and system TIMEX3 are aligned one to one: a pair is a relaxed match
 * when the spans overlap and a strict match when they are identical. Counts add up over
 * documents (micro average), and then
 *   strict / relaxed P = matches / system, R = matches / gold, F1 = 2PR / (P + R);
 *   type / value accuracy = pairs with equal type / value / relaxed matches;
 *   type / value F1 = accuracy x relaxed F1 (the toolkit's "performance").
 * With no gold and no system expression at all, every F1 and accuracy is 1, as in the
 * toolkit. Values and types compare as exact strings.
 */
#ifndef ANNALS_EVAL_TIMEX_H
#define ANNALS_EVAL_TIMEX_H

#include "common.h"
#include "timeml.h"

/* Counts; add documents with annals_timex_counts_add(). */
typedef struct annals_timex_counts {
    size_t docs;
    size_t gold;     /* gold expressions */
    size_t system;   /* system expressions */
    size_t strict;   /* pairs with identical spans */
    size_t relaxed;  /* pairs with overlapping spans (strict ones included) */
    size_t type_ok;  /* relaxed pairs with the same type */
    size_t value_ok; /* relaxed pairs with the same value */
} annals_timex_counts;

typedef struct annals_timex_scores {
    double strict_p, strict_r, strict_f1;
    double relaxed_p, relaxed_r, relaxed_f1;
    double type_accuracy, type_f1;
    double value_accuracy, value_f1;
} annals_timex_scores;

/* How one gold or system expression fared. */
typedef enum annals_timex_outcome {
    ANNALS_TIMEX_STRICT = 0,   /* identical spans */
    ANNALS_TIMEX_RELAXED = 1,  /* overlapping, not identical */
    ANNALS_TIMEX_MISSED = 2,   /* a gold expression no system expression overlaps */
    ANNALS_TIMEX_SPURIOUS = 3, /* a system expression that overlaps no gold one */
} annals_timex_outcome;

/* One line of an alignment: gold and system are indexes, or -1 for none. */
typedef struct annals_timex_pair {
    long gold;
    long system;
    annals_timex_outcome outcome;
    int type_ok;  /* for matches: 1 when the types are equal */
    int value_ok; /* for matches: 1 when the values are equal */
} annals_timex_pair;

/*
 * Aligns the gold[0, n_gold) and sys[0, n_sys) expressions of one document (spans in the
 * same text). Each gold expression, in text order, takes the system expression with the
 * identical span if there is one, else the first unaligned one that overlaps it. Empty
 * spans never match. counts (must be zeroed or hold earlier documents) gets this
 * document's counts added. When pairs_out is not NULL it receives a malloc'd array (free
 * with free()) of *n_pairs_out pairs sorted by text position, every expression appearing
 * once. Returns 0 or ANNALS_ENOMEM.
 */
int annals_timex_align(const annals_timeml_timex *gold, size_t n_gold,
                       const annals_timeml_timex *sys, size_t n_sys, annals_timex_counts *counts,
                       annals_timex_pair **pairs_out, size_t *n_pairs_out);

/* Adds b into a. */
void annals_timex_counts_add(annals_timex_counts *a, const annals_timex_counts *b);

/* The TempEval-3 measures of c (fractions in [0, 1]). */
void annals_timex_score(const annals_timex_counts *c, annals_timex_scores *out);

#endif
