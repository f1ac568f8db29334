/*
 * lexicon.c - loads the tagger's word tables from resources/<lang>/timex_*.tsv.
 *
 * Representation: one hash map from a lower-case word to an entry; an entry has one bit per
 * word class (lex_class) and one small integer value per class, so a word can be a month and
 * a modal ("may") or an ordinal and a unit ("second") at once. Holiday phrases are kept as
 * sequences of entry ids chained from their first word. The tokenizer looks words up in a
 * second, read-only table keyed by lex_hash (temporal.h), which it computes 8 bytes at a time
 * (no copy). Class names and symbolic values (TIMEX3 unit letters, mod names) are the only
 * strings this file knows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "temporal/temporal.h"

static const char *const class_names[LC_COUNT] = {
    "month", "weekday", "number", "ordinal", "unit", "season", "partofday", "dayrel",
    "tonight", "ref", "refnoun", "rel", "anarel", "current", "recentadj", "pos", "art",
    "prep", "ago", "shift", "every", "advset", "times", "timesword", "ampm", "tz",
    "clock", "fiscal", "vague", "ordsuffix", "decadeword", "approx", "tense", "agesuffix",
    "periodnoun", "ending", "alt", "holiday",
};

struct sym {
    const char *name;
    int value;
};

static const struct sym unit_syms[] = {
    {"Y", U_Y}, {"M", U_M}, {"W", U_W}, {"D", U_D}, {"H", U_H}, {"MIN", U_MIN},
    {"S", U_S}, {"Q", U_Q}, {"HALF", U_HALF}, {"DE", U_DE}, {"CE", U_CE}, {"WE", U_WE},
    {"FN", U_FN}, {"NI", U_NI}, {"2W", U_2W}, {NULL, 0}};
static const struct sym season_syms[] = {
    {"SP", SEASON_SP}, {"SU", SEASON_SU}, {"FA", SEASON_FA}, {"WI", SEASON_WI}, {NULL, 0}};
static const struct sym pod_syms[] = {
    {"MO", POD_MO}, {"AF", POD_AF}, {"EV", POD_EV}, {"NI", POD_NI}, {"DT", POD_DT}, {NULL, 0}};
static const struct sym ref_syms[] = {
    {"PRESENT_REF", REF_PRESENT}, {"PAST_REF", REF_PAST}, {"FUTURE_REF", REF_FUTURE},
    {NULL, 0}};
static const struct sym mod_syms[] = {
    {"START", MOD_START}, {"MID", MOD_MID}, {"END", MOD_END}, {"APPROX", MOD_APPROX},
    {"MORE_THAN", MOD_MORE_THAN}, {"LESS_THAN", MOD_LESS_THAN},
    {"EQUAL_OR_MORE", MOD_EQUAL_OR_MORE}, {"THAN", MOD_THAN}, {"NEARLY", MOD_NEARLY},
    {"UP", MOD_UP}, {"NO", MOD_NO}, {"EQUAL_OR_LESS", MOD_EQUAL_OR_LESS},
    {NULL, 0}};
static const struct sym prep_syms[] = {
    {"IN", PREP_IN}, {"ON", PREP_ON}, {"AT", PREP_AT}, {"OF", PREP_OF}, {"FOR", PREP_FOR},
    {"SINCE", PREP_SINCE}, {"DURING", PREP_DURING}, {"BY", PREP_BY}, {"FROM", PREP_FROM},
    {"TO", PREP_TO}, {"UNTIL", PREP_UNTIL}, {"WITHIN", PREP_WITHIN}, {NULL, 0}};
static const struct sym tense_syms[] = {
    {"PAST", TENSE_PAST},
    {"PRESENT", TENSE_PRESENT},
    {"FUTURE", TENSE_FUTURE},
    {"INTENT", TENSE_INTENT},
    {NULL, 0}};
static const struct sym ampm_syms[] = {{"AM", 1}, {"PM", 2}, {NULL, 0}};
static const struct sym misc_syms[] = {{"X", -1}, {NULL, 0}};

/* Parses a value cell: a symbol of the class's table or a decimal integer. */
static int parse_value(int cls, const char *s, int *out)
{
    const struct sym *t = NULL;
    switch (cls) {
    case LC_UNIT:
    case LC_ADVSET: t = unit_syms; break;
    case LC_SEASON: t = season_syms; break;
    case LC_PARTOFDAY: t = pod_syms; break;
    case LC_REF:
    case LC_REFNOUN: t = ref_syms; break;
    case LC_POS:
    case LC_APPROX: t = mod_syms; break;
    case LC_PREP: t = prep_syms; break;
    case LC_TENSE: t = tense_syms; break;
    case LC_AMPM: t = ampm_syms; break;
    case LC_VAGUE: t = misc_syms; break;
    default: break;
    }
    if (t) {
        for (; t->name; t++) {
            if (strcmp(t->name, s) == 0) {
                *out = t->value;
                return 0;
            }
        }
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < -32768 || v > 32767)
        return -1;
    *out = (int)v;
    return 0;
}

