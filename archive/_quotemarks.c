/* archive._quotemarks: the quotation-mark scan of quote attribution, in C.
 *
 * Optional: archive.quotemarks runs the same scan in Python (_find_py) when this module is not
 * built, and tests/archive/test_quotemarks_accelerator.py checks that both give the same.
 * The scan follows quotemarks._find_py step by step:
 *
 *   outside a quotation, a mark that may open one is “ „ « » ‹ › ‘ ‚ " anywhere, or a
 *   straight ' at the start of the text or after white space (_MAY_OPEN); _opens decides;
 *   inside one, only the opener's closers (CLOSERS) are looked at; _closes decides;
 *   a quotation still open at hi ends there (open_end).
 *
 * White space is what str.isspace and re's \s call white space (Py_UNICODE_ISSPACE), a letter
 * what str.isalnum accepts (Py_UNICODE_ISALNUM). The look-behind of _MAY_OPEN sees the text
 * before lo, as re's does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define LDQUO 0x201C  /* “ */
#define RDQUO 0x201D  /* ” */
#define BDQUO 0x201E  /* „ */
#define LSQUO 0x2018  /* ‘ */
#define RSQUO 0x2019  /* ’ */
#define SBQUO 0x201A  /* ‚ */
#define LAQUO 0x00AB  /* « */
#define RAQUO 0x00BB  /* » */
#define LSAQUO 0x2039 /* ‹ */
#define RSAQUO 0x203A /* › */
#define EMDASH 0x2014
#define ENDASH 0x2013

static inline int may_open_mark(Py_UCS4 c) {  /* _MAY_OPEN's set, without the straight ' */
    return c == '"' || c == LDQUO || c == BDQUO || c == LAQUO || c == RAQUO || c == LSAQUO
        || c == RSAQUO || c == LSQUO || c == SBQUO;
}

/* The characters that may close ``opener`` (quotemarks.CLOSERS); the second is 0 when one. */
static void closers_of(Py_UCS4 opener, Py_UCS4 *a, Py_UCS4 *b) {
    *b = 0;
    switch (opener) {
    case LDQUO: *a = RDQUO; break;
    case BDQUO: *a = LDQUO; *b = RDQUO; break;
    case LAQUO: *a = RAQUO; break;
    case RAQUO: *a = LAQUO; break;
    case LSAQUO: *a = RSAQUO; break;
    case RSAQUO: *a = LSAQUO; break;
    case LSQUO: *a = RSQUO; break;
    case SBQUO: *a = LSQUO; *b = RSQUO; break;
    default: *a = opener; break;  /* " and ' close themselves */
    }
}

#define AT(i) PyUnicode_READ(kind, data, (i))
#define SPACE(c) Py_UNICODE_ISSPACE(c)
#define LETTER(c) Py_UNICODE_ISALNUM(c)


static inline Py_ALWAYS_INLINE int opens(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi,
                                         Py_ssize_t i) {
    Py_UCS4 c = AT(i);
    Py_UCS4 prev = i > lo ? AT(i - 1) : ' ';
    Py_UCS4 nxt = i + 1 < hi ? AT(i + 1) : ' ';
    if (SPACE(nxt)) return 0;
    if (c == LDQUO || c == BDQUO || c == LAQUO || c == LSAQUO || c == RAQUO || c == RSAQUO) return 1;
    if (c == LSQUO || c == SBQUO) return !(LETTER(prev) && LETTER(nxt));
    if (c == '"') return !LETTER(prev) || prev == '(' || prev == '[' || prev == EMDASH || prev == ENDASH;
    if (c == '\'') {  /* _single_may_open */
        if (!LETTER(nxt)) return 0;
        Py_ssize_t j = i;
        while (j > lo && SPACE(AT(j - 1))) j--;
        if (j == lo) return lo == 0;
        if (j == i) return 0;
        Py_UCS4 before = AT(j - 1);
        return before == ',' || before == ':' || before == ';' || before == '(' || before == EMDASH
            || before == ENDASH;
    }
    return 0;
}

static inline Py_ALWAYS_INLINE int closes(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi,
                                          Py_ssize_t i) {
    Py_UCS4 c = AT(i);
    Py_UCS4 prev = i > lo ? AT(i - 1) : ' ';
    Py_UCS4 nxt = i + 1 < hi ? AT(i + 1) : ' ';
    if ((c == RSQUO || c == '\'') && LETTER(nxt)) return 0;  /* inside a word, or an elision */
    if (c == '\'' && SPACE(prev)) return 0;
    return 1;
}

/* Append (start, end, opener, open_at, close_at, open_end, continued) trimmed of white space,
 * unless nothing is left; -1 on a memory error. */
