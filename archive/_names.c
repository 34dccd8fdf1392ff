/* archive._names: the scans that entity tagging runs over every document, in C: the names
 * (name_matches), the years (year_matches, further below), the words around a name that the
 * word lists do not know (verb_after, word_before), and the loop that turns the names found into
 * mentions (name_mentions, at the end).
 *
 * Optional: archive.names falls back to its regular expressions and Python functions when this
 * module is not built, and tests/archive/test_names_accelerator.py checks that both give the
 * same. What name_matches matches is NAME_RE, followed step by step below:
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
#include <string.h>

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
    /* A short form has 2 to 4 letters and a period: most words have no period there. */
    if (AT(p + 2) == '.' || AT(p + 3) == '.' || AT(p + 4) == '.') {
        for (const char *const *form = SHORT_FORMS; *form; form++) {
            if (word_at(FORWARD, p, *form, &len) && AT(p + len) == '.') return p + len + 1;
        }
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
    Py_UCS4 ch = AT(i);
    if (ch < 'a' || ch > 'z') return i;  /* every joiner starts with a-z: a capital skips the list */
    Py_ssize_t len;
    for (const char *const *particle = PARTICLES; *particle; particle++) {
        if (word_at(FORWARD, i, *particle, &len) && is_blank(AT(i + len))) {
            return blanks_end(FORWARD, i + len);
        }
    }
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

/* What the scan does with each name it finds at [start, end): name_matches lists it (add_match),
 * name_mentions further below makes its mention (add_found); -1 on an error. */
typedef int (*Emit)(void *sink, PyObject *text, Py_ssize_t start, Py_ssize_t end);

typedef struct {
    PyObject *skip, *out;
} Matches;

/* Appends (start, text[start:end]) to out unless the string is in skip; -1 on an error. */
static int add_match(void *sink, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    PyObject *skip = ((Matches *)sink)->skip, *out = ((Matches *)sink)->out;
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

static inline Py_ALWAYS_INLINE int scan(SCAN_ARGS, PyObject *text, Emit emit, void *sink) {
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
        if (emit(sink, text, i, end) < 0) return -1;
        i = end;
    }
    return 0;
}

static int scan_1(const void *data, Py_ssize_t n, PyObject *text, Emit emit, void *sink) {
    return scan(PyUnicode_1BYTE_KIND, data, n, text, emit, sink);
}
static int scan_2(const void *data, Py_ssize_t n, PyObject *text, Emit emit, void *sink) {
    return scan(PyUnicode_2BYTE_KIND, data, n, text, emit, sink);
}
static int scan_4(const void *data, Py_ssize_t n, PyObject *text, Emit emit, void *sink) {
    return scan(PyUnicode_4BYTE_KIND, data, n, text, emit, sink);
}

/* Every name in the text, in order, to emit. */
static int scan_text(PyObject *text, Emit emit, void *sink) {
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return scan_1(data, n, text, emit, sink);
    case PyUnicode_2BYTE_KIND: return scan_2(data, n, text, emit, sink);
    default: return scan_4(data, n, text, emit, sink);
    }
}

