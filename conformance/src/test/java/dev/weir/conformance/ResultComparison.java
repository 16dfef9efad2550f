package dev.weir.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares Weir's result sections with the expected ones and explains any difference: column
 * count, column types (nullability aside), and the rows as a multiset diff ({@code -} expected but
 * missing, {@code +} produced but not expected).
 */
final class ResultComparison {
    private ResultComparison() {
    }

    /** Empty when equal, else a readable report. */
    static String differences(List<ResultSection> expected, List<ResultSection> actual) {
        StringBuilder report = new StringBuilder();
        if (expected.size() != actual.size()) {
            report.append("expected ").append(expected.size()).append(" result section(s) (one per INSERT), Weir produced ")
                    .append(actual.size()).append('\n');
        }
        for (int s = 0; s < Math.min(expected.size(), actual.size()); s++) {
            String d = differences(expected.get(s), actual.get(s));
            if (!d.isEmpty()) {
                report.append("INSERT #").append(s + 1).append(":\n").append(d);
            }
        }
        return report.toString();
    }

    static String differences(ResultSection expected, ResultSection actual) {
        StringBuilder report = new StringBuilder();
        if (expected.columnCount() != actual.columnCount()) {
            report.append("  column count: expected ").append(expected.columnCount()).append(' ')
                    .append(expected.columnNames()).append(", Weir ").append(actual.columnCount()).append(' ')
                    .append(actual.columnNames()).append('\n');
            return report.toString();
        }
        for (int i = 0; i < expected.columnCount(); i++) {
            if (!expected.columnTypes().get(i).equals(actual.columnTypes().get(i))) {
                report.append("  column ").append(i + 1).append(" '").append(expected.columnNames().get(i))
                        .append("': Flink type ").append(expected.columnTypes().get(i)).append(", Weir type ")
                        .append(actual.columnTypes().get(i)).append('\n');
            }
        }
        Map<String, Integer> balance = new HashMap<>();
        for (String row : expected.rows()) {
            balance.merge(row, 1, Integer::sum);
        }
        for (String row : actual.rows()) {
            balance.merge(row, -1, Integer::sum);
        }
        List<String> diff = new ArrayList<>();
        for (Map.Entry<String, Integer> e : balance.entrySet()) {
            int n = e.getValue();
            for (int i = 0; i < Math.abs(n); i++) {
                diff.add((n > 0 ? "- " : "+ ") + e.getKey());
            }
        }
        if (!diff.isEmpty()) {
            // sort by row text so a changed row shows as a -/+ pair
            diff.sort((a, b) -> {
                int byRow = a.substring(2).compareTo(b.substring(2));
                return byRow != 0 ? byRow : a.compareTo(b);
            });
            report.append("  rows (- expected only, + Weir only): expected ").append(expected.rows().size())
                    .append(", Weir ").append(actual.rows().size()).append('\n');
            for (String line : diff) {
                report.append("    ").append(line).append('\n');
            }
        }
        return report.toString();
    }
}
