/*
 * cmd_train.c - `annals train` (not yet available).
 */
#include <stdio.h>

#include "cli.h"

int cmd_train(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "annals train: not available in this build\n");
    return EXIT_USAGE;
}
