/*
 * resolve.c - turns a recognized expression (tsem) into a TIMEX3 type and value.
 *
 * Anchors: deictic expressions ("yesterday", "last month", "two weeks ago", "Tuesday")
 * count from the reference date (normally the publication date); anaphoric ones ("the
 * previous day", "a year earlier", "the day before") from the last date mentioned earlier in
 * the document, falling back to the reference date. Names without a year ("March",
 * "Christmas") and bare weekdays take their direction from the sentence's tense: past tense
 * looks back, future tense forward, no tense keeps the reference year (for weekdays: the
 * nearest one). Without a reference date nothing relative is invented: "January 8" stays
 * XXXX-01-08, "Tuesday" XXXX-WXX-2, "yesterday" XXXX-XX-XX.
 * Values follow TimeML 1.2.1 / TIDES 2005 (ISO 8601 with X for unknown digits,
 * PRESENT_REF, seasons SP SU FA WI, parts of day TMO TAF TEV TNI).
 * Sources: TimeML annotation guidelines 1.2.1; Strötgen & Gertz, HeidelTime (2013) for the
 * tense heuristic; Meeus, Astronomical Algorithms, for Easter.
 */
#include <stdarg.h>
#include <string.h>

#include "temporal/temporal.h"

static const char *const unit_letter[U_COUNT] = {
    "", "Y", "M", "W", "D", "H", "M", "S", "M", "M", "Y", "Y", "D", "W", "H", "W"};
/* Multiplier turning a unit into its letter's unit (quarter = 3 months, decade = 10 years). */
static const int unit_mult[U_COUNT] = {0, 1, 1, 1, 1, 1, 1, 1, 3, 6, 10, 100, 2, 2, 12, 2};
static const char *const pod_name[] = {"", "MO", "AF", "EV", "NI", "DT"};
static const char *const season_name[] = {"", "SP", "SU", "FA", "WI"};
static const char *const ref_name[] = {"", "PRESENT_REF", "PAST_REF", "FUTURE_REF"};
static const char *const mod_name[] = {"", "START", "MID", "END", "APPROX", "MORE_THAN",
                                       "LESS_THAN", "EQUAL_OR_MORE", "", "LESS_THAN",
                                       "", "", "EQUAL_OR_LESS"};

annals_date easter_sunday(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    annals_date r = {y, (h + l - 7 * m + 114) / 31, ((h + l - 7 * m + 114) % 31) + 1};
    return r;
}

static bool full(annals_date d)
{
    return d.year > 0 && d.month > 0 && d.day > 0;
}

static annals_date add_days(annals_date d, int64_t n)
{
    return annals_date_from_days(annals_date_to_days(d) + n);
}

/* ISO 8601 week of a complete date; *iso_year gets the week's year. */
static int iso_week(annals_date d, int *iso_year)
{
    int wd = annals_date_weekday(d); /* 0 = Monday */
    annals_date thu = add_days(d, 3 - wd);
    annals_date jan1 = {thu.year, 1, 1};
    *iso_year = thu.year;
    return (int)((annals_date_to_days(thu) - annals_date_to_days(jan1)) / 7) + 1;
}

