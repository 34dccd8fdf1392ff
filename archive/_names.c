/* archive._names: the name scan that entity tagging runs over every document, in C.
 *
 * Optional: archive.names falls back to its regular expression NAME_RE when this module is not
 * built, and tests/archive/test_names_accelerator.py checks that both find the same names.
 * What is matched is NAME_RE, followed step by step below:
 *
 *   name    = first-token (blanks joiner? token)* , not followed by blanks* "&"
 *   token   = CAPITAL "." (only before blanks* CAPITAL)       an initial: "A. Lincoln"
 *           | short form "."                                 "Dr.", "Mrs.", "Jr." (SHORT_FORMS)
 *           | CAPITAL letter+ ((' or ’) letter+ | "-" letter+)*    "Mir-Mohammadi", "O'Neil"
 *               where ' or ’ followed by "s" and a non-word character ends the token ("Korner's")
 *           | CAPITAL (' or ’) CAPITAL letter+               "D’Artagnan"
 *   joiner  = particle blanks | "al-" | "el-" | "d'" | "d’"  "da Vinci", "al-Bashir"
 *   first-token is a token with no word character, ' , ’ or "-" just before it.
 *
 * CAPITAL is A-Z À-Ö Ø-Þ А-Я Ё (not Unicode's uppercase), a letter is what [^\W\d_] matches
 * (Py_UNICODE_ISALNUM and not Py_UNICODE_ISDECIMAL, as the re module tests them), blanks are
 * spaces and tabs. The name is atomic: when it is followed by "&" there is no match at that
 * capital at all (not a shorter one); the scan goes on at the next character, as re does.
 * Every choice above is decided by the next character or two, so the first alternative that
 * fits is the one the regular expression takes, and no backtracking is needed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define APOSTROPHE 0x2019 /* ’ */

static const char *const PARTICLES[] = {
    "van", "von", "de", "der", "den", "da", "del", "di", "du", "dos", "bin", "ibn", "al", "el",
    "la", "le", NULL};
static const char *const SHORT_FORMS[] = {
    "Jr", "Sr", "St", "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Rev", "Sen", "Rep", "Gov", "Capt",
    "Lt", "Prof", "Mt", NULL};

/* What each Latin-1 character is, worked out once: the characters of most texts are looked up
 * here instead of in the Unicode database. */
enum { CAPITAL = 1, LETTER = 2, WORD = 4, BEFORE = 8 /* bars a first token after it */ };
static unsigned char latin1[256];

static int classify(Py_UCS4 ch) {
    int f = 0;
    if (Py_UNICODE_ISALNUM(ch)) f |= WORD | (Py_UNICODE_ISDECIMAL(ch) ? 0 : LETTER);
    if (ch == '_') f |= WORD;
    if (f & WORD || ch == '\'' || ch == APOSTROPHE || ch == '-') f |= BEFORE;
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 0xC0 && ch <= 0xD6) || (ch >= 0xD8 && ch <= 0xDE)
            || (ch >= 0x410 && ch <= 0x42F) || ch == 0x401) {
        f |= CAPITAL;
    }
    return f;
}

static inline int is_capital(Py_UCS4 ch) {
    return ch < 256 ? latin1[ch] & CAPITAL : (ch >= 0x410 && ch <= 0x42F) || ch == 0x401;
}
static inline int is_letter(Py_UCS4 ch) {
    return ch < 256 ? latin1[ch] & LETTER : Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch);
}
static inline int is_word(Py_UCS4 ch) {
    return ch < 256 ? latin1[ch] & WORD : Py_UNICODE_ISALNUM(ch);
}
static inline int is_before(Py_UCS4 ch) {
    return ch < 256 ? latin1[ch] & BEFORE : ch == APOSTROPHE || Py_UNICODE_ISALNUM(ch);
}
static inline int is_apostrophe(Py_UCS4 ch) { return ch == '\'' || ch == APOSTROPHE; }
static inline int is_blank(Py_UCS4 ch) { return ch == ' ' || ch == '\t'; }

