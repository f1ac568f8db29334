/*
 * cli.h - shared pieces of the annals command-line tool: the subcommand entry points,
 * a small option parser and the exit codes.
 *
 * Exit codes (documented in `annals --help` and README.md):
 *   0 success; 1 nothing found; 2 usage error; 3 some input was bad and skipped;
 *   4 I/O or database error.
 */
#ifndef ANNALS_CLI_H
#define ANNALS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "annals.h"

enum {
    EXIT_OK = 0,
    EXIT_NOTHING = 1,
    EXIT_USAGE = 2,
    EXIT_BADINPUT = 3,
    EXIT_IOERR = 4,
};

/* A subcommand: argv[0] is the subcommand's name. Returns an exit code. */
int cmd_ingest(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_eval_tls(int argc, char **argv);
int cmd_eval_timex(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/*
 * Option parsing. Options are declared in a table; args_next() walks argv and returns the
 * option's key (its short letter or a number >= 256), 0 for a positional argument (in
 * *arg), -1 at the end, or '?' after printing a usage error. Long options take a value as
 * "--name value" or "--name=value"; "--" ends options; "-" alone is positional.
 */
typedef struct cli_option {
    const char *name; /* long name without "--" */
    int key;          /* short letter, or >= 256 for long-only */
    bool has_arg;
} cli_option;

typedef struct cli_args {
    int argc;
    char **argv;
    int i;
    bool only_positional;
    const char *cmd; /* for messages */
} cli_args;

void args_init(cli_args *a, int argc, char **argv);
int args_next(cli_args *a, const cli_option *opts, const char **arg);

/* Parses a non-negative integer option value; prints a usage error and returns false. */
bool parse_count(const char *cmd, const char *opt, const char *s, long max, long *out);

/* One measured number for a results file. */
typedef struct results_row {
    const char *metric;
    double value;
    int decimals;
} results_row;

/*
 * Rewrites the results file at path (bench/results.tsv): the rows of dataset measured by
 * command are replaced by rows[0, n_rows), every other row stays. Prints one line and
 * returns -1 when the file cannot be written, else 0.
 */
int results_replace(const char *path, const char *dataset, const char *command,
                    const results_row *rows, size_t n_rows);

/* The default store path: $ANNALS_STORE, else ./annals.db. */
const char *default_store(void);

#endif