PyDoc_STRVAR(name_matches_doc,
"name_matches(text, skip) -> list[tuple[int, str]]\n\n"
"(start, string) of every match of archive.names.NAME_RE in text, in order, leaving out the\n"
"strings in the set or frozenset skip: what\n"
"[(m.start(), m.group()) for m in NAME_RE.finditer(text) if m.group() not in skip] gives.\n"
"Ingest calls name_mentions, which runs the same scan; this is the scan alone, which the tests\n"
"hold against NAME_RE.");

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
    Matches matches = {skip, out};
    if (scan_text(text, add_match, &matches) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* ---- years: what archive.names.YEAR_RE finds, for entity tagging ----
 *
 *   year = ("1" [5-9] | "2" "0" [0-4]) digit digit , with no word character or one of $ £ € . ,
 *          just before it, followed by "s" and no word character ("1990s") or by neither a word
 *          character nor "%"
 *
 * A digit is what \d matches (Py_UNICODE_ISDECIMAL), the second and third characters are
 * ASCII. The search goes on after a match, or at the next character after none, as re's does. */

static inline Py_ALWAYS_INLINE int is_digit(Py_UCS4 ch) { return Py_UNICODE_ISDECIMAL(ch); }

/* Where the year starting at p ends, or -1 when there is none there. */
static inline Py_ALWAYS_INLINE Py_ssize_t year_end(SCAN_ARGS, Py_ssize_t p) {
    if (p > 0) {
        Py_UCS4 before = PyUnicode_READ(kind, data, p - 1);
        if (is_word(before) || before == '$' || before == 0xA3 /* £ */ || before == 0x20AC /* € */
                || before == '.' || before == ',') {
            return -1;
        }
    }
    Py_UCS4 first = AT(p), second = AT(p + 1), third = AT(p + 2);
    int century = first == '1' ? second >= '5' && second <= '9' && is_digit(third)
                               : second == '0' && third >= '0' && third <= '4';
    if (!century || !is_digit(AT(p + 3))) return -1;
    Py_UCS4 after = AT(p + 4);
    if (after == 's' && !is_word(AT(p + 5))) return p + 5;
    return is_word(after) || after == '%' ? -1 : p + 4;
}

/* Appends (start, end, text[start:start + 4]) to out; -1 on an error. */
static int add_year(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *out) {
    PyObject *year = PyUnicode_Substring(text, start, start + 4);
    if (year == NULL) return -1;
    PyObject *found = Py_BuildValue("(nnN)", start, end, year);  /* N: the tuple takes year */
    if (found == NULL) return -1;
    int rc = PyList_Append(out, found);
    Py_DECREF(found);
    return rc;
}

static inline Py_ALWAYS_INLINE int scan_years(SCAN_ARGS, PyObject *text, PyObject *out) {
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        Py_ssize_t end = ch == '1' || ch == '2' ? year_end(FORWARD, i) : -1;
        if (end < 0) {
            i++;
            continue;
        }
        if (add_year(text, i, end, out) < 0) return -1;
        i = end;
    }
    return 0;
}

/* Where the next byte c is from i on, or n. */
static Py_ssize_t next_byte(const Py_UCS1 *data, Py_ssize_t i, Py_ssize_t n, int c) {
    const Py_UCS1 *at = i < n ? memchr(data + i, c, (size_t)(n - i)) : NULL;
    return at == NULL ? n : at - data;
}

/* Most texts are one byte a character: there memchr finds the next "1" and "2" many bytes at a
 * time (each is looked for again only once the scan has passed it), the same scan as above. */
static int years_1(const void *data, Py_ssize_t n, PyObject *text, PyObject *out) {
    const Py_UCS1 *bytes = data;
    Py_ssize_t one = next_byte(bytes, 0, n, '1'), two = next_byte(bytes, 0, n, '2');
    for (;;) {
        Py_ssize_t i = one < two ? one : two;
        if (i >= n) return 0;
        Py_ssize_t end = year_end(PyUnicode_1BYTE_KIND, data, n, i);
        if (end < 0) {
            end = i + 1;
        } else if (add_year(text, i, end, out) < 0) {
            return -1;
        }
        if (one < end) one = next_byte(bytes, end, n, '1');
        if (two < end) two = next_byte(bytes, end, n, '2');
    }
}
static int years_2(const void *data, Py_ssize_t n, PyObject *text, PyObject *out) {
    return scan_years(PyUnicode_2BYTE_KIND, data, n, text, out);
}
static int years_4(const void *data, Py_ssize_t n, PyObject *text, PyObject *out) {
    return scan_years(PyUnicode_4BYTE_KIND, data, n, text, out);
}

PyDoc_STRVAR(year_matches_doc,
"year_matches(text) -> list[tuple[int, int, str]]\n\n"
"(start, end, year) of every match of archive.names.YEAR_RE in text, in order: what\n"
"[(m.start(), m.end(), m.group(1)) for m in YEAR_RE.finditer(text)] gives.");

static PyObject *year_matches(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int rc;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: rc = years_1(data, n, text, out); break;
    case PyUnicode_2BYTE_KIND: rc = years_2(data, n, text, out); break;
    default: rc = years_4(data, n, text, out); break;
    }
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* ---- the word before a name, for the context of a name the word lists do not know ---- */

