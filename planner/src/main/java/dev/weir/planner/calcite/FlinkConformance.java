package dev.weir.planner.calcite;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/** Calcite's default conformance plus what Flink's SQL accepts on top: {@code a % b}. */
final class FlinkConformance extends SqlDelegatingConformance {
    static final FlinkConformance INSTANCE = new FlinkConformance();

    private FlinkConformance() {
        super(SqlConformanceEnum.DEFAULT);
    }

    @Override
    public boolean isPercentRemainderAllowed() {
        return true;
    }
}
