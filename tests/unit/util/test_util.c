/*
 * test_util.c - arena, buf, vec, hmap, UTF-8 and calendar helpers.
 */
#include "unit/test_helpers.h"
#include "util.h"

static void test_utf8_decode_rejects_bad_forms(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        uint32_t cp;
        size_t used;
    } cases[] = {
        {"A", 1, 'A', 1},
        {"\xc3\xa9", 2, 0xE9, 2},
        {"\xe2\x82\xac", 3, 0x20AC, 3},
        {"\xf0\x9f\x98\x80", 4, 0x1F600, 4},
        {"\xc0\xaf", 2, UTF8_INVALID, 1},         /* overlong '/' */
        {"\xe0\x80\xaf", 3, UTF8_INVALID, 1},     /* overlong */
        {"\xed\xa0\x80", 3, UTF8_INVALID, 1},     /* surrogate */
        {"\xf4\x90\x80\x80", 4, UTF8_INVALID, 1}, /* above U+10FFFF */
        {"\xe2\x82", 2, UTF8_INVALID, 1},         /* truncated */
        {"\x80", 1, UTF8_INVALID, 1},             /* lone continuation */
        {"\xff", 1, UTF8_INVALID, 1},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        uint32_t cp;
        const unsigned char *p = (const unsigned char *)cases[i].bytes;
        size_t used = utf8_decode(p, p + cases[i].len, &cp);
        assert_int_equal(used, cases[i].used);
        assert_int_equal(cp, cases[i].cp);
    }
    assert_int_equal(utf8_count_invalid("a\xff" "b\xc3", 4), 2);
}

static void test_buf_and_json_escape(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(buf_printf(&b, "%d-%s", 42, "x"), 0);
    assert_int_equal(buf_put_json_escaped(&b, "a\"b\\c\n\x01", 7), 0);
    assert_string_equal(buf_cstr(&b), "42-xa\\\"b\\\\c\\n\\u0001");
    buf_clear(&b);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_printf(&b, "%04d", i), 0);
    assert_int_equal(b.len, 4000);
    buf_free(&b);
}

static void test_hmap(void **state)
{
    (void)state;
    hmap m;
    hmap_init(&m);
    char key[16];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "k%d", i);
        assert_int_equal(hmap_put(&m, key, (size_t)n, (uint64_t)i * 3), 0);
    }
    assert_int_equal(m.len, 5000);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "k%d", i);
        uint64_t *v = hmap_get(&m, key, (size_t)n);
        assert_non_null(v);
        assert_int_equal(*v, (uint64_t)i * 3);
    }
    assert_null(hmap_get(&m, "nope", 4));
    bool inserted = true;
    uint64_t *slot;
    assert_int_equal(hmap_upsert(&m, "k7", 2, 99, &slot, &inserted), 0);
    assert_false(inserted);
    assert_int_equal(*slot, 21);
    hmap_free(&m);
}

static void test_arena_and_vec(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *big = arena_alloc(&a, 200000);
    assert_non_null(big);
    memset(big, 1, 200000);
    for (int i = 0; i < 10000; i++) {
        char *s = arena_strndup(&a, "hello", 5);
        assert_string_equal(s, "hello");
    }
    arena_free(&a);
    VEC(int) v = VEC_INIT;
    for (int i = 0; i < 100; i++)
        assert_int_equal(VEC_PUSH(&v, i), 0);
    assert_int_equal(v.len, 100);
    assert_int_equal(v.items[99], 99);
    VEC_FREE(&v);
}

static void test_calendar(void **state)
{
    (void)state;
    annals_date d;
    assert_int_equal(annals_date_parse_iso(&d, "2021-10-05", 10), 0);
    assert_int_equal(d.year, 2021);
    assert_int_equal(annals_date_weekday(d), 1); /* a Tuesday */
    assert_int_equal(annals_date_parse_iso(&d, "2021-02-30", 10), ANNALS_EPARSE);
    assert_int_equal(annals_date_parse_iso(&d, "2024-02-29", 10), 0);
    assert_int_equal(annals_date_parse_iso(&d, "2023-02-29", 10), ANNALS_EPARSE);
    assert_int_equal(annals_date_parse_iso(&d, "2021-1-05x", 10), ANNALS_EPARSE);
    assert_true(annals_date_valid(2000, 2, 29));
    assert_false(annals_date_valid(1900, 2, 29));
    annals_date epoch = {1970, 1, 1};
    assert_int_equal(annals_date_to_days(epoch), 0);
    for (int64_t z = -800000; z < 800000; z += 997) {
        annals_date x = annals_date_from_days(z);
        assert_true(annals_date_valid(x.year, x.month, x.day) || x.year < 1 || x.year > 9999);
        assert_int_equal(annals_date_to_days(x), z);
    }
    char out[11];
    annals_date partial = {0, 1, 8};
    assert_string_equal(annals_date_format(partial, out), "XXXX-01-08");
    annals_date month = {2011, 3, 0};
    assert_string_equal(annals_date_format(month, out), "2011-03");
    annals_date year = {2024, 0, 0};
    assert_string_equal(annals_date_format(year, out), "2024");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decode_rejects_bad_forms),
        cmocka_unit_test(test_buf_and_json_escape),
        cmocka_unit_test(test_hmap),
        cmocka_unit_test(test_arena_and_vec),
        cmocka_unit_test(test_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
