/*
 * cmd_stats.c - `annals stats` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_stats(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals stats: not available in this build\n");
    return EXIT_USAGE;
}
