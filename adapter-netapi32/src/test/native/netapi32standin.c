/*
 * The native stand-in of Netapi32: a TEST FIXTURE, not a product.
 *
 * A Linux x86-64 shared library with the Win32 ABI of NetConnectionEnum, NetSessionEnum,
 * NetFileEnum, NetApiBufferFree and NetApiBufferSize, so that the JNA adapter written for Windows
 * can be proven on Linux. It decides no answer itself: every call asks the answerer the test
 * registered with StandIn_SetAnswerer (the Java side, StandIn.java, answers with the testkit's
 * Scenario, the reference's own code), and does what Netapi32 does with the reply it gets from a
 * server: lays the entries out in one allocated buffer, the level's structures (CONNECTION_INFO_0/1,
 * SESSION_INFO_0/1/2/10/502, FILE_INFO_2/3) followed by their strings, and fills *bufptr,
 * *entriesread, *totalentries and *resume_handle. It also counts its buffers, so that tests can
 * prove none leaks and none is freed twice, and can be made to lie about entriesread. See
 * README.md next to this file.
 *
 * The Win32 types, structures and prototypes it implements are in netapi32standin.h, which
 * WindowsHeadersTest holds to mingw-w64's Windows headers; the sizes below are Windows x64's.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netapi32standin.h"

#define EXPORT __attribute__((visibility("default")))

_Static_assert(sizeof(CONNECTION_INFO_0) == 4, "CONNECTION_INFO_0 is 4 bytes on Windows x64");
_Static_assert(sizeof(CONNECTION_INFO_1) == 40, "CONNECTION_INFO_1 is 40 bytes on Windows x64");
_Static_assert(offsetof(CONNECTION_INFO_1, coni1_username) == 24, "20 bytes of DWORDs, 4 of padding");
_Static_assert(sizeof(SESSION_INFO_0) == 8, "SESSION_INFO_0 is one pointer");
_Static_assert(sizeof(SESSION_INFO_1) == 32, "SESSION_INFO_1: two pointers, four DWORDs");
_Static_assert(sizeof(SESSION_INFO_2) == 40, "SESSION_INFO_2: SESSION_INFO_1 and a pointer");
_Static_assert(sizeof(SESSION_INFO_10) == 24, "SESSION_INFO_10: two pointers, two DWORDs");
_Static_assert(sizeof(SESSION_INFO_502) == 48, "SESSION_INFO_502: SESSION_INFO_2 and a pointer");
_Static_assert(sizeof(FILE_INFO_2) == 4, "FILE_INFO_2 is one DWORD");
_Static_assert(sizeof(FILE_INFO_3) == 32, "FILE_INFO_3: three DWORDs, 4 bytes of padding, two pointers");
_Static_assert(sizeof(DWORD_PTR) == sizeof(void *), "DWORD_PTR is pointer-sized");

enum {
    NERR_Success = 0,
    ERROR_NOT_ENOUGH_MEMORY = 8,
    ERROR_INVALID_PARAMETER = 87,
    ERROR_MORE_DATA = 234,
    RPC_S_SERVER_UNAVAILABLE = 1722,
    RPC_X_BAD_STUB_DATA = 1783,
};

/* ------------------------------------------------------------------------------------------ */
/* The reply: what the answerer says, entry by entry                                          */
/* ------------------------------------------------------------------------------------------ */

/* The three functions, as the answerer is told which one it answers. */
typedef enum {
    STANDIN_CONNECTIONS = 1,
    STANDIN_SESSIONS = 2,
    STANDIN_FILES = 3,
} StandIn_Function;

#define DWORDS 5
#define STRINGS 4

/* One entry: the values of every field its function's structures have, whatever the level. Which
   value is which is the function's (see the layouts below):
     connections: dwords id, type, num_opens, num_users, time;  strings username, netname
     sessions:    dwords num_opens, time, idle_time, user_flags; strings cname, username, cltype_name, transport
     files:       dwords id, permissions, num_locks;             strings pathname, username */
