package io.github.netconn.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the command needs from the terminal it runs on; tests pass their own. */
interface Terminal {

    /** No terminal: no prompt, no progress bar. */
    Terminal NONE = new Terminal() {
        @Override
        public char[] readPassword(String prompt) {
            return null;
        }

        @Override
        public boolean stderrIsTerminal() {
            return false;
        }
    };

    /** The password typed at a prompt without echo, or null when there is no terminal to ask on. */
    char[] readPassword(String prompt);

    /** Whether standard error is a terminal, so that a progress bar may be drawn there. */
    boolean stderrIsTerminal();

    /** The process's own terminal. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public char[] readPassword(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readPassword("%s", prompt);
            }

            @Override
            public boolean stderrIsTerminal() {
                if ("dumb".equals(System.getenv("TERM"))) {
                    return false;
                }
                // Linux tells directly; elsewhere, a console (stdin and stdout on a terminal) is the best hint.
                Path fd2 = Path.of("/proc/self/fd/2");
                try {
                    if (Files.isSymbolicLink(fd2)) {
                        String target = Files.readSymbolicLink(fd2).toString();
                        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
                    }
                } catch (IOException | SecurityException | UnsupportedOperationException e) {
                    // fall through to the console test
                }
                return System.console() != null;
            }
        };
    }
}
