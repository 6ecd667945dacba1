package io.github.netconn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written parser's syntax, its errors and its help's layout. */
class OptionsTest {

    private static Options options() {
        return new Options().value("N", "A number.", "-l", "--level")
                .value("NAME", "A name.", "--user")
                .flag("A flag.", "-k", "--kerberos")
                .negatable("A negatable flag.", "--progress")
                .hidden("--password");
    }

    private static Options.Parsed parse(String... args) throws UsageException {
        return options().parse(args);
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void valuesComeSeparateAttachedOrAfterAnEqualsSign() throws Exception {
        assertEquals("0", parse("--level", "0").value("--level", null));
        assertEquals("0", parse("--level=0").value("--level", null));
        assertEquals("0", parse("-l", "0").value("--level", null));
        assertEquals("0", parse("-l0").value("--level", null));
        assertEquals("-5s", parse("--user=-5s").value("--user", null));
        assertEquals("--x", parse("--user", "--x").value("--user", null), "a value may start with a dash");
        assertEquals("a=b", parse("--user=a=b").value("--user", null));
        assertNull(parse().value("--user", null));
        assertEquals(7, parse().number("--level", 7));
    }

    @Test
    void flagsNegationAndArguments() throws Exception {
        Options.Parsed p = parse("-k", "fs01", "-", "@file", "--progress");
        assertTrue(p.flag("--kerberos"));
        assertEquals(Boolean.TRUE, p.negatable("--progress"));
        assertEquals(List.of("fs01", "-", "@file"), p.arguments);
        assertEquals(Boolean.FALSE, parse("--no-progress").negatable("--progress"));
        assertNull(parse().negatable("--progress"));
        assertEquals(List.of("--kerberos", "-l", "x"), parse("--", "--kerberos", "-l", "x").arguments);
        assertFalse(parse("--", "--kerberos").flag("--kerberos"));
    }

    @Test
    void errorsNameTheOptionNeverItsValue() {
        assertEquals("unknown option --bogus, -x", error("--bogus=Sekr1t", "-xSekr1t", "DATA"));
        assertEquals("unknown option --no-kerberos", error("--no-kerberos"));
        assertEquals("option '--user' needs a value (NAME)", error("--user"));
        assertEquals("option '--user' should be given only once", error("--user", "a", "--user=b"));
        assertEquals("option '--kerberos' takes no value", error("--kerberos=yes"));
        assertEquals("option '--kerberos' takes no value", error("-kV"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--level", "one").number("--level", 1))
                .getMessage().contains("Invalid value for option '--level': 'one' is not a number"));
        assertEquals("Invalid value for option '--format': 'xml' is not one of text, table, json, csv",
                assertThrows(UsageException.class, () -> new Options().value("F", "", "--format")
                        .parse(new String[] {"--format", "xml"}).choice("--format", Output.Format.class, null))
                        .getMessage());
    }

    @Test
    void aHiddenPasswordSwallowsItsValueAndKeepsNone() throws Exception {
        for (String[] args : List.of(new String[] {"--password", "Sekr1t", "fs01", "DATA"},
                new String[] {"--password", "--Sekr1t", "fs01", "DATA"}, new String[] {"--password", "-S", "fs01", "DATA"},
                new String[] {"--password=Sekr1t", "fs01", "DATA"}, new String[] {"fs01", "DATA", "--password"})) {
            Options.Parsed p = parse(args);
            assertTrue(p.given.contains("--password"));
            assertEquals("", p.value("--password", null));
            assertEquals(List.of("fs01", "DATA"), p.arguments);
        }
    }

    @Test
    void helpFitsEightyColumnsAndHidesTheHiddenOption() {
        String help = options().help(List.of("x [OPTIONS] ARG"), List.of("word ".repeat(40).strip(), ""),
                "ARG", "The argument. " + "more ".repeat(30), List.of("Exit codes:", "  0  fine"));
        assertTrue(help.startsWith("Usage: x [OPTIONS] ARG\n\nword word"), help);
        assertTrue(help.lines().allMatch(line -> line.length() <= 80), help);
        assertTrue(help.contains("  -l, --level N               A number.\n"), help);
        assertTrue(help.contains("      --[no-]progress         A negatable flag.\n"), help);
        assertFalse(help.contains("--password"), help);
        assertTrue(help.endsWith("\nExit codes:\n  0  fine\n"), help);
    }
}
