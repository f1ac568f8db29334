/*
 * cmd_dates.c - `annals dates`: every time expression of a text, or TimeML in and out.
 *
 *   annals dates [--dct YYYY-MM-DD] [--format json|timeml|text] [FILE|-]
 *   annals dates --timeml IN_DIR OUT_DIR
 *
 * Plain-text mode reads one UTF-8 file (or stdin). Lines holding invalid UTF-8 or control
 * characters are reported and blanked with spaces of the same byte length, so every span
 * printed is still a byte span of the original file. Formats: text (aligned columns),
 * json (JSON Lines, one object per expression), timeml (a TimeML document with the text
 * in <TEXT> and the expressions as TIMEX3). TimeML mode tags the <TEXT> of every TimeML
 * file under IN_DIR against its own creation time and writes the same file under OUT_DIR
 * with the new TIMEX3 tags (see docs/TIMEX_EVAL.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

enum { OPT_DCT = 256, OPT_FORMAT, OPT_TIMEML, OPT_HELP };
enum { FMT_TEXT, FMT_JSON, FMT_TIMEML };

static const cli_option options[] = {
    {"dct", OPT_DCT, true},
    {"format", OPT_FORMAT, true},
    {"timeml", OPT_TIMEML, false},
    {"help", 'h', false},
    {NULL, 0, false},
};

static void usage(FILE *f)
{
    fprintf(f,
            "usage: annals dates [--dct YYYY-MM-DD] [--format text|json|timeml] [FILE|-]\n"
            "       annals dates --timeml IN_DIR OUT_DIR\n\n"
            "Finds and normalizes the time expressions of FILE (stdin when absent or '-').\n"
            "Relative expressions resolve against --dct; without it they stay partial.\n"
            "Spans are byte offsets into FILE: start and end (exclusive).\n\n"
            "  --format text    aligned columns: start end type value text (default)\n"
            "  --format json    one JSON object per line:\n"
            "                   {\"start\":N,\"end\":N,\"text\":...,\"type\":...,\"value\":...,\"mod\":...}\n"
            "  --format timeml  a TimeML document with TIMEX3 tags inside <TEXT>\n"
            "  --timeml         tag every .tml/.timeml file under IN_DIR with its creation\n"
            "                   time and write it under OUT_DIR with the new TIMEX3 tags\n\n"
            "exit: 0 ok, 1 no time expression found, 2 usage, 3 bad input skipped, 4 I/O error\n");
}

static int read_stream(FILE *in, char **out, size_t *len_out)
{
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap + 1);
    if (!p)
        return ANNALS_ENOMEM;
    for (;;) {
        if (len == cap) {
            char *q = cap > ((size_t)1 << 31) ? NULL : realloc(p, cap * 2 + 1);
            if (!q) {
                free(p);
                return ANNALS_ENOMEM;
            }
            p = q;
            cap *= 2;
        }
        size_t n = fread(p + len, 1, cap - len, in);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(in)) {
        free(p);
        return ANNALS_EIO;
    }
    p[len] = '\0';
    *out = p;
    *len_out = len;
    return 0;
}

static int slurp(const char *path, char **out, size_t *len_out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return ANNALS_EIO;
    int rc = read_stream(f, out, len_out);
    if (f != stdin)
        fclose(f);
    return rc;
}

/* Length of a valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    }
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
        (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

/* Blanks every line with invalid UTF-8 or control characters; returns how many. */
static size_t clean_lines(const char *name, char *s, size_t len)
{
    size_t bad = 0, line_start = 0;
    unsigned line = 1;
    const char *why = NULL;
    for (size_t i = 0; i <= len;) {
        if (i == len || s[i] == '\n') {
            if (why) {
                fprintf(stderr, "annals dates: %s:%u: %s; line skipped\n", name, line, why);
                memset(s + line_start, ' ', i - line_start);
                bad++;
            }
            why = NULL;
            line++;
            line_start = ++i;
            continue;
        }
        const unsigned char *p = (const unsigned char *)s + i;
        size_t n = utf8_len(p, (const unsigned char *)s + len);
        if (n == 0) {
            why = why ? why : "invalid UTF-8";
            n = 1;
        } else if (p[0] < 0x20 && p[0] != '\t' && p[0] != '\r') {
            why = why ? why : "control character (binary data?)";
        }
        i += n;
    }
    return bad;
}

