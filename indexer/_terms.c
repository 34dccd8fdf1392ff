/* indexer._terms: the hot path of indexing, the words of a passage and their stems and keys.
 *
 * Optional: indexer.analysis does the same in Python when this module is not built, and
 * tests/indexer/test_terms_accelerator.py checks that both give the same words and terms.
 * A word is what analysis._WORD matches: letters and digits (str.isalnum, so not '_'), with
 * combining accents (U+0300-U+036F) and inner apostrophes (' or U+2019 followed by a letter
 * or digit) kept inside it: "don't", "Zorya's", "café" written with a combining accent.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline int is_alnum(Py_UCS4 ch) {
    if (ch < 128) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    }
    return Py_UNICODE_ISALNUM(ch);
}

static inline int is_combining(Py_UCS4 ch) { return ch >= 0x300 && ch <= 0x36f; }

static inline int is_apostrophe(Py_UCS4 ch) { return ch == '\'' || ch == 0x2019; }

/* Where the next word at or after i starts (*w) and ends (returned; == *w when none is left). */
#define DEFINE_NEXT_WORD(NAME, T)                                                               \
    static Py_ssize_t NAME(const T *s, Py_ssize_t i, Py_ssize_t n, Py_ssize_t *w) {             \
        while (i < n && !is_alnum(s[i])) i++;                                                   \
        *w = i;                                                                                 \
        while (i < n) {                                                                         \
            if (is_alnum(s[i])) {                                                               \
                i++;                                                                            \
            } else if (is_combining(s[i])) {                                                    \
                while (i < n && is_combining(s[i])) i++;                                        \
            } else if (is_apostrophe(s[i]) && i + 1 < n && is_alnum(s[i + 1])) {                \
                i += 2;                                                                         \
            } else {                                                                            \
                break;                                                                          \
            }                                                                                   \
        }                                                                                       \
        return i;                                                                               \
    }
DEFINE_NEXT_WORD(next_word_1, Py_UCS1)
DEFINE_NEXT_WORD(next_word_2, Py_UCS2)
DEFINE_NEXT_WORD(next_word_4, Py_UCS4)

static Py_ssize_t next_word(PyObject *text, Py_ssize_t i, Py_ssize_t *w) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return next_word_1(data, i, n, w);
    case PyUnicode_2BYTE_KIND: return next_word_2(data, i, n, w);
    default: return next_word_4(data, i, n, w);
    }
}

PyDoc_STRVAR(words_doc,
"words(text) -> list[str]\n\n"
"The words of text, as analysis._WORD.findall(text) gives them.");

static PyObject *words(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "words takes a str");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    Py_ssize_t i = 0, w;
    for (;;) {
        i = next_word(text, i, &w);
        if (w == i) break;
        PyObject *word = PyUnicode_Substring(text, w, i);
        if (word == NULL || PyList_Append(out, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(word);
    }
    return out;
}

PyDoc_STRVAR(joined_terms_doc,
"joined_terms(text, stems, keys) -> (str, str, int) | set[str]\n\n"
"The words of text looked up in the dicts stems and keys (word -> term): the stems joined by\n"
"spaces, the keys joined by spaces, and the number of words. When words are missing from\n"
"either dict, the set of them instead: the caller learns them and asks again.");

static PyObject *joined_terms(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1]) || !PyDict_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "joined_terms takes text (a str), stems and keys (dicts)");
        return NULL;
    }
    PyObject *text = args[0], *stems = args[1], *keys = args[2];
    PyObject *stem_list = PyList_New(0), *key_list = PyList_New(0), *space = NULL, *result = NULL;
    PyObject *missing = NULL;
    if (stem_list == NULL || key_list == NULL) goto done;
    Py_ssize_t i = 0, w;
    for (;;) {
        i = next_word(text, i, &w);
        if (w == i) break;
        PyObject *word = PyUnicode_Substring(text, w, i);
        if (word == NULL) goto done;
        PyObject *stem = PyDict_GetItemWithError(stems, word);  /* borrowed */
        PyObject *key = stem == NULL ? NULL : PyDict_GetItemWithError(keys, word);
        int failed;
        if (key == NULL) {  /* a word not learnt yet, or an error */
            failed = PyErr_Occurred() != NULL
                     || (missing == NULL && (missing = PySet_New(NULL)) == NULL)
                     || PySet_Add(missing, word) < 0;
        } else {
            failed = missing == NULL
                     && (PyList_Append(stem_list, stem) < 0 || PyList_Append(key_list, key) < 0);
        }
        Py_DECREF(word);
        if (failed) goto done;
    }
    if (missing != NULL) {
        result = missing;
        missing = NULL;
        goto done;
    }
    space = PyUnicode_FromStringAndSize(" ", 1);
    if (space == NULL) goto done;
    PyObject *joined_stems = PyUnicode_Join(space, stem_list);
    PyObject *joined_keys = joined_stems == NULL ? NULL : PyUnicode_Join(space, key_list);
    if (joined_keys != NULL) {
        result = Py_BuildValue("(NNn)", joined_stems, joined_keys, PyList_GET_SIZE(stem_list));
    } else {
        Py_XDECREF(joined_stems);
    }
done:
    Py_XDECREF(missing);
    Py_XDECREF(stem_list);
    Py_XDECREF(key_list);
    Py_XDECREF(space);
    return result;
}

static PyMethodDef methods[] = {
    {"words", (PyCFunction)words, METH_O, words_doc},
    {"joined_terms", (PyCFunction)(void (*)(void))joined_terms, METH_FASTCALL, joined_terms_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "indexer._terms",
    "Words and index terms of a passage, in C (optional: indexer.analysis has the same in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__terms(void) {
    return PyModule_Create(&module);
}
