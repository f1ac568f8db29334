/*
 * temporal.h - the temporal module's internal header: lexicon, tokens, recognizer and
 * resolver of the time-expression tagger.
 *
 * Pipeline (docs/TEMPORAL.md): tokens.c cuts a text window into tokens (words, numbers,
 * punctuation) with a lexicon entry per word; recognize.c matches token patterns into
 * candidates (a span plus a semantic description, struct tsem); resolve.c turns a candidate
 * into a TIMEX3 type and value against the reference date, the sentence's tense and the last
 * date mentioned. Language knowledge lives in resources/<lang>/timex_*.tsv; this code knows
 * word classes, never words.
 */
#ifndef ANNALS_TEMPORAL_INTERNAL_H
#define ANNALS_TEMPORAL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "annals/temporal.h"
#include "util.h"

/* ---- lexicon ---------------------------------------------------------------------------- */
typedef enum lex_class {
    LC_MONTH, LC_WEEKDAY, LC_NUMBER, LC_ORDINAL, LC_UNIT, LC_SEASON, LC_PARTOFDAY, LC_DAYREL,
    LC_TONIGHT, LC_REF, LC_REFNOUN, LC_REL, LC_ANAREL, LC_CURRENT, LC_RECENTADJ, LC_POS, LC_ART,
    LC_PREP, LC_AGO, LC_SHIFT, LC_EVERY, LC_ADVSET, LC_TIMES, LC_TIMESWORD, LC_AMPM, LC_TZ,
    LC_CLOCK, LC_FISCAL, LC_VAGUE, LC_ORDSUFFIX, LC_DECADEWORD, LC_APPROX, LC_TENSE,
    LC_AGESUFFIX, LC_PERIODNOUN,
    LC_ENDING,  /* "ended", "ending": "the year ended March 31" is a span of a year */
    LC_ALT,     /* "or", "so": "a year or so", "a week or two" (approximately) */
    LC_HOLIDAY, /* first word of a holiday phrase; value: index of its first phrase */
    LC_COUNT
} lex_class;

/* Units; their TIMEX3 letters are in resolve.c. */
enum { U_NONE, U_Y, U_M, U_W, U_D, U_H, U_MIN, U_S, U_Q, U_HALF, U_DE, U_CE, U_WE, U_FN,
       U_NI, U_2W, U_COUNT };
enum { POD_NONE, POD_MO, POD_AF, POD_EV, POD_NI, POD_DT };
enum { SEASON_NONE, SEASON_SP, SEASON_SU, SEASON_FA, SEASON_WI };
enum { REF_NONE, REF_PRESENT, REF_PAST, REF_FUTURE };
/* MOD_THAN, MOD_UP ("up to") and MOD_NO ("no more than") are parts of a modifier phrase. */
enum { MOD_NONE, MOD_START, MOD_MID, MOD_END, MOD_APPROX, MOD_MORE_THAN, MOD_LESS_THAN,
       MOD_EQUAL_OR_MORE, MOD_THAN, MOD_NEARLY, MOD_UP, MOD_NO, MOD_EQUAL_OR_LESS };
enum { PREP_NONE, PREP_IN, PREP_ON, PREP_AT, PREP_OF, PREP_FOR, PREP_SINCE, PREP_DURING,
       PREP_BY, PREP_FROM, PREP_TO, PREP_UNTIL, PREP_WITHIN };
/* Tense cues (timex_tense.tsv). INTENT is a future seen from a past moment ("would",
 * "planned"): a bare weekday takes the nearest occurrence, a month is read as with no cue. */
enum { TENSE_NONE, TENSE_PAST, TENSE_PRESENT, TENSE_FUTURE, TENSE_INTENT };

#define LEX_AMBIG 1u /* flag: a month or weekday name that is also a common word */
#define LEX_ABBR 4u  /* flag: an abbreviated month or weekday name */
#define LEX_START 2u /* flag: the word can begin a time expression */
#define LEX_PLURAL 8u /* flag: a plural unit ("years"): alone it is an unknown count */

