/**
 * The testkit: the contract suite every adapter runs, the agreement check, and the real
 * servers they run against (issue 3).
 */
package io.github.netconn.testkit;
