/*
 * store.c - opening the store, its write path and its summary.
 *
 * Connection settings: WAL journal (readers never block the writer), synchronous=NORMAL
 * (a killed process loses at most the open transaction; WAL keeps the file consistent),
 * a busy timeout so a second writer waits instead of failing at once. The sentence index
 * is a contentless FTS5 table whose rowid is sentences.id; deleting a document therefore
 * replays its sentences' text through the FTS5 'delete' command.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"

static const char *const stmt_sql[STMT_COUNT] = {
    [STMT_FIND_HASH] = "SELECT id FROM documents WHERE hash = ?1 LIMIT 1",
    [STMT_FIND_KEY] = "SELECT id, hash FROM documents WHERE key = ?1",
    [STMT_INSERT_DOC] = "INSERT INTO documents(key, hash, pub_date, title, source, url, path, "
                        "n_invalid, body, first_sentence, n_sentences) "
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [STMT_INSERT_SENT] = "INSERT INTO sentences(id, doc_id, idx, start, length, n_terms) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [STMT_INSERT_FTS] = "INSERT INTO sentence_fts(rowid, text) VALUES(?1, ?2)",
    /* OR ROLLBACK: a multi-row INSERT that may abort opens a statement savepoint, and FTS5
     * flushes its pending terms at every savepoint (one tiny segment per document). A failed
     * insert ends the whole transaction instead, which the writer does anyway. */
    [STMT_INSERT_SENTS] = "INSERT OR ROLLBACK INTO sentences(id, doc_id, idx, start, length, "
                          "n_terms) SELECT c0, c1, c2, c3, c4, c5 FROM annals_rows(?1)",
    /* Without an id SQLite appends at the end of the table instead of searching the b-tree
     * for each given id; the ids are the same while next_sentence is max(id) + 1. */
    [STMT_APPEND_SENTS] = "INSERT OR ROLLBACK INTO sentences(doc_id, idx, start, length, n_terms) "
                          "SELECT c1, c2, c3, c4, c5 FROM annals_rows(?1)",
    [STMT_INSERT_MENTIONS] = "INSERT OR ROLLBACK INTO mentions(doc_id, sentence_id, start, "
                             "length, type, value, mod, granularity, date) "
                             "SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM annals_rows(?1)",
    [STMT_DOC_SENTS] = "SELECT s.id, s.start, s.length, d.body FROM documents d "
                       "JOIN sentences s ON s.id >= d.first_sentence AND "
                       "s.id < d.first_sentence + d.n_sentences AND s.doc_id = d.id "
                       "WHERE d.id = ?1",
    [STMT_DELETE_FTS] = "INSERT INTO sentence_fts(sentence_fts, rowid, text) "
                        "VALUES('delete', ?1, ?2)",
    [STMT_DELETE_MENTIONS] = "DELETE FROM mentions WHERE doc_id = ?1",
    [STMT_DELETE_SENTS] = "DELETE FROM sentences WHERE id >= (SELECT first_sentence FROM "
                          "documents WHERE id = ?1) AND id < (SELECT first_sentence + n_sentences "
                          "FROM documents WHERE id = ?1)",
    [STMT_DELETE_DOC] = "DELETE FROM documents WHERE id = ?1",
};

int store_error(annals_store *s, int code, const char *what)
{
    const char *detail = s->db ? sqlite3_errmsg(s->db) : "cannot open";
    snprintf(s->errmsg, sizeof(s->errmsg), "%s: %s", what, detail);
    return code;
}

sqlite3 *store_db(annals_store *s)
{
    return s->db;
}

