package io.github.netconn.api;

/** The server of a query, checked and normalised the same way for the three ports (C2, S2, F2). */
final class ServerName {

    /** The longest server name accepted, as for a qualifier. */
    static final int MAX_LENGTH = 1_023;

    private ServerName() {
    }

    /**
     * {@code server} without its leading backslashes.
     *
     * @throws IllegalArgumentException naming the value: no host, too long, a control or
     *                                  space character or a slash, an IPv6 literal, a bad port
     */
    static String normalise(String server) {
        String name = server.startsWith("\\\\") ? server.substring(2) : server;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("server '" + server + "' names no host");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("server name is " + name.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isWhitespace(c) || c == '\\' || c == '/') {
                throw new IllegalArgumentException(String.format(
                        "server name contains %s at index %d", describe(c), i));
            }
        }
        int colon = name.indexOf(':');
        if (name.startsWith("[") || colon >= 0 && name.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("server '" + server + "': IPv6 literals are not supported;"
                    + " give the host's name or its IPv4 address");
        }
        if (colon >= 0) {
            String port = name.substring(colon + 1);
            if (colon == 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("server '" + server + "' is not host:port with a port from 1 to 65535");
            }
        }
        return name;
    }

    static String describe(char c) {
        return c == 0 ? "a NUL character" : String.format("the character U+%04X", (int) c);
    }
}
