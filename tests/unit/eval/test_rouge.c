/*
 * test_rouge.c - ROUGE-1.5.5 re-implementation: the Perl Porter variant, tokenization and
 * filtering, clipped n-gram counts.
 *
 * With the shared data present: every line of rouge/porter-stems.tsv and every call of
 * tls-testvectors/rouge_calls.jsonl (identical raw counts). Without it, only the hand-made
 * cases run (they bring their own tiny stop-word and exception files).
 */
#include <jansson.h>
#include <math.h>
#include <unistd.h>

#include "unit/test_helpers.h"
#include "eval/eval.h"

static char shared_path[4096];

static const char *shared_file(const char *rel)
{
    const char *d = test_shared_dir();
    if (!d)
        return NULL;
    snprintf(shared_path, sizeof(shared_path), "%s/data/%s", d, rel);
    struct stat st;
    return stat(shared_path, &st) == 0 ? shared_path : NULL;
}

static void check_stem(const char *word, const char *want)
{
    char out[64];
    size_t n = porter_rouge_stem(word, strlen(word), out);
    assert_int_equal(n, strlen(want));
    assert_string_equal(out, want);
}

static void test_porter_hand_cases(void **state)
{
    (void)state;
    check_stem("government", "govern");   /* step 4: ment, m("govern") = 2 */
    check_stem("hopping", "hop");         /* step 1b: ing, double consonant */
    check_stem("conditional", "condit");  /* step 2 tional -> tion, then step 4 tion */
    check_stem("caresses", "caress");     /* step 1a sses */
    check_stem("ponies", "poni");         /* step 1a ies */
    check_stem("sensibility", "sensibl"); /* step 2 biliti -> ble, step 5 drops e */
    check_stem("yelling", "yell");        /* initial y is a consonant; ll kept (m = 1) */
    check_stem("fizzed", "fizz");         /* step 1b keeps zz */
    check_stem("1990s", "1990");          /* digits are consonants */
    check_stem("at", "at");               /* shorter than 3 */
    /* the ROUGE step 4: a single suffix, then ment-type, then ion, each when m > 1 */
    check_stem("departmental", "depart"); /* al, then ment */
    check_stem("recruitment", "recruit");
}

static void test_porter_long_word_is_linear(void **state)
{
    (void)state;
    size_t n = PORTER_ROUGE_MAX;
    char *w = malloc(n + 1), *out = malloc(n + 1);
    assert_non_null(w);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        w[i] = "ba"[i % 2];
    w[n] = '\0';
    size_t k = porter_rouge_stem(w, n, out);
    assert_true(k <= n);
    free(w);
    free(out);
}

/* Writes a tiny ROUGE resource directory of our own into dir. */
static void make_resources(char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/annals-test-rouge-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof(path), "%s/smart_common_words.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("the\nof\na\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/wordnet-2.0-exceptions.tsv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("geese\tgoose\nmice\tmouse\n", f);
    fclose(f);
}

static void remove_resources(const char *dir)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/smart_common_words.txt", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/wordnet-2.0-exceptions.tsv", dir);
    unlink(path);
    rmdir(dir);
}

static void test_counts_hand_cases(void **state)
{
    (void)state;
    char dir[256], err[256];
    make_resources(dir, sizeof(dir));
    rouge_ctx r;
    assert_int_equal(rouge_ctx_init(&r, dir, err, sizeof(err)), 0);

    /* peer tokens: goose pari nord ran 1 000 km circ 2   (the, of: stop words;
     * "geese" -> exception; '^' -> circ; '-' and ',' separate) */
    const char *peer_s[] = {"The geese of Paris-Nord ran 1,000 km^2."};
    /* model tokens: goose ran from nord ran 1   ("<" cuts the second sentence) */
    const char *model_s[] = {"Geese ran from Nord", "ran 1 <b>ignored words</b>"};
    rouge_summary peer, model;
    assert_int_equal(rouge_summary_build(&r, peer_s, 1, &peer), 0);
    assert_int_equal(rouge_summary_build(&r, model_s, 2, &model), 0);
    assert_int_equal(peer.n_ids, 9);
    assert_int_equal(model.n_ids, 6);
    const rouge_summary *models[] = {&model};
    rouge_counts c1 = rouge_score(&peer, models, 1, 1);
    /* unigram hits: goose, ran (clipped to 1), nord, 1 */
    assert_int_equal(c1.h, 4);
    assert_int_equal(c1.p, 9);
    assert_int_equal(c1.m, 6);
    rouge_counts c2 = rouge_score(&peer, models, 1, 2);
    /* bigram hits: (nord ran), (ran 1) - the second joins two sentences of the model */
    assert_int_equal(c2.h, 2);
    assert_int_equal(c2.p, 8);
    assert_int_equal(c2.m, 5);

    /* two models: "-f A" sums hits and model counts, counts the peer once per model */
    const rouge_summary *two[] = {&model, &model};
    rouge_counts c3 = rouge_score(&peer, two, 2, 1);
    assert_int_equal(c3.h, 8);
    assert_int_equal(c3.p, 18);
    assert_int_equal(c3.m, 12);

    /* the approximation works on raw whitespace tokens, case-sensitive:
     * peer 7 tokens, model 4 + 4 = 8 tokens; shared: "ran" only (min 1) */
    double f = rouge_approx_f1(&peer, models, 1);
    double p = 1.0 / 7, rr = 1.0 / 8;
    assert_true(fabs(f - 2 * p * rr / (p + rr)) < 1e-15);

    rouge_summary_free(&peer);
    rouge_summary_free(&model);
    rouge_ctx_free(&r);
    remove_resources(dir);
}

