/*
 * assignment.c - rectangular linear sum assignment (minimum total cost, each row and column
 * used at most once), with a test for whether the optimum is unique.
 *
 * The method is the shortest augmenting path algorithm in the form of Crouse (2016), as
 * scipy.optimize.linear_sum_assignment (scipy 1.10, rectangular_lsap.cpp) runs it: a tall
 * matrix is transposed, rows are added one at a time, the column scan order is the reverse
 * of the index order, and among equal shortest-path costs an unassigned column wins. Doing
 * the same steps in the same order makes ties resolve the way tilse's reference numbers do.
 *
 * Uniqueness: at the end the duals u, v satisfy c[i][j] - u[i] - v[j] >= 0 with equality on
 * the assigned pairs; v[j] <= 0 on assigned columns and 0 on the others. Another assignment
 * with the same total exists exactly when the "tight" pairs (reduced cost ~0) contain an
 * alternating cycle, or an alternating path from an assigned column with v ~ 0 to an
 * unassigned column. Both are found by a search over the assigned columns.
 *
 * Source: D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE Trans.
 * Aerospace and Electronic Systems 52(4), 2016, pp. 1685-1686.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

#define TIGHT_EPS 1e-9

typedef struct lsap {
    size_t nr, nc;
    const double *c; /* nr x nc, nr <= nc */
    double *u, *v, *spc;
    ptrdiff_t *path, *col4row, *row4col, *remaining;
    unsigned char *sr, *sc;
} lsap;

/* One shortest augmenting path from row i; returns the sink column or -1 (infeasible). */
static ptrdiff_t augment(lsap *s, size_t i, double *min_out)
{
    double min_val = 0;
    size_t nc = s->nc, num_remaining = nc;
    for (size_t it = 0; it < nc; it++)
        s->remaining[it] = (ptrdiff_t)(nc - it - 1);
    memset(s->sr, 0, s->nr);
    memset(s->sc, 0, nc);
    for (size_t j = 0; j < nc; j++)
        s->spc[j] = INFINITY;
    ptrdiff_t sink = -1;
    while (sink == -1) {
        size_t index = 0;
        bool found = false;
        double lowest = INFINITY;
        s->sr[i] = 1;
        for (size_t it = 0; it < num_remaining; it++) {
            size_t j = (size_t)s->remaining[it];
            double r = min_val + s->c[i * nc + j] - s->u[i] - s->v[j];
            if (r < s->spc[j]) {
                s->path[j] = (ptrdiff_t)i;
                s->spc[j] = r;
            }
            if (s->spc[j] < lowest || (s->spc[j] == lowest && s->row4col[j] == -1)) {
                lowest = s->spc[j];
                index = it;
                found = true;
            }
        }
        min_val = lowest;
        if (!found || min_val == INFINITY)
            return -1;
        size_t j = (size_t)s->remaining[index];
        if (s->row4col[j] == -1)
            sink = (ptrdiff_t)j;
        else
            i = (size_t)s->row4col[j];
        s->sc[j] = 1;
        s->remaining[index] = s->remaining[--num_remaining];
    }
    *min_out = min_val;
    return sink;
}

static bool tight(const lsap *s, size_t i, size_t j)
{
    return fabs(s->c[i * s->nc + j] - s->u[i] - s->v[j]) <= TIGHT_EPS;
}

/* Is there another optimal assignment? (see the file comment) */
static bool has_tie(const lsap *s, unsigned char *mark, size_t *stack, size_t *edge)
{
    size_t nc = s->nc;
    /* 1. columns from which a tight alternating path reaches an unassigned column */
    memset(mark, 0, nc);
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t j = 0; j < nc; j++) {
            if (s->row4col[j] < 0 || mark[j])
                continue;
            size_t r = (size_t)s->row4col[j];
            for (size_t k = 0; k < nc; k++) {
                if (k != j && (s->row4col[k] < 0 || mark[k]) && tight(s, r, k)) {
                    mark[j] = 1;
                    changed = true;
                    if (fabs(s->v[j]) <= TIGHT_EPS)
                        return true;
                    break;
                }
            }
        }
    }
    /* 2. a tight alternating cycle among assigned columns: depth-first search for a back edge */
    memset(mark, 0, nc); /* 0 new, 1 on the stack, 2 done */
    for (size_t root = 0; root < nc; root++) {
        if (s->row4col[root] < 0 || mark[root])
            continue;
        size_t top = 0;
        stack[top] = root;
        edge[top] = 0;
        mark[root] = 1;
        while (1) {
            size_t j = stack[top];
            size_t r = (size_t)s->row4col[j];
            bool pushed = false;
            while (edge[top] < nc) {
                size_t k = edge[top]++;
                if (k == j || s->row4col[k] < 0 || !tight(s, r, k))
                    continue;
                if (mark[k] == 1)
                    return true;
                if (mark[k] == 0) {
                    mark[k] = 1;
                    stack[++top] = k;
                    edge[top] = 0;
                    pushed = true;
                    break;
                }
            }
            if (pushed)
                continue;
            mark[j] = 2;
            if (top == 0)
                break;
            top--;
        }
    }
    return false;
}

