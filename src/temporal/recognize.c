/*
 * recognize.c - finds time expressions in a window of tokens.
 *
 * At each token the recognizer tries a fixed list of patterns over word classes (never
 * words: those are data in resources/<lang>/timex_lexicon.tsv) and keeps the longest match,
 * then moves past it. A match is a token range and a tsem, the meaning before resolution:
 * calendar parts ("October 5", "spring 2011"), an offset from an anchor ("two weeks ago",
 * "the previous day"), a weekday, a reference word ("now"), a duration or a set.
 * Extent conventions follow TimeBank (TimeML 1.2.1 guidelines): determiners and modifiers
 * ("the", "early", "about", "the end of") are inside, prepositions outside.
 * Ambiguous words ("May", "march", "second", "fall") count only with supporting context.
 * Patterns for named days and clock times are in patterns_day.c, relative spans and
 * durations in patterns_span.c.
 */
#include <string.h>

#include "temporal/temporal.h"

void tsem_init(tsem *s)
{
    /* a copy of a constant: a few wide moves where memset() and three stores were a call */
    static const tsem blank = {.hour = -1, .minute = -1, .dir = 2};
    *s = blank;
}

/* A year in words: "nineteen ninety-six" (a hundreds pair, 1800-2099), "two thousand",
 * "two thousand and one"; not before a unit ("two thousand years" is a count). Returns the
 * end or 0. */
static size_t spelled_year_at(const rctx *r, size_t i, int *y)
{
    if (!has(r, i, LC_NUMBER) || r->t[i].kind != TK_WORD)
        return 0;
    int a = val(r, i, LC_NUMBER), b = 0;
    size_t j = i + 1, k;
    if (a == 2 && has(r, j, LC_NUMBER) && val(r, j, LC_NUMBER) == 1000) {
        j++;
        size_t m = j;
        if (has(r, m, LC_PREP) == false && m < r->n && r->t[m].kind == TK_WORD &&
            !has(r, m, LC_NUMBER) && !has(r, m, LC_UNIT) && m + 1 < r->n &&
            has(r, m + 1, LC_NUMBER) && r->t[m].len == 3)
            m++; /* "and" */
        if (has(r, m, LC_NUMBER) && (k = count_at(r, m, &b, false)) && b >= 1 && b < 100) {
            j = k;
        } else {
            b = 0;
        }
        a = 20;
    } else if (a >= 18 && a <= 20) {
        if (!has(r, j, LC_NUMBER) || r->t[j].kind != TK_WORD)
            return 0;
        k = count_at(r, j, &b, false);
        if (!k || b < 10 || b > 99)
            return 0;
        j = k;
    } else {
        return 0;
    }
    if (has(r, j, LC_UNIT) || (punct(r, j, '-') && has(r, j + 1, LC_UNIT)))
        return 0;
    *y = a * 100 + b;
    return j;
}

/* A year in digits (year_at) or in words; returns the end or 0. */
static size_t any_year_at(const rctx *r, size_t i, int *y)
{
    if (year_at(r, i, y))
        return i + 1;
    return spelled_year_at(r, i, y);
}

/* ---- patterns: each returns the end of its match or 0 ------------------------------------- */

/* 2021-10-05 and 10/5/2021 (month first), 10/5/21. */
static size_t p_numeric(const rctx *r, size_t i, tsem *s)
{
    if (!is_num(r, i) || i + 4 >= r->n)
        return 0;
    const token *t = r->t;
    if (!is_num(r, i + 2) || !is_num(r, i + 4) || !glued(r, i + 1) || !glued(r, i + 2) ||
        !glued(r, i + 3) || !glued(r, i + 4) || !clean_num_end(r, i + 4))
        return 0;
    if (i > 0 && glued(r, i) && (t[i - 1].kind == TK_NUM || t[i - 1].kind == TK_WORD))
        return 0;
    int y, m, d;
    if (punct(r, i + 1, '-') && punct(r, i + 3, '-') && t[i].ndig == 4) {
        y = (int)t[i].num, m = (int)t[i + 2].num, d = (int)t[i + 4].num;
    } else if (punct(r, i + 1, '/') && punct(r, i + 3, '/') && t[i].ndig <= 2 &&
               t[i + 2].ndig <= 2 && (t[i + 4].ndig == 4 || t[i + 4].ndig == 2)) {
        m = (int)t[i].num, d = (int)t[i + 2].num, y = (int)t[i + 4].num;
        if (t[i + 4].ndig == 2)
            y += y < 50 ? 2000 : 1900;
    } else {
        return 0;
    }
    if (!annals_date_valid(y, m, d))
        return 0;
    s->kind = SK_CAL;
    s->year = y, s->month = m, s->day = d;
    return i + 5;
}

