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

/* Parses an integer option value in [min, max]; prints a usage error and returns false. */
bool parse_range(const char *cmd, const char *opt, const char *s, long min, long max, long *out);
/* parse_range() from 0. */
bool parse_count(const char *cmd, const char *opt, const char *s, long max, long *out);
/* Parses a finite number >= 0; prints a usage error and returns false. */
bool parse_nonneg(const char *cmd, const char *opt, const char *s, double *out);

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

/*
 * `annals bench t17` (cmd_bench.c), its topics, tasks and stores; bench_data.c reads them.
 */
typedef struct topic {
    char *name, *dirs, *keywords;
    annals_store *store;
} topic;

typedef struct task {
    size_t topic;
    char name[128];
    annals_tls_timeline *gold;
    size_t l, k;
    annals_date from, to;
    annals_tls_scores scores;
    annals_date *gold_dates;
    double *sel; /* per grid setting: AR-1 F + AR-2 F with the gold dates */
} task;

/* The timelines' dates by distance to the nearest reference date of their task. */
enum {
    DERR_EXACT,
    DERR_DAY_TAKEN, /* one day off a reference date that the timeline took too */
    DERR_DAY_ALONE, /* one day off, the reference date(s) one day away not taken */
    DERR_TWO,
    DERR_WEEK, /* 3-7 days */
    DERR_FAR,  /* 8 days or more (or no reference date) */
    DERR_N
};

#define BENCH_MAX_TOPICS 64

typedef struct bench {
    const char *data;
    size_t grid_size; /* summary settings of the nested choice (task.sel has one per setting) */
    bool verbose;
    size_t derr[DERR_N];
    long skipped;
    topic *topics;
    size_t n_topics;
    task *tasks;
    size_t n_tasks;
    double t_ingest, t_features, t_train, t_select, t_timeline, t_score;
} bench;

/* Reads DATA/../timeline17-topics.tsv into b->topics (only the topics named in list, a
 * comma-separated list, when it is not NULL). Prints a line and returns -1 on failure. */
int bench_read_topics(bench *b, const char *list);
/* Adds the tasks of source folder dir of topic ti: the .txt files of its timelines folder,
 * by name. Returns 0 or -1. */
int bench_add_tasks(bench *b, size_t ti, const char *dir);
/* Ingests every source folder of topic t into a fresh in-memory store, t->store. */
int bench_ingest_topic(bench *b, topic *t);

/* The default store path: $ANNALS_STORE, else ./annals.db. */
const char *default_store(void);

#endif
