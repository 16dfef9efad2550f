package dev.weir.planner.physical;

import dev.weir.planner.catalog.Catalog;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * What the translators of one {@link PhysicalPlanner#plan} call share: the planner's settings, the
 * way back into its dispatch for their inputs, and the bookkeeping of the tables read so far. One
 * per plan, so that a second plan by the same planner numbers its scans afresh.
 */
final class PlanContext {
    private final Function<RelNode, Fragment> dispatch;
    private final Catalog catalog;
    private final ZoneId zone;
    private final long stateTtlMillis;
    private final LongSupplier allowedLateness;
    private final boolean keepWindowInputColumns;
    private final ImmutableBitSet usedScanColumns;
    /** The tables of the query's {@code BROADCAST} hints. */
    private final Set<String> broadcastTables;
    /** How often the plan has read each table so far. */
    private final Map<String, Integer> scans = new HashMap<>();

    PlanContext(Function<RelNode, Fragment> dispatch, Catalog catalog, ZoneId zone, long stateTtlMillis,
            LongSupplier allowedLateness, boolean keepWindowInputColumns,
            ImmutableBitSet usedScanColumns, Set<String> broadcastTables) {
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch is null");
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
        this.zone = Objects.requireNonNull(zone, "zone is null");
        this.stateTtlMillis = stateTtlMillis;
        this.allowedLateness = Objects.requireNonNull(allowedLateness, "allowedLateness is null");
        this.keepWindowInputColumns = keepWindowInputColumns;
        this.usedScanColumns = Objects.requireNonNull(usedScanColumns, "usedScanColumns is null");
        this.broadcastTables = Set.copyOf(broadcastTables);
    }

    /** The operators computing {@code rel}, planned by whichever translator handles its kind. */
    Fragment translate(RelNode rel) {
        return dispatch.apply(rel);
    }

    /** {@link #translate}, then the columns put in {@code rel}'s logical order, as a join's or window's input needs. */
    Fragment translateInOrder(RelNode rel) {
        Fragment f = translate(rel);
        f.finish(rel.getRowType());
        return f;
    }

    Catalog catalog() {
        return catalog;
    }

    ZoneId zone() {
        return zone;
    }

    /** {@code table.exec.state.ttl} for group aggregations; 0 keeps state forever. */
    long stateTtlMillis() {
        return stateTtlMillis;
    }

    /**
     * {@code table.exec.emit.allow-lateness} for window aggregations (0 drops late rows); call it only
     * when planning one, so that a refused emit option fails only the queries it applies to.
     */
    long allowedLatenessMillis() {
        return allowedLateness.getAsLong();
    }

    /** Whether the query's BROADCAST hints name table {@code table}. */
    boolean broadcastHinted(String table) {
        return broadcastTables.contains(table);
    }

    /** LATE_ROWS: the window aggregation's input also carries its TVF input's columns ({@link LateRowsBranch}). */
    boolean keepWindowInputColumns() {
        return keepWindowInputColumns;
    }

    /** Scan columns the plan reads: a scan computes only these of its table's computed columns. */
    ImmutableBitSet usedScanColumns() {
        return usedScanColumns;
    }

    /** Counts one more read of {@code table} in this plan and returns how many there have been (1 first). */
    int nextScanOf(String table) {
        return scans.merge(table, 1, Integer::sum);
    }
}
