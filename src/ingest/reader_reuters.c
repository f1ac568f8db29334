/*
 * reader_reuters.c - Reuters-21578 SGML (Lewis 1997): every <REUTERS ...> story becomes
 * a document dated by its <DATE> ("26-FEB-1987 15:01:01.79"), titled by <TITLE>, with the
 * <BODY> text (or, for stories without one, the <TEXT> content with tags removed).
 *
 * Character references (&lt; &amp; &#3; ...) are decoded; control characters they produce
 * are dropped. Bodies are hard-wrapped: a line break followed by a non-blank character
 * joins the lines (becomes a space), a line break followed by indentation starts a new
 * paragraph and is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

static const char *find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    while (p + n <= end) {
        const char *q = memchr(p, needle[0], (size_t)(end - p));
        if (!q || q + n > end)
            return NULL;
        if (memcmp(q, needle, n) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/* The content between <TAG...> and </TAG> inside [p, end), or NULL. */
static const char *element(const char *p, const char *end, const char *tag, size_t *len)
{
    char open[32], close[32];
    snprintf(open, sizeof(open), "<%s", tag);
    snprintf(close, sizeof(close), "</%s>", tag);
    const char *o = find(p, end, open);
    while (o && o + strlen(open) < end && o[strlen(open)] != '>' && o[strlen(open)] != ' ')
        o = find(o + 1, end, open);
    if (!o)
        return NULL;
    const char *gt = memchr(o, '>', (size_t)(end - o));
    if (!gt)
        return NULL;
    const char *c = find(gt + 1, end, close);
    if (!c)
        return NULL;
    *len = (size_t)(c - (gt + 1));
    return gt + 1;
}

/* Appends [p, p+n) to b with entities decoded, tags removed and wrapped lines joined. */
/* Bytes copied as they are: not markup, not an entity, not a control character. */
static int plain_byte(unsigned char c)
{
    return (c >= 0x20 && c != '<' && c != '&') || c == '\t';
}