typedef struct {
    DWORD dwords[DWORDS];
    WCHAR *strings[STRINGS]; /* NUL-terminated copies; NULL for a NULL string */
    size_t units[STRINGS];   /* without the NUL */
} entry;

/* The entries of one call's reply, in order, as the answerer adds them. */
typedef struct StandIn_Reply {
    entry *entries;
    size_t count, capacity;
    bool nomem;
} StandIn_Reply;

/* Answers one call of `function`: adds the page's entries to reply with StandIn_AddEntry and
   StandIn_SetString, sets *totalentries and, when resume_handle is not NULL, *resume_handle
   (which holds the caller's value, for NetFileEnum its low DWORD), and returns the status.
   servername and the two filters are the caller's own pointers, NUL-terminated UTF-16 or NULL:
   for connections the qualifier and NULL, for sessions UncClientName and username, for files
   basepath and username. */
typedef NET_API_STATUS (*StandIn_Answerer)(DWORD function, LMSTR servername, LMSTR filter1, LMSTR filter2,
                                           DWORD level, DWORD prefmaxlen, LPDWORD resume_handle,
                                           LPDWORD totalentries, StandIn_Reply *reply);

static WCHAR *copy_string(const WCHAR *s, size_t units, bool *nomem)
{
    if (s == NULL) {
        return NULL;
    }
    WCHAR *copy = units < SIZE_MAX / sizeof(WCHAR) ? malloc((units + 1) * sizeof(WCHAR)) : NULL;
    if (copy == NULL) {
        *nomem = true;
        return NULL;
    }
    memcpy(copy, s, units * sizeof(WCHAR));
    copy[units] = 0; /* a string holding U+0000 reads as cut short there, as on Windows */
    return copy;
}

static void free_reply(StandIn_Reply *reply)
{
    for (size_t i = 0; i < reply->count; i++) {
        for (int s = 0; s < STRINGS; s++) {
            free(reply->entries[i].strings[s]);
        }
    }
    free(reply->entries);
}

/* ------------------------------------------------------------------------------------------ */
/* The layouts: where each structure's fields lie, and which of an entry's values each holds   */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    bool string;   /* an LMSTR, else a DWORD */
    size_t offset; /* offsetof the field in the structure */
    int value;     /* the index into the entry's strings or dwords */
} field;

typedef struct {
    DWORD function, level;
    size_t size; /* sizeof the structure: the array's stride */
    size_t nfields;
    field fields[8];
} layout;

#define D(type, member, index) {false, offsetof(type, member), index}
#define S(type, member, index) {true, offsetof(type, member), index}