/* Optional ", 2021" or " 2021" after a month and day. */
static size_t opt_year(const rctx *r, size_t j, int *y)
{
    size_t k = punct(r, j, ',') ? j + 1 : j, e;
    *y = 0;
    if ((e = any_year_at(r, k, y)) != 0)
        return e;
    *y = 0;
    return j;
}

/* October 5, 2021 / Oct. 5 / March 2011 / March of 2011 / the 5th of October 2021 / 5 October.
 * A leading weekday ("Tuesday, Oct. 5") is part of the match. */
size_t p_month(const rctx *r, size_t i, tsem *s)
{
    size_t j = i;
    int wd = 0;
    if (has(r, j, LC_WEEKDAY) && cap(r, j)) {
        wd = val(r, j, LC_WEEKDAY);
        j++;
        if (punct(r, j, '.') && glued(r, j))
            j++;
        if (punct(r, j, ','))
            j++;
    }
    int m, d, y;
    bool ambig;
    int rel = 2;
    if (!wd && has(r, j, LC_REL) && !has(r, j, LC_ART) && has(r, j + 1, LC_MONTH) &&
        cap(r, j + 1)) {
        rel = val(r, j, LC_REL);
        j++;
    }
    size_t k = month_at(r, j, &m, &ambig);
    if (k) {
        s->dir = rel;
        size_t e = day_at(r, k, &d);
        /* a day in words: "March eighth", "June twenty-first" (not "May second ..." opening
         * a sentence) */
        if (!e && (e = ordinal_at(r, k, &d)) != 0 &&
            (r->t[k].kind != TK_WORD || d > 31 || (ambig && (r->t[j].flags & TF_SENT))))
            e = 0;
        if (e) {
            s->kind = SK_CAL;
            s->month = m, s->day = d, s->weekday = wd;
            e = opt_year(r, e, &y);
            s->year = y;
            return e;
        }
        size_t k2 = k;
        if (punct(r, k2, ',') || (has(r, k2, LC_PREP) && val(r, k2, LC_PREP) == PREP_OF))
            k2++;
        size_t ye = any_year_at(r, k2, &y);
        if (ye) {
            s->kind = SK_CAL;
            s->month = m, s->year = y;
            return ye;
        }
        if (wd)
            return 0;
        /* A bare abbreviation needs its dot: "Jan Kavan" is a name. */
        if ((ent(r, j)->flags & LEX_ABBR) && !(punct(r, j + 1, '.') && glued(r, j + 1)))
            return 0;
        if (k == j + 1 && punct(r, k, '.') && glued(r, k) && (ent(r, j)->flags & LEX_ABBR))
            k++;
        /* A bare month name: ambiguous ones ("May") need a preposition or modifier before. */
        if (ambig && rel == 2) {
            if (j == 0)
                return 0;
            bool ok = (has(r, j - 1, LC_PREP) &&
                       (val(r, j - 1, LC_PREP) == PREP_IN || val(r, j - 1, LC_PREP) == PREP_SINCE ||
                        val(r, j - 1, LC_PREP) == PREP_UNTIL ||
                        val(r, j - 1, LC_PREP) == PREP_BY)) ||
                      has(r, j - 1, LC_POS) || has(r, j - 1, LC_REL);
            if (!ok || (r->t[j].flags & TF_SENT))
                return 0;
        }
        s->kind = SK_CAL;
        s->month = m;
        return k;
    }
    /* Day first: "5 October 2021", "5th of October", "the 5th of October". */
    j = i;
    if (has(r, j, LC_ART) && val(r, j, LC_ART) == 0)
        j++;
    k = day_at(r, j, &d);
    if (!k && j > i && r->t[j].kind == TK_WORD && (k = ordinal_at(r, j, &d)) != 0) {
        /* "the eighth of March" (the article and "of" required with a day in words) */
        if (d > 31 || !(has(r, k, LC_PREP) && val(r, k, LC_PREP) == PREP_OF))
            return 0;
    }
    if (!k)
        return 0;
    if (has(r, k, LC_PREP) && val(r, k, LC_PREP) == PREP_OF)
        k++;
    size_t e = month_at(r, k, &m, &ambig);
    if (!e)
        return 0;
    s->kind = SK_CAL;
    s->month = m, s->day = d;
    size_t e2 = opt_year(r, e, &y);
    if (e2 > e)
        s->year = y;
    return e2;
}

