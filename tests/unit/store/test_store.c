/*
 * test_store.c - schema creation and migration guard, the write path, the FTS5 tokenizer,
 * deletion and the consistency check.
 */
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
    store_doc d = {key, hash, key, NULL, NULL, NULL, {2024, 5, 1}, body, strlen(body), 0};
    int64_t id, sid;
    assert_int_equal(store_insert_doc(s, &d, &id), 0);
    annals_span whole = {0, (uint32_t)strlen(body)};
    assert_int_equal(store_insert_sentence(s, id, 0, whole, body, &sid), 0);
    annals_timex tx;
    memset(&tx, 0, sizeof(tx));
    tx.span.off = 0;
    tx.span.len = 3;
    tx.type = ANNALS_TIMEX_DATE;
    tx.gran = ANNALS_GRAN_DAY;
    strcpy(tx.value, "2024-05-01");
    tx.date = (annals_date){2024, 5, 1};
    assert_int_equal(store_insert_mention(s, id, sid, &tx), 0);
    return id;
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
    assert_string_equal(annals_store_errmsg(s), "1 documents without sentences");
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
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
