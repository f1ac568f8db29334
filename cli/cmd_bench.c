/*
 * cmd_bench.c - `annals bench` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_bench(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals bench: not available in this build\n");
    return EXIT_USAGE;
}
