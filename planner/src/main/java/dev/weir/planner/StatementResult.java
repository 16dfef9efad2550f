package dev.weir.planner;

import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.PhysicalPlan;
import java.util.List;
import java.util.Objects;

/** What executing one statement in a {@link SqlSession} produced, for the CLI to show or run. */
public sealed interface StatementResult {

    /** A statement that only changed the session (DDL, SET, RESET), with Flink SQL client's message. */
    record Ok(String message) implements StatementResult {
        public Ok {
            Objects.requireNonNull(message, "message is null");
        }
    }

    /** A small result table (SHOW TABLES, DESCRIBE, SET listing); every cell already rendered. */
    record Table(List<String> columns, List<List<String>> rows) implements StatementResult {
        public Table {
            columns = List.copyOf(columns);
            List<List<String>> copy = new java.util.ArrayList<>(rows.size());
            for (List<String> row : rows) {
                copy.add(List.copyOf(row));
            }
            rows = List.copyOf(copy);
        }
    }

    /** Text to print as is (EXPLAIN). */
    record Text(String text) implements StatementResult {
        public Text {
            Objects.requireNonNull(text, "text is null");
        }
    }

    /**
     * A job to run: an INSERT, a statement set (one sink per INSERT; also the END of one collected since
     * BEGIN STATEMENT SET), or a bare SELECT written to the {@code collect} print sink (the plan's last sink).
     *
     * @param sql the statement the job runs, as job registries record it: for a set collected since BEGIN
     *            STATEMENT SET, the whole set rather than the END that submitted it
     */
    record RunJob(PhysicalPlan plan, Configuration config, String sql) implements StatementResult {
        public RunJob {
            Objects.requireNonNull(plan, "plan is null");
            Objects.requireNonNull(config, "config is null");
            Objects.requireNonNull(sql, "sql is null");
        }
    }
}
