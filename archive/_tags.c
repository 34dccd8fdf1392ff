/* archive._tags: the end of a passage's stored JSON (its topics, entities and quotes), in C.
 *
 * Optional: archive.store.encode_tags writes the same text in Python when this module is not
 * built, and takes over whenever encode returns None. tests/archive/test_store_json.py checks
 * that both give json's own encoding of passage_to_dict. The text is
 *
 *   ,"topics":[label,...],"topic_triggers":{label:[word,...],...}
 *   ,"entities":[{"type":t,"name":n,"start":s,"end":e},...]
 *   ,"quotes":[{"start":s,"end":e,"speaker":x or null},...]}
 *
 * on one line, strings escaped as json.encoder.encode_basestring does (ensure_ascii off: only
 * '"', '\\' and control characters are escaped).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <string.h>

/* The text grows in a buffer of code points; PyUnicode_FromKindAndData narrows it at the end. */
typedef struct {
    Py_UCS4 *data;
    Py_ssize_t len, cap;
} Out;

static int reserve(Out *out, Py_ssize_t more) {
    if (out->len + more <= out->cap) return 0;
    Py_ssize_t cap = out->cap ? out->cap : 256;
    while (cap < out->len + more) cap *= 2;
    Py_UCS4 *data = PyMem_Realloc(out->data, (size_t)cap * sizeof(Py_UCS4));
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    out->data = data;
    out->cap = cap;
    return 0;
}

static int put_ascii(Out *out, const char *s) {
    Py_ssize_t n = (Py_ssize_t)strlen(s);
    if (reserve(out, n) < 0) return -1;
    for (Py_ssize_t k = 0; k < n; k++) out->data[out->len++] = (unsigned char)s[k];
    return 0;
}

/* A str as a JSON string, escaped as encode_basestring escapes it. */
static int put_str(Out *out, PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (reserve(out, n * 6 + 2) < 0) return -1;  /* the longest escape, \u00XX, is 6 */
    out->data[out->len++] = '"';
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (ch >= 0x20 && ch != '"' && ch != '\\') {
            out->data[out->len++] = ch;
            continue;
        }
        const char *esc = NULL;
        switch (ch) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        }
        char buf[8];
        if (esc == NULL) {
            snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch);
            esc = buf;
        }
        for (const char *c = esc; *c; c++) out->data[out->len++] = (unsigned char)*c;
    }
    out->data[out->len++] = '"';
    return 0;
}

/* An exact int as its digits; 1 when it is not one (or too big): the caller gives up. */
static int put_int(Out *out, PyObject *v) {
    if (!PyLong_CheckExact(v)) return 1;
    int overflow;
    long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow) return 1;
    if (n == -1 && PyErr_Occurred()) return -1;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", n);
    return put_ascii(out, buf);
}

static PyObject *s_topics, *s_entities, *s_quotes, *s_label, *s_triggers, *s_type, *s_name,
    *s_start, *s_end, *s_speaker;

/* A list of strs as a JSON array; 1 when it is not one. */
static int put_str_list(Out *out, PyObject *list) {
    if (!PyList_CheckExact(list) && !PyTuple_CheckExact(list)) return 1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(list);
    PyObject **items = PySequence_Fast_ITEMS(list);
    for (Py_ssize_t k = 0; k < n; k++) {
        if (!PyUnicode_CheckExact(items[k])) return 1;
    }
    if (put_ascii(out, "[") < 0) return -1;
    for (Py_ssize_t k = 0; k < n; k++) {
        if ((k && put_ascii(out, ",") < 0) || put_str(out, items[k]) < 0) return -1;
    }
    return put_ascii(out, "]");
}

/* The topics part; 1 when Python must write it (odd values, or one label twice, which
 * passage_to_dict's dict would fold into one key). */
static int put_topics(Out *out, PyObject *topics) {
    Py_ssize_t n = PyList_GET_SIZE(topics);
    if (n == 0) return put_ascii(out, ",\"topics\":[],\"topic_triggers\":{}");
    /* Two passes over the tags: the labels, then the labels and their words. */
    PyObject *labels = PyList_New(n), *triggers = PyList_New(n);
    int rc = labels == NULL || triggers == NULL ? -1 : 0;
    for (Py_ssize_t k = 0; k < n && rc == 0; k++) {
        PyObject *t = PyList_GET_ITEM(topics, k);
        PyObject *label = PyObject_GetAttr(t, s_label);
        PyObject *words = label == NULL ? NULL : PyObject_GetAttr(t, s_triggers);
        if (words == NULL) {
            Py_XDECREF(label);
            rc = -1;
            break;
        }
        PyList_SET_ITEM(labels, k, label);  /* the lists take the references */
        PyList_SET_ITEM(triggers, k, words);
        if (!PyUnicode_CheckExact(label)) rc = 1;
        for (Py_ssize_t j = 0; j < k && rc == 0; j++) {
            if (PyUnicode_Compare(PyList_GET_ITEM(labels, j), label) == 0) rc = 1;
        }
    }
    if (rc == 0) rc = put_ascii(out, ",\"topics\":[");
    for (Py_ssize_t k = 0; k < n && rc == 0; k++) {
        if (k) rc = put_ascii(out, ",");
        if (rc == 0) rc = put_str(out, PyList_GET_ITEM(labels, k));
    }
    if (rc == 0) rc = put_ascii(out, "],\"topic_triggers\":{");
    for (Py_ssize_t k = 0; k < n && rc == 0; k++) {
        if (k) rc = put_ascii(out, ",");
        if (rc == 0) rc = put_str(out, PyList_GET_ITEM(labels, k));
        if (rc == 0) rc = put_ascii(out, ":");
        if (rc == 0) rc = put_str_list(out, PyList_GET_ITEM(triggers, k));
    }
    if (rc == 0) rc = put_ascii(out, "}");
    Py_XDECREF(labels);  /* a list made by PyList_New holds NULLs where nothing was set: fine */
    Py_XDECREF(triggers);
    return rc;
}

