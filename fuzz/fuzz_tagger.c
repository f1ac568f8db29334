/*
 * fuzz_tagger.c - fuzz target for the time-expression tagger.
 *
 * The first byte picks the reference date (none, or one of a few days including leap days
 * and year edges); the rest is the text. Every returned span must lie inside the text and
 * every value must be a non-empty NUL-terminated string; the tagger is run twice to check
 * that output is the same from call to call on one handle.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annals/temporal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static annals_tagger *t;
    static const annals_date dcts[] = {{2021, 10, 5}, {2020, 2, 29}, {1999, 12, 31},
                                       {2000, 1, 1},  {1, 1, 1},     {9999, 12, 31}};
    if (!t && annals_tagger_open(&t, NULL) < 0)
        return 0;
    if (size == 0)
        return 0;
    const annals_date *dct = data[0] % 7 == 6 ? NULL : &dcts[data[0] % 7];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    const annals_timex *x;
    size_t n;
    if (annals_tagger_tag(t, text, len, dct, &x, &n) < 0)
        return 0;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if ((size_t)x[i].span.off + x[i].span.len > len || x[i].span.len == 0)
            abort();
        if (memchr(x[i].value, '\0', sizeof(x[i].value)) == NULL || x[i].value[0] == '\0')
            abort();
        if (i > 0 && x[i].span.off < x[i - 1].span.off + x[i - 1].span.len)
            abort();
        sum += x[i].span.off * 31u + x[i].span.len + (uint64_t)strlen(x[i].value);
    }
    size_t n1 = n;
    if (annals_tagger_tag(t, text, len, dct, &x, &n) < 0)
        return 0;
    uint64_t sum2 = 0;
    for (size_t i = 0; i < n; i++)
        sum2 += x[i].span.off * 31u + x[i].span.len + (uint64_t)strlen(x[i].value);
    if (n != n1 || sum != sum2)
        abort();
    return 0;
}
