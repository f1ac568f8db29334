/*
 * schema.c - the store's schema and its migrations.
 *
 * PRAGMA user_version holds the schema version. Each migration runs in its own
 * transaction and moves the version up by one, so a store written by an older annals is
 * brought forward on open, and a store from a newer annals is refused rather than damaged.
 */
#include <stdio.h>

#include "store.h"

/* Re-indexes every stored sentence into a new, empty sentence_fts, and counts its terms
 * into sentences.n_terms (the 1 -> 2 migration). */
static int reindex(annals_store *s)
{
    sqlite3_stmt *q = NULL, *ins = NULL, *upd = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT s.id, s.start, s.length, d.body FROM sentences s "
                           "JOIN documents d ON d.id = s.doc_id ORDER BY s.id",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "INSERT INTO sentence_fts(rowid, text) VALUES(?1, ?2)", -1, &ins,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE sentences SET n_terms = ?2 WHERE id = ?1", -1, &upd,
                           NULL) != SQLITE_OK) {
        rc = ANNALS_EDB;
        goto done;
    }
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id;
        const char *text;
        int len;
        if ((rc = store_sentence_row(q, &id, &text, &len)) < 0)
            goto done;
        s->tok.last_terms = 0;
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_text(ins, 2, text, len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_reset(ins) != SQLITE_OK) {
            rc = ANNALS_EDB;
            goto done;
        }
        sqlite3_bind_int64(upd, 1, id);
        sqlite3_bind_int64(upd, 2, (sqlite3_int64)s->tok.last_terms);
        if (sqlite3_step(upd) != SQLITE_DONE || sqlite3_reset(upd) != SQLITE_OK) {
            rc = ANNALS_EDB;
            goto done;
        }
    }
    if (step != SQLITE_DONE)
        rc = ANNALS_EDB;
done:
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
    return rc;
}

static const struct {
    const char *sql;
    int (*then)(annals_store *s); /* work SQL cannot do, in the same transaction */
} migrations[] = {
    /* 0 -> 1: the first schema */
    {"CREATE TABLE documents(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  key TEXT NOT NULL UNIQUE,      -- identity of the source (path, path#line, JSON id)\n"
     "  hash TEXT NOT NULL,            -- content hash (32 hex digits)\n"
     "  pub_date TEXT,                 -- YYYY-MM-DD, NULL when unknown\n"
     "  title TEXT, source TEXT, url TEXT,\n"
     "  path TEXT,                     -- where it came from: file, or file:line for records\n"
     "  n_invalid INTEGER NOT NULL DEFAULT 0, -- invalid UTF-8 sequences replaced\n"
     "  body TEXT NOT NULL             -- normalized text; all spans index its bytes\n"
     ");\n"
     "CREATE INDEX documents_hash ON documents(hash);\n"
     "CREATE INDEX documents_pub ON documents(pub_date);\n"
     "CREATE TABLE sentences(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  doc_id INTEGER NOT NULL,\n"
     "  idx INTEGER NOT NULL,          -- position in the document, from 0\n"
     "  start INTEGER NOT NULL,        -- byte offset in documents.body\n"
     "  length INTEGER NOT NULL        -- bytes\n"
     ");\n"
     "CREATE INDEX sentences_doc ON sentences(doc_id, idx);\n"
     "CREATE TABLE mentions(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  doc_id INTEGER NOT NULL,\n"
     "  sentence_id INTEGER NOT NULL,\n"
     "  start INTEGER NOT NULL,        -- byte offset in documents.body\n"
     "  length INTEGER NOT NULL,\n"
     "  type TEXT NOT NULL,            -- DATE, TIME, DURATION, SET\n"
     "  value TEXT NOT NULL,           -- TIMEX3 value\n"
     "  mod TEXT,\n"
     "  granularity TEXT NOT NULL,     -- day, month, year, ...\n"
     "  date TEXT                      -- the calendar day/month/year it names, X for unknown\n"
     ");\n"
     "CREATE INDEX mentions_sentence ON mentions(sentence_id);\n"
     "CREATE INDEX mentions_doc ON mentions(doc_id);\n"
     "CREATE INDEX mentions_date ON mentions(date);\n"
     "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='', tokenize='annals');\n",
     NULL},
    /* 1 -> 2, fewer b-trees to update per row: a document's sentences are the id range
     * [first_sentence, first_sentence + n_sentences), which replaces the sentences(doc_id,
     * idx) index; the mentions indexes by sentence and by date had no reader; the index
     * keeps no row sizes (columnsize=0), sentences.n_terms does (see fts_rank.c). */
    {"ALTER TABLE documents ADD COLUMN first_sentence INTEGER NOT NULL DEFAULT 0;\n"
     "ALTER TABLE documents ADD COLUMN n_sentences INTEGER NOT NULL DEFAULT 0;\n"
     "UPDATE documents SET\n"
     "  first_sentence = coalesce((SELECT min(id) FROM sentences s WHERE s.doc_id = documents.id), "
     "0),\n"
     "  n_sentences = (SELECT count(*) FROM sentences s WHERE s.doc_id = documents.id);\n"
     "DROP INDEX sentences_doc;\n"
     "DROP INDEX mentions_sentence;\n"
     "DROP INDEX mentions_date;\n"
     "ALTER TABLE sentences ADD COLUMN n_terms INTEGER NOT NULL DEFAULT 0;\n"
     "DROP TABLE sentence_fts;\n"
     "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, content='', columnsize=0,\n"
     "  tokenize='annals');\n"
     /* pending terms up to 16 MiB before a flush (default 1 MiB): a batch of 8 MiB of text
      * makes one segment at its commit instead of several to merge */
     "INSERT INTO sentence_fts(sentence_fts, rank) VALUES('hashsize', 16777216);\n",
     reindex},
    /* 2 -> 3, index segments merged 16 at a time instead of FTS5's 4: each batch's commit
     * writes one segment, and with the default every fourth segment set off a merge that
     * rewrote everything indexed so far (on Timeline17 the merges were 18% of all the
     * instructions of an ingest). Sixteen segments per level bound what a query reads and
     * write each term's postings about half as often on a large store. */
    {"INSERT INTO sentence_fts(sentence_fts, rank) VALUES('automerge', 16);\n", NULL},
};

int store_migrate(annals_store *s)
{
    sqlite3_stmt *st = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return store_error(s, ANNALS_EDB, "reading the schema version");
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    int target = (int)ARRAY_SIZE(migrations);
    if (version > target) {
        snprintf(s->errmsg, sizeof(s->errmsg),
                 "the store has schema version %d; this annals knows up to %d", version, target);
        return ANNALS_EDB;
    }
    for (int v = version; v < target; v++) {
        char bump[64];
        snprintf(bump, sizeof(bump), "PRAGMA user_version=%d", v + 1);
        if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return store_error(s, ANNALS_EDB, "starting a migration");
        if (sqlite3_exec(s->db, migrations[v].sql, NULL, NULL, NULL) != SQLITE_OK ||
            (migrations[v].then && migrations[v].then(s) < 0) ||
            sqlite3_exec(s->db, bump, NULL, NULL, NULL) != SQLITE_OK) {
            int rc = store_error(s, ANNALS_EDB, "migrating the schema");
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            return store_error(s, ANNALS_EDB, "committing a migration");
    }
    return 0;
}
