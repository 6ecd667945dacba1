package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hierynomus.smbj.SMBClient;
import org.junit.jupiter.api.Test;

/**
 * netconn closes the gaps of one smbj release from outside it (docs/smbj.md lists each, with
 * its test). Another release may close some, open others or move what the guard relies on:
 * this fails until that page has been reviewed for it and this version moved with it.
 */
class SmbjVersionTest {

    static final String REVIEWED = "0.14.0";

    @Test
    void theSmbjOnTheClassPathIsTheOneDocsSmbjMdWasReviewedFor() {
        assertEquals(REVIEWED, SMBClient.class.getPackage().getImplementationVersion(),
                "smbj changed: review docs/smbj.md, row by row, and SmbjWireGuard against the new release");
    }
}
