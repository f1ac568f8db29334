/*
 * buf.c - growable byte strings and typed vectors.
 *
 * Capacity doubles; the byte after the last one is always reserved for a NUL so that
 * buf_cstr() never needs to grow a non-empty buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int buf_grow(buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return ANNALS_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->ptr, cap);
    if (!p)
        return ANNALS_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return 0;
}

int buf_append(buf *b, const void *data, size_t n)
{
    if (buf_grow(b, n) < 0)
        return ANNALS_ENOMEM;
    if (n)
        memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return 0;
}

int buf_puts(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return ANNALS_EINVAL;
    if ((size_t)n < sizeof(small))
        return buf_append(b, small, (size_t)n);
    if (buf_grow(b, (size_t)n) < 0)
        return ANNALS_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int buf_put_utf8(buf *b, uint32_t cp)
{
    char tmp[4];
    int n = utf8_encode(cp, tmp);
    return buf_append(b, tmp, (size_t)n);
}

int buf_put_json_escaped(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (buf_append(b, s + start, i - start) < 0)
            return ANNALS_ENOMEM;
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t elen = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
        }
        if (buf_append(b, esc, elen) < 0)
            return ANNALS_ENOMEM;
        start = i + 1;
    }
    return buf_append(b, s + start, n - start);
}

const char *buf_cstr(buf *b)
{
    if (!b->ptr && buf_grow(b, 0) < 0)
        return NULL;
    b->ptr[b->len] = '\0';
    return b->ptr;
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void buf_free(buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

int vec_reserve_(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem)
            return ANNALS_ENOMEM;
        ncap *= 2;
    }
    void *p = realloc(*items, ncap * elem);
    if (!p)
        return ANNALS_ENOMEM;
    *items = p;
    *cap = ncap;
    return 0;
}