static int in_ascii(Py_UCS4 ch, const char *set) {
    return ch < 128 && ch != 0 && strchr(set, (int)ch) != NULL;
}

/* 0 when the name at start opens a sentence, else 1 and the span of the word before it. */
static int word_before_span(PyObject *text, Py_ssize_t start, Py_ssize_t *begin, Py_ssize_t *end) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t i = start - 1;
    for (; i >= 0; i--) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!(in_ascii(ch, " \t\"'(") || ch == 0x201C /* “ */ || ch == 0x2018 /* ‘ */
                || ch == 0xAB /* « */)) {
            break;
        }
    }
    if (i < 0 || in_ascii(PyUnicode_READ(kind, data, i), ".!?:;\n")) return 0;
    Py_ssize_t low = start > 40 ? start - 40 : 0, stop = start;
    while (stop > low && in_ascii(PyUnicode_READ(kind, data, stop - 1), " ,")) stop--;
    while (stop > low && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, stop - 1))) stop--;
    Py_ssize_t first = stop;
    while (first > low && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, first - 1))) first--;
    *begin = first;
    *end = stop;
    return 1;
}

PyDoc_STRVAR(word_before_doc,
"word_before(text, start) -> str | None\n\n"
"None when the name at start opens a sentence (only blanks, quotes and brackets between it\n"
"and one of . ! ? : ; or a line break, or the start of the text); else the last word of\n"
"text[max(0, start - 40):start].rstrip(\" ,\"), \"\" when there is none: what\n"
"archive.names._word_before gives.");

static PyObject *word_before(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "word_before takes text (a str) and start (an int)");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    if (start == -1 && PyErr_Occurred()) return NULL;
    if (start < 0 || start > PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_ValueError, "start is outside the text");
        return NULL;
    }
    Py_ssize_t begin, end;
    if (!word_before_span(text, start, &begin, &end)) Py_RETURN_NONE;
    return PyUnicode_Substring(text, begin, end);
}

/* ---- a reporting verb after a name: what archive.names._VERB_AFTER matches ----
 *
 *   ","? blanks+ ("who" | "whom" | "whose") boundary
 *   | blanks+ (("also" | "later" | "once" | "then") blanks+)? verb boundary
 *
 * in the 40 characters after the name (the regular expression's endpos: a word cut there ends
 * there). Blanks are what \s matches (Py_UNICODE_ISSPACE), a boundary is no word character
 * next. The words all start with a letter, so taking every blank is the only way to go on. */

static const char *const WHO[] = {"who", "whom", "whose", NULL};
static const char *const ADVERBS[] = {"also", "later", "once", "then", NULL};
static const char *const VERBS[] = {
    "said", "says", "say", "told", "tells", "wrote", "writes", "tweeted", "recalled", "recalls",
    "remembered", "stated", "added", "explained", "noted", "commented", "declared", "announced",
    "described", "called", "asked", "replied", "answered", "was born", "died", "dies", "had been",
    "has been", NULL};

static inline Py_ALWAYS_INLINE Py_ssize_t spaces_end(SCAN_ARGS, Py_ssize_t i) {
    while (i < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) i++;
    return i;
}

/* Whether one of the words is at i, followed by a boundary (or the end). */
static inline Py_ALWAYS_INLINE int one_of_at(SCAN_ARGS, Py_ssize_t i, const char *const *words) {
    Py_ssize_t len;
    for (; *words; words++) {
        if (word_at(FORWARD, i, *words, &len) && !is_word(AT(i + len))) return 1;
    }
    return 0;
}

static inline Py_ALWAYS_INLINE int verb_at(SCAN_ARGS, Py_ssize_t end) {
    Py_ssize_t i = end + (AT(end) == ',');
    Py_ssize_t words = spaces_end(FORWARD, i);
    if (words > i && one_of_at(FORWARD, words, WHO)) return 1;
    words = spaces_end(FORWARD, end);
    if (words == end) return 0;
    Py_ssize_t len;
    for (const char *const *adverb = ADVERBS; *adverb; adverb++) {
        if (word_at(FORWARD, words, *adverb, &len)) {
            Py_ssize_t after = spaces_end(FORWARD, words + len);
            if (after > words + len && one_of_at(FORWARD, after, VERBS)) return 1;
            break;  /* no two adverbs start alike */
        }
    }
    return one_of_at(FORWARD, words, VERBS);
}