static void set_value(annals_timex *x, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void set_value(annals_timex *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    value_vformat(x->value, sizeof(x->value), fmt, ap);
    va_end(ap);
}

static void append(annals_timex *x, const char *s)
{
    size_t n = strlen(x->value);
    value_format(x->value + n, sizeof(x->value) - n, "%s", s);
}

static void put_day(annals_timex *x, annals_date d)
{
    set_value(x, "%04d-%02d-%02d", d.year, d.month, d.day);
    x->gran = ANNALS_GRAN_DAY;
    x->date = d;
}

/* Adds a time of day or a part of day to a day value; the type becomes TIME. */
static void put_time(annals_timex *x, const tsem *s)
{
    char t[32];
    if (s->hour >= 0) {
        value_format(t, sizeof(t), "T%02d:%02d", s->hour % 100, s->minute < 0 ? 0 : s->minute % 100);
        append(x, t);
        x->type = ANNALS_TIMEX_TIME;
        x->gran = ANNALS_GRAN_TIME;
    } else if (s->pod > 0 && s->pod < (int)ARRAY_SIZE(pod_name)) {
        /* TimeBank marks "this morning" TIME but "Friday night" DATE */
        value_format(t, sizeof(t), "T%s", pod_name[s->pod]);
        append(x, t);
        x->type = s->kind == SK_DEICTIC ? ANNALS_TIMEX_TIME : ANNALS_TIMEX_DATE;
        x->gran = ANNALS_GRAN_TIME;
    }
}

/* The year of a month (and day) named without a year, seen from dct. dir: -1 the last one
 * before dct, 1 the next one after, 0 dct's year, 2 from the tense.
 * With the tense (dir 2) the month's distance from the reference month decides first: a
 * month one or two ahead is nearly always this year's (an announced date, even in a past
 * tense sentence: "said it would extend the bid to Nov. 6"), one up to three back this
 * year's too; further away, past tense looks back, future tense forward, and no tense takes
 * the nearest. Thresholds from the month names of the TempEval-3 development documents
 * (docs/TEMPORAL.md). */
static int infer_year(annals_date dct, int month, int day, int dir, int tense)
{
    int key = month, now = dct.month;
    (void)day;
    if (dir == 2) {
        int d = key - now;
        if (d >= -3 && d <= 2)
            return dct.year;
        if (tense == TENSE_PAST)
            return d > 0 ? dct.year - 1 : dct.year;
        if (tense == TENSE_FUTURE)
            return d < 0 ? dct.year + 1 : dct.year;
        return d > 6 ? dct.year - 1 : d < -6 ? dct.year + 1 : dct.year;
    }
    switch (dir) {
    case -1: return key >= now ? dct.year - 1 : dct.year;
    case 1: return key <= now ? dct.year + 1 : dct.year;
    default: return dct.year;
    }
}

static annals_date holiday_date(const holiday *h, int y)
{
    annals_date d = {y, 0, 0};
    if (h->rule == HOL_FIXED) {
        d.month = h->a, d.day = h->b;
    } else if (h->rule == HOL_EASTER) {
        d = add_days(easter_sunday(y), h->a);
    } else {
        /* the n-th weekday b of month a; n = -1 the last */
        annals_date first = {y, h->a, 1};
        int wd0 = annals_date_weekday(first) + 1;
        int day = 1 + (h->b - wd0 + 7) % 7;
        if (h->c > 0) {
            day += 7 * (h->c - 1);
        } else {
            while (annals_date_valid(y, h->a, day + 7))
                day += 7;
        }
        d.month = h->a, d.day = day;
    }
    if (!annals_date_valid(d.year, d.month, d.day))
        d.month = d.day = 0;
    return d;
}

/* A weekday (1..7) seen from anchor a in direction dir (see infer_year) and tense. */
static annals_date weekday_date(annals_date a, int w, int dir, int tense)
{
    int dw = annals_date_weekday(a) + 1;
    int back = (dw - w + 7) % 7, fwd = (w - dw + 7) % 7;
    if (dir == 2) {
        if (tense == TENSE_PAST)
            dir = -2;
        else if (tense == TENSE_PRESENT || tense == TENSE_INTENT)
            dir = fwd < back ? 2 : -2;
        else if (tense == TENSE_FUTURE)
            dir = 2;
        else
            dir = fwd <= 2 && fwd < back ? 2 : -2; /* news reports what happened, but a
                                                      day just ahead is an announced one */
    }
    switch (dir) {
    case -1: return add_days(a, -(back ? back : 7));
    case 1: return add_days(a, fwd ? fwd : 7);
    case 0: return add_days(a, w - dw);
    case -2: return add_days(a, -back);
    default: return add_days(a, fwd);
    }
}

static void put_units(annals_timex *x, const char *prefix, int n, int unit)
{
    const char *t = (unit == U_H || unit == U_MIN || unit == U_S || unit == U_NI) ? "T" : "";
    if (n < 0 && unit == U_Q)
        set_value(x, "%sXQ", prefix); /* "several quarters": PXQ, the count unknown */
    else if (n < 0)
        set_value(x, "%s%sX%s", prefix, t, unit_letter[unit]);
    else
        set_value(x, "%s%s%d%s", prefix, t, n * unit_mult[unit], unit_letter[unit]);
}

/* A date shifted by n units from anchor a, written at the unit's granularity. */
static int put_shifted(annals_timex *x, annals_date a, int unit, int n, int quarter)
{
    bool known = full(a);
    switch (unit) {
    case U_D:
        if (!known) {
            set_value(x, "XXXX-XX-XX");
            x->gran = ANNALS_GRAN_DAY;
            return 0;
        }
        put_day(x, add_days(a, n));
        return 0;
    case U_W:
    case U_FN:
    case U_2W:
    case U_WE: {
        x->gran = ANNALS_GRAN_WEEK;
        if (!known) {
            set_value(x, unit == U_WE ? "XXXX-WXX-WE" : "XXXX-WXX");
            return 0;
        }
        int iy, w = iso_week(add_days(a, 7 * n * (unit == U_FN || unit == U_2W ? 2 : 1)), &iy);
        set_value(x, unit == U_WE ? "%04d-W%02d-WE" : "%04d-W%02d", iy, w);
        return 0;
    }
    case U_M: {
        x->gran = ANNALS_GRAN_MONTH;
        if (!a.year || !a.month) {
            set_value(x, "XXXX-XX");
            return 0;
        }
        int m = a.year * 12 + (a.month - 1) + n;
        set_value(x, "%04d-%02d", m / 12, m % 12 + 1);
        x->date.year = m / 12, x->date.month = m % 12 + 1;
        return 0;
    }
    case U_Q:
    case U_HALF: {
        x->gran = ANNALS_GRAN_QUARTER;
        int per = unit == U_Q ? 4 : 2;
        if (!a.year || (!a.month && !quarter)) {
            set_value(x, unit == U_Q ? "XXXX-QX" : "XXXX-HX");
            return 0;
        }
        int q = quarter ? quarter - 1 : (a.month - 1) / (12 / per);
        int k = a.year * per + q + n;
        set_value(x, unit == U_Q ? "%04d-Q%d" : "%04d-H%d", k / per, k % per + 1);
        x->date.year = k / per;
        return 0;
    }
    case U_Y:
        x->gran = ANNALS_GRAN_YEAR;
        if (!a.year) {
            set_value(x, "XXXX");
            return 0;
        }
        set_value(x, "%04d", a.year + n);
        x->date.year = a.year + n;
        return 0;
    case U_DE:
        x->gran = ANNALS_GRAN_DECADE;
        if (!a.year) {
            set_value(x, "XXX");
            return 0;
        }
        set_value(x, "%03d", a.year / 10 + n);
        return 0;
    case U_CE:
        x->gran = ANNALS_GRAN_CENTURY;
        if (!a.year) {
            set_value(x, "XX");
            return 0;
        }
        set_value(x, "%02d", a.year / 100 + n);
        return 0;
    default:
        /* hours and minutes from a date-only anchor: only the direction is known */
        set_value(x, "%s", ref_name[n < 0 ? REF_PAST : n > 0 ? REF_FUTURE : REF_PRESENT]);
        x->gran = ANNALS_GRAN_NONE;
        return 0;
    }
}

static int resolve_cal(resolve_ctx *rc, const tsem *s, int tense, annals_timex *x)
{
    annals_date dct = rc->dct;
    x->type = ANNALS_TIMEX_DATE;
    if (s->time_only) {
        /* A time of day alone sits on the reference date. */
        if (full(dct))
            put_day(x, dct);
        else
            set_value(x, "XXXX-XX-XX");
        put_time(x, s);
        return 0;
    }
    if (s->century) {
        set_value(x, "%02d", s->century);
        x->gran = ANNALS_GRAN_CENTURY;
        return 0;
    }
    if (s->decade) {
        set_value(x, "%03d%s", s->decade, s->decade_x ? "X" : "");
        x->gran = ANNALS_GRAN_DECADE;
        return 0;
    }
    int y = s->year;
    if (!y && dct.year) {
        if (s->month)
            y = infer_year(dct, s->month, s->day, s->dir, tense);
        else if (s->season)
            y = infer_year(dct, 3 * s->season, 0, s->dir, tense);
        else if (s->quarter && s->dir == 2 && !s->fiscal)
            y = infer_year(dct, 3 * s->quarter - 1, 0, 2, tense); /* its middle month */
        else if (s->quarter || s->half || s->week)
            y = s->dir == 2 ? dct.year : dct.year + s->dir;
    }
    char ys[8];
    if (y)
        value_format(ys, sizeof(ys), "%04d", y);
    else
        value_format(ys, sizeof(ys), "XXXX");
    x->date.year = y;
    if (s->month && s->day) {
        if (y && !annals_date_valid(y, s->month, s->day))
            return -1;
        if (!y && !annals_date_valid(2000, s->month, s->day))
            return -1;
        set_value(x, "%s-%02d-%02d", ys, s->month, s->day);
        x->gran = ANNALS_GRAN_DAY;
        x->date.month = s->month, x->date.day = s->day;
        if (s->week_of) {
            x->gran = ANNALS_GRAN_WEEK;
            if (y) {
                int iy, w = iso_week(x->date, &iy);
                set_value(x, "%04d-W%02d", iy, w);
            } else {
                set_value(x, "XXXX-WXX");
            }
            return 0;
        }
        put_time(x, s);
    } else if (s->month) {
        set_value(x, "%s-%02d", ys, s->month);
        x->gran = ANNALS_GRAN_MONTH;
        x->date.month = s->month;
    } else if (s->season) {
        set_value(x, "%s-%s", ys, season_name[s->season]);
        x->gran = ANNALS_GRAN_QUARTER;
    } else if (s->quarter) {
        set_value(x, "%s-Q%d", ys, s->quarter);
        x->gran = ANNALS_GRAN_QUARTER;
    } else if (s->week) {
        set_value(x, "%s-W%02d", ys, s->week);
        x->gran = ANNALS_GRAN_WEEK;
    } else if (s->half) {
        set_value(x, "%s-H%d", ys, s->half);
        x->gran = ANNALS_GRAN_QUARTER;
    } else if (y) {
        set_value(x, "%s", ys);
        x->gran = ANNALS_GRAN_YEAR;
    } else {
        return -1;
    }
    return 0;
}

int resolve(resolve_ctx *rc, const tsem *s, int tense, annals_timex *x)
{
    annals_date dct = rc->dct;
    annals_date zero = {0, 0, 0};
    x->type = ANNALS_TIMEX_DATE;
    x->gran = ANNALS_GRAN_NONE;
    x->date = zero;
    x->value[0] = '\0';
    x->mod[0] = '\0';
    /* a mod longer than annals_timex.mod holds (EQUAL_OR_MORE needs 14 bytes) is left out
     * rather than cut */
    if (s->mod > 0 && s->mod < (int)ARRAY_SIZE(mod_name) &&
        strlen(mod_name[s->mod]) < sizeof(x->mod))
        memcpy(x->mod, mod_name[s->mod], strlen(mod_name[s->mod]) + 1);
    int rcode = 0;
    switch (s->kind) {
    case SK_REF:
        set_value(x, "%s", ref_name[s->ref]);
        break;
    case SK_DURATION:
        if (s->in_future && tense == TENSE_FUTURE && s->n > 0) {
            tsem d = *s;
            d.kind = SK_DEICTIC;
            d.in_future = 0;
            return resolve(rc, &d, tense, x);
        }
        x->type = ANNALS_TIMEX_DURATION;
        put_units(x, "P", s->n, s->unit);
        if (s->half && s->n >= 0) {
            /* "2 1/2 years": half a unit in the next smaller one */
            static const char *const half_of[U_COUNT] = {
                [U_Y] = "6M", [U_M] = "15D", [U_D] = "T12H", [U_H] = "30M", [U_MIN] = "30S"};
            if (!half_of[s->unit])
                return -1;
            append(x, half_of[s->unit]);
        }
        break;
    case SK_SET:
        x->type = ANNALS_TIMEX_SET;
        if (s->weekday) {
            set_value(x, "XXXX-WXX-%d", s->weekday);
            put_time(x, s);
            x->type = ANNALS_TIMEX_SET;
        } else if (s->pod) {
            set_value(x, "XXXX-XX-XXT%s", pod_name[s->pod]);
        } else if (s->month) {
            set_value(x, "XXXX-%02d", s->month);
        } else {
            put_units(x, "P", s->n, s->unit);
        }
        x->gran = ANNALS_GRAN_NONE;
        break;
    case SK_CAL:
        rcode = resolve_cal(rc, s, tense, x);
        break;
    case SK_WEEKDAY: {
        annals_date a = s->anaphoric && full(rc->last) ? rc->last : dct;
        if (!full(a)) {
            set_value(x, "XXXX-WXX-%d", s->weekday);
            x->gran = ANNALS_GRAN_DAY;
        } else {
            put_day(x, weekday_date(a, s->weekday, s->dir, tense));
        }
        /* "Friday night": TimeBank mostly writes the day alone, but "Friday evening" with
         * TEV; a clock time stays. */
        if (s->hour >= 0 || (s->pod == POD_EV && full(a)))
            put_time(x, s);
        break;
    }
    case SK_HOLIDAY: {
        const holiday *h = &rc->lx->holidays.items[s->holiday];
        int y = s->year;
        if (!y && dct.year) {
            annals_date d = holiday_date(h, dct.year);
            y = d.month ? infer_year(dct, d.month, d.day, s->dir, tense) : dct.year;
        }
        if (!y) {
            if (h->rule == HOL_FIXED)
                set_value(x, "XXXX-%02d-%02d", h->a, h->b);
            else
                set_value(x, "XXXX-XX-XX");
            x->gran = ANNALS_GRAN_DAY;
        } else {
            annals_date d = holiday_date(h, y);
            if (!d.month)
                return -1;
            put_day(x, d);
        }
        put_time(x, s);
        break;
    }
    case SK_DEICTIC: {
        annals_date a = dct;
        int quarter = 0;
        if (s->anaphoric == 4 && rc->last_gran != ANNALS_GRAN_QUARTER && rc->last.year) {
            a = rc->last; /* "a year earlier" after a date that is not a quarter */
        } else if (s->anaphoric == 1 && rc->last.year) {
            a = rc->last;
            if ((s->unit == U_D || s->unit == U_W || s->unit == U_WE || s->unit == U_FN ||
                 s->unit == U_2W) && !full(a))
                a = dct; /* day or week steps need a day to start from */
        } else if (s->anaphoric == 2 || s->anaphoric == 5) {
            /* "the quarter": the one last mentioned, else the last finished one; "the latest
             * quarter" is never one that has not ended yet */
            int done = dct.year ? dct.year * 4 + (dct.month - 1) / 3 - 1 : 0;
            if (rc->last_gran == ANNALS_GRAN_QUARTER && rc->last.year &&
                !(s->anaphoric == 5 && dct.year && rc->last_q &&
                  rc->last.year * 4 + rc->last_q - 1 > done)) {
                a = rc->last;
                quarter = rc->last_q;
            } else if (dct.year) {
                int k = dct.year * 4 + (dct.month - 1) / 3 - 1;
                a.year = k / 4, a.month = (k % 4) * 3 + 1, a.day = 1;
            }
        } else if ((s->anaphoric == 3 || s->anaphoric == 4) &&
                   rc->last_gran == ANNALS_GRAN_QUARTER &&
                   rc->last.year) {
            /* "a year ago" in a report about a quarter: the same quarter a year before */
            x->type = ANNALS_TIMEX_DATE;
            set_value(x, "%04d-Q%d", rc->last.year + s->n, rc->last_q);
            x->gran = ANNALS_GRAN_QUARTER;
            x->date.year = rc->last.year + s->n;
            return 0;
        }
        if (s->unit == U_WE && s->dir == -1 && full(a) && tense != TENSE_FUTURE &&
            annals_date_weekday(a) < 5)
            a = add_days(a, -7); /* "the weekend" told on a weekday: the one just past */
        rcode = put_shifted(x, a, s->unit, s->n, quarter);
        if (rcode == 0 && x->gran == ANNALS_GRAN_DAY)
            put_time(x, s);
        break;
    }
    }
    return rcode;
}
