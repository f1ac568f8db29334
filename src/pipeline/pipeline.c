/*
 * pipeline.c - ingest: files -> readers -> normalize -> split -> tag -> store.
 *
 * Documents are written in batches (ANNALS_INGEST_OPTIONS_INIT: 500 documents or 8 MiB of
 * text), one SQLite transaction each, so a killed process leaves whole documents only and
 * the next run finds the committed ones unchanged and completes the rest. Identity: a
 * document's key is its source (resolved file path; path#id for Reuters stories; id:<id>
 * for JSON objects that carry an id; path#L<line> for those that do not; stdin:<hash> for
 * standard input), its hash covers date, title and normalized text.
 */
/* realpath() is an XSI function. */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipeline.h"

#define MAX_FILE_BYTES ((size_t)1 << 30)
#define MAX_DEPTH 64

struct annals_ingest {
    annals_store *store;
    annals_text *text;
    annals_tagger *tagger;
    annals_ingest_options opts;
    annals_ingest_counts counts;
    char errmsg[256];
    size_t batch_docs;
    size_t batch_bytes;
    /* the file being read */
    const char *path;   /* as given, for messages */
    const char *key;    /* resolved path: the key base */
    annals_date dir_date;
    int stdin_input;
    buf keybuf;
    buf hashbuf;
};

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

static void problem(annals_ingest *ing, long line, const char *reason)
{
    ing->counts.skipped++;
    if (ing->opts.on_problem)
        ing->opts.on_problem(ing->opts.ctx, ing->path, line, reason);
}

static void reader_problem(void *ctx, long line, const char *reason)
{
    problem(ctx, line, reason);
}

int annals_ingest_open(annals_ingest **out, annals_store *store,
                       const annals_ingest_options *opts)
{
    annals_ingest_options defaults = ANNALS_INGEST_OPTIONS_INIT;
    *out = NULL;
    annals_ingest *ing = calloc(1, sizeof(*ing));
    if (!ing)
        return ANNALS_ENOMEM;
    ing->store = store;
    ing->opts = opts ? *opts : defaults;
    if (ing->opts.batch_docs == 0)
        ing->opts.batch_docs = defaults.batch_docs;
    if (ing->opts.batch_bytes == 0)
        ing->opts.batch_bytes = defaults.batch_bytes;
    if (ing->opts.max_doc_bytes == 0)
        ing->opts.max_doc_bytes = defaults.max_doc_bytes;
    int rc = annals_text_open(&ing->text, store->lang);
    if (rc == 0)
        rc = annals_tagger_open(&ing->tagger, NULL);
    if (rc < 0) {
        annals_ingest_close(ing);
        return rc;
    }
    *out = ing;
    return 0;
}

void annals_ingest_close(annals_ingest *ing)
{
    if (!ing)
        return;
    if (ing->store && ing->store->in_txn)
        store_rollback(ing->store);
    annals_text_close(ing->text);
    annals_tagger_close(ing->tagger);
    buf_free(&ing->keybuf);
    buf_free(&ing->hashbuf);
    free(ing);
}

const char *annals_ingest_errmsg(const annals_ingest *ing)
{
    return ing->errmsg;
}

void annals_ingest_counts_get(const annals_ingest *ing, annals_ingest_counts *out)
{
    *out = ing->counts;
}

static int fail_store(annals_ingest *ing, int rc)
{
    snprintf(ing->errmsg, sizeof(ing->errmsg), "%s", annals_store_errmsg(ing->store));
    if (ing->store->in_txn)
        store_rollback(ing->store);
    return rc;
}

static int commit_batch(annals_ingest *ing)
{
    if (ing->store->in_txn) {
        int rc = store_commit(ing->store);
        if (rc < 0)
            return fail_store(ing, rc);
    }
    ing->batch_docs = ing->batch_bytes = 0;
    if (ing->opts.on_progress)
        ing->opts.on_progress(ing->opts.ctx, &ing->counts);
    return 0;
}

int annals_ingest_finish(annals_ingest *ing)
{
    return commit_batch(ing);
}

