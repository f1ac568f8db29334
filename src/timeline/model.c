/*
 * model.c - the date-ranking model: a weight per feature, its text file format, the
 * built-in model and the pairwise ranking learner.
 *
 * Representation: ANNALS_TL_N_FEATURES doubles. A score is the dot product with a
 * candidate's features; only the order of scores within one query matters, so there is no
 * bias term.
 *
 * The learner minimizes the logistic loss log(1 + exp(-w.(x_pos - x_neg))) over pairs of a
 * relevant and an irrelevant candidate of the same query (RankNet, Burges et al. 2005),
 * with stochastic gradient steps on sampled pairs and weight decay. Sampling uses a
 * splitmix64 generator seeded from the options, so training is reproducible.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define MODEL_MAGIC "annals-date-model"
#define MODEL_VERSION 1

struct annals_tl_model {
    double w[ANNALS_TL_N_FEATURES];
    double sw[ANNALS_TL_N_SFEATURES]; /* sentence weights, when has_sentences */
    int has_sentences;
    double pw[ANNALS_TL_N_FEATURES]; /* pair-model weights, when has_pair (select.c) */
    int has_pair;
    double spread; /* penalty of a chosen date's neighbours, in score deviations (>= 0) */
    double diversity; /* weight of the diversity reward over time (select.c; 0: off) */
};

/* Which weights a parse has seen, to reject repeats. */
typedef struct seen_set {
    int magic;
    unsigned char w[ANNALS_TL_N_FEATURES];
    unsigned char sw[ANNALS_TL_N_SFEATURES];
    unsigned char pw[ANNALS_TL_N_FEATURES];
    int spread;
    int diversity;
} seen_set;

static void set_err(char *err, size_t err_len, const char *fmt, long line, const char *what)
{
    if (err && err_len)
        snprintf(err, err_len, fmt, line, what);
}

/* Splits line [p, end) into at most max tab-separated cells; returns the count. */
static size_t split_cells(const char *p, const char *end, const char **cell, size_t *len,
                          size_t max)
{
    size_t n = 0;
    while (n < max) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        const char *stop = t ? t : end;
        cell[n] = p;
        len[n] = (size_t)(stop - p);
        n++;
        if (!t)
            return n;
        p = t + 1;
    }
    return n + 1; /* too many */
}