typedef struct lex_entry {
    uint64_t classes; /* bit c set when the word has class c */
    uint8_t flags;
    int16_t val[LC_COUNT];
} lex_entry;

typedef struct holiday {
    uint8_t nwords;
    uint32_t words[6]; /* lexicon ids of the phrase's words */
    uint8_t rule;      /* HOL_FIXED, HOL_EASTER, HOL_NTH */
    int a, b, c;
    int16_t next;      /* next phrase with the same first word, or -1 */
} holiday;
enum { HOL_FIXED, HOL_EASTER, HOL_NTH };

typedef struct tense_suffix {
    char s[8];
    uint8_t len;
    uint8_t tense;
} tense_suffix;

/* One slot of the lexicon's lookup table: the word's lex_hash (0: empty slot), its
 * length, its entry id, its bytes (borrowed from the hash map's key arena) and its first 8
 * bytes as a little-endian group, zero-padded (compared whole for words shorter than 8). */
typedef struct lex_slot {
    uint32_t hash;
    uint32_t len;
    int32_t id;
    const char *key;
    uint64_t key8;
} lex_slot;

typedef struct lexicon {
    hmap words; /* lower-case word -> index in entries */
    lex_slot *slots; /* open addressing on the lex_hash tokens.c computes */
    uint32_t slot_mask; /* slots - 1, a power of two at least 4 times the number of words */
    VEC(lex_entry) entries;
    VEC(holiday) holidays;
    tense_suffix suffixes[8];
    size_t n_suffixes;
    size_t max_word; /* longest word, bytes */
    uint64_t bloom[1024]; /* bit (lex_hash of the word) mod 65536 set for every word */
} lexicon;

/* The lexicon's word hash (lookup table and bloom filter): the word's bytes, each ORed with
 * 0x20 (ASCII letters lowered, '.' unchanged), taken 8 at a time as little-endian 64-bit
 * groups (the last one zero-padded) into a multiply-xor chain seeded with the length. */
#define LEX_HASH_K 0x9E3779B97F4A7C15ULL
static inline uint64_t lex_hash_step(uint64_t acc, uint64_t group)
{
    return (acc ^ group) * LEX_HASH_K;
}

static inline uint32_t lex_hash_end(uint64_t acc)
{
    acc ^= acc >> 31;
    acc *= LEX_HASH_K;
    return (uint32_t)(acc >> 32);
}

/* lex_hash of w[0, n), a byte at a time (any alignment, any byte order). */
static inline uint32_t lex_hash(const unsigned char *w, size_t n)
{
    uint64_t acc = n;
    for (size_t g = 0; g < n; g += 8) {
        uint64_t group = 0;
        for (size_t b = 0; b < 8 && g + b < n; b++)
            group |= (uint64_t)(w[g + b] | 0x20) << (8 * b);
        acc = lex_hash_step(acc, group);
    }
    return lex_hash_end(acc);
}

static inline bool lexicon_maybe(const lexicon *lx, uint32_t h)
{
    return (lx->bloom[(h >> 6) & 1023] >> (h & 63)) & 1u;
}

int lexicon_load(lexicon *lx, const char *lang, char *err, size_t errsz);
void lexicon_free(lexicon *lx);
/* The entry id of a lower-case word, or -1. */
int32_t lexicon_find(const lexicon *lx, const char *w, size_t n);

/* The lexicon probe of lexicon_find_folded() and lexicon_find_short(): the entry id of the
 * word of n letters with lex_hash h, compared byte by byte with text (letters folded) or, when
 * text is NULL, with the zero-padded little-endian 8-byte group key8 (n < 8); -1 when it is
 * not in the lexicon. Both callers pass constants for text's kind, so each gets its own
 * compare inlined. */