/* One field "key":value of an entity or quote, value a str (or None, when allowed) or an int. */
static int put_field(Out *out, PyObject *obj, PyObject *name, const char *key, char what) {
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL) return -1;
    int rc = put_ascii(out, key);
    if (rc == 0) {
        if (what == 'i') {
            rc = put_int(out, v);
        } else if (what == 'n' && v == Py_None) {
            rc = put_ascii(out, "null");
        } else {
            rc = PyUnicode_CheckExact(v) ? put_str(out, v) : 1;
        }
    }
    Py_DECREF(v);
    return rc;
}

/* One field of an entity or a quote: its attribute, its JSON key and what it holds ('s' a str,
 * 'n' a str or None, 'i' an int). */
typedef struct {
    PyObject **name;
    const char *key;
    char what;
} Field;

static const Field ENTITY[] = {{&s_type, "{\"type\":", 's'}, {&s_name, ",\"name\":", 's'},
                               {&s_start, ",\"start\":", 'i'}, {&s_end, ",\"end\":", 'i'}, {NULL, NULL, 0}};
static const Field QUOTE[] = {{&s_start, "{\"start\":", 'i'}, {&s_end, ",\"end\":", 'i'},
                              {&s_speaker, ",\"speaker\":", 'n'}, {NULL, NULL, 0}};

/* A list of entities or quotes as ,"key":[{...},...] followed by close. */
static int put_objects(Out *out, PyObject *list, const char *open, const Field *fields, const char *close) {
    if (put_ascii(out, open) < 0) return -1;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(list); k++) {
        PyObject *obj = PyList_GET_ITEM(list, k);
        int rc = put_ascii(out, k ? "," : "");
        for (const Field *f = fields; f->name != NULL && rc == 0; f++) {
            rc = put_field(out, obj, *f->name, f->key, f->what);
        }
        if (rc == 0) rc = put_ascii(out, "}");
        if (rc) return rc;
    }
    return put_ascii(out, close);
}

PyDoc_STRVAR(encode_doc,
"encode(passage) -> str | None\n\n"
"The end of the passage's stored JSON, as archive.store.encode_tags writes it; None when a\n"
"value is not what the model holds (not a list, str or int where it should be, or a topic\n"
"label given twice), for Python to encode as json would.");

static PyObject *encode(PyObject *module, PyObject *passage) {
    PyObject *topics = PyObject_GetAttr(passage, s_topics);
    PyObject *entities = topics == NULL ? NULL : PyObject_GetAttr(passage, s_entities);
    PyObject *quotes = entities == NULL ? NULL : PyObject_GetAttr(passage, s_quotes);
    PyObject *result = NULL;
    Out out = {NULL, 0, 0};
    int rc = 1;
    if (quotes == NULL) goto done;
    if (!PyList_CheckExact(topics) || !PyList_CheckExact(entities) || !PyList_CheckExact(quotes)) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    rc = put_topics(&out, topics);
    if (rc == 0) rc = put_objects(&out, entities, ",\"entities\":[", ENTITY, "]");
    if (rc == 0) rc = put_objects(&out, quotes, ",\"quotes\":[", QUOTE, "]}");
    if (rc == 1) {
        result = Py_NewRef(Py_None);
    } else if (rc == 0) {
        result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.data, out.len);
    }
done:
    PyMem_Free(out.data);
    Py_XDECREF(topics);
    Py_XDECREF(entities);
    Py_XDECREF(quotes);
    return result;
}

static PyMethodDef methods[] = {
    {"encode", (PyCFunction)encode, METH_O, encode_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "archive._tags",
    "The stored JSON of a passage's tags, in C (optional: archive.store has it in Python).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__tags(void) {
    struct {
        PyObject **slot;
        const char *name;
    } names[] = {
        {&s_topics, "topics"}, {&s_entities, "entities"}, {&s_quotes, "quotes"}, {&s_label, "label"},
        {&s_triggers, "triggers"}, {&s_type, "type"}, {&s_name, "name"}, {&s_start, "start"},
        {&s_end, "end"}, {&s_speaker, "speaker"},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (*names[k].slot == NULL && (*names[k].slot = PyUnicode_InternFromString(names[k].name)) == NULL) {
            return NULL;
        }
    }
    return PyModule_Create(&module);
}
