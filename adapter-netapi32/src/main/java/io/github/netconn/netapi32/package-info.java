/**
 * The Windows adapter: {@link io.github.netconn.netapi32.Netapi32ConnectionEnumerator}, the
 * Win32 NetConnectionEnum of Netapi32 through JNA. The native binding and its structures
 * live in {@code Netapi32}.
 */
package io.github.netconn.netapi32;