static inline int32_t lexicon_probe(const lexicon *lx, const unsigned char *text, size_t n,
                                    uint32_t h, uint64_t key8)
{
    if (n == 0 || n > lx->max_word || !lexicon_maybe(lx, h))
        return -1;
    uint32_t hh = h ? h : 1;
    for (uint32_t k = (hh ^ (hh >> 15)) & lx->slot_mask;; k = (k + 1) & lx->slot_mask) {
        const lex_slot *sl = &lx->slots[k];
        if (!sl->hash)
            return -1;
        if (sl->hash != hh || sl->len != n)
            continue;
        if (!text) {
            if (sl->key8 == key8)
                return sl->id;
            continue;
        }
        size_t m = 0;
        while (m < n && ascii_lower(text[m]) == (unsigned char)sl->key[m])
            m++;
        if (m == n)
            return sl->id;
    }
}

/* The entry id of the word text[0, n) read lower-case (ASCII letters folded), whose lex_hash
 * is h; -1 when it is not in the lexicon. The same answer as
 * lexicon_find() on the folded copy, without making the copy. */
static inline int32_t lexicon_find_folded(const lexicon *lx, const unsigned char *text, size_t n,
                                          uint32_t h)
{
    return lexicon_probe(lx, text, n, h, 0);
}

/* lexicon_find_folded() for a word of n < 8 letters whose folded bytes (letters lowered) are
 * the zero-padded little-endian group key8: one compare of 8 bytes instead of a byte loop. */
static inline int32_t lexicon_find_short(const lexicon *lx, size_t n, uint32_t h, uint64_t key8)
{
    return lexicon_probe(lx, NULL, n, h, key8);
}

/* ---- tokens ----------------------------------------------------------------------------- */
enum { TK_WORD, TK_NUM, TK_PUNCT, TK_OTHER };
#define TF_CAP 1u       /* word starts with an upper-case letter */
#define TF_SPACE 2u     /* whitespace (or a line break) before the token */
#define TF_SENT 4u      /* first token of a sentence */
#define TF_BIGNUM 8u    /* number with thousands separators or a decimal part */
#define TF_ALLCAP 16u   /* word written in capitals only */
#define TF_NEWLINE 32u  /* a line break before the token */
#define TF_START 64u    /* may start a match: a LEX_START word, a number or an apostrophe */

typedef struct token {
    uint32_t off, len;
    uint8_t kind;
    uint8_t flags;
    uint8_t ndig;   /* digits of a number */
    char ch;        /* the punctuation byte ('\'' for typographic apostrophes) */
    int32_t lex;    /* lexicon entry of a word, -1 when none */
    int64_t num;    /* value of a number (capped at 10^12) */
} token;

/* Cuts text[start, len) into at most max tokens appended to *out; returns the offset where
 * it stopped (a sentence end when one was seen after max/2 tokens). Never reads past len. */
typedef VEC(token) token_vec;
int tokens_cut(const lexicon *lx, const char *text, size_t len, size_t start, size_t max,
               token_vec *out, size_t *stop_out);

/* ---- semantic description of a candidate ------------------------------------------------ */
typedef enum sem_kind {
    SK_CAL,      /* calendar parts, absolute or missing the year (month/day/season/...) */
    SK_DEICTIC,  /* anchor + n units (today, last month, two weeks ago, next year) */
    SK_WEEKDAY,  /* a weekday name; dir: -1 last, 1 next, 0 this, 2 from the tense */
    SK_REF,      /* PRESENT_REF, PAST_REF, FUTURE_REF */
    SK_DURATION, /* n units; n < 0 means an unknown count (PXY) */
    SK_SET,      /* every n units, or every weekday/part of day */
    SK_HOLIDAY,  /* holiday index; year known or from the tense */
} sem_kind;

