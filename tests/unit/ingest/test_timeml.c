/*
 * test_timeml.c - the TimeML reader and writer: offsets, entities, the DCT, errors with
 * line numbers, tag placement, and a byte-exact round trip of every TempEval-3 training
 * file when the shared data is present.
 */
#include "unit/test_helpers.h"

#include <dirent.h>

#include "annals/timeml.h"
#include "util.h"

static const char doc1[] =
    "<?xml version=\"1.0\" ?>\n"
    "<TimeML>\n"
    "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2020-03-04\" "
    "functionInDocument=\"CREATION_TIME\">March 4</TIMEX3></DCT>\n"
    "<TEXT>Tom &amp; Ann <EVENT eid=\"e1\">met</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" "
    "value=\"2020-03-03\">yesterday</TIMEX3> at caf&#233; &lt;X&gt;.</TEXT>\n"
    "</TimeML>\n";

static annals_timeml_doc *read_str(const char *s, unsigned flags, int expect)
{
    annals_timeml_options opts = ANNALS_TIMEML_OPTIONS_INIT;
    opts.flags = flags;
    annals_timeml_doc *d = NULL;
    assert_int_equal(annals_timeml_read(&d, s, strlen(s), &opts), expect);
    assert_non_null(d);
    return d;
}

static void test_read_offsets_and_entities(void **state)
{
    (void)state;
    annals_timeml_doc *d = read_str(doc1, 0, 0);
    size_t len;
    const char *text = annals_timeml_text(d, &len);
    assert_string_equal(text, "Tom & Ann met yesterday at caf\xc3\xa9 <X>.");
    assert_int_equal(len, 37);
    size_t n;
    const annals_timeml_timex *x = annals_timeml_timexes(d, &n);
    assert_int_equal(n, 1);
    assert_int_equal(x[0].span.off, 14);
    assert_int_equal(x[0].span.len, 9);
    assert_memory_equal(text + 14, "yesterday", 9);
    assert_string_equal(x[0].tid, "t1");
    assert_string_equal(x[0].type, "DATE");
    assert_string_equal(x[0].value, "2020-03-03");
    assert_string_equal(x[0].mod, "");
    assert_string_equal(x[0].tag, "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2020-03-03\">");
    /* bytes versus characters: the e-acute is two bytes, one character */
    assert_int_equal(annals_timeml_char_offset(d, 30), 30);
    assert_int_equal(annals_timeml_char_offset(d, 33), 32);
    assert_int_equal(annals_timeml_line(d, 14), 4);
    annals_date dct;
    const char *value;
    assert_int_equal(annals_timeml_dct(d, &dct, &value), 0);
    assert_string_equal(value, "2020-03-04");
    assert_int_equal(dct.year, 2020);
    assert_int_equal(dct.month, 3);
    assert_int_equal(dct.day, 4);
    annals_timeml_close(d);
}

static char *write_str(annals_timeml_doc *d, const annals_timeml_timex *x, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(annals_timeml_write(d, x, n, &out, &len), 0);
    assert_int_equal(strlen(out), len);
    return out;
}

static void test_write_places_tags(void **state)
{
    (void)state;
    annals_timeml_doc *d = read_str(doc1, 0, 0);
    const char *head = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" "
                       "value=\"2020-03-04\" functionInDocument=\"CREATION_TIME\">March 4"
                       "</TIMEX3></DCT>\n<TEXT>";
    const char *tail = "</TEXT>\n</TimeML>\n";
    char expect[1024];

    /* no expressions: the TIMEX3 in TEXT goes, the DCT stays */
    char *out = write_str(d, NULL, 0);
    snprintf(expect, sizeof(expect), "%sTom &amp; Ann <EVENT eid=\"e1\">met</EVENT> yesterday "
             "at caf&#233; &lt;X&gt;.%s", head, tail);
    assert_string_equal(out, expect);
    free(out);

    /* one with the extent of the EVENT (which it wraps), one over a decoded entity, one ending at the end of TEXT */
    const annals_timeml_timex x[] = {
        {{4, 1}, "t1", "DATE", "a\"b", "", NULL},
        {{10, 3}, "t2", "SET", "P1D", "APPROX", NULL},
        {{33, 4}, "t3", "DATE", "X", "", NULL},
    };
    out = write_str(d, x, 3);
    snprintf(expect, sizeof(expect),
             "%sTom <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"a&quot;b\">&amp;</TIMEX3> Ann "
             "<TIMEX3 tid=\"t2\" type=\"SET\" value=\"P1D\" mod=\"APPROX\"><EVENT eid=\"e1\">met"
             "</EVENT></TIMEX3> yesterday at caf&#233; <TIMEX3 tid=\"t3\" type=\"DATE\" "
             "value=\"X\">&lt;X&gt;.</TIMEX3>%s", head, tail);
    assert_string_equal(out, expect);
    free(out);

    /* adjacent expressions, the first starting at offset 0 */
    const annals_timeml_timex y[] = {
        {{0, 3}, "t1", "DATE", "A", "", NULL},
        {{3, 2}, "t2", "DATE", "B", "", NULL},
    };
    out = write_str(d, y, 2);
    snprintf(expect, sizeof(expect),
             "%s<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"A\">Tom</TIMEX3><TIMEX3 tid=\"t2\" "
             "type=\"DATE\" value=\"B\"> &amp;</TIMEX3> Ann <EVENT eid=\"e1\">met</EVENT> "
             "yesterday at caf&#233; &lt;X&gt;.%s", head, tail);
    assert_string_equal(out, expect);
    free(out);
    annals_timeml_close(d);
}

