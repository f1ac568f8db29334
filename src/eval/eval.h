/*
 * eval.h - internal header of the timeline evaluator (src/eval/): ROUGE-1.5.5 text
 * preparation and n-gram counts, its Porter variant, the rectangular assignment solver and
 * the tilse-format readers. The public side is include/annals/eval_tls.h.
 *
 * Representation: a prepared summary is a token-id sequence; its n-grams are kept as sorted
 * arrays of 64-bit keys (a unigram is its id, a bigram is id1 << 32 | id2), so clipped
 * overlap counts are a merge of two sorted arrays.
 *
 * Other files of this module (the TIMEX3 scorer) do not use this header.
 */
#ifndef ANNALS_EVAL_H
#define ANNALS_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annals/eval_tls.h"
#include "util.h"

typedef VEC(uint32_t) u32_vec;
typedef VEC(uint64_t) u64_vec;

/* ---- porter_rouge.c ------------------------------------------------------------------ */

/* Longest word porter_rouge_stem() accepts; longer words are returned unchanged. */
#define PORTER_ROUGE_MAX 4096

/*
 * Stems the lower-case ASCII word w[0,n) the way ROUGE-1.5.5's Perl Porter code does and
 * writes the stem (NUL-terminated, never longer than the word) to out (n + 1 bytes).
 * Returns the stem's length.
 */
size_t porter_rouge_stem(const char *w, size_t n, char *out);

/* ---- rouge.c ------------------------------------------------------------------------- */

/* The ROUGE resources and the token vocabulary: one per evaluator handle. */
typedef struct rouge_ctx {
    hmap stop;     /* SMART stop words */
    hmap except;   /* WordNet exception: inflected -> index into except_base */
    VEC(char *) except_base;
    arena strings; /* exception base forms */
    hmap vocab;    /* lower-cased surface token -> token id (after stemming) */
    hmap stems;    /* stemmed form -> token id */
    hmap raw;      /* whitespace token (for the ROUGE-1 approximation) -> id */
    char *scratch; /* stemming buffer */
    size_t scratch_cap;
} rouge_ctx;

/* Sorted n-gram multiset: keys ascending, repeats kept. */
typedef struct ngrams {
    uint64_t *keys;
    size_t len;
} ngrams;

/* A prepared summary: ROUGE-1 and ROUGE-2 n-grams, and the raw tokens for the approximation. */
typedef struct rouge_summary {
    ngrams gram[2];
    ngrams raw;
    uint32_t *ids; /* the filtered token sequence */
    size_t n_ids;
} rouge_summary;

/*
 * Loads smart_common_words.txt and wordnet-2.0-exceptions.tsv from dir. On failure returns
 * ANNALS_EIO / ANNALS_EPARSE / ANNALS_ENOMEM and writes a one-line reason into err.
 */
int rouge_ctx_init(rouge_ctx *r, const char *dir, char *err, size_t errlen);
void rouge_ctx_free(rouge_ctx *r);

/* Appends the filtered token ids of one sentence (ROUGE's preparation) to *ids. */
int rouge_tokenize(rouge_ctx *r, const char *sent, size_t len, u32_vec *ids);

/*
 * Prepares a summary from its sentences (joined as ROUGE joins them). Returns 0 or
 * ANNALS_ENOMEM. Free with rouge_summary_free().
 */
int rouge_summary_build(rouge_ctx *r, const char *const *sents, size_t n, rouge_summary *out);
/* Builds the summary of a token-id sequence (no raw tokens). */
int rouge_summary_from_ids(const uint32_t *ids, size_t n, rouge_summary *out);
void rouge_summary_free(rouge_summary *s);

/* Raw counts of one ROUGE-N comparison against one model: hits, peer n-grams, model n-grams. */
typedef struct rouge_counts {
    uint64_t h, p, m;
} rouge_counts;

/* Clipped overlap of two sorted multisets. */
uint64_t ngrams_overlap(const ngrams *a, const ngrams *b);

/*
 * ROUGE-1.5.5's "-f A" counts of peer against several models: hits and model n-grams summed
 * over the models, the peer's n-grams counted once per model. order is 1 or 2.
 */
rouge_counts rouge_score(const rouge_summary *peer, const rouge_summary *const *models,
                         size_t n_models, int order);

/* tilse's approximate ROUGE-1 F1 on whitespace tokens (util.compute_rouge_approximation). */
double rouge_approx_f1(const rouge_summary *pred, const rouge_summary *const *refs,
                       size_t n_refs);

/* ---- assignment.c -------------------------------------------------------------------- */

/*
 * Minimum-cost assignment of a nr x nc cost matrix (row-major), the shortest augmenting path
 * method as scipy 1.10's linear_sum_assignment runs it, so that ties resolve the same way.
 * Writes min(nr, nc) pairs to rows_out/cols_out, rows ascending. *tie_out is set when
 * another assignment has the same total cost (within 1e-9), i.e. the choice among optima is
 * solver-dependent. Returns the number of pairs, or ANNALS_ENOMEM / ANNALS_EINVAL (NaN).
 */
int lsap_solve(const double *cost, size_t nr, size_t nc, size_t *rows_out, size_t *cols_out,
               bool *tie_out);

/* ---- tilse_format.c ------------------------------------------------------------------ */

/* Python's str.isspace() for one code point (what str.split() splits on). */
bool py_isspace(uint32_t cp);

#endif
