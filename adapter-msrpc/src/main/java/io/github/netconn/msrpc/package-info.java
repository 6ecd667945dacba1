/**
 * The network adapter: {@link io.github.netconn.msrpc.MsrpcConnectionEnumerator}, MS-SRVS
 * NetrConnectionEnum (opnum 8), NetrSessionEnum (opnum 12) and NetrFileEnum (opnum 9) over DCE/RPC
 * on {@code \PIPE\srvsvc}, in pure Java, on smbj (the default) or jcifs behind one seam
 * ({@code SmbLayer}). The wire format lives in {@code NetrConnectionEnum}, {@code NetrSessionEnum}
 * and {@code NetrFileEnum}, with what they share in {@code SrvsvcEnum} and {@code NdrEntries}; the
 * DCE/RPC bind in {@code Bind}, the pipe and the joining of reply
 * fragments in {@code SrvsvcPipe}, what one call may spend in {@code CallBudget}, and the mapping
 * of failures into the port's exceptions in {@code Failures}. On smbj: {@code SmbjLayer}, the
 * checks on every frame in {@code SmbjWireGuard}, direct TCP in {@code SmbjTransport}, what smbj
 * throws sorted in {@code SmbjFailures}; what they replace or check in smbj is listed, with the
 * test of each, in docs/smbj.md.
 */
package io.github.netconn.msrpc;
