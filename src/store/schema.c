/*
 * schema.c - the store's schema and its migrations.
 *
 * PRAGMA user_version holds the schema version. Each migration runs in its own
 * transaction and moves the version up by one, so a store written by an older annals is
 * brought forward on open, and a store from a newer annals is refused rather than damaged.
 */
#include <stdio.h>

#include "store.h"

static const char *const migrations[] = {
    /* 0 -> 1: the first schema */
    "CREATE TABLE documents(\n"
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
    /* 1 -> 2: a document's sentences are the id range [first_sentence, first_sentence +
     * n_sentences), which replaces the sentences(doc_id, idx) index; the mentions indexes
     * by sentence and by date had no reader. Fewer b-trees to update per row. */
    "ALTER TABLE documents ADD COLUMN first_sentence INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE documents ADD COLUMN n_sentences INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE documents SET\n"
    "  first_sentence = coalesce((SELECT min(id) FROM sentences s WHERE s.doc_id = documents.id), 0),\n"
    "  n_sentences = (SELECT count(*) FROM sentences s WHERE s.doc_id = documents.id);\n"
    "DROP INDEX sentences_doc;\n"
    "DROP INDEX mentions_sentence;\n"
    "DROP INDEX mentions_date;\n",
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
        if (sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
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
