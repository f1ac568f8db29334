/*
 * cmd_stats.c - `annals stats [--store FILE] [--check]`
 */
#include <stdio.h>

#include "cli.h"

enum { OPT_STORE = 's', OPT_HELP = 'h', OPT_CHECK = 256 };

static const cli_option options[] = {
    {"store", OPT_STORE, true}, {"help", OPT_HELP, false}, {"check", OPT_CHECK, false},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: annals stats [--store FILE] [--check]\n"
               "\n"
               "Summarizes the store: documents (and how many have no publication date),\n"
               "sentences, time expressions, the span of publication dates.\n"
               "\n"
               "options:\n"
               "  -s, --store FILE   the store (default ./annals.db or $ANNALS_STORE)\n"
               "      --check        also run SQLite's integrity check and the full-text\n"
               "                     index check\n"
               "\n"
               "exit codes: 0 ok; 2 usage error; 4 the store is missing, unreadable or\n"
               "            fails --check\n");
}

int cmd_stats(int argc, char **argv)
{
    const char *store_path = default_store();
    int check = 0;
    cli_args a;
    args_init(&a, argc, argv);
    const char *arg;
    int key;
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case OPT_STORE: store_path = arg; break;
        case OPT_CHECK: check = 1; break;
        case OPT_HELP: usage(stdout); return EXIT_OK;
        case 0:
            fprintf(stderr, "annals stats: unexpected argument '%s'\n", arg);
            return EXIT_USAGE;
        default: return EXIT_USAGE;
        }
    }
    annals_store_options so = ANNALS_STORE_OPTIONS_INIT;
    so.readonly = !check;
    so.create = 0;
    annals_store *s = NULL;
    if (annals_store_open(&s, store_path, &so) < 0) {
        fprintf(stderr, "annals stats: %s\n", annals_store_errmsg(s));
        annals_store_close(s);
        return EXIT_IOERR;
    }
    annals_store_stats st;
    if (annals_store_stats_get(s, &st) < 0) {
        fprintf(stderr, "annals stats: %s\n", annals_store_errmsg(s));
        annals_store_close(s);
        return EXIT_IOERR;
    }
    char first[11], last[11];
    printf("store             %s (schema %d)\n", store_path, st.schema_version);
    printf("documents         %lld (%lld without a publication date)\n",
           (long long)st.documents, (long long)st.undated_documents);
    printf("sentences         %lld\n", (long long)st.sentences);
    printf("time expressions  %lld (%lld name a day)\n", (long long)st.mentions,
           (long long)st.day_mentions);
    printf("text              %.1f MB\n", st.text_bytes / 1e6);
    if (st.first_pub.year)
        printf("published         %s .. %s\n", annals_date_format(st.first_pub, first),
               annals_date_format(st.last_pub, last));
    int code = EXIT_OK;
    if (check) {
        if (annals_store_check(s) < 0) {
            printf("check             FAILED: %s\n", annals_store_errmsg(s));
            code = EXIT_IOERR;
        } else {
            printf("check             ok\n");
        }
    }
    annals_store_close(s);
    return code;
}
