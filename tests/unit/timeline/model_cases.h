/*
 * model_cases.h - model files that must not parse, and the message each must give.
 */
#ifndef ANNALS_TEST_MODEL_CASES_H
#define ANNALS_TEST_MODEL_CASES_H

#include <string.h>

#include "annals.h"
#include "unit/test_helpers.h"

typedef struct model_bad_case {
    const char *text;   /* a model file */
    const char *expect; /* a part of the message annals_tl_model_parse() must give */
} model_bad_case;

/* Every case fails with ANNALS_EPARSE, leaves no model and says what it expects. */
static void check_bad_models(const model_bad_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        annals_tl_model *m = (annals_tl_model *)1;
        char err[160] = "";
        assert_int_equal(
            annals_tl_model_parse(&m, cases[i].text, strlen(cases[i].text), err, sizeof(err)),
            ANNALS_EPARSE);
        assert_null(m);
        if (!strstr(err, cases[i].expect))
            fail_msg("case %zu: got '%s', expected '%s'", i, err, cases[i].expect);
    }
}

#endif
