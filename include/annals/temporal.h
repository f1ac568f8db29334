/*
 * annals/temporal.h - finding and normalizing time expressions (TIMEX3, TimeML 1.2.1).
 *
 * A tagger holds the language tables (month and weekday names, number words, holidays,
 * trigger words) compiled from resources/<lang>/. Tagging a text returns every time
 * expression with its byte span, its TIMEX3 type and value, resolved against a reference
 * date (normally the publication date). Without a reference date absolute expressions are
 * still resolved and relative ones stay partial: "January 8" becomes XXXX-01-08; a year is
 * never invented.
 */
#ifndef ANNALS_TEMPORAL_H
#define ANNALS_TEMPORAL_H

#include "common.h"

typedef enum annals_timex_type {
    ANNALS_TIMEX_DATE = 0,
    ANNALS_TIMEX_TIME = 1,
    ANNALS_TIMEX_DURATION = 2,
    ANNALS_TIMEX_SET = 3,
} annals_timex_type;

/* The finest calendar unit a value pins down. */
typedef enum annals_granularity {
    ANNALS_GRAN_NONE = 0, /* durations, sets, PRESENT_REF and other non-calendar values */
    ANNALS_GRAN_TIME,     /* a time of day: 2021-10-05T20:00 */
    ANNALS_GRAN_DAY,      /* 2021-10-05, XXXX-01-08 */
    ANNALS_GRAN_WEEK,     /* 2021-W16 */
    ANNALS_GRAN_MONTH,    /* 2021-10 */
    ANNALS_GRAN_QUARTER,  /* 2009-Q2, and seasons 2011-SP */
    ANNALS_GRAN_YEAR,     /* 2021 */
    ANNALS_GRAN_DECADE,   /* 199 */
    ANNALS_GRAN_CENTURY,  /* 19 */
} annals_granularity;

#define ANNALS_TIMEX_VALUE_MAX 40

/* One time expression. */
typedef struct annals_timex {
    annals_span span;                   /* bytes in the tagged text */
    annals_timex_type type;
    annals_granularity gran;
    char value[ANNALS_TIMEX_VALUE_MAX]; /* TIMEX3 value, NUL-terminated: 2021-10-05, P3Y, ... */
    char mod[16];                       /* TIMEX3 mod (START, MID, END, APPROX, ...) or "" */
    annals_date date;                   /* calendar anchor of DATE/TIME values at day, month or
                                           year granularity (parts may be 0 = unknown);
                                           all zero otherwise */
} annals_timex;

typedef struct annals_tagger annals_tagger;

#define ANNALS_TAGGER_OPTIONS_VERSION 1
typedef struct annals_tagger_options {
    unsigned version;
    const char *lang; /* resource language, "en" */
} annals_tagger_options;
#define ANNALS_TAGGER_OPTIONS_INIT {ANNALS_TAGGER_OPTIONS_VERSION, "en"}

/*
 * Opens a tagger. opts may be NULL for the defaults. On success *out is owned by the
 * caller and freed with annals_tagger_close(). Returns 0, ANNALS_ENOMEM, or ANNALS_EINVAL
 * for an unknown language.
 */
int annals_tagger_open(annals_tagger **out, const annals_tagger_options *opts);

/* Frees a tagger; NULL is a no-op. */
void annals_tagger_close(annals_tagger *t);

/* The message of the last failure on t (borrowed). */
const char *annals_tagger_errmsg(const annals_tagger *t);

/*
 * Tags text[0, len) (UTF-8; invalid bytes are skipped, never read past len).
 * dct is the reference date; NULL or a date with year 0 means unknown.
 * On success *out points at *n_out expressions sorted by span offset; the array is owned
 * by t and valid until the next call on t. Returns 0 or ANNALS_ENOMEM.
 */
int annals_tagger_tag(annals_tagger *t, const char *text, size_t len, const annals_date *dct,
                      const annals_timex **out, size_t *n_out);

/* Names for types and granularities ("DATE", "day", ...): static strings. */
const char *annals_timex_type_name(annals_timex_type type);
const char *annals_granularity_name(annals_granularity gran);

#endif
