/*
 * annals/timeline.h - building a dated, sourced timeline for a query.
 *
 * The query's words select matching sentences from the store's full-text index. Dates are
 * ranked by how strongly the matching sentences point at them (time expressions that name
 * the day, and publications on the day); each chosen date is summarized by sentences
 * selected from the matching sentences about it. Every sentence carries its document and
 * byte span. Dates whose year is unknown (a "January 8" in an undated article) are kept
 * apart as partial entries and listed after the dated ones; no year is invented.
 */
#ifndef ANNALS_TIMELINE_H
#define ANNALS_TIMELINE_H

#include "common.h"
#include "store.h"

typedef struct annals_tl_model annals_tl_model;

/*
 * How each date's sentences are chosen (src/timeline/summary.c). The defaults are the
 * setting that nested leave-one-topic-out selection picks on all Timeline17 topics
 * (docs/TIMELINE.md); `annals bench t17 --loto` selects them per held-out topic.
 */
typedef enum annals_tl_objective {
    ANNALS_TL_CENTROID = 0, /* rank sentences by cosine to the date's centroid, then MMR */
    ANNALS_TL_CENTROID_OPT, /* grow the summary whose term vector is closest to the centroid */
    ANNALS_TL_LEARNED,      /* rank sentences by the model's sentence weights, then MMR (the
                               centroid when the model has none) */
} annals_tl_objective;

typedef struct annals_tl_summary_options {
    size_t candidates;      /* at most this many candidates per date, by query relevance */
    size_t min_terms;       /* sentences with fewer content words are penalized */
    size_t max_terms;       /* ... and with more (centroid objectives only) */
    double length_penalty;  /* factor on a penalized sentence's score */
    double relevance;       /* weight of query relevance against centroid closeness, 0..1 */
    double mmr_lambda;      /* score against redundancy with sentences already chosen */
    double duplicate_cosine; /* a candidate this close to a chosen sentence is dropped */
    int next_day;           /* leads of articles published the next day: 0 never, 1 when the
                               day has fewer than K candidates of its own, 2 after the day's
                               first sentence, which is one of its own when it has one */
    int objective;          /* an annals_tl_objective */
} annals_tl_summary_options;
#define ANNALS_TL_SUMMARY_OPTIONS_INIT {60, 5, 30, 0.3, 0.0, 0.85, 0.8, 2, ANNALS_TL_CENTROID}

#define ANNALS_TIMELINE_OPTIONS_VERSION 3
typedef struct annals_timeline_options {
    unsigned version;
    size_t dates;        /* at most this many dated entries (N) */
    size_t sentences;    /* sentences per entry (K) */
    annals_date from;    /* first date of the window; zero = open */
    annals_date to;      /* last date of the window; zero = open */
    int partial;         /* also list entries whose year is unknown */
    const annals_tl_model *model; /* date-ranking model (borrowed); NULL = the built-in one */
    annals_tl_summary_options summary;
    const annals_date *given_dates; /* when set, summarize exactly these complete dates
                                       (borrowed) instead of ranking candidates */
    size_t n_given_dates;
} annals_timeline_options;
#define ANNALS_TIMELINE_OPTIONS_INIT                                                              \
    {ANNALS_TIMELINE_OPTIONS_VERSION, 10, 2, {0, 0, 0}, {0, 0, 0}, 1, NULL,                     \
     ANNALS_TL_SUMMARY_OPTIONS_INIT, NULL, 0}

typedef struct annals_tl_sentence {
    const char *text;   /* the sentence, NUL-terminated */
    int64_t doc_id;
    int64_t sentence_id;
    annals_span span;   /* bytes in the document's stored text */
    const char *source; /* the document's path as given to ingest, or its key */
    const char *title;  /* may be NULL */
    annals_date pub;    /* the document's publication date (zero when unknown) */
} annals_tl_sentence;

typedef struct annals_tl_entry {
    annals_date date;   /* year 0 for a partial entry */
    double score;
    size_t n_sentences;
    const annals_tl_sentence *sentences;
} annals_tl_entry;

typedef struct annals_timeline {
    const char *query;
    size_t n_matches;                   /* matching sentences */
    size_t n_entries;
    const annals_tl_entry *entries;     /* dated entries in date order, then partial ones */
    size_t n_undated;
    const char *const *undated_sources; /* matching documents with no publication date */
} annals_timeline;

