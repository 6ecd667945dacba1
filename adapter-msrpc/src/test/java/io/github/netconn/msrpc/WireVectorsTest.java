package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hierynomus.mssmb2.SMB2MessageConverter;
import com.hierynomus.mssmb2.SMB2PacketData;
import com.hierynomus.mssmb2.messages.SMB2NegotiateResponse;
import com.hierynomus.smbj.server.Server;
import io.github.netconn.msrpc.GoldenVectorsTest.Vector;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The framing around the srvsvc stubs against PDUs and SMB2 messages that impacket built
 * (src/test/vectors/gen_wire_vectors.py wrote src/test/resources/vectors/wire): the bind and
 * the request PDU byte for byte, the bind_ack / bind_nak check, and
 * FSCTL_VALIDATE_NEGOTIATE_INFO from the raw NEGOTIATE messages.
 */
class WireVectorsTest {

    static Vector vector(String name) {
        try {
            Path file = Path.of(WireVectorsTest.class.getResource("/vectors/wire/" + name + ".hex").toURI());
            return GoldenVectorsTest.read(file);
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("no vector " + name + "; run gen_wire_vectors.py", e);
        }
    }

    static Stream<Vector> vectors(String prefix, int atLeast) throws Exception {
        Path dir = Path.of(WireVectorsTest.class.getResource("/vectors/wire").toURI());
        List<Vector> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted()
                    .forEach(f -> list.add(GoldenVectorsTest.read(f)));
        }
        assertTrue(list.size() >= atLeast, "too few " + prefix + " vectors: " + list.size());
        return list.stream();
    }

    static Stream<Vector> refusals() throws Exception {
        return vectors("answer-", 5).filter(v -> v.expect().has("refused"));
    }

    static Stream<Vector> validateResponses() throws Exception {
        return vectors("smb2-validate-negotiate-info-response-", 5);
    }

    private static void assertBytes(byte[] impacket, byte[] ours, String what) {
        assertArrayEquals(impacket, ours, () -> what + " differs:\n ours     " + HexFormat.of().formatHex(ours)
                + "\n impacket " + HexFormat.of().formatHex(impacket));
    }

    @Test
    void bindIsEncodedAsImpacketEncodesIt() {
        Vector v = vector("bind-srvsvc-3.0-ndr20");
        byte[] ours = Bind.request(v.expect().get("callId").asInt(), v.expect().get("maxFragment").asInt());
        assertBytes(v.stub(), ours, "bind");
    }

    @Test
    void theBindOfferedIsTheOneTheEnumeratorSends() {
        assertEquals(vector("bind-srvsvc-3.0-ndr20").expect().get("maxFragment").asInt(), SrvsvcPipe.MAX_FRAGMENT);
    }

    @Test
    void anAcceptedBindAckGivesTheServersMaxRecvFrag() throws Exception {
        Vector v = vector("answer-bind-ack-accepted-ndr20");
        byte[] pdu = v.stub();
        assertEquals(v.expect().get("maxRecv").asInt(), Bind.accept(pdu, pdu.length, v.expect().get("callId").asInt()));
    }

    @Test
    void anAcceptedBindAckOfAnotherCallIsRefused() {
        Vector v = vector("answer-bind-ack-accepted-ndr20");
        byte[] pdu = v.stub();
        assertThrows(SrvsvcPipe.ReplyRefused.class, () -> Bind.accept(pdu, pdu.length, v.expect().get("callId").asInt() + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedBindsNameTheReason(Vector v) {
        byte[] pdu = v.stub();
        SrvsvcPipe.ReplyRefused e = assertThrows(SrvsvcPipe.ReplyRefused.class,
                () -> Bind.accept(pdu, pdu.length, v.expect().get("callId").asInt()));
        for (JsonNode part : v.expect().get("refused")) {
            assertTrue(e.getMessage().contains(part.asText()),
                    () -> "the message \"" + e.getMessage() + "\" does not name " + part.asText());
        }
    }

    static Stream<Vector> requestPdus() throws Exception {
        return vectors("request-pdu-", 3);
    }

    /** One per call (opnums 8, 12 and 9): the opnum is impacket's, checked by the generator against srvs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requestPdus")
    void requestPduIsFramedAsImpacketFramesIt(Vector v) {
        JsonNode e = v.expect();
        String server = e.get("serverName").isNull() ? null : e.get("serverName").asText();
        int level = e.get("level").asInt();
        long max = e.get("preferedMaximumLength").asLong();
        Long resume = e.get("resumeHandle").isNull() ? null : e.get("resumeHandle").asLong();
        byte[] stub;
        int opnum;
        if (e.has("qualifier")) {
            stub = NetrConnectionEnum.request(server, text(e, "qualifier"), level, max, resume);
            opnum = NetrConnectionEnum.OPNUM;
        } else if (e.has("clientName")) {
            stub = NetrSessionEnum.request(server, text(e, "clientName"), text(e, "userName"), level, max, resume);
            opnum = NetrSessionEnum.OPNUM;
        } else {
            stub = NetrFileEnum.request(server, text(e, "basePath"), text(e, "userName"), level, max, resume);
            opnum = NetrFileEnum.OPNUM;
        }
        assertTrue(v.name().startsWith("request-pdu-opnum" + opnum + "-"), v.name() + " is not opnum " + opnum);
        assertBytes(v.stub(), SrvsvcPipe.request(e.get("callId").asInt(), opnum, stub), "request PDU");
    }

    private static String text(JsonNode e, String field) {
        return e.get(field).isNull() ? null : e.get(field).asText();
    }

    @Test
    void validateNegotiateInfoRequestIsWhatImpacketBuildsFromTheNegotiateRequest() {
        Vector v = vector("smb2-validate-negotiate-info-request");
        byte[] negotiate = vector(v.expect().get("negotiateRequest").asText()).stub();
        assertBytes(v.stub(), FsctlValidateNegotiateInfo.request(negotiate), "VALIDATE_NEGOTIATE_INFO request");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validateResponses")
    void validateNegotiateInfoResponseIsCheckedFieldByField(Vector v) throws Exception {
        byte[] negotiate = vector(v.expect().get("negotiateResponse").asText()).stub();
        String mismatch = FsctlValidateNegotiateInfo.mismatch(v.stub(), negotiatedBySmbj(negotiate));
        JsonNode field = v.expect().get("mismatch");
        if (field.isNull()) {
            assertNull(mismatch, "a response that repeats the NEGOTIATE response");
        } else {
            assertNotNull(mismatch, "a response whose " + field.asText() + " changed was accepted");
            assertTrue(mismatch.contains(field.asText()), () -> "\"" + mismatch + "\" does not name " + field.asText());
        }
    }

    /** The negotiation as smbj records it from {@code response} (SMBProtocolNegotiator.initializeOrValidateServerDetails). */
    private static Server negotiatedBySmbj(byte[] response) throws Exception {
        SMB2NegotiateResponse r = (SMB2NegotiateResponse) new SMB2MessageConverter().readPacket(null,
                new SMB2PacketData(response));
        Server server = new Server("vector", 445);
        server.init(r.getServerGuid(), r.getDialect(), r.getSecurityMode(), r.getCapabilities());
        return server;
    }
}