/* Years, decades, centuries: 2024, fiscal 1998, the 1990s, the '90s, the nineties,
 * the 20th century. */
static size_t p_year(const rctx *r, size_t i, tsem *s)
{
    size_t j = i;
    bool art = false;
    if (has(r, j, LC_ART) && val(r, j, LC_ART) == 0) {
        art = true;
        j++;
    }
    if (has(r, j, LC_FISCAL)) {
        s->fiscal = 1;
        j++;
    }
    int y;
    const token *t = r->t;
    /* 1990s: a year followed by a glued "s" (a lower-case word of one letter). */
    if (is_num(r, j) && t[j].ndig == 4 && glued(r, j + 1) && j + 1 < r->n &&
        t[j + 1].kind == TK_WORD && t[j + 1].len == 1 &&
        (r->text[t[j + 1].off] | 0x20) == 's' && t[j].num % 10 == 0 && t[j].num >= 1000 &&
        t[j].num < 3000) {
        s->kind = SK_CAL;
        s->decade = (int)(t[j].num / 10);
        return j + 2;
    }
    /* '90s */
    if (punct(r, j, '\'') && is_num(r, j + 1) && glued(r, j + 1) && t[j + 1].ndig == 2 &&
        t[j + 1].num % 10 == 0 && glued(r, j + 2) && j + 2 < r->n && t[j + 2].kind == TK_WORD &&
        t[j + 2].len == 1 && (r->text[t[j + 2].off] | 0x20) == 's') {
        s->kind = SK_CAL;
        s->decade = 190 + (int)t[j + 1].num / 10;
        return j + 3;
    }
    if (art && has(r, j, LC_DECADEWORD)) {
        s->kind = SK_CAL;
        s->decade = 190 + val(r, j, LC_DECADEWORD);
        return j + 1;
    }
    if (year_at(r, j, &y)) {
        /* A bare number that could be an amount: keep it when it looks like a year. */
        if (!s->fiscal && (y < 1800 || y > 2099))
            return 0;
        if (art && !s->fiscal)
            return 0; /* "the 2000 ..." is a count */
        s->kind = SK_CAL;
        s->year = y;
        return j + 1;
    }
    /* "the year two thousand", "the year 1999" */
    size_t ye;
    if (art && has(r, j, LC_UNIT) && val(r, j, LC_UNIT) == U_Y && !(ent(r, j)->flags & LEX_PLURAL) &&
        (ye = any_year_at(r, j + 1, &y)) != 0) {
        s->kind = SK_CAL;
        s->year = y;
        return ye;
    }
    if (!art && (ye = spelled_year_at(r, j, &y)) != 0) {
        s->kind = SK_CAL;
        s->year = y;
        return ye;
    }
    int o;
    size_t k = ordinal_at(r, j, &o);
    if (art && k && has(r, k, LC_UNIT) && val(r, k, LC_UNIT) == U_CE && o >= 1 && o <= 30) {
        s->kind = SK_CAL;
        s->century = o - 1;
        return k + 1;
    }
    return 0;
}

/* Quarters, halves and seasons: the second quarter of 2009, third-quarter, the first half,
 * spring 2011, the spring of 2011, last fall, this summer. */
