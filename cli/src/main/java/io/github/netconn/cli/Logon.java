package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.PASSWORD_ENV;
import static io.github.netconn.cli.OptionNames.PASSWORD_FILE;
import static io.github.netconn.cli.OptionNames.USER;

import io.github.netconn.msrpc.NtlmCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * How the network adapter logs on: as {@code DOMAIN\\user} with a password (typed in any
 * form {@link NtlmCredentials} reads), or anonymously. The password comes from an
 * environment variable, a file (or standard input) or a prompt without echo, never from an
 * argument, and appears in no message (C11). {@link #toString()} masks it.
 * The caller clears the password with {@link #clear()} when done.
 */
final class Logon {

    static final Logon ANONYMOUS = new Logon("", null, null);

    private final String domain;
    private final String user;
    private final char[] password;

    private Logon(String domain, String user, char[] password) {
        this.domain = domain;
        this.user = user;
        this.password = password;
    }

    boolean anonymous() {
        return user == null;
    }

    /** The domain; empty when the user name has none. */
    String domain() {
        return domain;
    }

    /** The user name; null for anonymous. */
    String user() {
        return user;
    }

    /** The password itself (not a copy); null for anonymous. */
    char[] password() {
        return password;
    }

    /**
     * The credentials for {@code --user}, with the password from exactly one source.
     *
     * @param userOption   {@code DOMAIN\\user}, {@code DOMAIN/user}, {@code user@domain} or {@code user}
     * @param passwordEnv  the name of an environment variable, or null
     * @param passwordFile a file whose first line is the password, {@code -} for standard input, or null
     */
    static Logon read(String userOption, String passwordEnv, String passwordFile, Map<String, String> env,
                      InputStream stdin, Terminal terminal) throws UsageException {
        NtlmCredentials account;
        try {
            account = NtlmCredentials.of(userOption, new char[0]);
        } catch (IllegalArgumentException e) {
            throw new UsageException(USER + ": " + e.getMessage());
        }
        if (passwordEnv != null && passwordFile != null) {
            throw new UsageException(PASSWORD_ENV + " and " + PASSWORD_FILE
                    + ": give one source of the password, not two");
        }
        char[] password;
        if (passwordEnv != null) {
            String value = env.get(passwordEnv);
            if (value == null) {
                throw new UsageException(PASSWORD_ENV + ": the environment variable " + passwordEnv + " is not set");
            }
            password = value.toCharArray();
        } else if (passwordFile != null) {
            password = firstLine(passwordFile, stdin);
        } else {
            password = terminal.readPassword("Password for " + userOption + ": ");
            if (password == null) {
                throw new UsageException("no password for " + userOption + ", and no terminal to ask for it on:"
                        + " use " + PASSWORD_ENV + " VAR or " + PASSWORD_FILE + " FILE");
            }
        }
        return new Logon(account.domain(), account.user(), password);
    }

    /** The first line of a file (or of standard input for {@code -}), without its line end. */
    private static char[] firstLine(String file, InputStream stdin) throws UsageException {
        byte[] bytes;
        String source = file.equals("-") ? "standard input" : "the file " + file;
        try {
            bytes = file.equals("-") ? readLine(stdin) : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageException(PASSWORD_FILE + ": " + file + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new UsageException(PASSWORD_FILE + ": cannot read " + source + ": " + e.getClass().getSimpleName());
        }
        char[] text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            text = new char[chars.remaining()];
            chars.get(text);
            Arrays.fill(chars.array(), '\0');
        } catch (CharacterCodingException e) {
            throw new UsageException(PASSWORD_FILE + ": " + source + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        int end = 0;
        while (end < text.length && text[end] != '\n' && text[end] != '\r') {
            end++;
        }
        char[] line = Arrays.copyOf(text, end);
        Arrays.fill(text, '\0');
        return line;
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toByteArray();
    }

    /** Clears the password in memory. */
    void clear() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return anonymous() ? "Logon[anonymous]" : "Logon[" + (domain.isEmpty() ? "" : domain + "\\") + user + ", password ***]";
    }
}
