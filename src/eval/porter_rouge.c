/*
 * porter_rouge.c - the Porter stemmer exactly as ROUGE-1.5.5's Perl code runs it.
 *
 * ROUGE-1.5.5 ships its own Perl port of Porter (1980). It follows Martin Porter's published
 * Perl rules (step 2 maps "bli" -> "ble" and has "logi" -> "log"), but its step 4 differs:
 * one of the single suffixes (al, ance, ence, er, ic, able, ible, ant, ou, ism, ate, iti, ous,
 * ive, ize) is removed when m > 1, and then "ement", "ment", "ent" are each tried in turn and
 * finally "(s|t)ion", so "environmental" -> "environ" and "agreement" -> "agreem".
 * This was established against the 72,910 ROUGE stems of shared/data/rouge/porter-stems.tsv,
 * all of which tests/unit/eval/test_rouge.c reproduces.
 *
 * The Perl code tests its conditions with regular expressions over
 *   c = [^aeiou], v = [aeiouy], C = c[^aeiouy]*, V = v[aeiou]*
 * (an initial 'y' is upper-cased first, so it is a consonant). To get the same answers on
 * every input, including digits and long tokens, those expressions are run here by a small
 * NFA simulation that is linear in the word length, not re-derived as Porter's m.
 *
 * Source: M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980.
 */
#include <stdbool.h>
#include <string.h>

#include "eval/eval.h"

/* ---- the regular expressions ---------------------------------------------------------- */

enum cls { NONE, NOT_AEIOU, NOT_AEIOUY, AEIOUY, AEIOU, NOT_AEIOUWXY };

static bool in_cls(enum cls k, char ch)
{
    bool aeiou = ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
    switch (k) {
    case NOT_AEIOU:
        return !aeiou;
    case NOT_AEIOUY:
        return !aeiou && ch != 'y';
    case AEIOUY:
        return aeiou || ch == 'y';
    case AEIOU:
        return aeiou;
    case NOT_AEIOUWXY:
        return !aeiou && ch != 'w' && ch != 'x' && ch != 'y';
    default:
        return false;
    }
}

/* One pattern element: a first character class, an optional repeated class, optional. */
typedef struct pat_item {
    enum cls first, rest;
    bool opt;
} pat_item;

#define P_C {NOT_AEIOU, NOT_AEIOUY, false}
#define P_OPT_C {NOT_AEIOU, NOT_AEIOUY, true}
#define P_V {AEIOUY, AEIOU, false}
#define P_OPT_V {AEIOUY, AEIOU, true}
#define P_v {AEIOUY, NONE, false}
#define P_END_D {NOT_AEIOUWXY, NONE, false}

/* ^(C)?VC         m > 0 */
static const pat_item MGR0[] = {P_OPT_C, P_V, P_C};
/* ^(C)?VC(V)?$    m = 1 */
static const pat_item MEQ1[] = {P_OPT_C, P_V, P_C, P_OPT_V};
/* ^(C)?VCVC       m > 1 */
static const pat_item MGR1[] = {P_OPT_C, P_V, P_C, P_V, P_C};
/* ^(C)?v          a vowel in the stem */
static const pat_item HAS_V[] = {P_OPT_C, P_v};
/* ^Cv[^aeiouwxy]$ the *o condition */
static const pat_item CVD[] = {P_C, P_v, P_END_D};

/* States: bit k = "before item k" (k = 0..n), bit 16 + k = "inside the repeat of item k". */
static unsigned closure(const pat_item *p, size_t n, unsigned s)
{
    for (size_t k = 0; k < n; k++) {
        if ((s & (1u << (16 + k))) || ((s & (1u << k)) && p[k].opt))
            s |= 1u << (k + 1);
    }
    return s;
}

/* Runs pattern p anchored at the start of w[0,len); anchored at the end too when at_end. */
static bool match(const pat_item *p, size_t n, const char *w, size_t len, bool at_end)
{
    unsigned accept = 1u << n;
    unsigned s = closure(p, n, 1u);
    for (size_t i = 0; i < len; i++) {
        if (!at_end && (s & accept))
            return true;
        unsigned t = 0;
        for (size_t k = 0; k < n; k++) {
            if ((s & (1u << k)) && in_cls(p[k].first, w[i]))
                t |= p[k].rest != NONE ? 1u << (16 + k) : 1u << (k + 1);
            if ((s & (1u << (16 + k))) && in_cls(p[k].rest, w[i]))
                t |= 1u << (16 + k);
        }
        s = closure(p, n, t);
        if (!s)
            return false;
    }
    return (s & accept) != 0;
}

#define MATCH(pat, w, len, end) match(pat, ARRAY_SIZE(pat), w, len, end)

/* ---- the steps ------------------------------------------------------------------------ */

static bool ends(const char *w, size_t n, const char *suf, size_t *stem_len)
{
    size_t k = strlen(suf);
    if (k > n || memcmp(w + n - k, suf, k) != 0)
        return false;
    *stem_len = n - k;
    return true;
}

