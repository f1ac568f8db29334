/*
 * cmd_timeline.c - `annals timeline` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_timeline(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals timeline: not available in this build\n");
    return EXIT_USAGE;
}
