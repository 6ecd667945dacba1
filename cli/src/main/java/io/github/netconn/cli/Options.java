package io.github.netconn.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command's options, its arguments and its help, parsed and written by hand: a parser
 * library built from annotations by reflection cost about 100 ms of every run, a fifth of
 * the whole command (BENCHMARKS.md, "Start-up").
 *
 * <p>The syntax: {@code --name value}, {@code --name=value}, {@code -n value}, {@code -nvalue},
 * flags alone ({@code -k}, {@code --kerberos}) and {@code --[no-]name} for a negatable one;
 * {@code --} ends the options. Anything else is an argument, {@code -} and {@code @name}
 * included. An option not understood is named without its value, which may be a secret.
 */
final class Options {

    /** A command: its options and help, and what it does with a parsed command line. */
    interface Command {
        Options options();

        String help();

        /** Takes the options' values, checking their syntax. */
        void read(Parsed parsed) throws UsageException;

        /** Runs the command; the exit code. A UsageException is reported as the command's usage error. */
        int call() throws Exception;
    }

    /** One option; {@code label} is null for a flag. */
    record Option(List<String> names, String label, boolean negatable, boolean hidden, String description) {
        String name() {
            return names.get(names.size() - 1);
        }
    }

    /** What a command line said. */
    static final class Parsed {
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, Boolean> flags = new HashMap<>();
        final List<String> arguments = new ArrayList<>();
        /** The options given, by their long names, in order. */
        final Set<String> given = new LinkedHashSet<>();

        /** The value of {@code name}, or {@code otherwise} when not given. */
        String value(String name, String otherwise) {
            return values.getOrDefault(name, otherwise);
        }

        boolean flag(String name) {
            return flags.getOrDefault(name, false);
        }

        /** A negatable flag: true, false ({@code --no-name}) or null when not given. */
        Boolean negatable(String name) {
            return flags.get(name);
        }

        /** {@code name}'s value as a number, or {@code otherwise}. */
        long number(String name, long otherwise) throws UsageException {
            String text = values.get(name);
            if (text == null) {
                return otherwise;
            }
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("Invalid value for option '" + name + "': '" + text + "' is not a number");
            }
        }

        /** {@code name}'s value as one of {@code type}'s constants, ignoring case, or {@code otherwise}. */
        <E extends Enum<E>> E choice(String name, Class<E> type, E otherwise) throws UsageException {
            String text = values.get(name);
            if (text == null) {
                return otherwise;
            }
            List<String> choices = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
                choices.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException("Invalid value for option '" + name + "': '" + text + "' is not one of "
                    + String.join(", ", choices));
        }
    }

    private final List<Option> options = new ArrayList<>();

    /** An option that takes a value. */
    Options value(String label, String description, String... names) {
        options.add(new Option(List.of(names), label, false, false, description));
        return this;
    }

    /** A flag. */
    Options flag(String description, String... names) {
        options.add(new Option(List.of(names), null, false, false, description));
        return this;
    }

    /** A flag that {@code --no-name} turns off. */
    Options negatable(String description, String name) {
        options.add(new Option(List.of(name), null, true, false, description));
        return this;
    }

    /** An option left out of the help, whose value, if any, is never kept: {@code --password}. */
    Options hidden(String name) {
        options.add(new Option(List.of(name), "", false, true, ""));
        return this;
    }

    List<Option> all() {
        return options;
    }

    private Option find(String name) {
        for (Option option : options) {
            if (option.names().contains(name)) {
                return option;
            }
        }
        return null;
    }

    /**
     * Parses {@code args}.
     *
     * @throws UsageException naming every option not understood (without a value), or an
     *                        option without its value or given twice
     */
    Parsed parse(String[] args) throws UsageException {
        Parsed parsed = new Parsed();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                parsed.arguments.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                parsed.arguments.add(arg);
                continue;
            }
            String name;
            String attached = null;
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                name = equals < 0 ? arg : arg.substring(0, equals);
                attached = equals < 0 ? null : arg.substring(equals + 1);
            } else {
                name = arg.substring(0, 2);
                attached = arg.length() > 2 ? arg.substring(2) : null;
            }
            Option option = find(name);
            boolean negated = false;
            if (option == null && name.startsWith("--no-")) {
                option = find("--" + name.substring(5));
                negated = option != null && option.negatable();
                option = negated ? option : null;
            }
            if (option == null) {
                unknown.add(name);
                continue;
            }
            if (option.hidden()) {
                // The next argument is swallowed and never kept, whatever it looks like: it may be
                // the secret, and one such as "--x" would otherwise be named as an unknown option.
                if (attached == null && i + 1 < args.length) {
                    i++;
                }
                parsed.values.put(option.name(), "");
                parsed.given.add(option.name());
                continue;
            }
            if (option.label() == null) {
                if (attached != null) {
                    throw new UsageException("option '" + option.name() + "' takes no value");
                }
                parsed.flags.put(option.name(), !negated);
                parsed.given.add(option.name());
                continue;
            }
            String value = attached;
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option '" + option.name() + "' needs a value (" + option.label() + ")");
                }
                value = args[++i];
            }
            if (parsed.values.containsKey(option.name())) {
                throw new UsageException("option '" + option.name() + "' should be given only once");
            }
            parsed.values.put(option.name(), value);
            parsed.given.add(option.name());
        }
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option " + String.join(", ", unknown));
        }
        return parsed;
    }

    /** The help: the synopsis, the description, the arguments and options, then the footer. */
    String help(List<String> synopsis, List<String> description, String argumentsLabel, String argumentsText,
                List<String> footer) {
        StringBuilder out = new StringBuilder("Usage: ");
        synopsis.forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        for (String paragraph : description) {
            wrap(out, paragraph, 0, 0);
        }
        out.append("Arguments and options:\n");
        entry(out, argumentsLabel, argumentsText);
        for (Option option : options) {
            if (option.hidden()) {
                continue;
            }
            String names = option.negatable() ? "--[no-]" + option.name().substring(2) : String.join(", ", option.names());
            if (option.names().get(0).startsWith("--")) {
                names = "    " + names; // long names line up after the short ones
            }
            entry(out, option.label() == null ? names : names + " " + option.label(), option.description());
        }
        out.append('\n');
        footer.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static final int WIDTH = 80;
    private static final int INDENT = 30;

    private static void entry(StringBuilder out, String left, String text) {
        String head = "  " + left;
        if (head.length() > INDENT - 2) {
            out.append(head).append('\n').append(" ".repeat(INDENT));
        } else {
            out.append(head).append(" ".repeat(INDENT - head.length()));
        }
        wrap(out, text, INDENT, INDENT);
    }

    /** {@code text} wrapped at {@link #WIDTH}, from {@code column} (already reached), the next lines indented by {@code rest}. */
    private static void wrap(StringBuilder out, String text, int column, int rest) {
        if (text.isEmpty()) {
            out.append('\n');
            return;
        }
        boolean start = true;
        for (String word : text.split(" ")) {
            if (!start && column + 1 + word.length() > WIDTH) {
                out.append('\n').append(" ".repeat(rest));
                column = rest;
                start = true;
            }
            if (!start) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            start = false;
        }
        out.append('\n');
    }
}
