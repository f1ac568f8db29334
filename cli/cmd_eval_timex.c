/*
 * cmd_eval_timex.c - `annals eval timex` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_eval_timex(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals eval timex: not available in this build\n");
    return EXIT_USAGE;
}
