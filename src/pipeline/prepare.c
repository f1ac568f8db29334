/*
 * prepare.c - the reader side of ingest: files -> readers -> analyzed items.
 *
 * For each document: normalize (UTF-8 repair, NFC), hash (date, title, text), key (see
 * pipeline.c), and unless the store already holds that hash, split into sentences and tag
 * time expressions against the publication date. Everything an item needs is copied into
 * its own arena, so the writer side can store it after the reader has moved on.
 */
/* realpath() is an XSI function; d_type and DT_* of readdir() are in the default set. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline.h"

#define MAX_FILE_BYTES ((size_t)1 << 30)
#define MAX_DEPTH 64

annals_date pipeline_date_from_path(const char *path)
{
    annals_date d = {0, 0, 0};
    const char *end = strrchr(path, '/');
    while (end && end > path) {
        const char *start = end;
        while (start > path && start[-1] != '/')
            start--;
        if (end - start == 10 && annals_date_parse_iso(&d, start, 10) == 0)
            return d;
        end = start > path ? start - 1 : NULL;
    }
    memset(&d, 0, sizeof(d));
    return d;
}

int reader_open(reader_side *r, annals_store *store, size_t max_doc_bytes)
{
    memset(r, 0, sizeof(*r));
    r->max_doc_bytes = max_doc_bytes;
    int rc = annals_text_open(&r->text, store->lang);
    if (rc == 0)
        rc = annals_tagger_open(&r->tagger, NULL);
    if (rc < 0)
        return rc;
    /* A second, read-only connection lets the reader skip the analysis of documents the
     * store already holds. Stores without a file (":memory:") go without. */
    const char *file = sqlite3_db_filename(store_db(store), "main");
    if (file && *file &&
        sqlite3_open_v2(file, &r->ro, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) ==
            SQLITE_OK &&
        sqlite3_prepare_v2(r->ro, "SELECT 1 FROM documents WHERE hash = ?1 LIMIT 1", -1,
                           &r->ro_hash, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(r->ro, 10000);
    } else {
        sqlite3_close(r->ro);
        r->ro = NULL;
    }
    return 0;
}

void reader_close(reader_side *r)
{
    annals_text_close(r->text);
    annals_tagger_close(r->tagger);
    sqlite3_finalize(r->ro_hash);
    sqlite3_close(r->ro);
    buf_free(&r->scratch);
    VEC_FREE(&r->terms);
    buf_free(&r->term_chars);
    buf_free(&r->dir_in);
    buf_free(&r->dir_resolved);
    memset(r, 0, sizeof(*r));
}

static int emit(reader_side *r, item *it)
{
    if (r->abort && atomic_load(r->abort)) {
        item_free(it);
        return ANNALS_EIO;
    }
    return r->emit(r->emit_ctx, it);
}

static int emit_problem(reader_side *r, long line, const char *reason)
{
    item *it = item_new(ITEM_PROBLEM);
    if (!it)
        return ANNALS_ENOMEM;
    const char *path = r->path ? r->path : "-";
    it->path = arena_strndup(&it->mem, path, strlen(path));
    it->reason = arena_strndup(&it->mem, reason, strlen(reason));
    it->line = line;
    if (!it->path || !it->reason) {
        item_free(it);
        return ANNALS_ENOMEM;
    }
    return emit(r, it);
}

static void reader_problem(void *ctx, long line, const char *reason)
{
    emit_problem(ctx, line, reason);
}

static const char *arena_dup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Normalized one-line metadata in the item's arena, or NULL. */
static const char *meta(arena *a, const char *s, size_t n)
{
    if (!s || n == 0)
        return NULL;
    char *out = NULL;
    size_t len;
    if (annals_text_normalize(s, n, &out, &len, NULL) < 0)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (out[i] == '\n' || out[i] == '\t')
            out[i] = ' ';
    char *copy = arena_strndup(a, out, len);
    free(out);
    return copy;
}

static int make_key(reader_side *r, const raw_doc *d, const char *hash, buf *b)
{
    buf_clear(b);
    if (r->stdin_input)
        return buf_printf(b, "stdin:%s", hash);
    if (d->id && d->id_len && d->id_is_local && r->key)
        return buf_printf(b, "%s#%.*s", r->key, (int)d->id_len, d->id);
    if (d->id && d->id_len)
        return buf_printf(b, "id:%.*s", (int)d->id_len, d->id);
    if (d->line > 0)
        return buf_printf(b, "%s#L%ld", r->key, d->line);
    return buf_puts(b, r->key);
}

