/* One-pass check and measurement of COCO compressed RLE counts.
 *
 * scan(counts: str | bytes, height: int, width: int, with_bbox: bool = True)
 *     -> (area, [x, y, w, h], canonical)     bbox [0, 0, 0, 0] when empty or not with_bbox
 * scan_runs(counts, height, width, with_bbox=True)
 *     -> (area, [x, y, w, h], canonical, runs)   runs: the int64 runs as native-endian bytes
 *
 * The same contract as the numpy reference ``labelplatform.masks.counts.scan_counts``:
 * the counts must parse (alphabet 48..111, no run cut short, at most 7 characters
 * a run), no run may be negative and the runs must cover exactly height * width
 * pixels; otherwise MaskError(code, message) is raised with the reference's code
 * and message. The fast loop below only recognises good input: at the first
 * anomaly it hands over to diagnose(), which re-reads the whole string in the
 * reference's order of precedence (parse errors anywhere, then the first
 * negative run, then the sum), so the error never depends on where the fast
 * loop happened to stop. Nothing is allocated on the good path.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif
#define FIRST_CHAR 48
#define MORE 0x20
#define SIGN 0x10
#define GROUP 0x1F
#define MAX_CHARS_PER_RUN 7
#define NOT_A_VALUE 64
#define INVALID 0xFF
/* pycocotools keeps sizes and runs in 32-bit unsigned ints. */
#define MAX_PIXELS 0xFFFFFFFFLL
/* Below this many characters a scan takes less than releasing the GIL is worth. */
#define RELEASE_GIL_CHARS (1 << 16)
/* Far above any real run, far below int64 overflow (only diagnose() gets here). */
#define SATURATED ((int64_t)1 << 62)

static PyObject *mask_error; /* labelplatform.masks.errors.MaskError */

/* Signed value of a one-character run, or NOT_A_VALUE (a "more" or invalid char). */
static int8_t single_value[256];
/* Group 0..63 of a character, or INVALID. */
static uint8_t group_of[256];

static void fill_tables(void) {
    for (int c = 0; c < 256; c++) {
        int group = c - FIRST_CHAR;
        int valid = group >= 0 && group < 64;
        group_of[c] = valid ? (uint8_t)group : INVALID;
        if (valid && group < MORE) {
            single_value[c] = (int8_t)((group & SIGN) ? (group & GROUP) - 32 : group);
        } else {
            single_value[c] = NOT_A_VALUE;
        }
    }
}

/* What the fast loop learns. Positions are flat column-major pixel indices; the
 * window [column_start, column_end) is the column holding the next pixel, so
 * rows come from a subtraction and a division is needed only when a run skips
 * whole columns. column_end never passes total (a multiple of the height), so
 * the one "left the column" test also catches runs past the end of the mask. */
typedef struct {
    int64_t position, column_start, column_end, total, height;
    int64_t area;
    int64_t first_fg;    /* flat start of the first foreground run, -1 while none */
    int64_t last_fg_end; /* flat end of the last foreground run */
    int64_t y0, y1;      /* rows of foreground seen, while no foreground run spans columns */
    int full_height;     /* a foreground run spans columns: the bbox has every row */
    int canonical;
    int64_t *runs;       /* where scan_runs keeps every run, NULL for scan */
    Py_ssize_t run_count;
} Tally;

static inline void keep_run(Tally *t, int64_t run) {
    if (t->runs != NULL) t->runs[t->run_count] = run;
    t->run_count++;
}

static void raise_mask_error(const char *code, PyObject *message) {
    if (message == NULL) return;
    PyObject *error = PyObject_CallFunction(mask_error, "sO", code, message);
    Py_DECREF(message);
    if (error != NULL) {
        PyErr_SetObject(mask_error, error);
        Py_DECREF(error);
    }
}