static void test_missing_resources(void **state)
{
    (void)state;
    rouge_ctx r;
    char err[256];
    assert_int_equal(rouge_ctx_init(&r, "/nonexistent-annals-dir", err, sizeof(err)), ANNALS_EIO);
    assert_non_null(strstr(err, "--rouge-dir"));
    rouge_ctx_free(&r);
}

static void test_porter_stems_file(void **state)
{
    (void)state;
    const char *path = shared_file("rouge/porter-stems.tsv");
    if (!path) {
        skip();
        return;
    }
    char *data;
    size_t len;
    assert_int_equal(read_file(path, &data, &len), 0);
    size_t lines = 0, bad = 0;
    char out[PORTER_ROUGE_MAX + 1];
    char *p = data, *end = data + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        char *tab = memchr(p, '\t', (size_t)(e - p));
        assert_non_null(tab);
        size_t wn = (size_t)(tab - p), sn = (size_t)(e - tab - 1);
        size_t k = porter_rouge_stem(p, wn, out);
        if (k != sn || memcmp(out, tab + 1, sn) != 0) {
            if (bad < 10)
                fprintf(stderr, "stem(%.*s) = %s, want %.*s\n", (int)wn, p, out, (int)sn,
                        tab + 1);
            bad++;
        }
        lines++;
        p = nl ? nl + 1 : end;
    }
    free(data);
    fprintf(stderr, "porter-stems.tsv: %zu lines, %zu different\n", lines, bad);
    assert_int_equal(bad, 0);
    assert_true(lines > 70000);
}

static int build_list(rouge_ctx *r, json_t *arr, rouge_summary *out)
{
    size_t n = json_array_size(arr);
    const char **s = calloc(n ? n : 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        s[i] = json_string_value(json_array_get(arr, i));
    int rc = rouge_summary_build(r, s, n, out);
    free(s);
    return rc;
}

static void test_rouge_calls_file(void **state)
{
    (void)state;
    const char *path = shared_file("tls-testvectors/rouge_calls.jsonl");
    if (!path) {
        skip();
        return;
    }
    char rdir[4096];
    snprintf(rdir, sizeof(rdir), "%s/data/rouge", test_shared_dir());
    rouge_ctx r;
    char err[256];
    assert_int_equal(rouge_ctx_init(&r, rdir, err, sizeof(err)), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0, calls = 0, bad = 0;
    ssize_t got;
    static const char *const keys[2][3] = {
        {"rouge_1_h_count", "rouge_1_p_count", "rouge_1_m_count"},
        {"rouge_2_h_count", "rouge_2_p_count", "rouge_2_m_count"},
    };
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)got, 0, &jerr);
        assert_non_null(o);
        rouge_summary peer, models[8];
        const rouge_summary *mp[8];
        assert_int_equal(build_list(&r, json_object_get(o, "peer"), &peer), 0);
        json_t *jm = json_object_get(o, "models");
        size_t nm = 0;
        const char *key;
        json_t *val;
        json_object_foreach(jm, key, val) {
            assert_true(nm < 8);
            assert_int_equal(build_list(&r, val, &models[nm]), 0);
            mp[nm] = &models[nm];
            nm++;
        }
        json_t *counts = json_object_get(o, "counts");
        for (int order = 1; order <= 2; order++) {
            rouge_counts c = rouge_score(&peer, mp, nm, order);
            uint64_t want[3];
            for (int k = 0; k < 3; k++)
                want[k] = (uint64_t)json_integer_value(json_object_get(counts, keys[order - 1][k]));
            if (c.h != want[0] || c.p != want[1] || c.m != want[2]) {
                if (bad < 10)
                    fprintf(stderr,
                            "call %zu ROUGE-%d: h/p/m %llu/%llu/%llu, want %llu/%llu/%llu\n",
                            calls + 1, order, (unsigned long long)c.h,
                            (unsigned long long)c.p, (unsigned long long)c.m,
                            (unsigned long long)want[0], (unsigned long long)want[1],
                            (unsigned long long)want[2]);
                bad++;
            }
        }
        rouge_summary_free(&peer);
        for (size_t i = 0; i < nm; i++)
            rouge_summary_free(&models[i]);
        json_decref(o);
        calls++;
    }
    free(line);
    fclose(f);
    rouge_ctx_free(&r);
    fprintf(stderr, "rouge_calls.jsonl: %zu calls, %zu count mismatches\n", calls, bad);
    assert_int_equal(bad, 0);
    assert_true(calls > 2000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_porter_hand_cases),
        cmocka_unit_test(test_porter_long_word_is_linear),
        cmocka_unit_test(test_counts_hand_cases),
        cmocka_unit_test(test_missing_resources),
        cmocka_unit_test(test_porter_stems_file),
        cmocka_unit_test(test_rouge_calls_file),
    };
    if (!test_shared_dir())
        fprintf(stderr, "shared data absent: porter-stems.tsv and rouge_calls.jsonl skipped\n");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