static int known_hash(reader_side *r, const char *hash)
{
    if (!r->ro_hash)
        return 0;
    sqlite3_bind_text(r->ro_hash, 1, hash, -1, SQLITE_STATIC);
    int found = sqlite3_step(r->ro_hash) == SQLITE_ROW;
    sqlite3_reset(r->ro_hash);
    return found;
}

/* The sentence containing byte off (the last one starting at or before it). */
static uint32_t sentence_of(const annals_span *s, size_t n, uint32_t off)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* The index terms of every sentence of it, made here so the store's writer does not have
 * to analyze the text again (store_insert_sentence). Stop words are left out, as the FTS5
 * tokenizer would. */
static int index_terms(reader_side *r, item *it)
{
    r->terms.len = 0;
    buf_clear(&r->term_chars);
    uint32_t *runs = arena_alloc(&it->mem, (it->n_sents + 1) * sizeof(*runs));
    int rc = runs ? 0 : ANNALS_ENOMEM;
    for (size_t i = 0; rc == 0 && i < it->n_sents; i++) {
        runs[i] = (uint32_t)r->terms.len;
        rc = text_index_terms(r->text, it->body + it->sents[i].off, it->sents[i].len, &r->terms,
                              &r->term_chars);
    }
    annals_token *terms = NULL;
    char *chars = NULL;
    if (rc == 0) {
        runs[it->n_sents] = (uint32_t)r->terms.len;
        terms = arena_alloc(&it->mem, (r->terms.len ? r->terms.len : 1) * sizeof(*terms));
        chars = arena_alloc(&it->mem, r->term_chars.len ? r->term_chars.len : 1);
        if (!terms || !chars)
            rc = ANNALS_ENOMEM;
    }
    if (rc == 0) {
        memcpy(chars, r->term_chars.ptr, r->term_chars.len);
        for (size_t i = 0; i < r->terms.len; i++) {
            terms[i] = r->terms.items[i];
            terms[i].term = chars + (uintptr_t)r->terms.items[i].term;
        }
        it->terms = terms;
        it->sent_terms = runs;
        it->weight += r->terms.len * sizeof(*terms) + r->term_chars.len;
    }
    return rc;
}

static int analyze(reader_side *r, item *it, const annals_date *pub)
{
    const annals_span *sents;
    size_t n;
    int rc = annals_text_sentences(r->text, it->body, it->body_len, &sents, &n);
    if (rc < 0)
        return rc;
    annals_span *s = arena_alloc(&it->mem, (n ? n : 1) * sizeof(*s));
    if (!s)
        return ANNALS_ENOMEM;
    memcpy(s, sents, n * sizeof(*s));
    it->sents = s;
    it->n_sents = n;
    if (n == 0)
        return 0;
    if ((rc = index_terms(r, it)) < 0)
        return rc;
    const annals_timex *tx;
    size_t ntx;
    if ((rc = annals_tagger_tag(r->tagger, it->body, it->body_len, pub, &tx, &ntx)) < 0)
        return rc;
    annals_timex *txc = arena_alloc(&it->mem, (ntx ? ntx : 1) * sizeof(*txc));
    uint32_t *where = arena_alloc(&it->mem, (ntx ? ntx : 1) * sizeof(*where));
    if (!txc || !where)
        return ANNALS_ENOMEM;
    size_t kept = 0;
    for (size_t i = 0; i < ntx; i++) {
        if ((size_t)tx[i].span.off + tx[i].span.len > it->body_len)
            continue; /* a tagger bug must not corrupt the store */
        txc[kept] = tx[i];
        where[kept++] = sentence_of(s, n, tx[i].span.off);
    }
    it->tx = txc;
    it->tx_sent = where;
    it->n_tx = kept;
    it->weight += kept * sizeof(*txc) + n * sizeof(*s);
    return 0;
}

