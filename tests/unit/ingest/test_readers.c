/*
 * test_readers.c - annals text, JSON lines and Reuters SGML readers; format detection.
 */
#include "unit/test_helpers.h"
#include "ingest/ingest.h"

typedef struct collected {
    int docs;
    int problems;
    char text[8][256];
    char title[8][128];
    char id[8][32];
    annals_date pub[8];
    long line[8];
    char why[8][160];
    long why_line[8];
} collected;

static int on_doc(void *ctx, const raw_doc *d)
{
    collected *c = ctx;
    if (c->docs < 8) {
        snprintf(c->text[c->docs], 256, "%.*s", (int)d->len, d->text);
        snprintf(c->title[c->docs], 128, "%.*s", (int)d->title_len, d->title ? d->title : "");
        snprintf(c->id[c->docs], 32, "%.*s", (int)d->id_len, d->id ? d->id : "");
        c->pub[c->docs] = d->pub;
        c->line[c->docs] = d->line;
    }
    c->docs++;
    return 0;
}

static void on_problem(void *ctx, long line, const char *why)
{
    collected *c = ctx;
    if (c->problems < 8) {
        snprintf(c->why[c->problems], 160, "%s", why);
        c->why_line[c->problems] = line;
    }
    c->problems++;
}

static collected read_with(int (*reader)(const char *, size_t, const reader_sink *),
                           const char *data)
{
    collected c;
    memset(&c, 0, sizeof(c));
    reader_sink sink = {&c, on_doc, on_problem};
    assert_int_equal(reader(data, strlen(data), &sink), 0);
    return c;
}

static void test_text_header_same_line(void **state)
{
    (void)state;
    collected c = read_with(ingest_read_text, "  date 2021-10-05 Macron met Blinken.\nMore.\n");
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.pub[0].year, 2021);
    assert_int_equal(c.pub[0].day, 5);
    assert_string_equal(c.text[0], "Macron met Blinken.\nMore.\n");
    assert_string_equal(c.title[0], "");
}

static void test_text_header_own_line_and_headline(void **state)
{
    (void)state;
    collected c = read_with(ingest_read_text,
                            "date 2024-04-02\nTalks in Paris\nThe two met on Tuesday.\n");
    assert_int_equal(c.docs, 1);
    assert_string_equal(c.text[0], "Talks in Paris\nThe two met on Tuesday.\n");
    assert_string_equal(c.title[0], "Talks in Paris");
    assert_int_equal(c.pub[0].month, 4);
}

static void test_text_without_header(void **state)
{
    (void)state;
    collected c = read_with(ingest_read_text, "date of the talks was not given.\n");
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.pub[0].year, 0);
    assert_string_equal(c.text[0], "date of the talks was not given.\n");
    c = read_with(ingest_read_text, "One sentence only.");
    assert_string_equal(c.title[0], "");
}

static void test_text_impossible_date(void **state)
{
    (void)state;
    collected c = read_with(ingest_read_text, "date 2021-02-30\nText.\n");
    assert_int_equal(c.docs, 0);
    assert_int_equal(c.problems, 1);
    assert_int_equal(c.why_line[0], 1);
    assert_string_equal(c.why[0], "impossible date in header 'date 2021-02-30'");
}

static void test_jsonl(void **state)
{
    (void)state;
    collected c = read_with(ingest_read_jsonl,
                            "{\"text\": \"A\", \"date\": \"2021-10-05T10:00:00Z\", \"id\": 12}\n"
                            "\n"
                            "not json\n"
                            "{\"text\": \"B\", \"title\": \"T\", \"id\": \"x-1\"}\n"
                            "{\"text\": \"C\", \"date\": \"2021-02-30\"}\n");
    assert_int_equal(c.docs, 2);
    assert_string_equal(c.text[0], "A");
    assert_string_equal(c.id[0], "12");
    assert_int_equal(c.pub[0].day, 5);
    assert_int_equal(c.line[0], 1);
    assert_string_equal(c.id[1], "x-1");
    assert_string_equal(c.title[1], "T");
    assert_int_equal(c.line[1], 4);
    assert_int_equal(c.problems, 2);
    assert_int_equal(c.why_line[0], 3);
    assert_int_equal(c.why_line[1], 5);
}

static void test_reuters(void **state)
{
    (void)state;
    collected c = read_with(ingest_read_reuters,
                            "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
                            "<REUTERS NEWID=\"5\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
                            "<TEXT><TITLE>COCOA &amp; SUGAR</TITLE>\n<BODY>Prices rose\n"
                            "sharply.\n    Traders said &lt;more&gt; later.\n Reuter\n&#3;</BODY>"
                            "</TEXT></REUTERS>\n"
                            "<REUTERS NEWID=\"6\"><DATE>31-FEB-1987</DATE></REUTERS>\n");
    assert_int_equal(c.docs, 1);
    assert_string_equal(c.id[0], "5");
    assert_int_equal(c.pub[0].year, 1987);
    assert_int_equal(c.pub[0].month, 2);
    assert_int_equal(c.pub[0].day, 26);
    assert_string_equal(c.title[0], "COCOA & SUGAR");
    assert_string_equal(c.text[0], "COCOA & SUGAR\nPrices rose sharply.\n    Traders said <more> "
                                   "later.\n Reuter ");
    assert_int_equal(c.line[0], 2);
    assert_int_equal(c.problems, 1);
    assert_int_equal(c.why_line[0], 10);
}

static void test_detect_and_binary(void **state)
{
    (void)state;
    assert_int_equal(ingest_detect_format("a.jsonl", "x", 1), FORMAT_JSONL);
    assert_int_equal(ingest_detect_format("a.NDJSON", "x", 1), FORMAT_JSONL);
    assert_int_equal(ingest_detect_format("reut2-000.sgm", "x", 1), FORMAT_REUTERS);
    assert_int_equal(ingest_detect_format("x", "  <REUTERS>", 11), FORMAT_REUTERS);
    assert_int_equal(ingest_detect_format("x.txt", "date 2020", 9), FORMAT_TEXT);
    assert_true(ingest_is_binary("ab\0cd", 5));
    assert_false(ingest_is_binary("caf\xc3\xa9 ok\n", 8));
    assert_false(ingest_is_binary("one bad \xff byte in a longer line of text", 39));
    assert_true(ingest_is_binary("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", 10));
    /* the 8-byte groups: a NUL, control characters and UTF-8 sequences across groups */
    assert_true(ingest_is_binary("a line of text and then\0 more", 29));
    assert_false(ingest_is_binary("tab\there, line\nand\r\nform\ffeed ok", 32));
    assert_false(ingest_is_binary("abcdefg\xc3\xa9 and a\x01 b\x02 some more words", 35));
    assert_true(ingest_is_binary("abcdefg\xc3\xa9\x01\x02\x03 a\x04\x05\x06", 17));
    assert_true(ingest_is_binary("abcdefg\377\376\375\374123456\177", 18));
    annals_date d;
    assert_int_equal(ingest_dir_date("2010-04-20", &d), 0);
    assert_int_not_equal(ingest_dir_date("2010-04-31", &d), 0);
    assert_int_not_equal(ingest_dir_date("InputDocs", &d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_header_same_line),
        cmocka_unit_test(test_text_header_own_line_and_headline),
        cmocka_unit_test(test_text_without_header),
        cmocka_unit_test(test_text_impossible_date),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_reuters),
        cmocka_unit_test(test_detect_and_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
