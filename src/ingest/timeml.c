/*
 * timeml.c - TimeML reader and writer (see include/annals/timeml.h).
 *
 * Representation: the raw file is kept as read. One pass tokenizes it into character data
 * and markup (tags, comments, processing instructions, the DOCTYPE) while checking that
 * elements nest. The character data of <TEXT> is decoded (entities resolved) into text;
 * for every decoded byte k, rstart[k]..rend[k] is the raw range it came from, so a span
 * of the decoded text maps back to the file exactly. Every piece of markup inside <TEXT>
 * is kept in tags (raw range, kind, the index of the matching opening tag), which is all
 * the writer needs to drop the old TIMEX3 tags and put new ones in the right place.
 *
 * Sources: XML 1.0 (5th ed.) sections 2.2 (characters), 2.4 (character data), 2.5
 * (comments), 2.6 (PIs), 3.1 (tags), 4.1 (character references); TimeML 1.2.1
 * specification (TIMEX3 attributes, the DCT); the TempEval-3 data layout (TBAQ-cleaned).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "annals/timeml.h"
#include "util.h"

enum tag_kind { TAG_OPEN, TAG_CLOSE, TAG_EMPTY, TAG_OTHER };

typedef struct tag {
    uint32_t off, len;
    enum tag_kind kind;
    bool timex;   /* a TIMEX3 tag (dropped by the writer) */
    uint32_t mate; /* for TAG_CLOSE: index of the opening tag in tags */
} tag;

typedef struct open_elem {
    uint32_t name_off, name_len;
    uint32_t tag_off;
    uint32_t tag_index; /* index in tags when inside TEXT, else UINT32_MAX */
} open_elem;

struct annals_timeml_doc {
    char *raw;
    size_t raw_len;
    buf text;
    VEC(uint32_t) rstart;
    VEC(uint32_t) rend;
    uint32_t text_begin, text_end; /* raw range of the <TEXT> content */
    VEC(tag) tags;
    VEC(annals_timeml_timex) timexes;
    const char *dct_value; /* NULL when there is none */
    annals_date dct;
    bool dct_ok;
    arena strings;
    char errmsg[256];
    unsigned errline;
};

/* The parser's working state. */
typedef struct parser {
    annals_timeml_doc *d;
    unsigned flags;
    bool root_text;   /* no <TEXT>: the root element's content is the text */
    int text_state;   /* 0 before <TEXT>, 1 inside, 2 after */
    size_t text_depth; /* stack depth of the TEXT element (1-based) */
    size_t dct_depth;  /* stack depth of an open <DCT>, 0 when none */
    bool in_timex;
    annals_timeml_timex cur; /* the TIMEX3 being read */
    VEC(open_elem) stack;
    bool dct_from_function; /* the DCT came from functionInDocument="CREATION_TIME" */
} parser;

static unsigned line_of(const char *raw, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += raw[i] == '\n';
    return line;
}

static int fail(annals_timeml_doc *d, size_t raw_off, int code, const char *why)
{
    d->errline = line_of(d->raw, raw_off);
    snprintf(d->errmsg, sizeof(d->errmsg), "%s", why);
    return code;
}

static bool name_start(unsigned char c)
{
    return ascii_isalpha(c) || c == '_' || c == ':' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
    return name_start(c) || ascii_isdigit(c) || c == '-' || c == '.';
}

static bool name_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(s, name, n) == 0;
}

static const char *find_str(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
            return s + i;
    }
    return NULL;
}

/* Checks that raw is UTF-8 without control characters other than tab, LF and CR. */
static int check_chars(annals_timeml_doc *d)
{
    const unsigned char *p = (const unsigned char *)d->raw;
    const unsigned char *end = p + d->raw_len;
    while (p < end) {
        uint32_t cp;
        size_t n = utf8_decode(p, end, &cp);
        size_t off = (size_t)(p - (const unsigned char *)d->raw);
        if (cp == UTF8_INVALID)
            return fail(d, off, ANNALS_EPARSE, "invalid UTF-8");
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
            return fail(d, off, ANNALS_EPARSE, "control character (binary data?)");
        p += n;
    }
    return 0;
}