static int on_doc(void *ctx, const raw_doc *d)
{
    reader_side *r = ctx;
    char why[160];
    size_t nonspace = 0;
    for (size_t i = 0; i < d->len && !nonspace; i++)
        nonspace = !ascii_isspace((unsigned char)d->text[i]);
    if (!nonspace)
        return emit_problem(r, d->line, "empty document");
    if (d->len > r->max_doc_bytes) {
        snprintf(why, sizeof(why), "document of %.1f MiB is larger than the %.1f MiB limit",
                 d->len / 1048576.0, r->max_doc_bytes / 1048576.0);
        return emit_problem(r, d->line, why);
    }
    item *it = item_new(ITEM_DOC);
    if (!it)
        return ANNALS_ENOMEM;
    int rc = ANNALS_ENOMEM;
    it->pub = d->pub.year ? d->pub : r->dir_date;
    it->title = meta(&it->mem, d->title, d->title_len);
    it->url = meta(&it->mem, d->url, d->url_len);
    it->source = meta(&it->mem, d->source, d->source_len);

    /* The content hash covers date, title and body: the body is normalized straight after
     * the first two in the scratch buffer, and copied from there into the item. */
    char datebuf[11] = "";
    if (it->pub.year)
        annals_date_format(it->pub, datebuf);
    buf *b = &r->scratch;
    buf_clear(b);
    if (buf_puts(b, datebuf) < 0 || buf_putc(b, '\0') < 0 ||
        (it->title && buf_puts(b, it->title) < 0) || buf_putc(b, '\0') < 0)
        goto fail;
    size_t head = b->len;
    if (text_normalize_append(d->text, d->len, b, &it->n_invalid) < 0)
        goto fail;
    size_t blen = b->len - head;
    if (!(it->body = arena_strndup(&it->mem, b->ptr + head, blen)))
        goto fail;
    it->body_len = blen;
    it->weight = blen;
    hash128_hex(b->ptr, b->len, it->hash);
    if (make_key(r, d, it->hash, b) < 0 || !(it->key = arena_dup(&it->mem, b->ptr)))
        goto fail;
    /* where the document came from: the file, or file:line for line-based records */
    if (!r->stdin_input && r->path) {
        buf_clear(b);
        if ((d->line > 0 ? buf_printf(b, "%s:%ld", r->path, d->line) : buf_puts(b, r->path)) < 0 ||
            !(it->where = arena_dup(&it->mem, b->ptr)))
            goto fail;
    }
    if (known_hash(r, it->hash)) {
        it->kind = ITEM_UNCHANGED;
    } else if ((rc = analyze(r, it, it->pub.year ? &it->pub : NULL)) < 0) {
        goto fail;
    }
    return emit(r, it);
fail:
    item_free(it);
    return rc < 0 ? rc : ANNALS_ENOMEM;
}

static int read_data(reader_side *r, const char *name, const char *data, size_t len)
{
    item *f = item_new(ITEM_FILE);
    if (!f)
        return ANNALS_ENOMEM;
    f->bytes = (int64_t)len;
    int rc = emit(r, f);
    if (rc < 0)
        return rc;
    if (len == 0)
        return emit_problem(r, 0, "empty file");
    if (ingest_is_binary(data, len))
        return emit_problem(r, 0, "binary file (not text)");
    reader_sink sink = {r, on_doc, reader_problem};
    switch (ingest_detect_format(name, data, len)) {
    case FORMAT_JSONL:
        return ingest_read_jsonl(data, len, &sink);
    case FORMAT_REUTERS:
        return ingest_read_reuters(data, len, &sink);
    case FORMAT_TEXT:
    default:
        if (r->stdin_input) {
            size_t i = 0;
            while (i < len && ascii_isspace((unsigned char)data[i]))
                i++;
            if (i < len && data[i] == '{')
                return ingest_read_jsonl(data, len, &sink);
        }
        return ingest_read_text(data, len, &sink);
    }
}

/* The canonical path of file path into out (PATH_MAX bytes), as realpath() gives it, or
 * NULL. realpath() looks at every component of the path; files of one directory come one
 * after the other, so the directory is resolved once and a file that is not a link is its
 * resolved directory plus its name. */
