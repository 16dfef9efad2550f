package dev.weir.planner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading what jobs under test wrote: the visible part files of a filesystem sink, and Debezium changelogs. */
final class ChangelogFiles {
    private ChangelogFiles() {
    }

    /** The lines of the visible (committed) part files in {@code dir}, file by file in name order. */
    static List<String> visibleLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /**
     * The table a Debezium changelog leaves, order-independently: each created row counts +1, each
     * deleted row -1; rows at 0 are gone. A duplicated or lost change leaves a count other than 1.
     */
    static Map<String, Integer> materialise(List<String> lines) {
        Map<String, Integer> table = new TreeMap<>();
        for (String line : lines) {
            int before = line.indexOf("\"before\":");
            int after = line.indexOf(",\"after\":");
            int op = line.lastIndexOf(",\"op\":");
            if (line.endsWith("\"op\":\"c\"}")) {
                table.merge(line.substring(after + 9, op), 1, Integer::sum);
            } else {
                table.merge(line.substring(before + 9, after), -1, Integer::sum);
            }
        }
        table.values().removeIf(c -> c == 0);
        return table;
    }
}
