/*
 * A smoke test of the Netapi32 stand-in, run by hand (build.sh builds it, never runs it):
 *
 *     OUTDIR/standin-smoke [PATH/libnetapi32standin.so]
 *
 * Loads the library with dlopen (default: next to this program), writes scenarios to a
 * temporary directory, calls NetConnectionEnum the way a Windows caller does, prints each
 * answer, checks it against SCENARIO.md's rules and checks the buffer accounting, the buffer
 * sizes and the entriesread fault injection. Exit status
 * 0 when every check passed.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef uint32_t DWORD;
typedef uint16_t WCHAR;

typedef struct {
    DWORD coni0_id;
} CONNECTION_INFO_0;

typedef struct {
    DWORD coni1_id, coni1_type, coni1_num_opens, coni1_num_users, coni1_time;
    WCHAR *coni1_username;
    WCHAR *coni1_netname;
} CONNECTION_INFO_1;

static DWORD (*NetConnectionEnum)(const WCHAR *, const WCHAR *, DWORD, uint8_t **, DWORD, DWORD *, DWORD *,
                                  DWORD *);
static DWORD (*NetApiBufferFree)(void *);
static DWORD (*NetApiBufferSize)(void *, DWORD *);
static DWORD (*SetScenario)(const char *);
static DWORD (*SetCaller)(const char *);
static DWORD (*SetServerName)(const char *);
static int (*OutstandingBuffers)(void);
static int (*BadFrees)(void);
static void (*ResetCounters)(void);
static DWORD (*SetEntriesReadExcess)(DWORD);

#define ALL 0xFFFFFFFFu
#define NO_RESUME 0xFFFFFFFFFFull /* a call without a resume handle (NULL pointer) */

static int failures;
static char scenario_path[4096];

static void check(bool ok, const char *format, ...)
{
    if (!ok) {
        va_list args;
        va_start(args, format);
        printf("  FAILED: ");
        vprintf(format, args);
        printf("\n");
        va_end(args);
        failures++;
    }
}

/* ---- UTF-16 helpers ---- */

static WCHAR **kept;
static size_t nkept, kept_capacity;

/* A UTF-8 literal as a NUL-terminated UTF-16 string, freed at exit. Not thread-safe. */
static WCHAR *w(const char *utf8)
{
    size_t n = strlen(utf8), units = 0;
    if (nkept == kept_capacity) {
        kept_capacity = kept_capacity ? 2 * kept_capacity : 64;
        kept = realloc(kept, kept_capacity * sizeof *kept);
    }
    WCHAR *out = malloc((n + 1) * sizeof(WCHAR));
    if (out == NULL || kept == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p) {
        uint32_t cp;
        int more = *p < 0x80 ? 0 : *p < 0xE0 ? 1 : *p < 0xF0 ? 2 : 3;
        cp = more == 0 ? *p : more == 1 ? *p & 0x1Fu : more == 2 ? *p & 0x0Fu : *p & 0x07u;
        p++;
        for (int k = 0; k < more; k++) {
            cp = cp << 6 | (*p++ & 0x3Fu);
        }
        if (cp >= 0x10000) {
            out[units++] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            out[units++] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            out[units++] = (WCHAR)cp;
        }
    }
    out[units] = 0;
    kept[nkept++] = out;
    return out;
}

static WCHAR *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    if (s == NULL) {
        exit(2);
    }
    memset(s, c, n);
    s[n] = 0;
    WCHAR *out = w(s);
    free(s);
    return out;
}

static bool wequal(const WCHAR *a, const char *utf8)
{
    if (a == NULL || utf8 == NULL) {
        return a == NULL && utf8 == NULL;
    }
    const WCHAR *b = w(utf8);
    size_t i = 0;
    while (a[i] != 0 && a[i] == b[i]) {
        i++;
    }
    return a[i] == b[i];
}