static size_t p_part(const rctx *r, size_t i, tsem *s)
{
    size_t j = i;
    bool art = false, latest = false;
    int rel = 2;
    if (has(r, j, LC_ART) && val(r, j, LC_ART) == 0) {
        art = true;
        j++;
    }
    if (has(r, j, LC_REL) && !art) {
        rel = val(r, j, LC_REL);
        j++;
    } else if (has(r, j, LC_CURRENT) && art) {
        rel = 0;
        latest = val(r, j, LC_CURRENT) < 0;
        j++;
    }
    /* "this year's third quarter", "last year's quarter" */
    size_t pe;
    if (rel != 2 && !art && has(r, j, LC_UNIT) && val(r, j, LC_UNIT) == U_Y &&
        (pe = poss_at(r, j + 1)) != 0) {
        tsem q;
        tsem_init(&q);
        size_t qe = p_part(r, pe, &q);
        if (qe && q.kind == SK_CAL && (q.quarter || q.half) && !q.year) {
            *s = q;
            s->dir = rel;
            return qe;
        }
        if (has(r, pe, LC_UNIT) && val(r, pe, LC_UNIT) == U_Q && rel == -1) {
            s->kind = SK_DEICTIC;
            s->unit = U_Y;
            s->n = -1;
            s->anaphoric = 3; /* the quarter reported, a year before */
            return pe + 1;
        }
    }
    if (has(r, j, LC_FISCAL)) {
        s->fiscal = 1;
        j++;
    }
    int o = 0, y, pre_year = 0;
    if (art && year_at(r, j, &pre_year) && ordinal_at(r, j + 1, &o))
        j++; /* "the 1988 third quarter" */
    else
        pre_year = 0;
    size_t k = ordinal_at(r, j, &o);
    /* "the last half of 1989", "the last quarter of 2001": the final one of that year */
    if (!k && art && has(r, j, LC_REL) && val(r, j, LC_REL) == -1 && has(r, j + 1, LC_UNIT) &&
        (val(r, j + 1, LC_UNIT) == U_Q || val(r, j + 1, LC_UNIT) == U_HALF) &&
        has(r, j + 2, LC_PREP) && val(r, j + 2, LC_PREP) == PREP_OF && year_at(r, j + 3, &y)) {
        o = val(r, j + 1, LC_UNIT) == U_Q ? 4 : 2;
        k = j + 1;
    }
    /* "the first two quarters of 1990" is its first half, "the last two quarters of 1989" its
     * second (with a year only: "the first two quarters" alone may be a span of time) */
    if (k && o == 1 && has(r, k, LC_NUMBER) && val(r, k, LC_NUMBER) == 2 &&
        has(r, k + 1, LC_UNIT) && val(r, k + 1, LC_UNIT) == U_Q &&
        has(r, k + 2, LC_PREP) && val(r, k + 2, LC_PREP) == PREP_OF && year_at(r, k + 3, &y)) {
        s->kind = SK_CAL;
        s->half = 1;
        s->year = y;
        return k + 4;
    }
    if (!k && art && has(r, j, LC_REL) && val(r, j, LC_REL) == -1 && has(r, j + 1, LC_NUMBER) &&
        val(r, j + 1, LC_NUMBER) == 2 && has(r, j + 2, LC_UNIT) &&
        val(r, j + 2, LC_UNIT) == U_Q && has(r, j + 3, LC_PREP) &&
        val(r, j + 3, LC_PREP) == PREP_OF && year_at(r, j + 4, &y)) {
        s->kind = SK_CAL;
        s->half = 2;
        s->year = y;
        return j + 5;
    }
    if (k && o >= 1 && o <= 4) {
        bool hyph = punct(r, k, '-') && glued(r, k);
        size_t u = hyph ? k + 1 : k;
        if (has(r, u, LC_UNIT) && (val(r, u, LC_UNIT) == U_Q || val(r, u, LC_UNIT) == U_HALF)) {
            int unit = val(r, u, LC_UNIT);
            if (unit == U_HALF && o > 2)
                return 0;
            s->kind = SK_CAL;
            if (unit == U_Q)
                s->quarter = o;
            else
                s->half = o;
            s->dir = rel;
            s->year = pre_year;
            size_t e = u + 1;
            size_t p = e;
            /* "third-quarter profit": an adjective, the article belongs to the noun. */
            if (hyph && art && !pre_year && k == j + 1 && r->t[e].kind == TK_WORD &&
                !has(r, e, LC_PREP))
                s->n = -1; /* marker: drop the article */
            if (has(r, p, LC_PREP) && val(r, p, LC_PREP) == PREP_OF)
                p++;
            if (has(r, p, LC_FISCAL))
                p++;
            if (year_at(r, p, &y)) {
                s->year = y;
                e = p + 1;
            }
            return e;
        }
    }
    if (!art && rel == 2 && has(r, j, LC_UNIT) && val(r, j, LC_UNIT) == U_W && is_num(r, j + 1) &&
        r->t[j + 1].ndig <= 2 && r->t[j + 1].num >= 1 && r->t[j + 1].num <= 53 &&
        clean_num_end(r, j + 1)) {
        /* "week 16", "week 53 of 2020" */
        s->kind = SK_CAL;
        s->week = (int)r->t[j + 1].num;
        size_t e = j + 2, p = e;
        if (has(r, p, LC_PREP) && val(r, p, LC_PREP) == PREP_OF)
            p++;
        if (year_at(r, p, &y)) {
            s->year = y;
            e = p + 1;
        }
        return e;
    }
    /* "that quarter": the quarter last mentioned, like "the quarter" */
    bool that = !art && rel == 2 && has(r, j, LC_ANAREL) && val(r, j, LC_ANAREL) == 0 &&
                has(r, j + 1, LC_UNIT) && val(r, j + 1, LC_UNIT) == U_Q &&
                !(ent(r, j + 1)->flags & LEX_PLURAL);
    if (that)
        j++;
    if (rel != 2 || art || that) {
        /* "the quarter", "the latest quarter", "this quarter". */
        if (has(r, j, LC_UNIT) && val(r, j, LC_UNIT) == U_Q) {
            s->kind = SK_DEICTIC;
            s->unit = U_Q;
            s->n = rel == 2 ? 0 : rel;
            /* 2: the quarter being reported ("the quarter", "the latest quarter") */
            s->anaphoric = latest ? 5 : rel == 2 || (rel == 0 && art) ? 2 : 0;
            /* "the quarter a year ago", "the quarter a year earlier": the reported quarter
             * four quarters back */
            int c = 0;
            size_t ce = s->anaphoric == 2 ? count_at(r, j + 1, &c, true) : 0;
            if (ce == j + 2 && c == 1 && has(r, ce, LC_UNIT) && val(r, ce, LC_UNIT) == U_Y &&
                !(ent(r, ce)->flags & LEX_PLURAL) &&
                (has(r, ce + 1, LC_AGO) ||
                 (has(r, ce + 1, LC_SHIFT) && val(r, ce + 1, LC_SHIFT) < 0))) {
                s->n = -4;
                return ce + 2;
            }
            return j + 1;
        }
    }
    if (has(r, j, LC_SEASON) && !(has(r, j, LC_TENSE))) {
        int season = val(r, j, LC_SEASON);
        size_t e = j + 1;
        size_t p = e;
        if (has(r, p, LC_PREP) && val(r, p, LC_PREP) == PREP_OF)
            p++;
        size_t ye = any_year_at(r, p, &y);
        bool with_year = ye != 0;
        bool prep = i > 0 && has(r, i - 1, LC_PREP) &&
                    (val(r, i - 1, LC_PREP) == PREP_IN || val(r, i - 1, LC_PREP) == PREP_SINCE ||
                     val(r, i - 1, LC_PREP) == PREP_UNTIL || val(r, i - 1, LC_PREP) == PREP_BY ||
                     val(r, i - 1, LC_PREP) == PREP_DURING);
        if (!with_year && rel == 2 && !art && !prep)
            return 0;
        /* "the fall of the Berlin Wall": "the" + season + "of" without a year is a noun. */
        if (art && !with_year && p > e)
            return 0;
        s->kind = SK_CAL;
        s->season = season;
        s->dir = rel;
        if (with_year) {
            s->year = y;
            e = ye;
        }
        return e;
    }
    return 0;
}

