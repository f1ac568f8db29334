/*
 * date.c - proleptic Gregorian calendar arithmetic on annals_date.
 *
 * Day numbers count from 1970-01-01 using Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"), exact for any year.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int annals_date_valid(int year, int month, int day)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int max = mdays[month - 1] + (month == 2 && is_leap(year));
    return day <= max;
}

int64_t annals_date_to_days(annals_date d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

annals_date annals_date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    annals_date out = {(int)(y + (m <= 2)), (int)m, (int)d};
    return out;
}

int annals_date_weekday(annals_date d)
{
    int64_t days = annals_date_to_days(d); /* 1970-01-01 was a Thursday (3) */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int annals_date_parse_iso(annals_date *out, const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return ANNALS_EPARSE;
    int v[3] = {0, 0, 0};
    const int pos[3] = {0, 5, 8}, width[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++) {
        for (int i = 0; i < width[f]; i++) {
            char c = s[pos[f] + i];
            if (!ascii_isdigit((unsigned char)c))
                return ANNALS_EPARSE;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    if (!annals_date_valid(v[0], v[1], v[2]))
        return ANNALS_EPARSE;
    out->year = v[0];
    out->month = v[1];
    out->day = v[2];
    return 0;
}

/* Writes n digits of v, or n X characters when v is unknown (0). */
static char *put_field(char *p, int v, int n)
{
    int known = v > 0;
    for (int i = n - 1; i >= 0; i--) {
        p[i] = known ? (char)('0' + v % 10) : 'X';
        v /= 10;
    }
    return p + n;
}

char *annals_date_format(annals_date d, char *b)
{
    int year = d.year > 0 && d.year <= 9999 ? d.year : 0;
    int month = d.month >= 1 && d.month <= 12 ? d.month : 0;
    int day = d.day >= 1 && d.day <= 31 ? d.day : 0;
    char *p = put_field(b, year, 4);
    if (day || month) {
        *p++ = '-';
        p = put_field(p, month, 2);
    }
    if (day) {
        *p++ = '-';
        p = put_field(p, day, 2);
    }
    *p = '\0';
    return b;
}

const char *annals_strerror(int code)
{
    switch (code) {
    case ANNALS_OK: return "ok";
    case ANNALS_DONE: return "done";
    case ANNALS_ENOMEM: return "out of memory";
    case ANNALS_EINVAL: return "invalid argument";
    case ANNALS_EIO: return "input/output error";
    case ANNALS_EDB: return "database error";
    case ANNALS_EPARSE: return "parse error";
    case ANNALS_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}
