/*
 * boundary.c - boundary mentions: a day named as the limit of a period or a deadline
 * ("since 20 April", "until July 5", "by Friday") rather than as the day of an event.
 *
 * Representation: the signal word of a mention is the word right before it in the
 * document's text, with only blanks (space, tab, CR, LF) between; a punctuation mark or
 * a digit in between leaves the mention without one. A word is a maximal run of ASCII
 * letters and bytes of multi-byte UTF-8 sequences, folded to lower case (ASCII only). The
 * mention is a boundary mention when its signal word is in the language's list
 * (resources/<lang>/boundary_words.tsv), so the code holds no word of any language.
 */
#include <stdio.h>
#include <string.h>

#include "timeline.h"

#define WORD_MAX 32

int tl_boundary_words_load(hmap *words, const char *lang)
{
    char name[48];
    hmap_init(words);
    snprintf(name, sizeof(name), "%s/boundary_words", lang ? lang : "en");
    const annals_resource *r = resource_find(name);
    if (!r)
        return 0; /* a language without the list has no boundary mentions */
    for (size_t i = 0; i < r->rows; i++) {
        const char *w = r->cells[i * r->cols];
        size_t n = strlen(w);
        if (n > 0 && n <= WORD_MAX && hmap_put(words, w, n, 1) < 0) {
            hmap_free(words);
            return ANNALS_ENOMEM;
        }
    }
    return 0;
}

static int word_byte(unsigned char c)
{
    return ascii_isalpha(c) || c >= 0x80;
}

int tl_boundary_of(const hmap *words, const unsigned char *text, size_t start)
{
    if (!words || !text || words->len == 0)
        return 0;
    size_t end = start;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
                       text[end - 1] == '\r' || text[end - 1] == '\n'))
        end--;
    size_t begin = end;
    while (begin > 0 && word_byte(text[begin - 1]))
        begin--;
    if (begin == end || end - begin > WORD_MAX)
        return 0;
    char w[WORD_MAX];
    for (size_t i = begin; i < end; i++)
        w[i - begin] = (char)ascii_lower(text[i]);
    return hmap_get(words, w, end - begin) != NULL;
}
