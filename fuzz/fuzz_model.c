/*
 * fuzz_model.c - fuzz target for the date-model file parser (date and sentence weights):
 * any input either parses into a model whose formatted text parses again, keeping every
 * nonzero sentence weight nonzero and a spread >= 0 present, or fails with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annals/timeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    annals_tl_model *m = NULL, *m2 = NULL;
    char err[200];
    if (annals_tl_model_parse(&m, (const char *)data, size, err, sizeof(err)) < 0) {
        if (m || !err[0])
            abort();
        return 0;
    }
    char *text = NULL;
    if (annals_tl_model_format(m, &text) == 0 &&
        annals_tl_model_parse(&m2, text, strlen(text), err, sizeof(err)) < 0)
        abort();
    for (size_t i = 0; i < ANNALS_TL_N_SFEATURES; i++)
        if (m2 && annals_tl_model_sentence_weight(m, i) != 0 &&
            annals_tl_model_sentence_weight(m2, i) == 0)
            abort();
    if (annals_tl_model_spread(m) < 0 ||
        (m2 && (annals_tl_model_spread(m) > 0) != (annals_tl_model_spread(m2) > 0)))
        abort();
    double f[ANNALS_TL_N_FEATURES] = {0};
    (void)annals_tl_model_score(m, f);
    free(text);
    annals_tl_model_free(m2);
    annals_tl_model_free(m);
    return 0;
}
