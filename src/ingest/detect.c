/*
 * detect.c - choosing a reader, spotting binary files, dated directory names.
 */
#include <string.h>

#include "ingest.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && ascii_ieq(s + n - m, m, suffix);
}

doc_format ingest_detect_format(const char *name, const char *data, size_t len)
{
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson"))
        return FORMAT_JSONL;
    if (ends_with(name, ".sgm") || ends_with(name, ".sgml"))
        return FORMAT_REUTERS;
    size_t i = 0;
    while (i < len && ascii_isspace((unsigned char)data[i]))
        i++;
    if (len - i >= 8 && memcmp(data + i, "<REUTERS", 8) == 0)
        return FORMAT_REUTERS;
    if (len - i >= 14 && memcmp(data + i, "<!DOCTYPE lewi", 14) == 0)
        return FORMAT_REUTERS;
    return FORMAT_TEXT;
}

int ingest_is_binary(const char *data, size_t len)
{
    /* Look at the first 64 KiB: any NUL byte, or more than 10% bytes that are neither
     * text-like control characters nor part of valid UTF-8, means binary. */
    size_t n = len < 65536 ? len : 65536;
    const unsigned char *p = (const unsigned char *)data, *end = p + n;
    size_t bad = 0;
    while (p < end) {
        /* eight printable ASCII bytes at a time: none below 0x20, none at or above 0x80 */
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if ((((w - 0x2020202020202020ULL) | w) & 0x8080808080808080ULL) == 0) {
                p += 8;
                continue;
            }
        }
        unsigned c = *p;
        if (c == 0)
            return 1;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
            bad++;
            p++;
            continue;
        }
        if (c < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        size_t used = utf8_decode(p, end, &cp);
        /* a sequence cut by the 64 KiB window is not held against the file */
        if (cp == UTF8_INVALID && !(p + 4 > end && n < len))
            bad++;
        p += used;
    }
    return n > 0 && bad * 10 > n;
}

int ingest_dir_date(const char *name, annals_date *out)
{
    return annals_date_parse_iso(out, name, strlen(name)) == 0 ? 0 : ANNALS_EPARSE;
}

int ingest_parse_iso_prefix(const char *s, size_t len, annals_date *out)
{
    while (len > 0 && ascii_isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    if (len < 10)
        return ANNALS_EPARSE;
    if (len > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't')
        return ANNALS_EPARSE;
    return annals_date_parse_iso(out, s, 10);
}
