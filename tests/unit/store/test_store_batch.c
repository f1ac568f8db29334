/*
 * test_store_batch.c - a document's sentences and time expressions stored in one statement
 * each (store_insert_sentences, store_insert_mentions over annals_rows()) give the same rows
 * and the same full-text index, byte for byte, as one INSERT per row, and the rows hold
 * what was stored.
 */
#include "unit/test_helpers.h"
#include "store/store.h"

static const char body[] = "Talks began on 3 May 2024. They ended on Friday.\nNo deal yet.";
static const annals_span spans[] = {{0, 26}, {27, 21}, {49, 12}};

static void make_timex(annals_timex *tx, uint32_t off, uint32_t len, const char *value,
                       annals_date d, const char *mod)
{
    memset(tx, 0, sizeof(*tx));
    tx->span.off = off;
    tx->span.len = len;
    tx->type = ANNALS_TIMEX_DATE;
    tx->gran = d.day ? ANNALS_GRAN_DAY : ANNALS_GRAN_YEAR;
    snprintf(tx->value, sizeof(tx->value), "%s", value);
    snprintf(tx->mod, sizeof(tx->mod), "%s", mod);
    tx->date = d;
}

/* The document row of body under key, with its content hash (keep hash alive as long as the
 * row). */
static store_doc test_doc_row(const char *key, const char *hash)
{
    store_doc d = {key,
                   hash,
                   key,
                   NULL,
                   NULL,
                   NULL,
                   {2024, 5, 10},
                   body,
                   sizeof(body) - 1,
                   0,
                   ARRAY_SIZE(spans)};
    return d;
}

/* Stores two copies of the document, row by row or in batches; dumps the tables into out. */
static void store_doc_twice(const char *file, int batch, buf *out)
{
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, file, NULL), 0);
    annals_timex tx[3];
    make_timex(&tx[0], 15, 10, "2024-05-03", (annals_date){2024, 5, 3}, "");
    make_timex(&tx[1], 41, 6, "2024-05-10", (annals_date){2024, 5, 10}, "");
    make_timex(&tx[2], 0, 5, "PRESENT_REF", (annals_date){0, 0, 0}, "APPROX");
    const uint32_t tx_sent[] = {0, 1, 1};
    assert_int_equal(store_begin(s), 0);
    for (int copy = 0; copy < 2; copy++) {
        char key[8], hash[33];
        snprintf(key, sizeof(key), "k%d", copy);
        hash128_hex(key, strlen(key), hash);
        store_doc d = test_doc_row(key, hash);
        int64_t id, first = 0;
        assert_int_equal(store_insert_doc(s, &d, &id), 0);
        if (batch) {
            assert_int_equal(
                store_insert_sentences(s, id, spans, ARRAY_SIZE(spans), body, NULL, NULL, &first),
                0);
            assert_int_equal(store_insert_mentions(s, id, first, tx, tx_sent, ARRAY_SIZE(tx)), 0);
        } else {
            for (size_t i = 0; i < ARRAY_SIZE(spans); i++) {
                int64_t sid;
                assert_int_equal(
                    store_insert_sentence(s, id, (int)i, spans[i], body, NULL, 0, &sid), 0);
                if (i == 0)
                    first = sid;
            }
            for (size_t i = 0; i < ARRAY_SIZE(tx); i++)
                assert_int_equal(store_insert_mentions(s, id, first, &tx[i], &tx_sent[i], 1), 0);
        }
    }
    assert_int_equal(store_commit(s), 0);
    static const char *const dumps[] = {
        "SELECT quote(id), quote(doc_id), quote(idx), quote(start), quote(length), "
        "quote(n_terms) FROM sentences ORDER BY id",
        "SELECT quote(id), quote(doc_id), quote(sentence_id), quote(start), quote(length), "
        "quote(type), quote(value), quote(mod), quote(granularity), quote(date) FROM mentions "
        "ORDER BY id",
        "SELECT quote(id), quote(block) FROM sentence_fts_data ORDER BY id",
    };
    for (size_t q = 0; q < ARRAY_SIZE(dumps); q++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(store_db(s), dumps[q], -1, &st, NULL), SQLITE_OK);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++)
                assert_int_equal(buf_printf(out, "%s|", sqlite3_column_text(st, c)), 0);
            assert_int_equal(buf_putc(out, '\n'), 0);
            rows++;
        }
        sqlite3_finalize(st);
        assert_true(rows > 0);
    }
    assert_int_equal(annals_store_check(s), 0);
    annals_store_close(s);
}