static const char *resolve(reader_side *r, const char *path, char *out)
{
    const char *slash = strrchr(path, '/');
    struct stat lst;
    if (!slash || slash[1] == '\0' || lstat(path, &lst) < 0 || S_ISLNK(lst.st_mode))
        return realpath(path, out);
    size_t dlen = (size_t)(slash - path);
    if (!r->dir_in.ptr || r->dir_in.len != dlen || memcmp(r->dir_in.ptr, path, dlen) != 0) {
        char dir[PATH_MAX];
        buf_clear(&r->dir_in);
        buf_clear(&r->dir_resolved);
        if (dlen >= sizeof(dir))
            return realpath(path, out);
        memcpy(dir, path, dlen);
        dir[dlen] = '\0';
        char rdir[PATH_MAX];
        if (!realpath(dlen ? dir : "/", rdir) || buf_append(&r->dir_in, path, dlen) < 0 ||
            buf_append(&r->dir_resolved, rdir, strlen(rdir)) < 0) {
            buf_clear(&r->dir_in);
            return realpath(path, out);
        }
    }
    const char *dir = r->dir_resolved.ptr;
    size_t rlen = r->dir_resolved.len;
    if (rlen == 1)
        rlen = 0; /* the root: "/" + name */
    int n = snprintf(out, PATH_MAX, "%.*s/%s", (int)rlen, dir, slash + 1);
    return n > 0 && n < PATH_MAX ? out : realpath(path, out);
}

/* Reads the whole of a regular file into a NUL-terminated buffer with one open, one fstat
 * and reads until the end (O_NONBLOCK: a file that turned into a FIFO does not hang the
 * open). Returns 0, ANNALS_ENOMEM, or ANNALS_EIO with *why set. */