static int verb_1(const void *data, Py_ssize_t n, Py_ssize_t end) {
    return verb_at(PyUnicode_1BYTE_KIND, data, n, end);
}
static int verb_2(const void *data, Py_ssize_t n, Py_ssize_t end) {
    return verb_at(PyUnicode_2BYTE_KIND, data, n, end);
}
static int verb_4(const void *data, Py_ssize_t n, Py_ssize_t end) {
    return verb_at(PyUnicode_4BYTE_KIND, data, n, end);
}

/* Whether a reporting verb or "who" follows the name that ends at end (0 <= end <= length). */
static int verb_follows(PyObject *text, Py_ssize_t end) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n - end > 40) n = end + 40;  /* the text ends there for the match */
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return verb_1(data, n, end);
    case PyUnicode_2BYTE_KIND: return verb_2(data, n, end);
    default: return verb_4(data, n, end);
    }
}

PyDoc_STRVAR(verb_after_doc,
"verb_after(text, end) -> bool\n\n"
"Whether a reporting verb or \"who\" follows the name that ends at end: what\n"
"archive.names._VERB_AFTER.match(text, end, end + 40) is not None gives.");

static PyObject *verb_after(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "verb_after takes text (a str) and end (an int)");
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t end = PyLong_AsSsize_t(args[1]);
    if (end == -1 && PyErr_Occurred()) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (end < 0 || end > n) {
        PyErr_SetString(PyExc_ValueError, "end is outside the text");
        return NULL;
    }
    return PyBool_FromLong(verb_follows(text, end));
}

/* ---- the mentions of the names found: archive.names._mentions in C ----
 *
 * The loop that turns each (offset, string) of name_matches into a Mention: the cached answer
 * for the string (a Python call, learn, only for a string not seen before), and for an unknown
 * name its neighbours as archive.names._contextual weighs them (verb_after and word_before
 * above; the apposition after a comma is a regular expression, left to Python). */

static PyObject *PERSON, *PLACE, *OTHER, *LOWER;  /* made in PyInit__names */

typedef struct {
    PyObject *text, *statics, *no_names, *learn, *lex, *aliases, *roles, *apposition;
    PyTypeObject *mention;
    PyObject *const *slots;  /* the member descriptors of Mention's five fields */
    PyObject *mentions, *persons, *others;  /* what name_mentions returns */
} Names;

/* Whether the str s equals the interned kind. */
static int is_kind(PyObject *s, PyObject *kind) {
    return s == kind || (PyUnicode_Check(s) && PyUnicode_Compare(s, kind) == 0);
}

static int ends_with(PyObject *s, const char *suffix) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), k = (Py_ssize_t)strlen(suffix);
    if (n < k) return 0;
    for (Py_ssize_t i = 0; i < k; i++) {
        if (PyUnicode_READ_CHAR(s, n - k + i) != (Py_UCS4)(unsigned char)suffix[i]) return 0;
    }
    return 1;
}

static int has_space(PyObject *s) {
    return PyUnicode_FindChar(s, ' ', 0, PyUnicode_GET_LENGTH(s), 1) >= 0;
}

/* The word before a name, as _contextual compares it: word.lower().strip("("); NULL on an
 * error, None when the name opens a sentence. */
