/**
 * The Netapi32 adapter: NetConnectionEnum and NetApiBufferFree through JNA, for Windows callers. Its implementation arrives with issue 5; until then this module holds no code.
 */
package io.github.netconn.netapi32;