/* Reads one value at s[*p]; 0 on success, -1 on any anomaly (diagnose() says which). */
static inline int read_value(const uint8_t *s, Py_ssize_t n, Py_ssize_t *p, int64_t *value, int *canonical) {
    int8_t single = single_value[s[*p]];
    if (LIKELY(single != NOT_A_VALUE)) {
        *value = single;
        (*p)++;
        return 0;
    }
    int64_t x = 0;
    uint8_t previous = 0;
    for (int k = 0; k < MAX_CHARS_PER_RUN; k++) {
        if (*p == n) return -1;
        uint8_t group = group_of[s[*p]];
        if (group == INVALID) return -1;
        (*p)++;
        x |= (int64_t)(group & GROUP) << (5 * k);
        if (!(group & MORE)) {
            if (group & SIGN) x -= (int64_t)1 << (5 * (k + 1));
            /* A last group that only repeats the sign of the one before was not needed. */
            if ((previous & SIGN) ? group == GROUP : group == 0) *canonical = 0;
            *value = x;
            return 0;
        }
        previous = group;
    }
    return -1; /* more than 7 characters */
}

/* Leaves the column: 0, or -1 past the end of the mask. Only when position >= column_end. */
static inline int next_column(Tally *t) {
    if (t->position > t->total) return -1;
    t->column_start += t->height;
    if (t->position >= t->column_start + t->height) t->column_start = t->position - t->position % t->height;
    t->column_end = t->column_start + t->height;
    return 0;
}

/* Background run: 0, or -1 if negative or past the end of the mask. */
static inline int add_background(Tally *t, int64_t run) {
    if (UNLIKELY(run <= 0)) {
        if (run < 0) return -1;
        t->canonical = 0;
    }
    t->position += run;
    if (UNLIKELY(t->position >= t->column_end)) return next_column(t);
    return 0;
}

static inline int add_foreground(Tally *t, int64_t run) {
    if (UNLIKELY(run <= 0)) {
        if (run < 0) return -1;
        t->canonical = 0;
        return 0;
    }
    int64_t row = t->position - t->column_start;
    if (t->first_fg < 0) t->first_fg = t->position;
    if (row < t->y0) t->y0 = row;
    t->area += run;
    t->position += run;
    t->last_fg_end = t->position;
    if (LIKELY(t->position <= t->column_end)) {
        if (t->position - 1 - t->column_start > t->y1) t->y1 = t->position - 1 - t->column_start;
        if (t->position < t->column_end) return 0;
    } else {
        t->full_height = 1;
    }
    return next_column(t);
}

/* The fast loop over a local tally (the compiler keeps it in registers). */
static inline int scan_loop(const uint8_t *s, Py_ssize_t n, Tally *t) {
    Py_ssize_t p = 0;
    int64_t value = 0, fg = 0, bg = 0;
    /* Runs 0, 1 and 2 are stored plain; run 0 may be empty (first pixel is foreground). */
    if (read_value(s, n, &p, &value, &t->canonical) || value < 0) return -1;
    keep_run(t, value);
    t->position = value;
    if (t->position >= t->column_end && next_column(t)) return -1;
    if (p == n) return 0;
    if (read_value(s, n, &p, &fg, &t->canonical) || add_foreground(t, fg)) return -1;
    keep_run(t, fg);
    if (p == n) return 0;
    if (read_value(s, n, &p, &bg, &t->canonical) || add_background(t, bg)) return -1;
    keep_run(t, bg);
    /* From run 3 on each value is the difference to the run two before. */
    for (;;) {
        if (p == n) return 0;
        if (UNLIKELY(read_value(s, n, &p, &value, &t->canonical))) return -1;
        fg += value;
        if (UNLIKELY(add_foreground(t, fg))) return -1;
        keep_run(t, fg);
        if (p == n) return 0;
        if (UNLIKELY(read_value(s, n, &p, &value, &t->canonical))) return -1;
        bg += value;
        if (UNLIKELY(add_background(t, bg))) return -1;
        keep_run(t, bg);
    }
}

/* 0 with *out filled for good counts, -1 at the first anomaly (then diagnose()). */
static int scan_good(const uint8_t *s, Py_ssize_t n, Tally *out) {
    Tally t = *out; /* a local copy: *out could alias the characters */
    int refused = scan_loop(s, n, &t);
    *out = t;
    return refused || t.position != t.total;
}

/* Run chains in diagnose(): a chain only passes 2^62 after 2^27 maximal 7-character
 * values (about a gigabyte of counts); such a mask is invalid either way. */
static int64_t saturating_add(int64_t a, int64_t b) {
    int64_t sum = a + b; /* |a| <= 2^62 and |b| < 2^35: no overflow */
    if (sum > SATURATED) return SATURATED;
    if (sum < -SATURATED) return -SATURATED;
    return sum;
}

