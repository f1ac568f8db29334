/*
 * tilse_format.c - reads timelines: tilse's text format and annals' JSON timeline output.
 *
 * tilse format (Timeline17's gold files), read as tilse's Timeline.from_file does: every line
 * is stripped (Python's notion of whitespace; "\r\n", "\r" and "\n" end lines); a line that
 * parses as a date (YYYY-M-D, one- or two-digit month and day) starts the block's date; a line
 * of exactly 32 '-' closes the block; any other line is a sentence. A date that occurs twice:
 * the later block wins. A block with no sentence is a date with an empty summary. Empty lines
 * inside a block are empty sentences, which score nothing, so they are not kept.
 * Where tilse would fail or silently differ, a problem is reported and the part skipped:
 * invalid UTF-8 or NUL bytes (line skipped), an impossible date such as 2010-02-30 (line
 * skipped), sentences or a separator without a date, and a last block that is not closed by
 * a separator (tilse drops it; so does this reader).
 *
 * JSON: {"timeline": [{"date": "YYYY-MM-DD", "sentences": ["..." | {"text": "..."}]}]}
 * (a bare array of days is accepted too); other members are ignored.
 *
 * Representation: one arena per timeline holds the days, the sentence arrays and the text.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

typedef struct owned_timeline {
    annals_tls_timeline tl; /* first member: the public pointer is this struct's address */
    arena mem;
} owned_timeline;

typedef VEC(annals_tls_day) day_vec;
typedef VEC(const char *) str_vec;

typedef struct reader {
    const annals_tls_read_options *opts;
    size_t problems;
    arena *mem;
    day_vec days;
} reader;

