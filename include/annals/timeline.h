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

#define ANNALS_TIMELINE_OPTIONS_VERSION 1
typedef struct annals_timeline_options {
    unsigned version;
    size_t dates;        /* at most this many dated entries (N) */
    size_t sentences;    /* sentences per entry (K) */
    annals_date from;    /* first date of the window; zero = open */
    annals_date to;      /* last date of the window; zero = open */
    int partial;         /* also list entries whose year is unknown */
} annals_timeline_options;
#define ANNALS_TIMELINE_OPTIONS_INIT {ANNALS_TIMELINE_OPTIONS_VERSION, 10, 2, {0, 0, 0}, {0, 0, 0}, 1}

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

#endif
