/*
 * breaks.c - UAX #29 sentence boundaries of a text, as byte offsets.
 *
 * Representation: t->bounds receives every boundary after offset 0, ascending, the last one
 * being the text's length (what ICU's ubrk_next() returns one by one).
 *
 * Text is cut into paragraphs after each LF: UAX #29 always breaks after a paragraph
 * separator (SB4) and no rule looks across one, so a paragraph's boundaries do not depend on
 * the text around it. An all-ASCII paragraph goes through the rules below; a run of other
 * paragraphs goes to ICU's rule-based iterator over its UTF-8 bytes. Both give the same
 * boundaries (tests/unit/text compares them on random text; ICU itself is checked against the
 * Unicode conformance tests), but the ASCII rules cost a few instructions per byte where
 * ICU's state machine behind the UText interface costs about fifty.
 *
 * The ASCII rules, from UAX #29 section 5.1 (Unicode 15) with the Sentence_Break values ICU
 * gives ASCII: Sp = TAB VT FF SPACE; ATerm = '.'; STerm = '!' '?'; Close = " ' ( ) [ ] { };
 * SContinue = , - :; Upper, Lower, Numeric as usual; no ASCII character is OLetter, Extend
 * or Format, so SB5 does nothing.
 *   SB3  CR x LF            SB4  ParaSep /
 *   SB6  ATerm x Numeric    SB7  (Upper | Lower) ATerm x Upper
 *   SB8  ATerm Close* Sp* x (not (OLetter | Upper | Lower | ParaSep | SATerm))* Lower
 *   SB8a SATerm Close* Sp* x (SContinue | SATerm)
 *   SB9  SATerm Close* x (Close | Sp | ParaSep)
 *   SB10 SATerm Close* Sp* x (Sp | ParaSep)
 *   SB11 SATerm Close* Sp* ParaSep? /          SB998 Any x Any
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"

enum {
    SB_OTHER,
    SB_SP,
    SB_LOWER,
    SB_UPPER,
    SB_NUMERIC,
    SB_ATERM,
    SB_STERM,
    SB_CLOSE,
    SB_SCONTINUE,
    SB_LF,
    SB_CR,
};

static const unsigned char sb_class[128] = {
    ['\t'] = SB_SP,     [0x0B] = SB_SP,       [0x0C] = SB_SP,       [' '] = SB_SP,
    ['\n'] = SB_LF,     ['\r'] = SB_CR,       ['.'] = SB_ATERM,     ['!'] = SB_STERM,
    ['?'] = SB_STERM,   ['"'] = SB_CLOSE,     ['\''] = SB_CLOSE,    ['('] = SB_CLOSE,
    [')'] = SB_CLOSE,   ['['] = SB_CLOSE,     [']'] = SB_CLOSE,     ['{'] = SB_CLOSE,
    ['}'] = SB_CLOSE,   [','] = SB_SCONTINUE, ['-'] = SB_SCONTINUE, [':'] = SB_SCONTINUE,
    ['0'] = SB_NUMERIC, ['1'] = SB_NUMERIC,   ['2'] = SB_NUMERIC,   ['3'] = SB_NUMERIC,
    ['4'] = SB_NUMERIC, ['5'] = SB_NUMERIC,   ['6'] = SB_NUMERIC,   ['7'] = SB_NUMERIC,
    ['8'] = SB_NUMERIC, ['9'] = SB_NUMERIC,   ['a'] = SB_LOWER,     ['b'] = SB_LOWER,
    ['c'] = SB_LOWER,   ['d'] = SB_LOWER,     ['e'] = SB_LOWER,     ['f'] = SB_LOWER,
    ['g'] = SB_LOWER,   ['h'] = SB_LOWER,     ['i'] = SB_LOWER,     ['j'] = SB_LOWER,
    ['k'] = SB_LOWER,   ['l'] = SB_LOWER,     ['m'] = SB_LOWER,     ['n'] = SB_LOWER,
    ['o'] = SB_LOWER,   ['p'] = SB_LOWER,     ['q'] = SB_LOWER,     ['r'] = SB_LOWER,
    ['s'] = SB_LOWER,   ['t'] = SB_LOWER,     ['u'] = SB_LOWER,     ['v'] = SB_LOWER,
    ['w'] = SB_LOWER,   ['x'] = SB_LOWER,     ['y'] = SB_LOWER,     ['z'] = SB_LOWER,
    ['A'] = SB_UPPER,   ['B'] = SB_UPPER,     ['C'] = SB_UPPER,     ['D'] = SB_UPPER,
    ['E'] = SB_UPPER,   ['F'] = SB_UPPER,     ['G'] = SB_UPPER,     ['H'] = SB_UPPER,
    ['I'] = SB_UPPER,   ['J'] = SB_UPPER,     ['K'] = SB_UPPER,     ['L'] = SB_UPPER,
    ['M'] = SB_UPPER,   ['N'] = SB_UPPER,     ['O'] = SB_UPPER,     ['P'] = SB_UPPER,
    ['Q'] = SB_UPPER,   ['R'] = SB_UPPER,     ['S'] = SB_UPPER,     ['T'] = SB_UPPER,
    ['U'] = SB_UPPER,   ['V'] = SB_UPPER,     ['W'] = SB_UPPER,     ['X'] = SB_UPPER,
    ['Y'] = SB_UPPER,   ['Z'] = SB_UPPER,
};

/* The bytes after which a boundary may follow: terminators and paragraph separators. The
 * next of each terminator and of CR in the whole text is found with memchr() and kept until
 * the scan passes it (so a byte the text lacks is looked for once, not once per paragraph);
 * the paragraph's LF is its last byte. */