static PyObject *word_compared(PyObject *text, Py_ssize_t start) {
    Py_ssize_t begin, end;
    if (!word_before_span(text, start, &begin, &end)) Py_RETURN_NONE;
    PyObject *word = PyUnicode_Substring(text, begin, end);
    if (word == NULL) return NULL;
    PyObject *lower = PyObject_CallMethodNoArgs(word, LOWER);  /* str.lower: Unicode's rules */
    Py_DECREF(word);
    if (lower == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(lower), first = 0, stop = n;
    while (first < stop && PyUnicode_READ_CHAR(lower, first) == '(') first++;
    while (stop > first && PyUnicode_READ_CHAR(lower, stop - 1) == '(') stop--;
    if (first == 0 && stop == n) return lower;
    PyObject *stripped = PyUnicode_Substring(lower, first, stop);
    Py_DECREF(lower);
    return stripped;
}

/* The words that archive.names._APPOSITION passes over after the comma, in its order. */
static const char *const DETERMINERS[] = {
    "one of", "also", "a", "an", "the", "his", "her", "my", "their", "our", "its", NULL};

/* The word of the apposition after the comma at end, as archive.names._APPOSITION finds it in
 * the 60 characters from the comma on: the comma, blanks, DETERMINERS each followed by blanks,
 * then a run of word characters, less a final "s" when two or more long (group 1 of the
 * regular expression, which takes its words lazily). 1 and the span of the word when there is
 * one, 0 when there is no apposition (no blank after the comma), -1 when no word character
 * comes after the determiners: there the regular expression backs up in ways not followed
 * here, and Python decides. Blanks are what \s matches. */
static int apposition_word(PyObject *text, Py_ssize_t end, Py_ssize_t *begin, Py_ssize_t *stop) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n - end > 60) n = end + 60;  /* the text ends there for the match */
    Py_ssize_t i = spaces_end(FORWARD, end + 1), len;
    if (i == end + 1) return 0;
    for (int more = 1; more;) {  /* any number of determiners, each time tried in order */
        more = 0;
        for (const char *const *word = DETERMINERS; *word && !more; word++) {
            if (word_at(FORWARD, i, *word, &len) && Py_UNICODE_ISSPACE(AT(i + len))) {
                i = spaces_end(FORWARD, i + len);
                more = 1;
            }
        }
    }
    if (!is_word(AT(i))) return -1;
    Py_ssize_t last = i;
    while (is_word(AT(last))) last++;
    if (last - i >= 2 && AT(last - 1) == 's') last--;
    *begin = i;
    *stop = last;
    return 1;
}

/* Whether the apposition after the comma at end names a role: ", a neighbour"; -1 on an error. */
static int role_in_apposition(Names *c, Py_ssize_t end) {
    Py_ssize_t begin, stop;
    int found = apposition_word(c->text, end, &begin, &stop);
    if (found == 0) return 0;
    PyObject *result;
    if (found < 0) {
        PyObject *at = PyLong_FromSsize_t(end);
        if (at == NULL) return -1;
        PyObject *args[] = {c->text, at, c->roles};
        result = PyObject_Vectorcall(c->apposition, args, 3, NULL);
        Py_DECREF(at);
        int role = result == NULL ? -1 : PyObject_IsTrue(result);
        Py_XDECREF(result);
        return role;
    }
    PyObject *word = PyUnicode_Substring(c->text, begin, stop);
    if (word == NULL) return -1;
    PyObject *lower = PyObject_CallMethodNoArgs(word, LOWER);
    Py_DECREF(word);
    if (lower == NULL) return -1;
    int role = PySet_Contains(c->roles, lower);
    Py_DECREF(lower);
    return role;
}

/* The kind of an unknown name at [start, end) (a borrowed reference), NULL on an error. */
static PyObject *contextual(Names *c, Py_ssize_t start, Py_ssize_t end, PyObject *name) {
    if (verb_follows(c->text, end)) return PERSON;
    if (end < PyUnicode_GET_LENGTH(c->text) && PyUnicode_READ_CHAR(c->text, end) == ',') {
        int role = role_in_apposition(c, end);
        if (role < 0) return NULL;
        if (role) return PERSON;
    }
    PyObject *word = word_compared(c->text, start);
    if (word == NULL) return NULL;
    if (word == Py_None) {  /* first word of a sentence: nothing before it to go by */
        Py_DECREF(word);
        return OTHER;
    }
    PyObject *kind = OTHER;
    int role = PySet_Contains(c->roles, word);
    if (role < 0) {
        kind = NULL;
    } else if (role) {
        kind = PERSON;
    } else if (!has_space(name)
               && (PyUnicode_CompareWithASCIIString(word, "in") == 0
                   || PyUnicode_CompareWithASCIIString(word, "at") == 0
                   || PyUnicode_CompareWithASCIIString(word, "from") == 0
                   || PyUnicode_CompareWithASCIIString(word, "near") == 0)
               && !ends_with(name, "ian") && !ends_with(name, "ese") && !ends_with(name, "ish")) {
        kind = PLACE;
    }
    Py_DECREF(word);
    return kind;
}

