/*
 * patterns_day.c - recognizer patterns for named days and times of day: holidays, weekdays,
 * reference words (today, now, the future), sets (every Monday, twice a year), parts of the
 * day (this morning, last night) and clock times (8 p.m., 20:00 GMT, noon).
 *
 * Same contract as the patterns in recognize.c: a function gets the token index i, fills
 * a tsem and returns the end of its match, or 0. Words are never named here, only word
 * classes from resources/<lang>/timex_lexicon.tsv.
 */
#include <string.h>

#include "temporal/temporal.h"

/* Holidays: Christmas, New Year's Day, Easter Monday, Thanksgiving 2010, last Christmas. */
size_t p_holiday(const rctx *r, size_t i, tsem *s)
{
    if (has(r, i, LC_REL) && !has(r, i, LC_ART) && has(r, i + 1, LC_HOLIDAY)) {
        size_t e = p_holiday(r, i + 1, s);
        if (e && !s->year)
            s->dir = val(r, i, LC_REL);
        return e && !s->year ? e : 0;
    }
    if (!has(r, i, LC_HOLIDAY) || !cap(r, i))
        return 0;
    for (int h = val(r, i, LC_HOLIDAY); h >= 0; h = r->lx->holidays.items[h].next) {
        const holiday *hd = &r->lx->holidays.items[h];
        size_t j = i;
        unsigned w = 0;
        while (w < hd->nwords && j < r->n) {
            if (r->t[j].kind == TK_PUNCT && (r->t[j].ch == '\'' || r->t[j].ch == '.') &&
                w > 0) {
                j++;
                continue;
            }
            if (r->t[j].lex != (int32_t)hd->words[w])
                break;
            j++, w++;
        }
        if (w < hd->nwords)
            continue;
        s->kind = SK_HOLIDAY;
        s->holiday = h;
        int y;
        size_t k = punct(r, j, ',') ? j + 1 : j;
        if (year_at(r, k, &y)) {
            s->year = y;
            j = k + 1;
        }
        return j;
    }
    return 0;
}

/* Time of day: 8 p.m., 10:35 a.m. EST, 20:00 GMT, noon, midnight. */
size_t p_time(const rctx *r, size_t i, tsem *s)
{
    int h, m = 0;
    size_t j;
    if (has(r, i, LC_CLOCK)) {
        h = val(r, i, LC_CLOCK);
        j = i + 1;
        m = 0;
    } else {
        if (!is_num(r, i) || r->t[i].ndig > 2 || r->t[i].num > 24)
            return 0;
        if (i > 0 && glued(r, i) && r->t[i - 1].kind != TK_PUNCT)
            return 0;
        if (i > 0 && glued(r, i) && (punct(r, i - 1, ':') || punct(r, i - 1, '.') ||
                                     punct(r, i - 1, '$') || punct(r, i - 1, '/')))
            return 0;
        h = (int)r->t[i].num;
        j = i + 1;
        bool colon = false;
        if (punct(r, j, ':') && glued(r, j) && is_num(r, j + 1) && glued(r, j + 1) &&
            r->t[j + 1].ndig == 2 && r->t[j + 1].num < 60) {
            m = (int)r->t[j + 1].num;
            j += 2;
            colon = true;
            if (punct(r, j, ':') && glued(r, j))
                return 0; /* a score or a ratio: 3:10:20 */
        }
        if (has(r, j, LC_AMPM)) {
            if (h < 1 || h > 12)
                return 0;
            if (val(r, j, LC_AMPM) == 2 && h < 12)
                h += 12;
            else if (val(r, j, LC_AMPM) == 1 && h == 12)
                h = 0;
            j++;
            /* "p.m" at a sentence end: the final dot was taken by the sentence. */
            if (punct(r, j, '.') && glued(r, j) && r->t[j - 1].len == 3)
                j++;
        } else if (!colon || h > 24) {
            return 0;
        } else if (!has(r, j, LC_TZ) && i > 0 &&
                   !(has(r, i - 1, LC_PREP) &&
                     (val(r, i - 1, LC_PREP) == PREP_AT || val(r, i - 1, LC_PREP) == PREP_BY ||
                      val(r, i - 1, LC_PREP) == PREP_UNTIL ||
                      val(r, i - 1, LC_PREP) == PREP_FROM ||
                      val(r, i - 1, LC_PREP) == PREP_SINCE))) {
            /* "20:00" alone is likely a time, unless it looks like a score or verse. */
            if (r->t[i].ndig != 2)
                return 0;
        }
    }
    if (has(r, j, LC_TZ) && cap(r, j))
        j++;
    s->kind = SK_CAL;
    s->hour = h, s->minute = m;
    s->time_only = 1;
    return j;
}

/* Weekdays with an optional relative word: Tuesday, last Tuesday, next Tuesday, this
 * Tuesday, the previous Friday. */
size_t p_weekday(const rctx *r, size_t i, tsem *s)
{
    size_t j = i;
    int dir = 2, ana = 0;
    if (has(r, j, LC_REL) && !has(r, j, LC_ART)) {
        dir = val(r, j, LC_REL);
        j++;
    } else if (has(r, j, LC_ART) && val(r, j, LC_ART) == 0 && has(r, j + 1, LC_ANAREL)) {
        dir = val(r, j + 1, LC_ANAREL);
        ana = 1;
        j += 2;
    }
    if (!has(r, j, LC_WEEKDAY) || !cap(r, j))
        return 0;
    if ((ent(r, j)->flags & LEX_AMBIG) && !(punct(r, j + 1, '.') && glued(r, j + 1)))
        return 0;
    /* "the Sunday Times": a weekday after "the" and before a capitalized word is a name. */
    if (j == i && i > 0 && has(r, i - 1, LC_ART) && j + 1 < r->n && r->t[j + 1].kind == TK_WORD &&
        cap(r, j + 1) && !has(r, j + 1, LC_PARTOFDAY) && !has(r, j + 1, LC_MONTH))
        return 0;
    s->kind = SK_WEEKDAY;
    s->weekday = val(r, j, LC_WEEKDAY);
    s->dir = dir;
    s->anaphoric = ana;
    j++;
    if (punct(r, j, '.') && glued(r, j) && r->t[j - 1].len <= 4 && j + 1 < r->n && !cap(r, j + 1))
        j++;
    return j;
}