static int add(PyObject *found, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
               Py_UCS4 opener, Py_ssize_t close_at, int open_end, int continued) {
    Py_ssize_t open_at = start - 1;
    while (start < end && SPACE(AT(start))) start++;
    while (end > start && SPACE(AT(end - 1))) end--;
    if (end <= start) return 0;
    PyObject *mark = PyUnicode_FromOrdinal(opener);
    if (mark == NULL) return -1;
    PyObject *item = Py_BuildValue("(nnNnnOO)", start, end, mark, open_at, close_at,
                                   open_end ? Py_True : Py_False, continued ? Py_True : Py_False);
    if (item == NULL) return -1;
    int failed = PyList_Append(found, item);
    Py_DECREF(item);
    return failed;
}

static inline Py_ALWAYS_INLINE int scan(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi,
                                        Py_UCS4 continuing, PyObject *found) {
    Py_UCS4 opener = 0, a = 0, b = 0;
    Py_ssize_t start = lo;
    int continued = 0;
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = AT(i);
        if (opener == 0) {
            if (!(may_open_mark(c) || (c == '\'' && (i == 0 || SPACE(AT(i - 1))))))
                continue;
            if (opens(kind, data, lo, hi, i)) {
                opener = c;
                start = i + 1;
                closers_of(opener, &a, &b);
                continued = 0;
                if (continuing != 0 && c == continuing) {
                    Py_ssize_t j = lo;
                    while (j < i && SPACE(AT(j))) j++;
                    continued = j == i;
                }
            }
        }
        else if ((c == a || (b != 0 && c == b)) && closes(kind, data, lo, hi, i)) {
            if (add(found, kind, data, start, i, opener, i, 0, continued) < 0) return -1;
            opener = 0;
        }
    }
    if (opener != 0 && add(found, kind, data, start, hi, opener, hi, 1, continued) < 0) return -1;
    return 0;
}

static int scan_1(const void *d, Py_ssize_t lo, Py_ssize_t hi, Py_UCS4 k, PyObject *f) {
    return scan(PyUnicode_1BYTE_KIND, d, lo, hi, k, f);
}
static int scan_2(const void *d, Py_ssize_t lo, Py_ssize_t hi, Py_UCS4 k, PyObject *f) {
    return scan(PyUnicode_2BYTE_KIND, d, lo, hi, k, f);
}
static int scan_4(const void *d, Py_ssize_t lo, Py_ssize_t hi, Py_UCS4 k, PyObject *f) {
    return scan(PyUnicode_4BYTE_KIND, d, lo, hi, k, f);
}

PyDoc_STRVAR(find_doc,
"find(text, lo, hi, continuing) -> list of (start, end, opener, open_at, close_at,\n"
"open_end, continued)\n\n"
"The quotations in text[lo:hi], as archive.quotemarks._find_py finds them, as tuples\n"
"of the fields of quotemarks.Found. continuing is None or the opener left open.");

static PyObject *find(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyLong_Check(args[1]) || !PyLong_Check(args[2])
            || !(args[3] == Py_None || PyUnicode_Check(args[3]))) {
        PyErr_SetString(PyExc_TypeError, "find takes text (a str), lo, hi (ints) and continuing (a str or None)");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t lo = PyLong_AsSsize_t(args[1]), hi = PyLong_AsSsize_t(args[2]);
    if (PyErr_Occurred()) return NULL;
    if (lo < 0 || hi > PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_ValueError, "lo and hi must lie inside the text");
        return NULL;
    }
    /* A continuing opener of other than one character never equals a mark: 0 stands for it. */
    Py_UCS4 continuing = 0;
    if (args[3] != Py_None && PyUnicode_GET_LENGTH(args[3]) == 1) continuing = PyUnicode_READ_CHAR(args[3], 0);
    PyObject *found = PyList_New(0);
    if (found == NULL) return NULL;
    const void *data = PyUnicode_DATA(text);
    int failed;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: failed = scan_1(data, lo, hi, continuing, found); break;
    case PyUnicode_2BYTE_KIND: failed = scan_2(data, lo, hi, continuing, found); break;
    default: failed = scan_4(data, lo, hi, continuing, found); break;
    }
    if (failed) {
        Py_DECREF(found);
        return NULL;
    }
    return found;
}

static PyMethodDef methods[] = {
    {"find", (PyCFunction)(void (*)(void))find, METH_FASTCALL, find_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "archive._quotemarks",
    "The quotation-mark scan of attribution, in C (optional: archive.quotemarks has the same in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__quotemarks(void) {
    return PyModule_Create(&module);
}