typedef struct rule {
    const char *from, *to;
} rule;

/* Step 2 and 3 lists; the Perl regex takes the leftmost (that is, longest) matching suffix. */
static const rule STEP2[] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},    {"anci", "ance"},
    {"izer", "ize"},    {"bli", "ble"},     {"alli", "al"},      {"entli", "ent"},
    {"eli", "e"},       {"ousli", "ous"},   {"ization", "ize"},  {"ation", "ate"},
    {"ator", "ate"},    {"alism", "al"},    {"iveness", "ive"},  {"fulness", "ful"},
    {"ousness", "ous"}, {"aliti", "al"},    {"iviti", "ive"},    {"biliti", "ble"},
    {"logi", "log"},
};
static const rule STEP3[] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
    {"ical", "ic"},  {"ful", ""},   {"ness", ""},
};
static const char *const STEP4[] = {"al",  "ance", "ence", "er",  "ic",  "able", "ible", "ant",
                                    "ou",  "ism",  "ate",  "iti", "ous", "ive",  "ize"};
static const char *const STEP4_MENT[] = {"ement", "ment", "ent"};

static size_t apply_longest(char *w, size_t n, const rule *rules, size_t nrules)
{
    const rule *best = NULL;
    size_t best_stem = 0;
    for (size_t i = 0; i < nrules; i++) {
        size_t st;
        if (ends(w, n, rules[i].from, &st) && (!best || st < best_stem)) {
            best = &rules[i];
            best_stem = st;
        }
    }
    if (!best || !MATCH(MGR0, w, best_stem, false))
        return n;
    size_t k = strlen(best->to);
    memcpy(w + best_stem, best->to, k); /* never longer than the suffix it replaces */
    return best_stem + k;
}

size_t porter_rouge_stem(const char *word, size_t n, char *w)
{
    memcpy(w, word, n);
    w[n] = '\0';
    if (n < 3 || n > PORTER_ROUGE_MAX)
        return n;
    bool first_y = w[0] == 'y';
    if (first_y)
        w[0] = 'Y';
    size_t st;

    /* Step 1a: sses -> ss, ies -> i, s -> (not after s) */
    if (ends(w, n, "sses", &st) || ends(w, n, "ies", &st))
        n -= 2;
    else if (n >= 2 && w[n - 1] == 's' && w[n - 2] != 's')
        n -= 1;

    /* Step 1b */
    if (ends(w, n, "eed", &st)) {
        if (MATCH(MGR0, w, st, false))
            n -= 1;
    } else if (ends(w, n, "ed", &st) || ends(w, n, "ing", &st)) {
        if (MATCH(HAS_V, w, st, false)) {
            n = st;
            size_t s2;
            if (ends(w, n, "at", &s2) || ends(w, n, "bl", &s2) || ends(w, n, "iz", &s2)) {
                w[n++] = 'e';
            } else if (n >= 2 && w[n - 1] == w[n - 2] && in_cls(NOT_AEIOU, w[n - 1]) &&
                       w[n - 1] != 'y' && w[n - 1] != 'l' && w[n - 1] != 's' && w[n - 1] != 'z') {
                n -= 1;
            } else if (MATCH(CVD, w, n, true)) {
                w[n++] = 'e';
            }
        }
    }

    /* Step 1c: y -> i after a vowel in the stem */
    if (n >= 1 && w[n - 1] == 'y' && MATCH(HAS_V, w, n - 1, false))
        w[n - 1] = 'i';

    /* Steps 2 and 3 */
    n = apply_longest(w, n, STEP2, ARRAY_SIZE(STEP2));
    n = apply_longest(w, n, STEP3, ARRAY_SIZE(STEP3));

    /* Step 4, ROUGE's variant (see the file comment) */
    for (size_t i = 0; i < ARRAY_SIZE(STEP4); i++) {
        if (ends(w, n, STEP4[i], &st)) {
            if (MATCH(MGR1, w, st, false))
                n = st;
            break;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(STEP4_MENT); i++) {
        if (ends(w, n, STEP4_MENT[i], &st) && MATCH(MGR1, w, st, false))
            n = st;
    }
    if ((ends(w, n, "sion", &st) || ends(w, n, "tion", &st)) && MATCH(MGR1, w, st + 1, false))
        n = st + 1;

    /* Step 5 */
    if (n >= 1 && w[n - 1] == 'e') {
        size_t s5 = n - 1;
        if (MATCH(MGR1, w, s5, false) ||
            (MATCH(MEQ1, w, s5, true) && !MATCH(CVD, w, s5, true)))
            n = s5;
    }
    if (n >= 2 && w[n - 1] == 'l' && w[n - 2] == 'l' && MATCH(MGR1, w, n, false))
        n -= 1;

    if (first_y)
        w[0] = 'y';
    w[n] = '\0';
    return n;
}