/* Prints a UTF-16 string as UTF-8 (lone surrogates as \uXXXX), NULL as NULL. */
static void print16(const WCHAR *s)
{
    if (s == NULL) {
        printf("NULL");
        return;
    }
    size_t length = 0;
    while (s[length] != 0) {
        length++;
    }
    putchar('"');
    for (size_t i = 0; s[i] != 0; i++) {
        if (i == 24 && length > 40) {
            printf("...\" (%zu units)", length);
            return;
        }
        uint32_t cp = s[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (s[++i] - 0xDC00u);
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            printf("\\u%04x", (unsigned)cp);
            continue;
        }
        if (cp < 0x80) {
            putchar((int)cp);
        } else if (cp < 0x800) {
            printf("%c%c", 0xC0 | cp >> 6, 0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            printf("%c%c%c", 0xE0 | cp >> 12, 0x80 | (cp >> 6 & 0x3F), 0x80 | (cp & 0x3F));
        } else {
            printf("%c%c%c%c", 0xF0 | cp >> 18, 0x80 | (cp >> 12 & 0x3F), 0x80 | (cp >> 6 & 0x3F), 0x80 | (cp & 0x3F));
        }
    }
    putchar('"');
}

/* ---- scenarios and calls ---- */

static void write_scenario(const char *json)
{
    char partial[sizeof scenario_path + 16];
    snprintf(partial, sizeof partial, "%s.partial", scenario_path);
    FILE *f = fopen(partial, "wb");
    if (f == NULL || fputs(json, f) < 0 || fclose(f) != 0 || rename(partial, scenario_path) != 0) {
        perror("writing the scenario");
        exit(2);
    }
}

typedef struct {
    DWORD status, read, total, resume;
    uint8_t *buf;
} result;

/* One call, printed; resume is the handle to pass, or NO_RESUME for a NULL pointer. */
static result call(const char *label, const WCHAR *server, const WCHAR *qualifier, DWORD level, DWORD prefmax,
                   uint64_t resume)
{
    result r = {0xDEAD, 0xDEAD, 0xDEAD, resume == NO_RESUME ? 0 : (DWORD)resume, (uint8_t *)&r};
    r.status = NetConnectionEnum(server, qualifier, level, &r.buf, prefmax, &r.read, &r.total,
                                 resume == NO_RESUME ? NULL : &r.resume);
    printf("%-34s status %4u  read %5u  total %5u  resume %s%u  buf %s", label, r.status, r.read, r.total,
           resume == NO_RESUME ? "(none) " : "", r.resume, r.buf == NULL ? "NULL" : "set");
    DWORD size = 0;
    if (r.buf != NULL && r.read <= 6 && NetApiBufferSize(r.buf, &size) == 0) {
        /* No further than the buffer holds, also when entriesread lies (StandIn_SetEntriesReadExcess). */
        DWORD shown = (DWORD)(size / (level == 0 ? sizeof(CONNECTION_INFO_0) : sizeof(CONNECTION_INFO_1)));
        shown = r.read < shown ? r.read : shown;
        printf("  [");
        for (DWORD i = 0; i < shown; i++) {
            if (level == 0) {
                printf("%s%u", i ? " " : "", ((CONNECTION_INFO_0 *)r.buf)[i].coni0_id);
            } else {
                CONNECTION_INFO_1 *e = &((CONNECTION_INFO_1 *)r.buf)[i];
                printf("%s{%u t%u o%u u%u s%u ", i ? " " : "", e->coni1_id, e->coni1_type, e->coni1_num_opens,
                       e->coni1_num_users, e->coni1_time);
                print16(e->coni1_username);
                printf(" ");
                print16(e->coni1_netname);
                printf("}");
            }
        }
        printf("]");
    }
    printf("\n");
    return r;
}

static void expect(const result *r, DWORD status, DWORD read, DWORD total, DWORD resume)
{
    check(r->status == status, "status %u, expected %u", r->status, status);
    check(r->read == read, "entriesread %u, expected %u", r->read, read);
    check(r->total == total, "totalentries %u, expected %u", r->total, total);
    check(r->resume == resume, "resume handle %u, expected %u", r->resume, resume);
    check((r->buf == NULL) == (read == 0), "bufptr %s with %u entries", r->buf ? "set" : "NULL", read);
}

static void expect_ids(const result *r, DWORD level, const DWORD *ids, DWORD n)
{
    for (DWORD i = 0; i < n && i < r->read && r->buf != NULL; i++) {
        DWORD id = level == 0 ? ((CONNECTION_INFO_0 *)r->buf)[i].coni0_id : ((CONNECTION_INFO_1 *)r->buf)[i].coni1_id;
        check(id == ids[i], "entry %u has id %u, expected %u", i, id, ids[i]);
    }
}

static void expect_strings(const result *r, DWORD i, const char *user, const char *netname)
{
    CONNECTION_INFO_1 *array = (CONNECTION_INFO_1 *)r->buf, *e = &array[i];
    check(wequal(e->coni1_username, user), "entry %u: coni1_username differs", i);
    check(wequal(e->coni1_netname, netname), "entry %u: coni1_netname differs", i);
    /* Windows' layout: one allocation, the strings after the array. */
    for (int k = 0; k < 2; k++) {
        const uint8_t *s = (const uint8_t *)(k == 0 ? e->coni1_username : e->coni1_netname);
        check(s == NULL || s >= (const uint8_t *)(array + r->read), "entry %u: a string inside the array", i);
    }
}

static void release(result *r)
{
    check(NetApiBufferFree(r->buf) == 0, "NetApiBufferFree failed");
    r->buf = NULL;
}

static const char MAIN_SCENARIO[] =
    "{\n"
    "  \"shares\": [\"DATA\", \"IPC$\", \"EMPTY\"],\n"
    "  \"connections\": [\n"
    "    {\"id\": 1, \"type\": 0, \"opens\": 2, \"users\": 1, \"seconds\": 60,"
    " \"user\": \"alice\", \"computer\": \"WS01\", \"share\": \"DATA\"},\n"
    "    {\"id\": 2, \"type\": 3, \"opens\": 0, \"users\": 1, \"seconds\": 5,"
    " \"user\": null, \"computer\": \"WS02\", \"share\": \"IPC$\"},\n"
    "    {\"id\": 3, \"type\": 2147483648, \"opens\": 1, \"users\": 1, \"seconds\": 4294967295,"
    " \"user\": \"\\ud83d\\ude00 smile\", \"computer\": null, \"share\": \"data\"},\n"
    "    {\"id\": 4, \"user\": \"Zo\xc3\xab\", \"computer\": \"ws01\", \"share\": \"DATA\"},\n"
    "    {\"id\": 5, \"user\": \"bob\", \"computer\": \"WS01\", \"share\": \"B\xc3\xbcro\"},\n"
    "    {\"id\": 6, \"user\": \"\\ud800x\", \"computer\": \"\xf0\x90\x90\x80-pc\", \"share\": \"IPC$\"}\n"
    "  ],\n"
    "  \"status\": null,\n"
    "  \"deniedUsers\": [\"plain\"],\n"
    "  \"quirks\": {\"ignorePageSize\": false, \"resumeAtEnd\": \"zero\", \"emptyArray\": \"empty\","
    " \"noProgress\": false, \"delayMillis\": 0}\n"
    "}\n";

static void main_scenario(void)
{
    printf("== the main scenario\n");
    write_scenario(MAIN_SCENARIO);
    result r;

    r = call("level 0 DATA", NULL, w("DATA"), 0, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    expect_ids(&r, 0, (DWORD[]){1, 3, 4}, 3);
    check(OutstandingBuffers() == 1, "one buffer outstanding, not %d", OutstandingBuffers());
    release(&r);

    r = call("level 1 data (share)", NULL, w("data"), 1, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    expect_ids(&r, 1, (DWORD[]){1, 3, 4}, 3);
    if (r.read == 3) {
        CONNECTION_INFO_1 *e = (CONNECTION_INFO_1 *)r.buf;
        check(e[0].coni1_type == 0 && e[0].coni1_num_opens == 2 && e[0].coni1_num_users == 1
              && e[0].coni1_time == 60, "entry 0's numbers differ");
        check(e[1].coni1_type == 0x80000000u && e[1].coni1_time == 0xFFFFFFFFu, "entry 1's numbers differ");
        check(e[2].coni1_type == 0 && e[2].coni1_num_opens == 0 && e[2].coni1_num_users == 0,
              "absent numbers are not 0");
        expect_strings(&r, 0, "alice", "WS01");
        expect_strings(&r, 1, "\xf0\x9f\x98\x80 smile", NULL); /* non-BMP user, NULL computer */
        expect_strings(&r, 2, "Zo\xc3\xab", "ws01");
    }
    release(&r);

    r = call("level 1 \\\\ws01 (computer)", NULL, w("\\\\ws01"), 1, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    expect_ids(&r, 1, (DWORD[]){1, 4, 5}, 3);
    if (r.read == 3) {
        expect_strings(&r, 0, "alice", "DATA");
        expect_strings(&r, 2, "bob", "B\xc3\xbcro");
    }
    release(&r);

    r = call("level 1 \\\\WS02 (NULL user)", NULL, w("\\\\WS02"), 1, ALL, 0);
    expect(&r, 0, 1, 1, 0);
    if (r.read == 1) {
        expect_strings(&r, 0, NULL, "IPC$");
    }
    release(&r);

    r = call("level 1 \\\\<U+10428>-PC", NULL, w("\\\\\xf0\x90\x90\xa8-PC"), 1, ALL, 0);
    expect(&r, 0, 1, 1, 0); /* U+10400 and U+10428 are one letter in two cases */
    if (r.read == 1) {
        CONNECTION_INFO_1 *e = (CONNECTION_INFO_1 *)r.buf;
        check(e->coni1_username[0] == 0xD800 && e->coni1_username[1] == 'x' && e->coni1_username[2] == 0,
              "the lone surrogate did not come through as a unit");
    }
    release(&r);

    r = call("level 0 B\xc3\x9cRO (non-ASCII case)", NULL, w("B\xc3\x9cRO"), 0, ALL, 0);
    expect(&r, 0, 1, 1, 0);
    release(&r);
    r = call("level 0 EMPTY (known, none)", NULL, w("EMPTY"), 0, ALL, 0);
    expect(&r, 0, 0, 0, 0);
    r = call("level 1 NOPE (unknown share)", NULL, w("NOPE"), 1, ALL, 0);
    expect(&r, 2310, 0, 0, 0);
    r = call("level 1 \\\\NOPE (unknown computer)", NULL, w("\\\\NOPE"), 1, ALL, 0);
    expect(&r, 2312, 0, 0, 0);
    r = call("level 1 \\\\ (no computer name)", NULL, w("\\\\"), 1, ALL, 0);
    expect(&r, 2312, 0, 0, 0);
    r = call("level 2", NULL, w("DATA"), 2, ALL, 7);
    expect(&r, 124, 0, 0, 7); /* failures leave the resume handle alone */
    r = call("NULL qualifier", NULL, NULL, 0, ALL, 0);
    expect(&r, 87, 0, 0, 0);
    r = call("empty qualifier", NULL, w(""), 0, ALL, 0);
    expect(&r, 87, 0, 0, 0);
    r = call("1,023-unit qualifier", NULL, repeat('x', 1023), 0, ALL, 0);
    expect(&r, 2310, 0, 0, 0);
    r = call("1,024-unit qualifier", NULL, repeat('x', 1024), 0, ALL, 0);
    expect(&r, 87, 0, 0, 0);

    printf("-- paging\n");
    r = call("level 1 \\\\ws01 max 100", NULL, w("\\\\ws01"), 1, 100, 0);
    expect(&r, 234, 2, 3, 2); /* costs 50 + 46 = 96 <= 100; + 46 > 100 */
    expect_ids(&r, 1, (DWORD[]){1, 4}, 2);
    release(&r);
    r = call("  ... resumed at 2", NULL, w("\\\\ws01"), 1, 100, 2);
    expect(&r, 0, 1, 1, 0);
    expect_ids(&r, 1, (DWORD[]){5}, 1);
    release(&r);
    DWORD handle = 0, seen[8], nseen = 0, calls = 0, status;
    do {
        char label[64];
        snprintf(label, sizeof label, "level 0 DATA max 1, resume %u", handle);
        r = call(label, NULL, w("DATA"), 0, 1, handle);
        status = r.status;
        for (DWORD i = 0; i < r.read && nseen < 8; i++) {
            seen[nseen++] = ((CONNECTION_INFO_0 *)r.buf)[i].coni0_id;
        }
        handle = r.resume;
        release(&r); /* freed after ERROR_MORE_DATA too */
    } while (status == 234 && ++calls < 10);
    check(status == 0 && nseen == 3 && seen[0] == 1 && seen[1] == 3 && seen[2] == 4 && handle == 0,
          "paging did not give 1, 3, 4 and end with handle 0");
    r = call("level 0 DATA max 0, no handle", NULL, w("DATA"), 0, 0, NO_RESUME);
    expect(&r, 234, 1, 3, 0); /* at least one entry; nothing stored */
    release(&r);
    r = call("level 0 DATA resume 99 (past end)", NULL, w("DATA"), 0, ALL, 99);
    expect(&r, 0, 0, 0, 0);

    printf("-- server names and callers\n");
    r = call("server \\\\STANDIN.TEST", w("\\\\STANDIN.TEST"), w("DATA"), 0, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    release(&r);
    r = call("server standin.test", w("standin.test"), w("DATA"), 0, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    release(&r);
    r = call("server \\\\elsewhere", w("\\\\elsewhere"), w("DATA"), 0, ALL, 0);
    expect(&r, 53, 0, 0, 0);
    check(SetServerName("\\\\Files01") == 0, "SetServerName failed");
    r = call("server files01 (renamed)", w("files01"), w("DATA"), 0, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    release(&r);
    check(SetServerName(NULL) == 0, "SetServerName(NULL) failed");
    check(SetCaller("PLAIN") == 0, "SetCaller failed");
    r = call("caller PLAIN (denied)", NULL, w("DATA"), 9, ALL, 0);
    expect(&r, 5, 0, 0, 0); /* rule 1 before rule 2 */
    check(SetCaller("\xff") == 87, "SetCaller accepted invalid UTF-8");
    check(SetCaller(NULL) == 0, "SetCaller(NULL) failed");
    r = call("caller netadmin again", NULL, w("DATA"), 0, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    release(&r);
}

static void quirks(void)
{
    printf("== quirks and status\n");
    result r;
    write_scenario("{\"shares\": [\"DATA\"], \"connections\": ["
                   "{\"id\": 1, \"share\": \"DATA\"}, {\"id\": 2, \"share\": \"DATA\"}, {\"id\": 3, \"share\": \"DATA\"}],"
                   " \"quirks\": {\"ignorePageSize\": true, \"resumeAtEnd\": \"count\", \"emptyArray\": \"null\"}}");
    r = call("Samba: level 0 max 1", NULL, w("DATA"), 0, 1, 0);
    expect(&r, 0, 3, 3, 3);
    release(&r);
    r = call("Samba: resume 3 (at the end)", NULL, w("DATA"), 0, 1, 3);
    expect(&r, 0, 0, 0, 3);

    write_scenario("{\"shares\": [\"DATA\"], \"connections\": [{\"id\": 1, \"share\": \"DATA\"}],"
                   " \"quirks\": {\"noProgress\": true}}");
    r = call("noProgress, resume 0", NULL, w("DATA"), 0, ALL, 0);
    expect(&r, 234, 0, 0, 1);
    r = call("noProgress, resume 5", NULL, w("DATA"), 0, ALL, 5);
    expect(&r, 234, 0, 0, 5);
    r = call("noProgress, no handle", NULL, w("DATA"), 0, ALL, NO_RESUME);
    expect(&r, 234, 0, 0, 0);
    r = call("noProgress, unknown share", NULL, w("NOPE"), 0, ALL, 0);
    expect(&r, 234, 0, 0, 1); /* rule 5 comes before matching */

    write_scenario("{\"status\": 2123, \"connections\": [{\"id\": 1, \"share\": \"DATA\"}]}");
    r = call("status 2123", NULL, w("DATA"), 1, ALL, 4);
    expect(&r, 2123, 0, 0, 4);
    write_scenario("{\"status\": 0, \"connections\": [{\"id\": 1, \"share\": \"DATA\"}]}");
    r = call("status 0 (a failure's shape)", NULL, w("DATA"), 1, ALL, 4);
    expect(&r, 0, 0, 0, 4);

    write_scenario("{\"shares\": [\"DATA\"], \"quirks\": {\"delayMillis\": 150}}");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = call("delayMillis 150", NULL, w("DATA"), 0, ALL, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long millis = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("  took %ld ms\n", millis);
    expect(&r, 0, 0, 0, 0);
    check(millis >= 150, "answered after %ld ms", millis);
}

static void bad_scenarios(void)
{
    printf("== invalid scenarios (each writes a reason to stderr)\n");
    static const char *const invalid[] = {
        "{\"sharez\": []}",
        "{\"quirks\": {\"ignorePageSize\": null}}",
        "{\"quirks\": {\"resumeAtEnd\": \"ZERO\"}}",
        "{\"quirks\": {\"bind\": \"refuse\"}}",
        "{\"quirks\": {\"bind\": null}}",
        "{\"connections\": [{\"id\": -1, \"share\": \"A\"}]}",
        "{\"connections\": [{\"id\": 4294967296, \"share\": \"A\"}]}",
        "{\"connections\": [{\"id\": 1.0, \"share\": \"A\"}]}",
        "{\"connections\": [{\"id\": true, \"share\": \"A\"}]}",
        "{\"connections\": [{\"id\": 1, \"share\": \"A\", \"extra\": 1}]}",
        "{\"shares\": [\"A\" \"B\"]}",
        "{\"shares\": [\"\\x\"]}",
        "{\"shares\": [\"\xc3\"]}",
        "{\"shares\": [\"\xed\xa0\x80\"]}",
        "[]",
        "{} {}",
        "",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        write_scenario(invalid[i]);
        char label[48];
        snprintf(label, sizeof label, "invalid scenario #%zu", i + 1);
        fflush(stdout);
        result r = call(label, NULL, w("A"), 0, ALL, 0);
        expect(&r, 1783, 0, 0, 0);
    }
    static const char *const binds[] = {"accept", "nak", "abstractSyntax", "transferSyntax"};
    for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++) {
        char json[128];
        snprintf(json, sizeof json, "{\"shares\": [\"A\"], \"quirks\": {\"bind\": \"%s\"}}", binds[i]);
        write_scenario(json);
        result r = call("quirks.bind refuses nothing here", NULL, w("A"), 0, ALL, 0);   /* no DCE/RPC bind */
        expect(&r, 0, 0, 0, 0);
    }
    write_scenario("{\"shares\": [\"A\"], \"quirks\": null, \"status\": null, \"connections\": null,"
                   " \"shares\": [\"\\u0042\"]}");
    result r = call("last of a repeated name wins", NULL, w("b"), 0, ALL, 0);
    expect(&r, 0, 0, 0, 0);

    char missing[sizeof scenario_path + 16];
    snprintf(missing, sizeof missing, "%s.missing", scenario_path);
    SetScenario(missing);
    fflush(stdout);
    r = call("missing scenario file", NULL, w("A"), 0, ALL, 0);
    expect(&r, 1783, 0, 0, 0);
    SetScenario(NULL);
    unsetenv("NETCONN_STANDIN_SCENARIO");
    fflush(stdout);
    r = call("no scenario at all", NULL, w("A"), 0, ALL, 0);
    expect(&r, 1783, 0, 0, 0);
    setenv("NETCONN_STANDIN_SCENARIO", scenario_path, 1);
    r = call("scenario from the environment", NULL, w("b"), 0, ALL, 0);
    expect(&r, 0, 0, 0, 0);
    SetScenario(scenario_path);
}

static void big(void)
{
    printf("== 10,000 connections, 1,023-unit names\n");
    size_t size = 20u << 20, n = 0;
    char *json = malloc(size);
    if (json == NULL) {
        exit(2);
    }
    char *longname = malloc(1024);
    memset(longname, 'n', 1023);
    longname[1023] = 0;
    n += (size_t)snprintf(json + n, size - n, "{\"shares\": [\"%s\"], \"connections\": [", longname);
    for (int i = 0; i < 10000; i++) {
        n += (size_t)snprintf(json + n, size - n, "%s{\"id\": %d, \"user\": \"%s\", \"computer\": \"C%05d\", \"share\": \"BIG\"}",
                              i ? ", " : "", i, i % 1000 == 0 ? longname : "u", i);
    }
    n += (size_t)snprintf(json + n, size - n, ", {\"id\": 77, \"user\": \"%s\", \"computer\": \"%s\", \"share\": \"%s\"}]}",
                          longname, longname, longname);
    write_scenario(json);
    free(json);
    free(longname);

    result r = call("level 1 BIG, all", NULL, w("big"), 1, ALL, 0);
    expect(&r, 0, 10000, 10000, 0);
    if (r.read == 10000) {
        CONNECTION_INFO_1 *e = (CONNECTION_INFO_1 *)r.buf;
        size_t units = 0;
        while (e[9000].coni1_username[units] != 0) {
            units++;
        }
        check(e[9999].coni1_id == 9999 && units == 1023 && wequal(e[9999].coni1_netname, "C09999"),
              "the big answer's content differs");
    }
    release(&r);

    DWORD handle = 0, pages = 0, status;
    uint64_t sum = 0, count = 0;
    do {
        r = call("level 0 BIG, max 4000", NULL, w("BIG"), 0, 4000, handle);
        status = r.status;
        for (DWORD i = 0; i < r.read; i++) {
            sum += ((CONNECTION_INFO_0 *)r.buf)[i].coni0_id;
        }
        count += r.read;
        handle = r.resume;
        release(&r);
    } while (status == 234 && ++pages < 20);
    check(status == 0 && count == 10000 && sum == 49995000u && pages == 9, "paging 10,000 entries by 1,000 failed");

    WCHAR *q = repeat('N', 1025);
    q[0] = q[1] = '\\';
    r = call("level 1 \\\\ + 1,023 units", NULL, q, 1, ALL, 0);
    expect(&r, 87, 0, 0, 0); /* 1,025 units in all: too long for any computer */
    q = repeat('N', 1023);
    q[0] = q[1] = '\\';
    r = call("level 1 \\\\ + 1,021 units", NULL, q, 1, ALL, 0);
    expect(&r, 2312, 0, 0, 0);
    r = call("level 1 share of 1,023 units", NULL, repeat('N', 1023), 1, ALL, 0);
    expect(&r, 0, 1, 1, 0);
    release(&r);
}

static const WCHAR *thread_qualifier;
static int thread_errors;
static pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;

static void *pager(void *arg)
{
    DWORD level = (DWORD)(uintptr_t)arg & 1;
    for (int round = 0; round < 100; round++) {
        DWORD handle = 0, status, read, total, got = 0;
        uint8_t *buf;
        int calls = 0;
        do {
            status = NetConnectionEnum(NULL, thread_qualifier, level, &buf, level == 0 ? 4 : 60, &read, &total,
                                       &handle);
            got += read;
            NetApiBufferFree(buf);
        } while (status == 234 && ++calls < 10);
        if (status != 0 || got != 3) {
            pthread_mutex_lock(&thread_lock);
            thread_errors++;
            pthread_mutex_unlock(&thread_lock);
        }
    }
    return NULL;
}

static void threads(void)
{
    printf("== 8 threads x 100 paged enumerations\n");
    write_scenario(MAIN_SCENARIO);
    thread_qualifier = w("DATA"); /* w() is not thread-safe: made before the threads start */
    pthread_t t[8];
    for (uintptr_t i = 0; i < 8; i++) {
        if (pthread_create(&t[i], NULL, pager, (void *)i) != 0) {
            check(false, "pthread_create failed");
            return;
        }
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
    }
    printf("  errors %d, outstanding %d, bad frees %d\n", thread_errors, OutstandingBuffers(), BadFrees());
    check(thread_errors == 0, "%d threaded enumerations went wrong", thread_errors);
}

static void accounting(void)
{
    printf("== buffer accounting\n");
    write_scenario(MAIN_SCENARIO);
    check(OutstandingBuffers() == 0, "%d buffers outstanding", OutstandingBuffers());
    check(BadFrees() == 0, "%d bad frees", BadFrees());
    result r = call("level 0 DATA", NULL, w("DATA"), 0, ALL, 0);
    result kept_buffer = call("level 0 IPC$ (kept over a reset)", NULL, w("IPC$"), 0, ALL, 0);
    check(OutstandingBuffers() == 2, "2 outstanding expected, %d", OutstandingBuffers());
    check(NetApiBufferFree(r.buf) == 0, "first free failed");
    check(NetApiBufferFree(r.buf) == 87, "the double free was not refused");
    int local;
    check(NetApiBufferFree(&local) == 87, "a foreign pointer was not refused");
    check(NetApiBufferFree(NULL) == 0, "NetApiBufferFree(NULL) is not NERR_Success");
    printf("  outstanding %d, bad frees %d (expected 1 and 2)\n", OutstandingBuffers(), BadFrees());
    check(OutstandingBuffers() == 1 && BadFrees() == 2, "counters wrong");
    ResetCounters();
    check(OutstandingBuffers() == 0 && BadFrees() == 0, "reset did not zero the counters");
    check(NetApiBufferFree(kept_buffer.buf) == 0, "a buffer from before the reset is no longer freeable");
    check(BadFrees() == 0, "freeing a buffer from before the reset was counted as bad");
}

/* NetApiBufferSize of a result's buffer, or 0xDEAD when it fails. */
static DWORD size_of(const result *r)
{
    DWORD size = 0xDEAD;
    DWORD status = NetApiBufferSize(r->buf, &size);
    return status == 0 ? size : 0xDEAD;
}

static void sizes(void)
{
    printf("== buffer sizes and a lying entriesread\n");
    write_scenario(MAIN_SCENARIO);
    result r = call("level 0 DATA", NULL, w("DATA"), 0, ALL, 0);
    check(size_of(&r) == 3 * sizeof(CONNECTION_INFO_0), "level 0: size %u, expected 12", size_of(&r));
    release(&r);
    /* 3 structures, then "alice" "WS01", "\U0001F600 smile" (9 units with its NUL) NULL, "Zo\u00eb" "ws01" */
    DWORD strings = 2 * (6 + 5) + 2 * 9 + 2 * (4 + 5);
    r = call("level 1 DATA", NULL, w("DATA"), 1, ALL, 0);
    check(size_of(&r) == 3 * sizeof(CONNECTION_INFO_1) + strings, "level 1: size %u, expected %u", size_of(&r),
          (DWORD)(3 * sizeof(CONNECTION_INFO_1) + strings));
    DWORD size = 7;
    check(NetApiBufferSize(r.buf + 4, &size) == 87 && size == 7, "a pointer inside a buffer was not refused");
    check(NetApiBufferSize(r.buf, NULL) == 87, "a NULL bytecount was not refused");
    uint8_t *freed = r.buf;
    release(&r);
    check(NetApiBufferSize(freed, &size) == 87 && size == 7, "a freed buffer was not refused");
    int local;
    check(NetApiBufferSize(&local, &size) == 87, "a foreign pointer was not refused");
    check(NetApiBufferSize(NULL, &size) == 87, "NULL was not refused");
    check(BadFrees() == 0, "NetApiBufferSize counted bad frees");

    SetEntriesReadExcess(2);
    r = call("excess 2: level 0 DATA", NULL, w("DATA"), 0, ALL, 0);
    expect(&r, 0, 5, 3, 0);
    check(size_of(&r) == 3 * sizeof(CONNECTION_INFO_0), "the lie changed the size: %u", size_of(&r));
    release(&r);
    r = call("excess 2: level 0 EMPTY", NULL, w("EMPTY"), 0, ALL, 0);
    expect(&r, 0, 0, 0, 0); /* no buffer, no lie */
    SetEntriesReadExcess(0xFFFFFFFEu);
    r = call("excess 2^32-2: level 1 \\\\WS02", NULL, w("\\\\WS02"), 1, ALL, 0);
    check(r.status == 0 && r.read == 0xFFFFFFFFu && r.buf != NULL, "entriesread %u, expected 4294967295", r.read);
    release(&r);
    SetEntriesReadExcess(0);
    r = call("excess 0: level 0 DATA", NULL, w("DATA"), 0, ALL, 0);
    expect(&r, 0, 3, 3, 0);
    release(&r);
}

int main(int argc, char **argv)
{
    char library[4096];
    if (argc > 1) {
        snprintf(library, sizeof library, "%s", argv[1]);
    } else {
        const char *slash = strrchr(argv[0], '/');
        snprintf(library, sizeof library, "%.*slibnetapi32standin.so", slash ? (int)(slash - argv[0] + 1) : 2,
                 slash ? argv[0] : "./");
    }
    void *lib = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "cannot load %s: %s\n", library, dlerror());
        return 2;
    }
    struct {
        const char *name;
        void **slot;
    } symbols[] = {
        {"NetConnectionEnum", (void **)&NetConnectionEnum},
        {"NetApiBufferFree", (void **)&NetApiBufferFree},
        {"NetApiBufferSize", (void **)&NetApiBufferSize},
        {"StandIn_SetScenario", (void **)&SetScenario},
        {"StandIn_SetCaller", (void **)&SetCaller},
        {"StandIn_SetServerName", (void **)&SetServerName},
        {"StandIn_OutstandingBuffers", (void **)&OutstandingBuffers},
        {"StandIn_BadFrees", (void **)&BadFrees},
        {"StandIn_ResetCounters", (void **)&ResetCounters},
        {"StandIn_SetEntriesReadExcess", (void **)&SetEntriesReadExcess},
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        if ((*symbols[i].slot = dlsym(lib, symbols[i].name)) == NULL) {
            fprintf(stderr, "%s: no %s\n", library, symbols[i].name);
            return 2;
        }
    }
    char dir[] = "/tmp/standin-smoke.XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(scenario_path, sizeof scenario_path, "%s/scenario.json", dir);
    printf("library %s, scenario %s\n", library, scenario_path);
    SetScenario(scenario_path);

    main_scenario();
    quirks();
    bad_scenarios();
    big();
    threads();
    sizes();
    check(OutstandingBuffers() == 0, "%d buffers outstanding after the calls", OutstandingBuffers());
    check(BadFrees() == 0, "%d bad frees during the calls", BadFrees());
    accounting();

    SetScenario(NULL);
    SetCaller(NULL);
    SetServerName(NULL);
    unlink(scenario_path);
    rmdir(dir);
    for (size_t i = 0; i < nkept; i++) {
        free(kept[i]);
    }
    free(kept);
    dlclose(lib);
    printf(failures == 0 ? "ALL CHECKS PASSED\n" : "%d CHECK(S) FAILED\n", failures);
    return failures == 0 ? 0 : 1;
}
