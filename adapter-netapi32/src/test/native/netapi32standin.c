/*
 * The native stand-in of Netapi32: a TEST FIXTURE, not a product.
 *
 * A Linux x86-64 shared library with the Win32 ABI and Windows semantics of NetConnectionEnum,
 * NetApiBufferFree and NetApiBufferSize, answering from a scenario file (testkit/SCENARIO.md) exactly as the
 * testkit's reference (io.github.netconn.testkit.Scenario#answer) and the scripted server
 * (testkit/servers/scripted/srvsvc_server.py) do, so that the JNA adapter written for Windows
 * can be proven on Linux. See README.md next to this file.
 *
 * The Win32 types, structures and prototypes it implements are in netapi32standin.h, which
 * WindowsHeadersTest holds to mingw-w64's Windows headers: CONNECTION_INFO_0 is 4 bytes and
 * CONNECTION_INFO_1 40 bytes, as on Windows x64.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casefold.h"
#include "netapi32standin.h"

#define EXPORT __attribute__((visibility("default")))

_Static_assert(sizeof(CONNECTION_INFO_0) == 4, "CONNECTION_INFO_0 is 4 bytes on Windows x64");
_Static_assert(sizeof(CONNECTION_INFO_1) == 40, "CONNECTION_INFO_1 is 40 bytes on Windows x64");
_Static_assert(offsetof(CONNECTION_INFO_1, coni1_username) == 24, "20 bytes of DWORDs, 4 of padding");

enum {
    NERR_Success = 0,
    ERROR_ACCESS_DENIED = 5,
    ERROR_NOT_ENOUGH_MEMORY = 8,
    ERROR_BAD_NETPATH = 53,
    ERROR_INVALID_PARAMETER = 87,
    ERROR_INVALID_LEVEL = 124,
    ERROR_MORE_DATA = 234,
    RPC_X_BAD_STUB_DATA = 1783,
    NERR_NetNameNotFound = 2310,
    NERR_ClientNameNotFound = 2312,
};

#define MAX_QUALIFIER_UNITS 1023u
#define SCENARIO_ENV "NETCONN_STANDIN_SCENARIO"
/* Sanity bounds, far beyond any scenario a test writes (10,000 connections are ~2 MB). */
#define MAX_SCENARIO_BYTES ((size_t)1 << 30)
#define MAX_JSON_DEPTH 64

static const WCHAR DEFAULT_CALLER[] = {'n', 'e', 't', 'a', 'd', 'm', 'i', 'n', 0};
static const WCHAR DEFAULT_SERVER[] = {'s', 't', 'a', 'n', 'd', 'i', 'n', '.', 't', 'e', 's', 't', 0};

/* ------------------------------------------------------------------------------------------ */
/* UTF-16 names and comparing them ignoring case                                              */
/* ------------------------------------------------------------------------------------------ */

/* A string as UTF-16 code units; units == NULL is a JSON null / NULL pointer. */
typedef struct {
    const WCHAR *units;
    size_t length;
} wname;

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n] != 0) {
        n++;
    }
    return n;
}

static uint32_t next_code_point(const WCHAR *s, size_t n, size_t *i)
{
    uint32_t u = s[(*i)++];
    if (u >= 0xD800 && u <= 0xDBFF && *i < n && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (uint32_t)(s[(*i)++] - 0xDC00);
    }
    return u; /* a lone surrogate stands for itself */
}

static uint32_t fold(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    }
    size_t lo = 0, hi = sizeof standin_casefold / sizeof standin_casefold[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (standin_casefold[mid][0] == cp) {
            return standin_casefold[mid][1];
        }
        if (standin_casefold[mid][0] < cp) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return cp;
}

/* Java's String.equalsIgnoreCase: same length in UTF-16 units, then per code point equal after
   toLowerCase(toUpperCase(c)) (casefold.h). A NULL name equals nothing. */
static bool same_name(const WCHAR *a, size_t an, const WCHAR *b, size_t bn)
{
    if (a == NULL || b == NULL || an != bn) {
        return false;
    }
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        if (fold(next_code_point(a, an, &i)) != fold(next_code_point(b, bn, &j))) {
            return false;
        }
    }
    return i == an && j == bn;
}

/* Decodes one strictly valid UTF-8 sequence at *pp (< end): the code point, or -1. */
static int32_t utf8_next(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    uint32_t cp;
    int more;
    if (p[0] < 0x80) {
        *pp = p + 1;
        return p[0];
    } else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        cp = p[0] & 0x1Fu;
        more = 1;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        cp = p[0] & 0x0Fu;
        more = 2;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        cp = p[0] & 0x07u;
        more = 3;
    } else {
        return -1;
    }
    if (end - p <= more) {
        return -1;
    }
    for (int k = 1; k <= more; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            return -1;
        }
        cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF))
            || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1; /* overlong, beyond Unicode, or an encoded surrogate */
    }
    *pp = p + more + 1;
    return (int32_t)cp;
}

static size_t put_code_point(WCHAR *out, uint32_t cp)
{
    if (cp < 0x10000) {
        out[0] = (WCHAR)cp;
        return 1;
    }
    cp -= 0x10000;
    out[0] = (WCHAR)(0xD800 + (cp >> 10));
    out[1] = (WCHAR)(0xDC00 + (cp & 0x3FF));
    return 2;
}

/* A NUL-terminated UTF-8 string as a new NUL-terminated UTF-16 string; NULL if invalid
   (*nomem tells out-of-memory apart). */
