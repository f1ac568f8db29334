/*
 * detect.c - choosing a reader, spotting binary files, dated directory names.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* Past the UTF-8 sequence at p (its first byte at or above 0x80), counting it in *bad when
 * it is invalid; a sequence cut by the end of a window that is not the file's end (cut) is
 * not held against the file. */
static inline const unsigned char *skip_sequence(const unsigned char *p, const unsigned char *end,
                                                 int cut, size_t *bad)
{
    uint32_t cp;
    size_t used = utf8_decode(p, end, &cp);
    if (cp == UTF8_INVALID && !(p + 4 > end && cut))
        (*bad)++;
    return p + used;
}

int ingest_is_binary(const char *data, size_t len)
{
    /* Look at the first 64 KiB: any NUL byte, or more than 10% bytes that are neither
     * text-like control characters nor part of valid UTF-8, means binary. */
    size_t n = len < 65536 ? len : 65536;
    const unsigned char *p = (const unsigned char *)data, *end = p + n;
    size_t bad = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    const uint64_t hi = 0x8080808080808080ULL, sp = 0x6060606060606060ULL;
    while (end - p >= 8) {
#ifdef __SSE2__
        /* 32 printable ASCII bytes (0x20 to 0x7F, greater than 0x1F as signed bytes) at a
         * time. */
        if (end - p >= 32) {
            const __m128i lo = _mm_set1_epi8(0x1F);
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
            if (_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(a, lo), _mm_cmpgt_epi8(c, lo))) ==
                0xFFFF) {
                p += 32;
                continue;
            }
        }
#endif
        /* Sixteen printable ASCII bytes (0x20 to 0x7F: adding 0x60 sets the high bit, and an
         * ASCII byte cannot carry into the next) at a time. */
        if (end - p >= 16) {
            uint64_t a, c;
            memcpy(&a, p, 8);
            memcpy(&c, p + 8, 8);
            if (((a + sp) & ~a & (c + sp) & ~c & hi) == hi) {
                p += 16;
                continue;
            }
        }
        /* Eight bytes at a time: the ASCII bytes before the first byte at or above 0x80 (all
         * eight when there is none) are checked together; only the control characters among
         * them (below 0x20: adding 0x60 to an ASCII byte cannot carry) are looked at one by
         * one. A byte at or above 0x80 starts a UTF-8 sequence, decoded as below. */
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t high = w & hi;
        size_t take = high ? (size_t)__builtin_ctzll(high) >> 3 : 8;
        uint64_t keep = take == 8 ? hi : hi & ((1ULL << (8 * take)) - 1);
        uint64_t ctl = ~(w + sp) & keep;
        while (ctl) {
            unsigned c = p[(size_t)__builtin_ctzll(ctl) >> 3];
            if (c == 0)
                return 1;
            if (c != '\n' && c != '\r' && c != '\t' && c != '\f')
                bad++;
            ctl &= ctl - 1;
        }
        p += take;
        if (take == 8)
            continue;
        p = skip_sequence(p, end, n < len, &bad);
    }
#endif
    while (p < end) {
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
        p = skip_sequence(p, end, n < len, &bad);
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
