/*
 * test_helpers.h - shared by the unit tests: cmocka plus locating ../shared data.
 */
#ifndef ANNALS_TEST_HELPERS_H
#define ANNALS_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* The shared data directory ($ANNALS_SHARED, else ../shared), or NULL when absent. */
static inline const char *test_shared_dir(void)
{
    const char *d = getenv("ANNALS_SHARED");
    if (!d || !*d)
        d = "../shared";
    struct stat st;
    return stat(d, &st) == 0 && S_ISDIR(st.st_mode) ? d : NULL;
}

/* A per-process scratch store path under /tmp: "/tmp/annals-test-<tag>-<pid>.db". */
static inline void test_store_path(char *out, size_t cap, const char *tag)
{
    snprintf(out, cap, "/tmp/annals-test-%s-%d.db", tag, (int)getpid());
    unlink(out);
}

/* Removes a store and its WAL and shared-memory files. */
static inline void test_remove_store(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

/* Exit code CTest counts as "skipped" (SKIP_RETURN_CODE). */
#define TEST_SKIP_CODE 77

#endif
