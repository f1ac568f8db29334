/*
 * test_store.c - schema creation and migration guard, the write path, the FTS5 tokenizer,
 * deletion and the consistency check.
 */
#include <math.h>

#include "unit/test_helpers.h"
#include "store/store.h"

static char path[64];

static int setup(void **state)
{
    (void)state;
    test_store_path(path, sizeof(path), "store");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_remove_store(path);
    return 0;
}

static int64_t count(annals_store *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

static int64_t add_doc(annals_store *s, const char *key, const char *body)
{
    char hash[33];
    hash128_hex(body, strlen(body), hash);
    store_doc d = {key, hash, key, NULL, NULL, NULL, {2024, 5, 1}, body, strlen(body), 0, 1};
    int64_t id, sid;
    assert_int_equal(store_insert_doc(s, &d, &id), 0);
    annals_span whole = {0, (uint32_t)strlen(body)};
    assert_int_equal(store_insert_sentence(s, id, 0, whole, body, NULL, 0, &sid), 0);
    annals_timex tx;
    memset(&tx, 0, sizeof(tx));
    tx.span.off = 0;
    tx.span.len = 3;
    tx.type = ANNALS_TIMEX_DATE;
    tx.gran = ANNALS_GRAN_DAY;
    strcpy(tx.value, "2024-05-01");
    tx.date = (annals_date){2024, 5, 1};
    const uint32_t tx_sent = 0;
    assert_int_equal(store_insert_mentions(s, id, sid, &tx, &tx_sent, 1), 0);
    return id;
}

/* The FTS5 index of sentences inserted with their terms made beforehand (as the ingest
 * pipeline does) is byte for byte the index the tokenizer makes from the text. */
static void index_all(const char *file, const char *const *sents, size_t n, int pretok, buf *blocks)
{
    annals_store *s = NULL;
    annals_text *t = NULL;
    assert_int_equal(annals_store_open(&s, file, NULL), 0);
    assert_int_equal(annals_text_open(&t, "en"), 0);
    assert_int_equal(store_begin(s), 0);
    for (size_t i = 0; i < n; i++) {
        char key[32], hash[33];
        snprintf(key, sizeof(key), "d%zu", i);
        hash128_hex(sents[i], strlen(sents[i]), hash);
        store_doc d = {key, hash, key, NULL, NULL, NULL, {2024, 5, 1}, sents[i], strlen(sents[i]),
                       0,   1};
        int64_t id, sid;
        assert_int_equal(store_insert_doc(s, &d, &id), 0);
        const annals_token *tok;
        size_t ntok, kept = 0;
        assert_int_equal(annals_text_tokens(t, sents[i], strlen(sents[i]), &tok, &ntok), 0);
        annals_token terms[64];
        for (size_t j = 0; j < ntok && kept < 64; j++)
            if (!tok[j].stop)
                terms[kept++] = tok[j];
        annals_span whole = {0, (uint32_t)strlen(sents[i])};
        assert_int_equal(store_insert_sentence(s, id, 0, whole, sents[i], pretok ? terms : NULL,
                                               pretok ? kept : 0, &sid),
                         0);
    }
    assert_int_equal(store_commit(s), 0);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(s),
                                        "SELECT id, block FROM sentence_fts_data ORDER BY id", -1,
                                        &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        assert_int_equal(buf_append(blocks, &id, sizeof(id)), 0);
        assert_int_equal(
            buf_append(blocks, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1)), 0);
    }
    sqlite3_finalize(st);
    /* both ways find a stemmed, folded word */
    assert_int_equal(count(s, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH "
                              "'ferry'"),
                     2);
    annals_text_close(t);
    annals_store_close(s);
}

/* annals_bm25() with lengths from sentences.n_terms scores as FTS5's bm25() does with the
 * lengths it keeps itself. */
