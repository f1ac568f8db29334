/*
 * bench_data.c - the Timeline17 data of `annals bench t17`: the topic list, each topic's
 * gold timelines (the tasks) and the ingest of its articles into an in-memory store.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void on_problem(void *ctx, const char *path, long line, const char *reason)
{
    bench *b = ctx;
    b->skipped++;
    if (b->verbose) {
        if (line)
            fprintf(stderr, "annals bench: %s:%ld: %s\n", path, line, reason);
        else
            fprintf(stderr, "annals bench: %s: %s\n", path, reason);
    }
}

static bool selected(const char *list, const char *name)
{
    if (!list)
        return true;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return true;
        p += len + (c ? 1 : 0);
    }
    return false;
}

/* Reads DIR/../timeline17-topics.tsv (topic, directories, keywords). */
int bench_read_topics(bench *b, const char *list)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/../timeline17-topics.tsv", b->data);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "annals bench: %s: cannot read the topic list\n", path);
        return -1;
    }
    char line[4096];
    long ln = 0;
    while (fgets(line, sizeof(line), f)) {
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (ln == 1 || !*line || *line == '#')
            continue;
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) {
            fprintf(stderr, "annals bench: %s:%ld: expected topic<TAB>dirs<TAB>keywords\n", path,
                    ln);
            continue;
        }
        *t1 = *t2 = 0;
        if (!selected(list, line))
            continue;
        if (b->n_topics == BENCH_MAX_TOPICS) {
            fprintf(stderr, "annals bench: %s:%ld: more than %d topics; the rest are skipped\n",
                    path, ln, BENCH_MAX_TOPICS);
            break;
        }
        topic *nt = realloc(b->topics, (b->n_topics + 1) * sizeof(topic));
        if (!nt)
            break;
        b->topics = nt;
        topic *t = &b->topics[b->n_topics++];
        t->name = strdup(line);
        t->dirs = strdup(t1 + 1);
        t->keywords = strdup(t2 + 1);
        t->store = NULL;
    }
    fclose(f);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tasks of one source folder: the .txt files of its timelines folder, by name. */
int bench_add_tasks(bench *b, size_t ti, const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s/timelines", b->data, dir);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "annals bench: %s: cannot open\n", path);
        return -1;
    }
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char file[PATH_MAX + 256];
        snprintf(file, sizeof(file), "%s/%s", path, names[i]);
        annals_tls_timeline *gold = NULL;
        if (annals_tls_timeline_read(&gold, file, NULL, NULL) < 0 || !gold->n_days) {
            fprintf(stderr, "annals bench: %s: not a readable gold timeline; skipped\n", file);
            annals_tls_timeline_free(gold);
            rc = -1;
            continue;
        }
        task *nt = realloc(b->tasks, (b->n_tasks + 1) * sizeof(task));
        if (!nt) {
            annals_tls_timeline_free(gold);
            rc = -1;
            break;
        }
        b->tasks = nt;
        task *t = &b->tasks[b->n_tasks++];
        memset(t, 0, sizeof(*t));
        t->topic = ti;
        snprintf(t->name, sizeof(t->name), "%s/%.*s", dir, (int)(strlen(names[i]) - 4), names[i]);
        t->gold = gold;
        t->from = t->to = gold->days[0].date;
        for (size_t j = 1; j < gold->n_days; j++) {
            annals_date dd = gold->days[j].date;
            if (annals_date_to_days(dd) < annals_date_to_days(t->from))
                t->from = dd;
            if (annals_date_to_days(dd) > annals_date_to_days(t->to))
                t->to = dd;
        }
        t->gold_dates = malloc(gold->n_days * sizeof(annals_date));
        t->sel = calloc(b->grid_size, sizeof(double));
        if (!t->gold_dates || !t->sel) {
            rc = -1;
            break;
        }
        for (size_t j = 0; j < gold->n_days; j++)
            t->gold_dates[j] = gold->days[j].date;
        t->l = gold->n_days;
        t->k = (size_t)lround((double)annals_tls_timeline_sentences(gold) / (double)t->l);
        if (t->k == 0)
            t->k = 1;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return rc;
}

int bench_ingest_topic(bench *b, topic *t)
{
    annals_store_options so = ANNALS_STORE_OPTIONS_INIT;
    so.cache_kib = 16384;
    if (annals_store_open(&t->store, ":memory:", &so) < 0) {
        fprintf(stderr, "annals bench: %s\n", annals_store_errmsg(t->store));
        return -1;
    }
    annals_ingest_options io = ANNALS_INGEST_OPTIONS_INIT;
    io.on_problem = on_problem;
    io.ctx = b;
    io.batch_docs = 5000;
    io.batch_bytes = 64u << 20;
    annals_ingest *ing = NULL;
    if (annals_ingest_open(&ing, t->store, &io) < 0) {
        fprintf(stderr, "annals bench: cannot start the ingest\n");
        return -1;
    }
    int rc = 0;
    char *save = NULL, *dirs = strdup(t->dirs);
    for (char *dir = strtok_r(dirs, " ", &save); dir && rc == 0; dir = strtok_r(NULL, " ", &save)) {
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s/InputDocs", b->data, dir);
        if (annals_ingest_path(ing, path) < 0) {
            fprintf(stderr, "annals bench: %s\n", annals_ingest_errmsg(ing));
            rc = -1;
        }
    }
    if (rc == 0 && annals_ingest_finish(ing) < 0) {
        fprintf(stderr, "annals bench: %s\n", annals_ingest_errmsg(ing));
        rc = -1;
    }
    annals_ingest_close(ing);
    free(dirs);
    return rc;
}
