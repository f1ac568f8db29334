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
#include <stdlib.h>
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

/* Registers doc_id (its details are read later by load_docs). */
static int add_doc(tl_ctx *ctx, int64_t doc_id)
{
    uint64_t *slot;
    bool inserted;
    if (hmap_upsert(&ctx->docs, &doc_id, sizeof(doc_id), ctx->docv.len, &slot, &inserted) < 0)
        return ANNALS_ENOMEM;
    if (!inserted)
        return 0;
    tl_doc d;
    memset(&d, 0, sizeof(d));
    d.id = doc_id;
    d.source = "";
    d.pub = NO_DATE;
    return VEC_PUSH(&ctx->docv, d);
}

/* Reads the publication date, source and title of every registered document in one query
 * (the sentence query does not join documents: one row read per document, not per
 * matching sentence). */
static int load_docs(tl_ctx *ctx, buf *list_out)
{
    static const char *sql = "SELECT id, pub_date, path, key, title FROM documents WHERE id IN "
                             "(SELECT value FROM json_each(?1))";
    buf list = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    buf_putc(&list, '[');
    for (size_t i = 0; i < ctx->docv.len; i++)
        buf_printf(&list, i ? ",%lld" : "%lld", (long long)ctx->docv.items[i].id);
    buf_putc(&list, ']');
    if (!buf_cstr(&list)) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    if (sqlite3_prepare_v2(store_db(ctx->store), sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_error(ctx->store, ANNALS_EDB, "reading documents");
        goto done;
    }
    sqlite3_bind_text(st, 1, list.ptr, (int)list.len, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        uint64_t *slot = hmap_get(&ctx->docs, &id, sizeof(id));
        if (!slot)
            continue;
        tl_doc *d = &ctx->docv.items[*slot];
        const unsigned char *path = sqlite3_column_text(st, 2);
        const unsigned char *key = sqlite3_column_text(st, 3);
        const unsigned char *title = sqlite3_column_text(st, 4);
        const char *src = (const char *)(path ? path : key);
        d->source = arena_strndup(ctx->mem, src ? src : "", src ? strlen(src) : 0);
        d->title = title ? arena_strndup(ctx->mem, (const char *)title,
                                         strlen((const char *)title))
                         : NULL;
        d->pub = pub_key_of(sqlite3_column_text(st, 1), sqlite3_column_bytes(st, 1));
        if (!d->source || (title && !d->title)) {
            rc = ANNALS_ENOMEM;
            goto done;
        }
    }
    if (step != SQLITE_DONE)
        rc = store_error(ctx->store, ANNALS_EDB, "reading documents");
done:
    sqlite3_finalize(st);
    *list_out = list;
    return rc;
}

static int cmp_mention_sent(const void *a, const void *b)
{
    const tl_mention *x = a, *y = b;
    if (x->sentence_id != y->sentence_id)
        return x->sentence_id < y->sentence_id ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->anchor - y->anchor;
}

int tl_anchor_of(const unsigned char *text, size_t len, int64_t key, int64_t pub)
{
    annals_date d = key_date(key);
    int day_number = 0;
    for (size_t i = 0; i < len;) {
        if (text[i] < '0' || text[i] > '9') {
            i++;
            continue;
        }
        size_t j = i;
        long v = 0;
        while (j < len && text[j] >= '0' && text[j] <= '9') {
            if (j - i < 9)
                v = v * 10 + (text[j] - '0');
            j++;
        }
        if (j - i == 4 && d.year > 0 && v == d.year)
            return TL_ANCHOR_YEAR;
        if (j - i <= 2 && v == d.day)
            day_number = 1;
        i = j;
    }
    if (day_number)
        return TL_ANCHOR_DAY;
    if (key < PARTIAL_BASE && pub != NO_DATE && key - pub >= -1 && key - pub <= 1)
        return TL_ANCHOR_DEICTIC;
    return TL_ANCHOR_VAGUE;
}

/* "YYYY-MM" as months since year 0, or NO_DATE. */
static int64_t month_index(const unsigned char *s, int n)
{
    if (!s || n != 7 || s[4] != '-')
        return NO_DATE;
    int64_t y = 0, m = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return NO_DATE;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    return y > 0 && m >= 1 && m <= 12 ? y * 12 + m - 1 : NO_DATE;
}

static int cmp_mention_doc(const void *a, const void *b)
{
    const tl_mention *x = a, *y = b;
    if (x->doc_id != y->doc_id)
        return x->doc_id < y->doc_id ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The anchor class of every day mention (ctx->doc_mentions, sorted here by document): each
 * document's text is read once (expr: the JSON list of the matching documents). */
static int classify_mentions(tl_ctx *ctx, const buf *expr)
{
    static const char *sql = "SELECT id, CAST(body AS BLOB) FROM documents WHERE id IN "
                             "(SELECT value FROM json_each(?1)) ORDER BY id";
    tl_mention *mv = ctx->doc_mentions.items;
    size_t n = ctx->doc_mentions.len, j = 0;
    if (n == 0)
        return 0;
    qsort(mv, n, sizeof(tl_mention), cmp_mention_doc);
    sqlite3_stmt *st = NULL;
    int step = SQLITE_DONE;
    if (sqlite3_prepare_v2(store_db(ctx->store), sql, -1, &st, NULL) != SQLITE_OK)
        return store_error(ctx->store, ANNALS_EDB, "reading documents");
    sqlite3_bind_text(st, 1, expr->ptr, (int)expr->len, SQLITE_STATIC);
    while (j < n && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        while (j < n && mv[j].doc_id < id)
            j++;
        if (j == n || mv[j].doc_id != id)
            continue;
        const unsigned char *body = sqlite3_column_blob(st, 1);
        size_t blen = (size_t)sqlite3_column_bytes(st, 1);
        const tl_doc *d = tl_doc_of(ctx, id);
        for (; j < n && mv[j].doc_id == id; j++) {
            /* a span outside the text (a damaged store) reads as no text */
            int inside = body && mv[j].start <= blen && mv[j].len <= blen - mv[j].start;
            mv[j].anchor = tl_anchor_of(inside ? body + mv[j].start : NULL,
                                        inside ? mv[j].len : 0, mv[j].key,
                                        d ? d->pub : NO_DATE);
            mv[j].boundary = inside && tl_boundary_of(&ctx->boundary_words, body, mv[j].start);
        }
    }
    int rc = step == SQLITE_ROW || step == SQLITE_DONE
                 ? 0
                 : store_error(ctx->store, ANNALS_EDB, "reading documents");
    sqlite3_finalize(st);
    return rc;
}

/* Every day and month named in a matching document (expr: the JSON list of their ids), in
 * one query, each day with the anchor class of its text; then the matching sentences' own
 * day mentions are threaded into ctx->keys (both lists are in sentence-id order). */
static int load_mentions(tl_ctx *ctx, const buf *expr)
{
    static const char *sql =
        "SELECT doc_id, sentence_id, date, granularity = 'month', start, length "
        "FROM mentions WHERE granularity IN ('day', 'month') "
        "AND date IS NOT NULL AND doc_id IN (SELECT value FROM json_each(?1))";
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(store_db(ctx->store), sql, -1, &st, NULL) != SQLITE_OK)
        return store_error(ctx->store, ANNALS_EDB, "querying the time expressions");
    sqlite3_bind_text(st, 1, expr->ptr, (int)expr->len, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t doc_id = sqlite3_column_int64(st, 0);
        const unsigned char *date = sqlite3_column_text(st, 2);
        int date_len = sqlite3_column_bytes(st, 2);
        if (sqlite3_column_int(st, 3)) {
            tl_month_mention mm = {month_index(date, date_len), doc_id};
            if (mm.month != NO_DATE && (rc = VEC_PUSH(&ctx->months, mm)) < 0)
                goto done;
            continue;
        }
        tl_mention m;
        m.doc_id = doc_id;
        m.sentence_id = sqlite3_column_int64(st, 1);
        m.key = mention_key(date, date_len);
        int64_t start = sqlite3_column_int64(st, 4), len = sqlite3_column_int64(st, 5);
        m.start = start >= 0 && start <= UINT32_MAX ? (uint32_t)start : UINT32_MAX;
        m.len = len >= 0 && len <= UINT32_MAX ? (uint32_t)len : 0;
        m.anchor = TL_ANCHOR_VAGUE;
        m.boundary = 0;
        if (m.key != NO_DATE && (rc = VEC_PUSH(&ctx->doc_mentions, m)) < 0)
            goto done;
    }
    if (step != SQLITE_DONE) {
        rc = store_error(ctx->store, ANNALS_EDB, "querying the time expressions");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = classify_mentions(ctx, expr)) < 0)
        goto done;
    if (ctx->doc_mentions.len)
        qsort(ctx->doc_mentions.items, ctx->doc_mentions.len, sizeof(tl_mention),
              cmp_mention_sent);
    size_t j = 0;
    const tl_mention *mv = ctx->doc_mentions.items;
    for (size_t i = 0; i < ctx->sents.len; i++) {
        tl_sent *s = &ctx->sents.items[i];
        s->m_first = ctx->keys.len;
        while (j < ctx->doc_mentions.len && mv[j].sentence_id < s->id)
            j++;
        for (; j < ctx->doc_mentions.len && mv[j].sentence_id == s->id; j++) {
            uint8_t a = (uint8_t)mv[j].anchor, b = (uint8_t)mv[j].boundary;
            if ((rc = VEC_PUSH(&ctx->keys, mv[j].key)) < 0 ||
                (rc = VEC_PUSH(&ctx->anchors, a)) < 0 || (rc = VEC_PUSH(&ctx->bounds, b)) < 0)
                goto done;
        }
        s->m_count = ctx->keys.len - s->m_first;
    }
done:
    sqlite3_finalize(st);
    return rc;
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
    const char *sql =
        "SELECT f.rowid, annals_bm25(sentence_fts, s.n_terms), s.doc_id, s.idx "
        "FROM sentence_fts f "
        "JOIN sentences s ON s.id = f.rowid WHERE sentence_fts MATCH ?1 ORDER BY f.rowid";
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
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
        s.rel = -sqlite3_column_double(st, 1); /* BM25 is lower-is-better */
        s.doc_id = sqlite3_column_int64(st, 2);
        s.idx = sqlite3_column_int(st, 3);
        if ((rc = add_doc(ctx, s.doc_id)) < 0)
            goto done;
        if (s.rel > best)
            best = s.rel;
        if ((rc = VEC_PUSH(&ctx->sents, s)) < 0)
            goto done;
    }
    if (step != SQLITE_DONE) {
        rc = store_error(ctx->store, ANNALS_EDB, "querying the index");
        goto done;
    }
    sqlite3_finalize(st); /* it binds expr */
    st = NULL;
    buf_free(&expr);
    if ((rc = load_docs(ctx, &expr)) < 0)
        goto done;
    for (size_t i = 0; i < ctx->sents.len; i++) {
        tl_sent *s = &ctx->sents.items[i];
        s->rel = best > 0 ? s->rel / best : 1.0;
        s->pub = tl_doc_of(ctx, s->doc_id)->pub;
    }
    rc = load_mentions(ctx, &expr);