static const layout layouts[] = {
    {STANDIN_CONNECTIONS, 0, sizeof(CONNECTION_INFO_0), 1, {D(CONNECTION_INFO_0, coni0_id, 0)}},
    {STANDIN_CONNECTIONS, 1, sizeof(CONNECTION_INFO_1), 7,
     {D(CONNECTION_INFO_1, coni1_id, 0), D(CONNECTION_INFO_1, coni1_type, 1),
      D(CONNECTION_INFO_1, coni1_num_opens, 2), D(CONNECTION_INFO_1, coni1_num_users, 3),
      D(CONNECTION_INFO_1, coni1_time, 4), S(CONNECTION_INFO_1, coni1_username, 0),
      S(CONNECTION_INFO_1, coni1_netname, 1)}},
    {STANDIN_SESSIONS, 0, sizeof(SESSION_INFO_0), 1, {S(SESSION_INFO_0, sesi0_cname, 0)}},
    {STANDIN_SESSIONS, 1, sizeof(SESSION_INFO_1), 6,
     {S(SESSION_INFO_1, sesi1_cname, 0), S(SESSION_INFO_1, sesi1_username, 1),
      D(SESSION_INFO_1, sesi1_num_opens, 0), D(SESSION_INFO_1, sesi1_time, 1),
      D(SESSION_INFO_1, sesi1_idle_time, 2), D(SESSION_INFO_1, sesi1_user_flags, 3)}},
    {STANDIN_SESSIONS, 2, sizeof(SESSION_INFO_2), 7,
     {S(SESSION_INFO_2, sesi2_cname, 0), S(SESSION_INFO_2, sesi2_username, 1),
      D(SESSION_INFO_2, sesi2_num_opens, 0), D(SESSION_INFO_2, sesi2_time, 1),
      D(SESSION_INFO_2, sesi2_idle_time, 2), D(SESSION_INFO_2, sesi2_user_flags, 3),
      S(SESSION_INFO_2, sesi2_cltype_name, 2)}},
    {STANDIN_SESSIONS, 10, sizeof(SESSION_INFO_10), 4,
     {S(SESSION_INFO_10, sesi10_cname, 0), S(SESSION_INFO_10, sesi10_username, 1),
      D(SESSION_INFO_10, sesi10_time, 1), D(SESSION_INFO_10, sesi10_idle_time, 2)}},
    {STANDIN_SESSIONS, 502, sizeof(SESSION_INFO_502), 8,
     {S(SESSION_INFO_502, sesi502_cname, 0), S(SESSION_INFO_502, sesi502_username, 1),
      D(SESSION_INFO_502, sesi502_num_opens, 0), D(SESSION_INFO_502, sesi502_time, 1),
      D(SESSION_INFO_502, sesi502_idle_time, 2), D(SESSION_INFO_502, sesi502_user_flags, 3),
      S(SESSION_INFO_502, sesi502_cltype_name, 2), S(SESSION_INFO_502, sesi502_transport, 3)}},
    {STANDIN_FILES, 2, sizeof(FILE_INFO_2), 1, {D(FILE_INFO_2, fi2_id, 0)}},
    {STANDIN_FILES, 3, sizeof(FILE_INFO_3), 5,
     {D(FILE_INFO_3, fi3_id, 0), D(FILE_INFO_3, fi3_permissions, 1), D(FILE_INFO_3, fi3_num_locks, 2),
      S(FILE_INFO_3, fi3_pathname, 0), S(FILE_INFO_3, fi3_username, 1)}},
};

/* The structure of `function` at `level`, or NULL for a level that has none. */
static const layout *layout_of(DWORD function, DWORD level)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        if (layouts[i].function == function && layouts[i].level == level) {
            return &layouts[i];
        }
    }
    return NULL;
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
static StandIn_Answerer answerer_setting; /* StandIn_SetAnswerer; NULL: nobody answers */
static DWORD excess_setting;              /* StandIn_SetEntriesReadExcess; 0: entriesread is true */
static live_buffer *live;
static size_t nlive, live_capacity;
static int bad_frees;

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

/* On dlclose or exit: the registry goes (buffers still outstanding stay the caller's leak); a
   NetApiBufferFree after this counts as a bad free rather than crashing. */
__attribute__((destructor)) static void unload(void)
{
    pthread_mutex_lock(&lock);
    free(live);
    live = NULL;
    nlive = live_capacity = 0;
    answerer_setting = NULL;
    pthread_mutex_unlock(&lock);
}

/* ------------------------------------------------------------------------------------------ */
/* The buffer                                                                                  */
/* ------------------------------------------------------------------------------------------ */

static size_t native_string_bytes(const WCHAR *s, size_t units)
{
    return s == NULL ? 0 : (units + 1) * sizeof(WCHAR);
}

static WCHAR *put_string(uint8_t **cursor, const WCHAR *s, size_t units)
{
    if (s == NULL) {
        return NULL;
    }
    WCHAR *at = (WCHAR *)*cursor;
    memcpy(at, s, (units + 1) * sizeof(WCHAR));
    *cursor += (units + 1) * sizeof(WCHAR);
    return at;
}

/* Windows' one-allocation layout: the array, then the strings it points to, in the order of the
   entries and, within one, of the fields. Only the strings the level's structure has are copied. */
