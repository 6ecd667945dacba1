/**
 * The network adapter: {@link io.github.netconn.msrpc.MsrpcConnectionEnumerator}, MS-SRVS
 * NetrConnectionEnum (opnum 8) over DCE/RPC on {@code \PIPE\srvsvc}, in pure Java on jcifs.
 * The wire format lives in {@code NetrConnectionEnum}, the pipe in {@code SrvsvcPipe}, the
 * mapping of failures into the port's exceptions in {@code Failures}.
 */
package io.github.netconn.msrpc;
