/*
 * test_value_format.c - value_format() (src/temporal/value_format.c) writes what snprintf()
 * writes for every format resolve.c uses, over random and extreme integers (negative,
 * INT_MIN, INT_MAX, more digits than the width) and every buffer size down to 0 (the
 * truncated output and the returned full length).
 */
#include <limits.h>

#include "unit/test_helpers.h"

#include "temporal/temporal.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static int rnd_int(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    static const int fixed[] = {0, 1, -1, 9, 10, 99, 100, 999, 1000, 9999, 10000, -10, -999,
                                INT_MAX, INT_MIN, INT_MIN + 1};
    uint32_t k = (uint32_t)(rng_state >> 40);
    if (k % 4 == 0)
        return fixed[k / 4 % (sizeof(fixed) / sizeof(fixed[0]))];
    if (k % 4 == 1)
        return (int)(k % 3000) - 500;
    return (int)(uint32_t)rng_state;
}

/* One format with integers a, b, c and strings s, t, checked at every size up to 40. */
#define CHECK(fmt, ...)                                                                            \
    do {                                                                                           \
        for (size_t cap = 0; cap <= 40; cap++) {                                                   \
            char want[48], got[48];                                                                \
            memset(want, '#', sizeof(want));                                                       \
            memset(got, '#', sizeof(got));                                                         \
            int wn = snprintf(want, cap, fmt, __VA_ARGS__);                                        \
            size_t gn = value_format(got, cap, fmt, __VA_ARGS__);                                  \
            assert_int_equal((size_t)wn, gn);                                                      \
            assert_memory_equal(want, got, sizeof(want));                                          \
        }                                                                                          \
    } while (0)

static void test_like_snprintf(void **state)
{
    (void)state;
    static const char *const strs[] = {"", "X", "XXXX", "PRESENT_REF", "TMO", "P", "PT", "WE"};
    for (int round = 0; round < 4000; round++) {
        int a = rnd_int(), b = rnd_int(), c = rnd_int();
        const char *s = strs[(unsigned)a % 8], *t = strs[(unsigned)b % 8];
        CHECK("%04d-%02d-%02d", a, b, c);
        CHECK("T%02d:%02d", a, b);
        CHECK("T%s", s);
        CHECK("%s", s);
        CHECK("%04d", a);
        CHECK("XXXX%s", "");
        CHECK("%03d%s", a, s);
        CHECK("%sXQ", s);
        CHECK("%s%sX%s", s, t, s);
        CHECK("%s%s%d%s", s, t, a, s);
        CHECK("%04d-W%02d-WE", a, b);
        CHECK("%04d-Q%d", a, b);
        CHECK("%02d", a);
        CHECK("%s-%02d-%02d", s, a, b);
        CHECK("%s-Q%d", s, a);
        CHECK("XXXX-WXX-%d", a);
        CHECK("XXXX-XX-XXT%s", s);
        CHECK("100%%-%d", a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_like_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
