/*
 * cmd_ingest.c - `annals ingest` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_ingest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals ingest: not available in this build\n");
    return EXIT_USAGE;
}