typedef struct tsem {
    sem_kind kind;
    int year, month, day; /* SK_CAL / SK_HOLIDAY: 0 unknown */
    int decade, century;  /* SK_CAL: 199 for the 1990s, 19 for the 20th century */
    int decade_x;         /* SK_CAL: a decade written without an article ("1990s": 199X) */
    int season, quarter, half, week, weekend; /* half: SK_DURATION "2 1/2 years" */
    int hour, minute;     /* -1 unknown */
    int pod;              /* part of day */
    int weekday;          /* 1..7, 0 none */
    int unit;             /* SK_DEICTIC, SK_DURATION, SK_SET */
    int n;                /* offset (SK_DEICTIC) or count (SK_DURATION, SK_SET) */
    int dir;              /* SK_CAL without year, SK_WEEKDAY, SK_HOLIDAY: see above */
    int anaphoric;        /* 0 reference date; 1 last date mentioned; 2 the quarter reported;
                             3 "a year ago" and 4 "a year earlier" (a quarter when the last
                             date was one); 5 the latest quarter (a finished one) */
    int ref;              /* SK_REF */
    int holiday;          /* SK_HOLIDAY */
    int gran_unit;        /* SK_DEICTIC: the unit the value is written at (default: unit) */
    int time_only;        /* SK_CAL: a time of day without any date (8 p.m.) */
    int week_of;          /* SK_CAL: the ISO week of the day ("the week of March 6") */
    int mod;
    int fiscal;
    int skip_first; /* the first token (an article) is outside the extent */
    int in_future;  /* "in three days": a date when the sentence is in the future tense */
} tsem;

void tsem_init(tsem *s);

typedef struct cand {
    uint32_t tok_begin, tok_end; /* tokens [begin, end) */
    tsem sem;
} cand;
typedef VEC(cand) cand_vec;

/* Recognizes candidates in toks[0, n), appending to *out in order. */
int recognize(const lexicon *lx, const char *text, const token *toks, size_t n, cand_vec *out);

/* ---- pattern helpers (recognize.c, patterns_day.c) ---------------------------------------
 * A window of tokens with its lexicon; the inline tests below never read past n. */
typedef struct rctx {
    const lexicon *lx;
    const char *text;
    const token *t;
    size_t n;
} rctx;


/* ---- token tests -------------------------------------------------------------------------- */
static inline const lex_entry *ent(const rctx *r, size_t i)
{
    return (i < r->n && r->t[i].lex >= 0) ? &r->lx->entries.items[r->t[i].lex] : NULL;
}

static inline bool has(const rctx *r, size_t i, int cls)
{
    const lex_entry *e = ent(r, i);
    return e && (e->classes >> cls & 1u);
}

static inline int val(const rctx *r, size_t i, int cls)
{
    return ent(r, i)->val[cls];
}

static inline bool punct(const rctx *r, size_t i, char c)
{
    return i < r->n && r->t[i].kind == TK_PUNCT && r->t[i].ch == c;
}

/* Token i follows i-1 without whitespace. */
static inline bool glued(const rctx *r, size_t i)
{
    return i < r->n && !(r->t[i].flags & TF_SPACE);
}

static inline bool cap(const rctx *r, size_t i)
{
    return i < r->n && (r->t[i].flags & TF_CAP);
}

static inline bool is_num(const rctx *r, size_t i)
{
    return i < r->n && r->t[i].kind == TK_NUM && !(r->t[i].flags & TF_BIGNUM);
}

/* A number token that does not continue into more digits or a decimal ("3:2", "5.5"). */
static inline bool clean_num_end(const rctx *r, size_t i)
{
    size_t k = i + 1;
    if (k >= r->n || !glued(r, k))
        return true;
    if (r->t[k].kind == TK_PUNCT && r->t[k].ch == '%')
        return false;
    /* "3:30" continues; "April 25: the court ..." does not */
    if (r->t[k].kind == TK_PUNCT && r->t[k].ch == ':')
        return !(glued(r, k + 1) && k + 1 < r->n && r->t[k + 1].kind == TK_NUM);
    if (r->t[k].kind == TK_NUM)
        return false;
    if (r->t[k].kind == TK_PUNCT && (r->t[k].ch == '-' || r->t[k].ch == '/') && glued(r, k + 1) &&
        k + 1 < r->n && r->t[k + 1].kind == TK_NUM)
        return false;
    return true;
}

