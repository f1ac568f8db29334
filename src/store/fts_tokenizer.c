/*
 * fts_tokenizer.c - the "annals" FTS5 tokenizer: the engine's own tokens, case folding,
 * Snowball stemming and stop words, so that the index and the engine agree on terms.
 *
 * See https://sqlite.org/fts5.html#custom_tokenizers. One analyzer per tokenizer
 * instance; SQLite creates an instance per FTS table per connection.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text/text.h"

typedef struct tok_instance {
    annals_text *text;
} tok_instance;

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    tok_instance *ti = calloc(1, sizeof(*ti));
    if (!ti)
        return SQLITE_NOMEM;
    if (annals_text_open(&ti->text, (const char *)ctx) < 0) {
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
    (void)flags;
    tok_instance *ti = (tok_instance *)p;
    const annals_token *tok;
    size_t ntok;
    if (n <= 0)
        return SQLITE_OK;
    if (annals_text_tokens(ti->text, text, (size_t)n, &tok, &ntok) < 0)
        return SQLITE_NOMEM;
    for (size_t i = 0; i < ntok; i++) {
        if (tok[i].stop)
            continue;
        int rc = emit(ctx, 0, tok[i].term, (int)tok[i].term_len, (int)tok[i].span.off,
                      (int)(tok[i].span.off + tok[i].span.len));
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

static fts5_api *get_fts5_api(sqlite3 *db)
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

int store_register_tokenizer(sqlite3 *db, const char *lang)
{
    fts5_api *api = get_fts5_api(db);
    if (!api)
        return ANNALS_EDB;
    fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
    /* lang points into the store handle, which outlives the connection's tokenizers. */
    if (api->xCreateTokenizer(api, "annals", (void *)lang, &tk, NULL) != SQLITE_OK)
        return ANNALS_EDB;
    return 0;
}