/* Mention(start, end, text, kind, name) with its __post_init__ (name or text), its slots set
 * directly: the dataclass's generated __init__ in Python was most of the loop's cost. */
static PyObject *new_mention(Names *c, Py_ssize_t start, Py_ssize_t end, PyObject *text,
                             PyObject *kind, PyObject *name) {
    int named = PyObject_IsTrue(name);
    if (named < 0) return NULL;
    PyObject *mention = c->mention->tp_alloc(c->mention, 0);
    if (mention == NULL) return NULL;
    PyObject *values[5] = {PyLong_FromSsize_t(start), PyLong_FromSsize_t(end), text, kind,
                           named ? name : text};
    int rc = values[0] == NULL || values[1] == NULL ? -1 : 0;
    for (int k = 0; k < 5 && rc == 0; k++) {
        rc = Py_TYPE(c->slots[k])->tp_descr_set(c->slots[k], mention, values[k]);
    }
    Py_XDECREF(values[0]);
    Py_XDECREF(values[1]);
    if (rc < 0) {
        Py_DECREF(mention);
        return NULL;
    }
    return mention;
}

/* Adds what the name the scan found at [offset, stop) is to the three lists; -1 on an error. */
static int add_found(void *sink, PyObject *text, Py_ssize_t offset, Py_ssize_t stop) {
    Names *c = sink;
    PyObject *raw = PyUnicode_Substring(text, offset, stop);
    if (raw == NULL) return -1;
    PyObject *info = PyDict_GetItemWithError(c->statics, raw);
    if (info != NULL) {
        Py_INCREF(info);
    } else if (!PyErr_Occurred()) {  /* a string not seen before: what it says alone, remembered */
        PyObject *args[] = {raw, c->lex};
        info = PyObject_Vectorcall(c->learn, args, 2, NULL);
        if (info != NULL && (PyDict_SetItem(c->statics, raw, info) < 0
                             || (info == Py_None && PySet_Add(c->no_names, raw) < 0))) {
            Py_CLEAR(info);
        }
    }
    Py_DECREF(raw);
    if (info == NULL) return -1;
    int rc = -1;
    if (info == Py_None) {  /* no name */
        rc = 0;
        goto done;
    }
    if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 3 || !PyUnicode_Check(PyTuple_GET_ITEM(info, 1))) {
        PyErr_SetString(PyExc_TypeError, "a cached name must be (shift, name, kind) or None");
        goto done;
    }
    Py_ssize_t shift = PyLong_AsSsize_t(PyTuple_GET_ITEM(info, 0));
    if (shift == -1 && PyErr_Occurred()) goto done;
    PyObject *name = PyTuple_GET_ITEM(info, 1), *kind = PyTuple_GET_ITEM(info, 2);
    Py_ssize_t start = offset + shift, end = start + PyUnicode_GET_LENGTH(name);
    if (start < 0 || end > PyUnicode_GET_LENGTH(c->text)) {
        PyErr_SetString(PyExc_ValueError, "a name is outside the text");
        goto done;
    }
    if (kind == Py_None && (kind = contextual(c, start, end, name)) == NULL) goto done;
    if (is_kind(kind, OTHER)) {
        rc = 0;
        if (!has_space(name)) {  /* only a single word can turn out to be a person ("Zorya") */
            PyObject *other = Py_BuildValue("(nnO)", start, end, name);
            rc = other == NULL ? -1 : PyList_Append(c->others, other);
            Py_XDECREF(other);
        }
        goto done;
    }
    int person = is_kind(kind, PERSON);
    PyObject *canonical = name;
    if (person && (canonical = PyDict_GetItemWithError(c->aliases, name)) == NULL) {
        if (PyErr_Occurred()) goto done;
        canonical = name;
    }
    Py_INCREF(canonical);  /* borrowed from aliases, and making the mention may run Python (gc) */
    PyObject *mention = new_mention(c, start, end, name, kind, canonical);
    Py_DECREF(canonical);
    if (mention == NULL) goto done;
    rc = PyList_Append(c->mentions, mention);
    if (rc == 0 && person) rc = PyList_Append(c->persons, mention);
    Py_DECREF(mention);
