/*
 * tagger.c - time-expression tagger (placeholder: finds nothing yet).
 */
#include <stdlib.h>

#include "annals/temporal.h"
#include "util.h"

struct annals_tagger {
    char errmsg[128];
};

int annals_tagger_open(annals_tagger **out, const annals_tagger_options *opts)
{
    (void)opts;
    annals_tagger *t = calloc(1, sizeof(*t));
    if (!t)
        return ANNALS_ENOMEM;
    *out = t;
    return 0;
}

void annals_tagger_close(annals_tagger *t)
{
    free(t);
}

const char *annals_tagger_errmsg(const annals_tagger *t)
{
    return t->errmsg;
}

int annals_tagger_tag(annals_tagger *t, const char *text, size_t len, const annals_date *dct,
                      const annals_timex **out, size_t *n_out)
{
    (void)t;
    (void)text;
    (void)len;
    (void)dct;
    *out = NULL;
    *n_out = 0;
    return 0;
}

const char *annals_timex_type_name(annals_timex_type type)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    return (unsigned)type < 4 ? names[type] : "DATE";
}

const char *annals_granularity_name(annals_granularity gran)
{
    static const char *const names[] = {"none", "time", "day", "week", "month",
                                        "quarter", "year", "decade", "century"};
    return (unsigned)gran < 9 ? names[gran] : "none";
}
