package io.github.netconn.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Samba for the test class: on a static field of type {@link SambaServer} or
 * {@link SambaDomainController}, {@link SambaExtension} starts the server before the class's
 * {@code @BeforeAll} methods, sets the field, and closes the server after its {@code @AfterAll}
 * methods, as {@code @TempDir} does for a directory. Each field gets a server of its own:
 * <ul>
 * <li>{@code @Samba static SambaServer samba;} is {@link SambaServer#start()};
 * <li>{@code @Samba(encryption = REQUIRED, globals = "server signing = mandatory")} is
 *     {@link SambaServer#start(SambaServer.Encryption, SambaServer.MapToGuest, String...)};
 * <li>{@code @Samba(onEveryAddress = true)} is {@link SambaServer#startOnEveryAddress()};
 * <li>{@code @Samba(ntlm = DISABLED) static SambaDomainController dc;} is
 *     {@link SambaDomainController#startWithoutNtlm()}.
 * </ul>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SambaExtension.class)
public @interface Samba {

    /** SMB3 encryption as the server demands it (a {@link SambaServer} only). */
    SambaServer.Encryption encryption() default SambaServer.Encryption.DEFAULT;

    /** Samba's {@code map to guest} (a {@link SambaServer} only). */
    SambaServer.MapToGuest mapToGuest() default SambaServer.MapToGuest.NEVER;

    /**
     * Listens on every address of 127.0.0.0/8 ({@link SambaServer#startOnEveryAddress()}); with
     * none of the other settings.
     */
    boolean onEveryAddress() default false;

    /** Whether the domain controller accepts NTLM logons (a {@link SambaDomainController} only). */
    SambaDomainController.Ntlm ntlm() default SambaDomainController.Ntlm.ALLOWED;

    /** More {@code [global]} parameters, each {@code "name = value"}. */
    String[] globals() default {};
}
