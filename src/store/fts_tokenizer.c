/*
 * fts_tokenizer.c - the "annals" FTS5 tokenizer: the engine's own tokens, case folding,
 * Snowball stemming and stop words, so that the index and the engine agree on terms.
 *
 * See https://sqlite.org/fts5.html#custom_tokenizers. One analyzer per tokenizer
 * instance; SQLite creates an instance per FTS table per connection. When the writer has
 * the terms of the sentence being indexed already (store_insert_sentence), the instance
 * emits those instead of analyzing the text a second time; the text must be the same bytes,
 * which is checked, so a stale hand-over can only cost time, never index wrong terms.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text/text.h"

typedef struct tok_instance {
    annals_text *text;
    store_tok_ctx *ctx;
} tok_instance;

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    tok_instance *ti = calloc(1, sizeof(*ti));
    if (!ti)
        return SQLITE_NOMEM;
    ti->ctx = ctx;
    if (annals_text_open(&ti->text, ti->ctx->lang) < 0) {
        free(ti);
        return SQLITE_ERROR;
    }
    *out = (Fts5Tokenizer *)ti;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
    tok_instance *ti = (tok_instance *)p;
    if (!ti)
        return;
    annals_text_close(ti->text);
    free(ti);
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        int (*emit)(void *, int, const char *, int, int, int))
{
    tok_instance *ti = (tok_instance *)p;
    store_tok_ctx *c = ti->ctx;
    const annals_token *tok;
    size_t ntok;
    if (n <= 0)
        return SQLITE_OK;
    int document = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
    if (document && c->pending_text && c->pending_len == (size_t)n &&
        memcmp(c->pending_text, text, (size_t)n) == 0) {
        tok = c->pending;
        ntok = c->n_pending;
    } else if (annals_text_tokens(ti->text, text, (size_t)n, &tok, &ntok) < 0) {
        return SQLITE_NOMEM;
    }
    for (size_t i = 0; i < ntok; i++) {
        if (tok[i].stop)
            continue;
        int rc = emit(ctx, 0, tok[i].term, (int)tok[i].term_len, (int)tok[i].span.off,
                      (int)(tok[i].span.off + tok[i].span.len));
        if (rc != SQLITE_OK)
            return rc;
        c->last_terms += (size_t)document;
    }
    return SQLITE_OK;
}

fts5_api *store_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int store_register_tokenizer(sqlite3 *db, store_tok_ctx *ctx)
{
    fts5_api *api = store_fts5_api(db);
    if (!api)
        return ANNALS_EDB;
    fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
    /* ctx lives in the store handle, which outlives the connection's tokenizers. */
    if (api->xCreateTokenizer(api, "annals", ctx, &tk, NULL) != SQLITE_OK)
        return ANNALS_EDB;
    return 0;
}
