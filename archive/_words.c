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

/* The heads filter: bit ((a * 27 + b) * 27 + c) * 27 + d is set when some wanted word may begin
 * with the letters a, b, c, d (0-25 for a-z, 26 for "the word ends here"). Words whose first
 * four characters are not all a-z are never filtered out. */
#define HEAD_LETTERS 4  /* archive.topics.HEAD_LETTERS */
#define HEAD_BITS (27 * 27 * 27 * 27)

static inline int letter(const void *data, int kind, Py_ssize_t i, Py_ssize_t end) {
    if (i >= end) return 26;
    Py_UCS4 ch = PyUnicode_READ(kind, data, i);
    return (ch >= 'a' && ch <= 'z') ? (int)(ch - 'a') : -1;
}

static inline int may_match(const unsigned char *heads, const void *data, int kind,
                            Py_ssize_t w, Py_ssize_t end) {
    int bit = 0;
    for (Py_ssize_t k = 0; k < HEAD_LETTERS; k++) {
        int l = letter(data, kind, w + k, end);
        if (l < 0) return 1;
        bit = bit * 27 + l;
    }
    return (heads[bit >> 3] >> (bit & 7)) & 1;
}

PyDoc_STRVAR(distinct_words_doc,
"distinct_words(text, start, end, skip, heads, cased) -> (list[str], set[str])\n\n"
"The distinct words of text[start:end] in the order they first occur, leaving out those in\n"
"the set skip and those whose first four letters the bitmap heads rules out (see\n"
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
        PyErr_SetString(PyExc_TypeError, "heads must be a bytes bitmap of 27**4 bits");
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

PyDoc_STRVAR(evidence_doc,
"evidence(low, lo, hi, words, capitalised, triggers, learn, is_name, phrase, min_score)\n"
"    -> list[tuple[int, list[str]]]\n\n"
"The topic evidence of one passage, low[lo:hi]: archive.topics._evidence in C (see there for\n"
"what each argument is). Python is called back only for what is rare: a word not learnt yet\n"
"(learn), a capitalised word that may be part of a name (is_name), and a multi-word entry\n"
"whose other words all occur in the passage (phrase).");

/* found[ci][key] = value unless key is there already (replace: set it anyway). */
static int add_key(PyObject *found, PyObject *ci, PyObject *key, PyObject *value, int replace) {
    PyObject *slot = PyDict_GetItemWithError(found, ci);  /* borrowed */
    if (slot == NULL) {
        if (PyErr_Occurred()) return -1;
        slot = PyDict_New();
        if (slot == NULL) return -1;
        int failed = PyDict_SetItem(slot, key, value) < 0 || PyDict_SetItem(found, ci, slot) < 0;
        Py_DECREF(slot);
        return failed ? -1 : 0;
    }
    if (!replace) {
        int there = PyDict_Contains(slot, key);
        if (there != 0) return there < 0 ? -1 : 0;
    }
    return PyDict_SetItem(slot, key, value);
}

/* Whether every string of others occurs in low[lo:hi] (the cheap test before a phrase regex). */
static int all_occur(PyObject *others, PyObject *low, Py_ssize_t lo, Py_ssize_t hi) {
    Py_ssize_t n = PySequence_Fast_GET_SIZE(others);
    PyObject **items = PySequence_Fast_ITEMS(others);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t at = PyUnicode_Find(low, items[k], lo, hi, 1);
        if (at < 0) return at == -1 ? 0 : -1;
    }
    return 1;
}

/* One trigger word's evidence into found and phrased; hit is (stem, concepts, phrases, proper). */
static int add_hit(PyObject *found, PyObject *phrased, PyObject *hit, PyObject *low,
                   Py_ssize_t lo, Py_ssize_t hi, PyObject *word, PyObject *phrase) {
    PyObject *stem = PyTuple_GET_ITEM(hit, 0), *concepts = PyTuple_GET_ITEM(hit, 1);
    PyObject *phrases = PyTuple_GET_ITEM(hit, 2);
    if (!PyList_CheckExact(concepts) && !PyTuple_CheckExact(concepts)) goto bad;
    if (!PyList_CheckExact(phrases) && !PyTuple_CheckExact(phrases)) goto bad;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(concepts); k++) {
        if (add_key(found, PySequence_Fast_GET_ITEM(concepts, k), stem, word, 0) < 0) return -1;
    }
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(phrases); k++) {
        PyObject *entry = PySequence_Fast_GET_ITEM(phrases, k);  /* (regex, stems, ci, others) */
        if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 4) goto bad;
        PyObject *others = PyTuple_GET_ITEM(entry, 3);
        if (!PyTuple_CheckExact(others)) goto bad;
        int occur = all_occur(others, low, lo, hi);
        if (occur <= 0) {
            if (occur < 0) return -1;
            continue;
        }
        PyObject *key = PyObject_CallFunction(phrase, "Onn", entry, lo, hi);
        if (key == NULL) return -1;
        int failed = 0;
        if (key != Py_None) {
            PyObject *ci = PyTuple_GET_ITEM(entry, 2);
            failed = add_key(found, ci, key, key, 1) < 0 || PySet_Add(phrased, ci) < 0;
        }
        Py_DECREF(key);
        if (failed) return -1;
    }
    return 0;
bad:
    PyErr_SetString(PyExc_TypeError, "a trigger is (stem, concepts, phrases, proper)");
    return -1;
}