/*
 * Builds the timeline of query over store. *out is owned by the caller and freed with
 * annals_timeline_free(); everything it points to lives as long as it does.
 * Returns 0 (possibly with no entries), ANNALS_EINVAL (a query with no searchable word),
 * ANNALS_EDB or ANNALS_ENOMEM; the message is in annals_store_errmsg(store).
 */
int annals_timeline_build(annals_store *store, const char *query,
                          const annals_timeline_options *opts, annals_timeline **out);
void annals_timeline_free(annals_timeline *tl);

typedef enum annals_tl_format {
    ANNALS_TL_TEXT = 0,
    ANNALS_TL_JSON,
    ANNALS_TL_TILSE,
    ANNALS_TL_MARKDOWN,
} annals_tl_format;

/* Parses "text", "json", "tilse" or "markdown"; returns -1 for anything else. */
int annals_tl_format_parse(const char *name);

/*
 * Renders tl into *out (malloc'ed, NUL-terminated, owned by the caller) in the given
 * format. Returns 0 or ANNALS_ENOMEM.
 */
int annals_timeline_render(const annals_timeline *tl, annals_tl_format format, char **out,
                           size_t *len_out);

/* ---- date ranking ----------------------------------------------------------------------
 * Every complete date in the window that a matching sentence names, or on which a matching
 * document was published, is a candidate. Each candidate gets ANNALS_TL_N_FEATURES
 * features (counts of how it is mentioned and published, log-scaled and divided by the
 * largest value among the query's candidates, so they lie in [0, 1] whatever the corpus
 * size); a linear model scores them and the timeline takes N of them, best first, each
 * taken date lowering its neighbours by the model's spread and dates that no sentence can
 * summarize passed over. docs/TIMELINE.md lists the features.
 */
#define ANNALS_TL_N_FEATURES 29
/* Features of a candidate sentence of a date (src/timeline/pool.c lists them). */
#define ANNALS_TL_N_SFEATURES 15

/* The short name of feature i (0 <= i < ANNALS_TL_N_FEATURES), e.g. "ment_docs". */
const char *annals_tl_feature_name(size_t i);
/* The index of the feature called name, or -1. */
int annals_tl_feature_find(const char *name, size_t len);
/* The same for the sentence features (0 <= i < ANNALS_TL_N_SFEATURES), e.g. "cos_tfidf". */
const char *annals_tl_sfeature_name(size_t i);
int annals_tl_sfeature_find(const char *name, size_t len);

typedef struct annals_tl_candidate {
    annals_date date;
    double features[ANNALS_TL_N_FEATURES];
    double score; /* the model's score */
    int unsummarizable; /* 1: no sentence can summarize it, so a timeline passes over it */
    int in_story; /* 1: between the first and last publication of the matching documents */
} annals_tl_candidate;

/*
 * Lists the candidate dates of query in opts' window with their features and scores,
 * best first (ties by date), including those no sentence can summarize (flagged; a
 * timeline passes over them). *out is malloc'ed, owned by the caller (free()). Returns 0,
 * ANNALS_EINVAL (no searchable word), ANNALS_EDB or ANNALS_ENOMEM.
 */
int annals_timeline_candidates(annals_store *store, const char *query,
                               const annals_timeline_options *opts, annals_tl_candidate **out,
                               size_t *n_out);

/*
 * The model file is text, one record per line, cells separated by tabs; '#' starts a
 * comment line:
 *     format<TAB>annals-date-model<TAB>1
 *     weight<TAB>FEATURE<TAB>VALUE       (one per feature; unknown names are an error,
 *                                        features not listed weigh 0)
 *     sentence<TAB>SFEATURE<TAB>VALUE    (optional: sentence-scoring weights; a model
 *                                        without them summarizes by centroid)
 *     spread<TAB>VALUE                   (optional, >= 0: see annals_tl_model_spread)
 *     diversity<TAB>VALUE                (optional, >= 0: see annals_tl_model_diversity)
 *     pair<TAB>FEATURE<TAB>VALUE         (optional: the pair model of adjacent days, see
 *                                        annals_tl_pair_train; a model without pair
 *                                        records takes its dates as before)
 * Errors name the line and say why ("line 3: 'x' is not a number").
 */
/* Parses a model from data[0, len). On ANNALS_EPARSE the reason is written to err. */
int annals_tl_model_parse(annals_tl_model **out, const char *data, size_t len, char *err,
                          size_t err_len);