/* The sentence containing byte off, by binary search (the last one starting at or before
 * off when off falls between sentences). */
static size_t sentence_of(const annals_span *s, size_t n, uint32_t off)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int store_analyzed(annals_ingest *ing, int64_t doc_id, const char *body, size_t len,
                          const annals_date *pub)
{
    const annals_span *sents;
    size_t nsent;
    int rc = annals_text_sentences(ing->text, body, len, &sents, &nsent);
    if (rc < 0)
        return rc;
    /* sentence ids are consecutive within a document: keep the first and count */
    int64_t first_id = 0;
    for (size_t i = 0; i < nsent; i++) {
        int64_t sid;
        if ((rc = store_insert_sentence(ing->store, doc_id, (int)i, sents[i], body, &sid)) < 0)
            return fail_store(ing, rc);
        if (i == 0)
            first_id = sid;
    }
    ing->counts.sentences += (int64_t)nsent;
    if (nsent == 0)
        return 0;
    const annals_timex *tx;
    size_t ntx;
    if ((rc = annals_tagger_tag(ing->tagger, body, len, pub, &tx, &ntx)) < 0) {
        snprintf(ing->errmsg, sizeof(ing->errmsg), "tagger: %s",
                 annals_tagger_errmsg(ing->tagger));
        return rc;
    }
    for (size_t i = 0; i < ntx; i++) {
        if ((size_t)tx[i].span.off + tx[i].span.len > len)
            continue; /* a tagger bug must not corrupt the store */
        size_t si = sentence_of(sents, nsent, tx[i].span.off);
        if ((rc = store_insert_mention(ing->store, doc_id, first_id + (int64_t)si, &tx[i])) < 0)
            return fail_store(ing, rc);
    }
    ing->counts.mentions += (int64_t)ntx;
    return 0;
}

static int set_key(annals_ingest *ing, const raw_doc *d, const char *hash)
{
    buf_clear(&ing->keybuf);
    if (ing->stdin_input)
        return buf_printf(&ing->keybuf, "stdin:%s", hash);
    if (d->id && d->id_len && d->id_is_local && ing->key)
        return buf_printf(&ing->keybuf, "%s#%.*s", ing->key, (int)d->id_len, d->id);
    if (d->id && d->id_len)
        return buf_printf(&ing->keybuf, "id:%.*s", (int)d->id_len, d->id);
    if (d->line > 0)
        return buf_printf(&ing->keybuf, "%s#L%ld", ing->key, d->line);
    return buf_puts(&ing->keybuf, ing->key);
}

static char *normalize_opt(const char *s, size_t n)
{
    if (!s || n == 0)
        return NULL;
    char *out = NULL;
    size_t len;
    if (annals_text_normalize(s, n, &out, &len, NULL) < 0)
        return NULL;
    /* metadata is one line */
    for (size_t i = 0; i < len; i++)
        if (out[i] == '\n' || out[i] == '\t')
            out[i] = ' ';
    return out;
}