static void put_json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Converts tagger output to TimeML expressions (dropping any that overlap an earlier one,
   which TimeML cannot nest); ids and values live in store (n * 2 slots of 16 bytes). */
static size_t to_timeml(const annals_timex *tx, size_t n, annals_timeml_timex *out,
                        char (*ids)[16])
{
    size_t k = 0;
    uint32_t end = 0;
    for (size_t i = 0; i < n; i++) {
        if (tx[i].span.len == 0 || (k && tx[i].span.off < end))
            continue;
        snprintf(ids[k], sizeof(ids[k]), "t%zu", k + 1);
        out[k] = (annals_timeml_timex){tx[i].span, ids[k], annals_timex_type_name(tx[i].type),
                                       tx[i].value, tx[i].mod, NULL};
        end = tx[i].span.off + tx[i].span.len;
        k++;
    }
    return k;
}

/* Writes a TimeML document around text with the expressions tagged. */
static int write_timeml(FILE *f, const char *text, size_t len, const annals_date *dct,
                        const annals_timeml_timex *tx, size_t n)
{
    char date[16] = "";
    if (dct && dct->year)
        annals_date_format(*dct, date);
    size_t cap = len * 6 + 512;
    char *doc = malloc(cap);
    if (!doc)
        return ANNALS_ENOMEM;
    size_t k = (size_t)snprintf(doc, cap, "<?xml version=\"1.0\" ?>\n<TimeML>\n");
    if (*date)
        k += (size_t)snprintf(doc + k, cap - k,
                              "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"%s\" "
                              "functionInDocument=\"CREATION_TIME\">%s</TIMEX3></DCT>\n",
                              date, date);
    k += (size_t)snprintf(doc + k, cap - k, "<TEXT>");
    for (size_t i = 0; i < len; i++) {
        const char *e = text[i] == '&' ? "&amp;" : text[i] == '<' ? "&lt;"
                                                   : text[i] == '>' ? "&gt;" : NULL;
        if (e) {
            memcpy(doc + k, e, strlen(e));
            k += strlen(e);
        } else {
            doc[k++] = text[i];
        }
    }
    k += (size_t)snprintf(doc + k, cap - k, "</TEXT>\n</TimeML>\n");
    annals_timeml_doc *d = NULL;
    char *out = NULL;
    size_t out_len = 0;
    int rc = annals_timeml_read(&d, doc, k, NULL);
    if (rc == 0)
        rc = annals_timeml_write(d, tx, n, &out, &out_len);
    if (rc == 0 && fwrite(out, 1, out_len, f) != out_len)
        rc = ANNALS_EIO;
    free(out);
    annals_timeml_close(d);
    free(doc);
    return rc;
}

static int dates_text(const char *path, const annals_date *dct, int format)
{
    char *s = NULL;
    size_t len = 0;
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    int rc = slurp(path, &s, &len);
    if (rc < 0) {
        fprintf(stderr, "annals dates: %s: %s\n", name,
                rc == ANNALS_ENOMEM ? "out of memory" : strerror(errno));
        return EXIT_IOERR;
    }
    size_t bad = clean_lines(name, s, len);
    annals_tagger *t = NULL;
    const annals_timex *tx = NULL;
    size_t n = 0;
    int exit_code = EXIT_OK;
    annals_timeml_timex *tt = NULL;
    char(*ids)[16] = NULL;
    if (annals_tagger_open(&t, NULL) < 0 || annals_tagger_tag(t, s, len, dct, &tx, &n) < 0) {
        fprintf(stderr, "annals dates: out of memory\n");
        exit_code = EXIT_IOERR;
        goto cleanup;
    }
    if (format == FMT_TIMEML) {
        tt = calloc(n ? n : 1, sizeof(*tt));
        ids = calloc(n ? n : 1, sizeof(*ids));
        if (!tt || !ids) {
            exit_code = EXIT_IOERR;
            goto cleanup;
        }
        size_t k = to_timeml(tx, n, tt, ids);
        if (write_timeml(stdout, s, len, dct, tt, k) < 0) {
            fprintf(stderr, "annals dates: cannot write TimeML\n");
            exit_code = EXIT_IOERR;
            goto cleanup;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            const annals_timex *x = &tx[i];
            const char *type = annals_timex_type_name(x->type);
            uint32_t end = x->span.off + x->span.len;
            if (format == FMT_JSON) {
                printf("{\"start\":%u,\"end\":%u,\"text\":", x->span.off, end);
                put_json_string(stdout, s + x->span.off, x->span.len);
                printf(",\"type\":\"%s\",\"value\":", type);
                put_json_string(stdout, x->value, strlen(x->value));
                printf(",\"mod\":");
                put_json_string(stdout, x->mod, strlen(x->mod));
                printf("}\n");
            } else {
                printf("%8u %8u  %-8s  %-20s  ", x->span.off, end, type, x->value);
                for (uint32_t k = x->span.off; k < end; k++)
                    putchar(s[k] == '\n' || s[k] == '\r' || s[k] == '\t' ? ' ' : s[k]);
                putchar('\n');
            }
        }
    }
    if (fflush(stdout) != 0) {
        exit_code = EXIT_IOERR;
        goto cleanup;
    }
    exit_code = bad ? EXIT_BADINPUT : n == 0 ? EXIT_NOTHING : EXIT_OK;
cleanup:
    free(tt);
    free(ids);
    annals_tagger_close(t);
    free(s);
    return exit_code;
}