typedef size_t (*pattern_fn)(const rctx *, size_t, tsem *);

/* A pattern and what its first token must be for it to match: a word of one of the classes
 * in `first`, a plain number (G_NUM), an apostrophe (G_APOS), or anything (G_ANY). The
 * conditions are read off each pattern's opening tests; a pattern whose first token fails
 * them returns 0, so skipping it changes nothing. */
#define C(c) (1ull << (c))
enum { G_NUM = 1, G_APOS = 2, G_ANY = 4 };
static const struct pattern {
    pattern_fn fn;
    uint64_t first;
    unsigned other;
} patterns[] = {
    {p_numeric, 0, G_NUM},
    {p_month, C(LC_WEEKDAY) | C(LC_REL) | C(LC_MONTH) | C(LC_ART), G_NUM},
    {p_holiday, C(LC_REL) | C(LC_HOLIDAY), 0},
    {p_part,
     C(LC_ART) | C(LC_REL) | C(LC_FISCAL) | C(LC_ORDINAL) | C(LC_NUMBER) | C(LC_UNIT) |
         C(LC_ANAREL) | C(LC_SEASON),
     G_NUM},
    {p_year, C(LC_ART) | C(LC_FISCAL) | C(LC_NUMBER), G_NUM | G_APOS},
    {p_daypart, C(LC_ART) | C(LC_REL), 0},
    {p_weekday, C(LC_REL) | C(LC_ART) | C(LC_WEEKDAY), 0},
    {p_set, C(LC_ADVSET) | C(LC_TIMES) | C(LC_EVERY) | C(LC_NUMBER), G_NUM},
    {p_relative,
     C(LC_ART) | C(LC_RECENTADJ) | C(LC_ANAREL) | C(LC_REL) | C(LC_NUMBER) | C(LC_VAGUE) |
         C(LC_UNIT),
     G_NUM},
    {p_word, C(LC_DAYREL) | C(LC_TONIGHT) | C(LC_REF) | C(LC_ART), 0},
    {p_time, C(LC_CLOCK), G_NUM},
};
#undef C