/* Reads and parses the model file at path (ANNALS_EIO when unreadable). */
int annals_tl_model_read(annals_tl_model **out, const char *path, char *err, size_t err_len);
/* The built-in model (resources/models/date_ranker.tsv, fitted on all Timeline17 topics). */
int annals_tl_model_default(annals_tl_model **out);
/* Writes the model in the file format into *out (malloc'ed, NUL-terminated). */
int annals_tl_model_format(const annals_tl_model *m, char **out);
/* The weight of feature i. */
double annals_tl_model_weight(const annals_tl_model *m, size_t i);
/* The weight of sentence feature i (0 when the model has no sentence weights). */
double annals_tl_model_sentence_weight(const annals_tl_model *m, size_t i);
/* Sets (w != NULL) or removes (w == NULL) the sentence weights, ANNALS_TL_N_SFEATURES. */
void annals_tl_model_set_sentences(annals_tl_model *m, const double *w);
/* The model's spread (0: the timeline keeps the N best-scored dates; > 0: it takes them one
 * by one, each lowering its neighbours' scores by spread standard deviations). */
double annals_tl_model_spread(const annals_tl_model *m);
/* The model's diversity weight (0: off; > 0: the timeline takes its dates greedily with a
 * reward for spreading them over the tenths of the candidates' span; src/timeline/select.c). */
double annals_tl_model_diversity(const annals_tl_model *m);
/* The model's score of a feature vector (the dot product). */
double annals_tl_model_score(const annals_tl_model *m, const double *features);
/* Sets (w != NULL) or removes (w == NULL) the pair-model weights, ANNALS_TL_N_FEATURES. */
void annals_tl_model_set_pair(annals_tl_model *m, const double *w);
/* 1 when the model has pair weights, else 0. */
int annals_tl_model_has_pair(const annals_tl_model *m);
/* The pair model's score of a feature vector (0 without pair weights): of two adjacent
 * days a and b, P(a is the day of the event rather than b) = sigmoid(pair score of a - pair
 * score of b). */
double annals_tl_model_pair_score(const annals_tl_model *m, const double *features);
void annals_tl_model_free(annals_tl_model *m);

/* One training example: a candidate date of a query (group), relevant (label 1) or not. */
typedef struct annals_tl_sample {
    size_t group;
    int label;
    double features[ANNALS_TL_N_FEATURES];
    annals_date date; /* the candidate's day; zero when unknown (then no spread applies) */
    int unsummarizable; /* 1: a timeline passes over it (still a training example) */
    int in_story; /* 1: inside the story's publication span (the diversity reward's span) */
} annals_tl_sample;

typedef enum annals_tl_loss {
    ANNALS_TL_PAIRWISE = 0, /* logistic loss on relevant-minus-irrelevant pairs, SGD */
    ANNALS_TL_LISTWISE,     /* softmax cross-entropy over each group, full-batch descent */
    ANNALS_TL_BLEND,        /* the mean of the listwise (these options) and the pairwise
                               (ANNALS_TL_TRAIN_PAIRWISE_INIT) models, each of unit length */
} annals_tl_loss;

#define ANNALS_TL_TRAIN_OPTIONS_VERSION 4
typedef struct annals_tl_train_options {
    unsigned version;
    unsigned epochs;     /* pairwise: passes over the positive examples; listwise: at most
                            this many full-batch steps (fewer once the loss stops moving) */
    unsigned negatives;  /* pairwise: negatives drawn per positive and pass */
    double rate;         /* step size */
    double l2;           /* pairwise: weight decay per step; listwise: the penalty
                            l2 / 2 |w|^2 added to the mean loss */
    uint64_t seed;       /* pairwise: the sampler's seed (the same seed, the same model) */
    int loss;            /* an annals_tl_loss */
    double spread;       /* copied into the model: when the timeline takes a date, its
                            neighbours (one day away) lose spread x the standard deviation
                            of the query's scores before the next date is taken; 0 = plain
                            top N */
    double diversity;    /* copied into the model: the weight of the reward for spreading
                            the dates over the story's span (annals_tl_model_diversity);
                            0 = off */
} annals_tl_train_options;
/* The listwise learner that fits the built-in model (l2 there is chosen per fold by
 * `annals bench t17 --loto`, docs/TIMELINE.md), and the earlier pairwise one. */
