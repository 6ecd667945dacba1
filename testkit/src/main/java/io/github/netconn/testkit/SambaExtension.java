package io.github.netconn.testkit;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * Starts the server of each {@link Samba} field of a test class before its {@code @BeforeAll}
 * methods and closes it after its {@code @AfterAll} methods (the class's store closes what it
 * holds); how long each took to start is published as a report entry. Registered by
 * {@link Samba} itself.
 */
public final class SambaExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SambaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, Samba.class)) {
            if (store.get(field) != null) {
                continue; // one server per field, however often the extension is registered
            }
            if (!ModifierSupport.isStatic(field) || ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@Samba field " + field + " must be static and not final");
            }
            long started = System.nanoTime();
            SambaFixture fixture = start(field, field.getAnnotation(Samba.class));
            store.put(field, fixture); // an AutoCloseable: the store closes it after the class's @AfterAll methods
            context.publishReportEntry(field.getName(), field.getType().getSimpleName() + " at " + fixture.serverName()
                    + ", ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            field.setAccessible(true);
            field.set(null, fixture);
        }
    }

    private static SambaFixture start(Field field, Samba samba) {
        if (field.getType() == SambaServer.class) {
            if (samba.ntlm() != SambaDomainController.Ntlm.ALLOWED) {
                throw new ExtensionConfigurationException("@Samba(ntlm) is for a SambaDomainController: " + field);
            }
            if (!samba.onEveryAddress()) {
                return SambaServer.start(samba.encryption(), samba.mapToGuest(), samba.globals());
            }
            if (samba.encryption() != SambaServer.Encryption.DEFAULT || samba.mapToGuest() != SambaServer.MapToGuest.NEVER
                    || samba.globals().length > 0) {
                throw new ExtensionConfigurationException("@Samba(onEveryAddress) takes no other setting: " + field);
            }
            return SambaServer.startOnEveryAddress();
        }
        if (field.getType() == SambaDomainController.class) {
            if (samba.encryption() != SambaServer.Encryption.DEFAULT || samba.mapToGuest() != SambaServer.MapToGuest.NEVER
                    || samba.onEveryAddress()) {
                throw new ExtensionConfigurationException("@Samba on a SambaDomainController takes ntlm and globals only: "
                        + field);
            }
            return SambaDomainController.start(samba.ntlm(), samba.globals());
        }
        throw new ExtensionConfigurationException("@Samba field " + field + " must be a SambaServer or a SambaDomainController");
    }
}
