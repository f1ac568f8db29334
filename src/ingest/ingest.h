/*
 * ingest.h - the ingest module's internal header: document readers.
 *
 * A reader turns the bytes of one file into raw documents and hands each to a sink. It
 * never stops at a bad record: it reports the problem (with the line) and goes on. Strings
 * in a raw_doc are borrowed for the duration of the callback.
 */
#ifndef ANNALS_INGEST_INTERNAL_H
#define ANNALS_INGEST_INTERNAL_H

#include "annals/common.h"
#include "util.h"

typedef struct raw_doc {
    const char *text; /* the article body, raw bytes */
    size_t len;
    annals_date pub;  /* year 0 = unknown */
    const char *title;
    size_t title_len;
    const char *id; /* record id within the file (JSON "id", Reuters NEWID), or NULL */
    size_t id_len;
    int id_is_local; /* 1: the id names the record within this file only (Reuters NEWID) */
    const char *url;
    size_t url_len;
    const char *source;
    size_t source_len;
    long line; /* line where the record starts; 0 for a whole-file document */
} raw_doc;

typedef struct reader_sink {
    void *ctx;
    /* Returns 0 to go on, < 0 to stop reading (a store error). */
    int (*doc)(void *ctx, const raw_doc *doc);
    void (*problem)(void *ctx, long line, const char *reason);
} reader_sink;

typedef enum doc_format {
    FORMAT_TEXT = 0,
    FORMAT_JSONL,
    FORMAT_REUTERS,
} doc_format;

/* The format of a file from its name and first bytes. */
doc_format ingest_detect_format(const char *name, const char *data, size_t len);

/* 1 when data looks like a binary file (NUL bytes or mostly non-text). */
int ingest_is_binary(const char *data, size_t len);

/* Parses a directory name "YYYY-MM-DD" (exactly) into *out; 0 on success. */
int ingest_dir_date(const char *name, annals_date *out);

/* annals text: header, headline, body. One document (or a problem). */
int ingest_read_text(const char *data, size_t len, const reader_sink *sink);
/* JSON lines. */
int ingest_read_jsonl(const char *data, size_t len, const reader_sink *sink);
/* Reuters-21578 SGML. */
int ingest_read_reuters(const char *data, size_t len, const reader_sink *sink);

/* Parses the leading ISO 8601 date of s ("2021-10-05", "2021-10-05T12:00:00Z"); 0 ok,
 * ANNALS_EPARSE when malformed or impossible. */
int ingest_parse_iso_prefix(const char *s, size_t len, annals_date *out);

#endif