static NET_API_STATUS build_buffer(const layout *l, const StandIn_Reply *reply, uint8_t **out)
{
    size_t count = reply->count;
    if (count > SIZE_MAX / l->size) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t bytes = count * l->size;
    for (size_t i = 0; i < count; i++) {
        const entry *e = &reply->entries[i];
        for (size_t f = 0; f < l->nfields; f++) {
            if (l->fields[f].string) {
                int v = l->fields[f].value;
                size_t more = native_string_bytes(e->strings[v], e->units[v]);
                if (more > SIZE_MAX - bytes) {
                    return ERROR_NOT_ENOUGH_MEMORY;
                }
                bytes += more;
            }
        }
    }
    if (bytes > UINT32_MAX) {
        return ERROR_NOT_ENOUGH_MEMORY; /* more than NetApiBufferSize's DWORD can describe */
    }
    uint8_t *buffer = calloc(1, bytes); /* the padding zeroed too */
    if (buffer == NULL) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    uint8_t *strings = buffer + count * l->size;
    for (size_t i = 0; i < count; i++) {
        const entry *from = &reply->entries[i];
        uint8_t *structure = buffer + i * l->size;
        for (size_t f = 0; f < l->nfields; f++) {
            const field *fd = &l->fields[f];
            if (fd->string) {
                LMSTR s = put_string(&strings, from->strings[fd->value], from->units[fd->value]);
                memcpy(structure + fd->offset, &s, sizeof s);
            } else {
                memcpy(structure + fd->offset, &from->dwords[fd->value], sizeof(DWORD));
            }
        }
    }
    if (!register_buffer(buffer, bytes)) {
        free(buffer);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    *out = buffer;
    return NERR_Success;
}

/* ------------------------------------------------------------------------------------------ */
/* The exports                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/* One call of any of the three functions: the answerer's reply, laid out as Netapi32 lays it out. */
static NET_API_STATUS enumerate(DWORD function, LMSTR servername, LMSTR filter1, LMSTR filter2, DWORD level,
                                LPBYTE *bufptr, DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries,
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
    pthread_mutex_lock(&lock);
    StandIn_Answerer answerer = answerer_setting;
    DWORD excess = excess_setting;
    pthread_mutex_unlock(&lock);
    if (answerer == NULL) {
        fprintf(stderr, "netapi32standin: nobody answers: call StandIn_SetAnswerer first\n");
        return RPC_S_SERVER_UNAVAILABLE;
    }

    StandIn_Reply reply = {NULL, 0, 0, false};
    DWORD resume = resume_handle != NULL ? *resume_handle : 0;
    DWORD total = 0;
    NET_API_STATUS status = answerer(function, servername, filter1, filter2, level, prefmaxlen,
                                     resume_handle != NULL ? &resume : NULL, &total, &reply);
    const layout *l = layout_of(function, level);
    if (reply.nomem) {
        status = ERROR_NOT_ENOUGH_MEMORY;
    } else if ((status == NERR_Success || status == ERROR_MORE_DATA) && reply.count > 0 && l == NULL) {
        fprintf(stderr, "netapi32standin: the answerer gave entries at level %u, which has no structure\n", level);
        status = RPC_X_BAD_STUB_DATA;
    } else if (status == NERR_Success || status == ERROR_MORE_DATA) {
        /* A page with no entries gets *bufptr NULL and no allocation, as from Windows. */
        NET_API_STATUS built = reply.count > 0 ? build_buffer(l, &reply, bufptr) : NERR_Success;
        if (built != NERR_Success) {
            status = built;
        } else {
            *entriesread = (DWORD)reply.count;
            if (*bufptr != NULL) {
                *entriesread += excess; /* StandIn_SetEntriesReadExcess: a lie about this buffer (mod 2^32) */
            }
            *totalentries = total;
            if (resume_handle != NULL) {
                *resume_handle = resume;
            }
        }
    }
    /* Any other status leaves the failure shape: *bufptr NULL, the counts 0, the resume handle
       as the caller passed it. */
    free_reply(&reply);
    return status;
}

EXPORT NET_API_STATUS NetConnectionEnum(LMSTR servername, LMSTR qualifier, DWORD level, LPBYTE *bufptr,
                                        DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries,
                                        LPDWORD resume_handle)
{
    return enumerate(STANDIN_CONNECTIONS, servername, qualifier, NULL, level, bufptr, prefmaxlen, entriesread,
                     totalentries, resume_handle);
}

EXPORT NET_API_STATUS NetSessionEnum(LMSTR servername, LMSTR UncClientName, LMSTR username, DWORD level,
                                     LPBYTE *bufptr, DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries,
                                     LPDWORD resume_handle)
{
    return enumerate(STANDIN_SESSIONS, servername, UncClientName, username, level, bufptr, prefmaxlen, entriesread,
                     totalentries, resume_handle);
}

/* The resume handle is a DWORD_PTR, but the handle the server keeps is a DWORD: as ReactOS's
   Netapi32 does (it hands the pointer on to NetrFileEnum as a PDWORD), only its low DWORD is read
   and written, and the upper half stays as the caller left it. */
EXPORT NET_API_STATUS NetFileEnum(LMSTR servername, LMSTR basepath, LMSTR username, DWORD level, LPBYTE *bufptr,
                                  DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries,
                                  PDWORD_PTR resume_handle)
{
    DWORD low = resume_handle != NULL ? (DWORD)*resume_handle : 0;
    NET_API_STATUS status = enumerate(STANDIN_FILES, servername, basepath, username, level, bufptr, prefmaxlen,
                                      entriesread, totalentries, resume_handle != NULL ? &low : NULL);
    if (resume_handle != NULL) {
        *resume_handle = (*resume_handle & ~(DWORD_PTR)UINT32_MAX) | low;
    }
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

/* Who answers the calls that follow; NULL: nobody (they get 1722). */
EXPORT NET_API_STATUS StandIn_SetAnswerer(StandIn_Answerer answerer)
{
    pthread_mutex_lock(&lock);
    answerer_setting = answerer;
    pthread_mutex_unlock(&lock);
    return NERR_Success;
}

/* For the answerer, during its call: one more entry of the page, with its function's DWORD values
   in the order the entry type lists them (those past the function's count are ignored) and every
   string NULL until StandIn_SetString sets it. */
EXPORT NET_API_STATUS StandIn_AddEntry(StandIn_Reply *reply, DWORD v0, DWORD v1, DWORD v2, DWORD v3, DWORD v4)
{
    if (reply == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    if (reply->count == reply->capacity) {
        size_t grown = reply->capacity ? reply->capacity * 2 : 16;
        entry *bigger = grown > SIZE_MAX / sizeof *bigger ? NULL : realloc(reply->entries, grown * sizeof *bigger);
        if (bigger == NULL) {
            reply->nomem = true;
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        reply->entries = bigger;
        reply->capacity = grown;
    }
    entry e = {{v0, v1, v2, v3, v4}, {NULL, NULL, NULL, NULL}, {0, 0, 0, 0}};
    reply->entries[reply->count++] = e;
    return NERR_Success;
}

/* For the answerer, after StandIn_AddEntry: string `index` (0 to 3, in the order the entry type
   lists them) of the last entry, `units` UTF-16 units (a NUL after them is not needed), or NULL.
   It is copied. */
EXPORT NET_API_STATUS StandIn_SetString(StandIn_Reply *reply, DWORD index, const WCHAR *s, DWORD units)
{
    if (reply == NULL || reply->count == 0 || index >= STRINGS) {
        return ERROR_INVALID_PARAMETER;
    }
    entry *e = &reply->entries[reply->count - 1];
    free(e->strings[index]);
    e->strings[index] = copy_string(s, units, &reply->nomem);
    e->units[index] = e->strings[index] != NULL ? units : 0;
    return reply->nomem ? ERROR_NOT_ENOUGH_MEMORY : NERR_Success;
}

/* Fault injection: every later call that hands out a buffer reports *entriesread
   `excess` higher (modulo 2^32) than the entries in it, and so more than the buffer holds.
   0, the default, tells the truth. */
EXPORT NET_API_STATUS StandIn_SetEntriesReadExcess(DWORD excess)
{
    pthread_mutex_lock(&lock);
    excess_setting = excess;
    pthread_mutex_unlock(&lock);
    return NERR_Success;
}

/* Buffers the three functions allocated and nobody freed yet (since the last reset). */
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
