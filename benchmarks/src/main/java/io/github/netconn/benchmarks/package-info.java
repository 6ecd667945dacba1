/**
 * JMH benchmarks of netconn against the testkit's servers on loopback, and the helpers of
 * benchmarks/compare.sh: {@link io.github.netconn.benchmarks.Servers} (starts the servers
 * every tool is timed against) and {@link io.github.netconn.benchmarks.Probe} (one cold and
 * one warm call in time windows, for counting SMB2 requests in a capture). The decoding
 * benchmark lives in {@code io.github.netconn.msrpc}, beside the package-private decoder it
 * measures. Nothing here runs during the build; see BENCHMARKS.md.
 */
package io.github.netconn.benchmarks;