/* mkdir -p for the directory part of path. */
static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc < 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* Tags one TimeML file; returns an exit code for it. */
static int tag_one(annals_tagger *t, const char *in_path, const char *out_path)
{
    char *raw = NULL, *out = NULL;
    size_t len = 0, out_len = 0;
    annals_timeml_doc *d = NULL;
    annals_timeml_timex *tt = NULL;
    char(*ids)[16] = NULL;
    int code = EXIT_OK, rc;
    if ((rc = slurp(in_path, &raw, &len)) < 0) {
        fprintf(stderr, "annals dates: %s: cannot read: %s\n", in_path,
                rc == ANNALS_ENOMEM ? "out of memory" : strerror(errno));
        return EXIT_IOERR;
    }
    rc = annals_timeml_read(&d, raw, len, NULL);
    if (rc < 0) {
        if (d)
            fprintf(stderr, "annals dates: %s:%u: %s; file skipped\n", in_path,
                    annals_timeml_errline(d), annals_timeml_errmsg(d));
        else
            fprintf(stderr, "annals dates: %s: out of memory\n", in_path);
        code = d ? EXIT_BADINPUT : EXIT_IOERR;
        goto cleanup;
    }
    annals_date dct;
    const char *dct_value = NULL;
    bool have_dct = annals_timeml_dct(d, &dct, &dct_value) == 0;
    if (!have_dct) {
        if (dct_value)
            fprintf(stderr, "annals dates: %s: creation time '%s' is not a calendar day; "
                            "tagged without a reference date\n", in_path, dct_value);
        else
            fprintf(stderr, "annals dates: %s: no creation time (DCT); tagged without a "
                            "reference date\n", in_path);
        code = EXIT_BADINPUT;
    }
    size_t text_len, n;
    const char *text = annals_timeml_text(d, &text_len);
    const annals_timex *tx;
    if (annals_tagger_tag(t, text, text_len, have_dct ? &dct : NULL, &tx, &n) < 0 ||
        !(tt = calloc(n ? n : 1, sizeof(*tt))) || !(ids = calloc(n ? n : 1, sizeof(*ids)))) {
        fprintf(stderr, "annals dates: %s: out of memory\n", in_path);
        code = EXIT_IOERR;
        goto cleanup;
    }
    size_t k = to_timeml(tx, n, tt, ids);
    if (annals_timeml_write(d, tt, k, &out, &out_len) < 0) {
        fprintf(stderr, "annals dates: %s: %s; file skipped\n", in_path, annals_timeml_errmsg(d));
        code = EXIT_BADINPUT;
        goto cleanup;
    }
    char *dst = strdup(out_path);
    FILE *f = dst && make_parents(dst) == 0 ? fopen(out_path, "wb") : NULL;
    free(dst);
    if (!f || fwrite(out, 1, out_len, f) != out_len) {
        fprintf(stderr, "annals dates: %s: cannot write: %s\n", out_path, strerror(errno));
        code = EXIT_IOERR;
    }
    if (f && fclose(f) != 0 && code != EXIT_IOERR) {
        fprintf(stderr, "annals dates: %s: cannot write: %s\n", out_path, strerror(errno));
        code = EXIT_IOERR;
    }
cleanup:
    free(tt);
    free(ids);
    free(out);
    annals_timeml_close(d);
    free(raw);
    return code;
}

