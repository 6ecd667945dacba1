package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The account as people type it, read into the domain and user a logon sends. */
class NtlmCredentialsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CORP\\auditor|CORP|auditor",
        "CORP/auditor|CORP|auditor",
        "auditor@CORP|CORP|auditor",
        "auditor@corp.example.com|corp.example.com|auditor",
        "first.last@corp.example.com|corp.example.com|first.last",
        "CORP\\us@er|CORP|us@er",
        "auditor|''|auditor",
    })
    void everyFormGivesTheDomainAndUserSent(String typed, String domain, String user) {
        NtlmCredentials credentials = NtlmCredentials.of(typed, "pw".toCharArray());
        assertEquals(domain, credentials.domain());
        assertEquals(user, credentials.user());
        assertEquals(domain.isEmpty() ? user : domain + "\\" + user, credentials.account());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CORP\\", "CORP/", "@CORP", "auditor@", "\\auditor", "/auditor", "A\\B\\C", "A/B\\C"})
    void anAccountThatNamesNoUserOrNoDomainIsRefusedNamingIt(String typed) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NtlmCredentials.of(typed, "pw".toCharArray()));
        assertTrue(typed.isEmpty() ? refused.getMessage().contains("empty") : refused.getMessage().contains("'" + typed + "'"),
                refused.getMessage());
    }

    @Test
    void theTwoPartsAreCheckedToo() {
        assertEquals("CORP\\auditor", NtlmCredentials.of("CORP", "auditor", new char[0]).account());
        assertEquals("auditor", NtlmCredentials.of("", "auditor", new char[0]).account());
        for (List<String> parts : List.of(List.of("CORP", ""), List.of("", ""), List.of("A\\B", "u"), List.of("A",
                "B/u"),
                List.of("corp@x", "u"))) {
            assertThrows(IllegalArgumentException.class, () -> NtlmCredentials.of(parts.get(0), parts.get(1),
                    new char[0]),
                    parts::toString);
        }
    }

    @Test
    void thePasswordIsACopyNeverShownAndClearable() {
        char[] typed = "S3cret-Pass".toCharArray();
        NtlmCredentials credentials = NtlmCredentials.of("CORP\\auditor", typed);
        java.util.Arrays.fill(typed, '\0');
        assertArrayEquals("S3cret-Pass".toCharArray(), credentials.password(), "a copy, not the caller's array");
        assertEquals("NtlmCredentials[CORP\\auditor, password ***]", credentials.toString());
        assertFalse(credentials.toString().contains("S3cret"));
        credentials.clear();
        assertArrayEquals(new char[11], credentials.password());
    }

    @Test
    void theBuilderKeepsItsOwnCopy() {
        NtlmCredentials credentials = NtlmCredentials.of("auditor@CORP", "S3cret-Pass".toCharArray());
        MsrpcConnectionEnumerator.Builder builder = MsrpcConnectionEnumerator.builder().credentials(credentials);
        credentials.clear();
        try (MsrpcConnectionEnumerator e = builder.build()) {
            assertEquals("CORP", e.settings().domain());
            assertEquals("auditor", e.settings().user());
            assertArrayEquals("S3cret-Pass".toCharArray(), e.settings().password());
        }
    }
}