static WCHAR *utf8_to_utf16(const char *s, bool *nomem)
{
    size_t bytes = strlen(s);
    const unsigned char *p = (const unsigned char *)s, *end = p + bytes;
    *nomem = false;
    WCHAR *out = malloc((bytes + 1) * sizeof(WCHAR)); /* never more units than bytes */
    if (out == NULL) {
        *nomem = true;
        return NULL;
    }
    size_t n = 0;
    while (p < end) {
        int32_t cp = utf8_next(&p, end);
        if (cp < 0) {
            free(out);
            return NULL;
        }
        n += put_code_point(out + n, (uint32_t)cp);
    }
    out[n] = 0;
    return out;
}

static WCHAR *wdup(const WCHAR *s)
{
    size_t n = wlen(s);
    WCHAR *copy = malloc((n + 1) * sizeof(WCHAR));
    if (copy != NULL) {
        memcpy(copy, s, (n + 1) * sizeof(WCHAR));
    }
    return copy;
}

/* ------------------------------------------------------------------------------------------ */
/* A small strict JSON parser (RFC 8259, as Python's json module reads it)                      */
/* ------------------------------------------------------------------------------------------ */

typedef enum { J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

typedef struct jnode {
    jtype type;
    /* J_NUMBER */
    bool integer;           /* no fraction and no exponent: a Python int */
    bool negative;
    bool too_big;           /* the integer does not fit 64 bits */
    bool zero;              /* every digit is 0 */
    uint64_t magnitude;     /* integers only */
    /* J_STRING: UTF-16 units, NUL-terminated (JSON may hold \u0000 too: length counts it) */
    WCHAR *units;
    size_t length;
    /* J_ARRAY: the items; J_OBJECT: name, value, name, value, ... */
    struct jnode **kids;
    size_t nkids;
} jnode;

typedef struct {
    const unsigned char *start, *p, *end;
    const char *error; /* static text */
    size_t error_at;
    bool nomem;
    unsigned depth;
} jparser;

static void free_node(jnode *node)
{
    if (node == NULL) {
        return;
    }
    for (size_t i = 0; i < node->nkids; i++) {
        free_node(node->kids[i]);
    }
    free(node->kids);
    free(node->units);
    free(node);
}

static jnode *fail(jparser *ps, const char *why)
{
    if (ps->error == NULL) {
        ps->error = why;
        ps->error_at = (size_t)(ps->p - ps->start);
    }
    return NULL;
}

static jnode *new_node(jparser *ps, jtype type)
{
    jnode *node = calloc(1, sizeof *node);
    if (node == NULL) {
        ps->nomem = true;
        return fail(ps, "out of memory");
    }
    node->type = type;
    return node;
}

static void skip_ws(jparser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
        ps->p++;
    }
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* At the opening quote. \uXXXX escapes become units as they are, so surrogate pairs written as
   two escapes come out as the pair and a lone surrogate stays a lone unit; raw UTF-8 is
   decoded strictly. */
static jnode *parse_string(jparser *ps)
{
    const unsigned char *q = ps->p + 1;
    while (q < ps->end && *q != '"') {
        q += *q == '\\' && q + 1 < ps->end ? 2 : 1;
    }
    if (q >= ps->end) {
        return fail(ps, "unterminated string");
    }
    jnode *node = new_node(ps, J_STRING);
    if (node == NULL) {
        return NULL;
    }
    size_t bytes = (size_t)(q - (ps->p + 1));
    node->units = malloc((bytes + 1) * sizeof(WCHAR)); /* never more units than bytes */
    if (node->units == NULL) {
        ps->nomem = true;
        free_node(node);
        return fail(ps, "out of memory");
    }
    size_t n = 0;
    ps->p++;
    while (ps->p < q) {
        unsigned char c = *ps->p;
        if (c < 0x20) {
            free_node(node);
            return fail(ps, "control character in a string");
        }
        if (c >= 0x80) {
            int32_t cp = utf8_next(&ps->p, q); /* a '"' cannot sit inside a UTF-8 sequence */
            if (cp < 0) {
                free_node(node);
                return fail(ps, "invalid UTF-8");
            }
            n += put_code_point(node->units + n, (uint32_t)cp);
            continue;
        }
        if (c != '\\') {
            node->units[n++] = c;
            ps->p++;
            continue;
        }
        static const char escaped[] = "\"\\/bfnrt", decoded[] = "\"\\/\b\f\n\r\t";
        unsigned char e = ps->p[1]; /* ps->p + 1 < q: a backslash never ends the scan */
        const char *simple = e != 0 ? strchr(escaped, e) : NULL;
        if (simple != NULL) {
            node->units[n++] = (WCHAR)decoded[simple - escaped];
            ps->p += 2;
        } else if (e == 'u') {
            uint32_t unit = 0;
            for (int k = 2; k < 6; k++) {
                int h = ps->p + k < q ? hex_value(ps->p[k]) : -1;
                if (h < 0) {
                    free_node(node);
                    return fail(ps, "invalid \\u escape");
                }
                unit = unit << 4 | (uint32_t)h;
            }
            node->units[n++] = (WCHAR)unit;
            ps->p += 6;
        } else {
            free_node(node);
            return fail(ps, "invalid escape");
        }
    }
    node->units[n] = 0;
    node->length = n;
    ps->p = q + 1;
    return node;
}

static bool is_digit(jparser *ps)
{
    return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

static jnode *parse_number(jparser *ps)
{
    jnode *node = new_node(ps, J_NUMBER);
    if (node == NULL) {
        return NULL;
    }
    node->integer = true;
    node->zero = true;
    if (*ps->p == '-') {
        node->negative = true;
        ps->p++;
    }
    if (!is_digit(ps)) {
        free_node(node);
        return fail(ps, "invalid number");
    }
    if (*ps->p == '0') {
        ps->p++;
    } else {
        while (is_digit(ps)) {
            unsigned d = (unsigned)(*ps->p++ - '0');
            node->zero = false;
            if (node->magnitude > (UINT64_MAX - d) / 10) {
                node->too_big = true;
            } else {
                node->magnitude = node->magnitude * 10 + d;
            }
        }
    }
    if (ps->p < ps->end && *ps->p == '.') {
        node->integer = false;
        ps->p++;
        if (!is_digit(ps)) {
            free_node(node);
            return fail(ps, "invalid number");
        }
        while (is_digit(ps)) {
            node->zero = node->zero && *ps->p == '0';
            ps->p++;
        }
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        node->integer = false;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) {
            ps->p++;
        }
        if (!is_digit(ps)) {
            free_node(node);
            return fail(ps, "invalid number");
        }
        while (is_digit(ps)) {
            ps->p++;
        }
    }
    return node;
}

static jnode *parse_value(jparser *ps);

static bool add_kid(jparser *ps, jnode *parent, jnode *kid, size_t *capacity)
{
    if (parent->nkids == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 8;
        jnode **kids = grown < *capacity || grown > SIZE_MAX / sizeof *kids ? NULL
                : realloc(parent->kids, grown * sizeof *kids);
        if (kids == NULL) {
            free_node(kid);
            ps->nomem = true;
            fail(ps, "out of memory");
            return false;
        }
        parent->kids = kids;
        *capacity = grown;
    }
    parent->kids[parent->nkids++] = kid;
    return true;
}

static jnode *parse_container(jparser *ps, jtype type)
{
    if (++ps->depth > MAX_JSON_DEPTH) {
        return fail(ps, "nested too deeply");
    }
    jnode *node = new_node(ps, type);
    if (node == NULL) {
        return NULL;
    }
    unsigned char close = type == J_OBJECT ? '}' : ']';
    size_t capacity = 0;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return node;
    }
    for (;;) {
        if (type == J_OBJECT) {
            skip_ws(ps);
            if (ps->p == ps->end || *ps->p != '"') {
                fail(ps, "expected a member name");
                goto bad;
            }
            jnode *name = parse_string(ps);
            if (name == NULL || !add_kid(ps, node, name, &capacity)) {
                goto bad;
            }
            skip_ws(ps);
            if (ps->p == ps->end || *ps->p != ':') {
                fail(ps, "expected ':'");
                goto bad;
            }
            ps->p++;
        }
        jnode *value = parse_value(ps);
        if (value == NULL || !add_kid(ps, node, value, &capacity)) {
            goto bad;
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            break;
        }
        fail(ps, type == J_OBJECT ? "expected ',' or '}'" : "expected ',' or ']'");
        goto bad;
    }
    ps->depth--;
    return node;
bad:
    free_node(node);
    return NULL;
}