/* A four-digit year 1000..2999, not part of a bigger number, an amount or a word. */
static inline bool year_at(const rctx *r, size_t i, int *y)
{
    if (!is_num(r, i) || r->t[i].ndig != 4 || r->t[i].num < 1000 || r->t[i].num > 2999)
        return false;
    if (i > 0 && glued(r, i) &&
        (r->t[i - 1].kind == TK_NUM ||
         (r->t[i - 1].kind == TK_PUNCT && strchr("$#.:/", r->t[i - 1].ch)) ||
         r->t[i - 1].kind == TK_WORD))
        return false;
    if (i + 1 < r->n && glued(r, i + 1) && r->t[i + 1].kind == TK_WORD)
        return false;
    if (!clean_num_end(r, i))
        return false;
    /* "Flight 1998", "Windows 2000": a number naming a thing */
    if (i > 0 && r->t[i - 1].kind == TK_WORD && r->t[i - 1].lex < 0 && cap(r, i - 1) &&
        !(r->t[i - 1].flags & TF_SENT))
        return false;
    *y = (int)r->t[i].num;
    return true;
}

/* A day of the month 1..31 with an optional ordinal suffix; returns the end or 0. */
static inline size_t day_at(const rctx *r, size_t i, int *d)
{
    if (!is_num(r, i) || r->t[i].ndig > 2 || r->t[i].num < 1 || r->t[i].num > 31)
        return 0;
    if (i > 0 && glued(r, i) && (r->t[i - 1].kind == TK_NUM || punct(r, i - 1, '$')))
        return 0;
    *d = (int)r->t[i].num;
    if (glued(r, i + 1) && has(r, i + 1, LC_ORDSUFFIX))
        return i + 2;
    if (!clean_num_end(r, i) || (glued(r, i + 1) && r->t[i + 1].kind == TK_WORD))
        return 0;
    return i + 1;
}

/* A count: digits, number words ("twenty-four", "twenty four"), "a"/"an" when allow_art. */
static inline size_t count_at(const rctx *r, size_t i, int *v, bool allow_art)
{
    if (is_num(r, i) && r->t[i].ndig <= 3 && clean_num_end(r, i)) {
        if (i > 0 && glued(r, i) && punct(r, i - 1, '$'))
            return 0;
        *v = (int)r->t[i].num;
        return i + 1;
    }
    if (has(r, i, LC_NUMBER)) {
        int n = val(r, i, LC_NUMBER);
        size_t j = i + 1;
        if (n >= 20 && n < 100 && n % 10 == 0) {
            size_t k = punct(r, j, '-') && glued(r, j) ? j + 1 : j;
            if (has(r, k, LC_NUMBER) && val(r, k, LC_NUMBER) < 10) {
                n += val(r, k, LC_NUMBER);
                j = k + 1;
            }
        }
        /* "two thousand", "two hundred" */
        if (n < 100 && has(r, j, LC_NUMBER) && val(r, j, LC_NUMBER) >= 100) {
            n *= val(r, j, LC_NUMBER);
            j++;
        }
        *v = n;
        return j;
    }
    if (allow_art && has(r, i, LC_ART) && val(r, i, LC_ART) == 1) {
        *v = 1;
        /* "a hundred years" */
        if (has(r, i + 1, LC_NUMBER) && val(r, i + 1, LC_NUMBER) >= 100) {
            *v = val(r, i + 1, LC_NUMBER);
            return i + 2;
        }
        return i + 1;
    }
    return 0;
}