/* The longest core match at i. */
static size_t core_at(const rctx *r, size_t i, tsem *best)
{
    size_t best_end = 0;
    const lex_entry *e0 = ent(r, i);
    uint64_t classes = e0 ? e0->classes : 0;
    unsigned other = G_ANY | (is_num(r, i) ? G_NUM : 0) | (punct(r, i, '\'') ? G_APOS : 0);
    for (size_t p = 0; p < ARRAY_SIZE(patterns); p++) {
        if (!(patterns[p].first & classes) && !(patterns[p].other & other))
            continue;
        tsem s;
        tsem_init(&s);
        size_t e = patterns[p].fn(r, i, &s);
        if (e > best_end && e <= r->n) {
            best_end = e;
            *best = s;
        }
    }
    return best_end;
}

/* Is s a date at day precision (to which a time or a part of day can attach)? */
static bool dayish(const tsem *s)
{
    return (s->kind == SK_CAL && s->day && !s->time_only) || s->kind == SK_WEEKDAY ||
           (s->kind == SK_DEICTIC && s->unit == U_D && !s->pod) ||
           (s->kind == SK_HOLIDAY);
}

/* Extends a match: "Friday morning", "Friday at 8 p.m.", "8 p.m. Friday",
 * "midnight on Sunday". */
static size_t extend(const rctx *r, size_t e, tsem *s)
{
    /* "next Sunday, March 8", "Saturday 5 June 2010": the date in apposition names the day */
    if (s->kind == SK_WEEKDAY && s->hour < 0 && !s->pod) {
        tsem d;
        tsem_init(&d);
        size_t de = p_month(r, punct(r, e, ',') ? e + 1 : e, &d);
        if (de && d.kind == SK_CAL && d.month && d.day) {
            d.weekday = s->weekday;
            *s = d;
            e = de;
        }
    }
    if (dayish(s) && has(r, e, LC_PARTOFDAY) && !s->pod) {
        s->pod = val(r, e, LC_PARTOFDAY);
        e++;
    }
    if (dayish(s) || (s->kind == SK_DEICTIC && s->unit == U_D)) {
        size_t k = e;
        if (punct(r, k, ','))
            k++;
        if (has(r, k, LC_PREP) && val(r, k, LC_PREP) == PREP_AT)
            k++;
        tsem t;
        tsem_init(&t);
        size_t te = p_time(r, k, &t);
        if (te && (k > e || te > k)) {
            s->hour = t.hour, s->minute = t.minute;
            s->pod = 0;
            return te;
        }
    }
    if (s->kind == SK_CAL && s->time_only) {
        size_t k = e;
        if (punct(r, k, ','))
            k++;
        if (has(r, k, LC_PREP) && val(r, k, LC_PREP) == PREP_ON)
            k++;
        tsem d;
        tsem_init(&d);
        size_t de = core_at(r, k, &d);
        if (de && dayish(&d) && !d.pod && d.hour < 0) {
            d.hour = s->hour, d.minute = s->minute;
            *s = d;
            return de;
        }
    }
    return e;
}

