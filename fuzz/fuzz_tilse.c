/*
 * fuzz_tilse.c - the timeline readers (tilse text and JSON) and one scoring pass must not
 * crash, leak or read out of bounds on any input.
 *
 * The input is split at the first NUL byte: the part before is the predicted timeline, the
 * part after the reference (the whole input is the reference when there is no NUL). Scoring
 * needs ROUGE resources: a tiny stop-word and exception list written once to a temporary
 * directory, so the target runs without the shared data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annals/eval_tls.h"

static annals_tls *ev;

static void quiet(void *ctx, const char *name, size_t line, const char *msg)
{
    (void)ctx;
    (void)name;
    (void)line;
    (void)msg;
}

static annals_tls *evaluator(void)
{
    static char dir[64];
    if (ev || dir[0])
        return ev;
    snprintf(dir, sizeof(dir), "/tmp/annals-fuzz-tilse-XXXXXX");
    if (!mkdtemp(dir))
        return NULL;
    char path[128];
    snprintf(path, sizeof(path), "%s/smart_common_words.txt", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("the\nof\nand\n", f);
        fclose(f);
    }
    snprintf(path, sizeof(path), "%s/wordnet-2.0-exceptions.tsv", dir);
    f = fopen(path, "w");
    if (f) {
        fputs("geese\tgoose\nran\trun\n", f);
        fclose(f);
    }
    annals_tls_options o = ANNALS_TLS_OPTIONS_INIT;
    o.rouge_dir = dir;
    if (annals_tls_open(&ev, &o) < 0) {
        annals_tls_close(ev);
        ev = NULL;
    }
    /* the files are read once; the evaluator keeps what it needs */
    snprintf(path, sizeof(path), "%s/smart_common_words.txt", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/wordnet-2.0-exceptions.tsv", dir);
    unlink(path);
    rmdir(dir);
    return ev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t plen = nul ? (size_t)(nul - text) : size;
    const char *gold_text = nul ? nul + 1 : text;
    size_t glen = nul ? size - plen - 1 : size;

    annals_tls_read_options o = ANNALS_TLS_READ_OPTIONS_INIT;
    o.warn = quiet;
    annals_tls_timeline *pred = NULL, *gold = NULL;
    size_t problems;
    annals_tls_timeline_parse(&pred, text, plen, &o, &problems);
    annals_tls_timeline_parse(&gold, gold_text, glen, &o, &problems);
    annals_tls *e = evaluator();
    if (e && pred && gold) {
        const annals_tls_timeline *g[] = {gold, gold};
        annals_tls_scores s;
        annals_tls_score(e, pred, g, 1 + (size & 1), &s);
        annals_tls_average avg;
        annals_tls_average_init(&avg);
        annals_tls_average_add(&avg, &s);
        annals_tls_average_get(&avg, &s);
    }
    annals_tls_timeline_free(pred);
    annals_tls_timeline_free(gold);
    return 0;
}
