/*
 * pipeline.h - the pipeline module's internal header.
 *
 * The pipeline joins the readers (ingest/), the analyzer (text/), the tagger (temporal/)
 * and the store (store/): it is the only module that sees all four. It runs in two stages:
 * the reader side (prepare.c) walks files, runs the readers and analyzes each document
 * into a self-contained item; the writer side (pipeline.c) stores items in batches. For
 * ingest_path the reader side runs on its own thread and hands items over through a
 * bounded queue (queue.c), so analysis and SQLite work overlap on two cores; all callbacks
 * still run on the caller's thread, in input order.
 */
#ifndef ANNALS_PIPELINE_INTERNAL_H
#define ANNALS_PIPELINE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "annals/ingest.h"
#include "annals/temporal.h"
#include "annals/text.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "text/text.h"

typedef enum item_kind {
    ITEM_DOC,       /* an analyzed document to store */
    ITEM_UNCHANGED, /* a document the store already holds (same content hash) */
    ITEM_PROBLEM,   /* a skipped input: path, line, reason */
    ITEM_FILE,      /* a file was read: bytes */
    ITEM_END,       /* the reader side is done: rc */
} item_kind;

/* One unit of work from the reader side; everything it points to lives in mem. */
typedef struct item {
    item_kind kind;
    struct item *next;
    arena mem;
    size_t weight; /* bytes it holds, for the queue's bound */
    /* ITEM_DOC, ITEM_UNCHANGED */
    const char *key;
    const char *where;
    const char *title;
    const char *url;
    const char *source;
    char hash[33];
    annals_date pub;
    const char *body;
    size_t body_len;
    size_t n_invalid;
    const annals_span *sents;
    size_t n_sents;
    const annals_token *terms;  /* index terms of all sentences, spans sentence-relative */
    const uint32_t *sent_terms; /* n_sents + 1 offsets into terms: sentence i's run */
    const annals_timex *tx;
    const uint32_t *tx_sent; /* the sentence of each time expression */
    size_t n_tx;
    /* ITEM_PROBLEM */
    const char *path;
    long line;
    const char *reason;
    /* ITEM_FILE */
    int64_t bytes;
    /* ITEM_END */
    int rc;
} item;

item *item_new(item_kind kind);
void item_free(item *it);

/* The reader side: everything needed to turn inputs into items. */
typedef struct reader_side {
    annals_text *text;
    annals_tagger *tagger;
    sqlite3 *ro; /* read-only connection for the unchanged check, or NULL */
    sqlite3_stmt *ro_hash;
    size_t max_doc_bytes;
    /* the file being read */
    const char *path; /* as given, for messages and sources */
    const char *key;  /* resolved path: the key base */
    annals_date dir_date;
    int stdin_input;
    buf scratch;
    text_token_vec terms; /* index terms of the document being analyzed */
    buf term_chars;
    buf dir_in; /* the directory of the last file read, as given, and its realpath() */
    buf dir_resolved;
    /* where items go; returns < 0 to stop reading */
    int (*emit)(void *ctx, item *it);
    void *emit_ctx;
    atomic_int *abort;
} reader_side;

int reader_open(reader_side *r, annals_store *store, size_t max_doc_bytes);
void reader_close(reader_side *r);
/* Walks path (file, directory, "-"), emitting items. */
int reader_walk(reader_side *r, const char *path);
/* One in-memory annals text document under key. */
int reader_buffer(reader_side *r, const char *key, const char *data, size_t len,
                  const annals_date *pub);

/* A bounded single-producer, single-consumer queue of items. */
typedef struct item_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    item *head;
    item *tail;
    size_t count;
    size_t weight;
    size_t max_count;
    size_t max_weight;
} item_queue;

int queue_init(item_queue *q, size_t max_count, size_t max_weight);
void queue_destroy(item_queue *q);
void queue_push(item_queue *q, item *it); /* blocks while full (an empty queue takes any) */
/* Appends the chain head .. tail of count items weighing weight; blocks like queue_push(). */
void queue_push_chain(item_queue *q, item *head, item *tail, size_t count, size_t weight);
item *queue_pop(item_queue *q); /* blocks while empty */

/* The publication date named by the nearest YYYY-MM-DD directory in path (the file name
 * itself excluded), or a zero date. */
annals_date pipeline_date_from_path(const char *path);

#endif