static void test_bm25_as_fts5(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    static const char *const docs[] = {
        "The harbor bridge collapsed on Tuesday after the storm.",
        "Ferries resumed; the bridge stays closed, the harbor board said.",
        "Engineers inspected the bridge, the bridge piers and the harbor wall for a week.",
        "Nothing about it here.",
    };
    assert_int_equal(store_begin(s), 0);
    for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
        char key[32];
        snprintf(key, sizeof(key), "d%zu", i);
        add_doc(s, key, docs[i]);
    }
    assert_int_equal(store_commit(s), 0);
    sqlite3 *db = store_db(s);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE VIRTUAL TABLE ref USING fts5(text, content='', "
                                  "tokenize='annals');"
                                  "INSERT INTO ref(rowid, text) SELECT s.id, "
                                  "substr(d.body, s.start + 1, s.length) FROM sentences s "
                                  "JOIN documents d ON d.id = s.doc_id;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    static const char *const queries[] = {"bridge", "harbor bridge", "harbor OR storm",
                                          "\"bridge piers\"", "ferry NOT storm"};
    for (size_t i = 0; i < ARRAY_SIZE(queries); i++) {
        sqlite3_stmt *a, *b;
        assert_int_equal(sqlite3_prepare_v2(db,
                                            "SELECT f.rowid, annals_bm25(sentence_fts, s.n_terms) "
                                            "FROM sentence_fts f JOIN sentences s ON s.id = "
                                            "f.rowid WHERE sentence_fts MATCH ?1 ORDER BY 1",
                                            -1, &a, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db,
                                            "SELECT rowid, bm25(ref) FROM ref WHERE ref MATCH ?1 "
                                            "ORDER BY 1",
                                            -1, &b, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(a, 1, queries[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(b, 1, queries[i], -1, SQLITE_STATIC);
        int rows = 0;
        for (;;) {
            int ra = sqlite3_step(a), rb = sqlite3_step(b);
            assert_int_equal(ra, rb);
            if (ra != SQLITE_ROW)
                break;
            rows++;
            assert_int_equal(sqlite3_column_int64(a, 0), sqlite3_column_int64(b, 0));
            double x = sqlite3_column_double(a, 1), y = sqlite3_column_double(b, 1);
            assert_true(x < 0);
            assert_true(fabs(x - y) <= 1e-12 * fabs(y));
        }
        assert_true(rows > 0);
        sqlite3_finalize(a);
        sqlite3_finalize(b);
    }
    assert_int_equal(annals_store_check(s), 0);
    annals_store_close(s);
}

static void test_pretokenized_same_index(void **state)
{
    (void)state;
    static const char *const sents[] = {
        "The meetings of the harbor board were postponed on Tuesday.",
        "Ferries resumed after the storm; Zürich's ÉCOLE reopened.",
        "",
        "Ferry service: 12 crossings, 2024-05-01, \xe2\x80\x9cquoted\xe2\x80\x9d words.",
    };
    char other[80];
    test_store_path(other, sizeof(other), "store-pretok");
    buf a = {0}, b = {0};
    index_all(path, sents, ARRAY_SIZE(sents), 0, &a);
    index_all(other, sents, ARRAY_SIZE(sents), 1, &b);
    assert_true(a.len > 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    buf_free(&a);
    buf_free(&b);
    test_remove_store(other);
}

static void test_create_write_search_delete(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(store_begin(s), 0);
    int64_t a = add_doc(s, "a", "The meetings of the harbor board were postponed.");
    add_doc(s, "b", "Ferries resumed after the storm.");
    assert_int_equal(store_commit(s), 0);
    /* the index stems and folds like the engine: "MEETING" finds "meetings" */
    assert_int_equal(count(s, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH "
                              "'MEETING'"),
                     1);
    assert_int_equal(count(s, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH "
                              "'ferry'"),
                     1);
    /* stop words are not indexed */
    assert_int_equal(count(s, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH "
                              "'the'"),
                     0);
    store_lookup found;
    int64_t old = 0;
    char hash[33];
    const char *body = "The meetings of the harbor board were postponed.";
    hash128_hex(body, strlen(body), hash);
    assert_int_equal(store_lookup_doc(s, "elsewhere", hash, &old, &found), 0);
    assert_int_equal(found, STORE_UNCHANGED);
    assert_int_equal(store_lookup_doc(s, "a", "0123", &old, &found), 0);
    assert_int_equal(found, STORE_CHANGED);
    assert_int_equal(old, a);
    assert_int_equal(store_lookup_doc(s, "c", "0123", &old, &found), 0);
    assert_int_equal(found, STORE_NEW);

    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_delete_doc(s, a), 0);
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH "
                              "'meeting'"),
                     0);
    assert_int_equal(count(s, "SELECT count(*) FROM mentions"), 1);
    assert_int_equal(annals_store_check(s), 0);

    annals_store_stats st;
    assert_int_equal(annals_store_stats_get(s, &st), 0);
    assert_int_equal(st.documents, 1);
    assert_int_equal(st.sentences, 1);
    assert_int_equal(st.mentions, 1);
    assert_int_equal(st.day_mentions, 1);
    assert_int_equal(st.schema_version, ANNALS_STORE_SCHEMA_VERSION);
    assert_int_equal(st.first_pub.year, 2024);
    annals_store_close(s);
}

static void test_check_finds_orphans(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "INSERT INTO documents(key, hash, body) VALUES('x', 'h', 'b')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(annals_store_check(s), ANNALS_EDB);
    assert_string_equal(annals_store_errmsg(s), "1 documents without all their sentences");
    annals_store_close(s);
}

/* A document claiming more sentences than it has, and a sentence outside every document's
 * range, are both found. */
static void test_check_finds_broken_ranges(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(annals_store_check(s), 0); /* a new, empty store */
    assert_int_equal(store_begin(s), 0);
    add_doc(s, "a", "Ferries resumed after the storm.");
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(annals_store_check(s), 0);
    assert_int_equal(
        sqlite3_exec(store_db(s), "UPDATE documents SET n_sentences = 2", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(annals_store_check(s), ANNALS_EDB);
    assert_string_equal(annals_store_errmsg(s), "1 documents without all their sentences");
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "UPDATE documents SET n_sentences = 1, first_sentence = 7", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(annals_store_check(s), ANNALS_EDB);
    annals_store_close(s);
}

/* A schema 1 store (sentences found through an index on doc_id) is brought to schema 2 on
 * open: documents get their sentence ranges, the store checks clean, and new documents
 * continue the ids. */
static void test_migrates_schema_1(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(store_begin(s), 0);
    add_doc(s, "a", "The meetings of the harbor board were postponed.");
    add_doc(s, "b", "Ferries resumed after the storm.");
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "ALTER TABLE documents DROP COLUMN first_sentence;"
                                  "ALTER TABLE documents DROP COLUMN n_sentences;"
                                  "CREATE INDEX sentences_doc ON sentences(doc_id, idx);"
                                  "CREATE INDEX mentions_sentence ON mentions(sentence_id);"
                                  "CREATE INDEX mentions_date ON mentions(date);"
                                  "ALTER TABLE sentences DROP COLUMN n_terms;"
                                  "DROP TABLE sentence_fts;"
                                  "CREATE VIRTUAL TABLE sentence_fts USING fts5(text, "
                                  "content='', tokenize='annals');"
                                  "INSERT INTO sentence_fts(rowid, text) SELECT s.id, "
                                  "substr(d.body, s.start + 1, s.length) FROM sentences s "
                                  "JOIN documents d ON d.id = s.doc_id;"
                                  "PRAGMA user_version=1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    annals_store_close(s);
    s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(count(s, "PRAGMA user_version"), ANNALS_STORE_SCHEMA_VERSION);
    assert_int_equal(count(s, "SELECT sum(first_sentence * 10 + n_sentences) FROM documents"),
                     11 + 21);
    assert_int_equal(count(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                              "name IN ('sentences_doc', 'mentions_sentence', 'mentions_date')"),
                     0);
    /* re-indexed, with the term counts: meetings harbor board postponed / ferries resumed
     * storm */
    assert_int_equal(
        count(s,
              "SELECT group_concat(n, '') FROM (SELECT n_terms AS n FROM sentences ORDER BY id)"),
        43);
    assert_int_equal(count(s, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH "
                              "'ferry'"),
                     1);
    assert_int_equal(annals_store_check(s), 0);
    assert_int_equal(store_begin(s), 0);
    add_doc(s, "c", "A third report.");
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(count(s, "SELECT first_sentence FROM documents WHERE key = 'c'"), 3);
    assert_int_equal(annals_store_check(s), 0);
    annals_store_close(s);
}

/* New stores, and stores of schema 2 on their first open, merge index segments 16 at a
 * time (FTS5's default is 4). */
static void test_automerge(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(count(s, "SELECT v FROM sentence_fts_config WHERE k = 'automerge'"), 16);
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "DELETE FROM sentence_fts_config WHERE k = 'automerge';"
                                  "PRAGMA user_version=2;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    annals_store_close(s);
    s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(count(s, "PRAGMA user_version"), 3);
    assert_int_equal(count(s, "SELECT v FROM sentence_fts_config WHERE k = 'automerge'"), 16);
    annals_store_close(s);
}

/* New stores get 16 KiB pages; a store made with another page size keeps it. */
static void test_page_size(void **state)
{
    (void)state;
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(count(s, "PRAGMA page_size"), 16384);
    annals_store_close(s);
    test_remove_store(path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA page_size=4096; CREATE TABLE x(a); DROP TABLE x;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(count(s, "PRAGMA page_size"), 4096);
    assert_int_equal(store_begin(s), 0);
    add_doc(s, "k", "May 1 was calm.");
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(annals_store_check(s), 0);
    annals_store_close(s);
}

static void test_open_errors(void **state)
{
    (void)state;
    annals_store *s = NULL;
    annals_store_options ro = ANNALS_STORE_OPTIONS_INIT;
    ro.readonly = 1;
    assert_int_equal(annals_store_open(&s, path, &ro), ANNALS_ENOTFOUND);
    annals_store_close(s);
    /* a store from a newer annals is refused, not damaged */
    assert_int_equal(annals_store_open(&s, path, NULL), 0);
    assert_int_equal(sqlite3_exec(store_db(s), "PRAGMA user_version=99", NULL, NULL, NULL),
                     SQLITE_OK);
    annals_store_close(s);
    assert_int_equal(annals_store_open(&s, path, NULL), ANNALS_EDB);
    assert_non_null(strstr(annals_store_errmsg(s), "schema version 99"));
    annals_store_close(s);
    annals_store_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_write_search_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_finds_orphans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pretokenized_same_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_finds_broken_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bm25_as_fts5, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrates_schema_1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_automerge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_size, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
