/*
 * cmd_ingest.c - `annals ingest [--store FILE] [--quiet] PATH...`
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

enum { OPT_STORE = 's', OPT_QUIET = 'q', OPT_HELP = 'h', OPT_BATCH = 256, OPT_MAXDOC };

static const cli_option options[] = {
    {"store", OPT_STORE, true},  {"quiet", OPT_QUIET, false}, {"help", OPT_HELP, false},
    {"batch", OPT_BATCH, true},  {"max-doc-mb", OPT_MAXDOC, true}, {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals ingest [--store FILE] [--quiet] [--batch N] [--max-doc-mb N] PATH...\n"
            "\n"
            "Reads articles into the store. PATH is a file, a directory (read recursively,\n"
            "in name order, hidden files skipped) or - for standard input.\n"
            "\n"
            "inputs:\n"
            "  annals text   optional first line 'date YYYY-MM-DD' (the article may go on\n"
            "                on the same line), optional headline line, then the body\n"
            "  JSON lines    *.jsonl / *.ndjson: one object per line with \"text\" and optional\n"
            "                \"id\", \"date\" (ISO 8601), \"title\", \"url\", \"source\"\n"
            "  Reuters SGML  *.sgm (Reuters-21578)\n"
            "  plain text    anything else; publication date unknown\n"
            "  A directory named YYYY-MM-DD dates the files below it.\n"
            "\n"
            "options:\n"
            "  -s, --store FILE   the store (default ./annals.db or $ANNALS_STORE)\n"
            "  -q, --quiet        no progress line and no summary\n"
            "      --batch N      documents per transaction (default 500)\n"
            "      --max-doc-mb N skip documents larger than N MiB (default 16)\n"
            "\n"
            "Re-ingesting unchanged content does nothing; a changed file replaces its old\n"
            "version. Every problem is one line on stderr (file, line, reason); the rest of\n"
            "the input is still ingested. A progress line (documents/s, MB/s, ETA) is shown\n"
            "when stderr is a terminal.\n"
            "\n"
            "exit codes: 0 all ingested (or unchanged); 3 some input was skipped;\n"
            "            2 usage error; 4 I/O or database error\n");
}

typedef struct progress {
    int show;
    double start;
    double last;
    int64_t total_bytes;
} progress;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_problem(void *ctx, const char *path, long line, const char *reason)
{
    progress *p = ctx;
    if (p->show)
        fputs("\r\033[K", stderr);
    if (line > 0)
        fprintf(stderr, "annals ingest: %s:%ld: %s\n", path, line, reason);
    else
        fprintf(stderr, "annals ingest: %s: %s\n", path, reason);
}

static void on_progress(void *ctx, const annals_ingest_counts *c)
{
    progress *p = ctx;
    if (!p->show)
        return;
    double t = now();
    if (t - p->last < 0.2)
        return;
    p->last = t;
    double el = t - p->start > 1e-6 ? t - p->start : 1e-6;
    int64_t docs = c->ingested + c->unchanged + c->replaced;
    double mbs = c->bytes / 1e6 / el;
    fprintf(stderr, "\r\033[K%lld documents  %.0f docs/s  %.1f MB/s", (long long)docs, docs / el,
            mbs);
    if (p->total_bytes > 0 && c->bytes > 0 && c->bytes < p->total_bytes) {
        double eta = (double)(p->total_bytes - c->bytes) / (c->bytes / el);
        fprintf(stderr, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
    }
    fflush(stderr);
}

int cmd_ingest(int argc, char **argv)
{
    const char *store_path = default_store();
    int quiet = 0;
    long batch = 500, maxdoc = 16;
    cli_args a;
    args_init(&a, argc, argv);
    const char *arg;
    int key;
    char **paths = calloc((size_t)argc + 1, sizeof(char *));
    int npaths = 0;
    if (!paths)
        return EXIT_IOERR;
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case 0: paths[npaths++] = (char *)arg; break;
        case OPT_STORE: store_path = arg; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_HELP: usage(stdout); free(paths); return EXIT_OK;
        case OPT_BATCH:
            if (!parse_count("ingest", "--batch", arg, 1000000, &batch) || batch < 1)
                goto usage_error;
            break;
        case OPT_MAXDOC:
            if (!parse_count("ingest", "--max-doc-mb", arg, 1024, &maxdoc) || maxdoc < 1)
                goto usage_error;
            break;
        default: goto usage_error;
        }
    }
    if (npaths == 0) {
        fprintf(stderr, "annals ingest: no PATH given (see 'annals ingest --help')\n");
        goto usage_error;
    }

    annals_store *store = NULL;
    annals_ingest *ing = NULL;
    int exit_code = EXIT_OK;
    int rc = annals_store_open(&store, store_path, NULL);
    if (rc < 0) {
        fprintf(stderr, "annals ingest: %s\n", annals_store_errmsg(store));
        annals_store_close(store);
        free(paths);
        return EXIT_IOERR;
    }
    progress prog = {!quiet && isatty(2), now(), 0, 0};
    if (prog.show) {
        for (int i = 0; i < npaths; i++)
            prog.total_bytes += annals_path_bytes(paths[i]);
    }
    annals_ingest_options opts = ANNALS_INGEST_OPTIONS_INIT;
    opts.batch_docs = (size_t)batch;
    opts.max_doc_bytes = (size_t)maxdoc << 20;
    opts.on_problem = on_problem;
    opts.on_progress = on_progress;
    opts.ctx = &prog;
    /* The reader frees every document's buffers, and glibc gives the top of the heap back to
     * the kernel whenever 128 KiB of it are free, so the next document faults the same pages
     * in again. An ingest keeps up to 256 MiB and grows the heap 16 MiB at a time: a
     * tenth fewer page faults and about 4% less CPU on Timeline17 (bench/EXPERIMENTS.md). */
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
    if ((rc = annals_ingest_open(&ing, store, &opts)) < 0) {
        fprintf(stderr, "annals ingest: %s\n", annals_strerror(rc));
        exit_code = EXIT_IOERR;
        goto done;
    }
    for (int i = 0; i < npaths && rc >= 0; i++)
        rc = annals_ingest_path(ing, paths[i]);
    if (rc >= 0)
        rc = annals_ingest_finish(ing);
    if (prog.show)
        fputs("\r\033[K", stderr);
    if (rc < 0) {
        fprintf(stderr, "annals ingest: %s\n", annals_ingest_errmsg(ing));
        exit_code = EXIT_IOERR;
    }
    annals_ingest_counts c;
    annals_ingest_counts_get(ing, &c);
    if (!quiet) {
        double el = now() - prog.start;
        printf("ingested %lld, unchanged %lld, replaced %lld, skipped %lld", (long long)c.ingested,
               (long long)c.unchanged, (long long)c.replaced, (long long)c.skipped);
        printf(" (%lld sentences, %lld time expressions", (long long)c.sentences,
               (long long)c.mentions);
        if (c.undated)
            printf(", %lld without a publication date", (long long)c.undated);
        if (c.invalid_utf8)
            printf(", %lld invalid UTF-8 sequences replaced", (long long)c.invalid_utf8);
        printf(")\n");
        if (getenv("ANNALS_TIMING"))
            fprintf(stderr, "%.1f MB in %.2f s: %.1f MB/s, %.0f documents/s\n", c.bytes / 1e6, el,
                    c.bytes / 1e6 / (el > 0 ? el : 1e-9),
                    (c.ingested + c.unchanged + c.replaced) / (el > 0 ? el : 1e-9));
    }
    if (exit_code == EXIT_OK && c.skipped > 0)
        exit_code = EXIT_BADINPUT;
done:
    annals_ingest_close(ing);
    annals_store_close(store);
    free(paths);
    return exit_code;
usage_error:
    free(paths);
    return EXIT_USAGE;
}
