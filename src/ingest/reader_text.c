/*
 * reader_text.c - annals text: "date YYYY-MM-DD" header, optional headline, body.
 *
 * The header is the first line when, after optional spaces or tabs, it reads "date", white
 * space and ten characters of the form DDDD-DD-DD; the article may go on after it on the
 * same line. A header whose date does not exist (2021-02-30) rejects the document: no date
 * is guessed. Without a header the whole file is the body and the date is unknown.
 * The headline is the body's first line when it is short, does not end like a sentence and
 * more text follows it; it stays part of the body (so it is searchable and has a span).
 */
#include <stdio.h>
#include <string.h>

#include "ingest.h"

#define HEADLINE_MAX 200

static int is_digit_at(const char *s, size_t i)
{
    return ascii_isdigit((unsigned char)s[i]);
}

/* Length of the headline at the start of body, or 0. */
static size_t headline(const char *body, size_t len)
{
    const char *nl = memchr(body, '\n', len);
    if (!nl)
        return 0;
    size_t n = (size_t)(nl - body);
    while (n > 0 && ascii_isspace((unsigned char)body[n - 1]))
        n--;
    if (n == 0 || n > HEADLINE_MAX)
        return 0;
    char last = body[n - 1];
    if (last == '.' || last == '!' || last == '?' || last == ',' || last == ';' || last == ':')
        return 0;
    /* more text must follow */
    for (const char *p = nl; p < body + len; p++)
        if (!ascii_isspace((unsigned char)*p))
            return n;
    return 0;
}

int ingest_read_text(const char *data, size_t len, const reader_sink *sink)
{
    raw_doc d;
    memset(&d, 0, sizeof(d));
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t'))
        i++;
    if (len - i >= 15 && memcmp(data + i, "date", 4) == 0 &&
        (data[i + 4] == ' ' || data[i + 4] == '\t')) {
        size_t j = i + 4;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        if (len - j >= 10 && is_digit_at(data, j) && is_digit_at(data, j + 1) &&
            is_digit_at(data, j + 2) && is_digit_at(data, j + 3) && data[j + 4] == '-' &&
            is_digit_at(data, j + 5) && is_digit_at(data, j + 6) && data[j + 7] == '-' &&
            is_digit_at(data, j + 8) && is_digit_at(data, j + 9) &&
            (len - j == 10 || ascii_isspace((unsigned char)data[j + 10]))) {
            if (annals_date_parse_iso(&d.pub, data + j, 10) < 0) {
                char why[80];
                snprintf(why, sizeof(why), "impossible date in header 'date %.10s'", data + j);
                sink->problem(sink->ctx, 1, why);
                return 0;
            }
            i = j + 10;
            while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
                i++;
            if (i < len && data[i] == '\n')
                i++; /* the header line ends here: the body starts on the next line */
            data += i;
            len -= i;
        }
    }
    d.text = data;
    d.len = len;
    size_t skip = 0;
    while (skip < len && ascii_isspace((unsigned char)data[skip]))
        skip++;
    size_t h = headline(data + skip, len - skip);
    if (h) {
        d.title = data + skip;
        d.title_len = h;
    }
    return sink->doc(sink->ctx, &d);
}