static int parse_number(const char *s, size_t n, double *out)
{
    char tmp[64];
    if (n == 0 || n >= sizeof(tmp))
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *stop;
    errno = 0;
    double v = strtod(tmp, &stop);
    if (*stop || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Shared by the text parser and the built-in table: one record of cells. */
static int take_record(annals_tl_model *m, const char **cell, const size_t *len, size_t n,
                       long line, seen_set *seen, char *err, size_t err_len)
{
    int *seen_magic = &seen->magic;
    char what[80];
    if (len[0] == 6 && memcmp(cell[0], "format", 6) == 0) {
        if (n != 3 || len[1] != strlen(MODEL_MAGIC) || memcmp(cell[1], MODEL_MAGIC, len[1]) ||
            len[2] != 1 || cell[2][0] != '0' + MODEL_VERSION) {
            set_err(err, err_len, "line %ld: %s", line,
                    "unsupported model format (expected 'format<TAB>annals-date-model<TAB>1')");
            return ANNALS_EPARSE;
        }
        if (*seen_magic) {
            set_err(err, err_len, "line %ld: %s", line, "the format record appears twice");
            return ANNALS_EPARSE;
        }
        *seen_magic = 1;
        return 0;
    }
    if (!*seen_magic) {
        set_err(err, err_len, "line %ld: %s", line,
                "not a date model (the first record must be 'format<TAB>annals-date-model<TAB>1')");
        return ANNALS_EPARSE;
    }
    int is_w = len[0] == 6 && memcmp(cell[0], "weight", 6) == 0;
    int is_s = len[0] == 8 && memcmp(cell[0], "sentence", 8) == 0;
    int is_p = len[0] == 4 && memcmp(cell[0], "pair", 4) == 0;
    if (is_w || is_s || is_p) {
        if (n != 3) {
            set_err(err, err_len, "line %ld: %s", line,
                    is_w   ? "a weight record has three cells: weight<TAB>FEATURE<TAB>VALUE"
                    : is_p ? "a pair record has three cells: pair<TAB>FEATURE<TAB>VALUE"
                           : "a sentence record has three cells: sentence<TAB>FEATURE<TAB>VALUE");
            return ANNALS_EPARSE;
        }
        int f = !is_s ? annals_tl_feature_find(cell[1], len[1])
                      : annals_tl_sfeature_find(cell[1], len[1]);
        if (f < 0) {
            snprintf(what, sizeof(what), "unknown %sfeature '%.*s'", is_s ? "sentence " : "",
                     (int)(len[1] > 40 ? 40 : len[1]), cell[1]);
            set_err(err, err_len, "line %ld: %s", line, what);
            return ANNALS_EPARSE;
        }
        unsigned char *seen_f = is_w ? &seen->w[f] : is_p ? &seen->pw[f] : &seen->sw[f];
        if (*seen_f) {
            snprintf(what, sizeof(what), "%sfeature '%s' is given twice", is_p ? "pair " : "",
                     !is_s ? annals_tl_feature_name((size_t)f)
                           : annals_tl_sfeature_name((size_t)f));
            set_err(err, err_len, "line %ld: %s", line, what);
            return ANNALS_EPARSE;
        }
        double v;
        if (parse_number(cell[2], len[2], &v) < 0) {
            snprintf(what, sizeof(what), "'%.*s' is not a finite number",
                     (int)(len[2] > 40 ? 40 : len[2]), cell[2]);
            set_err(err, err_len, "line %ld: %s", line, what);
            return ANNALS_EPARSE;
        }
        *seen_f = 1;
        if (is_w) {
            m->w[f] = v;
        } else if (is_p) {
            m->pw[f] = v;
            m->has_pair = 1;
        } else {
            m->sw[f] = v;
            m->has_sentences = 1;
        }
        return 0;
    }
    if ((len[0] == 6 && memcmp(cell[0], "spread", 6) == 0) ||
        (len[0] == 9 && memcmp(cell[0], "diversity", 9) == 0)) {
        int is_div = len[0] == 9;
        int *seen_r = is_div ? &seen->diversity : &seen->spread;
        double v;
        if (n != 2) {
            set_err(err, err_len, "line %ld: %s", line,
                    is_div ? "a diversity record has two cells: diversity<TAB>VALUE"
                           : "a spread record has two cells: spread<TAB>VALUE");
            return ANNALS_EPARSE;
        }
        if (*seen_r) {
            set_err(err, err_len, "line %ld: %s", line,
                    is_div ? "the diversity record appears twice"
                           : "the spread record appears twice");
            return ANNALS_EPARSE;
        }
        if (parse_number(cell[1], len[1], &v) < 0 || v < 0) {
            snprintf(what, sizeof(what), "'%.*s' is not a finite number >= 0",
                     (int)(len[1] > 40 ? 40 : len[1]), cell[1]);
            set_err(err, err_len, "line %ld: %s", line, what);
            return ANNALS_EPARSE;
        }
        *seen_r = 1;
        if (is_div)
            m->diversity = v;
        else
            m->spread = v;
        return 0;
    }
    snprintf(what, sizeof(what), "unknown record '%.*s'", (int)(len[0] > 40 ? 40 : len[0]),
             cell[0]);
    set_err(err, err_len, "line %ld: %s", line, what);
    return ANNALS_EPARSE;
}

int annals_tl_model_parse(annals_tl_model **out, const char *data, size_t len, char *err,
                          size_t err_len)
{
    *out = NULL;
    annals_tl_model *m = calloc(1, sizeof(*m));
    if (!m)
        return ANNALS_ENOMEM;
    int rc = 0;
    seen_set seen;
    memset(&seen, 0, sizeof(seen));
    const char *p = data, *end = data + len;
    long line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        line++;
        const char *e = stop;
        if (e > p && e[-1] == '\r')
            e--;
        if (e > p && memchr(p, '\0', (size_t)(e - p))) {
            set_err(err, err_len, "line %ld: %s", line, "a NUL byte (binary data?)");
            rc = ANNALS_EPARSE;
            goto cleanup;
        }
        if (e > p && *p != '#') {
            const char *cell[4] = {NULL, NULL, NULL, NULL};
            size_t clen[4] = {0, 0, 0, 0};
            size_t n = split_cells(p, e, cell, clen, 3);
            if (n > 3) {
                set_err(err, err_len, "line %ld: %s", line, "too many cells");
                rc = ANNALS_EPARSE;
                goto cleanup;
            }
            rc = take_record(m, cell, clen, n, line, &seen, err, err_len);
            if (rc < 0)
                goto cleanup;
        }
        p = stop + (nl ? 1 : 0);
    }
    if (!seen.magic) {
        set_err(err, err_len, "line %ld: %s", line,
                "not a date model (no 'format<TAB>annals-date-model<TAB>1' record)");
        rc = ANNALS_EPARSE;
    }
cleanup:
    if (rc < 0) {
        free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int annals_tl_model_read(annals_tl_model **out, const char *path, char *err, size_t err_len)
{
    char *data;
    size_t len;
    *out = NULL;
    if (read_file(path, &data, &len) < 0) {
        if (err && err_len)
            snprintf(err, err_len, "%s: cannot read the model file", path);
        return ANNALS_EIO;
    }
    char inner[200] = "";
    int rc = annals_tl_model_parse(out, data, len, inner, sizeof(inner));
    if (rc < 0 && err && err_len)
        snprintf(err, err_len, "%s: %s", path, inner);
    free(data);
    return rc;
}

int annals_tl_model_default(annals_tl_model **out)
{
    *out = NULL;
    const annals_resource *r = resource_find("models/date_ranker");
    annals_tl_model *m = calloc(1, sizeof(*m));
    if (!m)
        return ANNALS_ENOMEM;
    if (!r || r->cols < 2) {
        free(m);
        return ANNALS_ENOTFOUND;
    }
    seen_set seen;
    memset(&seen, 0, sizeof(seen));
    for (size_t i = 0; i < r->rows; i++) {
        const char *cell[3] = {NULL, NULL, NULL};
        size_t len[3] = {0, 0, 0}, n = 0;
        for (size_t c = 0; c < r->cols && c < 3; c++) {
            cell[c] = r->cells[i * r->cols + c];
            len[c] = strlen(cell[c]);
            if (len[c])
                n = c + 1;
        }
        if (take_record(m, cell, len, n ? n : 1, (long)i + 1, &seen, NULL, 0) < 0) {
            free(m);
            return ANNALS_EPARSE;
        }
    }
    *out = m;
    return 0;
}

int annals_tl_model_format(const annals_tl_model *m, char **out)
{
    buf b = BUF_INIT;
    buf_printf(&b, "# annals date-ranking model: score = sum of weight * feature\n");
    buf_printf(&b, "format\t%s\t%d\n", MODEL_MAGIC, MODEL_VERSION);
    for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
        buf_printf(&b, "weight\t%s\t%.6g\n", annals_tl_feature_name(i), m->w[i]);
    if (m->spread > 0) {
        buf_printf(&b, "# a chosen date's neighbours lose spread x the deviation of the scores\n");
        buf_printf(&b, "spread\t%.6g\n", m->spread);
    }
    if (m->diversity > 0) {
        buf_printf(&b, "# dates are taken with a diversity reward over tenths of their span\n");
        buf_printf(&b, "diversity\t%.6g\n", m->diversity);
    }
    if (m->has_pair) {
        buf_printf(&b, "# the event day of two adjacent days: the neighbour n replaces the day d\n"
                       "# about to be taken when sum of pair weight * (n's - d's feature) > 0\n");
        for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
            buf_printf(&b, "pair\t%s\t%.6g\n", annals_tl_feature_name(i), m->pw[i]);
    }
    if (m->has_sentences) {
        buf_printf(&b, "# sentence scoring: score = sum of weight * sentence feature\n");
        for (size_t i = 0; i < ANNALS_TL_N_SFEATURES; i++)
            buf_printf(&b, "sentence\t%s\t%.6g\n", annals_tl_sfeature_name(i), m->sw[i]);
    }
    if (!buf_cstr(&b)) {
        buf_free(&b);
        *out = NULL;
        return ANNALS_ENOMEM;
    }
    *out = b.ptr;
    return 0;
}

double annals_tl_model_weight(const annals_tl_model *m, size_t i)
{
    return i < ANNALS_TL_N_FEATURES ? m->w[i] : 0;
}

double annals_tl_model_sentence_weight(const annals_tl_model *m, size_t i)
{
    return m->has_sentences && i < ANNALS_TL_N_SFEATURES ? m->sw[i] : 0;
}

void annals_tl_model_set_sentences(annals_tl_model *m, const double *w)
{
    m->has_sentences = w != NULL;
    for (size_t i = 0; i < ANNALS_TL_N_SFEATURES; i++)
        m->sw[i] = w ? w[i] : 0;
}

void annals_tl_model_set_pair(annals_tl_model *m, const double *w)
{
    m->has_pair = w != NULL;
    for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
        m->pw[i] = w ? w[i] : 0;
}

int annals_tl_model_has_pair(const annals_tl_model *m)
{
    return m->has_pair;
}

double annals_tl_model_pair_score(const annals_tl_model *m, const double *features)
{
    double s = 0;
    for (size_t i = 0; m->has_pair && i < ANNALS_TL_N_FEATURES; i++)
        s += m->pw[i] * features[i];
    return s;
}

double annals_tl_model_spread(const annals_tl_model *m)
{
    return m->spread;
}

double annals_tl_model_diversity(const annals_tl_model *m)
{
    return m->diversity;
}

void tl_model_set_diversity(annals_tl_model *m, double lambda)
{
    m->diversity = lambda > 0 ? lambda : 0;
}

annals_tl_model *tl_model_average(annals_tl_model *const *ms, size_t n)
{
    size_t k = 0;
    annals_tl_model *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    for (size_t j = 0; j < n; j++) {
        if (!ms[j])
            continue;
        if (k++ == 0)
            a->spread = ms[j]->spread;
        for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
            a->w[i] += ms[j]->w[i];
    }
    if (k == 0) {
        free(a);
        return NULL;
    }
    for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
        a->w[i] /= (double)k;
    return a;
}

annals_tl_model *tl_model_copy(const annals_tl_model *m, double spread)
{
    annals_tl_model *c = malloc(sizeof(*c));
    if (c) {
        *c = *m;
        c->spread = spread;
    }
    return c;
}

const double *tl_model_sentence_weights(const annals_tl_model *m)
{
    return m->has_sentences ? m->sw : NULL;
}

double annals_tl_model_score(const annals_tl_model *m, const double *features)
{
    double s = 0;
    for (size_t i = 0; i < ANNALS_TL_N_FEATURES; i++)
        s += m->w[i] * features[i];
    return s;
}

void annals_tl_model_free(annals_tl_model *m)
{
    free(m);
}

/* ---- the learner ------------------------------------------------------------------- */

typedef struct group_span {
    size_t first_pos, n_pos, first_neg, n_neg; /* into the pos / neg index arrays */
} group_span;

static int cmp_group(const void *a, const void *b, const annals_tl_sample *s)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (s[x].group != s[y].group)
        return s[x].group < s[y].group ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* qsort has no context argument in C11: a small insertion-merge sort instead. */
static void sort_by_group(size_t *idx, size_t n, const annals_tl_sample *s, size_t *tmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_group(idx, h, s, tmp);
    sort_by_group(idx + h, n - h, s, tmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_group(&idx[j], &idx[i], s) < 0 ? idx[j++] : idx[i++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof(size_t));
}

/*
 * ListNet with one relevant set per group (Cao et al. 2007): each group's scores go
 * through a softmax and the loss is the cross-entropy against the uniform distribution over
 * its relevant samples; the gradient, sum over samples of (softmax - target) x features,
 * pulls hardest on the irrelevant samples that score highest, which suits a measure that
 * looks only at the top of the list. Full-batch gradient descent on the mean loss over
 * groups plus l2 / 2 |w|^2, every group weighing the same, until the objective falls by
 * less than LISTWISE_TOL in a step; a step that raises the objective is taken back and
 * the step size halved (plain descent with a fixed step diverges once the penalty makes
 * the scores flat). No sampling, so training is deterministic.
 */
#define LISTWISE_TOL 1e-9

void tl_descend(double *w, double (*objective)(const double *w, double *grad, void *ctx),
                void *ctx, double rate, unsigned max_steps, double tol)
{
    double grad[ANNALS_TL_N_FEATURES], prev = 0;
    double last_w[ANNALS_TL_N_FEATURES], last_grad[ANNALS_TL_N_FEATURES];
    for (unsigned step = 0; step < max_steps; step++) {
        double loss = objective(w, grad, ctx);
        if (step > 0 && loss > prev) {
            /* the step overshot (the curvature grows with the penalty and with flat
             * scores): back to the last point, half the step */
            rate *= 0.5;
            for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
                w[f] = last_w[f] - rate * last_grad[f];
            continue;
        }
        if (step > 0 && prev - loss < tol)
            break; /* converged */
        prev = loss;
        for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++) {
            last_w[f] = w[f];
            last_grad[f] = grad[f];
            w[f] -= rate * last_grad[f];
        }
    }
}

typedef struct listwise_ctx {
    annals_tl_model *m;
    const annals_tl_sample *samples;
    const size_t *idx;
    const group_span *groups;
    size_t n_groups;
    double l2;
    double *score;
} listwise_ctx;

/* The listwise objective at the model's weights (w is m->w) and its gradient. */
static double listwise_objective(const double *w, double *grad, void *ctx)
{
    const listwise_ctx *c = ctx;
    memset(grad, 0, ANNALS_TL_N_FEATURES * sizeof(double));
    double loss = 0, *score = c->score;
    for (size_t g = 0; g < c->n_groups; g++) {
        const group_span *gs = &c->groups[g];
        size_t first = gs->first_pos, n = gs->n_pos + gs->n_neg;
        double mx = -INFINITY, z = 0;
        for (size_t i = 0; i < n; i++) {
            score[i] = annals_tl_model_score(c->m, c->samples[c->idx[first + i]].features);
            mx = score[i] > mx ? score[i] : mx;
        }
        for (size_t i = 0; i < n; i++) {
            score[i] = exp(score[i] - mx);
            z += score[i];
        }
        for (size_t i = 0; i < n; i++) {
            const annals_tl_sample *sp = &c->samples[c->idx[first + i]];
            double p = score[i] / z;
            double t = i < gs->n_pos ? 1.0 / (double)gs->n_pos : 0;
            if (t > 0)
                loss -= t * log(p > 1e-300 ? p : 1e-300) / (double)c->n_groups;
            for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
                grad[f] += (p - t) * sp->features[f] / (double)c->n_groups;
        }
    }
    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
        loss += 0.5 * c->l2 * w[f] * w[f];
    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
        grad[f] += c->l2 * w[f];
    return loss;
}

static void listwise(annals_tl_model *m, const annals_tl_sample *samples, const size_t *idx,
                     const group_span *groups, size_t n_groups,
                     const annals_tl_train_options *opts, double *score)
{
    listwise_ctx c = {m, samples, idx, groups, n_groups, opts->l2, score};
    tl_descend(m->w, listwise_objective, &c, opts->rate, opts->epochs, LISTWISE_TOL);
}

/*
 * The blend: the listwise model (opts' penalty and steps) and the pairwise model
 * (ANNALS_TL_TRAIN_PAIRWISE_INIT with opts' seed), each scaled to unit length, averaged.
 * Both rank the same dates on the training topics but err differently on new ones (the
 * listwise loss watches the top of each list, the pairwise one every pair); averaging two
 * such rankers lowers the variance of either (Breiman 1996's argument for bagging).
 */
static int blend(annals_tl_model **out, const annals_tl_sample *samples, size_t n,
                 const annals_tl_train_options *opts, char *err, size_t err_len)
{
    annals_tl_train_options lw = *opts, pw = ANNALS_TL_TRAIN_PAIRWISE_INIT;
    lw.loss = ANNALS_TL_LISTWISE;
    pw.seed = opts->seed;
    annals_tl_model *a = NULL, *b = NULL;
    int rc = annals_tl_model_train(&a, samples, n, &lw, err, err_len);
    if (rc == 0)
        rc = annals_tl_model_train(&b, samples, n, &pw, err, err_len);
    if (rc < 0) {
        annals_tl_model_free(a);
        return rc;
    }
    double na = 0, nb = 0;
    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++) {
        na += a->w[f] * a->w[f];
        nb += b->w[f] * b->w[f];
    }
    na = na > 0 ? sqrt(na) : 1;
    nb = nb > 0 ? sqrt(nb) : 1;
    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
        a->w[f] = 0.5 * (a->w[f] / na + b->w[f] / nb);
    annals_tl_model_free(b);
    *out = a;
    return 0;
}

int annals_tl_model_train(annals_tl_model **out, const annals_tl_sample *samples, size_t n,
                          const annals_tl_train_options *opts, char *err, size_t err_len)
{
    annals_tl_train_options defaults = ANNALS_TL_TRAIN_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    if (opts->loss == ANNALS_TL_BLEND) {
        int brc = blend(out, samples, n, opts, err, err_len);
        if (brc == 0) {
            (*out)->spread = opts->spread > 0 ? opts->spread : 0;
            (*out)->diversity = opts->diversity > 0 ? opts->diversity : 0;
        }
        return brc;
    }
    int rc = 0;
    size_t *idx = malloc((n ? n : 1) * sizeof(size_t));
    size_t *tmp = malloc((n ? n : 1) * sizeof(size_t));
    VEC(group_span) groups = VEC_INIT;
    annals_tl_model *m = calloc(1, sizeof(*m));
    if (!idx || !tmp || !m) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_by_group(idx, n, samples, tmp);
    /* idx now holds each group's samples contiguously; within a group, split the indices
     * into positives then negatives (stable, so the order is reproducible). */
    size_t npairs_groups = 0;
    for (size_t g0 = 0; g0 < n;) {
        size_t g1 = g0;
        while (g1 < n && samples[idx[g1]].group == samples[idx[g0]].group)
            g1++;
        size_t k = 0;
        for (size_t i = g0; i < g1; i++)
            if (samples[idx[i]].label > 0)
                tmp[k++] = idx[i];
        size_t np = k;
        for (size_t i = g0; i < g1; i++)
            if (samples[idx[i]].label <= 0)
                tmp[k++] = idx[i];
        memcpy(idx + g0, tmp, (g1 - g0) * sizeof(size_t));
        group_span gs = {g0, np, g0 + np, (g1 - g0) - np};
        if (gs.n_pos && gs.n_neg) {
            if (VEC_PUSH(&groups, gs) < 0) {
                rc = ANNALS_ENOMEM;
                goto cleanup;
            }
            npairs_groups++;
        }
        g0 = g1;
    }
    if (npairs_groups == 0) {
        if (err && err_len)
            snprintf(err, err_len,
                     "no group has both a relevant and an irrelevant sample: nothing to learn");
        rc = ANNALS_EINVAL;
        goto cleanup;
    }
    if (opts->loss == ANNALS_TL_LISTWISE) {
        double *score = malloc((n ? n : 1) * sizeof(double));
        if (!score) {
            rc = ANNALS_ENOMEM;
            goto cleanup;
        }
        listwise(m, samples, idx, groups.items, groups.len, opts, score);
        free(score);
        goto cleanup;
    }
    uint64_t state = opts->seed;
    double diff[ANNALS_TL_N_FEATURES];
    for (unsigned ep = 0; ep < opts->epochs; ep++) {
        /* a decaying step keeps the last passes from undoing each other */
        double rate = opts->rate / (1.0 + ep * 0.1);
        for (size_t g = 0; g < groups.len; g++) {
            const group_span *gs = &groups.items[g];
            /* every group weighs the same, however many relevant dates it has */
            double gw = 1.0 / (double)gs->n_pos;
            for (size_t p = 0; p < gs->n_pos; p++) {
                const annals_tl_sample *sp = &samples[idx[gs->first_pos + p]];
                for (unsigned r = 0; r < opts->negatives; r++) {
                    size_t q = (size_t)(rng_splitmix64(&state) % gs->n_neg);
                    const annals_tl_sample *sn = &samples[idx[gs->first_neg + q]];
                    double margin = 0;
                    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++) {
                        diff[f] = sp->features[f] - sn->features[f];
                        margin += m->w[f] * diff[f];
                    }
                    /* d/dw log(1 + e^-m) = -diff / (1 + e^m) */
                    double gsc = margin > 30 ? 0 : 1.0 / (1.0 + exp(margin));
                    for (size_t f = 0; f < ANNALS_TL_N_FEATURES; f++)
                        m->w[f] += rate * (gw * gsc * diff[f] - opts->l2 * m->w[f]);
                }
            }
        }
    }
cleanup:
    free(idx);
    free(tmp);
    VEC_FREE(&groups);
    if (rc < 0) {
        free(m);
        return rc;
    }
    m->spread = opts->spread > 0 ? opts->spread : 0;
    m->diversity = opts->diversity > 0 ? opts->diversity : 0;
    *out = m;
    return 0;
}