static jnode *parse_literal(jparser *ps, const char *text, jtype type)
{
    size_t n = strlen(text);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, text, n) != 0) {
        return fail(ps, "unexpected character");
    }
    ps->p += n;
    return new_node(ps, type);
}

static jnode *parse_value(jparser *ps)
{
    skip_ws(ps);
    if (ps->p == ps->end) {
        return fail(ps, "unexpected end of file");
    }
    switch (*ps->p) {
    case '{':
        return parse_container(ps, J_OBJECT);
    case '[':
        return parse_container(ps, J_ARRAY);
    case '"':
        return parse_string(ps);
    case 't':
        return parse_literal(ps, "true", J_TRUE);
    case 'f':
        return parse_literal(ps, "false", J_FALSE);
    case 'n':
        return parse_literal(ps, "null", J_NULL);
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
            return parse_number(ps);
        }
        return fail(ps, "unexpected character");
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The scenario (SCENARIO.md "Fields"), read as srvsvc_server.load_scenario reads it           */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    DWORD id, type, opens, users, seconds;
    wname user, computer, share; /* share may be null, as the Python server allows: never matches */
} connection;

typedef struct {
    jnode *doc; /* owns every string below */
    wname *shares;
    size_t nshares;
    connection *connections;
    size_t nconnections;
    bool has_status;
    DWORD status;
    wname *denied;
    size_t ndenied;
    bool ignore_page_size;
    bool resume_at_end_count;   /* "count"; false: "zero" */
    bool empty_array_null;      /* "null"; false: "empty" (the same for the native API) */
    bool no_progress;
    DWORD delay_millis;
} scenario;

typedef struct {
    char text[256];
    bool nomem;
} problem;

static bool bad(problem *why, const char *format, const char *what)
{
    snprintf(why->text, sizeof why->text, format, what);
    return false;
}

static bool name_is(const jnode *name, const char *ascii)
{
    size_t n = strlen(ascii);
    if (name->length != n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (name->units[i] != (unsigned char)ascii[i]) {
            return false;
        }
    }
    return true;
}

/* Python's truth value: null, false, 0, 0.0, "", [] and {} are false. */
static bool falsy(const jnode *v)
{
    return v == NULL || v->type == J_NULL || v->type == J_FALSE || (v->type == J_NUMBER && v->zero)
            || (v->type == J_STRING && v->length == 0)
            || ((v->type == J_ARRAY || v->type == J_OBJECT) && v->nkids == 0);
}