int lsap_solve(const double *cost, size_t nr, size_t nc, size_t *rows_out, size_t *cols_out,
               bool *tie_out)
{
    *tie_out = false;
    if (nr == 0 || nc == 0)
        return 0;
    for (size_t i = 0; i < nr * nc; i++) {
        if (isnan(cost[i]) || cost[i] == -INFINITY)
            return ANNALS_EINVAL;
    }
    bool transpose = nc < nr;
    double *temp = NULL;
    lsap s = {0};
    int rc = 0;
    if (transpose) {
        temp = malloc(nr * nc * sizeof(double));
        if (!temp)
            return ANNALS_ENOMEM;
        for (size_t i = 0; i < nr; i++)
            for (size_t j = 0; j < nc; j++)
                temp[j * nr + i] = cost[i * nc + j];
        size_t t = nr;
        nr = nc;
        nc = t;
    }
    s.nr = nr;
    s.nc = nc;
    s.c = transpose ? temp : cost;
    s.u = calloc(nr, sizeof(double));
    s.v = calloc(nc, sizeof(double));
    s.spc = calloc(nc, sizeof(double));
    s.path = malloc(nc * sizeof(ptrdiff_t));
    s.col4row = malloc(nr * sizeof(ptrdiff_t));
    s.row4col = malloc(nc * sizeof(ptrdiff_t));
    s.remaining = malloc(nc * sizeof(ptrdiff_t));
    s.sr = calloc(nr, 1);
    s.sc = calloc(nc, 1);
    size_t *stack = malloc(nc * sizeof(size_t));
    size_t *edge = malloc(nc * sizeof(size_t));
    if (!s.u || !s.v || !s.spc || !s.path || !s.col4row || !s.row4col || !s.remaining ||
        !s.sr || !s.sc || !stack || !edge) {
        rc = ANNALS_ENOMEM;
        goto cleanup;
    }
    for (size_t j = 0; j < nc; j++)
        s.path[j] = s.row4col[j] = -1;
    for (size_t i = 0; i < nr; i++)
        s.col4row[i] = -1;

    for (size_t cur = 0; cur < nr; cur++) {
        double min_val = 0;
        ptrdiff_t sink = augment(&s, cur, &min_val);
        if (sink < 0) {
            rc = ANNALS_EINVAL; /* infeasible: only with +inf costs */
            goto cleanup;
        }
        s.u[cur] += min_val;
        for (size_t i = 0; i < nr; i++) {
            if (s.sr[i] && i != cur)
                s.u[i] += min_val - s.spc[s.col4row[i]];
        }
        for (size_t j = 0; j < nc; j++) {
            if (s.sc[j])
                s.v[j] -= min_val - s.spc[j];
        }
        ptrdiff_t j = sink;
        while (1) {
            ptrdiff_t i = s.path[j];
            s.row4col[j] = i;
            ptrdiff_t t = s.col4row[i];
            s.col4row[i] = j;
            j = t;
            if ((size_t)i == cur)
                break;
        }
    }
    *tie_out = has_tie(&s, s.sc, stack, edge);

    size_t k = 0;
    if (transpose) {
        /* original rows are the working columns; list them in ascending order */
        for (size_t j = 0; j < nc; j++) {
            if (s.row4col[j] >= 0) {
                rows_out[k] = j;
                cols_out[k] = (size_t)s.row4col[j];
                k++;
            }
        }
    } else {
        for (size_t i = 0; i < nr; i++) {
            rows_out[k] = i;
            cols_out[k] = (size_t)s.col4row[i];
            k++;
        }
    }
    rc = (int)k;
cleanup:
    free(temp);
    free(s.u);
    free(s.v);
    free(s.spc);
    free(s.path);
    free(s.col4row);
    free(s.row4col);
    free(s.remaining);
    free(s.sr);
    free(s.sc);
    free(stack);
    free(edge);
    return rc;
}
