/**
 * The netconn command line. It arrives with issue 6; until then this module holds no code.
 */
package io.github.netconn.cli;
