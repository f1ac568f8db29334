/*
 * cmd_eval.c - `annals eval tls|timex ...`: dispatches to the two evaluators.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: annals eval tls PREDICTED GOLD [options]   score timelines (tilse measures)\n"
               "       annals eval timex GOLD_DIR SYSTEM_DIR      score time expressions (TempEval-3)\n"
               "'annals eval tls --help' and 'annals eval timex --help' list the options.\n");
}

int cmd_eval(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "tls") == 0)
        return cmd_eval_tls(argc - 1, argv + 1);
    if (strcmp(argv[1], "timex") == 0)
        return cmd_eval_timex(argc - 1, argv + 1);
    fprintf(stderr, "annals eval: unknown evaluation '%s' (tls or timex)\n", argv[1]);
    return EXIT_USAGE;
}