/* An ordinal: "third", "twenty-first", "3rd". */
static inline size_t ordinal_at(const rctx *r, size_t i, int *v)
{
    if (has(r, i, LC_ORDINAL)) {
        *v = val(r, i, LC_ORDINAL);
        return i + 1;
    }
    if (has(r, i, LC_NUMBER) && val(r, i, LC_NUMBER) >= 20 && val(r, i, LC_NUMBER) < 100) {
        size_t k = punct(r, i + 1, '-') ? i + 2 : i + 1;
        if (has(r, k, LC_ORDINAL) && val(r, k, LC_ORDINAL) < 10) {
            *v = val(r, i, LC_NUMBER) + val(r, k, LC_ORDINAL);
            return k + 1;
        }
    }
    if (is_num(r, i) && r->t[i].ndig <= 2 && glued(r, i + 1) && has(r, i + 1, LC_ORDSUFFIX)) {
        *v = (int)r->t[i].num;
        return i + 2;
    }
    return 0;
}

/* A month name, with the dot of an abbreviation; returns the end or 0. */
static inline size_t month_at(const rctx *r, size_t i, int *m, bool *ambig)
{
    if (!has(r, i, LC_MONTH) || !cap(r, i))
        return 0;
    *m = val(r, i, LC_MONTH);
    *ambig = (ent(r, i)->flags & LEX_AMBIG) != 0;
    size_t j = i + 1;
    /* the dot of an abbreviation, when a day or year follows ("Oct. 5", not "in May.") */
    if (punct(r, j, '.') && glued(r, j) && r->t[i].len <= 4 && j + 1 < r->n &&
        r->t[j + 1].kind == TK_NUM)
        j++;
    return j;
}

/* A possessive "'s" at token k (glued to the word before); returns its end or 0. */
static inline size_t poss_at(const rctx *r, size_t k)
{
    if (!punct(r, k, '\'') || !glued(r, k) || !glued(r, k + 1) || k + 1 >= r->n ||
        r->t[k + 1].kind != TK_WORD || r->t[k + 1].len != 1 ||
        (r->text[r->t[k + 1].off] | 0x20) != 's')
        return 0;
    return k + 2;
}

/* Pattern functions: each returns the end of its match at token i, or 0. */
size_t p_holiday(const rctx *r, size_t i, tsem *s);
size_t p_time(const rctx *r, size_t i, tsem *s);
size_t p_weekday(const rctx *r, size_t i, tsem *s);
size_t p_word(const rctx *r, size_t i, tsem *s);
size_t p_set(const rctx *r, size_t i, tsem *s);
size_t p_daypart(const rctx *r, size_t i, tsem *s);
size_t p_month(const rctx *r, size_t i, tsem *s);    /* recognize.c */
size_t p_relative(const rctx *r, size_t i, tsem *s); /* patterns_span.c */

/* ---- resolution ------------------------------------------------------------------------- */
typedef struct resolve_ctx {
    annals_date dct;     /* year 0 when unknown */
    annals_date last;    /* the last date mentioned (year known), year 0 when none */
    int last_gran;       /* its granularity (ANNALS_GRAN_*) */
    int last_q;          /* its quarter when last_gran is ANNALS_GRAN_QUARTER */
    const lexicon *lx;
} resolve_ctx;

/* Fills x (type, gran, value, mod, date) from s; tense is TENSE_*. Returns 0, or -1 when the
 * candidate resolves to nothing worth reporting. */
int resolve(resolve_ctx *rc, const tsem *s, int tense, annals_timex *x);

/* TIMEX3 value formatting (value_format.c): literal bytes, %s, %d and %0Nd (N 1..9) as
 * snprintf() writes them, truncation included; returns the length the full output has. */
size_t value_vformat(char *dst, size_t cap, const char *fmt, va_list ap);
size_t value_format(char *dst, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Easter Sunday of year y (Gregorian, anonymous algorithm of Meeus/Jones/Butcher). */
annals_date easter_sunday(int y);

#endif
