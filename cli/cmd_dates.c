/*
 * cmd_dates.c - `annals dates` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_dates(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals dates: not available in this build\n");
    return EXIT_USAGE;
}
