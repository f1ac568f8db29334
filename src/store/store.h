/*
 * store.h - the store module's internal header: the handle, prepared statements and the
 * write path used by the ingest pipeline. Readers (timeline, stats) query store_db()
 * directly with their own SQL.
 */
#ifndef ANNALS_STORE_INTERNAL_H
#define ANNALS_STORE_INTERNAL_H

#include <sqlite3.h>

#include "annals/store.h"
#include "annals/temporal.h"
#include "annals/text.h"
#include "util.h"

enum {
    STMT_FIND_HASH,
    STMT_FIND_KEY,
    STMT_INSERT_DOC,
    STMT_INSERT_SENT,
    STMT_INSERT_FTS,
    STMT_INSERT_SENTS,    /* a document's sentences from annals_rows() */
    STMT_APPEND_SENTS,    /* the same, ids given by SQLite as max(id) + 1 */
    STMT_INSERT_MENTIONS, /* a document's time expressions from annals_rows() */
    STMT_DOC_SENTS,
    STMT_DELETE_FTS,
    STMT_DELETE_MENTIONS,
    STMT_DELETE_SENTS,
    STMT_DELETE_DOC,
    STMT_COUNT
};

/* What the store's FTS5 tokenizer instances share: the language, and the terms of the
 * sentence being indexed when its writer analyzed it already (see fts_tokenizer.c). */
typedef struct store_tok_ctx {
    const char *lang;
    const char *pending_text; /* the sentence about to be indexed, or NULL */
    size_t pending_len;
    const annals_token *pending; /* its index terms, spans relative to pending_text */
    size_t n_pending;
    size_t last_terms; /* terms indexed since the writer last set it to 0 */
} store_tok_ctx;

struct annals_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[STMT_COUNT];
    char errmsg[256];
    int in_txn;
    int64_t next_sentence; /* id of the next sentence stored in this transaction */
    int ids_dense;         /* next_sentence is max(sentences.id) + 1 (no deletion since BEGIN) */
    int64_t doc_id;        /* the document being stored: its id and sentence ids */
    int64_t doc_first;
    int64_t doc_n;
    char lang[8];
    store_tok_ctx tok;
    VEC(uint32_t) n_terms; /* per sentence of the document being stored */
};

/* Rows for annals_rows() (rows_vtab.c): n rows of ncol (at most 9) columns; column() sets
 * the value of (row, col) on ctx with sqlite3_result_*(). Bound to a statement with
 * sqlite3_bind_pointer(st, i, rows, "annals_rows", NULL); it must outlive the step. */
typedef struct store_rows {
    size_t n;
    int ncol;
    void (*column)(const void *data, size_t row, int col, sqlite3_context *ctx);
    const void *data;
} store_rows;

/* A document to insert. Strings are NUL-terminated; NULL for absent ones. */
typedef struct store_doc {
    const char *key;  /* identity of the source: resolved path, path#line, or the JSON id */
    const char *hash; /* 32 hex digits of the content hash */
    const char *path;
    const char *title;
    const char *url;
    const char *source;
    annals_date pub; /* year 0 = unknown */
    const char *body;
    size_t body_len;
    size_t n_invalid;
    size_t n_sentences; /* stored next with store_insert_sentence, idx 0 .. n_sentences - 1 */
} store_doc;

/* What the store holds for a document about to be ingested. */
typedef enum store_lookup {
    STORE_NEW = 0,
    STORE_UNCHANGED = 1, /* a document with the same content hash exists */
    STORE_CHANGED = 2,   /* the same key exists with another hash: *old_id_out */
} store_lookup;

int store_error(annals_store *s, int code, const char *what);
sqlite3 *store_db(annals_store *s);

int store_begin(annals_store *s);
int store_commit(annals_store *s);
void store_rollback(annals_store *s);

int store_lookup_doc(annals_store *s, const char *key, const char *hash, int64_t *old_id_out,
                     store_lookup *out);
int store_delete_doc(annals_store *s, int64_t doc_id);
/* A row (sentence id, start, length, document body) of q as the sentence's id and text;
 * ANNALS_EDB when the span lies outside the body. */
int store_sentence_row(sqlite3_stmt *q, int64_t *id, const char **text, int *len);
int store_insert_doc(annals_store *s, const store_doc *doc, int64_t *id_out);
/* Stores sentence idx of the document just inserted (span of body) and indexes its text. terms,
 * when not NULL, are the sentence's index terms (stop words left out) as annals_text_tokens() makes
 * them, with spans relative to the sentence: the FTS5 tokenizer then takes them instead of
 * analyzing the text again, which moves that work to whoever prepared the sentence. */
int store_insert_sentence(annals_store *s, int64_t doc_id, int idx, annals_span span,
                          const char *body, const annals_token *terms, size_t n_terms,
                          int64_t *id_out);
/* Stores all n sentences of the document just inserted (store_doc.n_sentences of them) and
 * indexes them: one index insert per sentence, then the sentence rows in one statement.
 * terms and sent_terms (n + 1 offsets into terms: sentence i's run), when not NULL, are the
 * sentences' index terms as for store_insert_sentence(). *first_id_out: sentence 0's id; the
 * others follow it. */
int store_insert_sentences(annals_store *s, int64_t doc_id, const annals_span *spans, size_t n,
                           const char *body, const annals_token *terms, const uint32_t *sent_terms,
                           int64_t *first_id_out);
/* Stores n time expressions of a document in one statement; tx_sent[i] is the index in the
 * document of tx[i]'s sentence, whose id is first_sentence + tx_sent[i]. */
int store_insert_mentions(annals_store *s, int64_t doc_id, int64_t first_sentence,
                          const annals_timex *tx, const uint32_t *tx_sent, size_t n);
/* Registers the annals_rows() table-valued function on db (rows_vtab.c). */
int store_register_rows(sqlite3 *db);

/* Registers the "annals" FTS5 tokenizer on db (fts_tokenizer.c). */
int store_register_tokenizer(sqlite3 *db, store_tok_ctx *ctx);
fts5_api *store_fts5_api(sqlite3 *db);
/* Registers annals_bm25(sentence_fts, n_terms), BM25 with lengths from sentences.n_terms
 * (fts_rank.c). */
int store_register_rank(sqlite3 *db);
/* Rows in the sentence index, from its own totals; -1 on error. */
int64_t store_fts_rows(annals_store *s);
/* Creates or migrates the schema to ANNALS_STORE_SCHEMA_VERSION. */
int store_migrate(annals_store *s);

#endif
