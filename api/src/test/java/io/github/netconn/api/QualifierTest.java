package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** C1: every edge of qualifier validation. */
class QualifierTest {

    private static String rejected(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Qualifier.of(text)).getMessage();
    }

    @Test
    void nullIsRejected() {
        assertEquals("qualifier must not be null", rejected(null));
    }

    @Test
    void emptyIsRejected() {
        assertEquals("qualifier must not be empty", rejected(""));
    }

    @Test
    void backslashesAloneAreRejected() {
        assertEquals("qualifier '\\\\' names no computer", rejected("\\\\"));
    }

    @Test
    void oneThousandTwentyThreeCharactersAreAccepted() {
        String share = "s".repeat(1023);
        assertEquals(new Qualifier.Share(share), Qualifier.of(share));
        String computer = "\\\\" + "c".repeat(1021);
        assertEquals(computer, Qualifier.of(computer).wireValue());
    }

    @Test
    void oneThousandTwentyFourCharactersAreRejected() {
        assertEquals("qualifier is 1024 characters long; the limit is 1023", rejected("s".repeat(1024)));
        assertEquals("qualifier is 1024 characters long; the limit is 1023",
                rejected("\\\\" + "c".repeat(1022)));
    }

    @Test
    void lengthCountsUtf16CodeUnits() {
        String nonBmp = "\uD83D\uDE00"; // one code point, two code units
        assertThrows(IllegalArgumentException.class, () -> Qualifier.of(nonBmp.repeat(512)));
        assertEquals(1022, Qualifier.of(nonBmp.repeat(511)).wireValue().length());
    }

    @Test
    void anEmbeddedNulIsRejected() {
        assertEquals("qualifier contains a NUL character at index 4", rejected("DATA\0x"));
        assertEquals("qualifier contains a NUL character at index 0", rejected("\0"));
        assertEquals("qualifier contains a NUL character at index 3", rejected("\\\\W\0"));
    }

    @Test
    void twoBackslashesMakeAComputer() {
        Qualifier qualifier = Qualifier.of("\\\\WS01");
        Qualifier.Computer computer = assertInstanceOf(Qualifier.Computer.class, qualifier);
        assertEquals("WS01", computer.name());
        assertEquals("\\\\WS01", qualifier.wireValue());
    }

    @Test
    void anythingElseIsAShare() {
        for (String text : new String[] {"DATA", "IPC$", "\\DATA", "a\\\\b", " ", "\uD83D\uDE00"}) {
            Qualifier.Share share = assertInstanceOf(Qualifier.Share.class, Qualifier.of(text), text);
            assertEquals(text, share.name());
            assertEquals(text, share.wireValue());
        }
    }

    @Test
    void theRecordsValidateTooSoNoInvalidQualifierCanExist() {
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Share(null));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Share(""));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Share("\\\\WS01"));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Share("x".repeat(1024)));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Computer(null));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Computer(""));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Computer("c".repeat(1022)));
        assertThrows(IllegalArgumentException.class, () -> new Qualifier.Computer("a\0"));
    }
}
