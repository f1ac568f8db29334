/*
 * annals/eval_bootstrap.h - confidence intervals for the evaluation scores: a percentile
 * bootstrap over units (documents, topics, cases), items of the same unit resampled
 * together (a cluster bootstrap).
 *
 * Representation: the caller gives one score record per item (a document's TIMEX3 counts,
 * a task's tilse scores) and, per item, the id of its unit. One resample draws as many units
 * as there are, uniformly with replacement, and recomputes the statistic exactly as the point
 * estimate is computed from all items: TempEval-3 sums the counts and then derives P, R, F1
 * and the accuracies (annals_timex_score); tilse averages precision and recall over the
 * resampled tasks and takes the F1 of the means (annals_tls_average_*). The interval bounds
 * are the (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled statistic, with
 * linear interpolation between order statistics (Hyndman & Fan 1996, definition 7, numpy's
 * default): for sorted values v[0..B-1] and q in [0, 1], h = (B - 1) q and the quantile is
 * v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h]).
 *
 * The random numbers come from splitmix64 (Steele, Lea & Flood 2014) with a fixed seed and
 * unbiased bounded draws by rejection, so the same input and options give the same interval
 * on every machine. No global state: the functions are thread-safe.
 *
 * Sources: Efron & Tibshirani, "An Introduction to the Bootstrap" (1993), ch. 13 (percentile
 * intervals); Davison & Hinkley, "Bootstrap Methods and their Application" (1997), 2.4
 * (resampling clusters).
 */
#ifndef ANNALS_EVAL_BOOTSTRAP_H
#define ANNALS_EVAL_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "eval_timex.h"
#include "eval_tls.h"

/* The most resamples accepted; more is rejected as a mistake (ANNALS_EINVAL). */
#define ANNALS_BOOTSTRAP_MAX_RESAMPLES 1000000

typedef struct annals_bootstrap_options {
    unsigned version;
    size_t resamples; /* B, in [1, ANNALS_BOOTSTRAP_MAX_RESAMPLES]; default 1000 */
    uint64_t seed;    /* splitmix64 seed; the default is fixed */
    double level;     /* coverage of the interval, in (0, 1); default 0.95 */
} annals_bootstrap_options;

#define ANNALS_BOOTSTRAP_SEED 0x616e6e616c73ULL /* "annals" */
#define ANNALS_BOOTSTRAP_OPTIONS_INIT                                                              \
    {                                                                                              \
        1, 1000, ANNALS_BOOTSTRAP_SEED, 0.95                                                       \
    }

/*
 * Interval of the TempEval-3 measures. docs[0, n) are per-item counts (usually one per
 * document); units[i] is the unit of docs[i] (any ids; NULL: every item is its own unit).
 * *low_out and *high_out receive the lower and upper bound of every field of
 * annals_timex_scores. opts may be NULL (defaults).
 * Returns 0; ANNALS_EINVAL when n is 0, the options are out of range, or a record's counts
 * are inconsistent (strict > relaxed, relaxed > gold or system, type_ok or value_ok >
 * relaxed, sums that could overflow); ANNALS_ENOMEM. On error the outputs are untouched.
 */
int annals_bootstrap_timex(const annals_timex_counts *docs, const size_t *units, size_t n,
                           const annals_bootstrap_options *opts, annals_timex_scores *low_out,
                           annals_timex_scores *high_out);

/*
 * Interval of tilse's dataset average. tasks[0, n) are per-task scores (annals_tls_score);
 * units[i] is the unit of tasks[i] (NULL: every task is its own unit). *low_out and
 * *high_out receive the bounds of the precision, recall and F1 of every measure (rouge[][]
 * and date); their other fields are zero except skipped, the union over tasks.
 * opts may be NULL. Returns 0; ANNALS_EINVAL when n is 0, the options are out of range, or
 * a precision, recall or F1 is not finite; ANNALS_ENOMEM. On error the outputs are untouched.
 */
int annals_bootstrap_tls(const annals_tls_scores *tasks, const size_t *units, size_t n,
                         const annals_bootstrap_options *opts, annals_tls_scores *low_out,
                         annals_tls_scores *high_out);

#endif