static int on_doc(void *ctx, const raw_doc *d)
{
    annals_ingest *ing = ctx;
    char why[160];
    size_t nonspace = 0;
    for (size_t i = 0; i < d->len && !nonspace; i++)
        nonspace = !ascii_isspace((unsigned char)d->text[i]);
    if (!nonspace) {
        problem(ing, d->line, "empty document");
        return 0;
    }
    if (d->len > ing->opts.max_doc_bytes) {
        snprintf(why, sizeof(why), "document of %.1f MiB is larger than the %.1f MiB limit",
                 d->len / 1048576.0, ing->opts.max_doc_bytes / 1048576.0);
        problem(ing, d->line, why);
        return 0;
    }
    annals_date pub = d->pub.year ? d->pub : ing->dir_date;
    char *body = NULL, *title = NULL, *url = NULL, *source = NULL;
    size_t blen, invalid = 0;
    int rc = annals_text_normalize(d->text, d->len, &body, &blen, &invalid);
    if (rc < 0)
        goto done;
    title = normalize_opt(d->title, d->title_len);
    url = normalize_opt(d->url, d->url_len);
    source = normalize_opt(d->source, d->source_len);

    char datebuf[11] = "";
    if (pub.year)
        annals_date_format(pub, datebuf);
    buf_clear(&ing->hashbuf);
    if (buf_puts(&ing->hashbuf, datebuf) < 0 || buf_putc(&ing->hashbuf, '\0') < 0 ||
        (title && buf_puts(&ing->hashbuf, title) < 0) || buf_putc(&ing->hashbuf, '\0') < 0 ||
        buf_append(&ing->hashbuf, body, blen) < 0) {
        rc = ANNALS_ENOMEM;
        goto done;
    }
    char hash[33];
    hash128_hex(ing->hashbuf.ptr, ing->hashbuf.len, hash);
    if ((rc = set_key(ing, d, hash)) < 0)
        goto done;

    if (!ing->store->in_txn && (rc = store_begin(ing->store)) < 0) {
        rc = fail_store(ing, rc);
        goto done;
    }
    store_lookup found;
    int64_t old_id = 0, doc_id;
    if ((rc = store_lookup_doc(ing->store, ing->keybuf.ptr, hash, &old_id, &found)) < 0) {
        rc = fail_store(ing, rc);
        goto done;
    }
    if (found == STORE_UNCHANGED) {
        ing->counts.unchanged++;
        goto done;
    }
    if (found == STORE_CHANGED && (rc = store_delete_doc(ing->store, old_id)) < 0) {
        rc = fail_store(ing, rc);
        goto done;
    }
    /* where the document came from: the file, or file:line for line-based records */
    buf_clear(&ing->hashbuf);
    const char *where = NULL;
    if (!ing->stdin_input && ing->path) {
        if (d->line > 0 ? buf_printf(&ing->hashbuf, "%s:%ld", ing->path, d->line) < 0
                        : buf_puts(&ing->hashbuf, ing->path) < 0) {
            rc = ANNALS_ENOMEM;
            goto done;
        }
        where = ing->hashbuf.ptr;
    }
    store_doc sd = {ing->keybuf.ptr, hash, where, title, url, source,
                    pub, body, blen, invalid};
    if ((rc = store_insert_doc(ing->store, &sd, &doc_id)) < 0) {
        rc = fail_store(ing, rc);
        goto done;
    }
    if ((rc = store_analyzed(ing, doc_id, body, blen, pub.year ? &pub : NULL)) < 0)
        goto done;
    if (found == STORE_CHANGED)
        ing->counts.replaced++;
    else
        ing->counts.ingested++;
    ing->counts.undated += pub.year == 0;
    ing->counts.invalid_utf8 += (int64_t)invalid;
    ing->batch_docs++;
    ing->batch_bytes += blen;
    if (ing->batch_docs >= ing->opts.batch_docs || ing->batch_bytes >= ing->opts.batch_bytes)
        rc = commit_batch(ing);
done:
    free(body);
    free(title);
    free(url);
    free(source);
    if (rc == ANNALS_ENOMEM && !ing->errmsg[0])
        snprintf(ing->errmsg, sizeof(ing->errmsg), "out of memory");
    return rc;
}

static int ingest_data(annals_ingest *ing, const char *name, const char *data, size_t len)
{
    ing->counts.files++;
    ing->counts.bytes += (int64_t)len;
    if (len == 0) {
        problem(ing, 0, "empty file");
        return 0;
    }
    if (ingest_is_binary(data, len)) {
        problem(ing, 0, "binary file (not text)");
        return 0;
    }
    reader_sink sink = {ing, on_doc, reader_problem};
    switch (ingest_detect_format(name, data, len)) {
    case FORMAT_JSONL:
        return ingest_read_jsonl(data, len, &sink);
    case FORMAT_REUTERS:
        return ingest_read_reuters(data, len, &sink);
    case FORMAT_TEXT:
    default:
        if (ing->stdin_input) {
            size_t i = 0;
            while (i < len && ascii_isspace((unsigned char)data[i]))
                i++;
            if (i < len && data[i] == '{')
                return ingest_read_jsonl(data, len, &sink);
        }
        return ingest_read_text(data, len, &sink);
    }
}