static int append_text(buf *b, const char *p, size_t n, int unwrap)
{
    for (size_t i = 0; i < n; i++) {
        size_t run = i;
        while (run < n && plain_byte((unsigned char)p[run]))
            run++;
        if (run > i) {
            if (buf_append(b, p + i, run - i) < 0)
                return ANNALS_ENOMEM;
            if (run == n)
                break;
            i = run;
        }
        char c = p[i];
        if (c == '<') {
            const char *gt = memchr(p + i, '>', n - i);
            if (gt) {
                i = (size_t)(gt - p);
                continue;
            }
        }
        if (c == '&') {
            const char *semi = memchr(p + i, ';', n - i < 10 ? n - i : 10);
            if (semi) {
                const char *e = p + i + 1;
                size_t elen = (size_t)(semi - e);
                uint32_t cp = 0;
                if (elen >= 2 && e[0] == '#') {
                    for (size_t k = 1; k < elen && ascii_isdigit((unsigned char)e[k]); k++)
                        cp = cp * 10 + (uint32_t)(e[k] - '0');
                } else if (elen == 2 && memcmp(e, "lt", 2) == 0) {
                    cp = '<';
                } else if (elen == 2 && memcmp(e, "gt", 2) == 0) {
                    cp = '>';
                } else if (elen == 3 && memcmp(e, "amp", 3) == 0) {
                    cp = '&';
                } else if (elen == 4 && memcmp(e, "quot", 4) == 0) {
                    cp = '"';
                }
                if (cp || (elen >= 2 && e[0] == '#')) {
                    if (cp >= 0x20 && cp <= 0x10FFFF && buf_put_utf8(b, cp) < 0)
                        return ANNALS_ENOMEM;
                    i = (size_t)(semi - p);
                    continue;
                }
            }
        }
        if (c == '\n' && unwrap && i + 1 < n && p[i + 1] != ' ' && p[i + 1] != '\n' &&
            p[i + 1] != '\t') {
            c = ' ';
        }
        if ((unsigned char)c < 0x20 && c != '\n' && c != '\t')
            continue;
        if (buf_putc(b, c) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

static int parse_date(const char *s, size_t n, annals_date *out)
{
    static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    while (n && ascii_isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n < 11 || s[2] != '-' || s[6] != '-')
        return ANNALS_EPARSE;
    int day = 0, year = 0, month = 0;
    for (int i = 0; i < 2; i++) {
        if (!ascii_isdigit((unsigned char)s[i]))
            return ANNALS_EPARSE;
        day = day * 10 + (s[i] - '0');
    }
    for (int m = 0; m < 12; m++) {
        if (ascii_lower((unsigned char)s[3]) == ascii_lower(months[m * 3]) &&
            ascii_lower((unsigned char)s[4]) == ascii_lower(months[m * 3 + 1]) &&
            ascii_lower((unsigned char)s[5]) == ascii_lower(months[m * 3 + 2]))
            month = m + 1;
    }
    for (int i = 7; i < 11; i++) {
        if (!ascii_isdigit((unsigned char)s[i]))
            return ANNALS_EPARSE;
        year = year * 10 + (s[i] - '0');
    }
    if (!annals_date_valid(year, month, day))
        return ANNALS_EPARSE;
    out->year = year;
    out->month = month;
    out->day = day;
    return 0;
}

int ingest_read_reuters(const char *data, size_t len, const reader_sink *sink)
{
    const char *p = data, *end = data + len;
    const char *line_at = data;
    long line = 1;
    buf text = BUF_INIT, title = BUF_INIT;
    int rc = 0;
    int stories = 0;
    while ((p = find(p, end, "<REUTERS")) != NULL) {
        for (; line_at < p; line_at++)
            line += *line_at == '\n';
        const char *close = find(p, end, "</REUTERS>");
        if (!close) {
            sink->problem(sink->ctx, line, "<REUTERS> story without </REUTERS>");
            break;
        }
        stories++;
        raw_doc d;
        memset(&d, 0, sizeof(d));
        d.line = line;
        char idbuf[24] = "";
        const char *nid = find(p, close, "NEWID=\"");
        if (nid) {
            size_t k = 0;
            for (nid += 7; nid < close && ascii_isdigit((unsigned char)*nid) && k < 20; nid++)
                idbuf[k++] = *nid;
            idbuf[k] = '\0';
            d.id = idbuf;
            d.id_len = k;
            d.id_is_local = 1;
        }
        size_t n;
        const char *date = element(p, close, "DATE", &n);
        if (!date || parse_date(date, n, &d.pub) < 0) {
            sink->problem(sink->ctx, line, "story without a valid <DATE>");
            p = close;
            continue;
        }
        buf_clear(&text);
        buf_clear(&title);
        const char *t = element(p, close, "TITLE", &n);
        if (t && (rc = append_text(&title, t, n, 1)) < 0)
            break;
        if (title.len && ((rc = buf_append(&text, title.ptr, title.len)) < 0 ||
                          (rc = buf_putc(&text, '\n')) < 0))
            break;
        const char *body = element(p, close, "BODY", &n);
        if (!body) {
            body = element(p, close, "TEXT", &n);
            /* without <BODY>, <TEXT> repeats the title: keep only what follows it */
            if (body && t) {
                const char *after = find(body, body + n, "</TITLE>");
                if (after) {
                    after += 8;
                    n -= (size_t)(after - body);
                    body = after;
                }
            }
        }
        if (body && (rc = append_text(&text, body, n, 1)) < 0)
            break;
        if (!buf_cstr(&text) || !buf_cstr(&title)) {
            rc = ANNALS_ENOMEM;
            break;
        }
        d.text = text.ptr;
        d.len = text.len;
        d.title = title.len ? title.ptr : NULL;
        d.title_len = title.len;
        if ((rc = sink->doc(sink->ctx, &d)) < 0)
            break;
        p = close;
    }
    if (rc == 0 && stories == 0)
        sink->problem(sink->ctx, 0, "no <REUTERS> story in the file");
    buf_free(&text);
    buf_free(&title);
    return rc;
}