/* The members of obj by name (the last one of a repeated name wins, as in Python's json);
   a name not in names is an error, as in _check_keys. */
static bool members(const jnode *obj, const char *what, const char *const names[], size_t n,
                    const jnode *slots[], problem *why)
{
    if (obj->type != J_OBJECT) {
        return bad(why, "%s must be an object", what);
    }
    for (size_t k = 0; k < n; k++) {
        slots[k] = NULL;
    }
    for (size_t i = 0; i + 1 < obj->nkids; i += 2) {
        size_t k = 0;
        while (k < n && !name_is(obj->kids[i], names[k])) {
            k++;
        }
        if (k == n) {
            char shown[64];
            size_t m = 0;
            for (size_t u = 0; u < obj->kids[i]->length && m + 1 < sizeof shown; u++) {
                WCHAR c = obj->kids[i]->units[u];
                shown[m++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
            }
            shown[m] = 0;
            snprintf(why->text, sizeof why->text, "unknown %s field: %s", what, shown);
            return false;
        }
        slots[k] = obj->kids[i + 1];
    }
    return true;
}

static bool uint32_field(const jnode *v, const char *what, DWORD fallback, DWORD *out, problem *why)
{
    if (v == NULL || v->type == J_NULL) {
        *out = fallback;
        return true;
    }
    if (v->type != J_NUMBER || !v->integer) {
        return bad(why, "%s must be an integer", what);
    }
    if ((v->negative && !v->zero) || v->too_big || v->magnitude > 0xFFFFFFFFu) {
        return bad(why, "%s is not a uint32", what);
    }
    *out = (DWORD)v->magnitude;
    return true;
}

static bool string_field(const jnode *v, const char *what, wname *out, problem *why)
{
    out->units = NULL;
    out->length = 0;
    if (v == NULL || v->type == J_NULL) {
        return true;
    }
    if (v->type != J_STRING) {
        return bad(why, "%s must be a string or null", what);
    }
    out->units = v->units;
    out->length = v->length;
    return true;
}

static bool bool_field(const jnode *v, const char *what, bool fallback, bool *out, problem *why)
{
    if (v == NULL) {
        *out = fallback;
        return true;
    }
    if (v->type != J_TRUE && v->type != J_FALSE) {
        return bad(why, "quirks.%s must be true or false", what);
    }
    *out = v->type == J_TRUE;
    return true;
}

/* "shares" and "deniedUsers": absent or false-ish means none; otherwise an array of strings. */
static bool string_list(const jnode *v, const char *what, wname **out, size_t *n, problem *why)
{
    *out = NULL;
    *n = 0;
    if (falsy(v)) {
        return true;
    }
    if (v->type != J_ARRAY) {
        return bad(why, "%s must be an array", what);
    }
    *out = calloc(v->nkids, sizeof **out);
    if (*out == NULL) {
        why->nomem = true;
        return bad(why, "out of memory reading %s", what);
    }
    for (size_t i = 0; i < v->nkids; i++) {
        if (v->kids[i]->type != J_STRING) {
            return bad(why, "%s[] must be strings", what);
        }
        (*out)[i].units = v->kids[i]->units;
        (*out)[i].length = v->kids[i]->length;
    }
    *n = v->nkids;
    return true;
}

static void free_scenario(scenario *sc)
{
    free_node(sc->doc);
    free(sc->shares);
    free(sc->connections);
    free(sc->denied);
    memset(sc, 0, sizeof *sc);
}

static bool read_file(const char *path, unsigned char **data, size_t *size, problem *why)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        char reason[128];
        if (strerror_r(errno, reason, sizeof reason) != 0) {
            snprintf(reason, sizeof reason, "errno %d", errno);
        }
        return bad(why, "cannot open it: %s", reason);
    }
    size_t capacity = 65536, n = 0;
    unsigned char *buf = malloc(capacity);
    bool ok = buf != NULL;
    while (ok) {
        if (n == capacity) {
            unsigned char *grown = capacity >= MAX_SCENARIO_BYTES ? NULL : realloc(buf, capacity * 2);
            if (grown == NULL) {
                ok = false;
                break;
            }
            buf = grown;
            capacity *= 2;
        }
        size_t got = fread(buf + n, 1, capacity - n, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (!ok || failed) {
        free(buf);
        if (failed) {
            return bad(why, "%s", "read error");
        }
        why->nomem = capacity < MAX_SCENARIO_BYTES;
        return bad(why, "%s", why->nomem ? "out of memory reading it" : "larger than 1 GiB");
    }
    *data = buf;
    *size = n;
    return true;
}

static bool load_scenario(const char *path, scenario *sc, problem *why)
{
    static const char *const top_names[] = {"shares", "connections", "status", "deniedUsers", "quirks"};
    static const char *const quirk_names[] = {"ignorePageSize", "resumeAtEnd", "emptyArray", "noProgress",
                                              "delayMillis", "bind", "hostile"};
    static const char *const connection_names[] = {"id", "type", "opens", "users", "seconds",
                                                   "user", "computer", "share"};
    unsigned char *data;
    size_t size;
    memset(sc, 0, sizeof *sc);
    if (!read_file(path, &data, &size, why)) {
        return false;
    }
    jparser ps = {data, data, data + size, NULL, 0, false, 0};
    sc->doc = parse_value(&ps);
    if (sc->doc != NULL) {
        skip_ws(&ps);
        if (ps.p != ps.end) {
            fail(&ps, "extra data after the JSON value");
        }
    }
    free(data);
    if (ps.error != NULL) {
        why->nomem = ps.nomem;
        snprintf(why->text, sizeof why->text, "invalid JSON at byte %zu: %s", ps.error_at, ps.error);
        free_scenario(sc);
        return false;
    }

    const jnode *top[5], *quirks[7], *fields[8];
    const jnode *resume_at_end, *empty_array, *bind, *hostile;
    bool ok = members(sc->doc, "scenario", top_names, 5, top, why)
            && string_list(top[0], "shares", &sc->shares, &sc->nshares, why)
            && string_list(top[3], "deniedUsers", &sc->denied, &sc->ndenied, why);
    if (ok && top[2] != NULL && top[2]->type != J_NULL) {
        sc->has_status = true;
        ok = uint32_field(top[2], "status", 0, &sc->status, why);
    }
    if (ok && falsy(top[4])) {
        for (size_t k = 0; k < 7; k++) {
            quirks[k] = NULL;
        }
    } else if (ok) {
        ok = members(top[4], "quirks", quirk_names, 7, quirks, why);
    }
    ok = ok && bool_field(quirks[0], "ignorePageSize", false, &sc->ignore_page_size, why)
            && bool_field(quirks[3], "noProgress", false, &sc->no_progress, why)
            && uint32_field(quirks[4], "delayMillis", 0, &sc->delay_millis, why);
    if (ok) {
        resume_at_end = quirks[1];
        empty_array = quirks[2];
        bind = quirks[5];   /* the DCE/RPC bind: scripted server only; checked, then ignored */
        hostile = quirks[6]; /* a hostile server: scripted server only; checked, then ignored */
        if (resume_at_end != NULL && (resume_at_end->type != J_STRING
                || !(name_is(resume_at_end, "zero") || name_is(resume_at_end, "count")))) {
            ok = bad(why, "%s", "quirks.resumeAtEnd must be \"zero\" or \"count\"");
        } else if (empty_array != NULL && (empty_array->type != J_STRING
                || !(name_is(empty_array, "empty") || name_is(empty_array, "null")))) {
            ok = bad(why, "%s", "quirks.emptyArray must be \"empty\" or \"null\"");
        } else if (bind != NULL && (bind->type != J_STRING
                || !(name_is(bind, "accept") || name_is(bind, "nak") || name_is(bind, "abstractSyntax")
                     || name_is(bind, "transferSyntax")))) {
            ok = bad(why, "%s", "quirks.bind must be \"accept\", \"nak\", \"abstractSyntax\" or \"transferSyntax\"");
        } else if (hostile != NULL && (hostile->type != J_STRING
                || !(name_is(hostile, "none") || name_is(hostile, "endlessPages") || name_is(hostile, "freshHandles")
                     || name_is(hostile, "emptyFragments") || name_is(hostile, "endlessFragments")
                     || name_is(hostile, "trickle")))) {
            ok = bad(why, "%s", "quirks.hostile must be \"none\", \"endlessPages\", \"freshHandles\", \"emptyFragments\","
                     " \"endlessFragments\" or \"trickle\"");
        } else {
            sc->resume_at_end_count = resume_at_end != NULL && name_is(resume_at_end, "count");
            sc->empty_array_null = empty_array != NULL && name_is(empty_array, "null");
        }
    }
    const jnode *list = top[1];
    if (ok && !falsy(list)) {
        if (list->type != J_ARRAY) {
            ok = bad(why, "%s", "connections must be an array");
        } else if ((sc->connections = calloc(list->nkids, sizeof *sc->connections)) == NULL) {
            why->nomem = true;
            ok = bad(why, "%s", "out of memory reading connections");
        } else {
            sc->nconnections = list->nkids;
        }
    }
    for (size_t i = 0; ok && i < sc->nconnections; i++) {
        connection *c = &sc->connections[i];
        ok = members(list->kids[i], "connection", connection_names, 8, fields, why)
                && uint32_field(fields[0], "id", 0, &c->id, why)
                && uint32_field(fields[1], "type", 0, &c->type, why)
                && uint32_field(fields[2], "opens", 0, &c->opens, why)
                && uint32_field(fields[3], "users", 0, &c->users, why)
                && uint32_field(fields[4], "seconds", 0, &c->seconds, why)
                && string_field(fields[5], "user", &c->user, why)
                && string_field(fields[6], "computer", &c->computer, why)
                && string_field(fields[7], "share", &c->share, why);
    }
    if (!ok) {
        free_scenario(sc);
    }
    return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Settings, the buffer registry and the counters: one mutex for all                           */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    void *buffer;
    size_t size;  /* what NetApiBufferSize reports */
    bool counted; /* false once StandIn_ResetCounters has forgotten it (it stays freeable) */
} live_buffer;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *scenario_override;     /* StandIn_SetScenario; NULL: the environment variable */
static WCHAR *caller_setting;       /* StandIn_SetCaller; NULL: "netadmin" */
static WCHAR *server_setting;       /* StandIn_SetServerName; NULL: "standin.test" */
static DWORD excess_setting;        /* StandIn_SetEntriesReadExcess; 0: entriesread is true */
static live_buffer *live;
static size_t nlive, live_capacity;
static int bad_frees;

typedef struct {
    char *scenario_path; /* NULL: none configured */
    WCHAR *caller;
    WCHAR *server;
    DWORD excess;
} settings;

static void free_settings(settings *s)
{
    free(s->scenario_path);
    free(s->caller);
    free(s->server);
}

/* A private copy of the settings, so a call runs unaffected by concurrent setters. */
static bool snapshot_settings(settings *s)
{
    pthread_mutex_lock(&lock);
    const char *path = scenario_override != NULL ? scenario_override : getenv(SCENARIO_ENV);
    s->scenario_path = path != NULL ? strdup(path) : NULL;
    s->caller = wdup(caller_setting != NULL ? caller_setting : DEFAULT_CALLER);
    s->server = wdup(server_setting != NULL ? server_setting : DEFAULT_SERVER);
    s->excess = excess_setting;
    pthread_mutex_unlock(&lock);
    if ((path != NULL && s->scenario_path == NULL) || s->caller == NULL || s->server == NULL) {
        free_settings(s);
        return false;
    }
    return true;
}

static bool register_buffer(void *buffer, size_t size)
{
    bool ok = true;
    pthread_mutex_lock(&lock);
    if (nlive == live_capacity) {
        size_t grown = live_capacity ? live_capacity * 2 : 16;
        live_buffer *bigger = grown > SIZE_MAX / sizeof *bigger ? NULL : realloc(live, grown * sizeof *bigger);
        if (bigger == NULL) {
            ok = false;
        } else {
            live = bigger;
            live_capacity = grown;
        }
    }
    if (ok) {
        live[nlive].buffer = buffer;
        live[nlive].size = size;
        live[nlive].counted = true;
        nlive++;
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

/* On dlclose or exit: the settings and the registry go (buffers still outstanding stay the
   caller's leak); a NetApiBufferFree after this counts as a bad free rather than crashing. */
__attribute__((destructor)) static void unload(void)
{
    pthread_mutex_lock(&lock);
    free(scenario_override);
    free(caller_setting);
    free(server_setting);
    free(live);
    scenario_override = NULL;
    caller_setting = server_setting = NULL;
    live = NULL;
    nlive = live_capacity = 0;
    pthread_mutex_unlock(&lock);
}

/* ------------------------------------------------------------------------------------------ */
/* The rules (SCENARIO.md "Rules, in the order a server applies them")                         */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    const connection *c;
    const wname *netname; /* rule 7 */
} match;

static uint64_t string_cost(const wname *s)
{
    return s->units == NULL ? 0 : 2 * (uint64_t)s->length + 2;
}

/* Rule 8's cost: the wire size, not the 40-byte native one, so the stand-in pages exactly like
   the scripted server and the reference. */
static uint64_t entry_cost(DWORD level, const match *m)
{
    return level == 0 ? 4 : 28 + string_cost(&m->c->user) + string_cost(m->netname);
}

static size_t native_string_bytes(const wname *s)
{
    return s->units == NULL ? 0 : (s->length + 1) * sizeof(WCHAR);
}

static WCHAR *put_string(uint8_t **cursor, const wname *s)
{
    if (s->units == NULL) {
        return NULL;
    }
    WCHAR *at = (WCHAR *)*cursor;
    memcpy(at, s->units, s->length * sizeof(WCHAR));
    at[s->length] = 0; /* a string holding U+0000 reads as cut short there, as on Windows */
    *cursor += (s->length + 1) * sizeof(WCHAR);
    return at;
}

/* Windows' one-allocation layout: the array, then the strings it points to. */
static NET_API_STATUS build_buffer(DWORD level, const match *page, size_t count, uint8_t **out)
{
    size_t stride = level == 0 ? sizeof(CONNECTION_INFO_0) : sizeof(CONNECTION_INFO_1);
    if (count > SIZE_MAX / stride) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t bytes = count * stride;
    for (size_t i = 0; level == 1 && i < count; i++) {
        size_t more = native_string_bytes(&page[i].c->user) + native_string_bytes(page[i].netname);
        if (more > SIZE_MAX - bytes) {
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        bytes += more;
    }
    if (bytes > UINT32_MAX) {
        return ERROR_NOT_ENOUGH_MEMORY; /* more than NetApiBufferSize's DWORD can describe */
    }
    uint8_t *buffer = malloc(bytes);
    if (buffer == NULL) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    uint8_t *strings = buffer + count * stride;
    for (size_t i = 0; i < count; i++) {
        const connection *c = page[i].c;
        if (level == 0) {
            ((CONNECTION_INFO_0 *)buffer)[i].coni0_id = c->id;
        } else {
            CONNECTION_INFO_1 *e = &((CONNECTION_INFO_1 *)buffer)[i];
            memset(e, 0, sizeof *e); /* the padding too */
            e->coni1_id = c->id;
            e->coni1_type = c->type;
            e->coni1_num_opens = c->opens;
            e->coni1_num_users = c->users;
            e->coni1_time = c->seconds;
            e->coni1_username = put_string(&strings, &c->user);
            e->coni1_netname = put_string(&strings, page[i].netname);
        }
    }
    if (!register_buffer(buffer, bytes)) {
        free(buffer);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    *out = buffer;
    return NERR_Success;
}

/* Rules 1 (but its delay) to 9. The outputs start as a failure leaves them: *bufptr NULL,
   the counts 0, the resume handle untouched. */
static NET_API_STATUS answer(const scenario *sc, const WCHAR *caller, DWORD level, const WCHAR *qualifier,
                             DWORD prefmaxlen, DWORD *resume_handle,
                             uint8_t **bufptr, DWORD *entriesread, DWORD *totalentries)
{
    size_t caller_length = wlen(caller);
    for (size_t i = 0; i < sc->ndenied; i++) {                               /* rule 1 */
        if (same_name(sc->denied[i].units, sc->denied[i].length, caller, caller_length)) {
            return ERROR_ACCESS_DENIED;
        }
    }
    if (level != 0 && level != 1) {                                          /* rule 2 */
        return ERROR_INVALID_LEVEL;
    }
    size_t qlen = 0;                                                         /* rule 3 */
    while (qualifier != NULL && qlen <= MAX_QUALIFIER_UNITS && qualifier[qlen] != 0) {
        qlen++;
    }
    if (qualifier == NULL || qlen == 0 || qlen > MAX_QUALIFIER_UNITS) {
        return ERROR_INVALID_PARAMETER;
    }
    if (sc->has_status) {                                                    /* rule 4 */
        return sc->status; /* shaped as a failure whatever the value, 0 and 234 included */
    }
    if (sc->no_progress) {                                                   /* rule 5 */
        /* No entries: bufptr NULL for emptyArray "empty" and "null" alike (see below). */
        if (resume_handle != NULL && *resume_handle == 0) {
            *resume_handle = 1;
        }
        return ERROR_MORE_DATA;
    }

    match *matching = malloc((sc->nconnections ? sc->nconnections : 1) * sizeof *matching);
    if (matching == NULL) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t n = 0;
    if (qlen >= 2 && qualifier[0] == '\\' && qualifier[1] == '\\') {         /* rule 6: a computer */
        for (size_t i = 0; i < sc->nconnections; i++) {
            const connection *c = &sc->connections[i];
            if (same_name(c->computer.units, c->computer.length, qualifier + 2, qlen - 2)) {
                matching[n++] = (match){c, &c->share};                      /* rule 7 */
            }
        }
        if (n == 0) {
            free(matching);
            return NERR_ClientNameNotFound;
        }
    } else {                                                                 /* rule 6: a share */
        bool known = false;
        for (size_t i = 0; i < sc->nshares && !known; i++) {
            known = same_name(sc->shares[i].units, sc->shares[i].length, qualifier, qlen);
        }
        for (size_t i = 0; i < sc->nconnections; i++) {
            const connection *c = &sc->connections[i];
            if (same_name(c->share.units, c->share.length, qualifier, qlen)) {
                matching[n++] = (match){c, &c->computer};                   /* rule 7 */
            }
        }
        if (n == 0 && !known) {
            free(matching);
            return NERR_NetNameNotFound;
        }
    }

    size_t start = resume_handle == NULL ? 0 : *resume_handle < n ? *resume_handle : n;    /* rule 8 */
    size_t end = start;
    if (sc->ignore_page_size || prefmaxlen == MAX_PREFERRED_LENGTH) {
        end = n;
    } else {
        uint64_t used = 0;
        while (end < n) {
            used += entry_cost(level, &matching[end]);
            if (used > prefmaxlen && end > start) {
                break;
            }
            end++;
        }
    }
    bool more = end < n;
    /* A page with no entries: *bufptr NULL and nothing allocated, whether emptyArray is "empty"
       or "null". The two differ only on the wire (an empty array or a NULL one); the native API
       has one way to say "no entries", as Windows does. */
    if (end > start) {
        NET_API_STATUS status = build_buffer(level, matching + start, end - start, bufptr);
        if (status != NERR_Success) {
            free(matching);
            return status;
        }
    }
    free(matching);
    *entriesread = (DWORD)(end - start);
    *totalentries = (DWORD)(n - start);                                      /* rule 9 */
    if (resume_handle != NULL) {
        *resume_handle = (DWORD)(more ? end : sc->resume_at_end_count ? end : 0);
    }
    return more ? ERROR_MORE_DATA : NERR_Success;
}

/* NULL, empty, or the stand-in's own name (ignoring case, with or without a leading \\). */
static bool served(const WCHAR *servername, const WCHAR *own)
{
    if (servername == NULL || servername[0] == 0) {
        return true;
    }
    if (servername[0] == '\\' && servername[1] == '\\') {
        servername += 2;
    }
    return same_name(servername, wlen(servername), own, wlen(own));
}

static void sleep_millis(DWORD millis)
{
    struct timespec left = {(time_t)(millis / 1000), (long)(millis % 1000) * 1000000L};
    while (nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The exports                                                                                 */
/* ------------------------------------------------------------------------------------------ */

EXPORT NET_API_STATUS NetConnectionEnum(LMSTR servername, LMSTR qualifier, DWORD level, LPBYTE *bufptr,
                                        DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries,
                                        LPDWORD resume_handle)
{
    if (bufptr != NULL) {
        *bufptr = NULL;
    }
    if (entriesread != NULL) {
        *entriesread = 0;
    }
    if (totalentries != NULL) {
        *totalentries = 0;
    }
    if (bufptr == NULL || entriesread == NULL || totalentries == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    settings s;
    if (!snapshot_settings(&s)) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    if (!served(servername, s.server)) {
        free_settings(&s);
        return ERROR_BAD_NETPATH; /* a host the stand-in is not: unreachable, as Windows says */
    }
    if (s.scenario_path == NULL) {
        fprintf(stderr, "netapi32standin: no scenario: set " SCENARIO_ENV " or call StandIn_SetScenario\n");
        free_settings(&s);
        return RPC_X_BAD_STUB_DATA;
    }
    scenario sc;
    problem why = {{0}, false};
    if (!load_scenario(s.scenario_path, &sc, &why)) {
        fprintf(stderr, "netapi32standin: scenario %s: %s\n", s.scenario_path, why.text);
        free_settings(&s);
        return why.nomem ? ERROR_NOT_ENOUGH_MEMORY : RPC_X_BAD_STUB_DATA;
    }
    if (sc.delay_millis != 0) {                                              /* rule 1's delay */
        sleep_millis(sc.delay_millis);
    }
    NET_API_STATUS status = answer(&sc, s.caller, level, qualifier, prefmaxlen, resume_handle,
                                   bufptr, entriesread, totalentries);
    if (*bufptr != NULL) {
        *entriesread += s.excess; /* StandIn_SetEntriesReadExcess: a lie about this buffer (mod 2^32) */
    }
    free_scenario(&sc);
    free_settings(&s);
    return status;
}

EXPORT NET_API_STATUS NetApiBufferFree(LPVOID buffer)
{
    if (buffer == NULL) {
        return NERR_Success;
    }
    bool found = false;
    pthread_mutex_lock(&lock);
    for (size_t i = nlive; i-- > 0;) {
        if (live[i].buffer == buffer) {
            live[i] = live[--nlive];
            found = true;
            break;
        }
    }
    if (!found) {
        bad_frees++;
    }
    pthread_mutex_unlock(&lock);
    if (!found) {
        return ERROR_INVALID_PARAMETER; /* not ours, or freed already: counted, not touched */
    }
    free(buffer);
    return NERR_Success;
}

/* The size of an outstanding buffer, as allocated: the array and its strings. NULL, a pointer
   that is not an outstanding buffer (foreign, freed, or inside one) and a NULL bytecount get 87;
   unlike in NetApiBufferFree, nothing is counted. */
EXPORT NET_API_STATUS NetApiBufferSize(LPVOID buffer, LPDWORD bytecount)
{
    if (buffer == NULL || bytecount == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    bool found = false;
    size_t size = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nlive && !found; i++) {
        if (live[i].buffer == buffer) {
            size = live[i].size;
            found = true;
        }
    }
    pthread_mutex_unlock(&lock);
    if (!found) {
        return ERROR_INVALID_PARAMETER;
    }
    *bytecount = (DWORD)size; /* build_buffer keeps every size within a DWORD */
    return NERR_Success;
}

/* The scenario file for the calls that follow, overriding NETCONN_STANDIN_SCENARIO; NULL goes
   back to the environment variable. */
EXPORT NET_API_STATUS StandIn_SetScenario(const char *utf8_path)
{
    char *copy = NULL;
    if (utf8_path != NULL && (copy = strdup(utf8_path)) == NULL) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    pthread_mutex_lock(&lock);
    char *old = scenario_override;
    scenario_override = copy;
    pthread_mutex_unlock(&lock);
    free(old);
    return NERR_Success;
}

static NET_API_STATUS set_name(WCHAR **setting, const char *utf8)
{
    WCHAR *name = NULL;
    bool nomem = false;
    if (utf8 != NULL) {
        if (setting == &server_setting && utf8[0] == '\\' && utf8[1] == '\\') {
            utf8 += 2; /* "\\\\host" and "host" name one server */
        }
        if ((name = utf8_to_utf16(utf8, &nomem)) == NULL) {
            return nomem ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER;
        }
    }
    pthread_mutex_lock(&lock);
    WCHAR *old = *setting;
    *setting = name;
    pthread_mutex_unlock(&lock);
    free(old);
    return NERR_Success;
}

/* The caller that deniedUsers is checked against (rule 1); NULL goes back to "netadmin". */
EXPORT NET_API_STATUS StandIn_SetCaller(const char *utf8_name)
{
    return set_name(&caller_setting, utf8_name);
}

/* The name the stand-in answers to as servername; NULL goes back to "standin.test". */
EXPORT NET_API_STATUS StandIn_SetServerName(const char *utf8_name)
{
    return set_name(&server_setting, utf8_name);
}

/* Fault injection: every later NetConnectionEnum that hands out a buffer reports *entriesread
   `excess` higher (modulo 2^32) than the entries in it, and so more than the buffer holds.
   0, the default, tells the truth. */
EXPORT NET_API_STATUS StandIn_SetEntriesReadExcess(DWORD excess)
{
    pthread_mutex_lock(&lock);
    excess_setting = excess;
    pthread_mutex_unlock(&lock);
    return NERR_Success;
}

/* Buffers NetConnectionEnum allocated and nobody freed yet (since the last reset). */
EXPORT int StandIn_OutstandingBuffers(void)
{
    int n = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nlive; i++) {
        n += live[i].counted;
    }
    pthread_mutex_unlock(&lock);
    return n;
}

/* NetApiBufferFree calls with a pointer that was not an outstanding buffer (double frees too). */
EXPORT int StandIn_BadFrees(void)
{
    pthread_mutex_lock(&lock);
    int n = bad_frees;
    pthread_mutex_unlock(&lock);
    return n;
}

/* Both counters back to 0. Buffers outstanding now stop being counted but stay valid: freeing
   one later is a good free, not a bad one. */
EXPORT void StandIn_ResetCounters(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nlive; i++) {
        live[i].counted = false;
    }
    bad_frees = 0;
    pthread_mutex_unlock(&lock);
}