done:
    sqlite3_finalize(st);
    buf_free(&expr);
    return rc;
}

int tl_sentence_texts(tl_ctx *ctx, const int64_t *ids, size_t n, char **texts,
                      annals_span *spans)
{
    static const char *sql = "SELECT s.id, substr(CAST(d.body AS BLOB), s.start + 1, s.length), "
                             "s.start, s.length FROM sentences s JOIN documents d ON "
                             "d.id = s.doc_id WHERE s.id IN (SELECT value FROM json_each(?1))";
    for (size_t i = 0; i < n; i++)
        texts[i] = NULL;
    if (n == 0)
        return 0;
    buf list = BUF_INIT;
    hmap where;
    hmap_init(&where);
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    buf_putc(&list, '[');
    for (size_t i = 0; i < n; i++) {
        buf_printf(&list, i ? ",%lld" : "%lld", (long long)ids[i]);
        if (hmap_put(&where, &ids[i], sizeof(ids[i]), i) < 0) {
            rc = ANNALS_ENOMEM;
            goto done;
        }
    }
    buf_putc(&list, ']');
    if (!buf_cstr(&list)) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    if (sqlite3_prepare_v2(store_db(ctx->store), sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_error(ctx->store, ANNALS_EDB, "reading sentences");
        goto done;
    }
    sqlite3_bind_text(st, 1, list.ptr, (int)list.len, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        uint64_t *slot = hmap_get(&where, &id, sizeof(id));
        if (!slot)
            continue;
        const void *p = sqlite3_column_blob(st, 1);
        int len = sqlite3_column_bytes(st, 1);
        texts[*slot] = arena_strndup(ctx->mem, p ? p : "", (size_t)len);
        if (!texts[*slot]) {
            rc = ANNALS_ENOMEM;
            goto done;
        }
        spans[*slot].off = (uint32_t)sqlite3_column_int64(st, 2);
        spans[*slot].len = (uint32_t)sqlite3_column_int64(st, 3);
    }
    if (step != SQLITE_DONE)
        rc = store_error(ctx->store, ANNALS_EDB, "reading sentences");
done:
    sqlite3_finalize(st);
    hmap_free(&where);
    buf_free(&list);
    return rc;
}