/* The scan is written once over (kind, data) and forced inline into one function per string
 * kind (scan_1, scan_2, scan_4 below): there the kind is a constant, so every read is a plain
 * array access, as in the per-kind loops of _words.c. AT(i) reads 0 past the end, which every
 * test below treats as the end of the text would be treated (0 is no letter, blank or "&"). */
#define SCAN_ARGS int kind, const void *data, Py_ssize_t n
#define AT(i) ((i) < n ? PyUnicode_READ(kind, data, (i)) : 0)
#define FORWARD kind, data, n

static inline Py_ALWAYS_INLINE Py_ssize_t blanks_end(SCAN_ARGS, Py_ssize_t i) {
    while (is_blank(AT(i))) i++;
    return i;
}

static inline Py_ALWAYS_INLINE Py_ssize_t letters_end(SCAN_ARGS, Py_ssize_t i) {
    while (is_letter(AT(i))) i++;
    return i;
}

/* Whether the ASCII word w is at i in the text; its length in *len. */
static inline Py_ALWAYS_INLINE int word_at(SCAN_ARGS, Py_ssize_t i, const char *w, Py_ssize_t *len) {
    Py_ssize_t k = 0;
    for (; w[k]; k++) {
        if (AT(i + k) != (Py_UCS4)(unsigned char)w[k]) return 0;
    }
    *len = k;
    return 1;
}

/* Where the token starting at p ends, or -1 when there is none. */
static inline Py_ALWAYS_INLINE Py_ssize_t token_end(SCAN_ARGS, Py_ssize_t p) {
    if (!is_capital(AT(p))) return -1;
    Py_UCS4 next = AT(p + 1);
    if (next == '.') {
        return is_capital(AT(blanks_end(FORWARD, p + 2))) ? p + 2 : -1;
    }
    Py_ssize_t len;
    for (const char *const *form = SHORT_FORMS; *form; form++) {
        if (word_at(FORWARD, p, *form, &len) && AT(p + len) == '.') return p + len + 1;
    }
    if (is_letter(next)) {
        Py_ssize_t i = letters_end(FORWARD, p + 1);
        for (;;) {  /* apostrophes and hyphens between letters: "O'Neil-Smith" */
            Py_UCS4 ch = AT(i), after = AT(i + 1);
            if (!(is_apostrophe(ch) || ch == '-') || !is_letter(after)) break;
            if (is_apostrophe(ch) && after == 's' && !is_word(AT(i + 2))) break;  /* "Korner's" */
            i = letters_end(FORWARD, i + 1);
        }
        return i;
    }
    if (is_apostrophe(next) && is_capital(AT(p + 2)) && is_letter(AT(p + 3))) {
        return letters_end(FORWARD, p + 3);
    }
    return -1;
}

/* Where the next token must start after blanks at i: past a particle and its blanks ("da "),
 * past "al-", "el-", "d'" or "d’", or at i. */
static inline Py_ALWAYS_INLINE Py_ssize_t joiner_end(SCAN_ARGS, Py_ssize_t i) {
    Py_ssize_t len;
    for (const char *const *particle = PARTICLES; *particle; particle++) {
        if (word_at(FORWARD, i, *particle, &len) && is_blank(AT(i + len))) {
            return blanks_end(FORWARD, i + len);
        }
    }
    Py_UCS4 ch = AT(i);
    if ((ch == 'a' || ch == 'e') && AT(i + 1) == 'l' && AT(i + 2) == '-') return i + 3;
    if (ch == 'd' && is_apostrophe(AT(i + 1))) return i + 2;
    return i;
}