/* SQLite counts every allocation under a global mutex unless told not to; nothing here
 * reads those counts. The call only takes effect before SQLite initializes, so a program
 * that set SQLite up itself keeps its own configuration. */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int annals_store_open(annals_store **out, const char *path, const annals_store_options *opts)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    annals_store_options defaults = ANNALS_STORE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    annals_store *s = calloc(1, sizeof(*s));
    if (!s)
        return ANNALS_ENOMEM;
    *out = s;
    snprintf(s->lang, sizeof(s->lang), "%s", opts->lang ? opts->lang : "en");
    s->tok.lang = s->lang;

    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && (opts->readonly || !opts->create)) {
        snprintf(s->errmsg, sizeof(s->errmsg), "%s: no such store (run 'annals ingest' first)",
                 path);
        return ANNALS_ENOTFOUND;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        snprintf(s->errmsg, sizeof(s->errmsg), "%s: is a directory, not a store", path);
        return ANNALS_EDB;
    }
    int flags = opts->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, path);
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 10000);
    /* Reading the schema makes SQLite check the header: a non-store file fails here. */
    if (sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(s->errmsg, sizeof(s->errmsg), "%s: not an annals store (%s)", path,
                 sqlite3_errmsg(s->db));
        return ANNALS_EDB;
    }
    char pragmas[256];
    snprintf(pragmas, sizeof(pragmas),
             "PRAGMA cache_size=-%lld; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;",
             (long long)(opts->cache_kib > 0 ? opts->cache_kib : 65536));
    if (sqlite3_exec(s->db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, path);
    /* A new store gets 16 KiB pages (SQLite's default is 4 KiB): a quarter of the write
     * calls for the WAL and its checkpoints, and a 10 KiB article body stays on its row's
     * page instead of a chain of overflow pages. The size is fixed once the file has a table,
     * so it is set before the schema, and only there. */
    if (!exists && !opts->readonly &&
        sqlite3_exec(s->db, "PRAGMA page_size=16384;", NULL, NULL, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, path);
    if (!opts->readonly &&
        sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                     NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, path);
    if (store_register_tokenizer(s->db, &s->tok) < 0 || store_register_rank(s->db) < 0 ||
        store_register_rows(s->db) < 0)
        return store_error(s, ANNALS_EDB, "registering the tokenizer");
    if (!opts->readonly) {
        int rc = store_migrate(s);
        if (rc < 0)
            return rc;
    } else {
        sqlite3_stmt *vst = NULL;
        int version = 0;
        if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &vst, NULL) == SQLITE_OK &&
            sqlite3_step(vst) == SQLITE_ROW)
            version = sqlite3_column_int(vst, 0);
        sqlite3_finalize(vst);
        if (version != ANNALS_STORE_SCHEMA_VERSION) {
            snprintf(s->errmsg, sizeof(s->errmsg),
                     "%s: schema version %d, expected %d (open it once for writing to migrate)",
                     path, version, ANNALS_STORE_SCHEMA_VERSION);
            return ANNALS_EDB;
        }
        return 0;
    }
    for (int i = 0; i < STMT_COUNT; i++) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
                               NULL) != SQLITE_OK)
            return store_error(s, ANNALS_EDB, "preparing statements");
    }
    return 0;
}

void annals_store_close(annals_store *s)
{
    if (!s)
        return;
    if (s->in_txn)
        store_rollback(s);
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    if (s->db)
        sqlite3_close_v2(s->db);
    VEC_FREE(&s->n_terms);
    free(s);
}

const char *annals_store_errmsg(const annals_store *s)
{
    return s ? s->errmsg : "out of memory";
}

static int64_t count(annals_store *s, const char *sql, int *err);

int store_begin(annals_store *s)
{
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, "starting a transaction");
    s->in_txn = 1;
    /* The write lock is held: no other writer can take sentence ids until the commit. */
    int err = 0;
    s->next_sentence = count(s, "SELECT coalesce(max(id), 0) + 1 FROM sentences", &err);
    s->ids_dense = 1;
    s->doc_id = 0;
    if (err) {
        store_rollback(s);
        return store_error(s, ANNALS_EDB, "starting a transaction");
    }
    return 0;
}

int store_commit(annals_store *s)
{
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        int rc = store_error(s, ANNALS_EDB, "committing");
        store_rollback(s);
        return rc;
    }
    s->in_txn = 0;
    return 0;
}

void store_rollback(annals_store *s)
{
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_txn = 0;
}

/* Runs a prepared statement that returns no rows and resets it. */
static int run(annals_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return store_error(s, ANNALS_EDB, what);
    return 0;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

int store_lookup_doc(annals_store *s, const char *key, const char *hash, int64_t *old_id_out,
                     store_lookup *out)
{
    sqlite3_stmt *st = s->stmt[STMT_FIND_HASH];
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        *out = STORE_UNCHANGED;
        return 0;
    }
    if (rc != SQLITE_DONE)
        return store_error(s, ANNALS_EDB, "looking up a document");
    st = s->stmt[STMT_FIND_KEY];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *old_id_out = sqlite3_column_int64(st, 0);
        *out = STORE_CHANGED;
    } else {
        *out = STORE_NEW;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(s, ANNALS_EDB, "looking up a document");
    return 0;
}

int store_sentence_row(sqlite3_stmt *q, int64_t *id, const char **text, int *len)
{
    *id = sqlite3_column_int64(q, 0);
    int64_t start = sqlite3_column_int64(q, 1), n = sqlite3_column_int64(q, 2);
    const char *body = (const char *)sqlite3_column_text(q, 3);
    int64_t blen = sqlite3_column_bytes(q, 3);
    if (!body || start < 0 || n < 0 || start + n > blen)
        return ANNALS_EDB;
    *text = body + start;
    *len = (int)n;
    return 0;
}

