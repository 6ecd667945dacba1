package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.ProtocolViolationException;
import java.time.Duration;
import org.codelibs.jcifs.smb.impl.SMBSignatureValidationException;
import org.codelibs.jcifs.smb.impl.SmbException;
import org.junit.jupiter.api.Test;

/** Signing failures, which jcifs reports without a status, map to the kind they are through the jcifs layer. */
class FailuresTest {

    private static NetConnException map(Throwable failure) {
        return Failures.map(JcifsLayer.failure(failure), "a call", Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aSessionThatCannotBeSignedIsASecurityRequirementNotMet() {
        for (String jcifsMessage : new String[] {"IPC signing is enforced, but no signing is available",
                "Signing enabled but no session key available"}) {
            NetConnException mapped = map(new SmbException("connecting", new SmbException(jcifsMessage)));
            assertInstanceOf(AuthenticationException.class, mapped, mapped::toString);
            assertTrue(mapped.getMessage().contains(jcifsMessage) && mapped.getMessage().endsWith("(a call)"),
                    mapped.getMessage());
        }
    }

    @Test
    void aWrongSignatureIsAProtocolViolation() {
        for (SmbException wrong : new SmbException[] {new SMBSignatureValidationException("Signature verification failed."),
                new SmbException("Signature validation failed")}) {
            NetConnException mapped = map(wrong);
            assertInstanceOf(ProtocolViolationException.class, mapped, mapped::toString);
            assertTrue(mapped.getMessage().contains("signature"), mapped.getMessage());
        }
    }
}
