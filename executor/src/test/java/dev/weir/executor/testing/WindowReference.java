package dev.weir.executor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.executor.plan.WindowKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately naive model of {@link TestPlans#windowPlan}: filter, per-row watermark, tumbling
 * windows per user, late rows dropped. The expected output of end-to-end tests.
 */
public final class WindowReference {
    private WindowReference() {
    }

    /** The expected sink rows as sorted text. */
    public static List<String> expected(List<Row> input) {
        Map<String, List<Long>> windows = new TreeMap<>(); // "user|start" -> amounts (null kept)
        Map<String, Integer> counts = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        for (Row r : input) {
            Long amount = (Long) r.field(1);
            if (amount != null && amount < 0) {
                continue;
            }
            long ts = (Long) r.field(2);
            long start = ts - Math.floorMod(ts, TestPlans.WINDOW_MILLIS);
            if (start + TestPlans.WINDOW_MILLIS - 1 > watermark) {
                String key = r.field(0) + "|" + start;
                counts.merge(key, 1, Integer::sum);
                if (amount != null) {
                    windows.computeIfAbsent(key, k -> new ArrayList<>()).add(amount);
                }
            }
            watermark = Math.max(watermark, ts - TestPlans.DELAY_MILLIS);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String[] parts = e.getKey().split("\\|");
            long start = Long.parseLong(parts[1]);
            List<Long> amounts = windows.getOrDefault(e.getKey(), List.of());
            Long sum = null;
            for (Long a : amounts) {
                sum = sum == null ? a : sum + a;
            }
            Set<Long> distinct = new TreeSet<>(amounts);
            Object[] values = {parts[0], start, start + TestPlans.WINDOW_MILLIS, (long) e.getValue(), sum,
                    amounts.isEmpty() ? null : Collections.min(amounts),
                    amounts.isEmpty() ? null : Collections.max(amounts),
                    sum == null ? null : sum / amounts.size(), (long) distinct.size()};
            out.add(RowText.format(Row.of(values), TestPlans.WINDOW_OUTPUT));
        }
        Collections.sort(out);
        return out;
    }

    public static List<String> sortedText(List<Row> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(RowText.format(r, TestPlans.WINDOW_OUTPUT));
        }
        Collections.sort(out);
        return out;
    }

    /** The windows [start, end) of a TUMBLE, HOP or CUMULATE (slide = step) containing {@code ts}. */
    public static List<long[]> windows(WindowKind kind, long slide, long size, long ts) {
        List<long[]> out = new ArrayList<>();
        switch (kind) {
            case TUMBLE -> {
                long start = ts - Math.floorMod(ts, size);
                out.add(new long[] {start, start + size});
            }
            case HOP -> {
                for (long start = ts - Math.floorMod(ts, slide); start > ts - size; start -= slide) {
                    out.add(new long[] {start, start + size});
                }
            }
            case CUMULATE -> {
                long start = ts - Math.floorMod(ts, size);
                for (long end = start + slide; end <= start + size; end += slide) {
                    if (end > ts) {
                        out.add(new long[] {start, end});
                    }
                }
            }
        }
        return out;
    }

    /** Applies a changelog (as text) to a key → values map, checking that it is well-formed. */
    public static void applyChangelog(List<String> changelog, Map<String, String> table) {
        String pendingRetraction = null;
        for (String line : changelog) {
            String kind = line.substring(0, 2);
            String body = line.substring(3, line.length() - 1);
            String[] parts = body.split(", ", 4);
            String key = parts[0] + ", " + parts[1] + ", " + parts[2];
            String values = parts[3];
            switch (kind) {
                case "+I" -> assertThat(table.put(key, values)).as("+I of an existing window: %s", line).isNull();
                case "-U" -> {
                    assertThat(table.get(key)).as("-U of another row: %s", line).isEqualTo(values);
                    pendingRetraction = values;
                }
                case "+U" -> {
                    assertThat(values).as("unchanged update: %s", line).isNotEqualTo(pendingRetraction);
                    table.put(key, values);
                    pendingRetraction = null;
                }
                default -> throw new AssertionError("unexpected change kind: " + line);
            }
        }
    }
}