/* Raises the MaskError the reference raises for counts that scan_good() refused. */
static void diagnose(const uint8_t *s, Py_ssize_t n, int64_t height, int64_t width) {
    int64_t total = height * width;
    if (n == 0) {
        raise_mask_error("parse", PyUnicode_FromString("counts are empty"));
        return;
    }
    uint8_t lo = 255, hi = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (s[i] < lo) lo = s[i];
        if (s[i] > hi) hi = s[i];
    }
    if (lo < FIRST_CHAR || hi > FIRST_CHAR + 63) {
        PyObject *bad = PyUnicode_FromOrdinal(lo < FIRST_CHAR ? lo : hi);
        if (bad == NULL) return;
        raise_mask_error("parse", PyUnicode_FromFormat("counts contain an invalid character %R", bad));
        Py_DECREF(bad);
        return;
    }
    if (group_of[s[n - 1]] & MORE) {
        raise_mask_error("parse", PyUnicode_FromString("counts end in the middle of a run"));
        return;
    }
    if ((int64_t)n > MAX_CHARS_PER_RUN * (total + 1)) {
        raise_mask_error("parse", PyUnicode_FromString("counts are longer than any mask of this size needs"));
        return;
    }
    for (Py_ssize_t i = 0, length = 0; i < n; i++) {
        length++;
        if (group_of[s[i]] & MORE) continue;
        if (length > MAX_CHARS_PER_RUN) {
            raise_mask_error("parse", PyUnicode_FromFormat("a run is %zd characters long; at most 7 fit a run", length));
            return;
        }
        length = 0;
    }
    /* Every run parses: the first negative one, else the sum. */
    int64_t chain[2] = {0, 0}, sum = 0, index = 0;
    Py_ssize_t p = 0;
    int ignored = 1;
    while (p < n) {
        int64_t value;
        if (read_value(s, n, &p, &value, &ignored)) break; /* cannot happen: checked above */
        int64_t run = index > 2 ? saturating_add(value, chain[index % 2]) : value;
        if (index > 0) chain[index % 2] = run;
        if (run < 0) {
            raise_mask_error("negative_run", PyUnicode_FromFormat("run %lld is negative (%lld)", (long long)index,
                                                                  (long long)run));
            return;
        }
        if (sum <= total) sum += run; /* past the total only "more than" is said: no overflow */
        index++;
    }
    if (sum > total) {
        raise_mask_error("sum", PyUnicode_FromFormat("runs cover more than %lldx%lld=%lld pixels", (long long)height,
                                                     (long long)width, (long long)total));
    } else if (sum != total) {
        raise_mask_error("sum", PyUnicode_FromFormat("runs sum to %lld, not %lldx%lld=%lld", (long long)sum,
                                                     (long long)height, (long long)width, (long long)total));
    } else {
        PyErr_SetString(PyExc_SystemError, "_counts.scan refused counts that diagnose() accepts");
    }
}

/* scan and scan_runs: with keep, the runs come back too (each run is at least one character,
 * so n runs bound the buffer). */
