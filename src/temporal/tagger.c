/*
 * tagger.c - the public time-expression tagger (include/annals/temporal.h).
 *
 * annals_tagger_tag() walks the text in windows of at most WINDOW tokens cut at sentence
 * ends (tokens.c), recognizes candidates in each window (recognize.c), finds each
 * candidate's tense from the nearest tense cue in its sentence, and resolves it
 * (resolve.c), carrying the last date mentioned across windows for anaphora. All buffers
 * live on the handle and are reused, so tagging allocates only while they grow.
 * Not thread-safe: one tagger per thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temporal/temporal.h"

#define WINDOW 4096 /* tokens per window: bounds memory on huge lines */

struct annals_tagger {
    lexicon lx;
    token_vec toks;
    cand_vec cands;
    VEC(annals_timex) out;
    char errmsg[128];
};

int annals_tagger_open(annals_tagger **out, const annals_tagger_options *opts)
{
    const char *lang = opts && opts->lang ? opts->lang : "en";
    annals_tagger *t = calloc(1, sizeof(*t));
    if (!t)
        return ANNALS_ENOMEM;
    char err[128] = "";
    int rc = lexicon_load(&t->lx, lang, err, sizeof(err));
    if (rc < 0) {
        lexicon_free(&t->lx);
        free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void annals_tagger_close(annals_tagger *t)
{
    if (!t)
        return;
    lexicon_free(&t->lx);
    VEC_FREE(&t->toks);
    VEC_FREE(&t->cands);
    VEC_FREE(&t->out);
    free(t);
}

const char *annals_tagger_errmsg(const annals_tagger *t)
{
    return t->errmsg;
}

/* Tense of a word token: a listed word, else a listed ending of a lower-case word. */
static int word_tense(const lexicon *lx, const char *text, const token *tk)
{
    if (tk->kind != TK_WORD)
        return TENSE_NONE;
    if (tk->lex >= 0) {
        const lex_entry *e = &lx->entries.items[tk->lex];
        if (e->classes >> LC_TENSE & 1u)
            return e->val[LC_TENSE];
        return TENSE_NONE; /* a known time word is not a verb */
    }
    /* an ending marks a verb only in a lower-case word: "United", "Red" are names */
    if (text[tk->off] >= 'A' && text[tk->off] <= 'Z')
        return TENSE_NONE;
    for (size_t k = 0; k < lx->n_suffixes; k++) {
        const tense_suffix *sf = &lx->suffixes[k];
        if (tk->len > (uint32_t)sf->len + 2) {
            const char *p = text + tk->off + tk->len - sf->len;
            size_t m = 0;
            while (m < sf->len && ascii_lower((unsigned char)p[m]) == sf->s[m])
                m++;
            if (m == sf->len)
                return sf->tense;
        }
    }
    return TENSE_NONE;
}

/* The tense cue nearest to tokens [b, e) in their sentence: left first, then right. */
static int find_tense(const lexicon *lx, const char *text, const token *toks, size_t n, size_t b,
                      size_t e)
{
    size_t i = b;
    int limit = 12;
    while (i > 0 && limit-- > 0 && !(toks[i].flags & TF_SENT)) {
        i--;
        int t = word_tense(lx, text, &toks[i]);
        if (t)
            return t;
    }
    limit = 12;
    for (size_t j = e; j < n && limit-- > 0 && !(toks[j].flags & TF_SENT); j++) {
        int t = word_tense(lx, text, &toks[j]);
        if (t)
            return t;
    }
    return TENSE_NONE;
}

int annals_tagger_tag(annals_tagger *t, const char *text, size_t len, const annals_date *dct,
                      const annals_timex **out, size_t *n_out)
{
    int rc = 0;
    resolve_ctx r;
    memset(&r, 0, sizeof(r));
    r.lx = &t->lx;
    if (dct && dct->year > 0 && annals_date_valid(dct->year, dct->month, dct->day))
        r.dct = *dct;
    t->out.len = 0;
    t->errmsg[0] = '\0';
    if (len > UINT32_MAX) {
        /* spans are 32-bit: tag the first 4 GiB only */
        len = UINT32_MAX;
    }
    size_t pos = 0;
    while (pos < len) {
        t->toks.len = 0;
        t->cands.len = 0;
        size_t stop;
        rc = tokens_cut(&t->lx, text, len, pos, WINDOW, &t->toks, &stop);
        if (rc < 0)
            goto cleanup;
        if (stop <= pos)
            break;
        pos = stop;
        rc = recognize(&t->lx, text, t->toks.items, t->toks.len, &t->cands);
        if (rc < 0)
            goto cleanup;
        for (size_t c = 0; c < t->cands.len; c++) {
            const cand *cd = &t->cands.items[c];
            int tense = find_tense(&t->lx, text, t->toks.items, t->toks.len, cd->tok_begin,
                                   cd->tok_end);
            annals_timex x;
            memset(&x, 0, sizeof(x));
            if (resolve(&r, &cd->sem, tense, &x) < 0 || !x.value[0])
                continue;
            const token *b = &t->toks.items[cd->tok_begin];
            const token *e = &t->toks.items[cd->tok_end - 1];
            x.span.off = b->off;
            x.span.len = e->off + e->len - b->off;
            /* "a year earlier", "the quarter a year ago" name a comparison, not the period
             * the text is about: they do not become the anchor of the next "the quarter" */
            if ((x.type == ANNALS_TIMEX_DATE || x.type == ANNALS_TIMEX_TIME) && x.date.year &&
                cd->sem.kind != SK_REF &&
                !(cd->sem.kind == SK_DEICTIC &&
                  (cd->sem.anaphoric == 3 || cd->sem.anaphoric == 4 ||
                   (cd->sem.anaphoric == 2 && cd->sem.n < 0)))) {
                r.last = x.date;
                r.last_gran = x.gran;
                r.last_q = 0;
                if (x.gran == ANNALS_GRAN_QUARTER) {
                    const char *q = strchr(x.value, 'Q');
                    r.last_q = q && q[1] >= '1' && q[1] <= '4' ? q[1] - '0' : 0;
                    if (!r.last_q)
                        r.last_gran = ANNALS_GRAN_YEAR;
                }
            }
            rc = VEC_PUSH(&t->out, x);
            if (rc < 0)
                goto cleanup;
        }
    }
cleanup:
    if (rc < 0) {
        snprintf(t->errmsg, sizeof(t->errmsg), "tagging failed: %s", annals_strerror(rc));
        t->out.len = 0;
    }
    *out = t->out.items;
    *n_out = t->out.len;
    return rc;
}

const char *annals_timex_type_name(annals_timex_type type)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    return (unsigned)type < 4 ? names[type] : "DATE";
}

const char *annals_granularity_name(annals_granularity gran)
{
    static const char *const names[] = {"none", "time", "day", "week", "month",
                                        "quarter", "year", "decade", "century"};
    return (unsigned)gran < 9 ? names[gran] : "none";
}
