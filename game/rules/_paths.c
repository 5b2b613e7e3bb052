/* Bounded shortest paths over the hex graph: the compiled core of game/rules/paths.py.
 *
 * Dijkstra's algorithm (Dijkstra 1959) with a binary heap and lazy deletion, stopped at a
 * cost limit. The heap orders entries by (cost, hex index), a total order, so the hexes are
 * settled in the same order as by paths.py's plain-Python version (heapq on the same tuples),
 * and every cost is the same sum of the same doubles: both give the same results bit for bit.
 *
 * Arrays come in as buffers (numpy arrays of the dtypes paths.py converts them to):
 *   indptr int32 [n + 1], dst int32 [m], w float64 [m]   the graph in compressed-row form
 *   sources / starts / targets / move_ptr / q / r         int64
 *   limits / allowance                                    float64
 * Outputs are written into buffers the caller allocates; where their size is not known in
 * advance, a function writes what fits and returns the size it needed, and the caller calls
 * again with room enough.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const int32_t *indptr;
    const int32_t *dst;
    const double *w;
    Py_ssize_t n;
    double *dist;      /* inf where not reached */
    int64_t *pred;     /* -1 where not reached */
    int64_t *touched;  /* hexes settled by the last search, in order */
    double *hk;        /* heap keys */
    int64_t *hv;       /* heap values */
} Search;

static inline int less(double ka, int64_t va, double kb, int64_t vb) {
    return ka < kb || (ka == kb && va < vb);
}

static inline void push(Search *s, Py_ssize_t *size, double key, int64_t val) {
    Py_ssize_t i = (*size)++;
    while (i > 0) {
        Py_ssize_t p = (i - 1) >> 1;
        if (less(s->hk[p], s->hv[p], key, val)) break;
        s->hk[i] = s->hk[p];
        s->hv[i] = s->hv[p];
        i = p;
    }
    s->hk[i] = key;
    s->hv[i] = val;
}

static inline void pop(Search *s, Py_ssize_t *size, double *key, int64_t *val) {
    *key = s->hk[0];
    *val = s->hv[0];
    Py_ssize_t n = --(*size);
    if (n == 0) return;
    double lk = s->hk[n];
    int64_t lv = s->hv[n];
    Py_ssize_t i = 0;
    for (;;) {
        Py_ssize_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && less(s->hk[c + 1], s->hv[c + 1], s->hk[c], s->hv[c])) c++;
        if (less(lk, lv, s->hk[c], s->hv[c])) break;
        s->hk[i] = s->hk[c];
        s->hv[i] = s->hv[c];
        i = c;
    }
    s->hk[i] = lk;
    s->hv[i] = lv;
}

/* One search from the sources at cost 0 as far as limit; returns the number of hexes settled. */
static Py_ssize_t search(Search *s, const int64_t *sources, Py_ssize_t nsources, double limit) {
    Py_ssize_t size = 0, count = 0;
    for (Py_ssize_t i = 0; i < nsources; i++) {
        int64_t h = sources[i];
        if (s->dist[h] > 0.0) {
            s->dist[h] = 0.0;
            push(s, &size, 0.0, h);
        }
    }
    while (size > 0) {
        double d;
        int64_t u;
        pop(s, &size, &d, &u);
        if (d > s->dist[u]) continue; /* stale: settled at a lower cost */
        s->touched[count++] = u;
        for (int32_t e = s->indptr[u]; e < s->indptr[u + 1]; e++) {
            int64_t v = s->dst[e];
            double nd = d + s->w[e];
            if (nd <= limit && nd < s->dist[v]) {
                s->dist[v] = nd;
                s->pred[v] = u;
                push(s, &size, nd, v);
            }
        }
    }
    return count;
}

static void reset(Search *s, Py_ssize_t count) {
    for (Py_ssize_t j = 0; j < count; j++) {
        int64_t h = s->touched[j];
        s->dist[h] = INFINITY;
        s->pred[h] = -1;
    }
}

