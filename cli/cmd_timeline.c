/*
 * cmd_timeline.c - `annals timeline [--store FILE] QUERY [options]`
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
    OPT_STORE = 's',
    OPT_HELP = 'h',
    OPT_DATES = 'n',
    OPT_SENTS = 'k',
    OPT_FORMAT = 'f',
    OPT_FROM = 256,
    OPT_TO,
    OPT_NOPARTIAL,
    OPT_MODEL,
};

static const cli_option options[] = {
    {"store", OPT_STORE, true},   {"help", OPT_HELP, false},     {"dates", OPT_DATES, true},
    {"sentences", OPT_SENTS, true}, {"format", OPT_FORMAT, true}, {"from", OPT_FROM, true},
    {"to", OPT_TO, true},         {"no-partial", OPT_NOPARTIAL, false}, {"model", OPT_MODEL, true},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals timeline [--store FILE] QUERY [--dates N] [--sentences K]\n"
            "                       [--from DATE] [--to DATE] [--format text|json|tilse|markdown]\n"
            "\n"
            "Builds a timeline of the stored articles that match QUERY (its words, any of\n"
            "them; more matched words rank higher): the N most important dates, each with K\n"
            "sentences, every sentence with its source document and byte span. Days named\n"
            "without a year (\"on January 8\" in an undated article) are listed after the\n"
            "dated entries as ?\?\?\?-MM-DD; no year is guessed.\n"
            "\n"
            "options:\n"
            "  -s, --store FILE       the store (default ./annals.db or $ANNALS_STORE)\n"
            "  -n, --dates N          at most N dates (default 10)\n"
            "  -k, --sentences K      K sentences per date (default 2)\n"
            "      --from YYYY-MM-DD  first date of the window\n"
            "      --to YYYY-MM-DD    last date of the window\n"
            "      --no-partial       leave out dates whose year is unknown\n"
            "      --model FILE       date-ranking model (default: the built-in one)\n"
            "  -f, --format FMT       text (default), json, tilse or markdown\n"
            "\n"
            "exit codes: 0 a timeline was printed; 1 nothing matched; 2 usage error;\n"
            "            4 the store is missing or unreadable\n");
}

static int parse_date_opt(const char *opt, const char *s, annals_date *out)
{
    if (annals_date_parse_iso(out, s, strlen(s)) < 0) {
        fprintf(stderr, "annals timeline: %s must be a calendar date YYYY-MM-DD, not '%s'\n",
                opt, s);
        return 0;
    }
    return 1;
}

int cmd_timeline(int argc, char **argv)
{
    const char *store_path = default_store();
    const char *model_path = NULL;
    annals_tl_model *model = NULL;
    annals_timeline_options o = ANNALS_TIMELINE_OPTIONS_INIT;
    int format = ANNALS_TL_TEXT;
    char *query = NULL;
    size_t qlen = 0;
    cli_args a;
    args_init(&a, argc, argv);
    const char *arg;
    int key;
    long v;
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case 0: {
            /* several words are one query */
            size_t n = strlen(arg);
            char *q = realloc(query, qlen + n + 2);
            if (!q) {
                free(query);
                return EXIT_IOERR;
            }
            query = q;
            if (qlen)
                query[qlen++] = ' ';
            memcpy(query + qlen, arg, n + 1);
            qlen += n;
            break;
        }
        case OPT_STORE: store_path = arg; break;
        case OPT_HELP: usage(stdout); free(query); return EXIT_OK;
        case OPT_DATES:
            if (!parse_count("timeline", "--dates", arg, 100000, &v))
                goto usage_error;
            o.dates = (size_t)v;
            break;
        case OPT_SENTS:
            if (!parse_count("timeline", "--sentences", arg, 1000, &v))
                goto usage_error;
            o.sentences = (size_t)v;
            break;
        case OPT_FROM:
            if (!parse_date_opt("--from", arg, &o.from))
                goto usage_error;
            break;
        case OPT_TO:
            if (!parse_date_opt("--to", arg, &o.to))
                goto usage_error;
            break;
        case OPT_NOPARTIAL: o.partial = 0; break;
        case OPT_MODEL: model_path = arg; break;
        case OPT_FORMAT:
            format = annals_tl_format_parse(arg);
            if (format < 0) {
                fprintf(stderr, "annals timeline: unknown format '%s' (text, json, tilse, "
                                "markdown)\n", arg);
                goto usage_error;
            }
            break;
        default: goto usage_error;
        }
    }
    if (!query) {
        fprintf(stderr, "annals timeline: no QUERY given (see 'annals timeline --help')\n");
        goto usage_error;
    }
    if (o.from.year && o.to.year && annals_date_to_days(o.from) > annals_date_to_days(o.to)) {
        fprintf(stderr, "annals timeline: --from is after --to\n");
        goto usage_error;
    }
    if (model_path) {
        char err[256];
        int mrc = annals_tl_model_read(&model, model_path, err, sizeof(err));
        if (mrc < 0) {
            fprintf(stderr, "annals timeline: %s\n", err);
            free(query);
            return mrc == ANNALS_EIO ? EXIT_IOERR : EXIT_BADINPUT;
        }
        o.model = model;
    }
    annals_store_options so = ANNALS_STORE_OPTIONS_INIT;
    so.readonly = 1;
    annals_store *s = NULL;
    if (annals_store_open(&s, store_path, &so) < 0) {
        fprintf(stderr, "annals timeline: %s\n", annals_store_errmsg(s));
        annals_store_close(s);
        annals_tl_model_free(model);
        free(query);
        return EXIT_IOERR;
    }
    annals_timeline *tl = NULL;
    int rc = annals_timeline_build(s, query, &o, &tl);
    int code = EXIT_OK;
    if (rc == ANNALS_EINVAL) {
        fprintf(stderr, "annals timeline: %s\n", annals_store_errmsg(s));
        code = EXIT_USAGE;
    } else if (rc < 0) {
        fprintf(stderr, "annals timeline: %s\n", annals_store_errmsg(s));
        code = EXIT_IOERR;
    } else {
        char *text;
        size_t len;
        if (annals_timeline_render(tl, (annals_tl_format)format, &text, &len) < 0) {
            fprintf(stderr, "annals timeline: out of memory\n");
            code = EXIT_IOERR;
        } else {
            fwrite(text, 1, len, stdout);
            free(text);
            if (tl->n_entries == 0) {
                fprintf(stderr, "annals timeline: nothing matched '%s'\n", query);
                code = EXIT_NOTHING;
            }
        }
    }
    annals_timeline_free(tl);
    annals_store_close(s);
    annals_tl_model_free(model);
    free(query);
    return code;
usage_error:
    free(query);
    return EXIT_USAGE;
}