static const unsigned char stop_bytes[4] = {'.', '!', '?', '\r'};

typedef struct stop_finder {
    size_t at[4]; /* next position of stop_bytes[k] from the last search on, or n */
    size_t n;     /* the text's length */
} stop_finder;

/* The first stop byte in text[i, e), e when there is none; lf is the paragraph's LF (e - 1)
 * or e. */
static size_t next_stop(stop_finder *f, const unsigned char *text, size_t i, size_t e, size_t lf)
{
    size_t best = lf;
    for (int k = 0; k < 4; k++) {
        if (f->at[k] <= i) {
            const unsigned char *q = memchr(text + i, stop_bytes[k], f->n - i);
            f->at[k] = q ? (size_t)(q - text) : f->n;
        }
        if (f->at[k] < best)
            best = f->at[k];
    }
    return best < e ? best : e;
}

/* Where the text before a position stands in "SATerm Close* Sp*". */
enum { TAIL_NONE, TAIL_CLOSE, TAIL_SP };

static int push_bound(annals_text *t, size_t b)
{
    return VEC_PUSH(&t->bounds, (uint32_t)b);
}

/* The boundaries of the ASCII paragraph [s, e) (e after its LF, or the text's end). */
static int ascii_breaks(annals_text *t, const unsigned char *text, size_t s, size_t e,
                        stop_finder *stops)
{
    size_t lf = e > s && text[e - 1] == '\n' ? e - 1 : e;
    int tail = TAIL_NONE; /* of text[s, i) */
    int aterm = 0;        /* the terminator of that tail is '.' */
    size_t look_end = 0;  /* SB8's look-ahead from any i < look_end ends in look_lower */
    int look_lower = 0;
    int prev = SB_OTHER, prev2 = SB_OTHER;
    for (size_t i = s; i < e; i++) {
        if (tail == TAIL_NONE && prev != SB_LF && prev != SB_CR) {
            /* No rule breaks before the next terminator or paragraph separator: skip to it. */
            size_t j = next_stop(stops, text, i, e, lf);
            if (j == e)
                break;
            if (j > i) {
                prev = sb_class[text[j - 1]];
                prev2 = j - 1 > s ? sb_class[text[j - 2]] : SB_OTHER;
                i = j;
            }
        }
        int c = sb_class[text[i]];
        if (i > s) {
            int brk = 0;
            if (prev == SB_LF || prev == SB_CR) {
                brk = !(prev == SB_CR && c == SB_LF); /* SB3, SB4 */
            } else if (tail != TAIL_NONE) {
                if (aterm && prev == SB_ATERM && c == SB_NUMERIC) {
                    brk = 0; /* SB6 */
                } else if (aterm && prev == SB_ATERM && c == SB_UPPER &&
                           (prev2 == SB_UPPER || prev2 == SB_LOWER)) {
                    brk = 0; /* SB7 */
                } else if (c == SB_SCONTINUE || c == SB_ATERM || c == SB_STERM) {
                    brk = 0; /* SB8a */
                } else if (tail == TAIL_CLOSE &&
                           (c == SB_CLOSE || c == SB_SP || c == SB_LF || c == SB_CR)) {
                    brk = 0; /* SB9 */
                } else if (c == SB_SP || c == SB_LF || c == SB_CR) {
                    brk = 0; /* SB10 */
                } else {
                    brk = 1; /* SB11, unless SB8 */
                    if (aterm) {
                        if (i >= look_end) {
                            size_t j = i;
                            int k = SB_OTHER;
                            for (; j < e; j++) {
                                k = sb_class[text[j]];
                                if (k == SB_UPPER || k == SB_LOWER || k == SB_LF || k == SB_CR ||
                                    k == SB_ATERM || k == SB_STERM)
                                    break;
                            }
                            look_end = j;
                            look_lower = j < e && k == SB_LOWER;
                        }
                        if (look_lower)
                            brk = 0; /* SB8 */
                    }
                }
            }
            if (brk && push_bound(t, i) < 0)
                return ANNALS_ENOMEM;
        }
        /* the tail of text[s, i] */
        if (c == SB_ATERM || c == SB_STERM) {
            tail = TAIL_CLOSE;
            aterm = c == SB_ATERM;
        } else if (c == SB_CLOSE) {
            tail = tail == TAIL_CLOSE ? TAIL_CLOSE : TAIL_NONE;
        } else if (c == SB_SP) {
            tail = tail == TAIL_NONE ? TAIL_NONE : TAIL_SP;
        } else {
            tail = TAIL_NONE;
        }
        prev2 = prev;
        prev = c;
    }
    return push_bound(t, e);
}