static int open_search(Search *s, Py_buffer *indptr, Py_buffer *dst, Py_buffer *w, Py_ssize_t extra) {
    Py_ssize_t n = indptr->len / (Py_ssize_t)sizeof(int32_t) - 1;
    Py_ssize_t m = dst->len / (Py_ssize_t)sizeof(int32_t);
    if (n < 0 || w->len / (Py_ssize_t)sizeof(double) != m) {
        PyErr_SetString(PyExc_ValueError, "graph arrays of inconsistent sizes");
        return -1;
    }
    s->indptr = indptr->buf;
    s->dst = dst->buf;
    s->w = w->buf;
    s->n = n;
    s->dist = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    s->pred = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    s->touched = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    s->hk = PyMem_Malloc(sizeof(double) * (size_t)(m + extra + 1));
    s->hv = PyMem_Malloc(sizeof(int64_t) * (size_t)(m + extra + 1));
    if (!s->dist || !s->pred || !s->touched || !s->hk || !s->hv) {
        PyMem_Free(s->dist); PyMem_Free(s->pred); PyMem_Free(s->touched); PyMem_Free(s->hk); PyMem_Free(s->hv);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        s->dist[i] = INFINITY;
        s->pred[i] = -1;
    }
    return 0;
}

static void close_search(Search *s) {
    PyMem_Free(s->dist); PyMem_Free(s->pred); PyMem_Free(s->touched); PyMem_Free(s->hk); PyMem_Free(s->hv);
}

static int check_hexes(const int64_t *h, Py_ssize_t k, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < k; i++) {
        if (h[i] < 0 || h[i] >= n) {
            PyErr_Format(PyExc_IndexError, "hex %lld outside the map (0..%zd)", (long long)h[i], n - 1);
            return -1;
        }
    }
    return 0;
}

static int cmp_int64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* nearest(indptr, dst, w, sources, limit, depots, depot_range, dist_out) -> number of depots used
 *
 * Searches from the sources; then every candidate depot the search reached within depot_range
 * becomes a source too, and a second search from those depots continues on the same costs: it
 * enters only hexes it reaches more cheaply, so the result is, hex by hex, the cost from the
 * nearest source or depot (a hex whose cheaper depot path runs through a hex the depot does not
 * improve is no cheaper from the depot either). */
static PyObject *py_nearest(PyObject *self, PyObject *args) {
    Py_buffer ip, ds, w, src, dep, out;
    double limit, depot_range;
    if (!PyArg_ParseTuple(args, "y*y*y*y*dy*dw*", &ip, &ds, &w, &src, &limit, &dep, &depot_range, &out)) return NULL;
    PyObject *ret = NULL;
    Search s;
    Py_ssize_t k = src.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t nd = dep.len / (Py_ssize_t)sizeof(int64_t);
    if (open_search(&s, &ip, &ds, &w, k + nd) == 0) {
        int64_t *used = PyMem_Malloc(sizeof(int64_t) * (size_t)(nd + 1));
        if (used == NULL) {
            PyErr_NoMemory();
        } else if (out.len / (Py_ssize_t)sizeof(double) != s.n) {
            PyErr_SetString(PyExc_ValueError, "dist_out must hold one cost per hex");
        } else if (check_hexes(src.buf, k, s.n) == 0 && check_hexes(dep.buf, nd, s.n) == 0) {
            const int64_t *depots = dep.buf;
            Py_ssize_t nused = 0;
            Py_BEGIN_ALLOW_THREADS
            search(&s, src.buf, k, limit);
            for (Py_ssize_t i = 0; i < nd; i++) {
                if (s.dist[depots[i]] <= depot_range && s.dist[depots[i]] > 0.0) used[nused++] = depots[i];
            }
            if (nused) search(&s, used, nused, limit);
            memcpy(out.buf, s.dist, sizeof(double) * (size_t)s.n);
            Py_END_ALLOW_THREADS
            ret = PyLong_FromSsize_t(nused);
        }
        PyMem_Free(used);
        close_search(&s);
    }
    PyBuffer_Release(&ip); PyBuffer_Release(&ds); PyBuffer_Release(&w); PyBuffer_Release(&src); PyBuffer_Release(&dep);
    PyBuffer_Release(&out);
    return ret;
}