int store_delete_doc(annals_store *s, int64_t doc_id)
{
    s->ids_dense = 0; /* the deleted sentences may have been the last ones */
    sqlite3_stmt *q = s->stmt[STMT_DOC_SENTS];
    sqlite3_stmt *del = s->stmt[STMT_DELETE_FTS];
    sqlite3_bind_int64(q, 1, doc_id);
    int rc = 0, step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t sid;
        const char *text;
        int len;
        if (store_sentence_row(q, &sid, &text, &len) < 0) {
            rc = store_error(s, ANNALS_EDB, "a sentence span lies outside its document");
            break;
        }
        sqlite3_bind_int64(del, 1, sid);
        sqlite3_bind_text(del, 2, text, len, SQLITE_STATIC);
        if ((rc = run(s, del, "removing a sentence from the index")) < 0)
            break;
    }
    sqlite3_reset(q);
    if (rc < 0)
        return rc;
    if (step != SQLITE_DONE)
        return store_error(s, ANNALS_EDB, "reading a document's sentences");
    const int order[] = {STMT_DELETE_MENTIONS, STMT_DELETE_SENTS, STMT_DELETE_DOC};
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        sqlite3_stmt *st = s->stmt[order[i]];
        sqlite3_bind_int64(st, 1, doc_id);
        if ((rc = run(s, st, "deleting a document")) < 0)
            return rc;
    }
    return 0;
}

int store_insert_doc(annals_store *s, const store_doc *d, int64_t *id_out)
{
    sqlite3_stmt *st = s->stmt[STMT_INSERT_DOC];
    char date[11];
    sqlite3_bind_text(st, 1, d->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->hash, -1, SQLITE_STATIC);
    if (d->pub.year > 0)
        sqlite3_bind_text(st, 3, annals_date_format(d->pub, date), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    bind_text_or_null(st, 4, d->title);
    bind_text_or_null(st, 5, d->source);
    bind_text_or_null(st, 6, d->url);
    bind_text_or_null(st, 7, d->path);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)d->n_invalid);
    sqlite3_bind_text64(st, 9, d->body, d->body_len, SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_int64(st, 10, s->next_sentence);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)d->n_sentences);
    int rc = run(s, st, "inserting a document");
    if (rc < 0)
        return rc;
    s->doc_id = *id_out = sqlite3_last_insert_rowid(s->db);
    s->doc_first = s->next_sentence;
    s->doc_n = (int64_t)d->n_sentences;
    s->next_sentence += s->doc_n;
    return 0;
}

/* Indexes sentence sid (span of body) in sentence_fts; terms, when not NULL, are its index
 * terms made beforehand. The index goes first: its tokenizer counts the sentence's terms for
 * sentences.n_terms, left in s->tok.last_terms. */
static int index_sentence(annals_store *s, int64_t sid, const char *body, annals_span span,
                          const annals_token *terms, size_t n_terms)
{
    sqlite3_stmt *st = s->stmt[STMT_INSERT_FTS];
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_text(st, 2, body + span.off, (int)span.len, SQLITE_STATIC);
    if (terms) {
        s->tok.pending_text = body + span.off;
        s->tok.pending_len = span.len;
        s->tok.pending = terms;
        s->tok.n_pending = n_terms;
    }
    s->tok.last_terms = 0;
    int rc = run(s, st, "indexing a sentence");
    s->tok.pending_text = NULL;
    return rc;
}

int store_insert_sentence(annals_store *s, int64_t doc_id, int idx, annals_span span,
                          const char *body, const annals_token *terms, size_t n_terms,
                          int64_t *id_out)
{
    s->ids_dense = 0; /* sentences one at a time, in any order */
    if (doc_id != s->doc_id || idx < 0 || idx >= s->doc_n) {
        snprintf(s->errmsg, sizeof(s->errmsg),
                 "sentence %d of document %lld is not one the document was stored with", idx,
                 (long long)doc_id);
        return ANNALS_EINVAL;
    }
    int64_t sid = s->doc_first + idx;
    int rc = index_sentence(s, sid, body, span, terms, n_terms);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st = s->stmt[STMT_INSERT_SENT];
    sqlite3_bind_int64(st, 1, sid);
    sqlite3_bind_int64(st, 2, doc_id);
    sqlite3_bind_int(st, 3, idx);
    sqlite3_bind_int64(st, 4, span.off);
    sqlite3_bind_int64(st, 5, span.len);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)s->tok.last_terms);
    if ((rc = run(s, st, "inserting a sentence")) < 0)
        return rc;
    *id_out = sid;
    return 0;
}

