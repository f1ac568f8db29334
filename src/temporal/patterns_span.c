/*
 * patterns_span.c - the recognizer pattern for relative spans and durations: last month,
 * this week, the previous day, two weeks ago, a year earlier, the day before, the past
 * three years, three years, a decade, five-year, several years, year-ago, the coming days.
 *
 * Same contract as the patterns in recognize.c: the function gets the token index i, fills
 * a tsem and returns the end of its match, or 0. Words are never named here, only word
 * classes from resources/<lang>/timex_lexicon.tsv.
 */
#include <stdlib.h>
#include <string.h>

#include "temporal/temporal.h"

/* Is the word after a shift word ("before", "after") the start of a noun phrase (then the
 * shift word is a preposition, "two days before the vote", and not an adverb)? */
static bool np_follows(const rctx *r, size_t k)
{
    if (k >= r->n)
        return false;
    const token *t = &r->t[k];
    if (t->kind == TK_NUM)
        return true;
    if (t->kind != TK_WORD)
        return false;
    if (has(r, k, LC_ART) || has(r, k, LC_MONTH) || has(r, k, LC_WEEKDAY) ||
        has(r, k, LC_DAYREL) || has(r, k, LC_NUMBER) || has(r, k, LC_REL))
        return true;
    if ((t->flags & TF_CAP) && !(t->flags & TF_SENT))
        return true;
    return false;
}

/* Does a clause end at token k (the end of the window or a punctuation mark other than a
 * hyphen or apostrophe)? "two days after" ends one; "two days after the vote" does not. */
static bool clause_end(const rctx *r, size_t k)
{
    return k >= r->n || (r->t[k].kind == TK_PUNCT && r->t[k].ch != '-' && r->t[k].ch != '\'');
}

/* Relative spans and durations: last month, this week, next year, the previous day,
 * two weeks ago, a year earlier, the day before, the past three years, three years,
 * a decade, five-year, several years, year-ago. */
