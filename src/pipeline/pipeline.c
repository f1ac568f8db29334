/*
 * pipeline.c - ingest: the public API and the writer side.
 *
 * Documents are written in batches (ANNALS_INGEST_OPTIONS_INIT: 500 documents or 8 MiB of
 * text), one SQLite transaction each, so a killed process leaves whole documents only and
 * the next run finds the committed ones unchanged and completes the rest. Identity: a
 * document's key is its source (resolved file path; path#id for Reuters stories; id:<id>
 * for JSON objects that carry an id; path#L<line> for those that do not; stdin:<hash> for
 * standard input); its hash covers date, title and normalized text.
 *
 * annals_ingest_path() runs the reader side (prepare.c) on a second thread and stores the
 * items it hands over here, on the caller's thread, in input order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

#define QUEUE_ITEMS 256
#define QUEUE_BYTES (64u << 20)

struct annals_ingest {
    annals_store *store;
    reader_side reader;
    annals_ingest_options opts;
    annals_ingest_counts counts;
    char errmsg[256];
    size_t batch_docs;
    size_t batch_bytes;
    int failed; /* a store error: everything after it is dropped */
    atomic_int abort;
};

int annals_ingest_open(annals_ingest **out, annals_store *store, const annals_ingest_options *opts)
{
    annals_ingest_options defaults = ANNALS_INGEST_OPTIONS_INIT;
    *out = NULL;
    annals_ingest *ing = calloc(1, sizeof(*ing));
    if (!ing)
        return ANNALS_ENOMEM;
    ing->store = store;
    ing->opts = opts ? *opts : defaults;
    if (ing->opts.batch_docs == 0)
        ing->opts.batch_docs = defaults.batch_docs;
    if (ing->opts.batch_bytes == 0)
        ing->opts.batch_bytes = defaults.batch_bytes;
    if (ing->opts.max_doc_bytes == 0)
        ing->opts.max_doc_bytes = defaults.max_doc_bytes;
    atomic_init(&ing->abort, 0);
    int rc = reader_open(&ing->reader, store, ing->opts.max_doc_bytes);
    if (rc < 0) {
        reader_close(&ing->reader);
        free(ing);
        return rc;
    }
    ing->reader.abort = &ing->abort;
    *out = ing;
    return 0;
}

void annals_ingest_close(annals_ingest *ing)
{
    if (!ing)
        return;
    if (ing->store && ing->store->in_txn)
        store_rollback(ing->store);
    reader_close(&ing->reader);
    free(ing);
}

const char *annals_ingest_errmsg(const annals_ingest *ing)
{
    return ing->errmsg;
}

void annals_ingest_counts_get(const annals_ingest *ing, annals_ingest_counts *out)
{
    *out = ing->counts;
}

static int fail_store(annals_ingest *ing, int rc)
{
    snprintf(ing->errmsg, sizeof(ing->errmsg), "%s", annals_store_errmsg(ing->store));
    if (ing->store->in_txn)
        store_rollback(ing->store);
    ing->failed = 1;
    atomic_store(&ing->abort, 1);
    return rc;
}

static int commit_batch(annals_ingest *ing)
{
    if (ing->store->in_txn) {
        int rc = store_commit(ing->store);
        if (rc < 0)
            return fail_store(ing, rc);
    }
    ing->batch_docs = ing->batch_bytes = 0;
    if (ing->opts.on_progress)
        ing->opts.on_progress(ing->opts.ctx, &ing->counts);
    return 0;
}

int annals_ingest_finish(annals_ingest *ing)
{
    if (ing->failed)
        return ANNALS_EDB;
    return commit_batch(ing);
}

static int store_doc_item(annals_ingest *ing, const item *it)
{
    annals_store *s = ing->store;
    int rc;
    if (!s->in_txn && (rc = store_begin(s)) < 0)
        return fail_store(ing, rc);
    store_lookup found;
    int64_t old_id = 0, doc_id;
    if ((rc = store_lookup_doc(s, it->key, it->hash, &old_id, &found)) < 0)
        return fail_store(ing, rc);
    if (found == STORE_UNCHANGED || it->kind == ITEM_UNCHANGED) {
        ing->counts.unchanged++;
        return 0;
    }
    if (found == STORE_CHANGED && (rc = store_delete_doc(s, old_id)) < 0)
        return fail_store(ing, rc);
    store_doc sd = {it->key, it->hash, it->where,    it->title,     it->url,    it->source,
                    it->pub, it->body, it->body_len, it->n_invalid, it->n_sents};
    if ((rc = store_insert_doc(s, &sd, &doc_id)) < 0)
        return fail_store(ing, rc);
    int64_t first_id = 0;
    if ((rc = store_insert_sentences(s, doc_id, it->sents, it->n_sents, it->body, it->terms,
                                     it->sent_terms, &first_id)) < 0 ||
        (rc = store_insert_mentions(s, doc_id, first_id, it->tx, it->tx_sent, it->n_tx)) < 0)
        return fail_store(ing, rc);
    if (found == STORE_CHANGED)
        ing->counts.replaced++;
    else
        ing->counts.ingested++;
    ing->counts.sentences += (int64_t)it->n_sents;
    ing->counts.mentions += (int64_t)it->n_tx;
    ing->counts.undated += it->pub.year == 0;
    ing->counts.invalid_utf8 += (int64_t)it->n_invalid;
    ing->batch_docs++;
    ing->batch_bytes += it->body_len;
    if (ing->batch_docs >= ing->opts.batch_docs || ing->batch_bytes >= ing->opts.batch_bytes)
        return commit_batch(ing);
    return 0;
}

