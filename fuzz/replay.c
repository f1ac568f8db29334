/*
 * replay.c - runs a fuzz target over files, so that its corpus runs in the test suite.
 *
 *   fuzz_x_replay PATH...   (each PATH a file or a directory of files)
 *
 * Links with one fuzz_*.c, which defines LLVMFuzzerTestOneInput. A crash or sanitizer
 * report fails the test; otherwise it prints how many inputs ran.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, long *count)
{
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    /* Copy into an exact-size block so ASan sees reads past the end. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(data);
        return 1;
    }
    memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    (*count)++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, long *count)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "%s: no such file or directory\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path, count);
    DIR *d = opendir(path);
    if (!d)
        return 1;
    VEC(char *) names = VEC_INIT;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *full = malloc(n);
        if (!full || VEC_PUSH(&names, full) < 0) {
            free(full);
            rc = 1;
            break;
        }
        snprintf(full, n, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), cmp_str);
    for (size_t i = 0; i < names.len; i++) {
        if (rc == 0)
            rc = run_path(names.items[i], count);
        free(names.items[i]);
    }
    VEC_FREE(&names);
    return rc;
}

int main(int argc, char **argv)
{
    long count = 0;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++)
        rc = run_path(argv[i], &count);
    printf("replayed %ld inputs\n", count);
    return rc;
}