size_t p_relative(const rctx *r, size_t i, tsem *s)
{
    size_t j = i;
    bool art = false;
    int rel = 2, ana = -99, recent = 0;
    if (has(r, j, LC_ART) && val(r, j, LC_ART) == 0) {
        art = true;
        j++;
    }
    /* "recent years", "the coming days" (a plural: not "the coming day") */
    if (has(r, j, LC_RECENTADJ) && !has(r, j + 1, LC_WEEKDAY) &&
        (!art || (has(r, j + 1, LC_UNIT) && (ent(r, j + 1)->flags & LEX_PLURAL)))) {
        recent = val(r, j, LC_RECENTADJ);
        j++;
    } else if (has(r, j, LC_ANAREL) && (art || !has(r, j, LC_REL))) {
        ana = val(r, j, LC_ANAREL);
        j++;
        if (ana == 0 && has(r, j, LC_ANAREL) && val(r, j, LC_ANAREL) == 0)
            j++; /* "that same day" */
        if (ana == 0 && !art && !has(r, j, LC_UNIT))
            return 0; /* "that four days": a demonstrative, not an anchor */
    } else if (has(r, j, LC_REL)) {
        rel = val(r, j, LC_REL);
        j++;
        if (art && rel > 0) {
            ana = rel; /* "the next day", "the next week": after the last date mentioned */
            rel = 2;
        }
    } else if (has(r, j, LC_CURRENT) && art) {
        /* "the current year"; "the latest year" is the last one finished */
        rel = val(r, j, LC_CURRENT) < 0 ? -1 : 0;
        j++;
    }
    /* "the week of March 6": the week that holds the day */
    if (art && rel == 2 && ana == -99 && has(r, j, LC_UNIT) && val(r, j, LC_UNIT) == U_W &&
        !(ent(r, j)->flags & LEX_PLURAL) && has(r, j + 1, LC_PREP) &&
        val(r, j + 1, LC_PREP) == PREP_OF) {
        tsem d;
        tsem_init(&d);
        size_t de = p_month(r, j + 2, &d);
        if (de && d.kind == SK_CAL && d.month && d.day && !d.weekday) {
            *s = d;
            s->week_of = 1;
            return de;
        }
    }
    bool fiscal = false;
    if (has(r, j, LC_FISCAL) && (rel != 2 || ana != -99 || art)) {
        fiscal = true;
        j++;
    }
    if (art && rel == 2 && ana == -99 && has(r, j, LC_ORDINAL) && val(r, j, LC_ORDINAL) == 1 &&
        (has(r, j + 1, LC_NUMBER) || is_num(r, j + 1)))
        j++; /* "the first nine months" */
    int n = 0;
    bool counted = false, vague = false;
    bool art_count = has(r, j, LC_ART) && !has(r, j + 1, LC_VAGUE) &&
                     (!has(r, j + 1, LC_NUMBER) || val(r, j + 1, LC_NUMBER) >= 100);
    size_t k = count_at(r, j, &n, rel == 2 && ana == -99 && !art && !recent && art_count);
    if (k && k == j + 1 && has(r, j, LC_ART) && has(r, k, LC_UNIT) && val(r, k, LC_UNIT) == U_S)
        k = 0; /* "a second" is mostly an ordinal */
    if (k) {
        counted = true;
        j = k;
        /* "2 1/2 years" */
        if (is_num(r, j) && r->t[j].num == 1 && punct(r, j + 1, '/') && glued(r, j + 1) &&
            glued(r, j + 2) && is_num(r, j + 2) && r->t[j + 2].num == 2 &&
            r->t[j + 2].ndig == 1 && clean_num_end(r, j + 2) && has(r, j + 3, LC_UNIT)) {
            s->half = 1;
            j += 3;
        }
        /* "two more weeks" */
        if (has(r, j, LC_APPROX) && val(r, j, LC_APPROX) == MOD_MORE_THAN && has(r, j + 1, LC_UNIT))
            j++;
        /* "the next 12 to 18 months" */
        if (has(r, j, LC_PREP) && val(r, j, LC_PREP) == PREP_TO && count_at(r, j + 1, &n, false)) {
            j = count_at(r, j + 1, &n, false);
            vague = true;
        }
    } else if (has(r, j, LC_VAGUE) || (has(r, j, LC_ART) && val(r, j, LC_ART) == 1 &&
                                       has(r, j + 1, LC_VAGUE))) {
        if (has(r, j, LC_ART))
            j++;
        /* "a couple of": a count of two, approximately */
        if (val(r, j, LC_VAGUE) > 0) {
            n = val(r, j, LC_VAGUE);
            s->mod = MOD_APPROX;
        } else {
            vague = true;
        }
        j++;
        if (has(r, j, LC_PREP) && val(r, j, LC_PREP) == PREP_OF)
            j++;
        counted = true;
    }
    size_t u = j;
    if (counted && punct(r, u, '-') && glued(r, u) && glued(r, u + 1))
        u++;
    if (!has(r, u, LC_UNIT))
        return 0;
    int unit = val(r, u, LC_UNIT);
    if (unit == U_Q && !counted)
        return 0; /* p_part */
    if (counted && unit == U_S && n == 0)
        return 0;
    const token *ut = &r->t[u];
    /* a plural unit word ends in a letter the singular lacks; the lexicon gives both, so a
     * word longer than its singular is plural (years, weeks). */
    size_t e = u + 1;
    /* "a year or so", "a year or two": approximately */
    if (has(r, e, LC_ALT) && (has(r, e + 1, LC_ALT) || has(r, e + 1, LC_NUMBER)) &&
        !has(r, e + 2, LC_UNIT) && !punct(r, e + 2, '-')) {
        e += 2;
        s->mod = MOD_APPROX;
    }
    /* "year-ago", "year-earlier" */
    if (!counted && rel == 2 && ana == -99 && !recent && punct(r, e, '-') && glued(r, e) &&
        glued(r, e + 1) && (has(r, e + 1, LC_AGO) || has(r, e + 1, LC_SHIFT))) {
        if (unit != U_Y)
            return 0;
        s->kind = SK_DEICTIC;
        s->unit = U_Y;
        s->n = has(r, e + 1, LC_AGO) ? -1 : val(r, e + 1, LC_SHIFT);
        s->anaphoric = 3; /* follow the granularity of the last date (a quarter) */
        e += 2;
        /* "the year-ago quarter", "the year-earlier period": the noun is inside */
        int o;
        size_t k2 = ordinal_at(r, e, &o);
        if (k2 && has(r, k2, LC_UNIT) && val(r, k2, LC_UNIT) == U_Q)
            return k2 + 1;
        if ((has(r, e, LC_UNIT) && val(r, e, LC_UNIT) == U_Q) || has(r, e, LC_PERIODNOUN))
            return e + 1;
        s->skip_first = art;
        return e;
    }
    if (counted) {
        /* n units ago / earlier / later / before / after */
        if (!vague && has(r, e, LC_AGO)) {
            s->kind = SK_DEICTIC;
            s->unit = unit;
            s->n = -n;
            if (unit == U_Y && n == 1)
                s->anaphoric = 3; /* "a year ago": the same quarter a year before, if any */
            return e + 1;
        }
        if (vague && has(r, e, LC_AGO) && rel == 2 && ana == -99 && !art) {
            s->kind = SK_REF;
            s->ref = REF_PAST;
            return e + 1;
        }
        if (!vague && has(r, e, LC_SHIFT) && !art && rel == 2 && ana == -99 &&
            !(abs(val(r, e, LC_SHIFT)) == 2 && !clause_end(r, e + 1)) && unit != U_H &&
            unit != U_MIN && unit != U_S) {
            s->kind = SK_DEICTIC;
            s->unit = unit;
            s->n = n * (val(r, e, LC_SHIFT) < 0 ? -1 : 1);
            s->anaphoric = unit == U_Y && n == 1 ? 4 : 1;
            return e + 1;
        }
        if (ut->kind != TK_WORD || unit == U_HALF || (unit == U_Q && u > j))
            return 0; /* "a half", "three-quarters": fractions */
        s->kind = SK_DURATION;
        s->unit = unit;
        s->n = vague ? -1 : n;
        /* "the 10-day trip": an adjective, the article belongs to the noun */
        s->skip_first = art && u > j && rel == 2 && ana == -99;
        s->in_future = !vague && !art && rel == 2 && ana == -99 && i > 0 &&
                       has(r, i - 1, LC_PREP) && val(r, i - 1, LC_PREP) == PREP_IN;
        return e;
    }
    /* No count: last month, this week, the previous day, the day before, recent years. */
    if (recent) {
        s->kind = SK_DURATION;
        s->unit = unit;
        s->n = -1;
        return e;
    }
    if (ana != -99) {
        s->kind = SK_DEICTIC;
        s->unit = unit;
        s->n = ana;
        s->anaphoric = 1;
        return e;
    }
    if (rel != 2) {

        s->kind = SK_DEICTIC;
        s->unit = unit;
        s->n = rel;
        return e;
    }
    if (art && has(r, e, LC_SHIFT) && val(r, e, LC_SHIFT) < 0 &&
        !(val(r, e, LC_SHIFT) == -2 && np_follows(r, e + 1)) &&
        (unit == U_D || unit == U_W || unit == U_M || unit == U_Y)) {
        /* "the day before", "the week after" */
        s->kind = SK_DEICTIC;
        s->unit = unit;
        s->n = -1;
        s->anaphoric = 1;
        return e + 1;
    }
    if (art && u == i + 1 + fiscal && !has(r, e, LC_PREP) && (!fiscal || has(r, e, LC_ENDING)) &&
        (unit == U_Y ||
         ((unit == U_M || unit == U_W) && !fiscal && !(ent(r, u)->flags & LEX_PLURAL)))) {
        /* "the year": this year, but "the year ended March 31" is a year's span and "over
         * the years" an unknown number of them; "the month", "the week's" likewise the
         * current one */
        if (ent(r, u)->flags & LEX_PLURAL) {
            s->kind = SK_DURATION;
            s->n = -1;
        } else if (has(r, e, LC_ENDING)) {
            s->kind = SK_DURATION;
            s->n = 1;
        } else {
            s->kind = SK_DEICTIC;
            s->n = 0;
        }
        s->unit = unit;
        return e;
    }
    if (!art && (ent(r, u)->flags & LEX_PLURAL) && u == i) {
        /* "for years", "weeks of talks": an unknown count */
        s->kind = SK_DURATION;
        s->unit = unit;
        s->n = -1;
        return e;
    }
    if (!art && !counted && rel == 2 && ana == -99 && !recent && unit == U_Y && u == i &&
        !(ent(r, u)->flags & LEX_PLURAL)) {
        /* "year-end", "year end", "year's end": the end of the reference year */
        size_t k2 = punct(r, e, '-') && glued(r, e) ? e + 1 : e;
        if (k2 == e && poss_at(r, e))
            k2 = e + 2;
        if (has(r, k2, LC_POS) && val(r, k2, LC_POS) == MOD_END && !has(r, k2, LC_SHIFT) &&
            !(has(r, k2 + 1, LC_PREP) && val(r, k2 + 1, LC_PREP) == PREP_OF)) {
            s->kind = SK_DEICTIC;
            s->unit = U_Y;
            s->n = 0;
            s->mod = MOD_END;
            return k2 + 1;
        }
    }
    if (art && unit == U_WE) {
        s->kind = SK_DEICTIC;
        s->unit = U_WE;
        s->n = 0;
        s->dir = -1; /* "the weekend": the one just past unless the tense says otherwise */
        return e;
    }
    return 0;
}