static int dates_timeml(const char *in_dir, const char *out_dir)
{
    struct stat a, b;
    if (stat(in_dir, &a) < 0 || !S_ISDIR(a.st_mode)) {
        fprintf(stderr, "annals dates: %s: not a directory\n", in_dir);
        return EXIT_USAGE;
    }
    if (stat(out_dir, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        fprintf(stderr, "annals dates: OUT_DIR must differ from IN_DIR\n");
        return EXIT_USAGE;
    }
    char **paths = NULL;
    size_t n = 0;
    int rc = annals_timeml_list(in_dir, &paths, &n);
    if (rc < 0) {
        fprintf(stderr, "annals dates: %s: cannot list the directory\n", in_dir);
        return EXIT_IOERR;
    }
    annals_tagger *t = NULL;
    if (annals_tagger_open(&t, NULL) < 0) {
        annals_timeml_list_free(paths, n);
        fprintf(stderr, "annals dates: out of memory\n");
        return EXIT_IOERR;
    }
    int worst = n ? EXIT_OK : EXIT_NOTHING;
    if (!n)
        fprintf(stderr, "annals dates: %s: no .tml or .timeml files\n", in_dir);
    for (size_t i = 0; i < n; i++) {
        size_t li = strlen(in_dir) + strlen(paths[i]) + 2;
        size_t lo = strlen(out_dir) + strlen(paths[i]) + 2;
        char *ip = malloc(li), *op = malloc(lo);
        int code = EXIT_IOERR;
        if (ip && op) {
            snprintf(ip, li, "%s/%s", in_dir, paths[i]);
            snprintf(op, lo, "%s/%s", out_dir, paths[i]);
            code = tag_one(t, ip, op);
        }
        free(ip);
        free(op);
        if (code > worst)
            worst = code;
    }
    annals_tagger_close(t);
    annals_timeml_list_free(paths, n);
    return worst;
}

int cmd_dates(int argc, char **argv)
{
    cli_args a;
    const char *arg, *pos[3] = {NULL, NULL, NULL};
    size_t n_pos = 0;
    int format = FMT_TEXT, key;
    bool timeml = false, have_dct = false;
    annals_date dct = {0, 0, 0};
    args_init(&a, argc, argv);
    while ((key = args_next(&a, options, &arg)) != -1) {
        switch (key) {
        case 0:
            if (n_pos == 3) {
                fprintf(stderr, "annals dates: too many arguments\n");
                return EXIT_USAGE;
            }
            pos[n_pos++] = arg;
            break;
        case OPT_DCT:
            if (annals_date_parse_iso(&dct, arg, strlen(arg)) < 0) {
                fprintf(stderr, "annals dates: --dct must be a real day as YYYY-MM-DD, not '%s'\n",
                        arg);
                return EXIT_USAGE;
            }
            have_dct = true;
            break;
        case OPT_FORMAT:
            if (strcmp(arg, "text") == 0)
                format = FMT_TEXT;
            else if (strcmp(arg, "json") == 0)
                format = FMT_JSON;
            else if (strcmp(arg, "timeml") == 0)
                format = FMT_TIMEML;
            else {
                fprintf(stderr, "annals dates: --format is text, json or timeml, not '%s'\n", arg);
                return EXIT_USAGE;
            }
            break;
        case OPT_TIMEML:
            timeml = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            return EXIT_USAGE;
        }
    }
    if (timeml) {
        if (n_pos != 2 || have_dct) {
            fprintf(stderr, "annals dates: --timeml takes IN_DIR and OUT_DIR (the creation time "
                            "comes from each file)\n");
            return EXIT_USAGE;
        }
        return dates_timeml(pos[0], pos[1]);
    }
    if (n_pos > 1) {
        fprintf(stderr, "annals dates: one FILE at most (see 'annals dates --help')\n");
        return EXIT_USAGE;
    }
    return dates_text(n_pos ? pos[0] : "-", have_dct ? &dct : NULL, format);
}
