/**
 * The network adapter: MS-SRVS NetrConnectionEnum (opnum 8) over DCE/RPC on {@code \PIPE\srvsvc}, in pure Java on jcifs. Its implementation arrives with issue 4; until then this module holds no code.
 */
package io.github.netconn.msrpc;
