/*
 * annals/eval_tls.h - timeline-summarization scores: tilse's ROUGE-based timeline measures
 * (concat, agreement, align, align+, align+ m:1) and date precision/recall/F1, on top of a
 * re-implementation of ROUGE-1.5.5 as the literature runs it (-n 2 -m -s -t 2 -f A).
 *
 * Representation: a timeline is an array of days, each a date and its sentences (UTF-8,
 * NUL-terminated). Timelines can be built in memory by the caller or read from tilse's text
 * format or annals' JSON timeline output.
 *
 * Sources: Martschat & Markert, "Improving ROUGE for Timeline Summarization", EACL 2017
 * (tilse); Lin, "ROUGE: A Package for Automatic Evaluation of Summaries", 2004.
 * docs/EVALUATION.md describes the compatibility with the reference tools.
 */
#ifndef ANNALS_EVAL_TLS_H
#define ANNALS_EVAL_TLS_H

#include <stdbool.h>

#include "common.h"

/* ---- timelines ---------------------------------------------------------------------- */

/* One dated summary. An empty list of sentences is a date with an empty summary. */
typedef struct annals_tls_day {
    annals_date date; /* a complete date */
    const char **sentences;
    size_t n_sentences;
} annals_tls_day;

/* A timeline: days in any order; when a date repeats, the later day wins (as in tilse). */
typedef struct annals_tls_timeline {
    annals_tls_day *days;
    size_t n_days;
} annals_tls_timeline;

enum {
    ANNALS_TLS_FORMAT_AUTO = 0, /* JSON when the first non-blank byte is '{', else tilse */
    ANNALS_TLS_FORMAT_TILSE,    /* "YYYY-MM-DD" line, sentence lines, a line of 32 '-' */
    ANNALS_TLS_FORMAT_JSON,     /* {"timeline": [{"date": ..., "sentences": [...]}]} */
};

/* Called once per problem found while reading (line is 1-based; 0 when unknown). */
typedef void (*annals_tls_warn_fn)(void *ctx, const char *name, size_t line, const char *msg);

typedef struct annals_tls_read_options {
    unsigned version;
    int format;            /* ANNALS_TLS_FORMAT_* */
    const char *name;      /* shown in messages (a file name); may be NULL */
    annals_tls_warn_fn warn; /* may be NULL */
    void *warn_ctx;
} annals_tls_read_options;

#define ANNALS_TLS_READ_OPTIONS_INIT {1, ANNALS_TLS_FORMAT_AUTO, NULL, NULL, NULL}

/*
 * Parses a timeline from data[0,len) (not NUL-terminated). Bad parts (invalid UTF-8, an
 * impossible date, a sentence outside a date block, broken JSON members) are reported through
 * opts->warn and skipped; *problems_out (may be NULL) receives their number.
 * Returns 0 and an owned *out (free with annals_tls_timeline_free), ANNALS_EPARSE when the
 * input cannot be read at all (JSON syntax error), or ANNALS_ENOMEM. opts may be NULL.
 * Thread-safe.
 */
int annals_tls_timeline_parse(annals_tls_timeline **out, const char *data, size_t len,
                              const annals_tls_read_options *opts, size_t *problems_out);

/* Reads and parses a file; ANNALS_EIO when it cannot be read. opts->name defaults to path. */
int annals_tls_timeline_read(annals_tls_timeline **out, const char *path,
                             const annals_tls_read_options *opts, size_t *problems_out);

/* Frees a timeline returned by the functions above; NULL is a no-op. */
void annals_tls_timeline_free(annals_tls_timeline *tl);

/* Number of sentences over all days. */
size_t annals_tls_timeline_sentences(const annals_tls_timeline *tl);

/* ---- the evaluator ------------------------------------------------------------------ */

/* The timeline measures, as tilse names them. */
enum {
    ANNALS_TLS_CONCAT = 0,       /* "concat" */
    ANNALS_TLS_AGREEMENT,        /* "agreement" */
    ANNALS_TLS_ALIGN,            /* "align_date_costs" (align, 1:1) */
    ANNALS_TLS_ALIGN_PLUS,       /* "align_date_content_costs" (align+, 1:1) */
    ANNALS_TLS_ALIGN_PLUS_M1,    /* "align_date_content_costs_many_to_one" (AR-1/AR-2) */
    ANNALS_TLS_N_MEASURES,
    ANNALS_TLS_DATE = ANNALS_TLS_N_MEASURES, /* bit index of the date measure in masks */
};

