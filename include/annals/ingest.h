/*
 * annals/ingest.h - reading articles into the store.
 *
 * Inputs, chosen per file by name and content:
 *  - annals text: an optional first line "date YYYY-MM-DD" (leading spaces allowed; the
 *    article may continue on the same line), an optional headline line, then the body;
 *  - JSON lines (.jsonl, .ndjson): one object per line with "text" and optional "id",
 *    "date" (ISO 8601), "title", "url", "source";
 *  - Reuters-21578 SGML (.sgm): every <REUTERS> story, dated by its <DATE>;
 *  - plain text with no header (publication date unknown).
 * A directory named YYYY-MM-DD dates the files below it that have no date of their own.
 * A publication date is never guessed from a file's time.
 *
 * Each document is normalized (UTF-8 repair, NFC), split into sentences, tagged for time
 * expressions against its publication date and stored with its content hash: the same
 * content again is "unchanged", a known source (path, path#line, JSON id) with new content
 * is "replaced". Documents are committed in batches; a killed ingest leaves whole
 * documents only, and running it again completes it.
 */
#ifndef ANNALS_INGEST_H
#define ANNALS_INGEST_H

#include "common.h"
#include "store.h"

typedef struct annals_ingest annals_ingest;

/* Running totals. */
typedef struct annals_ingest_counts {
    int64_t ingested;  /* new documents stored */
    int64_t unchanged; /* already in the store with the same content */
    int64_t replaced;  /* a changed version of a known source replaced the old one */
    int64_t skipped;   /* rejected: binary, empty, too large, unparsable, bad date, unreadable */
    int64_t undated;   /* stored documents without a publication date */
    int64_t invalid_utf8; /* invalid UTF-8 sequences replaced by U+FFFD */
    int64_t sentences;
    int64_t mentions;
    int64_t files;
    int64_t bytes;     /* input bytes read */
} annals_ingest_counts;

#define ANNALS_INGEST_OPTIONS_VERSION 1
typedef struct annals_ingest_options {
    unsigned version;
    size_t batch_docs;      /* documents per transaction */
    size_t batch_bytes;     /* or bytes of text per transaction, whichever comes first */
    size_t max_doc_bytes;   /* larger documents are skipped */
    /* Called once per problem with the file, the line (0 when not line-based) and why.
     * The document concerned is skipped; nothing else is. */
    void (*on_problem)(void *ctx, const char *path, long line, const char *reason);
    /* Called after every committed batch and at the end. */
    void (*on_progress)(void *ctx, const annals_ingest_counts *counts);
    void *ctx;
} annals_ingest_options;
#define ANNALS_INGEST_OPTIONS_INIT                                                                \
    {ANNALS_INGEST_OPTIONS_VERSION, 500, 8u << 20, 16u << 20, NULL, NULL, NULL}

/*
 * Starts an ingest into store (borrowed; it must outlive the ingest). *out is owned by the
 * caller and freed with annals_ingest_close(), which rolls back an unfinished batch.
 * Returns 0, ANNALS_ENOMEM or ANNALS_EINVAL.
 */
int annals_ingest_open(annals_ingest **out, annals_store *store,
                       const annals_ingest_options *opts);

/*
 * Ingests a file, a directory (recursively, in name order) or "-" (standard input, annals
 * text or JSON lines). Bad input is reported through on_problem and skipped. Returns 0, or
 * ANNALS_EDB / ANNALS_ENOMEM when the store cannot go on (the open batch is rolled back).
 */
int annals_ingest_path(annals_ingest *ing, const char *path);

/*
 * Ingests one document given in memory (annals text form) under key; pub may be NULL.
 * For embedding and tests.
 */
int annals_ingest_buffer(annals_ingest *ing, const char *key, const char *data, size_t len,
                         const annals_date *pub);

/* Commits the open batch. Returns 0 or ANNALS_EDB. */
int annals_ingest_finish(annals_ingest *ing);

/* Bytes of the regular files under path (0 for "-" or when unreadable); for progress. */
int64_t annals_path_bytes(const char *path);

void annals_ingest_counts_get(const annals_ingest *ing, annals_ingest_counts *out);
const char *annals_ingest_errmsg(const annals_ingest *ing);
void annals_ingest_close(annals_ingest *ing);

#endif