static void test_write_rejects_bad_spans(void **state)
{
    (void)state;
    annals_timeml_doc *d = read_str(doc1, 0, 0);
    char *out = NULL;
    size_t len;
    const annals_timeml_timex overlap[] = {{{0, 5}, "", "DATE", "", "", NULL},
                                           {{4, 3}, "", "DATE", "", "", NULL}};
    assert_int_equal(annals_timeml_write(d, overlap, 2, &out, &len), ANNALS_EINVAL);
    assert_null(out);
    const annals_timeml_timex split[] = {{{31, 2}, "", "DATE", "", "", NULL}};
    assert_int_equal(annals_timeml_write(d, split, 1, &out, &len), ANNALS_EINVAL);
    assert_non_null(strstr(annals_timeml_errmsg(d), "UTF-8"));
    const annals_timeml_timex outside[] = {{{30, 8}, "", "DATE", "", "", NULL}};
    assert_int_equal(annals_timeml_write(d, outside, 1, &out, &len), ANNALS_EINVAL);
    const annals_timeml_timex empty[] = {{{3, 0}, "", "DATE", "", "", NULL}};
    assert_int_equal(annals_timeml_write(d, empty, 1, &out, &len), ANNALS_EINVAL);
    annals_timeml_close(d);
}

static void expect_error(const char *s, unsigned flags, unsigned line, const char *why)
{
    annals_timeml_doc *d = read_str(s, flags, ANNALS_EPARSE);
    if (annals_timeml_errline(d) != line || !strstr(annals_timeml_errmsg(d), why)) {
        print_error("got line %u '%s', expected line %u '%s'\n", annals_timeml_errline(d),
                    annals_timeml_errmsg(d), line, why);
        fail();
    }
    annals_timeml_close(d);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("<TimeML>\n<TEXT>a\n\xff b</TEXT></TimeML>", 0, 3, "invalid UTF-8");
    expect_error("<TimeML>\n<TEXT>a\x01</TEXT></TimeML>", 0, 2, "control character");
    expect_error("<TimeML>\n<DCT>x</DCT>\n</TimeML>\n", 0, 4, "no <TEXT>");
    expect_error("<TimeML>\n<TEXT>\n<EVENT>x\n</TEXT></TimeML>", 0, 4,
                 "</TEXT> closes <EVENT> opened on line 3");
    expect_error("<TimeML><TEXT>a <TIMEX3 tid=\"t1\">b <TIMEX3 tid=\"t2\">c</TIMEX3>"
                 "</TIMEX3></TEXT></TimeML>", 0, 1, "TIMEX3 inside another");
    expect_error("<TimeML><TEXT>a&nbsp;b</TEXT></TimeML>", 0, 1, "entity");
    expect_error("<TimeML><TEXT>AT&T</TEXT></TimeML>", 0, 1, "entity");
    expect_error("<TimeML><TEXT>a &#xD800; b</TEXT></TimeML>", 0, 1, "entity");
    expect_error("<TimeML><TEXT>a < b</TEXT></TimeML>", 0, 1, "'<'");
    expect_error("<TimeML>\n\n<TEXT>a <EVENT eid=\"e1</TEXT></TimeML>", 0, 3, "attribute");
    expect_error("<TimeML>\n<TEXT>a <EVENT eid=e1>b</EVENT></TEXT></TimeML>", 0, 2, "quoted");
    expect_error("<TimeML><TEXT>a</TEXT>\n<!-- open", 0, 2, "unterminated");
    expect_error("<TimeML><TEXT>a</TEXT>", 0, 1, "<TimeML> is never closed");
    expect_error("<TimeML><TEXT>a</TEXT></TimeML></x>", 0, 1, "without a matching");
}

/* HeidelTime's output: no <TEXT>, a bare '&' in the text. */
static void test_lenient_root_text(void **state)
{
    (void)state;
    const char *s = "<?xml version=\"1.0\"?>\n<!DOCTYPE TimeML SYSTEM \"TimeML.dtd\">\n<TimeML>\n"
                    "AT&T <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2011\">2011</TIMEX3> a < b\n"
                    "</TimeML>\n";
    annals_timeml_doc *d = read_str(s, ANNALS_TIMEML_LENIENT | ANNALS_TIMEML_ROOT_TEXT, 0);
    size_t len, n;
    assert_string_equal(annals_timeml_text(d, &len), "\nAT&T 2011 a < b\n");
    const annals_timeml_timex *x = annals_timeml_timexes(d, &n);
    assert_int_equal(n, 1);
    assert_int_equal(x[0].span.off, 6);
    assert_int_equal(x[0].span.len, 4);
    annals_date dct;
    assert_int_equal(annals_timeml_dct(d, &dct, NULL), ANNALS_ENOTFOUND);
    /* the lenient text survives a write unchanged */
    char *out = write_str(d, x, n);
    assert_string_equal(out, s);
    free(out);
    annals_timeml_close(d);
    /* without the flags the same input is an error */
    d = read_str(s, 0, ANNALS_EPARSE);
    annals_timeml_close(d);
}