#define ANNALS_TLS_ALL_MEASURES 0x3Fu /* the five ROUGE measures and date F1 */

/* tilse's name of measure m (0..ANNALS_TLS_DATE), e.g. "align_date_content_costs". */
const char *annals_tls_measure_name(int m);
/* Parses one measure name (tilse's or the short "concat", "agreement", "align", "align+",
 * "align+m:1", "date"); returns its index or -1. */
int annals_tls_measure_parse(const char *name);

typedef struct annals_tls_options {
    unsigned version;
    /* Directory holding ROUGE-1.5.5's smart_common_words.txt and
     * wordnet-2.0-exceptions.tsv (one "inflected<TAB>base" per line). Required. */
    const char *rouge_dir;
    unsigned measures; /* bit (1 << m) per measure to compute; ANNALS_TLS_ALL_MEASURES */
} annals_tls_options;

#define ANNALS_TLS_OPTIONS_INIT {1, NULL, ANNALS_TLS_ALL_MEASURES}

typedef struct annals_tls annals_tls;

typedef struct annals_prf {
    double precision, recall, f_score;
} annals_prf;

typedef struct annals_tls_scores {
    annals_prf rouge[ANNALS_TLS_N_MEASURES][2]; /* [measure][0] ROUGE-1, [1] ROUGE-2 */
    annals_prf date;
    /* Bit (1 << m): measure m was not computed (not asked for) ... */
    unsigned skipped;
    /* ... or is undefined for this input (empty prediction or reference, where the reference
     * tools fail); its scores are then 0. */
    unsigned undefined;
    /* Bit (1 << m): the optimal date assignment of measure m (align, align+) was not unique,
     * so another solver may pick another optimum and report other numbers. */
    unsigned ties;
    uint64_t concat_counts[2][3]; /* raw concat counts [order-1][h, p, m] */
    size_t n_pred_dates, n_ref_dates, n_pred_sents;
} annals_tls_scores;

/*
 * Opens an evaluator: loads the ROUGE resources once. On ANNALS_EIO/EPARSE (missing or bad
 * resource files) *out is still set so annals_tls_errmsg() can explain; close it. On
 * ANNALS_ENOMEM *out is NULL. One handle per thread.
 */
int annals_tls_open(annals_tls **out, const annals_tls_options *opts);

/* The last error's one-line message; borrowed until the next call on the handle. */
const char *annals_tls_errmsg(const annals_tls *ev);

/* Frees the evaluator; NULL is a no-op. */
void annals_tls_close(annals_tls *ev);

/*
 * Scores pred against n_golds reference timelines (tilse's GroundTruth: each reference is a
 * ROUGE model). Fills *out for every measure in the options. Returns 0, ANNALS_EINVAL (no
 * references, or a date that is not complete), or ANNALS_ENOMEM.
 */
int annals_tls_score(annals_tls *ev, const annals_tls_timeline *pred,
                     const annals_tls_timeline *const *golds, size_t n_golds,
                     annals_tls_scores *out);

/* ---- averaging over tasks ----------------------------------------------------------- */

/*
 * tilse's (and news-tls') dataset average: mean precision and mean recall over tasks, then
 * the F1 of those means. A plain struct: initialise with annals_tls_average_init.
 */
typedef struct annals_tls_average {
    double sum_p[ANNALS_TLS_N_MEASURES + 1][2];
    double sum_r[ANNALS_TLS_N_MEASURES + 1][2];
    size_t n;
    unsigned skipped;
} annals_tls_average;

void annals_tls_average_init(annals_tls_average *avg);
void annals_tls_average_add(annals_tls_average *avg, const annals_tls_scores *s);
/* Writes the averages into *out (counts and per-case fields are zero). */
void annals_tls_average_get(const annals_tls_average *avg, annals_tls_scores *out);

/* F1 as tilse computes it: 0 when precision + recall is 0. */
double annals_tls_f1(double precision, double recall);

#endif
