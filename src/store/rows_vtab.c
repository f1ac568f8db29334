/*
 * rows_vtab.c - annals_rows(), a table-valued function over rows held in memory, so that the
 * writer stores all sentences (or all time expressions) of a document with one INSERT ...
 * SELECT instead of one INSERT per row.
 *
 * Representation: the statement binds a store_rows (store.h) with sqlite3_bind_pointer()
 * under the type "annals_rows"; the table's columns c0 .. c8 are whatever its column()
 * callback gives for (row, column). The module is eponymous-only: it cannot be created as a
 * table, and without the pointer it has no rows. Per row an INSERT costs SQLite a statement
 * start, a cursor open and a halt; here one statement carries a whole document's rows.
 * See https://sqlite.org/vtab.html#tabfunc2 and https://sqlite.org/bindptr.html.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define ROWS_COLUMNS 9
#define COL_SRC ROWS_COLUMNS /* the hidden argument column */

typedef struct rows_cursor {
    sqlite3_vtab_cursor base;
    const store_rows *rows;
    size_t row;
} rows_cursor;

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **err)
{
    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, c8, "
                                      "src HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_vtab *vt = sqlite3_malloc(sizeof(*vt));
    if (!vt)
        return SQLITE_NOMEM;
    memset(vt, 0, sizeof(*vt));
    *out = vt;
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

static int rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    (void)vt;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == COL_SRC && c->op == SQLITE_INDEX_CONSTRAINT_EQ && c->usable) {
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 1;
            info->estimatedRows = 100;
            info->idxNum = 1;
            return SQLITE_OK;
        }
    }
    /* no source: no rows, but a plan that nobody should choose */
    info->estimatedCost = 1e99;
    info->idxNum = 0;
    return SQLITE_OK;
}

static int rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    rows_cursor *c = sqlite3_malloc(sizeof(*c));
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *out = &c->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx_num, const char *idx_str, int argc,
                       sqlite3_value **argv)
{
    (void)idx_str;
    rows_cursor *c = (rows_cursor *)cur;
    c->rows = idx_num == 1 && argc == 1 ? sqlite3_value_pointer(argv[0], "annals_rows") : NULL;
    c->row = 0;
    return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
    ((rows_cursor *)cur)->row++;
    return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
    const rows_cursor *c = (const rows_cursor *)cur;
    return !c->rows || c->row >= c->rows->n;
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    const rows_cursor *c = (const rows_cursor *)cur;
    if (col >= ROWS_COLUMNS || col >= c->rows->ncol)
        sqlite3_result_null(ctx);
    else
        c->rows->column(c->rows->data, c->row, col, ctx);
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out)
{
    *out = (sqlite3_int64)((const rows_cursor *)cur)->row;
    return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous-only */
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xDestroy = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

int store_register_rows(sqlite3 *db)
{
    return sqlite3_create_module_v2(db, "annals_rows", &rows_module, NULL, NULL) == SQLITE_OK
               ? 0
               : ANNALS_EDB;
}
