package dev.weir.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The final rows of one INSERT's query, as the Flink oracle writes them: a header
 * {@code # name TYPE, name TYPE, …} and the rows as sorted CSV lines.
 *
 * @param columnTypes each column's type as Flink prints it, without {@code NOT NULL}
 * @param rows        CSV lines, sorted in {@link String} order
 */
record ResultSection(List<String> columnNames, List<String> columnTypes, List<String> rows) {
    private static final String NOT_NULL = " NOT NULL";

    ResultSection {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        rows = List.copyOf(rows);
        if (columnNames.size() != columnTypes.size()) {
            throw new IllegalArgumentException("names " + columnNames + " and types " + columnTypes + " differ in size");
        }
    }

    int columnCount() {
        return columnNames.size();
    }

    /** Parses an oracle file: one section per header line, rows up to the next header. */
    static List<ResultSection> parseFile(String fileName, List<String> lines) {
        Objects.requireNonNull(fileName, "fileName is null");
        List<ResultSection> sections = new ArrayList<>();
        String header = null;
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                if (header != null) {
                    sections.add(fromHeader(header, rows));
                }
                header = line.substring(1).trim();
                rows = new ArrayList<>();
            } else if (header == null) {
                if (!line.isEmpty()) {
                    throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": a row before the first '# column TYPE, "
                            + "…' header line; generate the file with the Flink oracle (see docs/conformance.md).");
                }
            } else if (!line.isEmpty()) {
                rows.add(line);
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(fileName + ": no '# column TYPE, …' header line; generate the file "
                    + "with the Flink oracle (see docs/conformance.md).");
        }
        sections.add(fromHeader(header, rows));
        return sections;
    }

    /**
     * {@code name TYPE, name TYPE}: commas inside a type's parentheses or angle brackets, as in
     * DECIMAL(10, 2) and MAP<STRING, INT>, do not split.
     */
    private static ResultSection fromHeader(String header, List<String> rows) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String column = header.substring(start, i).trim();
                int space = column.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException("header column '" + column + "' has no type: " + header);
                }
                names.add(column.substring(0, space));
                types.add(normalizeType(column.substring(space + 1)));
                start = i + 1;
            }
        }
        List<String> sorted = new ArrayList<>(rows);
        sorted.sort(null);
        return new ResultSection(names, types, sorted);
    }

    /** Nullability is not compared: Flink and Weir infer it differently in places that do not change values. */
    static String normalizeType(String type) {
        String t = type.trim().toUpperCase(Locale.ROOT);
        return t.endsWith(NOT_NULL) ? t.substring(0, t.length() - NOT_NULL.length()) : t;
    }
}
