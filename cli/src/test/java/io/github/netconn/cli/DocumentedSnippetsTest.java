package io.github.netconn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java snippet of the README and of docs/ compiles against the modules as built: each
 * {@code ```java} block becomes the body of a method (with the imports a reader would add, and
 * the password, an enumerator, a query and a list of queries in scope, as the text around the
 * snippets assumes) and goes through javac with this module's test class path.
 */
class DocumentedSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```java\\n(.*?)^\\1```", Pattern.DOTALL);
    private static final String IMPORTS = """
            import io.github.netconn.api.*;
            import io.github.netconn.fleet.*;
            import io.github.netconn.msrpc.*;
            import io.github.netconn.netapi32.*;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.time.*;
            import java.util.*;
            import java.util.stream.*;
            """;

    /** What a snippet may use without declaring it (its own declarations shadow these). */
    private static final String GIVEN = """
                char[] password;
                ConnectionEnumerator enumerator;
                ConnectionQuery<ConnectionInfo.Level1> query;
                List<ConnectionQuery<ConnectionInfo.Level1>> queries;
            """;

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetOfTheDocumentationCompiles() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path document : documents) {
            Matcher m = BLOCK.matcher(Files.readString(document));
            int n = 0;
            while (m.find()) {
                String name = ROOT.relativize(document) + " #" + ++n;
                String body = m.group(2).replaceAll("(?m)^" + m.group(1), "");
                tests.add(DynamicTest.dynamicTest(name, () -> assertCompiles(name, body)));
            }
        }
        assertTrue(tests.stream().anyMatch(t -> t.getDisplayName().startsWith("README.md")), "the README has Java");
        return tests.stream();
    }

    private static void assertCompiles(String name, String body) {
        String source = IMPORTS + "\nclass Snippet {\n" + GIVEN + "    void run() throws Exception {\n" + body
                + "\n    }\n}\n";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Path out;
        try {
            out = Files.createTempDirectory("netconn-snippet-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-proc:none", "-d", out.toString(),
                "-classpath", System.getProperty("java.class.path")), null, List.of(file)).call();
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + (d.getLineNumber() - 16) + ": " + d.getMessage(Locale.ROOT).replace("\n",
                        " ")).toList();
        assertEquals(List.of(), errors, () -> name + " does not compile:\n" + body);
        assertTrue(ok, name);
        assertFalse(body.isBlank(), name);
    }
}