/* Is the "a" at token b the "per" of a rate: an amount just before it ("$1.76 a year",
 * "$2 million a year", "700 seats a week", "5% a year")? */
static bool rate_before(const rctx *r, size_t b)
{
    for (size_t k = b; k > 0 && b - k < 2; k--) {
        const token *t = &r->t[k - 1];
        if (t->kind == TK_NUM || has(r, k - 1, LC_NUMBER))
            return true;
        if (!(t->kind == TK_WORD && t->lex < 0) && !(t->kind == TK_PUNCT && t->ch == '%'))
            return false;
    }
    return false;
}

/* Modifiers before a core match: "early", "mid-", "the end of", "about", "more than". */
static size_t prefix_at(const rctx *r, size_t i, int *mod, bool *needs_of, bool *shift_word)
{
    size_t j = i;
    *mod = MOD_NONE;
    *needs_of = false;
    *shift_word = false;
    if (has(r, j, LC_APPROX)) {
        int m = val(r, j, LC_APPROX);
        if (m == MOD_MORE_THAN || m == MOD_LESS_THAN) {
            if (!(has(r, j + 1, LC_APPROX) && val(r, j + 1, LC_APPROX) == MOD_THAN))
                return i;
            j += 2;
        } else if (m == MOD_UP) {
            /* "up to 180 days" */
            if (!(has(r, j + 1, LC_PREP) && val(r, j + 1, LC_PREP) == PREP_TO))
                return i;
            j += 2;
            m = MOD_EQUAL_OR_LESS;
        } else if (m == MOD_NO) {
            /* "no more than sixty days" is at most sixty, "no less than" at least */
            int k = has(r, j + 1, LC_APPROX) ? val(r, j + 1, LC_APPROX) : 0;
            if (!(k == MOD_MORE_THAN || k == MOD_LESS_THAN) ||
                !(has(r, j + 2, LC_APPROX) && val(r, j + 2, LC_APPROX) == MOD_THAN))
                return i;
            j += 3;
            m = k == MOD_MORE_THAN ? MOD_EQUAL_OR_LESS : MOD_EQUAL_OR_MORE;
        } else if (m == MOD_EQUAL_OR_MORE || m == MOD_THAN || m == MOD_APPROX ||
                   m == MOD_EQUAL_OR_LESS) {
            return i;
        } else {
            j++;
        }
        *mod = m;
        return j;
    }
    if (has(r, j, LC_PREP) && val(r, j, LC_PREP) == PREP_AT && has(r, j + 1, LC_APPROX) &&
        val(r, j + 1, LC_APPROX) == MOD_EQUAL_OR_MORE) {
        *mod = MOD_EQUAL_OR_MORE;
        return j + 2;
    }
    bool art = false;
    if (has(r, j, LC_ART) && val(r, j, LC_ART) == 0) {
        art = true;
        j++;
    }
    if (has(r, j, LC_POS)) {
        int m = val(r, j, LC_POS);
        size_t k = j + 1;
        if (punct(r, k, '-') && glued(r, k))
            k++;
        if (has(r, k, LC_PREP) && val(r, k, LC_PREP) == PREP_OF)
            k++;
        else if (art)
            *needs_of = true; /* "the end" needs "of", unless a decade or season follows */
        /* "earlier this year", "later that day": inside the extent only before a deictic
         * year, month or day (checked by the caller); "earlier this week" keeps it out. */
        if (has(r, j, LC_SHIFT)) {
            if (art || k > j + 1)
                return i;
            *shift_word = true;
        }
        *mod = m;
        return k;
    }
    return i;
}