#define ANNALS_TL_TRAIN_OPTIONS_INIT                                                       \
    {ANNALS_TL_TRAIN_OPTIONS_VERSION, 2000, 0, 2.0, 1e-2, 1, ANNALS_TL_LISTWISE, 0, 0}
#define ANNALS_TL_TRAIN_PAIRWISE_INIT                                                      \
    {ANNALS_TL_TRAIN_OPTIONS_VERSION, 100, 20, 0.2, 1e-4, 1, ANNALS_TL_PAIRWISE, 0, 0}

/*
 * Fits a ranking model on samples: listwise (softmax cross-entropy of each group's scores
 * against its relevant samples, ListNet style) or pairwise (logistic loss on
 * relevant-minus-irrelevant feature differences within a group, RankNet style). Returns 0,
 * ANNALS_EINVAL (no group with both a relevant and an irrelevant sample; the reason is in
 * err) or ANNALS_ENOMEM.
 */
int annals_tl_model_train(annals_tl_model **out, const annals_tl_sample *samples, size_t n,
                          const annals_tl_train_options *opts, char *err, size_t err_len);

/*
 * The pair model (src/timeline/pair_model.c): of two candidate days one day apart, which is
 * the day of the event? Logistic regression without intercept on the feature difference
 * x_a - x_b of two candidates of the same query (group) one day apart, both summarizable,
 * exactly one of them relevant (label 1 when a is the relevant one); the mean loss over
 * such pairs plus l2 / 2 |w|^2, full-batch gradient descent (deterministic). Samples need
 * their dates (samples without one take no part). w gets ANNALS_TL_N_FEATURES weights.
 * Returns 0, ANNALS_EINVAL (no such pair; w is zeroed) or ANNALS_ENOMEM.
 */
#define ANNALS_TL_PAIR_L2 1.0 /* the penalty, fixed before its first run (round 10) */
int annals_tl_pair_train(const annals_tl_sample *samples, size_t n, double l2, double *w);

/* A query (sample group) for fold-wise fitting: its fold (topic), the number of dates a
 * timeline of it keeps (l) and its number of reference dates. */
typedef struct annals_tl_query_info {
    size_t fold;
    size_t l;
    size_t gold;
} annals_tl_query_info;

/* Whether the fold-wise date models get the pair model (annals_tl_pair_train). */
typedef enum annals_tl_pair_mode {
    ANNALS_TL_PAIR_OFF = 0, /* no pair model */
    ANNALS_TL_PAIR_ON,      /* fold f's model gets the pair model fitted on every fold but f */
    ANNALS_TL_PAIR_NESTED,  /* ... when the inner date F1 says so (a third stage, off on ties) */
} annals_tl_pair_mode;

#define ANNALS_TL_FOLD_OPTIONS_VERSION 1
typedef struct annals_tl_fold_options {
    unsigned version;
    int pair;       /* an annals_tl_pair_mode */
    double pair_l2; /* the pair model's penalty */
} annals_tl_fold_options;
#define ANNALS_TL_FOLD_OPTIONS_INIT                                                        \
    {ANNALS_TL_FOLD_OPTIONS_VERSION, ANNALS_TL_PAIR_OFF, ANNALS_TL_PAIR_L2}

/*
 * Leave-one-fold-out date models with nested choice of the learner (src/timeline/
 * model_select.c): models[f] is learned from every fold but f (models[n_folds]: from all)
 * with learners[chosen[f]], the learner whose inner leave-one-fold-out date F1 over the
 * other folds is best (fallback when none can be scored). Its weights are the mean of that
 * learner's inner fits (bagging: each fitted without f and one other fold; for
 * models[n_folds], without one fold), or the fit on every fold but f when there is no
 * inner fit (fewer than three folds, or nothing left to learn from). The inner date F1
 * takes the dates as a timeline does (with the learner's spread, passing over
 * unsummarizable samples; samples' dates say who is a neighbour); learners that differ only
 * in spread are fitted once. Then the diversity weight (src/timeline/select.c) is chosen
 * for the chosen learner by the same inner date F1 among 0, 0.25, 0.5 and 1 (0 on ties) and
 * set in models[f]. With fo->pair (fo NULL: ANNALS_TL_FOLD_OPTIONS_INIT) the pair model
 * fitted on the same folds as models[f] is added to it, always (ANNALS_TL_PAIR_ON) or when
 * the inner date F1 of the chosen learner and diversity weight rises with the inner pair
 * models (ANNALS_TL_PAIR_NESTED; each fitted without f and the scored fold); the learner and
 * diversity choices are made without it. Samples are grouped by query, groups in
 * increasing order (group = index in q). models[f] is NULL when nothing is left to learn
 * from. Returns 0, ANNALS_EINVAL or ANNALS_ENOMEM.
 */