static void test_dct_forms(void **state)
{
    (void)state;
    annals_timeml_doc *d = read_str("<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"19980108\">x</TIMEX3>"
                                    "</DCT><TEXT></TEXT></TimeML>", 0, 0);
    annals_date dct;
    assert_int_equal(annals_timeml_dct(d, &dct, NULL), 0);
    assert_int_equal(dct.year, 1998);
    assert_int_equal(dct.day, 8);
    size_t len;
    assert_string_equal(annals_timeml_text(d, &len), "");
    annals_timeml_close(d);
    d = read_str("<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"2021-02-30\">x</TIMEX3>"
                 "</DCT><TEXT>a</TEXT></TimeML>", 0, 0);
    const char *value = NULL;
    assert_int_equal(annals_timeml_dct(d, &dct, &value), ANNALS_ENOTFOUND);
    assert_string_equal(value, "2021-02-30");
    annals_timeml_close(d);
}

/* ---- every TempEval-3 training file, byte for byte ----------------------------------- */

static void round_trip_file(const char *path, size_t *files, size_t *timexes)
{
    char *raw;
    size_t len;
    assert_int_equal(read_file(path, &raw, &len), 0);
    annals_timeml_doc *d = NULL;
    int rc = annals_timeml_read(&d, raw, len, NULL);
    if (rc != 0)
        print_error("%s:%u: %s\n", path, annals_timeml_errline(d), annals_timeml_errmsg(d));
    assert_int_equal(rc, 0);
    size_t n;
    const annals_timeml_timex *x = annals_timeml_timexes(d, &n);
    char *out = NULL;
    size_t out_len;
    assert_int_equal(annals_timeml_write(d, x, n, &out, &out_len), 0);
    if (out_len != len || memcmp(out, raw, len) != 0)
        print_error("%s: round trip differs\n", path);
    assert_int_equal(out_len, len);
    assert_memory_equal(out, raw, len);
    free(out);

    /* with tags built from the attributes, a re-read gives the same spans and values */
    annals_timeml_timex *bare = calloc(n ? n : 1, sizeof(*bare));
    assert_non_null(bare);
    for (size_t i = 0; i < n; i++) {
        bare[i] = x[i];
        bare[i].tag = NULL;
    }
    assert_int_equal(annals_timeml_write(d, bare, n, &out, &out_len), 0);
    annals_timeml_doc *d2 = NULL;
    assert_int_equal(annals_timeml_read(&d2, out, out_len, NULL), 0);
    size_t n2, l1, l2;
    const annals_timeml_timex *x2 = annals_timeml_timexes(d2, &n2);
    assert_int_equal(n2, n);
    const char *t1 = annals_timeml_text(d, &l1), *t2 = annals_timeml_text(d2, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(t1, t2, l1);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(x2[i].span.off, x[i].span.off);
        assert_int_equal(x2[i].span.len, x[i].span.len);
        assert_string_equal(x2[i].value, x[i].value);
        assert_string_equal(x2[i].type, x[i].type);
    }
    annals_timeml_close(d2);
    free(bare);
    free(out);
    *files += 1;
    *timexes += n;
    annals_timeml_close(d);
    free(raw);
}

static void test_tempeval3_round_trip(void **state)
{
    (void)state;
    const char *shared = test_shared_dir();
    char dir[4096];
    struct stat st;
    if (shared)
        snprintf(dir, sizeof(dir), "%s/data/tempeval3-train", shared);
    if (!shared || stat(dir, &st) != 0) {
        print_message("shared data absent (set ANNALS_SHARED): TempEval-3 round trip skipped\n");
        skip();
    }
    char **paths = NULL;
    size_t n = 0, files = 0, timexes = 0;
    assert_int_equal(annals_timeml_list(dir, &paths, &n), 0);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        char path[8192];
        snprintf(path, sizeof(path), "%s/%s", dir, paths[i]);
        round_trip_file(path, &files, &timexes);
    }
    annals_timeml_list_free(paths, n);
    assert_int_equal(files, n);
    print_message("round trip: %zu files, %zu TIMEX3 in TEXT\n", files, timexes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_offsets_and_entities),
        cmocka_unit_test(test_write_places_tags),
        cmocka_unit_test(test_write_rejects_bad_spans),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_lenient_root_text),
        cmocka_unit_test(test_dct_forms),
        cmocka_unit_test(test_tempeval3_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
