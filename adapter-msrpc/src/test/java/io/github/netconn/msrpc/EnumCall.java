package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * srvsvc's three enumerations as the tests see them: each reply decoder, where its impacket
 * vectors are, and facts about its layout written down here, apart from the decoder's own tables
 * (MS-SRVS: every member of an array element is a 4-byte DWORD or referent).
 */
enum EnumCall {

    CONNECTIONS("NetrConnectionEnum", "", NetrConnectionEnum::reply, Map.of(0, 4, 1, 28),
            level -> ConnectionLevel.of(level).type(), e -> e instanceof ConnectionInfo.Level1 l1
                    ? List.of(l1.userName(), l1.netName()) : List.of()),
    SESSIONS("NetrSessionEnum", "sessions", NetrSessionEnum::reply, Map.of(0, 4, 1, 24, 2, 28, 10, 16, 502, 32),
            level -> SessionLevel.of(level).type(), EnumCall::sessionStrings),
    FILES("NetrFileEnum", "files", NetrFileEnum::reply, Map.of(2, 4, 3, 20),
            level -> FileLevel.of(level).type(), e -> e instanceof FileInfo.Level3 l3
                    ? List.of(l3.pathName(), l3.userName()) : List.of());

    /** A reply decoder: {@code NetrXxxEnum.reply}. */
    @FunctionalInterface
    interface Decoder {
        EnumReply<?> reply(byte[] stub, int offset, int length) throws ProtocolViolationException;
    }

    /** How every violation message of this call begins. */
    final String violationPrefix;
    private final String call;
    private final String directory;
    private final Decoder decoder;
    private final Map<Integer, Integer> entrySizes;
    private final LongFunction<Class<?>> entryType;
    private final Function<Object, List<Optional<String>>> strings;

    EnumCall(String call, String directory, Decoder decoder, Map<Integer, Integer> entrySizes,
             LongFunction<Class<?>> entryType, Function<Object, List<Optional<String>>> strings) {
        this.call = call;
        this.violationPrefix = "malformed " + call + " reply at stub offset ";
        this.directory = directory;
        this.decoder = decoder;
        this.entrySizes = entrySizes;
        this.entryType = entryType;
        this.strings = strings;
    }

    EnumReply<?> reply(byte[] stub, int offset, int length) throws ProtocolViolationException {
        return decoder.reply(stub, offset, length);
    }

    /** The golden reply vectors, in name order. */
    Stream<GoldenVectorsTest.Vector> replies() throws Exception {
        return GoldenVectorsTest.vectors(directory, "reply-");
    }

    /** The bytes of one array element at {@code level}, or -1 for a level that has no array. */
    int entrySize(int level) {
        return entrySizes.getOrDefault(level, -1);
    }

    /** The class of the entries at {@code level}, which must have an array. */
    Class<?> entryType(int level) {
        return entryType.apply(level);
    }

    /** The entry's strings, each of which took 12 header bytes and 2 per unit, NUL included, on the wire. */
    List<Optional<String>> strings(Object entry) {
        return strings.apply(entry);
    }

    @Override
    public String toString() {
        return call;
    }

    private static List<Optional<String>> sessionStrings(Object entry) {
        if (entry instanceof SessionInfo.Level502 e) {
            return List.of(e.clientName(), e.userName(), e.clientType(), e.transport());
        } else if (entry instanceof SessionInfo.Level2 e) {
            return List.of(e.clientName(), e.userName(), e.clientType());
        } else if (entry instanceof SessionInfo.Level1 e) {
            return List.of(e.clientName(), e.userName());
        } else if (entry instanceof SessionInfo.Level10 e) {
            return List.of(e.clientName(), e.userName());
        }
        return List.of(((SessionInfo.Level0) entry).clientName());
    }
}
