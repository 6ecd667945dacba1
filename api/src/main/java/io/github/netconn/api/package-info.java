/**
 * The port of netconn: {@link io.github.netconn.api.ConnectionEnumerator}, whose Javadoc
 * holds the contract C1-C13, the query and result records, the exception family and the
 * status-code table both adapters share. This package depends on nothing but the JDK.
 */
package io.github.netconn.api;