/* The writer side: takes ownership of it. */
static int consume(void *ctx, item *it)
{
    annals_ingest *ing = ctx;
    int rc = 0;
    if (!ing->failed) {
        switch (it->kind) {
        case ITEM_DOC:
        case ITEM_UNCHANGED:
            rc = store_doc_item(ing, it);
            break;
        case ITEM_PROBLEM:
            ing->counts.skipped++;
            if (ing->opts.on_problem)
                ing->opts.on_problem(ing->opts.ctx, it->path, it->line, it->reason);
            break;
        case ITEM_FILE:
            ing->counts.files++;
            ing->counts.bytes += it->bytes;
            break;
        case ITEM_END:
            break;
        }
    }
    item_free(it);
    return rc < 0 ? rc : ing->failed ? ANNALS_EDB : 0;
}

/* Items on their way to the queue: handed over CHAIN_ITEMS or CHAIN_BYTES at a time, so
 * the two threads meet on the queue's lock once per chain rather than once per item. */
#define CHAIN_ITEMS 16
#define CHAIN_BYTES (1u << 20)

typedef struct producer {
    annals_ingest *ing;
    item_queue *queue;
    const char *path;
    item *head, *tail;
    size_t count, weight;
} producer;

static void flush_chain(producer *p)
{
    if (p->head)
        queue_push_chain(p->queue, p->head, p->tail, p->count, p->weight);
    p->head = p->tail = NULL;
    p->count = p->weight = 0;
}

static int push(void *ctx, item *it)
{
    producer *p = ctx;
    it->next = NULL;
    if (p->tail)
        p->tail->next = it;
    else
        p->head = it;
    p->tail = it;
    p->count++;
    p->weight += it->weight;
    /* A problem report goes out at once, so the writer's messages keep pace with the input. */
    if (p->count >= CHAIN_ITEMS || p->weight >= CHAIN_BYTES || it->kind == ITEM_PROBLEM)
        flush_chain(p);
    return 0;
}

static void *produce(void *arg)
{
    producer *p = arg;
    int rc = reader_walk(&p->ing->reader, p->path);
    flush_chain(p);
    item *end = item_new(ITEM_END);
    if (!end) {
        /* cannot say goodbye: the consumer polls the abort flag instead */
        atomic_store(&p->ing->abort, 2);
        return NULL;
    }
    end->rc = rc;
    queue_push(p->queue, end);
    return NULL;
}

int annals_ingest_path(annals_ingest *ing, const char *path)
{
    if (ing->failed)
        return ANNALS_EDB;
    item_queue q;
    pthread_t thread;
    producer p = {ing, &q, path, NULL, NULL, 0, 0};
    if (queue_init(&q, QUEUE_ITEMS, QUEUE_BYTES) < 0)
        return ANNALS_ENOMEM;
    ing->reader.emit = push;
    ing->reader.emit_ctx = &p;
    if (pthread_create(&thread, NULL, produce, &p) != 0) {
        /* no second thread: do the same work on this one */
        queue_destroy(&q);
        ing->reader.emit = consume;
        ing->reader.emit_ctx = ing;
        int rc = reader_walk(&ing->reader, path);
        return ing->failed ? ANNALS_EDB : rc == ANNALS_ENOMEM ? rc : 0;
    }
    int rc = 0;
    for (;;) {
        item *it = queue_pop(&q);
        if (it->kind == ITEM_END) {
            rc = it->rc;
            item_free(it);
            break;
        }
        consume(ing, it);
    }
    pthread_join(thread, NULL);
    queue_destroy(&q);
    if (ing->failed)
        return ANNALS_EDB;
    if (rc == ANNALS_ENOMEM) {
        snprintf(ing->errmsg, sizeof(ing->errmsg), "out of memory");
        return rc;
    }
    return 0;
}

int annals_ingest_buffer(annals_ingest *ing, const char *key, const char *data, size_t len,
                         const annals_date *pub)
{
    if (ing->failed)
        return ANNALS_EDB;
    ing->reader.emit = consume;
    ing->reader.emit_ctx = ing;
    int rc = reader_buffer(&ing->reader, key, data, len, pub);
    return ing->failed ? ANNALS_EDB : rc == ANNALS_ENOMEM ? rc : 0;
}