/*
 * Decodes the entity at s[0] == '&' within s[0, n). On success stores the code point and
 * the entity's length. Returns 0 or -1 when it is not a well-formed known entity.
 */
static int decode_entity(const char *s, size_t n, uint32_t *cp, size_t *len_out)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    size_t semi = 1;
    while (semi < n && semi < 12 && s[semi] != ';')
        semi++;
    if (semi >= n || s[semi] != ';')
        return -1;
    if (s[1] == '#') {
        uint32_t v = 0;
        size_t i = 2;
        bool hex = i < semi && s[i] == 'x';
        if (hex)
            i++;
        if (i == semi)
            return -1;
        for (; i < semi; i++) {
            int c = (unsigned char)s[i], digit;
            if (ascii_isdigit(c))
                digit = c - '0';
            else if (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f')
                digit = ascii_lower(c) - 'a' + 10;
            else
                return -1;
            v = v * (hex ? 16 : 10) + (uint32_t)digit;
            if (v > 0x10FFFF)
                return -1;
        }
        if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || (v >= 0xD800 && v <= 0xDFFF))
            return -1;
        *cp = v;
        *len_out = semi + 1;
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(named); i++) {
        if (name_is(s + 1, semi - 1, named[i].name)) {
            *cp = named[i].cp;
            *len_out = semi + 1;
            return 0;
        }
    }
    return -1;
}

/* Decodes an attribute value s[0, n) (raw offset base for messages) into the arena. */
static int decode_attr(parser *ps, size_t base, const char *s, size_t n, const char **out)
{
    annals_timeml_doc *d = ps->d;
    buf b = BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '&') {
            uint32_t cp;
            size_t k;
            if (decode_entity(s + i, n - i, &cp, &k) == 0) {
                if ((rc = buf_put_utf8(&b, cp)) < 0)
                    goto cleanup;
                i += k;
                continue;
            }
            if (!(ps->flags & ANNALS_TIMEML_LENIENT)) {
                rc = fail(d, base + i, ANNALS_EPARSE, "unknown or malformed entity");
                goto cleanup;
            }
        }
        if ((rc = buf_putc(&b, s[i])) < 0)
            goto cleanup;
        i++;
    }
    *out = arena_strndup(&d->strings, b.ptr ? b.ptr : "", b.len);
    if (!*out)
        rc = ANNALS_ENOMEM;
cleanup:
    buf_free(&b);
    return rc;
}