typedef struct sent_rows {
    int64_t first_id, doc_id;
    const annals_span *spans;
    const uint32_t *n_terms;
} sent_rows;

static void sent_column(const void *data, size_t row, int col, sqlite3_context *ctx)
{
    const sent_rows *r = data;
    sqlite3_int64 v = 0;
    switch (col) {
    case 0:
        v = r->first_id + (sqlite3_int64)row;
        break;
    case 1:
        v = r->doc_id;
        break;
    case 2:
        v = (sqlite3_int64)row;
        break;
    case 3:
        v = r->spans[row].off;
        break;
    case 4:
        v = r->spans[row].len;
        break;
    default:
        v = r->n_terms[row];
        break;
    }
    sqlite3_result_int64(ctx, v);
}

int store_insert_sentences(annals_store *s, int64_t doc_id, const annals_span *spans, size_t n,
                           const char *body, const annals_token *terms, const uint32_t *sent_terms,
                           int64_t *first_id_out)
{
    if (doc_id != s->doc_id || (int64_t)n != s->doc_n) {
        snprintf(s->errmsg, sizeof(s->errmsg),
                 "%zu sentences of document %lld are not what the document was stored with", n,
                 (long long)doc_id);
        return ANNALS_EINVAL;
    }
    s->n_terms.len = 0;
    if (VEC_RESERVE(&s->n_terms, n) < 0)
        return store_error(s, ANNALS_ENOMEM, "out of memory");
    int rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = index_sentence(s, s->doc_first + (int64_t)i, body, spans[i],
                                 terms ? terms + sent_terms[i] : NULL,
                                 terms ? sent_terms[i + 1] - sent_terms[i] : 0)) < 0)
            return rc;
        s->n_terms.items[s->n_terms.len++] = (uint32_t)s->tok.last_terms;
    }
    sent_rows data = {s->doc_first, doc_id, spans, s->n_terms.items};
    store_rows rows = {n, 6, sent_column, &data};
    int append = s->ids_dense;
    sqlite3_stmt *st = s->stmt[append ? STMT_APPEND_SENTS : STMT_INSERT_SENTS];
    sqlite3_bind_pointer(st, 1, &rows, "annals_rows", NULL);
    if ((rc = run(s, st, "inserting sentences")) < 0)
        return rc;
    if (append && n > 0 && sqlite3_last_insert_rowid(s->db) != s->doc_first + (int64_t)n - 1) {
        snprintf(s->errmsg, sizeof(s->errmsg), "sentence ids out of step (%lld, expected %lld)",
                 (long long)sqlite3_last_insert_rowid(s->db),
                 (long long)(s->doc_first + (int64_t)n - 1));
        return ANNALS_EDB;
    }
    *first_id_out = s->doc_first;
    return 0;
}

typedef struct mention_rows {
    int64_t doc_id, first_sentence;
    const annals_timex *tx;
    const uint32_t *tx_sent;
} mention_rows;

static void mention_column(const void *data, size_t row, int col, sqlite3_context *ctx)
{
    const mention_rows *r = data;
    const annals_timex *tx = &r->tx[row];
    char date[11];
    switch (col) {
    case 0:
        sqlite3_result_int64(ctx, r->doc_id);
        break;
    case 1:
        sqlite3_result_int64(ctx, r->first_sentence + r->tx_sent[row]);
        break;
    case 2:
        sqlite3_result_int64(ctx, tx->span.off);
        break;
    case 3:
        sqlite3_result_int64(ctx, tx->span.len);
        break;
    case 4:
        sqlite3_result_text(ctx, annals_timex_type_name(tx->type), -1, SQLITE_STATIC);
        break;
    case 5:
        sqlite3_result_text(ctx, tx->value, -1, SQLITE_STATIC);
        break;
    case 6:
        if (tx->mod[0])
            sqlite3_result_text(ctx, tx->mod, -1, SQLITE_STATIC);
        else
            sqlite3_result_null(ctx);
        break;
    case 7:
        sqlite3_result_text(ctx, annals_granularity_name(tx->gran), -1, SQLITE_STATIC);
        break;
    default:
        if (tx->date.year > 0 || tx->date.month > 0)
            sqlite3_result_text(ctx, annals_date_format(tx->date, date), -1, SQLITE_TRANSIENT);
        else
            sqlite3_result_null(ctx);
        break;
    }
}

