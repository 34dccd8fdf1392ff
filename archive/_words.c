/* archive._words: the word scans that tagging runs over every passage, in C.
 *
 * Optional: archive.topics and archive.passages fall back to the same scans in Python (regular
 * expressions) when this module is not built, and tests/archive/test_words_accelerator.py
 * checks that both give the same words. A "word" is what the regular expression \w+ matches in a str pattern:
 * a run of characters that are alphanumeric or '_' (Py_UNICODE_ISALNUM, as the re module uses).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline int is_word(Py_UCS4 ch) {
    if (ch < 128) {  /* most characters: no call into the Unicode database */
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    }
    return Py_UNICODE_ISALNUM(ch);
}

/* Where the next word after i starts (*w) and ends (returned), one loop per string kind so
 * that the kind is looked at once per word rather than once per character. */
#define DEFINE_NEXT_WORD(NAME, T)                                                        \
    static inline Py_ssize_t NAME(const T *s, Py_ssize_t i, Py_ssize_t end, Py_ssize_t *w) { \
        while (i < end && !is_word(s[i])) i++;                                             \
        *w = i;                                                                            \
        while (i < end && is_word(s[i])) i++;                                              \
        return i;                                                                          \
    }
DEFINE_NEXT_WORD(next_word_1, Py_UCS1)
DEFINE_NEXT_WORD(next_word_2, Py_UCS2)
DEFINE_NEXT_WORD(next_word_4, Py_UCS4)

static inline Py_ssize_t next_word(int kind, const void *data, Py_ssize_t i, Py_ssize_t end,
                                   Py_ssize_t *w) {
    switch (kind) {
    case PyUnicode_1BYTE_KIND: return next_word_1(data, i, end, w);
    case PyUnicode_2BYTE_KIND: return next_word_2(data, i, end, w);
    default: return next_word_4(data, i, end, w);
    }
}

/* The heads filter: bit (a * 27 + b) * 27 + c is set when some wanted word may begin with the
 * letters a, b, c (0-25 for a-z, 26 for "the word ends here"). Words whose first three
 * characters are not all a-z are never filtered out. */
#define HEAD_BITS (27 * 27 * 27)

static inline int letter(const void *data, int kind, Py_ssize_t i, Py_ssize_t end) {
    if (i >= end) return 26;
    Py_UCS4 ch = PyUnicode_READ(kind, data, i);
    return (ch >= 'a' && ch <= 'z') ? (int)(ch - 'a') : -1;
}

static inline int may_match(const unsigned char *heads, const void *data, int kind,
                            Py_ssize_t w, Py_ssize_t end) {
    int a = letter(data, kind, w, end), b = letter(data, kind, w + 1, end), c = letter(data, kind, w + 2, end);
    if (a < 0 || b < 0 || c < 0) return 1;
    int bit = (a * 27 + b) * 27 + c;
    return (heads[bit >> 3] >> (bit & 7)) & 1;
}

PyDoc_STRVAR(distinct_words_doc,
"distinct_words(text, start, end, skip, heads, cased) -> (list[str], set[str])\n\n"
"The distinct words of text[start:end] in the order they first occur, leaving out those in\n"
"the set skip and those whose first three letters the bitmap heads rules out (see\n"
"archive.topics.head_bitmap); and the set of those words whose first occurrence begins with\n"
"a capital in cased, the text before lowercasing (same length). A word cut by start (a word\n"
"character just before it) is left out, as \\b would; one cut by end is taken up to end, as\n"
"with a pattern's endpos.");

static PyObject *distinct_words(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "distinct_words takes text, start, end, skip, heads and cased");
        return NULL;
    }
    PyObject *text = args[0], *skip = args[3], *cased = args[5];
    if (!PyUnicode_Check(text) || !PyUnicode_Check(cased)
            || PyUnicode_GET_LENGTH(cased) != PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_TypeError, "text and cased must be strs of the same length");
        return NULL;
    }
    if (!PyAnySet_Check(skip)) {
        PyErr_SetString(PyExc_TypeError, "skip must be a set or frozenset");
        return NULL;
    }
    if (!PyBytes_Check(args[4]) || PyBytes_GET_SIZE(args[4]) * 8 < HEAD_BITS) {
        PyErr_SetString(PyExc_TypeError, "heads must be a bytes bitmap of 27**3 bits");
        return NULL;
    }
    const unsigned char *heads = (const unsigned char *)PyBytes_AS_STRING(args[4]);
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    Py_ssize_t end = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || end == -1) && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (start < 0) start = 0;
    if (end > length) end = length;
    int kind = PyUnicode_KIND(text), cased_kind = PyUnicode_KIND(cased);
    const void *data = PyUnicode_DATA(text), *cased_data = PyUnicode_DATA(cased);

    PyObject *out = PyList_New(0), *seen = PySet_New(NULL), *capitalised = PySet_New(NULL);
    if (out == NULL || seen == NULL || capitalised == NULL) goto error;
    Py_ssize_t i = start, w;
    if (i > 0 && i < end && is_word(PyUnicode_READ(kind, data, i - 1))
            && is_word(PyUnicode_READ(kind, data, i))) {
        i = next_word(kind, data, i, end, &w);  /* the rest of a word cut by start */
    }
    while (i < end) {
        i = next_word(kind, data, i, end, &w);
        if (w == i) break;
        if (!may_match(heads, data, kind, w, i)) continue;
        PyObject *word = PyUnicode_Substring(text, w, i);
        if (word == NULL) goto error;
        int known = PySet_Contains(skip, word);
        if (known == 0) known = PySet_Contains(seen, word);
        if (known == 0 && (PySet_Add(seen, word) < 0 || PyList_Append(out, word) < 0)) known = -1;
        if (known == 0 && Py_UNICODE_ISUPPER(PyUnicode_READ(cased_kind, cased_data, w))
                && PySet_Add(capitalised, word) < 0) known = -1;
        Py_DECREF(word);
        if (known < 0) goto error;
    }
    Py_DECREF(seen);
    return Py_BuildValue("(NN)", out, capitalised);

error:
    Py_XDECREF(out);
    Py_XDECREF(seen);
    Py_XDECREF(capitalised);
    return NULL;
}

PyDoc_STRVAR(count_words_doc,
"count_words(text, start, end) -> int\n\n"
"How many words text[start:end] holds: len(re.findall(r'\\w+', text, start, end)) without\n"
"making the words (a word cut by start counts, as findall from start would find its rest).");

static PyObject *count_words(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "count_words takes text (a str), start and end");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    Py_ssize_t end = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || end == -1) && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), n = 0, i, w;
    if (start < 0) start = 0;
    if (end > length) end = length;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (i = start; i < end;) {
        i = next_word(kind, data, i, end, &w);
        if (w == i) break;
        n++;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef methods[] = {
    {"distinct_words", (PyCFunction)(void (*)(void))distinct_words, METH_FASTCALL, distinct_words_doc},
    {"count_words", (PyCFunction)(void (*)(void))count_words, METH_FASTCALL, count_words_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "archive._words",
    "Word scans of tagging, in C (optional: archive.topics and archive.passages have them in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__words(void) {
    return PyModule_Create(&module);
}
