/*
 * fuzz_reader.c - the document readers (annals text, JSON lines, Reuters SGML), UTF-8
 * repair and the sentence splitter on arbitrary bytes. The first byte picks the reader.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annals.h"
#include "ingest/ingest.h"

static annals_text *text;

static int on_doc(void *ctx, const raw_doc *d)
{
    (void)ctx;
    char *norm;
    size_t len, bad;
    if (annals_text_normalize(d->text, d->len, &norm, &len, &bad) < 0)
        return 0;
    const annals_span *s;
    size_t n;
    if (annals_text_sentences(text, norm, len, &s, &n) == 0) {
        for (size_t i = 0; i < n; i++)
            if ((size_t)s[i].off + s[i].len > len)
                abort();
    }
    const annals_token *t;
    if (annals_text_tokens(text, norm, len, &t, &n) == 0) {
        for (size_t i = 0; i < n; i++)
            if ((size_t)t[i].span.off + t[i].span.len > len)
                abort();
    }
    free(norm);
    return 0;
}

static void on_problem(void *ctx, long line, const char *why)
{
    (void)ctx;
    (void)line;
    (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!text && annals_text_open(&text, "en") < 0)
        return 0;
    if (size == 0)
        return 0;
    reader_sink sink = {NULL, on_doc, on_problem};
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    (void)ingest_is_binary(p, n);
    switch (data[0] % 3) {
    case 0: ingest_read_text(p, n, &sink); break;
    case 1: ingest_read_jsonl(p, n, &sink); break;
    default: ingest_read_reuters(p, n, &sink); break;
    }
    return 0;
}
