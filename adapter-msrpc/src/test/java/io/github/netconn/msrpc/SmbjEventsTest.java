package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.event.ConnectionClosed;
import com.hierynomus.smbj.event.SMBEvent;
import com.hierynomus.smbj.event.SMBEventBus;
import com.hierynomus.smbj.event.SessionLoggedOff;
import com.hierynomus.smbj.event.TreeDisconnected;
import io.github.netconn.testkit.ScriptedServer;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.engio.mbassy.listener.Handler;
import org.junit.jupiter.api.Test;

/** {@link SmbjEvents}: smbj's event handlers found without their annotations, and delivered to. */
class SmbjEventsTest {

    /**
     * Every class of the smbj jar: the methods found by signature are exactly those annotated
     * {@code @Handler}. An smbj that adds, renames or retypes a handler fails here first.
     */
    @Test
    void theHandlersFoundBySignatureAreSmbjsAnnotatedOnes() throws Exception {
        Set<String> annotated = new TreeSet<>();
        Set<String> bySignature = new TreeSet<>();
        int classes = 0;
        try (JarFile smbj = new JarFile(jarOf(SMBClient.class).toFile())) {
            for (JarEntry entry : Collections.list(smbj.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                        SMBClient.class.getClassLoader());
                classes++;
                for (Method m : c.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(Handler.class)) {
                        annotated.add(m.toString());
                    }
                    if (SmbjEvents.handles(m)) {
                        bySignature.add(m.toString());
                    }
                }
            }
        }
        assertTrue(classes > 300, "read " + classes + " classes of smbj");
        assertEquals(3, annotated.size(), "smbj 0.14.0 has three handlers: " + annotated);
        assertEquals(annotated, bySignature);
    }

    @Test
    void anEventGoesToEveryHandlerOfItsTypeInTheOrderTheListenersSubscribed() {
        SMBEventBus bus = SmbjEvents.bus();
        List<String> heard = new ArrayList<>();
        bus.subscribe(new Listener("first", heard));
        bus.subscribe(new Listener("second", heard));

        bus.publish(new SessionLoggedOff(7));
        // Within one listener the JDK lists declared methods in no set order.
        assertEquals(4, heard.size(), heard.toString());
        assertEquals(Set.of("first session 7", "first any session 7"), Set.copyOf(heard.subList(0, 2)));
        assertEquals(Set.of("second session 7", "second any session 7"), Set.copyOf(heard.subList(2, 4)));
        heard.clear();
        bus.publish(new TreeDisconnected(7, 9));
        assertEquals(List.of("first any session 7", "second any session 7"), heard);
        heard.clear();
        bus.publish(new ConnectionClosed("server", 445));
        assertEquals(List.of("first closed server", "second closed server"), heard);
    }

    @Test
    void aHandlersFailureReachesThePublisher() {
        SMBEventBus bus = SmbjEvents.bus();
        bus.subscribe(new Object() {
            @SuppressWarnings("unused")
            private void refuse(ConnectionClosed e) {
                throw new IllegalStateException("refused " + e.getHostname());
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bus.publish(new ConnectionClosed("server", 445)));
        assertEquals("refused server", e.getMessage());
    }

    @Test
    void anUnsubscribedListenerHearsNothingMore() {
        SMBEventBus bus = SmbjEvents.bus();
        List<String> heard = new ArrayList<>();
        Listener listener = new Listener("only", heard);
        bus.subscribe(listener);
        assertTrue(bus.unsubscribe(listener));
        assertFalse(bus.unsubscribe(listener));
        bus.publish(new ConnectionClosed("server", 445));
        assertEquals(List.of(), heard);
    }

    /**
     * smbj's own client and connection on this bus, over real SMB: the client's handler hears
     * the connection close and forgets the server it had negotiated with.
     */
    @Test
    void smbjsClientHearsItsConnectionClose() throws Exception {
        try (ScriptedServer server = ScriptedServer.start();
             SMBClient client = new SMBClient(SmbConfig.builder().withDfsEnabled(false).build(), SmbjEvents.bus())) {
            Connection connection = client.connect(server.host(), server.port());
            assertNotNull(client.getServerList().lookup(server.host()), "negotiated");
            connection.close(true);
            assertNull(client.getServerList().lookup(server.host()), "forgotten once closed");
            Connection again = client.connect(server.host(), server.port());
            try {
                assertTrue(again.isConnected());
                assertNotSame(connection, again);
            } finally {
                again.close(true);
            }
        }
    }

    private static Path jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Handlers as smbj writes them: private, one event each, one for a supertype. */
    private static final class Listener {
        private final String name;
        private final List<String> heard;

        Listener(String name, List<String> heard) {
            this.name = name;
            this.heard = heard;
        }

        @SuppressWarnings("unused")
        private void loggedOff(SessionLoggedOff e) {
            heard.add(name + " session " + e.getSessionId());
        }

        @SuppressWarnings("unused")
        private void anySession(SMBEvent e) {
            if (e instanceof SessionLoggedOff s) {
                heard.add(name + " any session " + s.getSessionId());
            } else if (e instanceof TreeDisconnected t) {
                heard.add(name + " any session " + t.getSessionId());
            }
        }

        @SuppressWarnings("unused")
        private void closed(ConnectionClosed e) {
            heard.add(name + " closed " + e.getHostname());
        }

        @SuppressWarnings("unused")
        private void notAHandler(SMBEvent e, int extra) {
            heard.add("never");
        }
    }
}
