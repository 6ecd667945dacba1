package io.github.netconn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ShareType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads netconn's output back into entries, with independent parsers where they exist
 * (Jackson for JSON, jackson-dataformat-csv for CSV) and the documented cell rules for the
 * table and text formats. Each format's redundant columns (base type and flags beside the
 * raw share type) are checked against the raw value on the way.
 */
final class Parse {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record of a sweep: a server's entry, or its error. */
    record Row(String server, ConnectionInfo entry, Map<String, Object> error) {
    }

    private Parse() {
    }

    // ---- JSON

    static List<ConnectionInfo> jsonArray(String out) {
        JsonNode array = tree(out);
        assertTrue(array.isArray(), "a single query prints one JSON array: " + out);
        List<ConnectionInfo> entries = new ArrayList<>();
        array.forEach(node -> entries.add(entry(node)));
        return entries;
    }

    static List<Row> jsonLines(String out) {
        List<Row> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = tree(line);
            String server = node.get("server").asText();
            if (node.has("error")) {
                JsonNode e = node.get("error");
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("kind", e.get("kind").asText());
                error.put("code", e.get("code").asLong());
                error.put("name", e.get("name").asText());
                error.put("message", e.get("message").asText());
                rows.add(new Row(server, null, error));
            } else {
                rows.add(new Row(server, entry(node), null));
            }
        }
        return rows;
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static ConnectionInfo entry(JsonNode n) {
        long id = n.get("id").asLong();
        if (!n.has("shareType")) {
            return new ConnectionInfo.Level0(id);
        }
        ShareType type = ShareType.of(n.get("shareType").asLong());
        List<String> flags = new ArrayList<>();
        n.get("flags").forEach(f -> flags.add(f.asText()));
        checkType(type, n.get("baseType").asText(), flags);
        return new ConnectionInfo.Level1(id, type, n.get("openCount").asLong(), n.get("userCount").asLong(),
                n.get("secondsConnected").asLong(), string(n.get("userName")), string(n.get("netName")));
    }

    private static Optional<String> string(JsonNode node) {
        return node.isNull() ? Optional.empty() : Optional.of(node.textValue());
    }

    // ---- CSV

    /** The rows of a CSV output as maps, header order kept; an unquoted empty field is null. */
    static List<Map<String, String>> csv(String out) {
        assertTrue(out.isEmpty() || out.endsWith("\r\n"), "CSV lines end with CRLF");
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL);
        try (MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(out)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("not CSV: " + out, e);
        }
    }

    static ConnectionInfo csvEntry(Map<String, String> row) {
        long id = Long.parseLong(row.get("id"));
        if (!row.containsKey("shareType")) {
            return new ConnectionInfo.Level0(id);
        }
        ShareType type = ShareType.of(Long.parseLong(row.get("shareType")));
        String flags = row.get("flags");
        checkType(type, row.get("baseType"), flags == null ? List.of() : List.of(flags.split("\\|")));
        return new ConnectionInfo.Level1(id, type, Long.parseLong(row.get("openCount")),
                Long.parseLong(row.get("userCount")), Long.parseLong(row.get("secondsConnected")),
                Optional.ofNullable(row.get("userName")), Optional.ofNullable(row.get("netName")));
    }

    // ---- table

    /** The header and rows of a table, each cell one token as TableOutput writes it. */
    static List<List<String>> table(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            rows.add(tokens(line));
        }
        return rows;
    }

    /** A table row of level 1 (9 cells from {@code from}) or level 0 (1 cell), read back. */
    static ConnectionInfo tableEntry(List<String> cells, int from) {
        long id = Long.parseLong(cells.get(from));
        if (cells.size() == from + 1) {
            return new ConnectionInfo.Level0(id);
        }
        assertEquals(from + 9, cells.size(), "cells of a level-1 row: " + cells);
        String hex = cells.get(from + 1);
        assertTrue(hex.matches("0x[0-9A-F]{8}"), hex);
        ShareType type = ShareType.of(Long.parseLong(hex.substring(2), 16));
        String flags = cells.get(from + 3);
        checkType(type, cells.get(from + 2), flags.equals("-") ? List.of() : List.of(flags.split("\\|")));
        return new ConnectionInfo.Level1(id, type, Long.parseLong(cells.get(from + 4)),
                Long.parseLong(cells.get(from + 5)), Long.parseLong(cells.get(from + 6)),
                cell(cells.get(from + 7)), cell(cells.get(from + 8)));
    }

    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            if (line.charAt(i) == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    i += line.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                while (i < line.length() && line.charAt(i) != ' ') {
                    i++;
                }
            }
            tokens.add(line.substring(start, i));
        }
        return tokens;
    }

    // ---- text

    /** The two cells of each {@code userName<TAB>netName} line (after {@code skip} leading cells). */
    static List<List<Optional<String>>> text(String out, int skip) {
        List<List<Optional<String>>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] cells = line.split("\t", -1);
            assertEquals(skip + 2, cells.length, "cells of a text line: " + line);
            lines.add(List.of(cell(cells[skip]), cell(cells[skip + 1])));
        }
        return lines;
    }

    /** A text or table cell: {@code -} is NULL, a quoted cell is a JSON string literal. */
    static Optional<String> cell(String cell) {
        if (cell.equals("-")) {
            return Optional.empty();
        }
        if (cell.startsWith("\"")) {
            try {
                return Optional.of(JSON.readValue(cell, String.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON string: " + cell, e);
            }
        }
        return Optional.of(cell);
    }

    private static void checkType(ShareType type, String baseType, List<String> flags) {
        assertEquals(type.baseType().map(Enum::name).orElse("TYPE_" + type.baseTypeValue()), baseType,
                "base type of " + type);
        List<String> expected = new ArrayList<>();
        type.flags().forEach(f -> expected.add(f.name()));
        assertEquals(expected, flags, "flags of " + type);
    }
}
