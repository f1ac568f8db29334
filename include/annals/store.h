/*
 * annals/store.h - the embedded store: one SQLite file in WAL mode.
 *
 * Tables: documents (content hash, publication date or NULL, title, source, url, path,
 * normalized text), sentences (document, index, byte span), mentions (time expressions:
 * sentence, byte span, TIMEX3 type, value, granularity, calendar date) and sentence_fts,
 * an FTS5 index over sentences that uses annals' own tokenizer (the same folding and
 * stemming as the engine). The schema is versioned (PRAGMA user_version) and migrated
 * forward on open. Ingest writes in batches, one transaction each, so a killed process
 * leaves only whole documents behind.
 */
#ifndef ANNALS_STORE_H
#define ANNALS_STORE_H

#include "common.h"

typedef struct annals_store annals_store;

#define ANNALS_STORE_SCHEMA_VERSION 3

#define ANNALS_STORE_OPTIONS_VERSION 1
typedef struct annals_store_options {
    unsigned version;
    int readonly;        /* open without writing; the file must exist */
    int create;          /* create the file when missing (ignored with readonly) */
    const char *lang;    /* analyzer language for the FTS tokenizer, "en" */
    int64_t cache_kib;   /* SQLite page cache, KiB */
} annals_store_options;
#define ANNALS_STORE_OPTIONS_INIT {ANNALS_STORE_OPTIONS_VERSION, 0, 1, "en", 65536}

/*
 * Opens (and if needed creates and migrates) the store at path. *out is owned by the
 * caller, closed with annals_store_close(). On failure *out may still be set so that
 * annals_store_errmsg() can explain; close it too. Returns 0, ANNALS_ENOTFOUND (readonly
 * and missing), ANNALS_EDB (not a store, newer schema, locked, corrupt) or ANNALS_ENOMEM.
 */
int annals_store_open(annals_store **out, const char *path, const annals_store_options *opts);
void annals_store_close(annals_store *s);
const char *annals_store_errmsg(const annals_store *s);

typedef struct annals_store_stats {
    int schema_version;
    int64_t documents;
    int64_t undated_documents;
    int64_t sentences;
    int64_t mentions;
    int64_t day_mentions;   /* mentions that pin a calendar day */
    int64_t text_bytes;
    annals_date first_pub;  /* earliest publication date (zero when none) */
    annals_date last_pub;
} annals_store_stats;

/* Fills *out. Returns 0 or ANNALS_EDB. */
int annals_store_stats_get(annals_store *s, annals_store_stats *out);

/* Runs PRAGMA integrity_check and the FTS5 integrity check. Returns 0 when both are ok,
 * ANNALS_EDB otherwise (the message says what failed). */
int annals_store_check(annals_store *s);

#endif