/* ICU's boundaries of [s, e). */
static int icu_breaks(annals_text *t, const char *text, size_t s, size_t e)
{
    UErrorCode status = U_ZERO_ERROR;
    t->ut = utext_openUTF8(t->ut, text + s, (int64_t)(e - s), &status);
    if (U_FAILURE(status))
        return text_error(t, ANNALS_ENOMEM, "ICU could not open the text");
    ubrk_setUText(t->brk, t->ut, &status);
    if (U_FAILURE(status))
        return text_error(t, ANNALS_ENOMEM, "ICU could not set the text");
    ubrk_first(t->brk);
    for (int32_t b = ubrk_next(t->brk); b != UBRK_DONE; b = ubrk_next(t->brk))
        if (push_bound(t, s + (size_t)b) < 0)
            return text_error(t, ANNALS_ENOMEM, "out of memory");
    return 0;
}

int text_breaks(annals_text *t, const char *text, size_t len, int icu_only)
{
    t->bounds.len = 0;
    if (len == 0)
        return 0;
    if (icu_only)
        return icu_breaks(t, text, 0, len);
    const unsigned char *p = (const unsigned char *)text;
    size_t icu_from = len; /* start of a pending run of non-ASCII paragraphs, or len */
    size_t s = 0;
    stop_finder stops = {{0, 0, 0, 0}, len}; /* at[k] <= i: look again from i */
    while (s < len) {
        const unsigned char *lf = memchr(p + s, '\n', len - s);
        size_t e = lf ? (size_t)(lf - p) + 1 : len;
        int ascii = 1;
        size_t i = s;
#ifdef __SSE2__
        for (; i + 32 <= e; i += 32) {
            __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
            if (_mm_movemask_epi8(_mm_or_si128(a, c))) {
                ascii = 0;
                break;
            }
        }
#endif
        for (; i + 8 <= e && ascii; i += 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            ascii = (w & 0x8080808080808080ULL) == 0;
        }
        for (; i < e && ascii; i++)
            ascii = p[i] < 0x80;
        if (!ascii) {
            if (icu_from == len)
                icu_from = s;
        } else {
            int rc;
            if (icu_from != len && (rc = icu_breaks(t, text, icu_from, s)) < 0)
                return rc;
            icu_from = len;
            if (ascii_breaks(t, p, s, e, &stops) < 0)
                return text_error(t, ANNALS_ENOMEM, "out of memory");
        }
        s = e;
    }
    if (icu_from != len)
        return icu_breaks(t, text, icu_from, len);
    return 0;
}
