package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding held to Windows's own declarations, without Windows. From {@link Netapi32} as
 * JNA sees it (each structure's size, field offsets and field sizes from the {@link Structure}
 * itself; each function's parameter and return types by reflection) the test writes a C file
 * of static assertions and calls, and compiles it with {@code -fsyntax-only} twice:
 * <ul>
 * <li>with {@value #MINGW} against mingw-w64's {@code <windows.h>} and {@code <lm.h>}, a rewrite
 * of the Windows SDK headers made independently of ours, with the SDK's binary layout;</li>
 * <li>with gcc against {@code netapi32standin.h}, the declarations the stand-in is built from.</li>
 * </ul>
 * So neither the binding nor the stand-in can drift from Windows x64 unnoticed. Calling the real
 * Netapi32.dll is left to the Windows workflow (WindowsNetapi32Test).
 *
 * <p>JNA lays structures out for the JVM it runs on, here 64-bit Linux: 8-byte pointers, each
 * field aligned to its own size. For structures of DWORDs and pointers that is the Windows x64
 * layout too (MSVC also aligns each field to its size, up to 8); the two ABIs part only on
 * {@code long}, {@code long double}, bit-fields and over-aligned types, which the binding does
 * not use, and the static assertions would catch it if it did. The pointer size is checked
 * below. Win32 (4-byte pointers, a 28-byte CONNECTION_INFO_1) would need a 32-bit JVM, and is
 * not checked; nor is the calling convention, which only Win32 tells apart.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "mingw-w64 and the stand-in are installed and built on Linux;"
        + " the Windows workflow runs the real Netapi32")
class WindowsHeadersTest {

    private static final String MINGW = "x86_64-w64-mingw32-gcc";

    /**
     * The C type of each Java parameter type. JNA's Pointer carries no C type and passes any
     * pointer, so it goes to C as {@code void *}, which converts to every object pointer and,
     * under -Werror, to nothing else; that is why each method is checked as a call rather than as
     * a function-pointer type, which would need the Pointer's C type. The other arguments must
     * match exactly: {@code -Wtraditional-conversion} makes an integer of another width or
     * signedness an error, and a pointer to anything else is an incompatible pointer.
     */
    private static final Map<Class<?>, String> C_TYPES = Map.of(
            int.class, "DWORD",
            Pointer.class, "void *",
            IntByReference.class, "LPDWORD",
            Netapi32.DWORD_PTRByReference.class, "PDWORD_PTR",
            PointerByReference.class, "LPBYTE *");
    private static final List<String> FLAGS = List.of("-std=c11", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
            "-Wtraditional-conversion");

    @TempDir
    Path dir;

    @Test
    void theBindingHasWindowsX64sLayoutAndPrototypes() {
        assertEquals(8, Native.POINTER_SIZE, "the check is against Windows x64, so JNA must lay out 8-byte pointers");
        String check = check(Netapi32.class);
        for (String name : List.of("CONNECTION_INFO_0", "CONNECTION_INFO_1", "SESSION_INFO_0", "SESSION_INFO_1",
                "SESSION_INFO_2", "SESSION_INFO_10", "SESSION_INFO_502", "FILE_INFO_2", "FILE_INFO_3",
                "MAX_PREFERRED_LENGTH", "NetConnectionEnum", "NetSessionEnum", "NetFileEnum", "NetApiBufferFree",
                "NetApiBufferSize")) {
            assertTrue(check.contains(name), () -> "the check leaves out " + name + ":\n" + check);
        }
        Compilation windows = againstWindows(check);
        assertEquals(0, windows.exitCode(), windows::report);
    }

    @Test
    void theStandInHasTheBindingsLayoutAndPrototypes() {
        Compilation standIn = againstStandIn(check(Netapi32.class));
        assertEquals(0, standIn.exitCode(), standIn::report);
    }

    /** A binding that leaves out coni1_time: JNA moves the pointers 4 bytes down. */
    interface MissingField {
        @Structure.FieldOrder({"coni1_id", "coni1_type", "coni1_num_opens", "coni1_num_users", "coni1_username",
                "coni1_netname"})
        final class CONNECTION_INFO_1 extends Structure {
            public int coni1_id;
            public int coni1_type;
            public int coni1_num_opens;
            public int coni1_num_users;
            public Pointer coni1_username;
            public Pointer coni1_netname;
        }
    }

    /** The last pointer read as an int: the offsets, and the padded size of 40, stay right. */
    interface IntForPointer {
        @Structure.FieldOrder({"coni1_id", "coni1_type", "coni1_num_opens", "coni1_num_users", "coni1_time",
                "coni1_username", "coni1_netname"})
        final class CONNECTION_INFO_1 extends Structure {
            public int coni1_id;
            public int coni1_type;
            public int coni1_num_opens;
            public int coni1_num_users;
            public int coni1_time;
            public Pointer coni1_username;
            public int coni1_netname;
        }
    }

    /** bufptr (LPBYTE *) taken for one more LPDWORD. */
    interface WrongParameter {
        int NetConnectionEnum(Pointer servername, Pointer qualifier, int level, IntByReference bufptr, int prefmaxlen,
                              IntByReference entriesread, IntByReference totalentries, IntByReference resume_handle);
    }

    /** NetFileEnum's PDWORD_PTR resume handle taken for an LPDWORD, like the other two functions'. */
    interface DwordResumeHandle {
        int NetFileEnum(Pointer servername, Pointer basepath, Pointer username, int level, PointerByReference bufptr,
                        int prefmaxlen, IntByReference entriesread, IntByReference totalentries,
                        IntByReference resume_handle);
    }

    /** sesi1_username moved after the DWORDs: every offset but the first is wrong, the size is not. */
    interface SwappedFields {
        @Structure.FieldOrder({"sesi1_cname", "sesi1_num_opens", "sesi1_time", "sesi1_idle_time", "sesi1_user_flags",
                "sesi1_username"})
        final class SESSION_INFO_1 extends Structure {
            public Pointer sesi1_cname;
            public int sesi1_num_opens;
            public int sesi1_time;
            public int sesi1_idle_time;
            public int sesi1_user_flags;
            public Pointer sesi1_username;
        }
    }

    @Test
    void aDwordResumeHandleForNetFileEnumFailsTheCall() {
        assertRejected(DwordResumeHandle.class, "passing argument 9 of 'NetFileEnum' from incompatible pointer type");
    }

    @Test
    void swappedFieldsFailTheirOffsetAssertions() {
        assertRejected(SwappedFields.class,
                "static assertion failed: \"offsetof(SESSION_INFO_1, sesi1_username) == 24");
    }

    @Test
    void aMissingFieldFailsItsOffsetAssertion() {
        assertRejected(MissingField.class,
                "static assertion failed: \"offsetof(CONNECTION_INFO_1, coni1_username) == 16");
    }

    @Test
    void anIntForAPointerFailsItsSizeAssertion() {
        assertRejected(IntForPointer.class,
                "static assertion failed: \"sizeof(((CONNECTION_INFO_1 *)0)->coni1_netname) == 4");
    }

    @Test
    void aWrongParameterFailsTheCall() {
        assertRejected(WrongParameter.class,
                "passing argument 4 of 'NetConnectionEnum' from incompatible pointer type");
    }

    /** Both compilers reject the check of {@code binding}, with {@code diagnostic} among their errors. */
    private void assertRejected(Class<?> binding, String diagnostic) {
        String check = check(binding);
        for (Compilation c : List.of(againstWindows(check), againstStandIn(check))) {
            assertNotEquals(0, c.exitCode(), () -> "the compiler accepted a wrong binding:\n" + c.report());
            assertTrue(c.output().contains(diagnostic), () -> "no \"" + diagnostic + "\" among the errors:\n" + c.report());
        }
    }

    /**
     * The C check of {@code binding}: the size, offsets and field sizes of each structure nested in
     * it, each int constant, and each method as a C function whose parameters have the method's C
     * types and which calls the declared function with them, its result being NET_API_STATUS.
     */
    static String check(Class<?> binding) {
        StringBuilder c = new StringBuilder("/* Generated by WindowsHeadersTest from " + binding.getName() + " */\n");
        for (Class<?> nested : sorted(binding.getDeclaredClasses(), Class::getSimpleName)) {
            if (Structure.class.isAssignableFrom(nested)) {
                layout(c, nested.asSubclass(Structure.class));
            }
        }
        for (Field constant : sorted(binding.getDeclaredFields(), Field::getName)) {
            if (constant.getType() == int.class && Modifier.isStatic(constant.getModifiers())) {
                assertion(c, "(DWORD)(" + constant.getName() + ")", Integer.toUnsignedString((int) get(constant, null)) + "u");
            }
        }
        for (Method method : sorted(binding.getDeclaredMethods(), Method::getName)) {
            if (!Modifier.isAbstract(method.getModifiers())) {
                continue;
            }
            assertEquals(int.class, method.getReturnType(), method + " returns NET_API_STATUS, an int in Java");
            List<String> parameters = new ArrayList<>();
            List<String> arguments = new ArrayList<>();
            for (Class<?> type : method.getParameterTypes()) {
                String cType = C_TYPES.get(type);
                if (cType == null) {
                    fail("no C type for " + type.getName() + " in " + method + "; add it to C_TYPES");
                }
                arguments.add("a" + (arguments.size() + 1));
                parameters.add(cType + (cType.endsWith("*") ? "" : " ") + arguments.get(arguments.size() - 1));
            }
            String name = method.getName();
            String call = name + "(" + String.join(", ", arguments) + ")";
            c.append("void check_").append(name).append("(")
                    .append(parameters.isEmpty() ? "void" : String.join(", ", parameters)).append(")\n{\n    ");
            c.append("_Static_assert(__builtin_types_compatible_p(__typeof__(").append(call)
                    .append("), NET_API_STATUS), \"").append(name).append(" returns NET_API_STATUS\");\n}\n");
        }
        return c.toString();
    }

    private static void layout(StringBuilder c, Class<? extends Structure> type) {
        Structure s;
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            s = constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make a " + type.getName() + " in memory of its own", e);
        }
        String name = type.getSimpleName();
        assertion(c, "sizeof(" + name + ")", String.valueOf(s.size()));
        for (String field : type.getAnnotation(Structure.FieldOrder.class).value()) {
            Field f;
            try {
                f = type.getField(field);
            } catch (NoSuchFieldException e) {
                throw new AssertionError(type.getName() + " orders a field it does not have: " + field, e);
            }
            assertion(c, "offsetof(" + name + ", " + field + ")", String.valueOf(fieldOffset(s, field)));
            assertion(c, "sizeof(((" + name + " *)0)->" + field + ")",
                    String.valueOf(Native.getNativeSize(f.getType(), get(f, s))));
        }
    }

    private static void assertion(StringBuilder c, String expression, String value) {
        String claim = expression + " == " + value;
        c.append("_Static_assert(").append(claim).append(", \"").append(claim).append(" in the binding\");\n");
    }

    /** Structure.fieldOffset, which JNA keeps protected: the offset JNA itself reads and writes. */
    private static int fieldOffset(Structure s, String field) {
        try {
            Method m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
            m.setAccessible(true);
            return (Integer) m.invoke(s, field);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot ask JNA for the offset of " + field, e);
        }
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> List<T> sorted(T[] items, Function<T, String> key) {
        return Arrays.stream(items).sorted(Comparator.comparing(key)).toList();
    }

    private Compilation againstWindows(String check) {
        return compile("windows.c", "#include <stddef.h>\n#include <windows.h>\n#include <lm.h>\n" + check, MINGW);
    }

    private Compilation againstStandIn(String check) {
        String sources = System.getProperty("netconn.standin.sources");
        assertTrue(sources != null && Files.isRegularFile(Path.of(sources, "netapi32standin.h")),
                "no netapi32standin.h in " + sources + " (surefire passes netconn.standin.sources)");
        return compile("standin.c", "#include <stddef.h>\n#include \"netapi32standin.h\"\n" + check, "gcc",
                "-I" + sources);
    }

    private record Compilation(String command, String source, int exitCode, String output) {
        String report() {
            return command + " exited with " + exitCode + ":\n" + output + "\n--- the check it compiled:\n" + source;
        }
    }

    private Compilation compile(String file, String source, String compiler, String... extra) {
        List<String> command = new ArrayList<>(List.of(compiler));
        command.addAll(FLAGS);
        command.addAll(List.of(extra));
        try {
            Path c = Files.writeString(dir.resolve(file), source);
            Path log = dir.resolve(file + ".log");
            command.add(c.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("LC_ALL", "C"); // plain quotes in the diagnostics
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError(compiler + " cannot be run (" + e.getMessage() + "). scripts/test installs it;"
                        + " on Debian: apt-get install gcc gcc-mingw-w64-x86-64-win32", e);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " ran for more than 60 s");
            }
            return new Compilation(String.join(" ", command), source, process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new AssertionError("cannot write or read the check in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while compiling", e);
        }
    }
}
