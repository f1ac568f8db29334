/*
 * main.c - the annals command: dispatches to one cmd_<verb>.c per subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"ingest", cmd_ingest, "read articles into the store"},
    {"timeline", cmd_timeline, "build a dated, sourced timeline for a query"},
    {"stats", cmd_stats, "summarize what the store holds"},
    {"dates", cmd_dates, "find and normalize time expressions in text or TimeML"},
    {"eval", cmd_eval, "score timelines (tls) or time expressions (timex)"},
    {"train", cmd_train, "fit the date-ranking model"},
    {"bench", cmd_bench, "run a benchmark (t17: the Timeline17 protocol)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: annals [--version] [--help] COMMAND [ARGS]\n\n"
               "Turns a pile of news articles into a dated, sourced timeline.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'annals COMMAND --help' documents each command's options.\n\n"
               "The store is ./annals.db unless --store FILE or $ANNALS_STORE names another.\n\n"
               "exit codes:\n"
               "  0  success\n"
               "  1  nothing found (no matching sentences, no dates)\n"
               "  2  usage error\n"
               "  3  some input was bad and skipped (the rest was processed)\n"
               "  4  I/O or database error\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("annals %s\n", ANNALS_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "annals: unknown command '%s' (see 'annals --help')\n", cmd);
    return EXIT_USAGE;
}