bool py_isspace(uint32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static void problem(reader *r, size_t line, const char *fmt, const char *arg)
{
    r->problems++;
    if (!r->opts->warn)
        return;
    char msg[256];
    snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
    r->opts->warn(r->opts->warn_ctx, r->opts->name ? r->opts->name : "<timeline>", line, msg);
}

/* Adds a day; a date seen before is replaced in place (the later one wins). */
static int add_day(reader *r, annals_date date, str_vec *sents)
{
    const char **arr = NULL;
    if (sents->len) {
        arr = arena_alloc(r->mem, sents->len * sizeof(char *));
        if (!arr)
            return ANNALS_ENOMEM;
        memcpy(arr, sents->items, sents->len * sizeof(char *));
    }
    annals_tls_day d = {date, arr, sents->len};
    for (size_t i = 0; i < r->days.len; i++) {
        annals_date o = r->days.items[i].date;
        if (o.year == date.year && o.month == date.month && o.day == date.day) {
            r->days.items[i] = d;
            return 0;
        }
    }
    return VEC_PUSH(&r->days, d);
}

/* Python strptime("%Y-%m-%d") shapes: 4-digit year, 1-2 digit month and day. 1 = date,
 * 0 = not date-shaped, -1 = date-shaped but not a real day. */
static int parse_date_line(const char *s, size_t n, annals_date *out)
{
    size_t i = 0;
    int f[3] = {0, 0, 0};
    const size_t minw[3] = {4, 1, 1}, maxw[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++) {
        size_t w = 0;
        while (i < n && ascii_isdigit((unsigned char)s[i]) && w < maxw[k]) {
            f[k] = f[k] * 10 + (s[i] - '0');
            i++;
            w++;
        }
        if (w < minw[k])
            return 0;
        if (k < 2) {
            if (i >= n || s[i] != '-')
                return 0;
            i++;
        }
    }
    if (i != n)
        return 0;
    if (!annals_date_valid(f[0], f[1], f[2]))
        return -1;
    out->year = f[0];
    out->month = f[1];
    out->day = f[2];
    return 1;
}

/* Strips Python whitespace from both ends of a valid UTF-8 line. */
static void py_strip(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s, *end = p + *n;
    const unsigned char *first = NULL, *last_end = p;
    while (p < end) {
        uint32_t cp;
        size_t used = utf8_decode(p, end, &cp);
        if (!py_isspace(cp)) {
            if (!first)
                first = p;
            last_end = p + used;
        }
        p += used;
    }
    if (!first) {
        *n = 0;
        return;
    }
    *s = (const char *)first;
    *n = (size_t)(last_end - first);
}

static int parse_tilse(reader *r, const char *data, size_t len)
{
    static const char SEP[] = "--------------------------------"; /* 32 '-' */
    str_vec sents = VEC_INIT;
    bool have_date = false, open_block = false;
    size_t block_line = 0;
    annals_date date = {0, 0, 0};
    int rc = 0;
    size_t lineno = 0, pos = 0;
    while (pos < len) {
        size_t start = pos;
        while (pos < len && data[pos] != '\n' && data[pos] != '\r')
            pos++;
        size_t n = pos - start;
        if (pos < len && data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n')
            pos++;
        if (pos < len)
            pos++;
        lineno++;
        const char *line = data + start;
        if (memchr(line, '\0', n)) {
            problem(r, lineno, "NUL byte (binary data); line skipped", NULL);
            continue;
        }
        if (utf8_count_invalid(line, n)) {
            problem(r, lineno, "invalid UTF-8; line skipped", NULL);
            continue;
        }
        py_strip(&line, &n);
        if (n == 32 && memcmp(line, SEP, 32) == 0) {
            if (have_date) {
                if ((rc = add_day(r, date, &sents)) < 0)
                    goto cleanup;
            } else {
                problem(r, lineno, "separator line without a date line before it; block skipped",
                        NULL);
            }
            sents.len = 0;
            have_date = open_block = false;
            continue;
        }
        annals_date d;
        int dr = parse_date_line(line, n, &d);
        if (dr < 0) {
            char shown[64];
            snprintf(shown, sizeof(shown), "%.*s", (int)(n < 40 ? n : 40), line);
            problem(r, lineno, "'%s' is not a real calendar date; line skipped", shown);
            continue;
        }
        if (dr > 0) {
            if (have_date)
                problem(r, lineno, "second date line in one block; the later date is used",
                        NULL);
            date = d;
            have_date = open_block = true;
            block_line = lineno;
            continue;
        }
        if (!open_block)
            block_line = lineno;
        open_block = true;
        if (n == 0)
            continue; /* an empty sentence scores nothing */
        char *copy = arena_strndup(r->mem, line, n);
        if (!copy || VEC_PUSH(&sents, copy) < 0) {
            rc = ANNALS_ENOMEM;
            goto cleanup;
        }
    }
    if (open_block && (have_date || sents.len))
        problem(r, block_line,
                "block not closed by a line of 32 '-'; ignored (as the reference reader does)",
                NULL);
cleanup:
    VEC_FREE(&sents);
    return rc;
}

static int parse_json(reader *r, const char *data, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(data, len, 0, &err);
    if (!root) {
        char msg[256];
        snprintf(msg, sizeof(msg), "JSON: %s", err.text);
        problem(r, (size_t)(err.line > 0 ? err.line : 0), "%s", msg);
        return ANNALS_EPARSE;
    }
    str_vec sents = VEC_INIT;
    int rc = 0;
    json_t *arr = json_is_array(root) ? root : json_object_get(root, "timeline");
    if (!json_is_array(arr)) {
        problem(r, 0, "JSON: no \"timeline\" array", NULL);
        rc = ANNALS_EPARSE;
        goto cleanup;
    }
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
        char where[48];
        snprintf(where, sizeof(where), "timeline[%zu]", i);
        json_t *jd = json_object_get(item, "date");
        const char *ds = json_string_value(jd);
        annals_date d;
        if (!ds || parse_date_line(ds, strlen(ds), &d) <= 0) {
            problem(r, 0, "%s: missing or invalid \"date\" (want YYYY-MM-DD); day skipped",
                    where);
            continue;
        }
        json_t *js = json_object_get(item, "sentences");
        sents.len = 0;
        if (js && !json_is_array(js))
            problem(r, 0, "%s: \"sentences\" is not an array; taken as empty", where);
        size_t k;
        json_t *s;
        json_array_foreach(js, k, s) {
            json_t *t = json_is_object(s) ? json_object_get(s, "text") : s;
            const char *text = json_string_value(t);
            if (!text) {
                problem(r, 0, "%s: a sentence is neither a string nor {\"text\": string}",
                        where);
                continue;
            }
            char *copy = arena_strndup(r->mem, text, json_string_length(t));
            if (!copy || VEC_PUSH(&sents, copy) < 0) {
                rc = ANNALS_ENOMEM;
                goto cleanup;
            }
        }
        if ((rc = add_day(r, d, &sents)) < 0)
            goto cleanup;
    }
cleanup:
    VEC_FREE(&sents);
    json_decref(root);
    return rc;
}

int annals_tls_timeline_parse(annals_tls_timeline **out, const char *data, size_t len,
                              const annals_tls_read_options *opts, size_t *problems_out)
{
    static const annals_tls_read_options defaults = ANNALS_TLS_READ_OPTIONS_INIT;
    *out = NULL;
    if (problems_out)
        *problems_out = 0;
    owned_timeline *ot = calloc(1, sizeof(*ot));
    if (!ot)
        return ANNALS_ENOMEM;
    arena_init(&ot->mem);
    reader r = {opts ? opts : &defaults, 0, &ot->mem, VEC_INIT};
    int format = r.opts->format;
    if (format == ANNALS_TLS_FORMAT_AUTO) {
        size_t i = 0;
        while (i < len && ascii_isspace((unsigned char)data[i]))
            i++;
        format = i < len && (data[i] == '{' || data[i] == '[') ? ANNALS_TLS_FORMAT_JSON
                                                                 : ANNALS_TLS_FORMAT_TILSE;
    }
    int rc = format == ANNALS_TLS_FORMAT_JSON ? parse_json(&r, data, len)
                                              : parse_tilse(&r, data, len);
    if (rc == 0 && r.days.len) {
        ot->tl.days = arena_alloc(&ot->mem, r.days.len * sizeof(annals_tls_day));
        if (!ot->tl.days)
            rc = ANNALS_ENOMEM;
        else
            memcpy(ot->tl.days, r.days.items, r.days.len * sizeof(annals_tls_day));
        ot->tl.n_days = r.days.len;
    }
    VEC_FREE(&r.days);
    if (problems_out)
        *problems_out = r.problems;
    if (rc < 0) {
        annals_tls_timeline_free(&ot->tl);
        return rc;
    }
    *out = &ot->tl;
    return 0;
}

int annals_tls_timeline_read(annals_tls_timeline **out, const char *path,
                             const annals_tls_read_options *opts, size_t *problems_out)
{
    annals_tls_read_options o = ANNALS_TLS_READ_OPTIONS_INIT;
    if (opts)
        o = *opts;
    if (!o.name)
        o.name = path;
    *out = NULL;
    if (problems_out)
        *problems_out = 0;
    char *data;
    size_t len;
    int rc = read_file(path, &data, &len);
    if (rc < 0)
        return rc == ANNALS_ENOMEM ? rc : ANNALS_EIO;
    rc = annals_tls_timeline_parse(out, data, len, &o, problems_out);
    free(data);
    return rc;
}

void annals_tls_timeline_free(annals_tls_timeline *tl)
{
    if (!tl)
        return;
    owned_timeline *ot = (owned_timeline *)tl;
    arena_free(&ot->mem);
    free(ot);
}

size_t annals_tls_timeline_sentences(const annals_tls_timeline *tl)
{
    size_t n = 0;
    for (size_t i = 0; tl && i < tl->n_days; i++)
        n += tl->days[i].n_sentences;
    return n;
}
