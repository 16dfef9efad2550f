package dev.weir.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case directory: {@code query.sql} (Flink SQL, {@code ${CASE_DIR}} for input paths), its
 * input files, and the oracle's {@code expected.csv}, or {@code expected-weir.csv} where Weir
 * deliberately differs from Flink (then {@code query.sql} says why in a {@code -- weir-differs:}
 * line).
 */
record ConformanceCase(String name, Path directory, String scriptText, String expectedFile,
        List<ResultSection> expected) {
    static final String QUERY = "query.sql";
    static final String EXPECTED = "expected.csv";
    static final String EXPECTED_WEIR = "expected-weir.csv";
    static final String DIFFERS_MARKER = "-- weir-differs:";
    /**
     * Marks a case run at parallelism 1 only: one whose late rows depend on how the rows of parallel
     * subtasks interleave with their watermarks, which no fixed expected output can capture.
     */
    static final String SEQUENTIAL_MARKER = "-- weir-parallelism-1-only:";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    ConformanceCase {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(scriptText, "scriptText is null");
        Objects.requireNonNull(expectedFile, "expectedFile is null");
        expected = List.copyOf(expected);
    }

    /** Whether the script says {@link #SEQUENTIAL_MARKER}. */
    boolean sequentialOnly() {
        return scriptText.contains(SEQUENTIAL_MARKER);
    }

    /** Every case directory under {@code root}, by name. */
    static List<Path> caseDirectories(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConformanceCase load(Path directory) {
        String name = directory.getFileName().toString();
        try {
            Path query = directory.resolve(QUERY);
            if (!Files.isRegularFile(query)) {
                throw new IllegalArgumentException("case '" + name + "' has no " + QUERY + " in " + directory);
            }
            String raw = Files.readString(query, StandardCharsets.UTF_8);
            boolean differs = raw.lines().anyMatch(l -> l.strip().startsWith(DIFFERS_MARKER));
            Path weir = directory.resolve(EXPECTED_WEIR);
            String expectedFile;
            if (Files.isRegularFile(weir)) {
                if (!differs) {
                    throw new IllegalArgumentException("case '" + name + "' has " + EXPECTED_WEIR + " but its " + QUERY
                            + " does not say why: add a line '" + DIFFERS_MARKER + " <the difference and the reason>'.");
                }
                expectedFile = EXPECTED_WEIR;
            } else {
                expectedFile = EXPECTED;
            }
            Path expected = directory.resolve(expectedFile);
            if (!Files.isRegularFile(expected)) {
                throw new IllegalArgumentException("case '" + name + "' has no " + EXPECTED + ": generate it with the "
                        + "Flink oracle (see docs/conformance.md).");
            }
            List<ResultSection> sections = ResultSection.parseFile(name + "/" + expectedFile,
                    Files.readAllLines(expected, StandardCharsets.UTF_8));
            return new ConformanceCase(name, directory, substitute(name, raw, directory), expectedFile, sections);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read case '" + name + "'", e);
        }
    }

    /** Replaces {@code ${CASE_DIR}} with the case's absolute directory; any other placeholder is an error. */
    static String substitute(String name, String text, Path directory) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            if (!m.group(1).equals("CASE_DIR")) {
                unknown.add(m.group());
                continue;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(directory.toAbsolutePath().normalize().toString()));
        }
        m.appendTail(sb);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("case '" + name + "' uses " + unknown + "; only ${CASE_DIR} is defined.");
        }
        return sb.toString();
    }
}