/* The words of a concept's keys (a dict key -> word): each once, shortest first, words of one
 * length in the order of the dict; as sorted(dict.fromkeys(keys.values()), key=len). */
static PyObject *shortest_first(PyObject *keys) {
    PyObject *values = PyDict_Values(keys), *out = PyList_New(0);
    if (values == NULL || out == NULL) goto fail;
    for (Py_ssize_t n = 0; n < PyList_GET_SIZE(values); n++) {
        PyObject *word = PyList_GET_ITEM(values, n);
        int there = PySequence_Contains(out, word);
        if (there < 0) goto fail;
        if (there) continue;
        Py_ssize_t len = PyObject_Length(word), at = PyList_GET_SIZE(out);
        if (len < 0) goto fail;
        while (at > 0) {  /* after every word no longer than it: a stable insertion */
            Py_ssize_t before = PyObject_Length(PyList_GET_ITEM(out, at - 1));
            if (before < 0) goto fail;
            if (before <= len) break;
            at--;
        }
        if (PyList_Insert(out, at, word) < 0) goto fail;
    }
    Py_DECREF(values);
    return out;
fail:
    Py_XDECREF(values);
    Py_XDECREF(out);
    return NULL;
}

static PyObject *evidence(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 10 || !PyUnicode_Check(args[0]) || !PyList_CheckExact(args[3])
            || !PyAnySet_Check(args[4]) || !PyDict_Check(args[5])) {
        PyErr_SetString(PyExc_TypeError, "evidence takes low, lo, hi, words (a list), capitalised "
                        "(a set), triggers (a dict), learn, is_name, phrase and min_score");
        return NULL;
    }
    PyObject *low = args[0], *words = args[3], *capitalised = args[4], *triggers = args[5];
    PyObject *learn = args[6], *is_name = args[7], *phrase = args[8];
    Py_ssize_t lo = PyLong_AsSsize_t(args[1]), hi = PyLong_AsSsize_t(args[2]);
    Py_ssize_t min_score = PyLong_AsSsize_t(args[9]);
    if ((lo == -1 || hi == -1 || min_score == -1) && PyErr_Occurred()) return NULL;

    PyObject *found = PyDict_New(), *phrased = PySet_New(NULL), *out = NULL, *order = NULL;
    if (found == NULL || phrased == NULL) goto done;
    for (Py_ssize_t n = 0; n < PyList_GET_SIZE(words); n++) {
        PyObject *word = PyList_GET_ITEM(words, n);
        PyObject *hit = PyDict_GetItemWithError(triggers, word);  /* borrowed */
        if (hit != NULL) {
            Py_INCREF(hit);
        } else if (PyErr_Occurred() || (hit = PyObject_CallOneArg(learn, word)) == NULL) {
            goto done;
        }
        int failed = 0;
        if (PyTuple_CheckExact(hit) && PyTuple_GET_SIZE(hit) == 4) {
            int skip = 0;  /* part of a name: "the White House", "Associated Press" */
            int proper = PyObject_IsTrue(PyTuple_GET_ITEM(hit, 3));
            int in_caps = proper == 0 ? PySet_Contains(capitalised, word) : 0;
            if (proper < 0 || in_caps < 0) {
                failed = 1;
            } else if (in_caps) {
                PyObject *r = PyObject_CallFunction(is_name, "Onn", word, lo, hi);
                skip = r == NULL ? -1 : PyObject_IsTrue(r);
                Py_XDECREF(r);
                failed = skip < 0;
            }
            if (!failed && !skip) failed = add_hit(found, phrased, hit, low, lo, hi, word, phrase) < 0;
        } else if (!PyTuple_CheckExact(hit) || PyTuple_GET_SIZE(hit) != 0) {
            PyErr_SetString(PyExc_TypeError, "a trigger is (stem, concepts, phrases, proper) or ()");
            failed = 1;
        }
        Py_DECREF(hit);
        if (failed) goto done;
    }
    /* The concepts with enough evidence, in vocabulary order: MIN_SCORE distinct keys (each
     * scores 1), or one phrase (which scores MIN_SCORE on its own). */
    out = PyList_New(0);
    order = PyDict_Keys(found);
    if (out == NULL || order == NULL || PyList_Sort(order) < 0) goto fail;
    for (Py_ssize_t n = 0; n < PyList_GET_SIZE(order); n++) {
        PyObject *ci = PyList_GET_ITEM(order, n), *keys = PyDict_GetItem(found, ci);
        int enough = PyDict_GET_SIZE(keys) >= min_score;
        if (!enough && (enough = PySet_Contains(phrased, ci)) < 0) goto fail;
        if (enough) {
            PyObject *words_of = shortest_first(keys);
            PyObject *pair = words_of == NULL ? NULL : PyTuple_Pack(2, ci, words_of);
            Py_XDECREF(words_of);
            if (pair == NULL || PyList_Append(out, pair) < 0) {
                Py_XDECREF(pair);
                goto fail;
            }
            Py_DECREF(pair);
        }
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_XDECREF(found);
    Py_XDECREF(phrased);
    Py_XDECREF(order);
    return out;
}

static PyMethodDef methods[] = {
    {"distinct_words", (PyCFunction)(void (*)(void))distinct_words, METH_FASTCALL, distinct_words_doc},
    {"count_words", (PyCFunction)(void (*)(void))count_words, METH_FASTCALL, count_words_doc},
    {"evidence", (PyCFunction)(void (*)(void))evidence, METH_FASTCALL, evidence_doc},
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