static int ingest_file(annals_ingest *ing, const char *path, const struct stat *st)
{
    char why[200];
    ing->path = path;
    if ((size_t)st->st_size > MAX_FILE_BYTES) {
        ing->counts.files++;
        snprintf(why, sizeof(why), "file of %lld bytes is larger than the 1 GiB limit",
                 (long long)st->st_size);
        problem(ing, 0, why);
        return 0;
    }
    char *data;
    size_t len;
    int rc = read_file(path, &data, &len);
    if (rc < 0) {
        ing->counts.files++;
        snprintf(why, sizeof(why), "cannot read: %s", strerror(errno));
        problem(ing, 0, rc == ANNALS_ENOMEM ? "out of memory reading the file" : why);
        return rc == ANNALS_ENOMEM ? rc : 0;
    }
    char resolved[PATH_MAX];
    ing->key = realpath(path, resolved) ? resolved : path;
    ing->dir_date = pipeline_date_from_path(ing->key);
    rc = ingest_data(ing, path, data, len);
    free(data);
    ing->key = NULL;
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ingest_tree(annals_ingest *ing, const char *path, int depth)
{
    struct stat st;
    char why[200];
    if (stat(path, &st) < 0) {
        ing->path = path;
        snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
        problem(ing, 0, why);
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (!S_ISREG(st.st_mode)) {
            ing->path = path;
            problem(ing, 0, "not a regular file");
            return 0;
        }
        return ingest_file(ing, path, &st);
    }
    if (depth > MAX_DEPTH) {
        ing->path = path;
        problem(ing, 0, "directories nested too deeply (a link loop?)");
        return 0;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        ing->path = path;
        snprintf(why, sizeof(why), "cannot open directory: %s", strerror(errno));
        problem(ing, 0, why);
        return 0;
    }
    VEC(char *) names = VEC_INIT;
    struct dirent *e;
    int rc = 0;
    size_t plen = strlen(path);
    while (plen > 1 && path[plen - 1] == '/')
        plen--;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files */
        size_t n = plen + strlen(e->d_name) + 2;
        char *full = malloc(n);
        if (!full || VEC_PUSH(&names, full) < 0) {
            free(full);
            rc = ANNALS_ENOMEM;
            break;
        }
        snprintf(full, n, "%.*s/%s", (int)plen, path, e->d_name);
    }
    closedir(dir);
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), cmp_names);
    for (size_t i = 0; i < names.len; i++) {
        if (rc == 0)
            rc = ingest_tree(ing, names.items[i], depth + 1);
        free(names.items[i]);
    }
    VEC_FREE(&names);
    return rc;
}

int annals_ingest_path(annals_ingest *ing, const char *path)
{
    if (strcmp(path, "-") == 0) {
        buf b = BUF_INIT;
        char chunk[65536];
        size_t n;
        int rc = 0;
        while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
            if ((rc = buf_append(&b, chunk, n)) < 0)
                break;
        ing->path = "-";
        ing->stdin_input = 1;
        memset(&ing->dir_date, 0, sizeof(ing->dir_date));
        if (rc == 0)
            rc = ingest_data(ing, "-", b.ptr ? b.ptr : "", b.len);
        ing->stdin_input = 0;
        buf_free(&b);
        return rc;
    }
    return ingest_tree(ing, path, 0);
}

int annals_ingest_buffer(annals_ingest *ing, const char *key, const char *data, size_t len,
                         const annals_date *pub)
{
    ing->path = key;
    ing->key = key;
    memset(&ing->dir_date, 0, sizeof(ing->dir_date));
    if (pub)
        ing->dir_date = *pub;
    reader_sink sink = {ing, on_doc, reader_problem};
    int rc = ingest_read_text(data, len, &sink);
    ing->key = NULL;
    return rc;
}

int64_t annals_path_bytes(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode) ? (int64_t)st.st_size : 0;
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
            total += annals_path_bytes(full);
    }
    closedir(dir);
    return total;
}