static void test_batch_same_rows(void **state)
{
    (void)state;
    char a[64], b[64];
    test_store_path(a, sizeof(a), "rows");
    test_store_path(b, sizeof(b), "batch");
    buf rows = BUF_INIT, batch = BUF_INIT;
    store_doc_twice(a, 0, &rows);
    store_doc_twice(b, 1, &batch);
    assert_int_equal(rows.len, batch.len);
    assert_memory_equal(rows.ptr, batch.ptr, rows.len);
    /* the second copy's mentions, as stored: ids, sentence ids from the range, every column */
    assert_non_null(strstr(batch.ptr, "4|2|4|15|10|'DATE'|'2024-05-03'|NULL|'day'|'2024-05-03'|\n"
                                      "5|2|5|41|6|'DATE'|'2024-05-10'|NULL|'day'|'2024-05-10'|\n"
                                      "6|2|5|0|5|'DATE'|'PRESENT_REF'|'APPROX'|'year'|NULL|\n"));
    buf_free(&rows);
    buf_free(&batch);
    test_remove_store(a);
    test_remove_store(b);
}

/* Without a bound source the function has no rows; a wrong sentence count is refused. */
static void test_rows_guarded(void **state)
{
    (void)state;
    char p[64];
    test_store_path(p, sizeof(p), "guard");
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, p, NULL), 0);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM annals_rows(NULL)", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    assert_int_equal(store_begin(s), 0);
    store_doc d = {"k",
                   "00000000000000000000000000000000",
                   "k",
                   NULL,
                   NULL,
                   NULL,
                   {0, 0, 0},
                   body,
                   sizeof(body) - 1,
                   0,
                   2};
    int64_t id, first;
    assert_int_equal(store_insert_doc(s, &d, &id), 0);
    assert_int_equal(store_insert_sentences(s, id, spans, 3, body, NULL, NULL, &first),
                     ANNALS_EINVAL);
    store_rollback(s);
    annals_store_close(s);
    test_remove_store(p);
}

/* Stores a document under key with its three sentences; returns its id. */
static int64_t add_batch_doc(annals_store *s, const char *key)
{
    char hash[33];
    hash128_hex(key, strlen(key), hash);
    store_doc d = test_doc_row(key, hash);
    int64_t id, first;
    assert_int_equal(store_insert_doc(s, &d, &id), 0);
    assert_int_equal(
        store_insert_sentences(s, id, spans, ARRAY_SIZE(spans), body, NULL, NULL, &first), 0);
    return id;
}

/* Sentence ids go on from where the transaction began even when the last document's
 * sentences were deleted in it: appended ids would reuse them, so given ids take over. */
static void test_ids_after_delete(void **state)
{
    (void)state;
    char p[64];
    test_store_path(p, sizeof(p), "ids");
    annals_store *s = NULL;
    assert_int_equal(annals_store_open(&s, p, NULL), 0);
    assert_int_equal(store_begin(s), 0);
    add_batch_doc(s, "k0");
    int64_t k1 = add_batch_doc(s, "k1");
    assert_int_equal(store_delete_doc(s, k1), 0);
    add_batch_doc(s, "k1");
    add_batch_doc(s, "k2");
    assert_int_equal(store_commit(s), 0);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(s),
                                        "SELECT group_concat(id, ',') FROM "
                                        "(SELECT id FROM sentences ORDER BY id)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "1,2,3,7,8,9,10,11,12");
    sqlite3_finalize(st);
    assert_int_equal(annals_store_check(s), 0);
    /* a new transaction appends again */
    assert_int_equal(store_begin(s), 0);
    add_batch_doc(s, "k3");
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(annals_store_check(s), 0);
    annals_store_close(s);
    test_remove_store(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_same_rows),
        cmocka_unit_test(test_rows_guarded),
        cmocka_unit_test(test_ids_after_delete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