/* Where the name whose first token starts at p ends, or -1 when there is none. */
static inline Py_ALWAYS_INLINE Py_ssize_t name_end(SCAN_ARGS, Py_ssize_t p) {
    Py_ssize_t end = token_end(FORWARD, p);
    if (end < 0) return -1;
    for (;;) {
        Py_ssize_t i = blanks_end(FORWARD, end);
        if (i == end) break;
        Py_ssize_t next = token_end(FORWARD, joiner_end(FORWARD, i));
        if (next < 0) break;
        end = next;
    }
    return AT(blanks_end(FORWARD, end)) == '&' ? -1 : end;
}

/* Appends (start, text[start:end]) to out unless the string is in skip; -1 on an error. */
static int add_match(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *skip, PyObject *out) {
    PyObject *raw = PyUnicode_Substring(text, start, end);
    if (raw == NULL) return -1;
    int known = PySet_Contains(skip, raw);
    if (known != 0) {
        Py_DECREF(raw);
        return known < 0 ? -1 : 0;
    }
    PyObject *offset = PyLong_FromSsize_t(start);
    if (offset == NULL) {
        Py_DECREF(raw);
        return -1;
    }
    PyObject *pair = PyTuple_New(2);
    if (pair == NULL) {
        Py_DECREF(offset);
        Py_DECREF(raw);
        return -1;
    }
    PyTuple_SET_ITEM(pair, 0, offset);  /* the tuple takes both references */
    PyTuple_SET_ITEM(pair, 1, raw);
    int rc = PyList_Append(out, pair);
    Py_DECREF(pair);
    return rc;
}

static inline Py_ALWAYS_INLINE int scan(SCAN_ARGS, PyObject *text, PyObject *skip, PyObject *out) {
    Py_ssize_t i = 0;
    while (i < n) {
        if (!is_capital(PyUnicode_READ(kind, data, i))
                || (i > 0 && is_before(PyUnicode_READ(kind, data, i - 1)))) {
            i++;
            continue;
        }
        Py_ssize_t end = name_end(FORWARD, i);
        if (end < 0) {
            i++;
            continue;
        }
        if (add_match(text, i, end, skip, out) < 0) return -1;
        i = end;
    }
    return 0;
}

static int scan_1(const void *data, Py_ssize_t n, PyObject *text, PyObject *skip, PyObject *out) {
    return scan(PyUnicode_1BYTE_KIND, data, n, text, skip, out);
}
static int scan_2(const void *data, Py_ssize_t n, PyObject *text, PyObject *skip, PyObject *out) {
    return scan(PyUnicode_2BYTE_KIND, data, n, text, skip, out);
}
static int scan_4(const void *data, Py_ssize_t n, PyObject *text, PyObject *skip, PyObject *out) {
    return scan(PyUnicode_4BYTE_KIND, data, n, text, skip, out);
}

PyDoc_STRVAR(name_matches_doc,
"name_matches(text, skip) -> list[tuple[int, str]]\n\n"
"(start, string) of every match of archive.names.NAME_RE in text, in order, leaving out the\n"
"strings in the set or frozenset skip: what\n"
"[(m.start(), m.group()) for m in NAME_RE.finditer(text) if m.group() not in skip] gives.");

static PyObject *name_matches(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "name_matches takes text and skip");
        return NULL;
    }
    PyObject *text = args[0], *skip = args[1];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    if (!PyAnySet_Check(skip)) {
        PyErr_SetString(PyExc_TypeError, "skip must be a set or frozenset");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int rc;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: rc = scan_1(data, n, text, skip, out); break;
    case PyUnicode_2BYTE_KIND: rc = scan_2(data, n, text, skip, out); break;
    default: rc = scan_4(data, n, text, skip, out); break;
    }
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"name_matches", (PyCFunction)(void (*)(void))name_matches, METH_FASTCALL, name_matches_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "archive._names",
    "The name scan of entity tagging, in C (optional: archive.names has the same in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__names(void) {
    for (Py_UCS4 ch = 0; ch < 256; ch++) latin1[ch] = (unsigned char)classify(ch);
    return PyModule_Create(&module);
}