static PyObject *scan_counts(PyObject *const *args, Py_ssize_t nargs, int keep) {
    if (nargs != 3 && nargs != 4) {
        PyErr_SetString(PyExc_TypeError, keep ? "scan_runs(counts, height, width[, with_bbox]) takes 3 or 4 arguments"
                                              : "scan(counts, height, width[, with_bbox]) takes 3 or 4 arguments");
        return NULL;
    }
    int with_bbox = nargs == 3 ? 1 : PyObject_IsTrue(args[3]);
    if (with_bbox < 0) return NULL;
    const uint8_t *s;
    Py_ssize_t n;
    PyObject *counts = args[0];
    if (PyUnicode_Check(counts)) {
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(counts) < 0) return NULL;
#endif
        if (!PyUnicode_IS_ASCII(counts)) {
            raise_mask_error("parse", PyUnicode_FromString("counts contain a non-ASCII character"));
            return NULL;
        }
        s = (const uint8_t *)PyUnicode_DATA(counts);
        n = PyUnicode_GET_LENGTH(counts);
    } else if (PyBytes_Check(counts)) {
        s = (const uint8_t *)PyBytes_AS_STRING(counts);
        n = PyBytes_GET_SIZE(counts);
    } else {
        PyErr_SetString(PyExc_TypeError, "counts must be str or bytes");
        return NULL;
    }
    long long height = PyLong_AsLongLong(args[1]);
    if (height == -1 && PyErr_Occurred()) return NULL;
    long long width = PyLong_AsLongLong(args[2]);
    if (width == -1 && PyErr_Occurred()) return NULL;
    if (height <= 0 || width <= 0 || width > MAX_PIXELS / height) { /* no overflow: height >= 1 */
        PyErr_SetString(PyExc_ValueError, "height and width must be positive with at most 2**32 - 1 pixels");
        return NULL;
    }
    int64_t total = (int64_t)height * width;
    Tally t = {0, 0, height, total, height, 0, -1, -1, height, -1, 0, 1, NULL, 0};
    int refused = n == 0 || (int64_t)n > MAX_CHARS_PER_RUN * (total + 1);
    if (keep && !refused) {
        t.runs = PyMem_Malloc((size_t)n * sizeof(int64_t));
        if (t.runs == NULL) return PyErr_NoMemory();
    }
    if (!refused && n >= RELEASE_GIL_CHARS) {
        /* Long counts (noisy masks) take milliseconds: let other threads run meanwhile.
         * The str/bytes is immutable and the caller holds a reference to it. */
        Py_BEGIN_ALLOW_THREADS
        refused = scan_good(s, n, &t);
        Py_END_ALLOW_THREADS
    } else if (!refused) {
        refused = scan_good(s, n, &t);
    }
    if (refused) {
        PyMem_Free(t.runs);
        diagnose(s, n, height, width);
        return NULL;
    }
    PyObject *runs = NULL;
    if (keep) {
        runs = PyBytes_FromStringAndSize((const char *)t.runs, t.run_count * (Py_ssize_t)sizeof(int64_t));
        PyMem_Free(t.runs);
        if (runs == NULL) return NULL;
    }
    int64_t x = 0, y = 0, w = 0, h = 0;
    if (t.last_fg_end >= 0 && with_bbox) {
        if (t.full_height) {
            t.y0 = 0;
            t.y1 = height - 1;
        }
        x = t.first_fg / height;
        w = (t.last_fg_end - 1) / height - x + 1;
        y = t.y0;
        h = t.y1 - t.y0 + 1;
    }
    int64_t box[4] = {x, y, w, h};
    PyObject *bbox = PyList_New(4);
    PyObject *result = PyTuple_New(keep ? 4 : 3);
    if (bbox == NULL || result == NULL) goto fail;
    for (int i = 0; i < 4; i++) {
        PyObject *number = PyLong_FromLongLong(box[i]);
        if (number == NULL) goto fail;
        PyList_SET_ITEM(bbox, i, number);
    }
    PyObject *area = PyLong_FromLongLong(t.area);
    if (area == NULL) goto fail;
    PyTuple_SET_ITEM(result, 0, area);
    PyTuple_SET_ITEM(result, 1, bbox);
    PyTuple_SET_ITEM(result, 2, PyBool_FromLong(t.canonical));
    if (keep) PyTuple_SET_ITEM(result, 3, runs);
    return result;
fail:
    Py_XDECREF(runs);
    Py_XDECREF(bbox);
    Py_XDECREF(result);
    return NULL;
}

static PyObject *scan(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    return scan_counts(args, nargs, 0);
}

static PyObject *scan_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    return scan_counts(args, nargs, 1);
}

static PyMethodDef methods[] = {
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(counts, height, width, with_bbox=True) -> (area, [x, y, w, h], canonical)\n\n"
     "Check COCO compressed counts against height x width in one pass and measure them;\n"
     "raises MaskError like labelplatform.masks.counts.scan_counts."},
    {"scan_runs", (PyCFunction)(void (*)(void))scan_runs, METH_FASTCALL,
     "scan_runs(counts, height, width, with_bbox=True) -> (area, [x, y, w, h], canonical, runs)\n\n"
     "scan, also keeping every run (int64, native byte order, as bytes) for the caller."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_counts", "C scanner for COCO compressed RLE counts.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__counts(void) {
    fill_tables();
    PyObject *errors = PyImport_ImportModule("labelplatform.masks.errors");
    if (errors == NULL) return NULL;
    mask_error = PyObject_GetAttrString(errors, "MaskError");
    Py_DECREF(errors);
    if (mask_error == NULL) return NULL;
    return PyModule_Create(&module_def);
}
