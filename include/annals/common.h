/*
 * annals/common.h - error codes, spans and calendar dates shared by every module.
 */
#ifndef ANNALS_COMMON_H
#define ANNALS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define ANNALS_VERSION "0.1.0"

/* Return codes. 0 is success; errors are negative. ANNALS_DONE ends an iteration. */
enum {
    ANNALS_OK = 0,
    ANNALS_DONE = 1,
    ANNALS_ENOMEM = -1,    /* out of memory */
    ANNALS_EINVAL = -2,    /* invalid argument or option */
    ANNALS_EIO = -3,       /* reading or writing a file failed */
    ANNALS_EDB = -4,       /* the store (SQLite) reported an error */
    ANNALS_EPARSE = -5,    /* input could not be parsed */
    ANNALS_ENOTFOUND = -6, /* the thing asked for does not exist */
};

/* A static, human-readable name for a return code ("out of memory", ...). */
const char *annals_strerror(int code);

/* A byte span into a caller's buffer. */
typedef struct annals_span {
    uint32_t off;
    uint32_t len;
} annals_span;

/*
 * A calendar date in the proleptic Gregorian calendar. A field of 0 is unknown, so a date
 * can be partial: {0, 1, 8} is "January 8, year unknown", {2011, 3, 0} is "March 2011".
 */
typedef struct annals_date {
    int year;  /* 0 = unknown; otherwise 1..9999 */
    int month; /* 0 = unknown; 1..12 */
    int day;   /* 0 = unknown; 1..31 */
} annals_date;

/* 1 if year/month/day form a real calendar day (2021-02-30 does not). */
int annals_date_valid(int year, int month, int day);

/* Days since 1970-01-01 of a complete date (Howard Hinnant's days_from_civil). */
int64_t annals_date_to_days(annals_date d);

/* The complete date of a day number; inverse of annals_date_to_days(). */
annals_date annals_date_from_days(int64_t days);

/* Day of the week of a complete date: 0 = Monday ... 6 = Sunday (ISO 8601 order). */
int annals_date_weekday(annals_date d);

/*
 * Parses exactly "YYYY-MM-DD" (len bytes, no surrounding space) into *out.
 * Returns 0, or ANNALS_EPARSE when the form is wrong or the day does not exist.
 */
int annals_date_parse_iso(annals_date *out, const char *s, size_t len);

/*
 * Writes d as "YYYY-MM-DD", "YYYY-MM", "YYYY" or with X for unknown parts ("XXXX-01-08")
 * into buf (at least 11 bytes). Returns buf.
 */
char *annals_date_format(annals_date d, char *buf);

#endif