int recognize(const lexicon *lx, const char *text, const token *toks, size_t n, cand_vec *out)
{
    rctx r = {lx, text, toks, n};
    size_t i = 0, last_end = 0;
    while (i < n) {
        const token *t = &toks[i];
        /* Cheap trigger: only numbers, known words that can begin an expression and
         * apostrophes can start a match (TF_START, set by tokens_cut). */
        if (!(t->flags & TF_START)) {
            i++;
            continue;
        }
        /* An article or approximation word starts a match only before a known word or a
         * number: a cheap test that skips most "the" and "a". */
        if (t->lex >= 0 && i + 1 < n && toks[i + 1].lex < 0 && toks[i + 1].kind != TK_NUM &&
            !(toks[i + 1].kind == TK_PUNCT && (toks[i + 1].ch == '\'' || toks[i + 1].ch == '-')) &&
            !(lx->entries.items[t->lex].classes &
              ~(1ull << LC_ART | 1ull << LC_APPROX | 1ull << LC_VAGUE | 1ull << LC_POS))) {
            i++;
            continue;
        }
        tsem s;
        tsem_init(&s);
        int mod;
        bool needs_of, shift_word;
        /* "at least": the preposition never starts a match by itself */
        size_t i0 = i;
        if (i > last_end && has(&r, i, LC_APPROX) && val(&r, i, LC_APPROX) == MOD_EQUAL_OR_MORE &&
            has(&r, i - 1, LC_PREP) && val(&r, i - 1, LC_PREP) == PREP_AT)
            i0 = i - 1;
        size_t start = prefix_at(&r, i0, &mod, &needs_of, &shift_word);
        size_t e = 0, b = i;
        if (start > i0) {
            e = core_at(&r, start, &s);
            if (needs_of && !(s.kind == SK_CAL && (s.decade || s.season)))
                e = 0;
            if (shift_word && !(s.kind == SK_DEICTIC && (!s.anaphoric || s.n == 0) &&
                                (s.unit == U_Y || s.unit == U_M || s.unit == U_D)))
                e = 0;
            /* "at least", "up to" qualify an amount of time, not a date ("up to 2010
             * levels", "at least the first half of 1990") */
            if ((mod == MOD_EQUAL_OR_LESS || mod == MOD_EQUAL_OR_MORE) && s.kind != SK_DURATION)
                e = 0;
            /* "late Monday", "early Friday morning": TimeBank keeps the word outside a
             * weekday (but inside a month: "late November") */
            if (s.kind == SK_WEEKDAY)
                e = 0;
            if (e && s.kind != SK_REF) {
                s.mod = s.mod ? s.mod : mod;
                b = i0;
            } else {
                e = 0;
            }
        }
        if (!e) {
            tsem_init(&s);
            e = core_at(&r, i, &s);
        }
        if (!e) {
            i++;
            continue;
        }
        e = extend(&r, e, &s);
        if (s.skip_first)
            b = i + 1;
        /* "this coming Sunday", "this past spring": "this" only stresses the direction */
        if (b == i && b > last_end && has(&r, b, LC_REL) && val(&r, b, LC_REL) != 0 &&
            !has(&r, b, LC_ART) && has(&r, b - 1, LC_REL) && val(&r, b - 1, LC_REL) == 0 &&
            !has(&r, b - 1, LC_ART))
            b--;
        if (s.kind == SK_CAL && s.quarter && s.n == -1) {
            b = i + 1;
            s.n = 0;
        }
        /* "$2 million a year", "four flights a week": a rate, not a span of time */
        if (s.kind == SK_DURATION && s.n == 1 && e == b + 2 && has(&r, b, LC_ART) &&
            val(&r, b, LC_ART) == 1 && rate_before(&r, b)) {
            i = e;
            continue;
        }
        /* "rise 8% annually", "10,000 units annually": a rate as well */
        if (s.kind == SK_SET && e == b + 1 && has(&r, b, LC_ADVSET) && b > 0 &&
            rate_before(&r, b)) {
            i = e;
            continue;
        }
        /* "a 6-year-old": an age, not a time */
        if (s.kind == SK_DURATION && punct(&r, e, '-') && glued(&r, e) && has(&r, e + 1, LC_AGESUFFIX)) {
            i = e + 2;
            continue;
        }
        /* TimeBank writes "the 1990s" as 199 but "1990s", "early 1990s" as 199X */
        if (s.kind == SK_CAL && s.decade && !has(&r, b, LC_ART))
            s.decade_x = 1;
        cand c = {(uint32_t)b, (uint32_t)e, s};
        if (VEC_PUSH(out, c) < 0)
            return ANNALS_ENOMEM;
        i = last_end = e;
    }
    return 0;
}
