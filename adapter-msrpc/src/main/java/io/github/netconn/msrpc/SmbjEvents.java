package io.github.netconn.msrpc;

import com.hierynomus.smbj.event.SMBEvent;
import com.hierynomus.smbj.event.SMBEventBus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.engio.mbassy.bus.BusRuntime;
import net.engio.mbassy.bus.IMessagePublication;
import net.engio.mbassy.bus.common.PubSubSupport;

/**
 * smbj's event bus, without mbassador. smbj's client, connections and sessions tell each
 * other of a closed connection, a logged-off session and a disconnected tree through
 * private methods that mbassador finds by their {@code @Handler} annotations; reading them
 * makes a fresh JVM generate a proxy class for every annotation type on the way, about 25 ms
 * of each command (BENCHMARKS.md, "Start-up"). Here a handler is found by its signature
 * instead: a private instance method of the listener's class or a superclass whose one
 * parameter is an {@link SMBEvent}. In smbj 0.14.0 those are exactly its {@code @Handler} methods,
 * which {@code SmbjEventsTest} checks for every class that subscribes.
 *
 * <p>A bus serves one {@code SMBClient} or one connection and its sessions: listeners are
 * held strongly, and go with it. An event goes to every handler of its type, in the order
 * the listeners subscribed, on the thread that published it; a handler's exception reaches
 * the publisher.
 */
final class SmbjEvents implements PubSubSupport<SMBEvent> {

    private final List<Handler> handlers = new CopyOnWriteArrayList<>();

    private SmbjEvents() {
    }

    /** A bus of its own, for one client or one connection. */
    static SMBEventBus bus() {
        return new SMBEventBus(new SmbjEvents());
    }

    /** Whether {@code method} is one of smbj's event handlers. */
    static boolean handles(Method method) {
        return method.getParameterCount() == 1 && SMBEvent.class.isAssignableFrom(method.getParameterTypes()[0])
                && Modifier.isPrivate(method.getModifiers()) && !Modifier.isStatic(method.getModifiers());
    }

    @Override
    public void subscribe(Object listener) {
        for (Class<?> c = listener.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (handles(method)) {
                    method.setAccessible(true);
                    handlers.add(new Handler(listener, method));
                }
            }
        }
    }

    @Override
    public boolean unsubscribe(Object listener) {
        return handlers.removeIf(h -> h.listener == listener);
    }

    /** Delivers {@code event}; returns null, which smbj never reads. */
    @Override
    public IMessagePublication publish(SMBEvent event) {
        for (Handler h : handlers) {
            if (h.event.isInstance(event)) {
                h.deliver(event);
            }
        }
        return null;
    }

    /** No runtime: smbj never asks for it. */
    @Override
    public BusRuntime getRuntime() {
        throw new UnsupportedOperationException("netconn's smbj event bus has no mbassador runtime");
    }

    private static final class Handler {
        final Object listener;
        final Method method;
        final Class<?> event;

        Handler(Object listener, Method method) {
            this.listener = listener;
            this.method = method;
            this.event = method.getParameterTypes()[0];
        }

        void deliver(SMBEvent e) {
            try {
                method.invoke(listener, e);
            } catch (InvocationTargetException failed) {
                if (failed.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (failed.getCause() instanceof Error r) {
                    throw r;
                }
                throw new IllegalStateException(method + " failed", failed.getCause());
            } catch (IllegalAccessException impossible) {
                throw new IllegalStateException(method + " is not accessible", impossible);
            }
        }
    }
}