int store_insert_mentions(annals_store *s, int64_t doc_id, int64_t first_sentence,
                          const annals_timex *tx, const uint32_t *tx_sent, size_t n)
{
    if (n == 0)
        return 0;
    mention_rows data = {doc_id, first_sentence, tx, tx_sent};
    store_rows rows = {n, 9, mention_column, &data};
    sqlite3_stmt *st = s->stmt[STMT_INSERT_MENTIONS];
    sqlite3_bind_pointer(st, 1, &rows, "annals_rows", NULL);
    return run(s, st, "inserting time mentions");
}

static int64_t count(annals_store *s, const char *sql, int *err)
{
    sqlite3_stmt *st = NULL;
    int64_t v = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        *err = 1;
        return 0;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static annals_date date_of(annals_store *s, const char *sql)
{
    annals_date d = {0, 0, 0};
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return d;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        annals_date_parse_iso(&d, v, (size_t)sqlite3_column_bytes(st, 0));
    }
    sqlite3_finalize(st);
    return d;
}

int annals_store_stats_get(annals_store *s, annals_store_stats *out)
{
    int err = 0;
    memset(out, 0, sizeof(*out));
    out->schema_version = (int)count(s, "PRAGMA user_version", &err);
    out->documents = count(s, "SELECT count(*) FROM documents", &err);
    out->undated_documents =
        count(s, "SELECT count(*) FROM documents WHERE pub_date IS NULL", &err);
    out->sentences = count(s, "SELECT count(*) FROM sentences", &err);
    out->mentions = count(s, "SELECT count(*) FROM mentions", &err);
    out->day_mentions = count(s, "SELECT count(*) FROM mentions WHERE granularity = 'day'", &err);
    out->text_bytes = count(s,
                            "SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) "
                            "FROM documents",
                            &err);
    out->first_pub = date_of(s, "SELECT min(pub_date) FROM documents");
    out->last_pub = date_of(s, "SELECT max(pub_date) FROM documents");
    return err ? store_error(s, ANNALS_EDB, "reading statistics") : 0;
}

int annals_store_check(annals_store *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, "integrity check");
    int ok = sqlite3_step(st) == SQLITE_ROW &&
             strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    if (!ok)
        snprintf(s->errmsg, sizeof(s->errmsg), "integrity check: %s",
                 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "failed");
    sqlite3_finalize(st);
    if (!ok)
        return ANNALS_EDB;
    /* Whole documents only: every document has its sentences, nothing is orphaned, and the
     * index holds exactly one row per sentence. */
    static const struct {
        const char *sql;
        const char *what;
    } checks[] = {
        {"SELECT count(*) FROM documents d WHERE d.n_sentences < 1 OR d.n_sentences != "
         "(SELECT count(*) FROM sentences s WHERE s.id >= d.first_sentence AND "
         "s.id < d.first_sentence + d.n_sentences AND s.doc_id = d.id AND s.idx = "
         "s.id - d.first_sentence)",
         "documents without all their sentences"},
        {"SELECT count(*) FROM sentences s WHERE NOT EXISTS "
         "(SELECT 1 FROM documents d WHERE d.id = s.doc_id AND s.id >= d.first_sentence AND "
         "s.id < d.first_sentence + d.n_sentences)",
         "sentences without a document"},
        {"SELECT count(*) FROM mentions m WHERE NOT EXISTS "
         "(SELECT 1 FROM sentences s WHERE s.id = m.sentence_id AND s.doc_id = m.doc_id)",
         "time expressions without a sentence"},

    };
    for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
        int err = 0;
        int64_t n = count(s, checks[i].sql, &err);
        if (err)
            return store_error(s, ANNALS_EDB, "consistency check");
        if (n != 0) {
            snprintf(s->errmsg, sizeof(s->errmsg), "%lld %s", (long long)n, checks[i].what);
            return ANNALS_EDB;
        }
    }
    int err = 0;
    int64_t missing = count(s, "SELECT count(*) FROM sentences", &err) - store_fts_rows(s);
    if (err)
        return store_error(s, ANNALS_EDB, "consistency check");
    if (missing != 0) {
        snprintf(s->errmsg, sizeof(s->errmsg), "%lld sentences missing from the full-text index",
                 (long long)missing);
        return ANNALS_EDB;
    }
    if (sqlite3_exec(s->db, "INSERT INTO sentence_fts(sentence_fts) VALUES('integrity-check')",
                     NULL, NULL, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, "full-text index check");
    return 0;
}