static int slurp(const char *path, char **out, size_t *len_out, char *why, size_t why_len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_len, "cannot read: %s", strerror(errno));
        return ANNALS_EIO;
    }
    struct stat st;
    char *data = NULL;
    int rc = ANNALS_EIO;
    if (fstat(fd, &st) < 0) {
        snprintf(why, why_len, "cannot read: %s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_len, "not a regular file");
        goto done;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0; /* + 1: the end is seen in the same read */
    if ((size_t)st.st_size > MAX_FILE_BYTES)
        goto too_large;
    if (!(data = malloc(cap + 1))) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    for (;;) {
        if (len == cap) { /* the file grew while being read */
            if (cap > MAX_FILE_BYTES)
                goto too_large;
            char *more = realloc(data, cap * 2 + 1);
            if (!more) {
                rc = ANNALS_ENOMEM;
                goto done;
            }
            data = more;
            cap *= 2;
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(why, why_len, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    data[len] = '\0';
    *out = data;
    *len_out = len;
    data = NULL;
    rc = 0;
    goto done;
too_large:
    snprintf(why, why_len, "file of %lld bytes is larger than the 1 GiB limit",
             (long long)(len > (size_t)st.st_size ? (off_t)len : st.st_size));
done:
    free(data);
    close(fd);
    return rc;
}

/* Reads one file; key is its canonical path when the caller knows it (a plain file in a
 * resolved directory), else NULL and resolve() finds it. */
static int read_one_file(reader_side *r, const char *path, const char *key)
{
    char why[200];
    r->path = path;
    char *data;
    size_t len;
    int rc = slurp(path, &data, &len, why, sizeof(why));
    if (rc < 0)
        return rc == ANNALS_ENOMEM ? rc : emit_problem(r, 0, why);
    char resolved[PATH_MAX];
    r->key = key ? key : resolve(r, path, resolved) ? resolved : path;
    r->dir_date = pipeline_date_from_path(r->key);
    rc = read_data(r, path, data, len);
    free(data);
    r->key = NULL;
    return rc;
}

/* A directory entry and what readdir() said it is. */
typedef struct dir_entry {
    char *name;
    unsigned char type; /* ENTRY_* */
} dir_entry;

enum { ENTRY_OTHER, ENTRY_DIR, ENTRY_FILE };

static int cmp_names(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static int walk(reader_side *r, const char *path, int depth);

/* The files below directory path, in name order. rpath is its canonical path, or NULL when
 * unknown (then it is resolved here, once). A child that readdir() calls a plain file or
 * directory needs no stat() and its canonical path is rpath/name; links and entries of
 * unknown type go through walk() (stat, and realpath for the key). */
static int walk_dir(reader_side *r, const char *path, const char *rpath, int depth)
{
    char why[200];
    r->path = path;
    if (depth > MAX_DEPTH)
        return emit_problem(r, 0, "directories nested too deeply (a link loop?)");
    DIR *dir = opendir(path);
    if (!dir) {
        snprintf(why, sizeof(why), "cannot open directory: %s", strerror(errno));
        return emit_problem(r, 0, why);
    }
    char rbuf[PATH_MAX];
    if (!rpath)
        rpath = realpath(path, rbuf);
    size_t plen = strlen(path), rlen = rpath ? strlen(rpath) : 0;
    while (plen > 1 && path[plen - 1] == '/')
        plen--;
    if (rlen == 1)
        rlen = 0; /* the root: "/" + name */
    VEC(dir_entry) names = VEC_INIT;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files */
        dir_entry de = {strdup(e->d_name), ENTRY_OTHER};
#ifdef DT_DIR
        de.type = e->d_type == DT_DIR ? ENTRY_DIR : e->d_type == DT_REG ? ENTRY_FILE : ENTRY_OTHER;
#endif
        if (!de.name || VEC_PUSH(&names, de) < 0) {
            free(de.name);
            rc = ANNALS_ENOMEM;
            break;
        }
    }
    closedir(dir);
    if (names.len)
        qsort(names.items, names.len, sizeof(dir_entry), cmp_names);
    buf full = BUF_INIT, rfull = BUF_INIT;
    for (size_t i = 0; i < names.len && rc == 0; i++) {
        const dir_entry *de = &names.items[i];
        buf_clear(&full);
        buf_clear(&rfull);
        if (buf_append(&full, path, plen) < 0 || buf_putc(&full, '/') < 0 ||
            buf_append(&full, de->name, strlen(de->name)) < 0 || !buf_cstr(&full)) {
            rc = ANNALS_ENOMEM;
            break;
        }
        int known = rpath && de->type != ENTRY_OTHER;
        if (known && (buf_append(&rfull, rpath, rlen) < 0 || buf_putc(&rfull, '/') < 0 ||
                      buf_append(&rfull, de->name, strlen(de->name)) < 0 || !buf_cstr(&rfull))) {
            rc = ANNALS_ENOMEM;
            break;
        }
        if (known && rfull.len >= PATH_MAX)
            known = 0;
        if (!known)
            rc = walk(r, full.ptr, depth + 1);
        else if (de->type == ENTRY_DIR)
            rc = walk_dir(r, full.ptr, rfull.ptr, depth + 1);
        else
            rc = read_one_file(r, full.ptr, rfull.ptr);
    }
    buf_free(&full);
    buf_free(&rfull);
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i].name);
    VEC_FREE(&names);
    return rc;
}

static int walk(reader_side *r, const char *path, int depth)
{
    struct stat st;
    char why[200];
    r->path = path;
    if (stat(path, &st) < 0) {
        snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
        return emit_problem(r, 0, why);
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(r, path, NULL, depth);
    if (!S_ISREG(st.st_mode))
        return emit_problem(r, 0, "not a regular file");
    return read_one_file(r, path, NULL);
}

int reader_walk(reader_side *r, const char *path)
{
    if (strcmp(path, "-") != 0)
        return walk(r, path, 0);
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
        if ((rc = buf_append(&b, chunk, n)) < 0)
            break;
    r->path = "-";
    r->stdin_input = 1;
    memset(&r->dir_date, 0, sizeof(r->dir_date));
    if (rc == 0)
        rc = read_data(r, "-", b.ptr ? b.ptr : "", b.len);
    r->stdin_input = 0;
    buf_free(&b);
    return rc;
}

int reader_buffer(reader_side *r, const char *key, const char *data, size_t len,
                  const annals_date *pub)
{
    r->path = key;
    r->key = key;
    memset(&r->dir_date, 0, sizeof(r->dir_date));
    if (pub)
        r->dir_date = *pub;
    reader_sink sink = {r, on_doc, reader_problem};
    int rc = ingest_read_text(data, len, &sink);
    r->key = NULL;
    return rc;
}

static int64_t path_bytes(const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode) ? (int64_t)st.st_size : 0;
    if (depth > MAX_DEPTH)
        return 0; /* a link loop: walk() reports it */
    DIR *dir = opendir(path);
    if (!dir)
        return 0;
    int64_t total = 0;
    struct dirent *e;
    char full[PATH_MAX];
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(full, sizeof(full), "%s/%s", path, e->d_name) < sizeof(full))
            total += path_bytes(full, depth + 1);
    }
    closedir(dir);
    return total;
}

int64_t annals_path_bytes(const char *path)
{
    return strcmp(path, "-") == 0 ? 0 : path_bytes(path, 0);
}
