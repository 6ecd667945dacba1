package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.PAGE_SIZE;

import io.github.netconn.api.PageSize;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the option values that are more than a number. */
final class Arguments {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final long MAX_PAGE = 0xFFFF_FFFFL;

    private Arguments() {
    }

    /**
     * {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, a bare number of
     * seconds, or ISO-8601 ({@code PT5S}); positive.
     */
    static Duration duration(String text, String option) throws UsageException {
        Duration duration;
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                duration = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new UsageException(option + ": '" + text + "' is not a duration (e.g. 500ms, 5s, 2m, PT5S)");
            }
        } else {
            Matcher m = DURATION.matcher(t);
            if (!m.matches()) {
                throw new UsageException(option + ": '" + text + "' is not a duration (e.g. 500ms, 5s, 2m, PT5S)");
            }
            String unit = m.group(2) == null ? "s" : m.group(2);
            long perUnit = switch (unit) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                default -> 3_600_000L;
            };
            BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(perUnit));
            if (millis.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new UsageException(option + ": '" + text + "' is too long");
            }
            duration = Duration.ofMillis(millis.longValue());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new UsageException(option + ": '" + text + "' must be at least 1ms");
        }
        return duration;
    }

    /** {@code all} (MAX_PREFERRED_LENGTH) or a byte count from 1 to 4294967294. */
    static PageSize pageSize(String text) throws UsageException {
        String t = text.trim();
        if (t.equalsIgnoreCase("all")) {
            return PageSize.ALL;
        }
        if (!t.matches("\\d{1,10}") || Long.parseLong(t) < 1 || Long.parseLong(t) >= MAX_PAGE) {
            throw new UsageException(PAGE_SIZE + ": '" + text + "' is neither 'all' nor a byte count from 1 to "
                    + (MAX_PAGE - 1));
        }
        return PageSize.ofBytes(Long.parseLong(t));
    }

    /**
     * Where to listen: {@code PORT} or {@code :PORT} (on 127.0.0.1, the default), or
     * {@code HOST:PORT} with a host name or address ({@code [::1]:PORT} for IPv6); port 0
     * takes any free port. Any other host than loopback is taken only when written out.
     */
    static InetSocketAddress listenAddress(String text, String option) throws UsageException {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        String port = t.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new UsageException(option + ": '" + text + "': write an IPv6 address in brackets, e.g. [::1]:9464");
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new UsageException(option + ": '" + text + "' is not [HOST:]PORT with a port from 0 to 65535");
        }
        InetAddress address;
        try {
            address = host.isEmpty() ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UsageException(option + ": unknown host '" + host + "'");
        }
        return new InetSocketAddress(address, Integer.parseInt(port));
    }
}