/* reach(indptr, dst, w, starts, limits, ptr_out, hexes_out, costs_out) -> total needed */
static PyObject *py_reach(PyObject *self, PyObject *args) {
    Py_buffer ip, ds, w, st, lim, ptr, hx, cs;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*w*w*w*", &ip, &ds, &w, &st, &lim, &ptr, &hx, &cs)) return NULL;
    PyObject *ret = NULL;
    Search s;
    Py_ssize_t k = st.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t cap = hx.len / (Py_ssize_t)sizeof(int64_t);
    if (open_search(&s, &ip, &ds, &w, 1) == 0) {
        if (lim.len / (Py_ssize_t)sizeof(double) != k || ptr.len / (Py_ssize_t)sizeof(int64_t) != k + 1
            || cs.len / (Py_ssize_t)sizeof(double) != cap) {
            PyErr_SetString(PyExc_ValueError, "reach: arrays of inconsistent sizes");
        } else if (check_hexes(st.buf, k, s.n) == 0) {
            const int64_t *starts = st.buf;
            const double *limits = lim.buf;
            int64_t *p = ptr.buf, *hexes = hx.buf;
            double *costs = cs.buf;
            Py_ssize_t total = 0;
            Py_BEGIN_ALLOW_THREADS
            p[0] = 0;
            for (Py_ssize_t i = 0; i < k; i++) {
                Py_ssize_t count = search(&s, &starts[i], 1, limits[i]);
                qsort(s.touched, (size_t)count, sizeof(int64_t), cmp_int64);
                for (Py_ssize_t j = 0; j < count; j++) {
                    int64_t h = s.touched[j];
                    if (total + j < cap) {
                        hexes[total + j] = h;
                        costs[total + j] = s.dist[h];
                    }
                }
                reset(&s, count);
                total += count;
                p[i + 1] = total;
            }
            Py_END_ALLOW_THREADS
            ret = PyLong_FromSsize_t(total);
        }
        close_search(&s);
    }
    PyBuffer_Release(&ip); PyBuffer_Release(&ds); PyBuffer_Release(&w); PyBuffer_Release(&st); PyBuffer_Release(&lim);
    PyBuffer_Release(&ptr); PyBuffer_Release(&hx); PyBuffer_Release(&cs);
    return ret;
}

