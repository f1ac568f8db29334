/*
 * fuzz_timeml.c - fuzz target for the TimeML reader and writer.
 *
 * The first byte picks the reader flags; the rest is the document. When it parses, the
 * writer must reproduce it byte for byte from its own TIMEX3 elements (if none is
 * empty), and must accept a made-up set of spans on character boundaries and give a
 * document that reads back with the same text and those spans.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annals/timeml.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    annals_timeml_options opts = ANNALS_TIMEML_OPTIONS_INIT;
    opts.flags = data[0] & (ANNALS_TIMEML_LENIENT | ANNALS_TIMEML_ROOT_TEXT);
    annals_timeml_doc *d = NULL;
    int rc = annals_timeml_read(&d, (const char *)data + 1, size - 1, &opts);
    if (rc < 0) {
        if (d)
            check(annals_timeml_errmsg(d)[0] != '\0');
        annals_timeml_close(d);
        return 0;
    }
    size_t n, len;
    const annals_timeml_timex *x = annals_timeml_timexes(d, &n);
    const char *text = annals_timeml_text(d, &len);
    bool empty = false;
    for (size_t i = 0; i < n; i++)
        empty = empty || x[i].span.len == 0;
    char *out = NULL;
    size_t out_len = 0;
    if (!empty) {
        check(annals_timeml_write(d, x, n, &out, &out_len) == 0);
        check(out_len == size - 1 && memcmp(out, data + 1, out_len) == 0);
        free(out);
    }

    /* made-up spans: every third character run of two characters */
    annals_timeml_timex *made = calloc(len / 3 + 1, sizeof(*made));
    size_t k = 0;
    if (made) {
        uint32_t starts[3] = {0, 0, 0}, chars = 0;
        for (uint32_t i = 0; i <= len; i++) {
            if (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
                continue;
            starts[chars % 3] = i;
            if (chars % 3 == 2 && chars >= 2)
                made[k++] = (annals_timeml_timex){{starts[0], i - starts[0]}, "t", "DATE",
                                                  "X\"<&", "", NULL};
            chars++;
        }
        if (annals_timeml_write(d, made, k, &out, &out_len) == 0) {
            annals_timeml_doc *d2 = NULL;
            annals_timeml_options o2 = opts;
            if (annals_timeml_read(&d2, out, out_len, &o2) == 0) {
                size_t n2, len2;
                const annals_timeml_timex *x2 = annals_timeml_timexes(d2, &n2);
                const char *t2 = annals_timeml_text(d2, &len2);
                check(len2 == len && memcmp(t2, text, len) == 0);
                check(n2 == k);
                for (size_t i = 0; i < k; i++)
                    check(x2[i].span.off == made[i].span.off &&
                          x2[i].span.len == made[i].span.len &&
                          strcmp(x2[i].value, "X\"<&") == 0);
            }
            annals_timeml_close(d2);
            free(out);
        }
        free(made);
    }
    annals_timeml_close(d);
    return 0;
}
