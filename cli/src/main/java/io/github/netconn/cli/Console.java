package io.github.netconn.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command of {@link Netconn} runs with: the process's streams, its environment, the
 * terminal to prompt on, Ctrl-C, and whether this is Windows. The query command and the watch
 * both extend it.
 */
abstract class Console implements Options.Command {

    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final Terminal terminal;
    final Interruption interruption;
    final boolean windows;

    Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal,
            Interruption interruption, boolean windows) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
        this.interruption = interruption;
        this.windows = windows;
    }
}