/* routes(indptr, dst, w, starts, limits, move_ptr, allowance, targets, q, r, path_ptr_out, hexes_out) -> total needed */
static PyObject *py_routes(PyObject *self, PyObject *args) {
    Py_buffer ip, ds, w, st, lim, mp, al, tg, qb, rb, pp, hx;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*y*y*y*w*w*", &ip, &ds, &w, &st, &lim, &mp, &al, &tg, &qb, &rb, &pp, &hx)) return NULL;
    PyObject *ret = NULL;
    Search s;
    Py_ssize_t k = st.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t nmoves = tg.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t cap = hx.len / (Py_ssize_t)sizeof(int64_t);
    int64_t *rev = NULL;
    if (open_search(&s, &ip, &ds, &w, 1) == 0) {
        rev = PyMem_Malloc(sizeof(int64_t) * (size_t)(s.n + 1));
        const int64_t *move_ptr = mp.buf;
        if (rev == NULL) {
            PyErr_NoMemory();
        } else if (lim.len / (Py_ssize_t)sizeof(double) != k || mp.len / (Py_ssize_t)sizeof(int64_t) != k + 1
                   || al.len / (Py_ssize_t)sizeof(double) != nmoves || pp.len / (Py_ssize_t)sizeof(int64_t) != nmoves + 1
                   || qb.len / (Py_ssize_t)sizeof(int64_t) != s.n || rb.len / (Py_ssize_t)sizeof(int64_t) != s.n
                   || move_ptr[0] != 0 || move_ptr[k] != nmoves) {
            PyErr_SetString(PyExc_ValueError, "routes: arrays of inconsistent sizes");
        } else if (check_hexes(st.buf, k, s.n) == 0 && check_hexes(tg.buf, nmoves, s.n) == 0) {
            const int64_t *starts = st.buf, *targets = tg.buf, *q = qb.buf, *r = rb.buf;
            const double *limits = lim.buf, *allowance = al.buf;
            int64_t *path_ptr = pp.buf, *out = hx.buf;
            Py_ssize_t total = 0;
            Py_BEGIN_ALLOW_THREADS
            path_ptr[0] = 0;
            for (Py_ssize_t i = 0; i < k; i++) {
                Py_ssize_t count = search(&s, &starts[i], 1, limits[i]);
                for (int64_t mv = move_ptr[i]; mv < move_ptr[i + 1]; mv++) {
                    double thr = allowance[mv];
                    int64_t t = targets[mv], end = -1;
                    if (s.dist[t] <= thr) {
                        end = t;
                    } else {
                        /* the reachable hex nearest the target, then the cheapest, then the lowest index */
                        int64_t bh = INT64_MAX;
                        double bd = INFINITY;
                        for (Py_ssize_t j = 0; j < count; j++) {
                            int64_t h = s.touched[j];
                            double d = s.dist[h];
                            if (d > thr) continue;
                            int64_t dq = q[h] - q[t], dr = r[h] - r[t];
                            int64_t hd = (llabs(dq) + llabs(dr) + llabs(dq + dr)) / 2;
                            if (hd < bh || (hd == bh && (d < bd || (d == bd && h < end)))) {
                                bh = hd; bd = d; end = h;
                            }
                        }
                    }
                    Py_ssize_t length = 0;
                    if (end >= 0) {
                        int64_t h = end;
                        rev[length++] = h;
                        while (h != starts[i]) {
                            h = s.pred[h];
                            if (h < 0) break;
                            rev[length++] = h;
                        }
                    }
                    for (Py_ssize_t j = 0; j < length; j++) {
                        if (total + j < cap) out[total + j] = rev[length - 1 - j];
                    }
                    total += length;
                    path_ptr[mv + 1] = total;
                }
                reset(&s, count);
            }
            Py_END_ALLOW_THREADS
            ret = PyLong_FromSsize_t(total);
        }
        PyMem_Free(rev);
        close_search(&s);
    }
    PyBuffer_Release(&ip); PyBuffer_Release(&ds); PyBuffer_Release(&w); PyBuffer_Release(&st); PyBuffer_Release(&lim);
    PyBuffer_Release(&mp); PyBuffer_Release(&al); PyBuffer_Release(&tg); PyBuffer_Release(&qb); PyBuffer_Release(&rb);
    PyBuffer_Release(&pp); PyBuffer_Release(&hx);
    return ret;
}

static PyMethodDef methods[] = {
    {"nearest", py_nearest, METH_VARARGS, "nearest(indptr, dst, w, sources, limit, depots, depot_range, dist_out): cost from the nearest source or depot to every hex."},
    {"reach", py_reach, METH_VARARGS, "reach(indptr, dst, w, starts, limits, ptr_out, hexes_out, costs_out) -> size needed."},
    {"routes", py_routes, METH_VARARGS, "routes(indptr, dst, w, starts, limits, move_ptr, allowance, targets, q, r, path_ptr_out, hexes_out) -> size needed."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_paths", "Bounded shortest paths (see game/rules/paths.py).", -1, methods};

/* Raised whenever a function's arguments change; paths.py refuses a build of another version. */
#define PATHS_VERSION 2

PyMODINIT_FUNC PyInit__paths(void) {
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "VERSION", PATHS_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