int annals_tl_model_fit_folds(const annals_tl_sample *s, size_t n, const annals_tl_query_info *q,
                              size_t n_queries, size_t n_folds,
                              const annals_tl_train_options *learners, size_t n_learners,
                              size_t fallback, const annals_tl_fold_options *fo,
                              annals_tl_model **models, size_t *chosen);

/* ---- sentence scoring ------------------------------------------------------------------
 * Each candidate sentence of a date gets ANNALS_TL_N_SFEATURES features; with sentence
 * weights in the model (objective ANNALS_TL_LEARNED) its score is their dot product. The
 * weights are fitted by ridge regression of the sentence's overlap with a reference
 * summary of its date, within each date (features and targets centered per date).
 */

/* A reference summary of one date, for training. */
typedef struct annals_tl_reference {
    annals_date date;
    const char *const *sentences;
    size_t n_sentences;
} annals_tl_reference;

/* One candidate sentence of a date (group) with its features and its target. */
typedef struct annals_tl_ssample {
    size_t group;
    double target;
    double features[ANNALS_TL_N_SFEATURES];
} annals_tl_ssample;

/*
 * The candidate sentences of the reference dates (opts->summary says how candidates are
 * gathered; opts->given_dates is ignored), with their features and target: the F1 of
 * content-word unigram overlap plus the F1 of content-word bigram overlap (stemmed, stop
 * words removed, counts clipped, as ROUGE-1/2 count) against the date's reference
 * sentences. Samples of one date are contiguous; group = first_group + the reference's
 * index. *out is malloc'ed (free()). Returns 0, ANNALS_EINVAL, ANNALS_EDB or ANNALS_ENOMEM.
 */
int annals_timeline_sentence_samples(annals_store *store, const char *query,
                                     const annals_timeline_options *opts,
                                     const annals_tl_reference *refs, size_t n_refs,
                                     size_t first_group, annals_tl_ssample **out,
                                     size_t *n_out);

/* Sufficient statistics of the ridge regression (sums over samples: they add up over
 * disjoint sample sets, so folds are fitted without revisiting the samples). */
typedef struct annals_tl_sstats {
    double xx[ANNALS_TL_N_SFEATURES * ANNALS_TL_N_SFEATURES];
    double xy[ANNALS_TL_N_SFEATURES];
    double n;
} annals_tl_sstats;

void annals_tl_sstats_init(annals_tl_sstats *st);
/* Adds samples (each group's samples contiguous), centered within their group. */
void annals_tl_sstats_add(annals_tl_sstats *st, const annals_tl_ssample *s, size_t n);
/* Adds the statistics b into a. */
void annals_tl_sstats_merge(annals_tl_sstats *a, const annals_tl_sstats *b);
/* Solves (XX/n + l2 I) w = Xy/n into w. Returns 0 or ANNALS_EINVAL (no samples). */
int annals_tl_sstats_solve(const annals_tl_sstats *st, double l2,
                           double w[ANNALS_TL_N_SFEATURES]);
/* The mean target of the best-scored sample per group under weights w, over the groups
 * of s (a proxy of summary quality used to choose l2). */
double annals_tl_sentence_top_target(const annals_tl_ssample *s, size_t n, const double *w);
/*
 * Leave-one-fold-out sentence weights with nested choice of the ridge penalty: weights
 * [f * ANNALS_TL_N_SFEATURES ...] are fitted on every fold but f (f = n_folds: on all) with
 * l2[chosen[f]], the penalty whose inner leave-one-fold-out top target is best. fold[i] is
 * sample i's fold; each fold's samples are contiguous. Returns 0, ANNALS_EINVAL or
 * ANNALS_ENOMEM.
 */
int annals_tl_sentence_fit_folds(const annals_tl_ssample *s, size_t n, const size_t *fold,
                                 size_t n_folds, const double *l2, size_t n_l2, double *weights,
                                 size_t *chosen);

#endif
