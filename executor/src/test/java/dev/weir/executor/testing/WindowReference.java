package dev.weir.executor.testing;

import dev.weir.core.Row;
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
}
