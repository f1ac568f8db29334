/*
 * cmd_eval_tls.c - `annals eval tls` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_eval_tls(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals eval tls: not available in this build\n");
    return EXIT_USAGE;
}
