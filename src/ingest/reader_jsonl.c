/*
 * reader_jsonl.c - JSON lines: one object per line with "text" and optional "id", "date",
 * "title", "url", "source" (jansson parses each line).
 *
 * A line that is not a JSON object, lacks a string "text", or has a "date" that is not an
 * ISO 8601 calendar date is reported with its line number and skipped; blank lines are
 * ignored. "id" may be a string or an integer.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "ingest.h"

static const char *get_str(json_t *obj, const char *key, size_t *len)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) {
        *len = 0;
        return NULL;
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

static int read_line(const char *line, size_t n, long lineno, const reader_sink *sink)
{
    json_error_t err;
    json_t *obj = json_loadb(line, n, JSON_ALLOW_NUL, &err);
    char why[256];
    if (!obj) {
        snprintf(why, sizeof(why), "not JSON: %s (column %d)", err.text, err.column);
        sink->problem(sink->ctx, lineno, why);
        return 0;
    }
    int rc = 0;
    raw_doc d;
    memset(&d, 0, sizeof(d));
    d.line = lineno;
    char idbuf[32];
    if (!json_is_object(obj)) {
        sink->problem(sink->ctx, lineno, "not a JSON object");
        goto done;
    }
    d.text = get_str(obj, "text", &d.len);
    if (!d.text) {
        sink->problem(sink->ctx, lineno,
                      json_object_get(obj, "text") ? "\"text\" is not a string"
                                                   : "no \"text\" field");
        goto done;
    }
    size_t dlen;
    const char *date = get_str(obj, "date", &dlen);
    json_t *jdate = json_object_get(obj, "date");
    if (jdate && !json_is_null(jdate)) {
        if (!date || ingest_parse_iso_prefix(date, dlen, &d.pub) < 0) {
            snprintf(why, sizeof(why), "\"date\" is not an ISO 8601 calendar date: %.40s",
                     date ? date : "(not a string)");
            sink->problem(sink->ctx, lineno, why);
            goto done;
        }
    }
    json_t *jid = json_object_get(obj, "id");
    if (json_is_integer(jid)) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(jid));
        d.id = idbuf;
        d.id_len = strlen(idbuf);
    } else {
        d.id = get_str(obj, "id", &d.id_len);
    }
    d.title = get_str(obj, "title", &d.title_len);
    d.url = get_str(obj, "url", &d.url_len);
    d.source = get_str(obj, "source", &d.source_len);
    rc = sink->doc(sink->ctx, &d);
done:
    json_decref(obj);
    return rc;
}

int ingest_read_jsonl(const char *data, size_t len, const reader_sink *sink)
{
    size_t pos = 0;
    long lineno = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        lineno++;
        size_t s = pos, e = end;
        while (s < e && ascii_isspace((unsigned char)data[s]))
            s++;
        while (e > s && ascii_isspace((unsigned char)data[e - 1]))
            e--;
        if (e > s) {
            int rc = read_line(data + s, e - s, lineno, sink);
            if (rc < 0)
                return rc;
        }
        pos = end + 1;
    }
    return 0;
}