int32_t lexicon_find(const lexicon *lx, const char *w, size_t n)
{
    if (n == 0 || n > lx->max_word)
        return -1;
    const uint64_t *v = hmap_get(&lx->words, w, n);
    return v ? (int32_t)*v : -1;
}

/* The entry of word w, created empty when absent; -1 when out of memory. */
static int32_t entry_of(lexicon *lx, const char *w, size_t n)
{
    uint64_t *slot;
    bool inserted;
    if (hmap_upsert(&lx->words, w, n, lx->entries.len, &slot, &inserted) < 0)
        return -1;
    if (inserted) {
        lex_entry e;
        memset(&e, 0, sizeof(e));
        if (VEC_PUSH(&lx->entries, e) < 0)
            return -1;
        if (n > lx->max_word)
            lx->max_word = n;
        uint32_t h = lex_hash((const unsigned char *)w, n);
        lx->bloom[(h >> 6) & 1023] |= 1ull << (h & 63);
    }
    return (int32_t)*slot;
}

/* The lookup table of lexicon_find_folded(): every word of the hash map under its lex_hash,
 * at most a quarter full so that a miss past the bloom filter stops at once. */
static int build_slots(lexicon *lx)
{
    size_t cap = 16;
    while (cap < lx->words.len * 4)
        cap *= 2;
    lx->slots = calloc(cap, sizeof(*lx->slots));
    if (!lx->slots)
        return ANNALS_ENOMEM;
    lx->slot_mask = (uint32_t)(cap - 1);
    for (size_t i = 0; i < lx->words.cap; i++) {
        const hmap_entry *e = &lx->words.slots[i];
        if (!e->hash)
            continue;
        uint32_t h = lex_hash((const unsigned char *)e->key, e->klen);
        h = h ? h : 1;
        uint32_t k = (h ^ (h >> 15)) & lx->slot_mask;
        while (lx->slots[k].hash)
            k = (k + 1) & lx->slot_mask;
        lx->slots[k].hash = h;
        lx->slots[k].len = e->klen;
        lx->slots[k].id = (int32_t)e->value;
        lx->slots[k].key = e->key;
        uint64_t key8 = 0;
        for (size_t b = 0; b < 8 && b < e->klen; b++)
            key8 |= (uint64_t)(unsigned char)e->key[b] << (8 * b);
        lx->slots[k].key8 = key8;
    }
    return 0;
}

static int load_words(lexicon *lx, const annals_resource *r, char *err, size_t errsz)
{
    for (size_t i = 0; i < r->rows; i++) {
        const char *const *row = r->cells + i * r->cols;
        int cls = -1;
        for (int c = 0; c < LC_COUNT; c++) {
            if (r->cols > 1 && strcmp(class_names[c], row[1]) == 0)
                cls = c;
        }
        int v = 0;
        if (cls < 0 || r->cols < 3 || parse_value(cls, row[2], &v) < 0) {
            snprintf(err, errsz, "%s row %zu: bad class or value", r->name, i + 1);
            return ANNALS_EINVAL;
        }
        int32_t id = entry_of(lx, row[0], strlen(row[0]));
        if (id < 0)
            return ANNALS_ENOMEM;
        lex_entry *e = &lx->entries.items[id];
        e->classes |= 1ull << cls;
        e->val[cls] = (int16_t)v;
        if (r->cols > 3 && strstr(row[3], "ambig"))
            e->flags |= LEX_AMBIG;
        if (r->cols > 3 && strstr(row[3], "abbr"))
            e->flags |= LEX_ABBR;
        if (r->cols > 3 && strstr(row[3], "plural"))
            e->flags |= LEX_PLURAL;
    }
    return 0;
}

static int load_tense(lexicon *lx, const annals_resource *r, char *err, size_t errsz)
{
    for (size_t i = 0; i < r->rows; i++) {
        const char *const *row = r->cells + i * r->cols;
        int v;
        if (r->cols < 2 || parse_value(LC_TENSE, row[1], &v) < 0) {
            snprintf(err, errsz, "%s row %zu: bad tense", r->name, i + 1);
            return ANNALS_EINVAL;
        }
        if (row[0][0] == '-') {
            size_t n = strlen(row[0] + 1);
            if (n == 0 || n >= sizeof(lx->suffixes[0].s) ||
                lx->n_suffixes == ARRAY_SIZE(lx->suffixes)) {
                snprintf(err, errsz, "%s row %zu: bad suffix", r->name, i + 1);
                return ANNALS_EINVAL;
            }
            tense_suffix *s = &lx->suffixes[lx->n_suffixes++];
            memcpy(s->s, row[0] + 1, n + 1);
            s->len = (uint8_t)n;
            s->tense = (uint8_t)v;
            continue;
        }
        int32_t id = entry_of(lx, row[0], strlen(row[0]));
        if (id < 0)
            return ANNALS_ENOMEM;
        lx->entries.items[id].classes |= 1ull << LC_TENSE;
        lx->entries.items[id].val[LC_TENSE] = (int16_t)v;
    }
    return 0;
}

