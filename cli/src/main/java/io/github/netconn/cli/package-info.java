/**
 * The {@code netconn} command line: {@link io.github.netconn.cli.Netconn}, the Win32
 * {@code NetConnectionEnum} sample program with options, output formats and a fleet sweep,
 * on top of the port and its two adapters. Only the command class is public.
 */
package io.github.netconn.cli;