/* Words that stand for a date: today, yesterday, tomorrow, tonight, now, recently,
 * the past, the future. */
size_t p_word(const rctx *r, size_t i, tsem *s)
{
    if (has(r, i, LC_DAYREL)) {
        s->kind = SK_DEICTIC;
        s->unit = U_D;
        s->n = val(r, i, LC_DAYREL);
        return i + 1;
    }
    if (has(r, i, LC_TONIGHT)) {
        s->kind = SK_DEICTIC;
        s->unit = U_D;
        s->pod = POD_NI;
        return i + 1;
    }
    if (has(r, i, LC_REF)) {
        s->kind = SK_REF;
        s->ref = val(r, i, LC_REF);
        return i + 1;
    }
    if (has(r, i, LC_ART) && val(r, i, LC_ART) == 0 && has(r, i + 1, LC_REFNOUN)) {
        /* "the past", "the future", "the present" as nouns: not before a unit or a noun
         * phrase continuing ("the past year" is handled as a duration). */
        size_t k = i + 2;
        if (k < r->n && (r->t[k].kind == TK_NUM || has(r, k, LC_UNIT) || has(r, k, LC_NUMBER) ||
                         has(r, k, LC_VAGUE) || has(r, k, LC_WEEKDAY) || has(r, k, LC_MONTH) ||
                         has(r, k, LC_SEASON)))
            return 0;
        if (has(r, k, LC_PERIODNOUN))
            return 0;
        s->kind = SK_REF;
        s->ref = val(r, i + 1, LC_REFNOUN);
        return i + 2;
    }
    return 0;
}

/* Sets: every Monday, each year, weekly, twice a year, three times a week. */
size_t p_set(const rctx *r, size_t i, tsem *s)
{
    if (has(r, i, LC_ADVSET)) {
        s->kind = SK_SET;
        s->unit = val(r, i, LC_ADVSET);
        s->n = 1;
        return i + 1;
    }
    size_t j = i;
    int times = 0;
    if (has(r, j, LC_TIMES)) {
        times = val(r, j, LC_TIMES);
        j++;
    } else {
        int c;
        size_t k = count_at(r, j, &c, false);
        if (k && has(r, k, LC_TIMESWORD)) {
            times = c;
            j = k + 1;
        }
    }
    if (times) {
        if (!((has(r, j, LC_ART) && val(r, j, LC_ART) == 1) || has(r, j, LC_EVERY)))
            return 0;
        if (!has(r, j + 1, LC_UNIT))
            return 0;
        s->kind = SK_SET;
        s->unit = val(r, j + 1, LC_UNIT);
        s->n = 1;
        return j + 2;
    }
    if (!has(r, j, LC_EVERY))
        return 0;
    j++;
    if (has(r, j, LC_WEEKDAY) && cap(r, j)) {
        s->kind = SK_SET;
        s->weekday = val(r, j, LC_WEEKDAY);
        j++;
        if (has(r, j, LC_PARTOFDAY))
            s->pod = val(r, j++, LC_PARTOFDAY);
        return j;
    }
    /* "each July", "every March" (not "every Jan" without its dot) */
    if (has(r, j, LC_MONTH) && cap(r, j) && !(ent(r, j)->flags & LEX_ABBR)) {
        s->kind = SK_SET;
        s->month = val(r, j, LC_MONTH);
        return j + 1;
    }
    int n = 1;
    size_t k = count_at(r, j, &n, false);
    if (k)
        j = k;
    if (has(r, j, LC_PARTOFDAY)) {
        s->kind = SK_SET;
        s->pod = val(r, j, LC_PARTOFDAY);
        return j + 1;
    }
    if (!has(r, j, LC_UNIT))
        return 0;
    s->kind = SK_SET;
    s->unit = val(r, j, LC_UNIT);
    s->n = n;
    return j + 1;
}

/* Parts of the day anchored to today: this morning, last night, tomorrow evening. */
size_t p_daypart(const rctx *r, size_t i, tsem *s)
{
    if (has(r, i, LC_ART) && val(r, i, LC_ART) == 0 &&
        (has(r, i + 1, LC_ANAREL) || (has(r, i + 1, LC_REL) && val(r, i + 1, LC_REL) != 0)) &&
        has(r, i + 2, LC_PARTOFDAY)) {
        /* "the next morning", "the previous night": the day after/before the last date */
        s->kind = SK_DEICTIC;
        s->unit = U_D;
        s->n = has(r, i + 1, LC_ANAREL) ? val(r, i + 1, LC_ANAREL) : val(r, i + 1, LC_REL);
        s->anaphoric = 1;
        return i + 3;
    }
    if (has(r, i, LC_REL) && has(r, i + 1, LC_PARTOFDAY)) {
        int rel = val(r, i, LC_REL);
        int pod = val(r, i + 1, LC_PARTOFDAY);
        s->kind = SK_DEICTIC;
        s->unit = U_D;
        s->pod = pod;
        /* "last night" is the night before; "this morning", "this evening" today. */
        s->n = rel < 0 ? -1 : rel > 0 ? 1 : 0;
        if (rel < 0 && pod != POD_NI && pod != POD_EV)
            s->n = -1;
        return i + 2;
    }
    return 0;
}