static int load_holidays(lexicon *lx, const annals_resource *r, char *err, size_t errsz)
{
    static const char *const rules[] = {"fixed", "easter", "nth"};
    for (size_t i = 0; i < r->rows; i++) {
        const char *const *row = r->cells + i * r->cols;
        holiday h;
        memset(&h, 0, sizeof(h));
        int rule = -1;
        for (int k = 0; k < 3; k++) {
            if (r->cols > 1 && strcmp(row[1], rules[k]) == 0)
                rule = k;
        }
        if (rule < 0 || r->cols < 5) {
            snprintf(err, errsz, "%s row %zu: bad rule", r->name, i + 1);
            return ANNALS_EINVAL;
        }
        h.rule = (uint8_t)rule;
        h.a = atoi(row[2]);
        h.b = atoi(row[3]);
        h.c = atoi(row[4]);
        const char *p = row[0];
        while (*p) {
            const char *sp = strchr(p, ' ');
            size_t n = sp ? (size_t)(sp - p) : strlen(p);
            if (h.nwords == ARRAY_SIZE(h.words) || n == 0) {
                snprintf(err, errsz, "%s row %zu: bad phrase", r->name, i + 1);
                return ANNALS_EINVAL;
            }
            int32_t id = entry_of(lx, p, n);
            if (id < 0)
                return ANNALS_ENOMEM;
            h.words[h.nwords++] = (uint32_t)id;
            p += n;
            while (*p == ' ')
                p++;
        }
        if (h.nwords == 0)
            continue;
        /* Chain phrases by first word; longer phrases first so the longest match wins. */
        lex_entry *first = &lx->entries.items[h.words[0]];
        int16_t idx = (int16_t)lx->holidays.len;
        h.next = -1;
        if (first->classes & (1ull << LC_HOLIDAY)) {
            int16_t *link = &first->val[LC_HOLIDAY];
            while (*link >= 0 && lx->holidays.items[*link].nwords >= h.nwords)
                link = &lx->holidays.items[*link].next;
            h.next = *link;
            *link = idx;
        } else {
            first->classes |= 1ull << LC_HOLIDAY;
            first->val[LC_HOLIDAY] = idx;
        }
        if (VEC_PUSH(&lx->holidays, h) < 0)
            return ANNALS_ENOMEM;
    }
    return 0;
}

int lexicon_load(lexicon *lx, const char *lang, char *err, size_t errsz)
{
    char name[64];
    memset(lx, 0, sizeof(*lx));
    hmap_init(&lx->words);
    snprintf(name, sizeof(name), "%s/timex_lexicon", lang);
    const annals_resource *words = resource_find(name);
    snprintf(name, sizeof(name), "%s/timex_tense", lang);
    const annals_resource *tense = resource_find(name);
    snprintf(name, sizeof(name), "%s/timex_holidays", lang);
    const annals_resource *hol = resource_find(name);
    if (!words || !tense || !hol) {
        snprintf(err, errsz, "no time-expression tables for language '%s'", lang);
        return ANNALS_EINVAL;
    }
    int rc = load_words(lx, words, err, errsz);
    if (rc == 0)
        rc = load_tense(lx, tense, err, errsz);
    if (rc == 0)
        rc = load_holidays(lx, hol, err, errsz);
    /* Classes that never begin an expression: the recognizer skips such words at once. */
    const uint64_t inner = 1ull << LC_PREP | 1ull << LC_TENSE | 1ull << LC_AGESUFFIX |
                           1ull << LC_PERIODNOUN | 1ull << LC_ENDING | 1ull << LC_TIMESWORD | 1ull << LC_ORDSUFFIX |
                           1ull << LC_AMPM | 1ull << LC_TZ | 1ull << LC_AGO | 1ull << LC_SHIFT |
                           1ull << LC_ALT;
    for (size_t i = 0; i < lx->entries.len; i++) {
        lex_entry *e = &lx->entries.items[i];
        if (e->classes & ~inner)
            e->flags |= LEX_START;
    }
    if (rc == 0)
        rc = build_slots(lx);
    return rc;
}

void lexicon_free(lexicon *lx)
{
    hmap_free(&lx->words);
    free(lx->slots);
    lx->slots = NULL;
    VEC_FREE(&lx->entries);
    VEC_FREE(&lx->holidays);
}