done:
    Py_DECREF(info);
    return rc;
}

PyDoc_STRVAR(name_mentions_doc,
"name_mentions(text, static, no_names, learn, lex, aliases, roles, apposition, mention, slots)\n"
"-> tuple[list[Mention], list[Mention], list[tuple[int, int, str]]]\n\n"
"The mentions of the names in text, the person mentions among them and the single words of kind\n"
"\"other\": what archive.names._mentions gives for the names NAME_RE finds. static maps a string\n"
"to (shift, name, kind) or None for no name; for a string not in it, learn(string, lex) tells,\n"
"and the answer goes into static (and the string into the set no_names when it is None).\n"
"apposition(text, end, roles) tells a role after a comma; mention is the Mention class and\n"
"slots the member descriptors of its five fields.");

static PyObject *name_mentions(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 10) {
        PyErr_SetString(PyExc_TypeError, "name_mentions takes ten arguments");
        return NULL;
    }
    PyObject *slots = args[9];
    Names c = {args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7],
               (PyTypeObject *)args[8], NULL, NULL, NULL, NULL};
    if (!PyUnicode_Check(c.text) || !PyDict_Check(c.statics) || !PySet_Check(c.no_names)
            || !PyCallable_Check(c.learn) || !PyDict_Check(c.aliases) || !PyAnySet_Check(c.roles)
            || !PyCallable_Check(c.apposition) || !PyType_Check(args[8])
            || !PyTuple_Check(slots) || PyTuple_GET_SIZE(slots) != 5) {
        PyErr_SetString(PyExc_TypeError, "name_mentions: an argument of the wrong type");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < 5; k++) {
        if (Py_TYPE(PyTuple_GET_ITEM(slots, k))->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "slots must be the descriptors of Mention's fields");
            return NULL;
        }
    }
    c.slots = &PyTuple_GET_ITEM(slots, 0);
    c.mentions = PyList_New(0);
    c.persons = PyList_New(0);
    c.others = PyList_New(0);
    if (c.mentions == NULL || c.persons == NULL || c.others == NULL || scan_text(c.text, add_found, &c) < 0) {
        Py_XDECREF(c.mentions);
        Py_XDECREF(c.persons);
        Py_XDECREF(c.others);
        return NULL;
    }
    return Py_BuildValue("(NNN)", c.mentions, c.persons, c.others);
}

static PyMethodDef methods[] = {
    {"name_matches", (PyCFunction)(void (*)(void))name_matches, METH_FASTCALL, name_matches_doc},
    {"year_matches", year_matches, METH_O, year_matches_doc},
    {"verb_after", (PyCFunction)(void (*)(void))verb_after, METH_FASTCALL, verb_after_doc},
    {"word_before", (PyCFunction)(void (*)(void))word_before, METH_FASTCALL, word_before_doc},
    {"name_mentions", (PyCFunction)(void (*)(void))name_mentions, METH_FASTCALL, name_mentions_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "archive._names",
    "The name and year scans of entity tagging, in C (optional: archive.names has the same in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__names(void) {
    for (Py_UCS4 ch = 0; ch < 256; ch++) latin1[ch] = (unsigned char)classify(ch);
    PERSON = PyUnicode_InternFromString("person");
    PLACE = PyUnicode_InternFromString("place");
    OTHER = PyUnicode_InternFromString("other");
    LOWER = PyUnicode_InternFromString("lower");
    if (PERSON == NULL || PLACE == NULL || OTHER == NULL || LOWER == NULL) {
        return NULL;
    }
    return PyModule_Create(&module);
}
