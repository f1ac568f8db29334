/*
 * retrieve.c - matching sentences for a query, with their documents and time mentions.
 *
 * The query is cut into words with the engine's tokenizer; stop words are dropped and
 * each remaining word becomes a quoted FTS5 phrase, joined with OR, so the index (which
 * uses the same tokenizer) folds and stems them exactly as it did the documents.
 * Relevance of a sentence is the share of the query's distinct terms it contains,
 * computed from FTS5's own phrase hits, with BM25 breaking ties.
 */
#include <stdio.h>
#include <string.h>

#include "timeline.h"

static int64_t pub_key_of(const unsigned char *s, int n)
{
    annals_date d;
    if (!s || annals_date_parse_iso(&d, (const char *)s, (size_t)n) < 0)
        return NO_DATE;
    return annals_date_to_days(d);
}

static int64_t mention_key(const unsigned char *s, int n)
{
    /* "YYYY-MM-DD" or "XXXX-MM-DD" */
    if (!s || n != 10)
        return NO_DATE;
    annals_date d;
    if (s[0] == 'X') {
        char tmp[11];
        memcpy(tmp, "2000", 4); /* a leap year, so that February 29 parses */
        memcpy(tmp + 4, s + 4, 6);
        if (annals_date_parse_iso(&d, tmp, 10) < 0)
            return NO_DATE;
        d.year = 0;
        return date_key(d);
    }
    if (annals_date_parse_iso(&d, (const char *)s, 10) < 0)
        return NO_DATE;
    return date_key(d);
}

/* Builds the FTS5 expression; returns the number of distinct words. */
static size_t build_match(tl_ctx *ctx, const char *query, buf *expr)
{
    const annals_token *tok;
    size_t n;
    if (annals_text_tokens(ctx->text, query, strlen(query), &tok, &n) < 0)
        return 0;
    hmap seen;
    hmap_init(&seen);
    size_t words = 0;
    for (size_t i = 0; i < n; i++) {
        if (tok[i].stop || hmap_get(&seen, tok[i].term, tok[i].term_len))
            continue;
        if (hmap_put(&seen, tok[i].term, tok[i].term_len, 1) < 0)
            break;
        if (words++ > 0)
            buf_puts(expr, " OR ");
        buf_printf(expr, "\"%.*s\"", (int)tok[i].span.len, query + tok[i].span.off);
    }
    hmap_free(&seen);
    return buf_cstr(expr) ? words : 0;
}

static int add_doc(tl_ctx *ctx, sqlite3_stmt *st, int64_t doc_id)
{
    uint64_t *slot;
    bool inserted;
    if (hmap_upsert(&ctx->docs, &doc_id, sizeof(doc_id), ctx->docv.len, &slot, &inserted) < 0)
        return ANNALS_ENOMEM;
    if (!inserted)
        return 0;
    tl_doc d;
    d.id = doc_id;
    const unsigned char *path = sqlite3_column_text(st, 5);
    const unsigned char *key = sqlite3_column_text(st, 6);
    const unsigned char *title = sqlite3_column_text(st, 7);
    const char *src = (const char *)(path ? path : key);
    d.source = arena_strndup(ctx->mem, src ? src : "", src ? strlen(src) : 0);
    d.title = title ? arena_strndup(ctx->mem, (const char *)title, strlen((const char *)title))
                    : NULL;
    d.pub = pub_key_of(sqlite3_column_text(st, 4), sqlite3_column_bytes(st, 4));
    if (!d.source)
        return ANNALS_ENOMEM;
    return VEC_PUSH(&ctx->docv, d);
}

int tl_retrieve(tl_ctx *ctx, const char *query)
{
    buf expr = BUF_INIT;
    size_t nwords = build_match(ctx, query, &expr);
    if (nwords == 0) {
        buf_free(&expr);
        snprintf(ctx->store->errmsg, sizeof(ctx->store->errmsg),
                 "the query has no searchable word");
        return ANNALS_EINVAL;
    }
    ctx->n_terms = nwords;
    sqlite3 *db = store_db(ctx->store);
    /* Phrase hits per sentence come from a second pass below; here: rowid and BM25. */
    const char *sql =
        "SELECT f.rowid, bm25(sentence_fts), s.doc_id, s.idx, d.pub_date, d.path, d.key, "
        "d.title FROM sentence_fts f JOIN sentences s ON s.id = f.rowid "
        "JOIN documents d ON d.id = s.doc_id WHERE sentence_fts MATCH ?1 ORDER BY f.rowid";
    sqlite3_stmt *st = NULL, *mst = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT date FROM mentions WHERE sentence_id = ?1 AND "
                           "granularity = 'day' AND date IS NOT NULL",
                           -1, &mst, NULL) != SQLITE_OK) {
        rc = store_error(ctx->store, ANNALS_EDB, "querying the index");
        goto done;
    }
    sqlite3_bind_text(st, 1, expr.ptr, (int)expr.len, SQLITE_STATIC);
    double best = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        tl_sent s;
        memset(&s, 0, sizeof(s));
        s.id = sqlite3_column_int64(st, 0);
        s.rel = -sqlite3_column_double(st, 1); /* bm25() is lower-is-better */
        s.doc_id = sqlite3_column_int64(st, 2);
        s.idx = sqlite3_column_int(st, 3);
        s.pub = pub_key_of(sqlite3_column_text(st, 4), sqlite3_column_bytes(st, 4));
        if ((rc = add_doc(ctx, st, s.doc_id)) < 0)
            goto done;
        if (s.rel > best)
            best = s.rel;
        s.m_first = ctx->keys.len;
        sqlite3_bind_int64(mst, 1, s.id);
        while (sqlite3_step(mst) == SQLITE_ROW) {
            int64_t k = mention_key(sqlite3_column_text(mst, 0), sqlite3_column_bytes(mst, 0));
            if (k != NO_DATE && (rc = VEC_PUSH(&ctx->keys, k)) < 0)
                goto done;
        }
        sqlite3_reset(mst);
        s.m_count = ctx->keys.len - s.m_first;
        if ((rc = VEC_PUSH(&ctx->sents, s)) < 0)
            goto done;
    }
    if (step != SQLITE_DONE) {
        rc = store_error(ctx->store, ANNALS_EDB, "querying the index");
        goto done;
    }
    for (size_t i = 0; i < ctx->sents.len; i++)
        ctx->sents.items[i].rel = best > 0 ? ctx->sents.items[i].rel / best : 1.0;
done:
    sqlite3_finalize(st);
    sqlite3_finalize(mst);
    buf_free(&expr);
    return rc;
}

char *tl_sentence_text(tl_ctx *ctx, int64_t sentence_id, annals_span *span_out)
{
    static const char *sql = "SELECT substr(CAST(d.body AS BLOB), s.start + 1, s.length), "
                             "s.start, s.length FROM sentences s JOIN documents d ON "
                             "d.id = s.doc_id WHERE s.id = ?1";
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(store_db(ctx->store), sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(st, 1, sentence_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const void *p = sqlite3_column_blob(st, 0);
        int n = sqlite3_column_bytes(st, 0);
        out = arena_strndup(ctx->mem, p ? p : "", (size_t)n);
        span_out->off = (uint32_t)sqlite3_column_int64(st, 1);
        span_out->len = (uint32_t)sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    return out;
}
