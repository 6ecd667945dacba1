/*
 * The Win32 declarations the Netapi32 stand-in implements, as lmcons.h, lmshare.h and
 * lmapibuf.h write them, with the Windows x64 types spelled for Linux x86-64: DWORD and
 * NET_API_STATUS are uint32_t, LMSTR is uint16_t * (UTF-16LE), pointers are 8 bytes.
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

NET_API_STATUS NetConnectionEnum(LMSTR servername, LMSTR qualifier, DWORD level, LPBYTE *bufptr, DWORD prefmaxlen,
                                 LPDWORD entriesread, LPDWORD totalentries, LPDWORD resume_handle);
NET_API_STATUS NetApiBufferFree(LPVOID Buffer);
NET_API_STATUS NetApiBufferSize(LPVOID Buffer, LPDWORD ByteCount);

#endif
