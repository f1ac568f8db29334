/*
 * fts_rank.c - annals_bm25(), the store's FTS5 ranking function, and the index's row count.
 *
 * The sentence index keeps no per-row sizes (columnsize=0): the %_docsize table would cost
 * a b-tree insert per sentence at ingest. BM25 needs each row's length, so the store keeps
 * it in sentences.n_terms and queries pass it in:
 *
 *     SELECT annals_bm25(sentence_fts, s.n_terms) FROM sentence_fts JOIN sentences s ...
 *
 * The score is FTS5's own bm25() (k1 = 1.2, b = 0.75, IDF floored at 1e-6, negated so
 * that lower is better), computed from the same row count, total size and phrase hits;
 * tests/unit/store checks that both give the same numbers. See
 * https://sqlite.org/fts5.html#custom_auxiliary_functions and SQLite's fts5_aux.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* What a query computes once: the IDF of each phrase and the mean row length. */
typedef struct bm25_query {
    int n_phrase;
    double avgdl;
    double *idf;
    double *freq;
} bm25_query;

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

static void free_query(void *p)
{
    bm25_query *q = p;
    if (q)
        free(q->idf);
    free(q);
}

static int query_data(const Fts5ExtensionApi *api, Fts5Context *fts, bm25_query **out)
{
    bm25_query *q = api->xGetAuxdata(fts, 0);
    if (q) {
        *out = q;
        return SQLITE_OK;
    }
    int n = api->xPhraseCount(fts);
    q = calloc(1, sizeof(*q));
    if (!q)
        return SQLITE_NOMEM;
    q->n_phrase = n;
    q->idf = calloc((size_t)(n > 0 ? n : 1) * 2, sizeof(double));
    if (!q->idf) {
        free(q);
        return SQLITE_NOMEM;
    }
    q->freq = q->idf + n;
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc == SQLITE_OK)
        q->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(fts, i, &hits, count_hit);
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (rc == SQLITE_OK)
        rc = api->xSetAuxdata(fts, q, free_query);
    else
        free_query(q);
    if (rc == SQLITE_OK)
        *out = q;
    return rc;
}

static void bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                 sqlite3_value **val)
{
    const double k1 = 1.2, b = 0.75;
    if (nval != 1) {
        sqlite3_result_error(ctx, "annals_bm25: give the row's number of terms", -1);
        return;
    }
    bm25_query *q;
    int rc = query_data(api, fts, &q);
    int ninst = 0;
    if (rc == SQLITE_OK) {
        memset(q->freq, 0, (size_t)q->n_phrase * sizeof(double));
        rc = api->xInstCount(fts, &ninst);
    }
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, col, off;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < q->n_phrase)
            q->freq[phrase] += 1.0;
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double d = sqlite3_value_double(val[0]), score = 0.0;
    for (int i = 0; i < q->n_phrase; i++)
        score += q->idf[i] * (q->freq[i] * (k1 + 1.0)) /
                 (q->freq[i] + k1 * (1.0 - b + b * d / q->avgdl));
    sqlite3_result_double(ctx, -score);
}

int store_register_rank(sqlite3 *db)
{
    fts5_api *api = store_fts5_api(db);
    if (!api)
        return ANNALS_EDB;
    if (api->xCreateFunction(api, "annals_bm25", NULL, bm25, NULL) != SQLITE_OK)
        return ANNALS_EDB;
    return 0;
}

/* SQLite's variable-length integer (big-endian, 7 bits a byte, the ninth byte whole), as
 * FTS5 writes its averages record. Returns the bytes used, 0 when the record is cut short. */
static size_t get_varint(const unsigned char *p, size_t n, uint64_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < 9 && i < n; i++) {
        if (i == 8) {
            *v = (x << 8) | p[i];
            return 9;
        }
        x = (x << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80)) {
            *v = x;
            return i + 1;
        }
    }
    return 0;
}

int64_t store_fts_rows(annals_store *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT block FROM sentence_fts_data WHERE id = 1", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    int64_t rows = -1;
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rows = 0; /* an index that was never written to */
    } else if (step == SQLITE_ROW) {
        uint64_t v;
        const unsigned char *p = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (n == 0)
            rows = 0; /* a new index writes an empty record */
        else if (p && get_varint(p, n, &v) && v <= INT64_MAX)
            rows = (int64_t)v;
    }
    sqlite3_finalize(st);
    return rows;
}
