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

#ifdef ANNALS_H
/* A dated document in annals text form, for building small test stores. */
typedef struct test_doc {
    const char *key;
    const char *date; /* YYYY-MM-DD */
    const char *text;
} test_doc;

/* Creates a fresh store at path and ingests docs into it. Returns 0 or a negative code;
 * *out is the open store (close it with annals_store_close()). */
static inline int test_build_store(const char *path, const test_doc *docs, size_t n,
                                   annals_store **out)
{
    test_remove_store(path);
    if (annals_store_open(out, path, NULL) < 0)
        return -1;
    annals_ingest *ing = NULL;
    if (annals_ingest_open(&ing, *out, NULL) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        annals_date d;
        if (annals_date_parse_iso(&d, docs[i].date, 10) < 0 ||
            annals_ingest_buffer(ing, docs[i].key, docs[i].text, strlen(docs[i].text), &d) < 0) {
            annals_ingest_close(ing);
            return -1;
        }
    }
    int rc = annals_ingest_finish(ing);
    annals_ingest_close(ing);
    return rc;
}

/* setup() and teardown() for the tests of a file that share one store built from the file's
 * `static const test_doc docs[]` (declared before this); the store is `store`, at `db_path`,
 * its name carries tag. */
#define TEST_STORE_FIXTURE(tag)                                                                    \
    static char db_path[64];                                                                       \
    static annals_store *store;                                                                    \
    static int setup(void **state)                                                                 \
    {                                                                                              \
        (void)state;                                                                               \
        test_store_path(db_path, sizeof(db_path), tag);                                            \
        return test_build_store(db_path, docs, sizeof(docs) / sizeof(docs[0]), &store);            \
    }                                                                                              \
    static int teardown(void **state)                                                              \
    {                                                                                              \
        (void)state;                                                                               \
        annals_store_close(store);                                                                 \
        test_remove_store(db_path);                                                                \
        return 0;                                                                                  \
    }
#endif

/* Exit code CTest counts as "skipped" (SKIP_RETURN_CODE). */
#define TEST_SKIP_CODE 77

#endif
