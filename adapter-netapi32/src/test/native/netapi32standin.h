/*
 * The Win32 declarations the Netapi32 stand-in implements, as lmcons.h, lmshare.h and
 * lmapibuf.h write them, with the Windows x64 types spelled for Linux x86-64: DWORD and
 * NET_API_STATUS are uint32_t, DWORD_PTR (ULONG_PTR) is uint64_t, LMSTR is uint16_t * (UTF-16LE),
 * pointers are 8 bytes.
 *
 * netapi32standin.c includes it, and so does the check that WindowsHeadersTest generates from
 * the JNA binding: compiled with gcc against this file and with x86_64-w64-mingw32-gcc against
 * mingw-w64's <lm.h>, the same check holds the stand-in and the binding to Windows's layout
 * and prototypes.
 */
#ifndef NETAPI32STANDIN_H
#define NETAPI32STANDIN_H

#include <stdint.h>

typedef uint8_t BYTE, *LPBYTE;
typedef uint32_t DWORD, *LPDWORD;
typedef uint64_t DWORD_PTR, *PDWORD_PTR;
typedef uint16_t WCHAR, *LMSTR;
typedef void *LPVOID;
typedef DWORD NET_API_STATUS;

#define MAX_PREFERRED_LENGTH ((DWORD)-1)

typedef struct _CONNECTION_INFO_0 {
    DWORD coni0_id;
} CONNECTION_INFO_0;

typedef struct _CONNECTION_INFO_1 {
    DWORD coni1_id;
    DWORD coni1_type;
    DWORD coni1_num_opens;
    DWORD coni1_num_users;
    DWORD coni1_time;
    LMSTR coni1_username;
    LMSTR coni1_netname;
} CONNECTION_INFO_1;

typedef struct _SESSION_INFO_0 {
    LMSTR sesi0_cname;
} SESSION_INFO_0;

typedef struct _SESSION_INFO_1 {
    LMSTR sesi1_cname;
    LMSTR sesi1_username;
    DWORD sesi1_num_opens;
    DWORD sesi1_time;
    DWORD sesi1_idle_time;
    DWORD sesi1_user_flags;
} SESSION_INFO_1;

typedef struct _SESSION_INFO_2 {
    LMSTR sesi2_cname;
    LMSTR sesi2_username;
    DWORD sesi2_num_opens;
    DWORD sesi2_time;
    DWORD sesi2_idle_time;
    DWORD sesi2_user_flags;
    LMSTR sesi2_cltype_name;
} SESSION_INFO_2;

typedef struct _SESSION_INFO_10 {
    LMSTR sesi10_cname;
    LMSTR sesi10_username;
    DWORD sesi10_time;
    DWORD sesi10_idle_time;
} SESSION_INFO_10;

typedef struct _SESSION_INFO_502 {
    LMSTR sesi502_cname;
    LMSTR sesi502_username;
    DWORD sesi502_num_opens;
    DWORD sesi502_time;
    DWORD sesi502_idle_time;
    DWORD sesi502_user_flags;
    LMSTR sesi502_cltype_name;
    LMSTR sesi502_transport;
} SESSION_INFO_502;

typedef struct _FILE_INFO_2 {
    DWORD fi2_id;
} FILE_INFO_2;

typedef struct _FILE_INFO_3 {
    DWORD fi3_id;
    DWORD fi3_permissions;
    DWORD fi3_num_locks;
    LMSTR fi3_pathname;
    LMSTR fi3_username;
} FILE_INFO_3;

NET_API_STATUS NetConnectionEnum(LMSTR servername, LMSTR qualifier, DWORD level, LPBYTE *bufptr, DWORD prefmaxlen,
                                 LPDWORD entriesread, LPDWORD totalentries, LPDWORD resume_handle);
NET_API_STATUS NetSessionEnum(LMSTR servername, LMSTR UncClientName, LMSTR username, DWORD level, LPBYTE *bufptr,
                              DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries, LPDWORD resume_handle);
NET_API_STATUS NetFileEnum(LMSTR servername, LMSTR basepath, LMSTR username, DWORD level, LPBYTE *bufptr,
                           DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries, PDWORD_PTR resume_handle);
NET_API_STATUS NetApiBufferFree(LPVOID Buffer);
NET_API_STATUS NetApiBufferSize(LPVOID Buffer, LPDWORD ByteCount);

#endif