/* Appends decoded bytes coming from raw[rs, re) to the text. */
static int put_text(annals_timeml_doc *d, const char *bytes, size_t n, uint32_t rs, uint32_t re)
{
    if (buf_append(&d->text, bytes, n) < 0)
        return ANNALS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (VEC_PUSH(&d->rstart, rs) < 0 || VEC_PUSH(&d->rend, re) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

static bool in_text(const parser *ps)
{
    return ps->text_state == 1;
}

/* An attribute of the tag being parsed. */
typedef struct attr {
    uint32_t name_off, name_len, val_off, val_len;
} attr;

/*
 * Parses the attributes and the end of a start tag from raw[p]. Stores up to max
 * attributes, the position after the tag and whether it ends with "/>".
 */
static int parse_attrs(parser *ps, size_t p, attr *attrs, size_t max, size_t *n_attrs,
                       size_t *end_out, bool *empty_out)
{
    annals_timeml_doc *d = ps->d;
    const char *r = d->raw;
    size_t n = d->raw_len, k = 0;
    for (;;) {
        size_t ws = p;
        while (p < n && ascii_isspace((unsigned char)r[p]))
            p++;
        if (p >= n)
            return fail(d, p, ANNALS_EPARSE, "unterminated tag");
        if (r[p] == '>') {
            *end_out = p + 1;
            *empty_out = false;
            break;
        }
        if (r[p] == '/' && p + 1 < n && r[p + 1] == '>') {
            *end_out = p + 2;
            *empty_out = true;
            break;
        }
        if (!name_start((unsigned char)r[p]) || p == ws)
            return fail(d, p, ANNALS_EPARSE, "malformed attribute in tag");
        size_t name = p;
        while (p < n && name_char((unsigned char)r[p]))
            p++;
        size_t name_len = p - name;
        while (p < n && ascii_isspace((unsigned char)r[p]))
            p++;
        if (p >= n || r[p] != '=')
            return fail(d, p, ANNALS_EPARSE, "attribute without '=' in tag");
        p++;
        while (p < n && ascii_isspace((unsigned char)r[p]))
            p++;
        if (p >= n || (r[p] != '"' && r[p] != '\''))
            return fail(d, p, ANNALS_EPARSE, "attribute value not quoted");
        char q = r[p++];
        size_t val = p;
        while (p < n && r[p] != q && r[p] != '<')
            p++;
        if (p >= n || r[p] != q)
            return fail(d, val, ANNALS_EPARSE, "unterminated attribute value");
        if (k < max)
            attrs[k++] = (attr){(uint32_t)name, (uint32_t)name_len, (uint32_t)val,
                                (uint32_t)(p - val)};
        p++;
    }
    *n_attrs = k;
    return 0;
}

/* The decoded value of attribute name, "" when absent. */
static int attr_value(parser *ps, const attr *attrs, size_t n, const char *name, const char **out)
{
    const char *r = ps->d->raw;
    for (size_t i = 0; i < n; i++) {
        if (name_is(r + attrs[i].name_off, attrs[i].name_len, name))
            return decode_attr(ps, attrs[i].val_off, r + attrs[i].val_off, attrs[i].val_len,
                               out);
    }
    *out = "";
    return 0;
}

static void set_dct(annals_timeml_doc *d, const char *value)
{
    d->dct_value = value;
    d->dct_ok = false;
    size_t n = strlen(value);
    if (n >= 10 && value[4] == '-' && value[7] == '-' &&
        annals_date_parse_iso(&d->dct, value, 10) == 0) {
        d->dct_ok = true;
    } else if (n >= 8) {
        bool digits = true;
        for (size_t i = 0; i < 8; i++)
            digits = digits && ascii_isdigit((unsigned char)value[i]);
        int y = 0, m = 0, day = 0;
        if (digits) {
            y = (value[0] - '0') * 1000 + (value[1] - '0') * 100 + (value[2] - '0') * 10 +
                (value[3] - '0');
            m = (value[4] - '0') * 10 + (value[5] - '0');
            day = (value[6] - '0') * 10 + (value[7] - '0');
        }
        if (digits && annals_date_valid(y, m, day)) {
            d->dct = (annals_date){y, m, day};
            d->dct_ok = true;
        }
    }
}

/* Handles a start tag <name ...> or <name .../> at raw[off]; p is after the name. */
static int start_tag(parser *ps, size_t off, size_t name, size_t name_len, size_t p,
                     size_t *end_out)
{
    annals_timeml_doc *d = ps->d;
    const char *r = d->raw;
    attr attrs[16];
    size_t n_attrs, end;
    bool empty;
    int rc = parse_attrs(ps, p, attrs, ARRAY_SIZE(attrs), &n_attrs, &end, &empty);
    if (rc < 0)
        return rc;
    *end_out = end;
    bool is_timex = name_is(r + name, name_len, "TIMEX3");
    bool is_text = ps->text_state == 0 &&
                   (ps->root_text ? ps->stack.len == 0 : name_is(r + name, name_len, "TEXT"));
    uint32_t tag_index = UINT32_MAX;
    if (in_text(ps)) {
        tag_index = (uint32_t)d->tags.len;
        tag t = {(uint32_t)off, (uint32_t)(end - off), empty ? TAG_EMPTY : TAG_OPEN, is_timex,
                 0};
        if (VEC_PUSH(&d->tags, t) < 0)
            return ANNALS_ENOMEM;
    }
    if (is_timex) {
        annals_timeml_timex x = {{0, 0}, "", "", "", "", NULL};
        const char *fid = "";
        if ((rc = attr_value(ps, attrs, n_attrs, "tid", &x.tid)) < 0 ||
            (rc = attr_value(ps, attrs, n_attrs, "type", &x.type)) < 0 ||
            (rc = attr_value(ps, attrs, n_attrs, "value", &x.value)) < 0 ||
            (rc = attr_value(ps, attrs, n_attrs, "mod", &x.mod)) < 0 ||
            (rc = attr_value(ps, attrs, n_attrs, "functionInDocument", &fid)) < 0)
            return rc;
        if (in_text(ps)) {
            if (ps->in_timex)
                return fail(d, off, ANNALS_EPARSE, "TIMEX3 inside another TIMEX3");
            x.tag = arena_strndup(&d->strings, r + off, end - off);
            if (!x.tag)
                return ANNALS_ENOMEM;
            x.span.off = (uint32_t)d->text.len;
            if (empty) {
                /* An empty <TIMEX3/> covers no text; it is kept so that counts match the
                   file, and never matches anything in scoring. */
                if (VEC_PUSH(&d->timexes, x) < 0)
                    return ANNALS_ENOMEM;
            } else {
                ps->in_timex = true;
                ps->cur = x;
            }
        } else if (strcmp(fid, "CREATION_TIME") == 0 && !ps->dct_from_function) {
            set_dct(d, x.value);
            ps->dct_from_function = true;
        } else if (ps->dct_depth && !d->dct_value) {
            set_dct(d, x.value);
        }
    }
    if (empty)
        return 0;
    open_elem e = {(uint32_t)name, (uint32_t)name_len, (uint32_t)off, tag_index};
    if (VEC_PUSH(&ps->stack, e) < 0)
        return ANNALS_ENOMEM;
    if (is_text) {
        ps->text_state = 1;
        ps->text_depth = ps->stack.len;
        d->text_begin = (uint32_t)end;
    }
    if (name_is(r + name, name_len, "DCT") && !ps->dct_depth)
        ps->dct_depth = ps->stack.len;
    return 0;
}

/* Handles an end tag </name> at raw[off]; p is after the name. */
static int end_tag(parser *ps, size_t off, size_t name, size_t name_len, size_t p,
                   size_t *end_out)
{
    annals_timeml_doc *d = ps->d;
    const char *r = d->raw;
    while (p < d->raw_len && ascii_isspace((unsigned char)r[p]))
        p++;
    if (p >= d->raw_len || r[p] != '>')
        return fail(d, off, ANNALS_EPARSE, "unterminated end tag");
    *end_out = p + 1;
    if (ps->stack.len == 0)
        return fail(d, off, ANNALS_EPARSE, "end tag without a matching start tag");
    open_elem top = ps->stack.items[ps->stack.len - 1];
    if (!(top.name_len == name_len && memcmp(r + top.name_off, r + name, name_len) == 0)) {
        char why[160];
        snprintf(why, sizeof(why), "</%.*s> closes <%.*s> opened on line %u",
                 (int)(name_len > 40 ? 40 : name_len), r + name,
                 (int)(top.name_len > 40 ? 40 : top.name_len), r + top.name_off,
                 line_of(r, top.tag_off));
        return fail(d, off, ANNALS_EPARSE, why);
    }
    if (ps->text_state == 1 && ps->stack.len == ps->text_depth) {
        ps->text_state = 2;
        d->text_end = (uint32_t)off;
    } else if (in_text(ps)) {
        bool is_timex = name_is(r + name, name_len, "TIMEX3");
        tag t = {(uint32_t)off, (uint32_t)(p + 1 - off), TAG_CLOSE, is_timex, top.tag_index};
        if (VEC_PUSH(&d->tags, t) < 0)
            return ANNALS_ENOMEM;
        if (is_timex && ps->in_timex) {
            ps->cur.span.len = (uint32_t)d->text.len - ps->cur.span.off;
            if (VEC_PUSH(&d->timexes, ps->cur) < 0)
                return ANNALS_ENOMEM;
            ps->in_timex = false;
        }
    }
    if (ps->dct_depth == ps->stack.len)
        ps->dct_depth = 0;
    ps->stack.len--;
    return 0;
}

/* Markup other than elements: <!-- -->, <? ?>, <!DOCTYPE ...>. */
static int other_markup(parser *ps, size_t off, size_t *end_out)
{
    annals_timeml_doc *d = ps->d;
    const char *r = d->raw + off;
    size_t n = d->raw_len - off;
    const char *e;
    size_t close_len;
    if (n >= 4 && memcmp(r, "<!--", 4) == 0) {
        e = find_str(r + 4, n - 4, "-->");
        close_len = 3;
    } else if (n >= 9 && memcmp(r, "<![CDATA[", 9) == 0) {
        return fail(d, off, ANNALS_EPARSE, "CDATA sections are not supported in TimeML");
    } else if (n >= 2 && r[1] == '?') {
        e = find_str(r + 2, n - 2, "?>");
        close_len = 2;
    } else {
        /* <!DOCTYPE ...> possibly with an internal subset in brackets */
        const char *br = memchr(r, '[', n);
        const char *gt = memchr(r, '>', n);
        if (br && gt && br < gt) {
            e = find_str(br, n - (size_t)(br - r), "]>");
            close_len = 2;
        } else {
            e = gt;
            close_len = 1;
        }
    }
    if (!e)
        return fail(d, off, ANNALS_EPARSE, "unterminated comment or declaration");
    *end_out = (size_t)(e - d->raw) + close_len;
    if (in_text(ps)) {
        tag t = {(uint32_t)off, (uint32_t)(*end_out - off), TAG_OTHER, false, 0};
        if (VEC_PUSH(&d->tags, t) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

static int parse(parser *ps)
{
    annals_timeml_doc *d = ps->d;
    const char *r = d->raw;
    size_t n = d->raw_len, p = 0;
    int rc;
    while (p < n) {
        char c = r[p];
        if (c == '<') {
            size_t end = p;
            if (p + 1 < n && (r[p + 1] == '!' || r[p + 1] == '?')) {
                rc = other_markup(ps, p, &end);
            } else if (p + 1 < n && r[p + 1] == '/' && p + 2 < n &&
                       name_start((unsigned char)r[p + 2])) {
                size_t q = p + 2;
                while (q < n && name_char((unsigned char)r[q]))
                    q++;
                rc = end_tag(ps, p, p + 2, q - (p + 2), q, &end);
            } else if (p + 1 < n && name_start((unsigned char)r[p + 1])) {
                size_t q = p + 1;
                while (q < n && name_char((unsigned char)r[q]))
                    q++;
                rc = start_tag(ps, p, p + 1, q - (p + 1), q, &end);
            } else if (ps->flags & ANNALS_TIMEML_LENIENT) {
                rc = in_text(ps) ? put_text(d, "<", 1, (uint32_t)p, (uint32_t)p + 1) : 0;
                end = p + 1;
            } else {
                rc = fail(d, p, ANNALS_EPARSE, "'<' that starts no tag (write &lt;)");
            }
            if (rc < 0)
                return rc;
            p = end;
        } else if (c == '&') {
            uint32_t cp;
            size_t k;
            if (decode_entity(r + p, n - p, &cp, &k) == 0) {
                if (in_text(ps)) {
                    char tmp[4];
                    int m = utf8_encode(cp, tmp);
                    if ((rc = put_text(d, tmp, (size_t)m, (uint32_t)p, (uint32_t)(p + k))) < 0)
                        return rc;
                }
                p += k;
            } else if (ps->flags & ANNALS_TIMEML_LENIENT) {
                if (in_text(ps) && (rc = put_text(d, "&", 1, (uint32_t)p, (uint32_t)p + 1)) < 0)
                    return rc;
                p++;
            } else {
                return fail(d, p, ANNALS_EPARSE, "unknown or malformed entity (write &amp;)");
            }
        } else {
            size_t q = p;
            while (q < n && r[q] != '<' && r[q] != '&')
                q++;
            if (in_text(ps)) {
                if (buf_append(&d->text, r + p, q - p) < 0)
                    return ANNALS_ENOMEM;
                if (VEC_RESERVE(&d->rstart, d->rstart.len + (q - p)) < 0 ||
                    VEC_RESERVE(&d->rend, d->rend.len + (q - p)) < 0)
                    return ANNALS_ENOMEM;
                for (size_t i = p; i < q; i++) {
                    d->rstart.items[d->rstart.len++] = (uint32_t)i;
                    d->rend.items[d->rend.len++] = (uint32_t)i + 1;
                }
            }
            p = q;
        }
    }
    if (ps->stack.len) {
        open_elem top = ps->stack.items[ps->stack.len - 1];
        char why[128];
        snprintf(why, sizeof(why), "<%.*s> is never closed",
                 (int)(top.name_len > 40 ? 40 : top.name_len), r + top.name_off);
        return fail(d, top.tag_off, ANNALS_EPARSE, why);
    }
    if (ps->text_state != 2)
        return fail(d, n, ANNALS_EPARSE, "no <TEXT> element");
    return 0;
}

int annals_timeml_read(annals_timeml_doc **out, const char *raw, size_t len,
                       const annals_timeml_options *opts)
{
    static const annals_timeml_options defaults = ANNALS_TIMEML_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    annals_timeml_doc *d = calloc(1, sizeof(*d));
    if (!d)
        return ANNALS_ENOMEM;
    arena_init(&d->strings);
    parser ps = {0};
    ps.d = d;
    ps.flags = opts->flags;
    int rc = 0;
    d->raw = malloc(len + 1);
    if (!d->raw || buf_grow(&d->text, len) < 0) {
        annals_timeml_close(d);
        return ANNALS_ENOMEM;
    }
    memcpy(d->raw, raw, len);
    d->raw[len] = '\0';
    d->text.ptr[0] = '\0';
    d->raw_len = len;
    *out = d;
    if (len >= UINT32_MAX) {
        rc = fail(d, 0, ANNALS_EINVAL, "file too large (4 GiB or more)");
        goto cleanup;
    }
    if ((rc = check_chars(d)) < 0)
        goto cleanup;
    if (opts->flags & ANNALS_TIMEML_ROOT_TEXT) {
        const char *t = d->raw;
        ps.root_text = true;
        while ((t = find_str(t, len - (size_t)(t - d->raw), "<TEXT")) != NULL) {
            if (t[5] == '>' || ascii_isspace((unsigned char)t[5])) {
                ps.root_text = false;
                break;
            }
            t += 5;
        }
    }
    rc = parse(&ps);
cleanup:
    if (rc == ANNALS_ENOMEM) {
        annals_timeml_close(d);
        *out = NULL;
    }
    VEC_FREE(&ps.stack);
    return rc;
}

void annals_timeml_close(annals_timeml_doc *d)
{
    if (!d)
        return;
    free(d->raw);
    buf_free(&d->text);
    VEC_FREE(&d->rstart);
    VEC_FREE(&d->rend);
    VEC_FREE(&d->tags);
    VEC_FREE(&d->timexes);
    arena_free(&d->strings);
    free(d);
}

const char *annals_timeml_errmsg(const annals_timeml_doc *d)
{
    return d->errmsg;
}

unsigned annals_timeml_errline(const annals_timeml_doc *d)
{
    return d->errline;
}

const char *annals_timeml_text(const annals_timeml_doc *d, size_t *len_out)
{
    *len_out = d->text.len;
    return d->text.ptr ? d->text.ptr : "";
}

int annals_timeml_dct(const annals_timeml_doc *d, annals_date *out, const char **value_out)
{
    if (value_out)
        *value_out = d->dct_value;
    if (!d->dct_ok)
        return ANNALS_ENOTFOUND;
    *out = d->dct;
    return 0;
}

const annals_timeml_timex *annals_timeml_timexes(const annals_timeml_doc *d, size_t *n_out)
{
    *n_out = d->timexes.len;
    return d->timexes.items;
}

uint32_t annals_timeml_char_offset(const annals_timeml_doc *d, uint32_t off)
{
    uint32_t chars = 0;
    for (uint32_t i = 0; i < off && i < d->text.len; i++)
        chars += ((unsigned char)d->text.ptr[i] & 0xC0) != 0x80;
    return chars;
}

unsigned annals_timeml_line(const annals_timeml_doc *d, uint32_t off)
{
    size_t raw_off = off < d->rstart.len ? d->rstart.items[off] : d->text_end;
    return line_of(d->raw, raw_off);
}

/* ---- writer ------------------------------------------------------------------------- */

static bool char_boundary(const annals_timeml_doc *d, uint32_t off)
{
    return off >= d->text.len || ((unsigned char)d->text.ptr[off] & 0xC0) != 0x80;
}

/* The index of the first tag at raw offset >= off. */
static size_t tag_at_or_after(const annals_timeml_doc *d, uint32_t off)
{
    size_t lo = 0, hi = d->tags.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->tags.items[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Where the opening tag of a span starting at text byte s goes: after the closing tags
   (and old TIMEX3 tags) that stand right before the character. */
static uint32_t open_point(const annals_timeml_doc *d, uint32_t s)
{
    uint32_t q = s == 0 ? d->text_begin : d->rend.items[s - 1];
    for (size_t i = tag_at_or_after(d, q); i < d->tags.len && d->tags.items[i].off == q; i++) {
        const tag *t = &d->tags.items[i];
        if (t->kind != TAG_CLOSE && !t->timex)
            break;
        q = t->off + t->len;
    }
    return q;
}

/* Where the closing tag of a span ending at text byte e goes: after old TIMEX3 tags and
   after the closing tags of elements that opened inside the span (at or after open_at). */
static uint32_t close_point(const annals_timeml_doc *d, uint32_t e, uint32_t open_at)
{
    uint32_t q = d->rend.items[e - 1];
    for (size_t i = tag_at_or_after(d, q); i < d->tags.len && d->tags.items[i].off == q; i++) {
        const tag *t = &d->tags.items[i];
        bool inner_close = t->kind == TAG_CLOSE && t->mate < d->tags.len &&
                           d->tags.items[t->mate].off >= open_at;
        if (!t->timex && !inner_close)
            break;
        q = t->off + t->len;
    }
    return q;
}

static int put_escaped_attr(buf *b, const char *name, const char *v)
{
    if (!v || !*v)
        return 0;
    int rc = buf_printf(b, " %s=\"", name);
    for (; rc == 0 && *v; v++) {
        switch (*v) {
        case '&': rc = buf_puts(b, "&amp;"); break;
        case '<': rc = buf_puts(b, "&lt;"); break;
        case '>': rc = buf_puts(b, "&gt;"); break;
        case '"': rc = buf_puts(b, "&quot;"); break;
        default: rc = buf_putc(b, *v); break;
        }
    }
    return rc ? rc : buf_putc(b, '"');
}

/* Copies raw[from, to) leaving out the old TIMEX3 tags; *ti walks the tag list. */
static int copy_without_timex(const annals_timeml_doc *d, buf *b, uint32_t from, uint32_t to,
                              size_t *ti)
{
    while (*ti < d->tags.len && d->tags.items[*ti].off < from)
        (*ti)++;
    uint32_t p = from;
    for (; *ti < d->tags.len && d->tags.items[*ti].off < to; (*ti)++) {
        const tag *t = &d->tags.items[*ti];
        if (!t->timex)
            continue;
        if (buf_append(b, d->raw + p, t->off - p) < 0)
            return ANNALS_ENOMEM;
        p = t->off + t->len;
    }
    return buf_append(b, d->raw + p, to - p);
}

int annals_timeml_write(annals_timeml_doc *d, const annals_timeml_timex *tx, size_t n,
                        char **out, size_t *len_out)
{
    buf b = BUF_INIT;
    int rc = 0;
    *out = NULL;
    *len_out = 0;
    uint32_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = tx[i].span.off, len = tx[i].span.len;
        const char *why = NULL;
        if (len == 0 || s > d->text.len || len > d->text.len - s)
            why = "span empty or outside the text";
        else if (s < prev_end)
            why = "spans overlap or are not sorted";
        else if (!char_boundary(d, s) || !char_boundary(d, s + len))
            why = "span splits a UTF-8 character";
        if (why) {
            snprintf(d->errmsg, sizeof(d->errmsg), "time expression %zu [%u,+%u): %s", i, s,
                     len, why);
            d->errline = 0;
            return ANNALS_EINVAL;
        }
        prev_end = s + len;
    }
    if ((rc = buf_grow(&b, d->raw_len + n * 64)) < 0 ||
        (rc = buf_append(&b, d->raw, d->text_begin)) < 0)
        goto cleanup;
    size_t ti = 0;
    uint32_t cur = d->text_begin;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = tx[i].span.off, e = s + tx[i].span.len;
        uint32_t oq = open_point(d, s), cq = close_point(d, e, oq);
        if ((rc = copy_without_timex(d, &b, cur, oq, &ti)) < 0)
            goto cleanup;
        if (tx[i].tag) {
            rc = buf_puts(&b, tx[i].tag);
        } else {
            if ((rc = buf_puts(&b, "<TIMEX3")) < 0 ||
                (rc = put_escaped_attr(&b, "tid", tx[i].tid)) < 0 ||
                (rc = put_escaped_attr(&b, "type", tx[i].type)) < 0 ||
                (rc = put_escaped_attr(&b, "value", tx[i].value)) < 0 ||
                (rc = put_escaped_attr(&b, "mod", tx[i].mod)) < 0)
                goto cleanup;
            rc = buf_putc(&b, '>');
        }
        if (rc < 0 || (rc = copy_without_timex(d, &b, oq, cq, &ti)) < 0 ||
            (rc = buf_puts(&b, "</TIMEX3>")) < 0)
            goto cleanup;
        cur = cq;
    }
    if ((rc = copy_without_timex(d, &b, cur, d->text_end, &ti)) < 0 ||
        (rc = buf_append(&b, d->raw + d->text_end, d->raw_len - d->text_end)) < 0)
        goto cleanup;
    *len_out = b.len;
    *out = b.ptr;
    b.ptr = NULL;
cleanup:
    buf_free(&b);
    return rc;
}

/* ---- listing ------------------------------------------------------------------------ */

typedef VEC(char *) path_vec;

static bool timeml_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".tml") == 0) ||
           (n > 7 && strcmp(name + n - 7, ".timeml") == 0);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists root/rel (rel "" for root itself) into v; depth bounds symlink loops. */
static int list_dir(const char *root, const char *rel, path_vec *v, int depth)
{
    int rc = 0;
    buf full = BUF_INIT, child = BUF_INIT;
    DIR *dir = NULL;
    if (depth > 32)
        return ANNALS_EIO;
    if (buf_printf(&full, "%s%s%s", root, *rel ? "/" : "", rel) < 0)
        return ANNALS_ENOMEM;
    if (!(dir = opendir(full.ptr))) {
        rc = ANNALS_EIO;
        goto cleanup;
    }
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        buf_clear(&child);
        struct stat st;
        if ((rc = buf_printf(&child, "%s/%s", full.ptr, e->d_name)) < 0)
            goto cleanup;
        if (stat(child.ptr, &st) < 0)
            continue; /* a dangling link */
        buf_clear(&child);
        if ((rc = buf_printf(&child, "%s%s%s", rel, *rel ? "/" : "", e->d_name)) < 0)
            goto cleanup;
        if (S_ISDIR(st.st_mode)) {
            if ((rc = list_dir(root, child.ptr, v, depth + 1)) < 0)
                goto cleanup;
        } else if (S_ISREG(st.st_mode) && timeml_name(e->d_name)) {
            char *copy = strdup(child.ptr);
            if (!copy || VEC_PUSH(v, copy) < 0) {
                free(copy);
                rc = ANNALS_ENOMEM;
                goto cleanup;
            }
        }
    }
cleanup:
    if (dir)
        closedir(dir);
    buf_free(&full);
    buf_free(&child);
    return rc;
}

int annals_timeml_list(const char *dir, char ***out, size_t *n_out)
{
    path_vec v = VEC_INIT;
    *out = NULL;
    *n_out = 0;
    int rc = list_dir(dir, "", &v, 0);
    if (rc < 0) {
        annals_timeml_list_free(v.items, v.len);
        return rc;
    }
    if (v.len)
        qsort(v.items, v.len, sizeof(char *), cmp_path);
    *out = v.items;
    *n_out = v.len;
    return 0;
}

void annals_timeml_list_free(char **paths, size_t n)
{
    if (!paths)
        return;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}
