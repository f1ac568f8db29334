/*
 * value_format.c - the few printf conversions TIMEX3 values use, written without stdio.
 *
 * Values are short ISO 8601-like strings ("2010-01-12", "P3Y", "XXXX-WXX-2", "199X"), made
 * from literal bytes, %s, %d and %0Nd (N one digit). snprintf() spent about 2,700
 * instructions per value on its general machinery; here digits are written directly.
 * Output is byte for byte what snprintf() gives for these conversions, truncation included
 * (at most cap - 1 bytes and a NUL); anything else in fmt is an error caught by the unit
 * test (tests/unit/temporal/test_value_format.c compares with snprintf()).
 */
#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "temporal/temporal.h"

/* Appends byte c to dst[*n] when it fits (one byte kept for the NUL); counts it anyway. */
static inline void put(char *dst, size_t cap, size_t *n, char c)
{
    if (*n + 1 < cap)
        dst[*n] = c;
    (*n)++;
}

size_t value_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put(dst, cap, &n, *f);
            continue;
        }
        f++;
        if (*f == 's') {
            for (const char *s = va_arg(ap, const char *); *s; s++)
                put(dst, cap, &n, *s);
            continue;
        }
        if (*f == '%') {
            put(dst, cap, &n, '%');
            continue;
        }
        int width = 0;
        if (*f == '0') {
            f++;
            assert(*f >= '1' && *f <= '9');
            width = *f - '0';
            f++;
        }
        assert(*f == 'd');
        int v = va_arg(ap, int);
        /* magnitude as unsigned so that INT_MIN works like in printf */
        unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
        char digits[12];
        int nd = 0;
        do {
            digits[nd++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0)
            put(dst, cap, &n, '-');
        for (int pad = width - nd - (v < 0); pad > 0; pad--)
            put(dst, cap, &n, '0');
        while (nd > 0)
            put(dst, cap, &n, digits[--nd]);
    }
    if (cap > 0)
        dst[n < cap ? n : cap - 1] = '\0';
    return n;
}

size_t value_format(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = value_vformat(dst, cap, fmt, ap);
    va_end(ap);
    return n;
}
