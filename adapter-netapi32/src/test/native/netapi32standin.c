/*
 * The native stand-in of Netapi32: a TEST FIXTURE, not a product.
 *
 * A Linux x86-64 shared library with the Win32 ABI of NetConnectionEnum, NetApiBufferFree and
 * NetApiBufferSize, so that the JNA adapter written for Windows can be proven on Linux. It
 * decides no answer itself: every NetConnectionEnum call asks the answerer the test registered
 * with StandIn_SetAnswerer (the Java side, StandIn.java, answers with the testkit's
 * Scenario#answer, the reference's own code), and does what Netapi32 does with the reply it
 * gets from a server: lays the entries out in one allocated buffer, CONNECTION_INFO_0 or _1
 * structures followed by their strings, and fills *bufptr, *entriesread, *totalentries and
 * *resume_handle. It also counts its buffers, so that tests can prove none leaks and none is
 * freed twice, and can be made to lie about entriesread. See README.md next to this file.
 *
 * The Win32 types, structures and prototypes it implements are in netapi32standin.h, which
 * WindowsHeadersTest holds to mingw-w64's Windows headers: CONNECTION_INFO_0 is 4 bytes and
 * CONNECTION_INFO_1 40 bytes, as on Windows x64.
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

typedef struct {
    DWORD id, type, opens, users, seconds;
    WCHAR *username, *netname;            /* NUL-terminated copies; NULL for a NULL string */
    size_t username_units, netname_units; /* without the NUL */
} entry;

/* The entries of one call's reply, in order, as the answerer adds them. */
typedef struct StandIn_Reply {
    entry *entries;
    size_t count, capacity;
    bool nomem;
} StandIn_Reply;

/* Answers one NetConnectionEnum call: adds the page's entries to reply with StandIn_AddEntry,
   sets *totalentries and, when resume_handle is not NULL, *resume_handle (which holds the
   caller's value), and returns the status. servername and qualifier are the caller's own
   pointers, NUL-terminated UTF-16 or NULL. */
typedef NET_API_STATUS (*StandIn_Answerer)(LMSTR servername, LMSTR qualifier, DWORD level, DWORD prefmaxlen,
                                           LPDWORD resume_handle, LPDWORD totalentries, StandIn_Reply *reply);

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
        free(reply->entries[i].username);
        free(reply->entries[i].netname);
    }
    free(reply->entries);
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

/* Windows' one-allocation layout: the array, then the strings it points to. */
static NET_API_STATUS build_buffer(DWORD level, const StandIn_Reply *reply, uint8_t **out)
{
    size_t count = reply->count;
    size_t stride = level == 0 ? sizeof(CONNECTION_INFO_0) : sizeof(CONNECTION_INFO_1);
    if (count > SIZE_MAX / stride) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t bytes = count * stride;
    for (size_t i = 0; level == 1 && i < count; i++) {
        const entry *e = &reply->entries[i];
        size_t more = native_string_bytes(e->username, e->username_units)
                      + native_string_bytes(e->netname, e->netname_units);
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
        const entry *from = &reply->entries[i];
        if (level == 0) {
            ((CONNECTION_INFO_0 *)buffer)[i].coni0_id = from->id;
        } else {
            CONNECTION_INFO_1 *e = &((CONNECTION_INFO_1 *)buffer)[i];
            memset(e, 0, sizeof *e); /* the padding too */
            e->coni1_id = from->id;
            e->coni1_type = from->type;
            e->coni1_num_opens = from->opens;
            e->coni1_num_users = from->users;
            e->coni1_time = from->seconds;
            e->coni1_username = put_string(&strings, from->username, from->username_units);
            e->coni1_netname = put_string(&strings, from->netname, from->netname_units);
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
    NET_API_STATUS status = answerer(servername, qualifier, level, prefmaxlen,
                                     resume_handle != NULL ? &resume : NULL, &total, &reply);
    if (reply.nomem) {
        status = ERROR_NOT_ENOUGH_MEMORY;
    } else if ((status == NERR_Success || status == ERROR_MORE_DATA) && reply.count > 0 && level > 1) {
        fprintf(stderr, "netapi32standin: the answerer gave entries at level %u, which has no structure\n", level);
        status = RPC_X_BAD_STUB_DATA;
    } else if (status == NERR_Success || status == ERROR_MORE_DATA) {
        /* A page with no entries gets *bufptr NULL and no allocation, as from Windows. */
        NET_API_STATUS built = reply.count > 0 ? build_buffer(level, &reply, bufptr) : NERR_Success;
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

/* Who answers the NetConnectionEnum calls that follow; NULL: nobody (they get 1722). */
EXPORT NET_API_STATUS StandIn_SetAnswerer(StandIn_Answerer answerer)
{
    pthread_mutex_lock(&lock);
    answerer_setting = answerer;
    pthread_mutex_unlock(&lock);
    return NERR_Success;
}

/* For the answerer, during its call: one more entry of the page. username and netname are
   UTF-16 strings of the given number of units (a NUL after them is not needed), or NULL; they
   are copied. */
EXPORT NET_API_STATUS StandIn_AddEntry(StandIn_Reply *reply, DWORD id, DWORD type, DWORD opens, DWORD users,
                                       DWORD seconds, const WCHAR *username, DWORD username_units,
                                       const WCHAR *netname, DWORD netname_units)
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
    entry e = {id, type, opens, users, seconds, NULL, NULL, username_units, netname_units};
    e.username = copy_string(username, username_units, &reply->nomem);
    e.netname = copy_string(netname, netname_units, &reply->nomem);
    reply->entries[reply->count++] = e; /* kept even when a copy failed, so that it is freed */
    return reply->nomem ? ERROR_NOT_ENOUGH_MEMORY : NERR_Success;
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
