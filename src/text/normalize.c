/*
 * normalize.c - UTF-8 repair and Unicode NFC.
 *
 * First pass (bytes): invalid sequences (overlong, surrogate, truncated, out of range) and
 * NUL bytes become U+FFFD and are counted; CR LF and lone CR become LF. Pure ASCII output is
 * already NFC and is returned as is; otherwise utf8proc composes it (UAX #15).
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

int text_normalize_append(const char *in, size_t len, buf *out, size_t *n_invalid_out)
{
    buf b = *out; /* written through b, stored back into *out on every return */
    size_t from = b.len;
    size_t invalid = 0;
    int ascii = 1;
    const unsigned char *p = (const unsigned char *)in, *end = p + len;
    if (buf_grow(&b, len) < 0)
        goto oom;
    while (p < end) {
        const unsigned char *run = p;
        /* 32, sixteen, then eight bytes at a time while none is NUL, CR or above 0x7F */
#ifdef __SSE2__
        while (end - p >= 32) {
            const __m128i zero = _mm_setzero_si128(), cr = _mm_set1_epi8('\r');
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
            __m128i bad = _mm_or_si128(
                _mm_or_si128(a, c),
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, zero), _mm_cmpeq_epi8(c, zero)),
                             _mm_or_si128(_mm_cmpeq_epi8(a, cr), _mm_cmpeq_epi8(c, cr))));
            if (_mm_movemask_epi8(bad))
                break;
            p += 32;
        }
#endif
        while (end - p >= 16) {
            uint64_t w, v, cw, cv;
            memcpy(&w, p, 8);
            memcpy(&v, p + 8, 8);
            cw = w ^ 0x0D0D0D0D0D0D0D0DULL;
            cv = v ^ 0x0D0D0D0D0D0D0D0DULL;
            if ((w | v | ((w - 0x0101010101010101ULL) & ~w) | ((v - 0x0101010101010101ULL) & ~v) |
                 ((cw - 0x0101010101010101ULL) & ~cw) | ((cv - 0x0101010101010101ULL) & ~cv)) &
                0x8080808080808080ULL)
                break;
            p += 16;
        }
        while (end - p >= 8) {
            uint64_t w, cr;
            memcpy(&w, p, 8);
            cr = w ^ 0x0D0D0D0D0D0D0D0DULL;
            if ((w | ((w - 0x0101010101010101ULL) & ~w) | ((cr - 0x0101010101010101ULL) & ~cr)) &
                0x8080808080808080ULL)
                break;
            p += 8;
        }
        while (p < end && *p >= 0x01 && *p < 0x80 && *p != '\r')
            p++;
        if (p > run && buf_append(&b, run, (size_t)(p - run)) < 0)
            goto oom;
        if (p >= end)
            break;
        if (*p == '\r') {
            if (buf_putc(&b, '\n') < 0)
                goto oom;
            p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
            continue;
        }
        if (*p == 0) {
            invalid++;
            ascii = 0;
            if (buf_append(&b, REPLACEMENT, 3) < 0)
                goto oom;
            p++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(p, end, &cp);
        ascii = 0;
        if (cp == UTF8_INVALID) {
            invalid++;
            if (buf_append(&b, REPLACEMENT, 3) < 0)
                goto oom;
        } else if (buf_append(&b, p, n) < 0) {
            goto oom;
        }
        p += n;
    }
    if (!buf_cstr(&b))
        goto oom;
    if (!ascii) {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t n =
            utf8proc_map((const utf8proc_uint8_t *)b.ptr + from, (utf8proc_ssize_t)(b.len - from),
                         &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n >= 0) {
            b.len = from;
            int rc = buf_append(&b, nfc, (size_t)n);
            free(nfc);
            if (rc < 0)
                goto oom;
        } else {
            free(nfc);
            /* Cannot happen on repaired input; keep the repaired text rather than fail. */
        }
    }
    *out = b;
    if (n_invalid_out)
        *n_invalid_out = invalid;
    return 0;
oom:
    *out = b;
    return ANNALS_ENOMEM;
}

int annals_text_normalize(const char *in, size_t len, char **out, size_t *out_len,
                          size_t *n_invalid_out)
{
    buf b = BUF_INIT;
    int rc = text_normalize_append(in, len, &b, n_invalid_out);
    if (rc < 0) {
        buf_free(&b);
        return rc;
    }
    *out = b.ptr;
    *out_len = b.len;
    return 0;
}
